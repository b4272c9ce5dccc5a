"""The hand-aligned table renderer of the reports: exact with wide Chinese characters.

Rich's ``Table`` costs about 1 ms a row; the morning report prints thousands
of rows, so ``grid`` lays them out as plain text (with ANSI colours on a
terminal) and measures text without Rich whenever it can.
"""

from __future__ import annotations

import functools
import gc
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat, zip_longest
from operator import itemgetter
from typing import Any, ParamSpec, TypeVar

from duchatai.core.text import visible

_P = ParamSpec("_P")
_R = TypeVar("_R")


# Widths without Rich.  ``rich.cells.cell_len`` costs a table bisect a
# character and importing Rich costs ~3 ms; the morning report measures
# tens of thousands of strings that are printable ASCII and Chinese.  For those
# the width follows from the UTF-8 length: ASCII is 1 byte and 1 cell, and every
# character below is 3 bytes in UTF-8 and 2 cells, so cells = (chars + bytes) / 2.
#
# The ranges are the East Asian Wide/Fullwidth blocks of the BMP, less every
# code point that any of Rich's width tables (Unicode 4.1 to 17; Rich follows
# UNICODE_VERSION) does not measure 2: combining tone and kana marks, the
# Hangul filler, characters added after Unicode 4.1 (U+4DB6.., U+9FBC..), holes.
# tests/test_grid.py compares every code point with Rich.  Anything else
# (emoji, combining accents, Latin-1, control characters) goes to Rich as before.
_WIDE_RANGES = (
    (0x3000, 0x3029),  # ideographic space, CJK punctuation: 、。〈〉《》「」【】〔〕
    (0x3030, 0x303E),
    (0x3041, 0x3096),  # Hiragana
    (0x309B, 0x30FF),  # Katakana
    (0x3105, 0x312C),  # Bopomofo
    (0x3131, 0x3163),  # Hangul compatibility Jamo
    (0x3165, 0x318E),
    (0x3190, 0x31B7),  # Kanbun, Bopomofo extended
    (0x31C0, 0x31CF),  # CJK strokes
    (0x31F0, 0x321E),  # Katakana extension, parenthesised Hangul
    (0x3220, 0x3243),  # parenthesised ideographs: ㈠㈡
    (0x3250, 0x32FE),  # circled ideographs and Katakana
    (0x3300, 0x33FF),  # CJK compatibility: ㎡
    (0x3400, 0x4DB5),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FBB),  # CJK Unified Ideographs
    (0xF900, 0xFA2D),  # CJK Compatibility Ideographs
    (0xFA30, 0xFA6A),
    (0xFA70, 0xFAD9),
    (0xFE30, 0xFE4F),  # CJK compatibility forms: ︰︱
    (0xFF01, 0xFF60),  # fullwidth forms: ！（），：；？
    (0xFFE0, 0xFFE6),  # fullwidth signs: ￥
)
# 3 bytes in UTF-8 but 1 cell in every Rich table: dashes, quotes “” and …
# (common in Chinese titles), ‰ ※, and the box drawing and geometric shapes
# the tables themselves print (● └).  They need a count, so they get a second,
# slightly slower pattern.
_NARROW_RANGES = (
    (0x2010, 0x2027),  # ‐ – — ‘ ’ “ ” • …
    (0x2030, 0x205E),  # ‰ ′ ″ ※ ⁂
    (0x2500, 0x25FC),  # box drawing, blocks, geometric shapes: └ ─ ● ○ ■ □ ▲
)


def _char_class(ranges: Sequence[tuple[int, int]]) -> str:
    """The inside of a regular expression's ``[...]`` matching any of ``ranges``."""
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


_WIDE_ONLY = re.compile(f"[ -~{_char_class(_WIDE_RANGES)}]*")
_WIDE_OR_NARROW = re.compile(f"[ -~{_char_class(_WIDE_RANGES + _NARROW_RANGES)}]*")
_NARROW = re.compile(f"[{_char_class(_NARROW_RANGES)}]")
# The cells of each character of a _WIDE_OR_NARROW string, read off its UTF-8
# bytes: one lead byte a character (continuation bytes 0x80..0xBF are dropped),
# 0xE3..0xEF for the wide ones (U+3000..U+FFFF), 0xE2 for the narrow ones
# (U+2010..U+25FC), ASCII below 0x80.
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_SIZE_BY_LEAD_BYTE = bytes(2 if 0xE3 <= byte <= 0xEF else 1 for byte in range(256))


def _cells(text: str) -> int:
    """Terminal cells of ``text``: ASCII counts 1 a character, wide CJK characters 2."""
    if text.isascii():
        return len(text)
    if _WIDE_ONLY.fullmatch(text):
        return (len(text) + len(text.encode())) // 2
    if _WIDE_OR_NARROW.fullmatch(text):
        return (len(text) + len(text.encode())) // 2 - len(_NARROW.findall(text))
    from rich.cells import cell_len

    return int(cell_len(text))


def _fold(text: str, width: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``width`` terminal cells (wide characters count 2)."""
    return [piece for piece, _ in _fold_all([text], width)[0]]


def _fold_all(texts: Sequence[str], width: int) -> list[list[tuple[str, int]]]:
    """``_fold`` of each of ``texts``, each piece with its cells as ``_cells`` counts them.

    A whole column at once: when every text has printable ASCII, wide and
    narrow characters only, one pass in C measures all their characters (the
    cells of a character follow from its UTF-8 lead byte) and each cut is a
    bisection of a text's running totals. Otherwise each text goes on its own,
    to Rich if need be.
    """
    joined = "".join(texts)
    if not _WIDE_OR_NARROW.fullmatch(joined):
        if len(texts) > 1:
            return [_fold_all([text], width)[0] for text in texts]
        return [_fold_with_rich(joined, width)]
    sizes = joined.encode().translate(_SIZE_BY_LEAD_BYTE, _CONTINUATION_BYTES)  # a byte a character
    folded: list[list[tuple[str, int]]] = []
    offset = 0  # where ``text`` starts in ``joined``
    for text in texts:
        # ends[i]: the cells of text[: i + 1] (small numbers: Python keeps those ready-made).
        ends = list(accumulate(sizes[offset : offset + len(text)]))
        offset += len(text)
        pieces: list[tuple[str, int]] = []
        start = done = 0  # where the next piece starts, the cells before it
        while start < len(text):  # the greedy cut of _fold_with_rich
            stop = bisect_right(ends, done + width, start)
            if stop == start:  # a character wider than ``width`` is a piece of its own
                stop += 1
            pieces.append((text[start:stop], ends[stop - 1] - done))
            start, done = stop, ends[stop - 1]
        folded.append(pieces or [("", 0)])
    return folded


def _fold_with_rich(text: str, width: int) -> list[tuple[str, int]]:
    """``_fold_all`` for one text of any characters, measured one by one by Rich."""
    size = _cells(text)
    if size <= width and "\n" not in text:
        return [(text, size)]
    from rich.cells import get_character_cell_size

    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        current, used = "", 0
        for char in paragraph:
            size = get_character_cell_size(char)
            if used + size > width and current:
                lines.append(current)
                current, used = "", 0
            current += char
            used += size
        lines.append(current)
    # Measured again as a whole: Rich counts a few sequences (emoji with ZWJ or
    # VS16) differently from their characters one by one.
    return [(line, _cells(line)) for line in lines]


def _pad(text: str, width: int, right: bool = False, cells: int | None = None) -> str:
    """``text`` filled with spaces to ``width`` cells: on the left when ``right``.

    ``cells`` is the text's own width when it is already known.
    """
    gap = width - (_cells(text) if cells is None else cells)
    if gap <= 0:
        return text
    return " " * gap + text if right else text + " " * gap


@dataclass(frozen=True)
class Line:
    """A full-width line inside a grid (a group header)."""

    text: str
    style: str = ""


_SGR = {"bold": "1", "dim": "2", "reverse": "7", "red": "31", "green": "32", "yellow": "33",
        "blue": "34", "magenta": "35"}


_Cell = tuple[str, str]
_NEWLINE: list[_Cell] = [("\n", "")]


@dataclass
class Grid:
    """Aligned lines of styled segments, printed without Rich's per-cell layout cost.

    Rich's ``Table`` costs about 1 ms a row; thousands of overdue rows are
    written here as plain text (or with ANSI colours on a terminal) instead.
    """

    lines: list[list[tuple[str, str]]]

    def render(self, color: bool) -> str:
        """The grid as text, with ANSI colours when ``color``."""
        # Data may hold control characters (hand-edited files): they are shown
        # visibly (text.visible), never written raw; newlines are the grid's own.
        if not color:
            # Styles only become escape codes: without colours the texts are all there is.
            return visible("".join([text for line in self.lines for text, _ in line + _NEWLINE]))
        sgr: dict[str, str] = {}  # style → its escape code, worked out once per style
        out: list[str] = []
        for line in self.lines:
            for text, style in line:
                code = sgr.get(style)
                if code is None:
                    codes = ";".join(_SGR[w] for w in style.split() if w in _SGR)
                    code = sgr[style] = f"\x1b[{codes}m" if codes else ""
                text = visible(text)
                out.append(f"{code}{text}\x1b[0m" if code else text)
            out.append("\n")
        return "".join(out)

    def __rich__(self) -> Any:
        from rich.text import Text

        text = Text(no_wrap=True, overflow="ignore")
        for line in self.lines:
            for segment, style in line:
                text.append(segment, style=style)
            text.append("\n")
        text.rstrip()
        return text


def _gc_paused(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """``build``, with the cyclic garbage collector paused while it runs.

    For builders of many small lists and tuples that cannot form a cycle: the
    collector would walk them again and again for nothing (at 4,000 rows it
    took a fifth of ``grid``'s time). Reference counting still frees garbage.
    """

    @functools.wraps(build)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_gc_paused
def grid(
    headers: Sequence[str],
    rows: Sequence[Line | Sequence[tuple[str, str]]],
    *,
    width: int,
    flex: int,
    right: Sequence[int] = (),
) -> Grid:
    """A hand-aligned table: fast, and exact with wide Chinese characters.

    ``rows`` holds either cells ``(text, style)`` or a full-width ``Line``.
    Column ``flex`` takes the width left over and folds; the others are as
    wide as their widest cell.
    """
    # Built column by column, for thousands of rows: each distinct cell is
    # measured and padded once (the ids are unique, but dates, counts, states
    # and the ● repeat on every other row), and each row's line is then zipped
    # together from per-column look-ups, in C rather than a Python loop per cell.
    header_row = [(h, "bold") for h in headers]
    cell_rows = [header_row, *(r for r in rows if not isinstance(r, Line))]
    # Short rows get empty cells: blank at the end of a line, they are stripped.
    columns = list(zip_longest(*cell_rows, fillvalue=("", "")))
    distinct = [dict.fromkeys(column) for column in columns]
    widths = [_cells(h) for h in headers]
    sizes: list[list[int]] = [[] for _ in columns]  # the cells of each distinct cell
    for index, cells in enumerate(distinct):
        if index != flex:
            sizes[index] = [len(text) if text.isascii() else _cells(text) for text, _ in cells]
            widths[index] = max(widths[index], *sizes[index])
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(10, width - fixed)

    # cell → its segment on the row's line, padded to the column, and stripped
    # in the last column (no trailing blanks at the end of a line). The flex
    # column folds: the first piece goes on the row's line, each other one
    # (stripped) on a line of its own, kept in ``continued`` (None when blank:
    # that line is empty).
    segments: list[dict[_Cell, _Cell]] = []
    continued: dict[_Cell, list[_Cell | None]] = {}
    for index, cells in enumerate(distinct):
        column_width, flush_right = widths[index], index in right
        column: dict[_Cell, _Cell] = {}
        if index != flex:
            for cell, size in zip(cells, sizes[index], strict=True):
                if size == column_width:  # as wide as its column: the cell is its own segment
                    column[cell] = cell
                else:
                    column[cell] = (_pad(cell[0], column_width, flush_right, size), cell[1])
        else:
            folded = _fold_all([text for text, _ in cells], column_width)
            for cell, pieces in zip(cells, folded, strict=True):
                style = cell[1]
                first, size = pieces[0]
                column[cell] = (_pad(first, column_width, flush_right, size), style)
                if len(pieces) > 1:
                    continued[cell] = [
                        (
                            _pad(piece, column_width, True, size).rstrip()
                            if flush_right
                            else piece.rstrip(),
                            style,
                        )
                        if piece.strip()
                        else None
                        for piece, size in pieces[1:]
                    ]
        if index == len(headers) - 1:
            column = {cell: (text.rstrip(), style) for cell, (text, style) in column.items()}
        segments.append(column)

    gutter = ("  ", "")
    gutters = repeat(gutter)
    # A row's line: the segments of its cells with a gutter between each two.
    parts: list[Iterator[_Cell]] = []
    for index, column_cells in enumerate(columns):
        if index:
            parts.append(gutters)
        parts.append(map(segments[index].__getitem__, column_cells))
    firsts = map(list, zip(*parts, strict=False))  # (the gutters never run out)
    # A folded line starts with the columns left of flex: blank, in their styles.
    lead_parts: list[Iterator[_Cell]] = []
    for index in range(flex):
        blank = " " * widths[index]
        by_style = {style: (blank, style) for _, style in distinct[index]}
        lead_parts += [map(by_style.__getitem__, map(itemgetter(1), columns[index])), gutters]
    leads = zip(*lead_parts, strict=False) if flex else repeat(())
    built = zip(firsts, map(continued.get, columns[flex]), leads, strict=False)

    out: list[list[_Cell]] = []
    for entry in (header_row, *rows):
        if isinstance(entry, Line):
            out.append([(entry.text, entry.style)])
            continue
        line, more, lead = next(built)
        if not line[-1][0]:  # a blank last column: the line ends at its last non-blank cell
            kept = line[::2]
            while kept and not kept[-1][0].strip():
                kept.pop()
            if kept:
                kept[-1] = (kept[-1][0].rstrip(), kept[-1][1])
            line = [gutter] * (2 * len(kept) - 1)
            line[::2] = kept
        out.append(line)
        if more:
            for piece in more:
                out.append([*lead, piece] if piece else [])
    return Grid(out)
