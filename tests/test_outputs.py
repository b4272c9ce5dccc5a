"""Outputs (issue 15): the export's format and file, the whole year's 台账, a print-ready xlsx."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ItemFactory, Run, commit_count, git_head
from openpyxl import load_workbook

from duchatai.app.spreadsheet_export import choose_format
from duchatai.core.errors import InvalidInput

LI = "leader-instruction"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result
    return result


@pytest.fixture
def year(ledger: Path, run: Run) -> Path:
    """Three items: DC-2026-0001 closed and archived, 0002 open, 0003 withdrawn."""
    for title in ("老旧小区改造批示", "供暖不热问题集中整治", "重复登记"):
        ok(run("register", title, "--category", LI, ledger=ledger))
    for args in (
        ("assign", "DC-2026-0001", "--lead", "市住建局"),
        ("report", "DC-2026-0001", "--kind", "result", "--text", "已完成"),
        ("review", "DC-2026-0001", "--accept"),
        ("close", "DC-2026-0001"),
        ("archive", "DC-2026-0001"),
        ("assign", "DC-2026-0002", "--lead", "市城管局"),
        ("withdraw", "DC-2026-0003", "--reason", "重复登记"),
    ):
        ok(run(*args, ledger=ledger))
    return ledger


# -- the format and the file's suffix -------------------------------------------------


@pytest.mark.parametrize(
    ("given", "output", "expected"),
    [
        (None, "台账.xlsx", "xlsx"),
        (None, "台账.CSV", "csv"),
        (None, "items.json", "json"),
        (None, "台账", "xlsx"),
        (None, None, "xlsx"),
        ("csv", None, "csv"),
        ("csv", "台账", "csv"),
        ("JSON", "a.json", "json"),
    ],
)
def test_choose_format_from_option_or_suffix(
    given: str | None, output: str | None, expected: str
) -> None:
    assert choose_format(given, output) == expected


@pytest.mark.parametrize(
    ("given", "output", "words"),
    [
        (None, "x.txt", (".txt", "x.txt", ".xlsx")),
        ("csv", "台账.xlsx", (".xlsx", "csv")),
        ("xlsx", "x.txt", (".txt", "xlsx")),
        ("json", "a.csv", (".csv", "json")),
        ("ods", "a.ods", ("ods",)),
    ],
)
def test_choose_format_refuses_a_suffix_that_contradicts(
    given: str | None, output: str, words: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        choose_format(given, output)
    for word in words:
        assert word in str(refused.value)


def test_export_refuses_a_suffix_that_contradicts(ledger: Path, run: Run, tmp_path: Path) -> None:
    ok(run("register", "批示", "--category", LI, ledger=ledger))
    before, count = git_head(ledger), commit_count(ledger)
    for args in (("--output",), ("--format", "xlsx", "--output")):
        target = tmp_path / "x.txt"
        result = run("export", *args, str(target), ledger=ledger)
        assert result.exit_code == 1, result
        assert ".txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not target.exists()
    assert (git_head(ledger), commit_count(ledger)) == (before, count)
    contradicts = run("export", "--format", "csv", "--output", str(tmp_path / "a.xlsx"),
                      ledger=ledger, lang="en")  # fmt: skip
    assert contradicts.exit_code == 1 and "contradicts the format csv" in contradicts.stderr
    assert not (tmp_path / "a.xlsx").exists()


# -- export --all: the year's 台账 in one file -------------------------------------------


def test_export_all_includes_archived_items(year: Path, run: Run, tmp_path: Path) -> None:
    def ids(*args: str) -> list[str]:
        out = ok(run("export", "--format", "json", *args, ledger=year)).stdout
        return [i["id"] for i in json.loads(out)]

    assert ids() == ["DC-2026-0002"]
    assert ids("--all") == ["DC-2026-0001", "DC-2026-0002"]  # withdrawn: never
    assert ids("--all", "--unit", "市住建局") == ["DC-2026-0001"]
    target = tmp_path / "2026年台账.xlsx"
    result = ok(run("export", "--all", "--output", str(target), ledger=year))
    assert "2" in result.stderr
    rows = list(load_workbook(target)["督查台账"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["DC-2026-0001", "DC-2026-0002"]
    refused = run("export", "--all", "--status", "closed", "--format", "csv", ledger=year)
    assert refused.exit_code == 1 and "--all" in refused.stderr and "--status" in refused.stderr


# -- the xlsx ready to print -----------------------------------------------------------


def test_xlsx_is_ready_to_print(year: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    ok(run("export", "--all", "--output", str(target), ledger=year))
    book = load_workbook(target)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title  # A4
        assert setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$2"
        title = [str(r) for r in sheet.merged_cells.ranges if r.min_row == 1]
        assert title == [f"A1:{sheet.cell(row=2, column=sheet.max_column).column_letter}1"]
    # the title row spans exactly the columns with a header
    ledger_sheet = book["督查台账"]
    headers = [c.value for c in ledger_sheet[2]]
    assert all(headers) and len(headers) == ledger_sheet.max_column


# -- the HTML weekly report's columns ------------------------------------------------


def test_column_kinds_give_the_width_to_the_title() -> None:
    from duchatai.ui.render_weekly_html import column_kinds

    rows = [
        ["DC-2026-0001", "中秋国庆安全生产检查", "市水务局", "2026-09-30", "51", "第1次通报批评"],
        ["DC-2026-0002", "加装电梯", "市住建局", "2026-11-05", "15", "—"],
    ]
    assert column_kinds(rows, 1) == ["code", "wide", "text", "code", "num", "text"]
    assert column_kinds([["市水务局", "3", "85.7%", "—"]], None) == ["text", "num", "num", "code"]
    assert column_kinds([], 1) == []


def test_the_weekly_page_comes_a_row_at_a_time(make_item: ItemFactory) -> None:
    """``weekly --format html`` writes the page as it is made (at 50,000 items it is 11 MB):
    no part of it grows with the report, each table row is one part."""
    import datetime as dt

    from duchatai.core.profile import DEFAULT_PROFILE
    from duchatai.core.workdays import WorkCalendar
    from duchatai.reports.weekly import weekly
    from duchatai.ui.render_weekly_html import weekly_html_parts

    items = [
        make_item("document", start=dt.date(2026, 10, 8), due=dt.date(2026, 11, 2),
                  item_id=f"DC-2026-{n:04d}", title=f"第{n}号事项：城区排水改造")
        for n in range(1, 2001)
    ]
    report = weekly(items, dt.date(2026, 11, 16), dt.date(2026, 11, 20), WorkCalendar(),
                    DEFAULT_PROFILE)
    assert len(report.overdue) == 2000
    parts = list(weekly_html_parts(report, {}))
    rows = [p for p in parts if p.startswith('<tr class="overdue">')]
    assert len(rows) == 2000 and all(p.count("<tr") == 1 for p in rows)
    page = "".join(parts)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert max(len(p) for p in parts) < 5_000 < len(page) // 50


def test_weekly_keeps_the_weeks_criticisms() -> None:
    import datetime as dt

    from duchatai.core.criticism import Criticism
    from duchatai.core.profile import build_profile
    from duchatai.core.workdays import WorkCalendar
    from duchatai.reports.weekly import weekly

    def made(number: int, day: str) -> Criticism:
        return Criticism(f"TB-2026-{number:04d}", "市住建局", dt.date.fromisoformat(day), "超期")

    report = weekly(
        [],
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 20),
        WorkCalendar(),
        build_profile(),
        criticisms=[made(3, "2026-11-19"), made(1, "2026-11-13"), made(2, "2026-11-16"),
                    made(4, "2026-11-21")],
    )  # fmt: skip
    assert [c.id for c in report.criticisms] == ["TB-2026-0002", "TB-2026-0003"]
    assert report.to_json()["criticisms"] == ["TB-2026-0002", "TB-2026-0003"]
