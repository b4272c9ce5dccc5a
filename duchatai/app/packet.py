"""Unit packets (without accounts or a server): ``packet --unit U`` writes a workbook of
the unit's open items with columns for the unit to fill; ``replies FILE`` records what
came back as reports, all rows or none.

The packet's sheet 反馈表 has the item columns locked (the sheet is protected,
without a password: it guards against slips, not people) and the columns to
fill open: 报告类型 (进展/结果), 进展/结果, 日期, 签发人, 是否盖章. A hidden
校验码 column holds each row's checksum: a hash of the item as it stood when
the packet was made. ``replies`` refuses the whole file when any filled row's
item has changed since (another report came in, a due date moved), or when any
cell cannot be read, naming sheet and row for every problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duchatai.core.model import Item

SHEET = "反馈表"
META_SHEET = "packet"
FIRST_ROW = 4
"""Row 1 the title, 2 what to do, 3 the headers; the items from row 4."""


@dataclass(frozen=True)
class PacketColumn:
    """A column of the packet: its key, its zh and en headers, its width, whether the
    unit fills it."""

    key: str
    zh: str
    en: str
    width: int
    fill: bool = False


COLUMNS = (
    PacketColumn("id", "事项编号", "Item", 15),
    PacketColumn("title", "督查事项", "Title", 36),
    PacketColumn("source", "来源", "Source", 22),
    PacketColumn("due", "办理时限", "Due", 12),
    PacketColumn("status", "状态", "Status", 10),
    PacketColumn("kind", "报告类型", "Kind", 10, fill=True),
    PacketColumn("text", "进展/结果", "Progress/result", 40, fill=True),
    PacketColumn("date", "日期", "Date", 12, fill=True),
    PacketColumn("signed_by", "签发人", "Signed by", 10, fill=True),
    PacketColumn("sealed", "是否盖章", "Sealed", 9, fill=True),
    PacketColumn("checksum", "校验码", "Checksum", 18),
)
HEADERS = {name: c.key for c in COLUMNS for name in (c.zh, c.en, c.key)}
FILL_KEYS = tuple(c.key for c in COLUMNS if c.fill)
FILL_COLOR = "FFF2CC"


def checksum(item: Item) -> str:
    """The item as it stands, hashed: any change to its record changes it."""
    data = json.dumps(item.to_record(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def packet_items(items: Sequence[Item], unit: str) -> list[Item]:
    """The open items ``unit`` leads, by due date then id (what it must answer for)."""
    return sorted(
        (i for i in items if i.is_open and i.lead_unit == unit), key=lambda i: (i.due, i.id)
    )


def workbook(
    items: Sequence[Item], unit: str, office: str, today: dt.date, commit: str
) -> bytes:
    """The packet of ``unit``: its open items, locked, with the columns to fill open."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from duchatai.app.xlsx_cells import print_ready, set_text
    from duchatai.core.messages import is_zh, t

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    last = get_column_letter(len(COLUMNS))
    title = f"{office}督查事项办理情况反馈表（{unit}，{today.isoformat()}）"
    set_text(sheet.cell(row=1, column=1), title)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    set_text(sheet.cell(row=2, column=1), t("packet_instructions"))
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 45
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=3, column=index, value=column.zh if is_zh() else column.en)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    _item_rows(sheet, items)
    end = FIRST_ROW + max(len(items), 1) - 1
    _validations(sheet, end, DataValidation)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # the unit may widen a column to read
    sheet.protection.formatRows = False
    print_ready(sheet)
    sheet.print_title_rows = "3:3"
    meta = book.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(
        (("unit", unit), ("made", today.isoformat()), ("commit", commit), ("office", office)), 1
    ):
        set_text(meta.cell(row=row, column=1), key)
        set_text(meta.cell(row=row, column=2), value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _item_rows(sheet: Any, items: Sequence[Item]) -> None:
    """One row per item from ``FIRST_ROW``: the item's columns locked, the rest open."""
    from openpyxl.styles import Alignment, PatternFill, Protection

    from duchatai.app.xlsx_cells import set_text
    from duchatai.core.messages import STATUS_LABELS, label

    fill = PatternFill("solid", fgColor=FILL_COLOR)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, item in enumerate(items, FIRST_ROW):
        values = {
            "id": item.id,
            "title": item.title,
            "source": item.source,
            "due": item.due,
            "status": label(STATUS_LABELS, item.status.value),
            "checksum": checksum(item),
        }
        for index, column in enumerate(COLUMNS, 1):
            cell = sheet.cell(row=row, column=index)
            set_text(cell, values.get(column.key))
            cell.alignment = wrap
            if column.key in ("due", "date"):
                cell.number_format = "yyyy-mm-dd"
            if column.fill:
                cell.fill = fill
                cell.protection = Protection(locked=False)


def _validations(sheet: Any, end: int, validation: Any) -> None:
    """Drop-down lists for 报告类型 and 是否盖章, a date check for 日期."""
    from openpyxl.utils import get_column_letter

    from duchatai.core.messages import t

    def column(key: str) -> str:
        index = next(i for i, c in enumerate(COLUMNS, 1) if c.key == key)
        letter = get_column_letter(index)
        return f"{letter}{FIRST_ROW}:{letter}{end}"

    kinds = validation(type="list", formula1='"进展,结果"', allow_blank=True)
    kinds.error = t("packet_kind_hint")
    kinds.add(column("kind"))
    sealed = validation(type="list", formula1='"是,否"', allow_blank=True)
    sealed.add(column("sealed"))
    dates = validation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    dates.error = t("packet_date_hint")
    dates.add(column("date"))
    for each in (kinds, sealed, dates):
        each.showErrorMessage = True
        sheet.add_data_validation(each)
