"""Export: the chosen items as CSV, as JSON or as the 台账 workbook (an xlsx with a
title row, a frozen header, one coloured row per item and a sheet of unit figures).

The columns and the cells of a row are ``spreadsheet.py``'s; this module only
lays them out in a file format. Library only: functions return bytes, never print.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.app.spreadsheet import COLUMNS, item_json, row_values, select, zh_label
from duchatai.app.xlsx_cells import Cells, Look, head
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import MILESTONE_STATE_LABELS, t
from duchatai.core.milestones import DONE, DONE_LATE, OVERDUE, milestone_state
from duchatai.core.model import Item
from duchatai.core.text import neutralise_cell

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

FORMATS = ("xlsx", "csv", "json")
SHEET_NAME = "督查台账"
STATS_SHEET = "各单位统计"
MILESTONE_SHEET = "节点任务"
DATE_FORMAT = "yyyy-mm-dd"
RED_FILL = "FFFFC7CE"  # Excel's "light red fill": overdue (超期)
YELLOW_FILL = "FFFFF2CC"  # light yellow: due within the warning window (即将到期)

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
    """The 台账 workbook: a title row, a frozen header, one row per item, unit figures.

    The sheets are written row by row as they are made (openpyxl's write-only
    mode): a workbook of 10,000 items is never held as cell objects in memory,
    and the progress bar follows the writing itself.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _item_sheet(book, items, today, ledger, progress)
    _stats_sheet(book, stats_items if stats_items is not None else items, today, ledger)
    _milestone_sheet(book, items, today)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _item_sheet(
    book: Any,
    items: Sequence[Item],
    today: dt.date,
    ledger: Ledger,
    progress: Callable[[int, int], None] | None,
) -> None:
    """督查台账: one row per item from row 3, red or yellow by its light, dates formatted."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(SHEET_NAME)
    cells = Cells(sheet)
    wrap = Alignment(vertical="top", wrap_text=True)
    looks: dict[str, list[Look]] = {}
    for light, colour in (("", None), ("red", RED_FILL), ("yellow", YELLOW_FILL)):
        fill = None if colour is None else PatternFill("solid", fgColor=colour)
        looks[light] = [
            cells.look(
                alignment=wrap, fill=fill, number_format=DATE_FORMAT if c.kind == "date" else None
            )
            for c in COLUMNS
        ]
    sheet.row_dimensions[1].height = 28
    head(
        cells,
        sheet_title(ledger.config.office, today),
        [(c.header, c.width) for c in COLUMNS],
        title_look=cells.look(
            font=Font(bold=True, size=14),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        header=Alignment(horizontal="center", vertical="center", wrap_text=True),
        rows=len(items),
    )
    for number, item in enumerate(items, 1):
        if progress is not None and (number % 100 == 0 or number == len(items)):
            progress(number, len(items))
        look = looks.get(item_light(item, today, ledger) or "", looks[""])
        values = row_values(item, number, today, ledger)
        sheet.append([cells(v, s) for v, s in zip(values, look, strict=True)])


def _stats_sheet(book: Any, items: Sequence[Item], today: dt.date, ledger: Ledger) -> None:
    """各单位统计: the figures of ``stats`` for the as-of year (第十九条)."""
    from openpyxl.styles import Alignment, Font

    from duchatai.reports.data import as_of_all
    from duchatai.reports.figures import stats

    sheet = book.create_sheet(STATS_SHEET)
    cells = Cells(sheet)
    rows = stats(as_of_all(items, today), today.year, today, ledger.profile)
    head(
        cells,
        f"{today.year} 年度各单位督查事项办理情况（截至 {today.isoformat()}）",
        STATS_COLUMNS,
        title_look=cells.look(font=Font(bold=True, size=13)),
        header=Alignment(horizontal="center"),
        rows=len(rows),
        filtered=False,
    )
    plain, rate = cells.look(), cells.look(number_format="0.0%")
    for unit in rows:
        values: list[Any] = [
            unit.unit,
            unit.items,
            unit.closed_on_time,
            unit.closed_late,
            unit.open_overdue,
            unit.open,
        ]
        sheet.append([cells(v, plain) for v in values] + [cells(unit.on_time_rate, rate)])


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

    sheet = book.create_sheet(MILESTONE_SHEET)
    cells = Cells(sheet)
    rows = milestone_rows(items, today)
    head(
        cells,
        f"节点任务对账表（截至 {today.year}年{today.month}月{today.day}日）",
        [(header, width) for header, width, _ in MILESTONE_COLUMNS],
        title_look=cells.look(font=Font(bold=True, size=13)),
        header=Alignment(horizontal="center"),
        rows=len(rows),
    )
    red = PatternFill("solid", fgColor=RED_FILL)
    looks = {
        late: [
            cells.look(
                fill=red if late else None, number_format=DATE_FORMAT if kind == "date" else None
            )
            for _, _, kind in MILESTONE_COLUMNS
        ]
        for late in (False, True)
    }
    for values, state in rows:
        look = looks[state == OVERDUE]
        sheet.append([cells(v, s) for v, s in zip(values, look, strict=True)])
