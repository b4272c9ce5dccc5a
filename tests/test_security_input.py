"""Issue 12, part C: bounded reads of hostile ledger files and clean text in and out.

Every ledger file may come from anyone who can push: links, FIFOs, huge files
and YAML alias bombs are refused with one warning; text with control
characters is refused on the way in and never reaches a terminal raw on the
way out; spreadsheets never carry live formulas; imports are bounded.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import TODAY, BuiltLedger, Run, commit_count, snapshot
from openpyxl import load_workbook

from duchatai.app import procedure
from duchatai.app.merge import merge_files
from duchatai.app.step import Context
from duchatai.core.errors import InvalidInput
from duchatai.core.text import clean_text, neutralise_cell, restore_cell, visible
from duchatai.store.git import Actor
from duchatai.store.ledger import Ledger
from duchatai.store.safefile import MAX_FILE_BYTES, RefusedFile, read_bounded
from duchatai.store.yamlio import parse_yaml

LI = "leader-instruction"
ID1 = "DC-2026-0001"
ID2 = "DC-2026-0002"


def ok(result: object) -> object:
    assert getattr(result, "exit_code") == 0, result  # noqa: B009
    return result


def _context(root: Path) -> Context:
    return Context(Ledger(root), dt.date.fromisoformat(TODAY), Actor("测试员", "t@x"))


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _hand_edit(root: Path, path: Path, text: str, message: str = "hand edit") -> None:
    """Write ``path`` by hand and commit it, as a clerk's editor and git would."""
    path.write_text(text, encoding="utf-8")
    _git(root, "add", "--", str(path.relative_to(root)))
    _git(root, "-c", "user.name=clerk", "-c", "user.email=c@x", "commit", "-q", "-m", message)


@pytest.fixture
def one_item(built_ledger: BuiltLedger, run: Run) -> Path:
    """A ledger holding DC-2026-0001, assigned and overdue-capable."""

    def build(ledger: Path) -> None:
        ok(run("register", "老旧小区改造", "--category", LI, "--start", "2026-10-09", "--backdate",
               ledger=ledger))
        ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))

    return built_ledger("input-one-item", build)


def _duchatai(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process with 1 GB of address space at most (a runaway read fails)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "duchatai", "--ledger", str(root), "--today", TODAY, *args],
        cwd=root.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        env=env,
        check=False,
    )


# -- bounded reads ------------------------------------------------------------------


def test_bounded_reader_refuses_links_devices_fifos_folders_and_big_files(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_bytes(b"a: 1\n")
    assert read_bounded(good) == b"a: 1\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(good)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_bounded(exact)) == MAX_FILE_BYTES
    other = "不是普通文件"
    for path, reason in [(link, "符号链接"), (Path("/dev/zero"), other), (fifo, other),
                         (folder, other), (big, "超过")]:  # fmt: skip
        with pytest.raises(RefusedFile) as refused:
            read_bounded(path)
        assert reason in str(refused.value), path


def test_symlink_to_dev_zero_and_a_fifo_do_not_stop_list(one_item: Path) -> None:
    items = one_item / "items"
    (items / f"{ID2}.yaml").symlink_to("/dev/zero")
    os.mkfifo(items / "DC-2026-0003.yaml")
    (items / "DC-2026-0004.yaml").mkdir()
    started = time.monotonic()
    result = _duchatai(one_item, "list", timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result
    assert ID1 in result.stdout and "Traceback" not in result.stderr
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 3, warnings  # one line per refused file
    assert any(ID2 in w and "符号链接" in w for w in warnings)
    assert any("DC-2026-0003" in w and "不是普通文件" in w for w in warnings)
    assert any("DC-2026-0004" in w and "不是普通文件" in w for w in warnings)


def test_link_to_a_valid_item_outside_the_ledger_is_not_followed(
    one_item: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / f"{ID2}.yaml"
    outside.write_bytes((one_item / "items" / f"{ID1}.yaml").read_bytes().replace(
        ID1.encode(), ID2.encode()))  # fmt: skip
    (one_item / "items" / f"{ID2}.yaml").symlink_to(outside)
    listed = ok(run("list", "--json", ledger=one_item))
    assert ID2 not in listed.stdout and "符号链接" in listed.stderr
    before = snapshot(one_item), commit_count(one_item)
    shown = run("show", ID2, ledger=one_item)
    assert shown.exit_code == 1 and "符号链接" in shown.stderr
    urged = run("urge", ID2, ledger=one_item)
    assert urged.exit_code == 1 and "符号链接" in urged.stderr
    assert (snapshot(one_item), commit_count(one_item)) == before
    checked = run("check", ledger=one_item)
    assert checked.exit_code == 1 and f"items/{ID2}.yaml:1: " in checked.stdout
    assert "符号链接" in checked.stdout


def test_an_item_file_over_1_mb_is_refused_unread(one_item: Path, run: Run) -> None:
    path = one_item / "items" / f"{ID1}.yaml"
    path.write_bytes(path.read_bytes() + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    listed = ok(run("list", "--json", ledger=one_item))
    assert ID1 not in listed.stdout and "超过 1 MB" in listed.stderr
    shown = run("show", ID1, ledger=one_item)
    assert shown.exit_code == 1 and "超过 1 MB" in shown.stderr
    assert "超过 1 MB" in run("check", ledger=one_item).stdout


def test_a_config_over_1_mb_or_a_linked_criticism_is_refused(one_item: Path, run: Run) -> None:
    folder = one_item / "criticisms" / "2026"
    folder.mkdir(parents=True)
    (folder / "TB-2026-0001.yaml").symlink_to("/dev/zero")
    checked = run("check", ledger=one_item)
    assert checked.exit_code == 1 and "TB-2026-0001.yaml:1: " in checked.stdout
    assert "符号链接" in checked.stdout
    config = one_item / "duchatai.yaml"
    config.write_bytes(config.read_bytes() + b"#" * MAX_FILE_BYTES)
    result = run("list", ledger=one_item)
    assert result.exit_code == 1 and "超过 1 MB" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- YAML aliases ---------------------------------------------------------------------


def _laughs(item_id: str) -> str:
    """A 1 KB item whose aliases unfold into 9**9 strings when walked."""
    lines = ['l0: &l0 "ha ha ha ha ha ha ha ha ha"']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    return (
        f"id: {item_id}\ntitle: 笑\ncategory: {LI}\nstart: 2026-11-02\ndue: 2026-11-20\n"
        "status: registered\n" + "\n".join(lines) + "\nsource: *l9\n"
    )


def test_parse_yaml_refuses_aliases_and_keeps_anchors_free_files() -> None:
    assert parse_yaml("a: [1, 2]\nb: {c: d}\n") == {"a": [1, 2], "b": {"c": "d"}}
    with pytest.raises(Exception, match="别名"):
        parse_yaml("a: &x [1]\nb: *x\n")
    started = time.monotonic()
    with pytest.raises(Exception, match="别名"):
        parse_yaml(_laughs(ID2))
    assert time.monotonic() - started < 1


def test_billion_laughs_item_is_refused_fast_by_list_assign_check(one_item: Path, run: Run) -> None:
    bomb = _laughs(ID2)
    assert len(bomb) < 1100
    _hand_edit(one_item, one_item / "items" / f"{ID2}.yaml", bomb)
    before = snapshot(one_item), commit_count(one_item)
    started = time.monotonic()
    listed = ok(run("list", "--json", ledger=one_item))
    assert ID1 in listed.stdout and "别名" in listed.stderr
    assigned = run("assign", ID2, "--lead", "市住建局", ledger=one_item)
    assert assigned.exit_code == 1 and "别名" in assigned.stderr
    checked = run("check", ledger=one_item)
    assert checked.exit_code == 1 and "别名" in checked.stdout
    assert time.monotonic() - started < 10  # three commands; minutes before the fix
    assert (snapshot(one_item), commit_count(one_item)) == before


def test_merge_driver_refuses_an_alias_bomb_fast(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    plain = f"id: {ID2}\ntitle: 笑\ncategory: {LI}\nstart: 2026-11-02\n"
    base.write_text(plain, encoding="utf-8")
    ours.write_text(plain + "source: 文件\n", encoding="utf-8")
    theirs.write_text(_laughs(ID2), encoding="utf-8")
    started = time.monotonic()
    assert merge_files(str(base), str(ours), str(theirs)) == 1
    assert time.monotonic() - started < 1
    assert ours.read_text(encoding="utf-8") == plain + "source: 文件\n"  # left to git
    theirs.unlink()
    theirs.symlink_to("/dev/zero")
    assert merge_files(str(base), str(ours), str(theirs)) == 1


# -- clean text in ----------------------------------------------------------------------


BAD = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066"]


@pytest.mark.parametrize("char", BAD)
def test_clean_text_refuses_controls_and_bidi_with_the_code(char: str) -> None:
    for multiline in (False, True):
        with pytest.raises(InvalidInput) as refused:
            clean_text(f"事项{char}名称", "事项名称", multiline=multiline)
        assert f"U+{ord(char):04X}" in refused.value.message
        assert "事项名称" in refused.value.message


def test_clean_text_newline_and_tab_only_in_multiline_text() -> None:
    kept = clean_text("  第一行\n第二行\t附注 ", "报告内容", multiline=True)
    assert kept == "第一行\n第二行\t附注"
    for char in "\n\t\r":
        with pytest.raises(InvalidInput, match=f"U\\+{ord(char):04X}"):
            clean_text(f"a{char}b", "title")
    with pytest.raises(InvalidInput, match="U\\+000D"):
        clean_text("a\rb", "note", multiline=True)


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x01", "\u202e", "\n"])
def test_register_refuses_a_title_with_a_control_character(
    ledger: Path, run: Run, char: str
) -> None:
    before = snapshot(ledger), commit_count(ledger)
    result = run("register", f"关于{char}[2J的批示", "--category", LI, ledger=ledger)
    assert result.exit_code == 1, result
    assert f"U+{ord(char):04X}" in result.stderr and "事项名称" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert (snapshot(ledger), commit_count(ledger)) == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("assign", ID1, "--lead", "市住建局\u202e"), "主办单位"),
        (("assign", ID1, "--lead", "市住建局", "--responsible", "张\x1b三"), "责任人"),
        (("assign", ID1, "--lead", "市住建局", "--co", "市\n财政局"), "协办单位"),
        (("urge", ID1, "--note", "请\x1b[31m尽快"), "备注"),
        (("report", ID1, "--kind", "progress", "--text", "进展\x07"), "报告内容"),
        (("report", ID1, "--kind", "progress", "--text", "进展", "--signed-by", "李\n四"),
         "签发人"),
    ],
)
def test_every_stored_text_refuses_control_characters(
    one_item: Path, run: Run, args: tuple[str, ...], field: str
) -> None:
    before = snapshot(one_item), commit_count(one_item)
    result = run(*args, ledger=one_item)
    assert result.exit_code == 1, result
    assert field in result.stderr and "U+" in result.stderr
    assert (snapshot(one_item), commit_count(one_item)) == before


def test_multiline_report_text_with_tab_is_kept(one_item: Path, run: Run) -> None:
    ok(run("report", ID1, "--kind", "progress", "--text", "第一项\n第二项\t完成", ledger=one_item))
    assert Ledger(one_item).get(ID1).reports[-1].text == "第一项\n第二项\t完成"


def test_by_with_a_newline_is_refused_not_split_by_git(one_item: Path, run: Run) -> None:
    before = snapshot(one_item), commit_count(one_item)
    result = run("urge", ID1, ledger=one_item, by="evil\nname")
    assert result.exit_code == 1 and "--by" in result.stderr and "U+000A" in result.stderr
    assert (snapshot(one_item), commit_count(one_item)) == before


def test_duchatai_user_with_escape_is_refused(
    one_item: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHATAI_USER", "clerk\x1b]0;pwned\x07")
    result = run("urge", ID1, ledger=one_item, by=None)
    assert result.exit_code == 1 and "DUCHATAI_USER" in result.stderr
    assert "U+001B" in result.stderr


# -- clean text out ---------------------------------------------------------------------


def _escape_title(root: Path) -> None:
    """Hand-edit the item's title to hold ESC sequences, BEL and a bidi override."""
    path = root / "items" / f"{ID1}.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: 老旧小区改造", 'title: "老旧\\e[2J\\e]0;pwned\\a小区\\u202e改造"'
    )
    assert "\\e[2J" in text
    _hand_edit(root, path, text, message="hand edit \x1b[2J title")


def test_terminal_output_never_carries_raw_escapes(one_item: Path, run: Run) -> None:
    _escape_title(one_item)
    assert "\x1b" in Ledger(one_item).get(ID1).title  # the file holds it
    for args in (("show", ID1), ("list",), ("overdue",), ("log", ID1), ("weekly",),
                 ("weekly", "--format", "markdown"), ("weekly", "--format", "html")):  # fmt: skip
        result = ok(run(*args, ledger=one_item, today="2026-11-30"))
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.stdout, (args, result.stdout)
    shown = ok(run("show", ID1, ledger=one_item)).stdout
    assert "老旧␛[2J␛]0;pwned" in shown and "小区<U+202E>改造" in shown
    assert "␛[2J" in ok(run("log", ID1, ledger=one_item)).stdout
    # JSON escapes them itself, and keeps the exact text
    assert '"老旧\\u001b[2J' in ok(run("show", ID1, "--json", ledger=one_item)).stdout


def test_markup_like_titles_are_text(ledger: Path, run: Run) -> None:
    ok(run("register", "[/] [link=file:///etc/passwd]点此[/link] [bold", "--category", LI,
           ledger=ledger))  # fmt: skip
    shown = ok(run("show", ID1, ledger=ledger)).stdout
    assert "[/] [link=file:///etc/passwd]点此[/link] [bold" in shown


def test_weekly_markdown_escapes_html_and_pipes(ledger: Path, run: Run) -> None:
    ok(run("register", "<img src=x onerror=alert(1)> | A&B", "--category", LI, ledger=ledger))
    text = ok(run("weekly", "--format", "markdown", ledger=ledger)).stdout
    assert "&lt;img src=x onerror=alert(1)&gt; \\| A&amp;B" in text
    assert "<img" not in text


def test_visible_is_cheap_and_exact() -> None:
    assert visible("普通文字\n第二行") == "普通文字\n第二行"
    assert visible("a\x1b[31mb\x00\x7f\x9b\t") == "a␛[31mb␀␡<U+009B> "


# -- spreadsheets -----------------------------------------------------------------------

FORMULAS = ["=1+1", "+86 电话", "-5%", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"点\")"]


def test_neutralise_and_restore_are_inverse() -> None:
    for text in [*FORMULAS, "\t=1", "\r=1", "'=1", "''+1", "普通", "'引号", ""]:
        guarded = neutralise_cell(text)
        assert restore_cell(guarded) == text
    assert neutralise_cell("=1+1") == "'=1+1" and neutralise_cell(5) == 5
    assert neutralise_cell("'=1") == "''=1"
    assert restore_cell("'普通") == "'普通"  # a quote before ordinary text is the clerk's


def _formula_ledger(root: Path) -> None:
    ctx = _context(root)
    for title in FORMULAS:
        procedure.register(ctx, title, LI, lead="=cmd|' /C calc'!A0")


def test_csv_export_neutralises_and_import_round_trips(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    _formula_ledger(ledger)
    target = tmp_path / "out.csv"
    ok(run("export", "--format", "csv", "--output", str(target), ledger=ledger))
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=1+1" in cells and "'-5%" in cells and "'@SUM(A1)" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)
    fresh = tmp_path / "fresh"
    ok(run("init", str(fresh), "--office", "测试督查室"))
    ok(run("import", str(target), ledger=fresh))
    titles = sorted(i.title for i in Ledger(fresh).load_all()[0])
    assert titles == sorted(FORMULAS)
    assert {i.lead_unit for i in Ledger(fresh).load_all()[0]} == {"=cmd|' /C calc'!A0"}


def test_xlsx_export_stores_text_not_formulas_and_round_trips(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    _formula_ledger(ledger)
    target = tmp_path / "out.xlsx"
    ok(run("export", "--format", "xlsx", "--output", str(target), ledger=ledger))
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            assert b"<f>" not in archive.read(name), name  # no formula anywhere
    sheet = load_workbook(target).worksheets[0]
    found = {c.value: c for row in sheet.iter_rows() for c in row if c.value in FORMULAS}
    assert set(found) == set(FORMULAS)
    assert all(c.data_type == "s" and c.quotePrefix for c in found.values())
    fresh = tmp_path / "fresh"
    ok(run("init", str(fresh), "--office", "测试督查室"))
    ok(run("import", str(target), ledger=fresh))
    assert sorted(i.title for i in Ledger(fresh).load_all()[0]) == sorted(FORMULAS)


def test_xlsx_export_of_a_hand_edited_control_character_does_not_crash(
    one_item: Path, run: Run, tmp_path: Path
) -> None:
    path = one_item / "items" / f"{ID1}.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: 老旧小区改造", 'title: "老旧\\a\\e\\0\\x01小区改造"'
    )
    _hand_edit(one_item, path, text)
    target = tmp_path / "out.xlsx"
    result = ok(run("export", "--format", "xlsx", "--output", str(target), ledger=one_item))
    assert "Traceback" not in result.stderr
    values = [c.value for row in load_workbook(target).worksheets[0].iter_rows() for c in row]
    assert "老旧␇␛␀␁小区改造" in values


# -- import limits ----------------------------------------------------------------------

HEADER = "title,category,start,lead_unit\n"


def _import_refused(run: Run, ledger: Path, source: Path, *reasons: str) -> None:
    before = snapshot(ledger), commit_count(ledger)
    result = run("import", str(source), ledger=ledger)
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stderr
    for reason in reasons:
        assert reason in result.stderr, result.stderr
    assert (snapshot(ledger), commit_count(ledger)) == before


def test_import_over_50000_rows_is_refused_whole(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text(
        HEADER + "".join(f"事项{n},{LI},2026-11-02,市住建局\n" for n in range(50_001)),
        encoding="utf-8",
    )
    started = time.monotonic()
    _import_refused(run, ledger, source, "50000")
    assert time.monotonic() - started < 10


def test_import_csv_field_over_131072_characters_is_refused(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    source = tmp_path / "field.csv"
    source.write_text(HEADER + f'"{"长" * 140_000}",{LI},2026-11-02,市住建局\n', encoding="utf-8")
    _import_refused(run, ledger, source, "第 2 行", "131072")


def test_import_cell_over_10000_characters_is_refused(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    source = tmp_path / "cell.csv"
    source.write_text(HEADER + f"{'长' * 10_001},{LI},2026-11-02,市住建局\n", encoding="utf-8")
    _import_refused(run, ledger, source, "cell.csv!2", "title", "10000")


def test_import_refuses_control_characters_in_cells(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    source = tmp_path / "ctl.csv"
    source.write_text(HEADER + f"坏\x1b[2J标题,{LI},2026-11-02,市\u202e住建局\n", encoding="utf-8")
    _import_refused(run, ledger, source, "ctl.csv!2", "U+001B", "U+202E")


def test_import_refuses_an_xlsx_that_unpacks_past_the_cap_quickly(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "category", "start"])
    sheet.append(["事项", LI, "2026-11-02"])
    plain = io.BytesIO()
    book.save(plain)
    source = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(
        source, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
                continue
            # The sheet itself, 101 MB of blanks between two of its elements
            head, tail = src.read(info).split(b"<sheetData>", 1)
            with out.open(info.filename, "w", force_zip64=True) as sheet_xml:
                sheet_xml.write(head)
                block = b" " * (1 << 20)
                for _ in range(101):
                    sheet_xml.write(block)
                sheet_xml.write(b"<sheetData>" + tail)
    assert source.stat().st_size < 1_000_000  # 101 MB of blanks in a small file
    started = time.monotonic()
    _import_refused(run, ledger, source, "bomb.xlsx", "100 MB")
    assert time.monotonic() - started < 5


def test_init_refuses_an_office_name_with_an_escape(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new"), "--office", "督查室\x1b[2J")
    assert result.exit_code == 1 and "--office" in result.stderr and "U+001B" in result.stderr
    assert not (tmp_path / "new" / "duchatai.yaml").exists()


def test_import_of_exactly_50000_rows_is_not_refused_for_its_size(tmp_path: Path) -> None:
    from duchatai.app.spreadsheet_read import MAX_ROWS, read_sheets

    source = tmp_path / "full.csv"
    source.write_text("标题行\n\n" + HEADER + "x,y,z,w\n" * MAX_ROWS + "\n\n", encoding="utf-8")
    [(_, rows)] = read_sheets(source)
    assert len(rows) == MAX_ROWS + 2  # blank lines are not kept
    assert rows[-1][0] == MAX_ROWS + 3  # and the numbers are the file's lines


def test_a_linked_archive_year_is_not_followed(one_item: Path, run: Run, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    text = (one_item / "items" / f"{ID1}.yaml").read_text(encoding="utf-8")
    (elsewhere / f"{ID2}.yaml").write_text(text.replace(ID1, ID2), encoding="utf-8")
    (one_item / "archive").mkdir(exist_ok=True)
    (one_item / "archive" / "2025").symlink_to(elsewhere)
    assert ID2 not in ok(run("list", "--json", ledger=one_item)).stdout
    assert run("show", ID2, ledger=one_item).exit_code == 1
    assert ID2 not in run("check", ledger=one_item).stdout
