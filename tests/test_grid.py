"""The hand-aligned table of the morning report and ``list``: widths, folding, alignment.

``grid()`` measures printable ASCII and the common wide Chinese characters
without Rich. These tests hold it to Rich's ``cell_len`` (every code point of
the fast ranges, in every Unicode version Rich ships) and, byte for byte, to
the implementation it replaced (copied below as ``reference_*``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

import duchatai
from duchatai.core.text import visible
from duchatai.ui.cells import (
    NARROW_RANGES,
    NO_END,
    NO_START,
    WIDE_RANGES,
    breakable,
    cells_of,
    fold,
)
from duchatai.ui.grid import _SGR, Line, grid

Row = Line | Sequence[tuple[str, str]]

# -- the implementation grid() replaced (commit f613fe2), as the reference ----------


def reference_cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def reference_fold(text: str, width: int) -> list[str]:
    """The greedy fold of f613fe2, each cut then moved back to where ``breakable``
    (the rules of Chinese line breaking) allows one, if any."""
    if reference_cells(text) <= width and "\n" not in text:
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        start = 0
        while True:
            stop, used = start, 0
            while stop < len(paragraph):
                size = get_character_cell_size(paragraph[stop])
                if used + size > width and stop > start:
                    break
                used += size
                stop += 1
            if stop < len(paragraph):
                back = stop
                while back > start and not breakable(paragraph, back):
                    back -= 1
                stop = back if back > start else stop
            lines.append(paragraph[start:stop])
            start = stop
            if start >= len(paragraph):
                break
    return lines


def reference_render(
    headers: Sequence[str],
    rows: Sequence[Row],
    width: int,
    flex: int,
    right: Sequence[int],
    color: bool,
) -> str:
    def pad(text: str, size: int, flush_right: bool) -> str:
        gap = " " * (size - reference_cells(text))
        return gap + text if flush_right else text + gap

    cell_rows = [r for r in rows if not isinstance(r, Line)]
    widths = [reference_cells(h) for h in headers]
    for row in cell_rows:
        for index, (text, _) in enumerate(row):
            if index != flex:
                widths[index] = max(widths[index], reference_cells(text))
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(10, width - fixed)
    lines: list[list[tuple[str, str]]] = []

    def emit(cells: Sequence[tuple[str, str]]) -> None:
        pieces = [
            reference_fold(text, widths[i]) if i == flex else [text]
            for i, (text, _) in enumerate(cells)
        ]
        for line_no in range(max(len(p) for p in pieces)):
            texts = [piece[line_no] if line_no < len(piece) else "" for piece in pieces]
            segments = [
                (pad(texts[i], widths[i], i in right), style) for i, (_, style) in enumerate(cells)
            ]
            while segments and not segments[-1][0].strip():
                segments.pop()
            if segments:
                segments[-1] = (segments[-1][0].rstrip(), segments[-1][1])
            line: list[tuple[str, str]] = []
            for index, segment in enumerate(segments):
                if index:
                    line.append(("  ", ""))
                line.append(segment)
            lines.append(line)

    emit([(h, "bold") for h in headers])
    for entry in rows:
        if isinstance(entry, Line):
            lines.append([(entry.text, entry.style)])
        else:
            emit(entry)
    out: list[str] = []
    for line in lines:
        for text, style in line:
            codes = ";".join(_SGR[w] for w in style.split() if w in _SGR) if color else ""
            text = visible(text)  # control characters in data are shown, never written raw
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        out.append("\n")
    return "".join(out)


# -- widths -------------------------------------------------------------------------


def _rich_versions() -> list[str]:
    try:
        from rich._unicode_data._versions import VERSIONS
    except ImportError:  # Rich 13: one table, no unicode_version parameter
        return []
    return list(VERSIONS)


def test_fast_ranges_agree_with_rich_for_every_code_point() -> None:
    """Each wide character is 2 cells and each narrow one 1, as Rich measures them.

    In every Unicode version Rich ships (it follows UNICODE_VERSION), so the
    fast path never disagrees with the fallback whatever the environment.
    """
    expected = [(chr(cp), 2) for low, high in WIDE_RANGES for cp in range(low, high + 1)]
    expected += [(chr(cp), 1) for low, high in NARROW_RANGES for cp in range(low, high + 1)]
    expected += [(chr(cp), 1) for cp in range(0x20, 0x7F)]
    assert len(expected) > 28_000
    for char, size in expected:
        assert cells_of(char) == cell_len(char) == size, hex(ord(char))
        assert cells_of(f"a{char}中") == cell_len(f"a{char}中"), hex(ord(char))
    for version in _rich_versions():
        wrong = [
            hex(ord(char))
            for char, size in expected
            if get_character_cell_size(char, version) != size
        ]
        assert not wrong, (version, wrong[:10])


def test_titles_and_report_symbols_are_measured_like_rich() -> None:
    for text in (
        "关于中小学校舍安全隐患排查整治的建议(第0123号)",
        "贯彻落实《关于推进数字政府建设的实施意见》",
        "“一网通办”事项扩面",
        "市政府第12次常务会议纪要（济政阅〔2026〕12号）",
        "└ 节点1:完成前期手续",
        "●",
        "—",
        "2026-11-20",
        "",
    ):
        assert cells_of(text) == cell_len(text), text


def test_emoji_combining_and_other_characters_fall_back_to_rich() -> None:
    for text in (
        "处理👍",  # emoji: 2 cells, outside the fast ranges
        "café",  # precomposed Latin-1
        "cafe\u0301",  # combining acute accent: 0 cells
        "家庭👨\u200d👩\u200d👧",  # ZWJ sequence, measured as a whole by Rich
        "❤\ufe0f 点赞",  # VS16 makes the heart wide
        "ｱｲｳ",  # halfwidth Katakana (U+FF61..): 1 cell each
        "〿",  # U+303F, half-fill space: narrow
        "\u302a调",  # ideographic tone mark: combining, 0 cells
        "䷀",  # Yijing hexagram U+4DC0: not wide
        "事\t项",  # a control character beside Chinese
        "\U00020000",  # CJK Extension B, outside the BMP
    ):
        assert cells_of(text) == cell_len(text), text
        for width in (1, 2, 3, 5):
            assert fold(text, width) == reference_fold(text, width), (text, width)


SAMPLES = (
    "aZ09 -:/.~"
    "中文标题督查事项办结"
    "、。《》〔〕「」（）：；！？，￥"
    "“”‘’—…●└※"
    "\u302a\u3099\u3164\u9fbc\u303f\u4dc0\uff61"
    "é·\u0301\u200d\ufe0f👍❤\t\n\x1b"
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=SAMPLES, max_size=40), width=st.integers(1, 30))
def test_widths_and_folds_match_the_reference(text: str, width: int) -> None:
    assert cells_of(text) == reference_cells(text)
    assert fold(text, width) == reference_fold(text, width)


# -- the table ----------------------------------------------------------------------

HEADERS = ["", "编号", "事项", "时限", "超期天/工作日", "状态", "催办"]
TITLE = "分管副市长批示：尽快解决中小学校舍安全隐患排查整治中群众反映的问题（第0123号）"


def _table(width: int = 80) -> list[str]:
    rows: list[Row] = [
        Line("市住房城乡建设局  超期 2 项", "bold"),
        [("●", "bold red"), ("DC-2026-0001", ""), (TITLE, ""), ("2026-10-09", ""),
         ("42/29", "red"), ("已交办", ""), ("0", "")],
        [("", ""), ("", ""), ("└ 节点1:完成前期手续", "red"), ("2026-10-01", "red"),
         ("50", "red"), ("", ""), ("", "")],
        [("●", "bold red"), ("DC-2026-0002", ""), ("Rule 17 report", ""), ("2026-11-19", ""),
         ("1/1", "red"), ("退回重办", ""), ("12", "")],
    ]
    text = grid(HEADERS, rows, width=width, flex=2, right=(4, 6)).render(color=False)
    return text.splitlines()


def _column_of(line: str, marker: str) -> int:
    """The terminal column where ``marker`` starts in ``line``."""
    return cell_len(line[: line.index(marker)])


def test_mixed_chinese_and_ascii_columns_line_up() -> None:
    lines = _table()
    header, row, last = lines[0], lines[2], lines[-1]
    assert row.startswith("●  DC-2026-0001  ") and last.startswith("●  DC-2026-0002  ")
    # Left-aligned columns start together, after Chinese or ASCII cells alike.
    assert _column_of(header, "时限") == _column_of(row, "2026-10-09")
    assert _column_of(header, "时限") == _column_of(last, "2026-11-19")
    assert _column_of(header, "状态") == _column_of(row, "已交办") == _column_of(last, "退回重办")
    # The right-aligned last column ends together (and the lines with it).
    assert cell_len(header) == cell_len(row) == cell_len(last)
    assert header.endswith("催办") and row.endswith("  0") and last.endswith(" 12")


def test_a_long_chinese_title_folds_at_the_flex_width() -> None:
    lines = _table(width=80)
    flex_start = _column_of(lines[0], "事项")
    flex_width = _column_of(lines[0], "时限") - 2 - flex_start
    # Before the title only ASCII and ●: one character a cell.
    pieces = [lines[2][flex_start:].split("  ")[0]]
    for line in lines[3:]:
        if line.lstrip().startswith("└"):
            break
        assert line[:flex_start] == " " * flex_start  # the folded lines start in the column
        pieces.append(line[flex_start:])
    assert "".join(pieces) == TITLE
    assert len(pieces) >= 3
    assert all(cell_len(piece) <= flex_width for piece in pieces)
    # Cut where Chinese line breaking allows: never before ，or inside 第0123号.
    assert all(piece[0] not in NO_START and piece[-1] not in NO_END for piece in pieces)
    assert any("第0123号" in piece for piece in pieces)
    assert max(cell_len(line) for line in lines) == 80


def test_no_trailing_spaces_after_blank_or_right_aligned_cells() -> None:
    for width in (40, 80, 120):
        lines = _table(width)
        assert all(line == line.rstrip() for line in lines), lines
        assert all(line.strip() for line in lines), lines


def test_colours_are_applied_per_segment() -> None:
    rows: list[Row] = [Line("市交通局", "bold"), [("●", "bold red"), ("DC-1", ""), ("整治", "")]]
    text = grid(["", "编号", "事项"], rows, width=30, flex=2).render(color=True)
    assert text.splitlines()[2] == "\x1b[1;31m●\x1b[0m  DC-1  整治"
    assert text.splitlines()[1] == "\x1b[1m市交通局\x1b[0m"


STYLES = st.sampled_from(["", "bold", "red", "bold red", "dim", "italic"])
CELL_TEXT = st.one_of(
    st.text(alphabet=SAMPLES, max_size=24),
    st.sampled_from(["", " ", "●", "DC-2026-0001", "2026-11-20", TITLE, "已交办", "  x  "]),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[Row], int, int, list[int]]:
    columns = draw(st.integers(1, 6))
    headers = draw(st.lists(CELL_TEXT, min_size=columns, max_size=columns))
    rows: list[Row] = draw(
        st.lists(
            st.one_of(
                st.builds(Line, CELL_TEXT, STYLES),
                st.lists(st.tuples(CELL_TEXT, STYLES), min_size=1, max_size=columns),
            ),
            max_size=8,
        )
    )
    flex = draw(st.integers(0, columns - 1))
    right = draw(st.lists(st.integers(0, columns - 1), max_size=3))
    return headers, rows, draw(st.integers(1, 120)), flex, right


@settings(max_examples=300, deadline=None)
@given(table=tables())
def test_grid_prints_what_the_reference_printed(
    table: tuple[list[str], list[Row], int, int, list[int]],
) -> None:
    headers, rows, width, flex, right = table
    built = grid(headers, rows, width=width, flex=flex, right=right)
    for color in (False, True):
        assert built.render(color) == reference_render(headers, rows, width, flex, right, color)


def test_the_morning_report_table_needs_no_rich() -> None:
    """ASCII and Chinese only (with the report's ● └ “”): Rich is never imported."""
    script = f"""
import sys
from duchatai.ui.grid import Line, grid
rows = [Line("市交通局  超期 1 项", "bold"),
        [("●", "bold red"), ("DC-2026-0001", ""), ({TITLE!r} + "“一网通办”", ""),
         ("2026-10-09", ""), ("42/29", "red"), ("已交办", ""), ("0", "")],
        [("", ""), ("", ""), ("└ 节点1:完成前期手续", "red"), ("2026-10-01", "red"),
         ("50", "red"), ("", ""), ("", "")]]
table = grid({HEADERS!r}, rows, width=80, flex=2, right=(4, 6))
table.render(color=False)
table.render(color=True)
print(sorted(m for m in sys.modules if m == "rich" or m.startswith("rich.")))
"""
    root = str(Path(duchatai.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.parametrize("width", [1, 2, 3, 10, 11])
def test_a_narrow_flex_column_still_folds_like_before(width: int) -> None:
    for text in (TITLE, "a" * 25, "“一网通办”事项扩面 2026", "中a" * 9):
        assert fold(text, width) == reference_fold(text, width)


# -- Chinese line breaking (issue 15) -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "pieces"),
    [
        # ， never starts a line: the character before it goes down with it.
        ("整治中群众反映的问题，并于月底前报送", 20, ["整治中群众反映的问", "题，并于月底前报送"]),
        # （ never ends a line, 第0208号 stays whole.
        ("关于校舍安全隐患排（第0208号）的批示", 20, ["关于校舍安全隐患排", "（第0208号）的批示"]),
        # ids and dates stay whole.
        ("请于DC-2026-0001办结后", 12, ["请于", "DC-2026-0001", "办结后"]),
        ("于2026年11月30日前报送", 14, ["于", "2026年11月30日", "前报送"]),
        ("截至2026-11-20。", 12, ["截至", "2026-11-20。"]),
        # 》」】 never start a line, 《「【 never end one.
        ("贯彻落实《意见》的通知", 10, ["贯彻落实", "《意见》的", "通知"]),
        ("甲乙丙丁戊「己」", 10, ["甲乙丙丁戊", "「己」"]),
        # English breaks at its spaces, a space ending the line.
        ("Rule 17 weekly report missing", 12, ["Rule 17 ", "weekly ", "report ", "missing"]),
    ],
)
def test_lines_break_by_the_chinese_rules(text: str, width: int, pieces: list[str]) -> None:
    assert fold(text, width) == pieces


def test_a_run_that_cannot_break_is_cut_where_it_overflows() -> None:
    assert fold("DC-2026-0001", 5) == ["DC-20", "26-00", "01"]
    assert fold("（（（（（（", 4) == ["（（", "（（", "（（"]


# (Without VS16 and ZWJ, which Rich measures with the character before them, and without
# ASCII control characters: folded as Rich measures them, 0 cells, but counted 1 by
# ``cells_of`` as ``visible`` shows them, ␛; their widths are the reference test's.)
BREAKING = "".join(
    c for c in SAMPLES if c not in "\n\ufe0f\u200d" and not (c.isascii() and not c.isprintable())
) + "第号年月日—0123456789"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=BREAKING, max_size=50), width=st.integers(2, 30))
def test_every_cut_is_allowed_unless_none_was(text: str, width: int) -> None:
    pieces = fold(text, width)
    assert "".join(pieces) == text
    cut = 0
    for piece in pieces[:-1]:
        cut += len(piece)
        assert cells_of(piece) <= width or len(piece) == 1
        choices = range(cut - len(piece) + 1, cut)
        assert breakable(text, cut) or not any(breakable(text, at) for at in choices), pieces
