"""The 台账 workbook cell by cell: what the office's layout requires, written down.

``export`` writes the workbook row by row (openpyxl's write-only mode, issue 17);
these tests hold it to the layout the office files and prints, every cell of a
small ledger compared with the table below (values, number formats, fills,
fonts, alignment, quote prefix), and every sheet's widths, frozen panes, filter,
merged title and size. The expectations are the layout's, not the code's output
copied: a changed width, a lost fill or a title run as a formula fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import BuiltLedger, Run
from openpyxl import load_workbook

D = dt.datetime  # dates read back from xlsx are datetimes at midnight
RED, YELLOW, HEADER = "FFFFC7CE", "FFFFF2CC", "FFD9E1F2"
DATE = "yyyy-mm-dd"

# The five items on 2026-11-20: overdue (red), due within 3 working days (yellow),
# on track, new, and one with a late milestone; four titles look like formulas.
STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("2026-11-10", ("register", "老旧小区改造批示", "-c", "leader-instruction", "--start",
                    "2026-11-10", "--source", "市领导批示件〔2026〕61号")),
    ("2026-11-10", ("assign", "DC-2026-0001", "--lead", "市住房城乡建设局", "--responsible",
                    "刘洋", "--approved-by", "张秘书长")),
    ("2026-11-20", ("urge", "DC-2026-0001", "--method", "phone")),
    ("2026-11-18", ("register", "=SUM(A1:A9)", "-c", "other", "--start", "2026-11-18", "--due",
                    "2026-11-24", "--lead", "市城市管理局", "--co", "热力集团", "--co",
                    "历下区政府", "--method", "phone", "--method", "onsite")),
    ("2026-11-18", ("assign", "DC-2026-0002", "--lead", "市城市管理局")),
    ("2026-11-02", ("register", "+86 热线回访", "-c", "document", "--start", "2026-11-02",
                    "--due", "2026-12-31", "--lead", "市教育局", "--weekly", "--kind",
                    "comprehensive")),
    ("2026-11-03", ("assign", "DC-2026-0003", "--lead", "市教育局")),
    ("2026-11-13", ("report", "DC-2026-0003", "--kind", "progress", "--text=-已完成摸底排查")),
    ("2026-11-19", ("register", "-c", "upper", "--start", "2026-11-19", "--", "-负面清单")),
    ("2026-11-02", ("register", "@所有人 重点项目", "-c", "key-project", "--start", "2026-11-02",
                    "--due", "2026-12-31", "--lead", "市水务局", "--milestone",
                    "2026-11-10 完成招标", "--milestone", "2026-12-10 开工建设")),
    ("2026-11-02", ("assign", "DC-2026-0005", "--lead", "市水务局")),
]  # fmt: skip

HEADERS = [
    "序号", "编号", "事项名称", "类别", "来源", "主办单位", "协办单位", "责任人", "立项日期",
    "办理时限", "办理状态", "最新进展", "延期情况", "催办次数", "是否超期", "督查方式",
    "督查类型", "周报制", "缺报周报", "复杂事项", "交办日期", "审定人", "办结日期",
    "逾期节点任务",
]  # fmt: skip
WIDTHS = [6, 15, 40, 16, 24, 18, 24, 10, 12, 12, 10, 40, 32, 9, 9, 18, 10, 8, 24, 9, 12, 10, 12,
          32]  # fmt: skip
DATE_COLUMNS = {"I", "J", "U", "W"}  # 立项日期, 办理时限, 交办日期, 办结日期

# Each item's row as the office reads it, and its fill; None: an empty cell (an
# empty text reads back as None).
ROWS: list[tuple[list[Any], str | None]] = [
    ([1, "DC-2026-0001", "老旧小区改造批示", "市领导批示", "市领导批示件〔2026〕61号",
      "市住房城乡建设局", None, "刘洋", D(2026, 11, 10), D(2026, 11, 13), "已交办", None, None,
      1, "是", "电话督查", "日常督查", "否", None, "否", D(2026, 11, 10), "张秘书长", None,
      None], RED),
    ([2, "DC-2026-0002", "=SUM(A1:A9)", "其他交办事项", None, "市城市管理局",
      "热力集团、历下区政府", None, D(2026, 11, 18), D(2026, 11, 24), "已交办", None, None, 0,
      "否", "电话督查、现场督查", "日常督查", "否", None, "否", D(2026, 11, 18), None, None,
      None], YELLOW),
    ([3, "DC-2026-0003", "+86 热线回访", "重要文件事项", None, "市教育局", None, None,
      D(2026, 11, 2), D(2026, 12, 31), "已交办", "2026-11-13 进展情况报告：-已完成摸底排查",
      None, 0, "否", None, "综合督查", "是", "2026-W46", "否", D(2026, 11, 3), None, None,
      None], None),
    ([4, "DC-2026-0004", "-负面清单", "上级批示交办", None, None, None, None, D(2026, 11, 19),
      D(2026, 11, 30), "已立项", None, None, 0, "否", None, "日常督查", "否", None, "否", None,
      None, None, None], None),
    ([5, "DC-2026-0005", "@所有人 重点项目", "重点工程项目", None, "市水务局", None, None,
      D(2026, 11, 2), D(2026, 12, 31), "已交办", None, None, 0, "否", None, "日常督查", "否",
      None, "否", D(2026, 11, 2), None, None, "节点1 完成招标（2026-11-10，逾期10天）"], None),
]  # fmt: skip
FORMULA_LIKE = {"=SUM(A1:A9)", "+86 热线回访", "-负面清单", "@所有人 重点项目"}


def build(run: Run) -> Any:
    def steps(root: Path) -> None:
        for day, args in STEPS:
            result = run(*args, ledger=root, today=day)
            assert result.exit_code == 0, result

    return steps


@pytest.fixture
def exported(built_ledger: BuiltLedger, run: Run, tmp_path: Path) -> Path:
    root = built_ledger("layout", build(run))
    target = tmp_path / "台账.xlsx"
    result = run("export", "--output", str(target), ledger=root, today="2026-11-20")
    assert result.exit_code == 0, result
    return target


@pytest.fixture
def book(exported: Path) -> Any:
    return load_workbook(exported)


def head(sheet: Any, title: str, size: int, headers: list[str], widths: list[int]) -> None:
    """The title row (merged across, bold) and the header row (bold, blue-grey, centred)."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(headers))
    assert sheet["A1"].value == title and sheet["A1"].data_type == "s"
    assert (sheet["A1"].font.b, sheet["A1"].font.sz) == (True, size)
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert [c.value for c in sheet[2]] == headers
    for cell in sheet[2]:
        assert cell.font.b and cell.fill.fill_type == "solid", cell.coordinate
        assert cell.fill.fgColor.rgb == HEADER and cell.alignment.horizontal == "center"
    found = {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth}
    assert found == {get_column_letter(i): w for i, w in enumerate(widths, 1)}
    assert sheet.freeze_panes == "A3"
    assert sheet.data_validations.dataValidation == []  # the 台账 restricts no input
    assert not sheet.protection.sheet  # and is not locked (a packet is)


def test_ledger_sheet_cell_by_cell(book: Any) -> None:
    sheet = book["督查台账"]
    assert book.sheetnames == ["督查台账", "各单位统计", "节点任务"]
    head(sheet, "测试督查室督查事项台账（截至 2026年11月20日）", 14, HEADERS, WIDTHS)
    assert sheet["A1"].alignment.horizontal == sheet["A1"].alignment.vertical == "center"
    assert sheet.row_dimensions[1].height == 28
    assert all(c.alignment.wrap_text and c.alignment.vertical == "center" for c in sheet[2])
    assert sheet.auto_filter.ref == "A2:X7"
    assert sheet.max_row == 7 and sheet.max_column == 24
    for row, (values, fill) in zip(sheet.iter_rows(min_row=3), ROWS, strict=True):
        assert [c.value for c in row] == values, row[1].value
        for cell in row:
            where = cell.coordinate
            date = cell.column_letter in DATE_COLUMNS
            assert cell.number_format == (DATE if date else "General"), where
            assert cell.alignment.vertical == "top" and cell.alignment.wrap_text, where
            assert cell.alignment.horizontal is None and not cell.font.b, where
            if fill is None:
                assert cell.fill.fill_type is None, where
            else:
                assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", fill), where
            # text never a formula; formula-like text carries Excel's quote prefix
            assert cell.data_type != "f", where
            if isinstance(cell.value, str):
                assert cell.data_type == "s", where
                assert cell.quotePrefix == (cell.value in FORMULA_LIKE), where


def test_figures_and_milestone_sheets_cell_by_cell(book: Any) -> None:
    stats = book["各单位统计"]
    head(stats, "2026 年度各单位督查事项办理情况（截至 2026-11-20）", 13,
         ["单位", "事项数", "按时办结", "逾期办结", "超期未办结", "在办", "按时办结率"],
         [24, 9, 10, 10, 11, 8, 12])  # fmt: skip
    assert stats.auto_filter.ref is None
    figures = {r[0].value: r for r in stats.iter_rows(min_row=3)}
    # an item not yet assigned counts under "—" (no lead unit)
    assert set(figures) == {"市住房城乡建设局", "市城市管理局", "市教育局", "市水务局", "—"}
    assert [c.value for c in figures["市住房城乡建设局"][1:6]] == [1, 0, 0, 1, 1]
    for row in figures.values():
        assert row[6].number_format == "0.0%"
        assert all(c.number_format == "General" and c.fill.fill_type is None for c in row[:6])

    milestones = book["节点任务"]
    head(milestones, "节点任务对账表（截至 2026年11月20日）", 13,
         ["编号", "所属事项", "主办单位", "节点序号", "节点任务", "节点时限", "完成日期",
          "节点状态", "逾期天数"],
         [15, 40, 18, 9, 32, 12, 12, 14, 9])  # fmt: skip
    assert milestones.auto_filter.ref == "A2:I4"
    rows = [list(r) for r in milestones.iter_rows(min_row=3)]
    assert [[c.value for c in r] for r in rows] == [
        ["DC-2026-0005", "@所有人 重点项目", "市水务局", 1, "完成招标", D(2026, 11, 10), None,
         "逾期未完成", 10],
        ["DC-2026-0005", "@所有人 重点项目", "市水务局", 2, "开工建设", D(2026, 12, 10), None,
         "未到期", None],
    ]  # fmt: skip
    for row, fill in zip(rows, (RED, None), strict=True):
        for cell in row:
            date = cell.column_letter in ("F", "G")
            assert cell.number_format == (DATE if date else "General"), cell.coordinate
            assert (cell.fill.fgColor.rgb if cell.fill.fill_type else None) == fill
        assert row[1].data_type == "s" and row[1].quotePrefix  # '@…' stays text


def test_readers_see_the_sheets_size(exported: Path) -> None:
    """A reader that streams (openpyxl's read-only mode, as import and pandas use it)
    pads every row to the sheet's stated size: the title row is as wide as the rest."""
    streamed = load_workbook(exported, read_only=True)
    try:
        sizes = [s.calculate_dimension() for s in streamed.worksheets]
        assert sizes == ["A1:X7", "A1:G7", "A1:I4"]
        rows = list(streamed["督查台账"].iter_rows(values_only=True))
        assert [len(r) for r in rows] == [24] * 7
    finally:
        streamed.close()


def test_export_tells_its_progress(built_ledger: BuiltLedger, run: Run) -> None:
    """The bar on a terminal follows the rows as they are written, up to all of them."""
    import io

    from duchatai.app import spreadsheet_export
    from duchatai.store.ledger import Ledger

    ledger = Ledger(built_ledger("layout", build(run)))
    told: list[tuple[int, int | None]] = []
    out = io.BytesIO()
    count = spreadsheet_export.export(
        ledger, ledger.each_item, dt.date(2026, 11, 20), "xlsx", out,
        progress=lambda d, t: told.append((d, t)),
    )  # fmt: skip
    assert count == 5 and told[-1] == (5, 5) and out.getvalue()[:2] == b"PK"
