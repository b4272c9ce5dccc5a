"""Export: the chosen items as CSV, as JSON or as the 台账 workbook (an xlsx with a
title row, a frozen header, one coloured row per item and a sheet of unit figures).

The columns and the cells of a row are ``spreadsheet.py``'s; this module only
lays them out in a file format. Library only: functions return bytes, never print.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.app.spreadsheet import COLUMNS, item_json, row_values, select, zh_label
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import MILESTONE_STATE_LABELS, t
from duchatai.core.milestones import DONE, DONE_LATE, OVERDUE, milestone_state
from duchatai.core.model import Item
from duchatai.core.text import neutralise_cell, xlsx_safe

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

FORMATS = ("xlsx", "csv", "json")
SHEET_NAME = "督查台账"
STATS_SHEET = "各单位统计"
MILESTONE_SHEET = "节点任务"
DATE_FORMAT = "yyyy-mm-dd"
RED_FILL = "FFFFC7CE"  # Excel's "light red fill": overdue (超期)
YELLOW_FILL = "FFFFF2CC"  # light yellow: due within the warning window (即将到期)
HEADER_FILL = "FFD9E1F2"

STATS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("单位", 24),
    ("事项数", 9),
    ("按时办结", 10),
    ("逾期办结", 10),
    ("超期未办结", 11),
    ("在办", 8),
    ("按时办结率", 12),
)


MILESTONE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("编号", 15, "text"),
    ("所属事项", 40, "text"),  # not 事项名称: import reads a sheet with a title column as items
    ("主办单位", 18, "text"),
    ("节点序号", 9, "int"),
    ("节点任务", 32, "text"),
    ("节点时限", 12, "date"),
    ("完成日期", 12, "date"),
    ("节点状态", 14, "text"),
    ("逾期天数", 9, "int"),
)
"""The 节点任务 sheet (第八条(六) 对账): header, width and kind of each column."""


def choose_format(given: str | None, output: str | None) -> str:
    """The export's format: ``--format``, else the output file's suffix, else xlsx.

    An unknown format is refused, and so is an output file whose suffix says
    otherwise (``--format csv --output 台账.xlsx``) or says no format at all
    (``--output x.txt``): the file's name must not lie about what it holds.
    A file without a suffix takes ``--format`` (xlsx when absent).
    """
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if given is None:
        if suffix and suffix not in FORMATS:
            raise InvalidInput(t("export_suffix_unknown", path=output, suffix=suffix))
        return suffix or "xlsx"
    fmt = given.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            t("unknown_choice", what="--format", value=given, choices=", ".join(FORMATS))
        )
    if suffix and suffix != fmt:
        raise InvalidInput(t("export_suffix_contradicts", path=output, suffix=suffix, fmt=fmt))
    return fmt


def item_light(item: Item, today: dt.date, ledger: Ledger) -> str | None:
    """红/黄/蓝/绿 as ``reports.light`` gives it with the ledger's warning windows."""
    from duchatai.reports.data import light

    return light(
        item,
        today,
        ledger.calendar,
        ledger.profile,
        warn_workdays=ledger.config.warn_workdays,
        approach_workdays=ledger.config.approach_workdays,
    )


def export(
    ledger: Ledger,
    items: Sequence[Item],
    today: dt.date,
    fmt: str,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
    archived: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, int]:
    """The chosen items as ``fmt`` (xlsx, csv or json): the bytes and how many items.

    ``archived`` (``export --all``) adds the archived items to the open and
    closed ones; withdrawn items never count. ``progress(done, total)`` is told of
    the rows of an xlsx as they are laid out.
    """
    fmt = choose_format(fmt, None)
    if archived and status is not None:
        raise InvalidInput(t("export_all_with_status"))
    chosen = select(items, ledger, status=status, unit=unit, category=category, archived=archived)
    if fmt == "json":
        data = [item_json(i, today, ledger) for i in chosen]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8"), len(chosen)
    if fmt == "csv":
        return to_csv(chosen, today, ledger), len(chosen)
    # The unit figures count every item of the year for the chosen units and
    # categories, archived ones included: the status filter narrows the rows only.
    pool = select(items, ledger, unit=unit, category=category) + select(
        items, ledger, status="archived", unit=unit, category=category
    )
    return to_xlsx(chosen, today, ledger, stats_items=pool, progress=progress), len(chosen)


def to_csv(items: Sequence[Item], today: dt.date, ledger: Ledger) -> bytes:
    """UTF-8 with a BOM (so that Excel reads it as UTF-8), header first, ISO dates."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for number, item in enumerate(items, 1):
        # Text that a spreadsheet would run as a formula gets a ' in front
        # (OWASP CSV injection); import takes it off again.
        writer.writerow(
            [
                v.isoformat() if isinstance(v, dt.date) else "" if v is None else neutralise_cell(v)
                for v in row_values(item, number, today, ledger)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def sheet_title(office: str, today: dt.date) -> str:
    """The title row: the office and the as-of date."""
    return f"{office}督查事项台账（截至 {today.year}年{today.month}月{today.day}日）"


def to_xlsx(
    items: Sequence[Item],
    today: dt.date,
    ledger: Ledger,
    *,
    stats_items: Sequence[Item] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The 台账 workbook: a title row, a frozen header, one row per item, unit figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    width = len(COLUMNS)
    last = get_column_letter(width)
    set_text(sheet.cell(row=1, column=1), sheet_title(ledger.config.office, today))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=2, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _item_rows(sheet, items, today, ledger, progress)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{max(2, len(items) + 2)}"
    _stats_sheet(book, stats_items if stats_items is not None else items, today, ledger)
    _milestone_sheet(book, items, today)
    for each in book.worksheets:
        print_ready(each)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _item_rows(
    sheet: Any,
    items: Sequence[Item],
    today: dt.date,
    ledger: Ledger,
    progress: Callable[[int, int], None] | None,
) -> None:
    """One row per item from row 3, red or yellow by its light, dates formatted.

    Styling a cell through openpyxl's descriptors hashes every style object each
    time (about half of an export of 10,000 items): each combination of date
    format and fill is styled once, and its style array copied to the other cells.
    """
    from openpyxl.styles import Alignment, PatternFill

    fills = {
        "red": PatternFill("solid", fgColor=RED_FILL),
        "yellow": PatternFill("solid", fgColor=YELLOW_FILL),
    }
    wrap = Alignment(vertical="top", wrap_text=True)
    styles: dict[tuple[bool, str], Any] = {}
    for number, item in enumerate(items, 1):
        if progress is not None and (number % 100 == 0 or number == len(items)):
            progress(number, len(items))
        row = number + 2
        light = item_light(item, today, ledger) or ""
        fill = fills.get(light)
        for index, (column, value) in enumerate(
            zip(COLUMNS, row_values(item, number, today, ledger), strict=True), 1
        ):
            cell = sheet.cell(row=row, column=index)
            key = (column.kind == "date", light if fill is not None else "")
            if key in styles:
                cell._style = copy.copy(styles[key])
            else:
                cell.alignment = wrap
                if column.kind == "date":
                    cell.number_format = DATE_FORMAT
                if fill is not None:
                    cell.fill = fill
                styles[key] = copy.copy(cell._style)
            set_text(cell, value)  # after the style: its quote prefix is the cell's own


def print_ready(sheet: Any) -> None:
    """Set ``sheet`` up to print as the office files it: A4 landscape, every column
    on the page's width (as many pages down as it takes), the title and header rows
    (1–2) repeated at the top of every page, the page number in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: no limit on the pages down
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in ``cell``; text always as text, never as a formula.

    openpyxl takes any string starting with ``=`` for a formula: text is
    stored as a string cell instead, and a cell that a spreadsheet would read as
    a formula (``=``, ``+``, ``-``, ``@``…) gets Excel's own guard, the quote
    prefix (what typing a leading ``'`` does: shown without the ``'``, never
    run). Characters XML cannot hold (hand edits) are shown visibly, as
    openpyxl would refuse the whole workbook.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    text = xlsx_safe(value)
    cell.value = text
    cell.data_type = "s"
    if neutralise_cell(text) is not text:
        cell.quotePrefix = True


def _stats_sheet(book: Any, items: Sequence[Item], today: dt.date, ledger: Ledger) -> None:
    """各单位统计: the figures of ``stats`` for the as-of year (第十九条)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from duchatai.reports.data import as_of_all
    from duchatai.reports.figures import stats

    sheet = book.create_sheet(STATS_SHEET)
    rows = stats(as_of_all(items, today), today.year, today, ledger.profile)
    title = f"{today.year} 年度各单位督查事项办理情况（截至 {today.isoformat()}）"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.merge_cells(f"A1:{get_column_letter(len(STATS_COLUMNS))}1")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, (header, width) in enumerate(STATS_COLUMNS, 1):
        cell = sheet.cell(row=2, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, unit in enumerate(rows, 3):
        values: list[Any] = [
            xlsx_safe(unit.unit),
            unit.items,
            unit.closed_on_time,
            unit.closed_late,
            unit.open_overdue,
            unit.open,
            unit.on_time_rate,
        ]
        for index, value in enumerate(values, 1):
            cell = sheet.cell(row=offset, column=index)
            set_text(cell, value)
            if index == len(values):
                cell.number_format = "0.0%"
    sheet.freeze_panes = "A3"


def milestone_rows(items: Sequence[Item], today: dt.date) -> list[tuple[list[Any], str]]:
    """Every milestone of the items, in item order, with its state as of ``today``
    (``core.milestones.milestone_state``): the cells of ``MILESTONE_COLUMNS`` and the state.

    逾期天数 is the days past its date of a late milestone, or of one done late.
    """
    rows: list[tuple[list[Any], str]] = []
    for item in items:
        for n, m in enumerate(item.milestones, 1):
            state = milestone_state(m.due, m.done, today, item_open=item.is_open)
            late = {OVERDUE: today, DONE_LATE: m.done}.get(state)
            rows.append(
                (
                    [
                        item.id,
                        item.title,
                        item.lead_unit,
                        n,
                        m.title,
                        m.due,
                        m.done if state in (DONE, DONE_LATE) else None,
                        zh_label(MILESTONE_STATE_LABELS, state),
                        (late - m.due).days if late is not None else None,
                    ],
                    state,
                )
            )
    return rows


def _milestone_sheet(book: Any, items: Sequence[Item], today: dt.date) -> None:
    """节点任务: every milestone of the chosen items and its state; late ones in red."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(MILESTONE_SHEET)
    title = f"节点任务对账表（截至 {today.year}年{today.month}月{today.day}日）"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    last = get_column_letter(len(MILESTONE_COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, (header, width, _) in enumerate(MILESTONE_COLUMNS, 1):
        cell = sheet.cell(row=2, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    red = PatternFill("solid", fgColor=RED_FILL)
    rows = milestone_rows(items, today)
    for offset, (values, state) in enumerate(rows, 3):
        cells = zip(MILESTONE_COLUMNS, values, strict=True)
        for index, ((_, _, kind), value) in enumerate(cells, 1):
            cell = sheet.cell(row=offset, column=index)
            set_text(cell, value)
            if kind == "date":
                cell.number_format = DATE_FORMAT
            if state == OVERDUE:
                cell.fill = red
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{max(2, len(rows) + 2)}"
