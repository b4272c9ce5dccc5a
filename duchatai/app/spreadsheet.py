"""The ledger as the office's spreadsheet (督查台账 台账.xlsx), as CSV and as JSON.

This module holds the columns (the office's order and Chinese headers, which
are a file format like JSON keys, so they do not follow ``--lang``), which items
a filter chooses, and what goes in each cell. Writing them as a file is
``spreadsheet_export.py``; turning a spreadsheet back into items is
``spreadsheet_import.py`` (both read the columns from here: the dependencies
point one way). Library only: functions return data, never print.

Export derives a few columns that the ledger does not store as such (序号,
最新进展, 延期情况, 催办次数, 是否超期, 逾期节点任务): they summarise the item's history,
which stays in the item file and in git; import reads them as notes only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

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
from duchatai.core.milestones import milestone_overdue
from duchatai.core.model import Item, Status

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

YES, NO = "是", "否"

Each = Callable[[Callable[[Item], None]], object]
"""Hands every item of the ledger to its argument, one at a time in id order, keeping
none (``Ledger.each_item``; ``commands.common.read_each`` names the broken files)."""

Progress = Callable[[int, int | None], None]
"""Told ``(done, total)`` as an export's rows go; ``total`` None while it is not known."""


class Sink(Protocol):
    """Where an export's bytes go: a file open for writing (``store.output.output_file``)."""

    def write(self, data: bytes, /) -> object: ...


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
    Column("weeks_missed", "缺报周报", 24),
    Column("complex", "复杂事项", 9),
    Column("assigned_on", "交办日期", 12, "date"),
    Column("approved_by", "审定人", 10),
    Column("closed_on", "办结日期", 12, "date"),
    Column("milestones_overdue", "逾期节点任务", 32),
)
DERIVED = frozenset(
    {"no", "progress", "extensions", "urges", "overdue", "weeks_missed", "milestones_overdue"}
)
"""Columns computed from the item's history: written on export, not imported."""

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
    record["weekly_duty"] = weekly_duty_json(item, today, ledger)
    plain: dict[str, Any] = json.loads(json.dumps(record, default=json_default))
    return plain


@contextlib.contextmanager
def json_items(
    write: Callable[[str], object], today: dt.date, ledger: Ledger
) -> Iterator[Callable[[Item], None]]:
    """A JSON list of ``item_json``, each item's written through ``write`` as it is handed
    over (``list --json``, ``export --format json``): the text of ``json.dumps`` of the
    whole list (``ensure_ascii=False``, ``indent=2``) and a newline, without the items
    (or their JSON) held at once. Nothing closes the list when the block raises."""
    written = 0

    def put(item: Item) -> None:
        nonlocal written
        text = json.dumps(item_json(item, today, ledger), ensure_ascii=False, indent=2)
        # One level deeper, as in the list (a JSON string holds no raw line break).
        write(("[\n  " if not written else ",\n  ") + text.replace("\n", "\n  "))
        written += 1

    yield put
    write("\n]\n" if written else "[]\n")


def weekly_duty_json(item: Item, today: dt.date, ledger: Ledger) -> dict[str, Any] | None:
    """The item's weekly duty (``weeklyduty``) for JSON: since, why, until, weeks missed."""
    from duchatai.core.weeklyduty import missed_weeks, week_label, weekly_duty

    rule = ledger.profile.categories.get(item.category)
    duty = weekly_duty(item, rule)
    if duty is None:
        return None
    return {
        "since": duty.since.isoformat(),
        "reason": duty.reason,
        "progress_on": None if duty.progress_on is None else duty.progress_on.isoformat(),
        "ended": None if duty.ended is None else duty.ended.isoformat(),
        "missed_weeks": [week_label(m) for m in missed_weeks(item, rule, today)],
    }


def _weeks_missed(item: Item, today: dt.date, ledger: Ledger) -> str:
    from duchatai.core.weeklyduty import missed_weeks, week_label

    rule = ledger.profile.categories.get(item.category)
    return "、".join(week_label(m) for m in missed_weeks(item, rule, today))


# -- choosing what to export -----------------------------------------------------


def check_filters(
    ledger: Ledger, status: str | None, category: str | None, unit: str | None = None
) -> tuple[str | None, str | None]:
    """Refuse an unknown ``--status``, ``--category`` or ``--unit`` (before any item is read);
    the status and category keys they name (``names.resolve``: ``已交办`` is ``assigned``).

    A unit is checked as every unit is (``units.check_unit``): against the
    config's list when it has one, with the nearest names; any name otherwise.
    """
    from duchatai.core import names

    if status is not None:
        keys = [s.value for s in Status]
        found = names.resolve("status", status, keys)
        if found is None:
            raise InvalidInput(
                t("unknown_choice", what="--status", value=status,
                  choices=names.choices("status", keys))
            )
        status = found
    if category is not None:
        from duchatai.core.deadlines import category_rule

        category = category_rule(ledger.profile, category).key
    if unit is not None:
        from duchatai.core.units import check_unit

        check_unit(unit, ledger.config.units)
    return status, category


class Listable(Protocol):
    """What ``select`` filters by: an ``Item``, or its ``Line`` (``list`` from the cache)."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def lead_unit(self) -> str: ...
    @property
    def co_units(self) -> Sequence[str]: ...
    @property
    def category(self) -> str: ...
    @property
    def counted(self) -> bool: ...


L = TypeVar("L", bound=Listable)


def select(
    items: Iterable[L],
    ledger: Ledger,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
    archived: bool = False,
) -> list[L]:
    """The items (or their lines) ``list`` would show for these filters, sorted by id
    (``chooser``'s)."""
    chosen = chooser(ledger, status=status, unit=unit, category=category, archived=archived)
    return sorted(filter(chosen, items), key=lambda i: i.id)


def chooser(
    ledger: Ledger,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
    archived: bool = False,
) -> Callable[[Listable], bool]:
    """Whether ``list`` shows an item (or its line) for these filters: one at a time, for
    a read that never holds them all (``list --json``).

    Archived items only with ``status="archived"`` or ``archived`` (``export
    --all``: the year's 台账 in one file), withdrawn ones only with
    ``status="withdrawn"`` (``Item.counted``); ``unit`` matches the lead
    unit or a co-unit.
    """
    status, category = check_filters(ledger, status, category, unit)

    def chosen(i: Listable) -> bool:
        return (
            (
                status is None
                and (archived or i.status != Status.ARCHIVED)
                and i.counted
                or i.status.value == status
            )
            and (unit is None or unit == i.lead_unit or unit in i.co_units)
            and (category is None or i.category == category)
        )

    return chosen


def each_chosen(
    each: Each,
    chosen: Callable[[Item], bool],
    put: Callable[[Item, int], None],
    progress: Progress | None,
    seen: Callable[[Item], None] | None = None,
) -> int:
    """Hand each chosen item to ``put`` with its number (序号, from 1) as ``each`` hands it
    over, every item to ``seen``; how many were chosen."""
    count = 0

    def take(item: Item) -> None:
        nonlocal count
        if seen is not None:
            seen(item)
        if chosen(item):
            count += 1
            put(item, count)
            if progress is not None and count % 100 == 0:
                progress(count, None)

    each(take)
    return count


# -- rows ----------------------------------------------------------------------


def _progress(item: Item) -> str:
    if not item.reports:
        return ""
    last = item.reports[-1]
    return f"{last.date.isoformat()} {zh_label(REPORT_LABELS, last.kind)}：{last.text}"


def _extensions(item: Item) -> str:
    parts = []
    for e in item.extensions:
        late = "（逾期申请）" if e.late else ""
        parts.append(f"{e.date.isoformat()} 延期至 {e.until.isoformat()}{late}:{e.reason}")
    return ";".join(parts)


def _late_milestones(item: Item, today: dt.date) -> str:
    """The milestones late on ``today`` (``core.milestones``), as
    ``节点1 完成招标(2026-12-10,逾期5天)``."""
    return ";".join(
        f"节点{n} {m.title}（{m.due.isoformat()}，逾期{(today - m.due).days}天）"
        for n, m in enumerate(item.milestones, 1)
        if milestone_overdue(m.due, m.done, today, item_open=item.is_open)
    )


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
        "weeks_missed": _weeks_missed(item, today, ledger),
        "complex": _yes(item.complex),
        "assigned_on": item.assigned_on,
        "approved_by": item.approved_by,
        "closed_on": item.closed_on,
        "milestones_overdue": _late_milestones(item, today),
    }
    return [values[c.key] for c in COLUMNS]
