"""The ledger as the office's spreadsheet (督查台账 台账.xlsx), as CSV and as JSON.

This module holds the columns (the office's order and Chinese headers, which
are a file format like JSON keys, so they do not follow ``--lang``) and the
export side. Turning a spreadsheet back into items is ``spreadsheet_import.py``
(which reads the columns from here: the dependency points one way). Library
only: functions return bytes and data, never print.

Export derives a few columns that the ledger does not store as such (序号,
最新进展, 延期情况, 催办次数, 是否超期): they summarise the item's history,
which stays in the item file and in git; import reads them as notes only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.core.dates import json_default
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import (
    CATEGORY_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    REPORT_LABELS,
    STATUS_LABELS,
    t,
)
from duchatai.core.model import Item, Status
from duchatai.core.text import neutralise_cell, xlsx_safe

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

FORMATS = ("xlsx", "csv", "json")
SHEET_NAME = "督查台账"
STATS_SHEET = "各单位统计"
DATE_FORMAT = "yyyy-mm-dd"
RED_FILL = "FFFFC7CE"  # Excel's "light red fill": overdue (超期)
YELLOW_FILL = "FFFFF2CC"  # light yellow: due within the warning window (即将到期)
HEADER_FILL = "FFD9E1F2"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    """One column of the 台账: the field it carries, its header, width and type."""

    key: str
    header: str
    width: int
    kind: str = "text"
    """``text``, ``date`` or ``int``."""


COLUMNS: tuple[Column, ...] = (
    Column("no", "序号", 6, "int"),
    Column("id", "编号", 15),
    Column("title", "事项名称", 40),
    Column("category", "类别", 16),
    Column("source", "来源", 24),
    Column("lead_unit", "主办单位", 18),
    Column("co_units", "协办单位", 24),
    Column("responsible", "责任人", 10),
    Column("start", "立项日期", 12, "date"),
    Column("due", "办理时限", 12, "date"),
    Column("status", "办理状态", 10),
    Column("progress", "最新进展", 40),
    Column("extensions", "延期情况", 32),
    Column("urges", "催办次数", 9, "int"),
    Column("overdue", "是否超期", 9),
    Column("methods", "督查方式", 18),
    Column("kind", "督查类型", 10),
    Column("weekly", "周报制", 8),
    Column("complex", "复杂事项", 9),
    Column("assigned_on", "交办日期", 12, "date"),
    Column("approved_by", "审定人", 10),
    Column("closed_on", "办结日期", 12, "date"),
)
DERIVED = frozenset({"no", "progress", "extensions", "urges", "overdue"})
"""Columns computed from the item's history: written on export, not imported."""

STATS_COLUMNS: tuple[tuple[str, int], ...] = (
    ("单位", 24),
    ("事项数", 9),
    ("按时办结", 10),
    ("逾期办结", 10),
    ("超期未办结", 11),
    ("在办", 8),
    ("按时办结率", 12),
)


def zh_label(table: dict[str, tuple[str, str]], key: str) -> str:
    """The Chinese label of ``key`` whatever the language in force (the sheet is Chinese)."""
    pair = table.get(key)
    return pair[0] if pair else key


# -- JSON ------------------------------------------------------------------------


def item_json(item: Item, today: dt.date, ledger: Ledger) -> dict[str, Any]:
    """An item as ``show --json`` gives it (also ``list --json`` and ``export --format json``)."""
    from duchatai.core.deadlines import is_overdue

    record = item.to_record()
    record["path"] = ledger.relative(item.path) if item.path else None
    record["overdue"] = is_overdue(item, today, ledger.profile)
    plain: dict[str, Any] = json.loads(json.dumps(record, default=json_default))
    return plain


# -- choosing what to export -----------------------------------------------------


def choose_format(given: str | None, output: str | None) -> str:
    """``--format``, else the output file's suffix, else xlsx; unknown ones are refused."""
    if given is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        return suffix if suffix in FORMATS else "xlsx"
    fmt = given.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            t("unknown_choice", what="--format", value=given, choices=", ".join(FORMATS))
        )
    return fmt


def check_filters(ledger: Ledger, status: str | None, category: str | None) -> None:
    """Refuse an unknown ``--status`` or ``--category`` (before any item is read)."""
    if status is not None and status not in {s.value for s in Status}:
        raise InvalidInput(
            t(
                "unknown_choice",
                what="--status",
                value=status,
                choices=", ".join(s.value for s in Status),
            )
        )
    if category is not None:
        from duchatai.core.deadlines import category_rule

        category_rule(ledger.profile, category)


def select(
    items: Iterable[Item],
    ledger: Ledger,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
) -> list[Item]:
    """The items ``list`` would show for these filters, sorted by id.

    Archived items only with ``status="archived"``; ``unit`` matches the lead
    unit or a co-unit.
    """
    check_filters(ledger, status, category)
    chosen = [
        i
        for i in items
        if (status is None and i.status != Status.ARCHIVED or i.status.value == status)
        and (unit is None or unit == i.lead_unit or unit in i.co_units)
        and (category is None or i.category == category)
    ]
    return sorted(chosen, key=lambda i: i.id)


# -- rows ----------------------------------------------------------------------


def _progress(item: Item) -> str:
    if not item.reports:
        return ""
    last = item.reports[-1]
    return f"{last.date.isoformat()} {zh_label(REPORT_LABELS, last.kind)}:{last.text}"


def _extensions(item: Item) -> str:
    parts = []
    for e in item.extensions:
        late = "(逾期申请)" if e.late else ""
        parts.append(f"{e.date.isoformat()} 延期至 {e.until.isoformat()}{late}:{e.reason}")
    return ";".join(parts)


def _yes(value: bool) -> str:
    return YES if value else NO


def row_values(item: Item, number: int, today: dt.date, ledger: Ledger) -> list[Any]:
    """The item's cells in the order of ``COLUMNS`` (dates as ``date``, counts as ``int``)."""
    from duchatai.core.deadlines import is_overdue

    values: dict[str, Any] = {
        "no": number,
        "id": item.id,
        "title": item.title,
        "category": zh_label(CATEGORY_LABELS, item.category),
        "source": item.source,
        "lead_unit": item.lead_unit,
        "co_units": "、".join(item.co_units),
        "responsible": item.responsible,
        "start": item.start,
        "due": item.due,
        "status": zh_label(STATUS_LABELS, item.status.value),
        "progress": _progress(item),
        "extensions": _extensions(item),
        "urges": len(item.urges),
        "overdue": _yes(is_overdue(item, today, ledger.profile)),
        "methods": "、".join(zh_label(METHOD_LABELS, m) for m in item.methods),
        "kind": zh_label(KIND_LABELS, item.kind),
        "weekly": _yes(item.weekly),
        "complex": _yes(item.complex),
        "assigned_on": item.assigned_on,
        "approved_by": item.approved_by,
        "closed_on": item.closed_on,
    }
    return [values[c.key] for c in COLUMNS]


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


# -- the formats -----------------------------------------------------------------


def export(
    ledger: Ledger,
    items: Sequence[Item],
    today: dt.date,
    fmt: str,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
) -> tuple[bytes, int]:
    """The chosen items as ``fmt`` (xlsx, csv or json): the bytes and how many items."""
    fmt = choose_format(fmt, None)
    chosen = select(items, ledger, status=status, unit=unit, category=category)
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
    return to_xlsx(chosen, today, ledger, stats_items=pool), len(chosen)


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
    return f"{office}督查事项台账(截至 {today.year}年{today.month}月{today.day}日)"


def to_xlsx(
    items: Sequence[Item],
    today: dt.date,
    ledger: Ledger,
    *,
    stats_items: Sequence[Item] | None = None,
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
    _set_text(sheet.cell(row=1, column=1), sheet_title(ledger.config.office, today))
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
    fills = {
        "red": PatternFill("solid", fgColor=RED_FILL),
        "yellow": PatternFill("solid", fgColor=YELLOW_FILL),
    }
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, item in enumerate(items, 1):
        row = number + 2
        fill = fills.get(item_light(item, today, ledger) or "")
        for index, (column, value) in enumerate(
            zip(COLUMNS, row_values(item, number, today, ledger), strict=True), 1
        ):
            cell = sheet.cell(row=row, column=index)
            _set_text(cell, value)
            cell.alignment = wrap
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            if fill is not None:
                cell.fill = fill
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{max(2, len(items) + 2)}"
    _stats_sheet(book, stats_items if stats_items is not None else items, today, ledger)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_text(cell: Any, value: Any) -> None:
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
    title = f"{today.year} 年度各单位督查事项办理情况(截至 {today.isoformat()})"
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
            _set_text(cell, value)
            if index == len(values):
                cell.number_format = "0.0%"
    sheet.freeze_panes = "A3"

