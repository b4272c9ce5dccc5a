"""The 台账 workbook (``export``'s xlsx): a title row, a frozen header, one coloured row
per item, a sheet of unit figures and one of milestones, as the office files and prints it.

Written row by row in openpyxl's write-only mode from the items as the ledger hands
them over (``spreadsheet.each_chosen``), holding none of them: a sheet's size must be
stated before its first row, so the rows are spooled to a temporary file first. The
cells are ``spreadsheet.py``'s, their looks and the print set-up ``xlsx_cells``'.
Library only: functions write to the file they are given, never print.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from duchatai.app.spreadsheet import (
    COLUMNS,
    Each,
    Progress,
    Sink,
    each_chosen,
    row_values,
    zh_label,
)
from duchatai.app.xlsx_cells import Cells, Look, head
from duchatai.core.assessment import tally_of
from duchatai.core.history import as_of
from duchatai.core.messages import MILESTONE_STATE_LABELS
from duchatai.core.milestones import DONE, DONE_LATE, OVERDUE, milestone_state
from duchatai.core.model import Item
from duchatai.core.tally import Tally
from duchatai.reports.figures import UnitStats, tally_stats

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

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


def sheet_title(office: str, today: dt.date) -> str:
    """The title row: the office and the as-of date."""
    return f"{office}督查事项台账（截至 {today.year}年{today.month}月{today.day}日）"


@dataclass
class _Read:
    """What the first pass of an xlsx export keeps: the rows spooled, the milestones'
    rows and the tallies of the unit figures' items (small beside the items)."""

    rows: int = 0
    milestones: list[tuple[list[Any], str]] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)


def write_xlsx(
    each: Each,
    chosen: Callable[[Item], bool],
    pooled: Callable[[Item], bool],
    today: dt.date,
    ledger: Ledger,
    out: Sink,
    progress: Progress | None = None,
) -> int:
    """The 台账 workbook: a title row, a frozen header, one row per chosen item, the unit
    figures of the ``pooled`` items (``figures.stats``) and the chosen items' milestones.

    The sheets are written row by row (openpyxl's write-only mode), which must state
    each sheet's size before its first row: the items are first made into rows as
    they are handed over and spooled to a temporary file, then laid out, so no item
    and no sheet is ever held whole. The progress bar follows both passes.
    """
    from openpyxl import Workbook

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        read = _spool_rows(each, chosen, pooled, today, ledger, spool, progress)
        spool.seek(0)
        book = Workbook(write_only=True)
        _item_sheet(book, _unspooled(spool), read.rows, today, ledger, progress)
        figures = tally_stats(read.tallies, today.year, today, ledger.profile)
        _stats_sheet(book, figures, today)
        _milestone_sheet(book, read.milestones, today)
        book.save(out)
    return read.rows


_DATES = [c.kind == "date" for c in COLUMNS]
"""Which cells of a row are dates: spooled as their day numbers (``date.toordinal``)."""


def _spool_rows(
    each: Each,
    chosen: Callable[[Item], bool],
    pooled: Callable[[Item], bool],
    today: dt.date,
    ledger: Ledger,
    spool: TextIO,
    progress: Progress | None,
) -> _Read:
    """Each chosen item's light and cells, one JSON line each (dates as day numbers), its
    milestones' rows; the tally of each pooled item as it stood on ``today``: the figures
    ``figures.stats`` makes of the items as they stood (``reports.data.as_of_all``), from
    a tally each instead of the items."""
    read = _Read()

    def tally(item: Item) -> None:
        past = as_of(item, today) if pooled(item) else None
        if past is not None:
            read.tallies.append(tally_of(past))

    def put(item: Item, number: int) -> None:
        values = row_values(item, number, today, ledger)
        cells = [
            v.toordinal() if date and v is not None else v
            for v, date in zip(values, _DATES, strict=True)
        ]
        spool.write(json.dumps([item_light(item, today, ledger), *cells]) + "\n")
        read.milestones += milestone_rows([item], today)

    read.rows = each_chosen(each, chosen, put, progress, seen=tally)
    return read


def _unspooled(spool: TextIO) -> Iterator[tuple[str | None, list[Any]]]:
    """The rows ``_spool_rows`` wrote, read back one at a time."""
    for line in spool:
        light, *cells = json.loads(line)
        yield light, [
            dt.date.fromordinal(v) if date and v is not None else v
            for v, date in zip(cells, _DATES, strict=True)
        ]


def _item_sheet(
    book: Any,
    rows: Iterable[tuple[str | None, list[Any]]],
    count: int,
    today: dt.date,
    ledger: Ledger,
    progress: Progress | None,
) -> None:
    """督查台账: the ``count`` rows from row 3, red or yellow by their light, dates formatted."""
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
        rows=count,
    )
    for number, (shade, values) in enumerate(rows, 1):
        if progress is not None and (number % 100 == 0 or number == count):
            progress(number, count)
        look = looks.get(shade or "", looks[""])
        sheet.append([cells(v, s) for v, s in zip(values, look, strict=True)])


def _stats_sheet(book: Any, rows: list[UnitStats], today: dt.date) -> None:
    """各单位统计: the figures of ``stats`` for the as-of year (第十九条)."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(STATS_SHEET)
    cells = Cells(sheet)
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


def _milestone_sheet(book: Any, rows: list[tuple[list[Any], str]], today: dt.date) -> None:
    """节点任务: every milestone of the chosen items (``milestone_rows``) and its state; late
    ones in red."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(MILESTONE_SHEET)
    cells = Cells(sheet)
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
