"""What the daily reports need of an item, small enough to cache as a tuple.

The morning report (``overdue``) and ``due`` look at every item every day but
need only a dozen facts of each: state, due date, when it was answered, its
open milestones, its weekly reports. A ``Brief`` holds exactly those; the
SQLite cache (``store/index.py``) keeps it, a tuple of plain values, in its
manifest (``store/manifest.py``) as a JSON array, so a report over tens of
thousands of items decodes small arrays instead of every item with all its
history. ``decode_brief`` checks every value of such an array before it
becomes a brief.

The rules are not here: which report answers a deadline, the date an item is
judged against and when it is overdue are ``deadlines``' (``answering_report``,
``judged_due``, ``past_due_unanswered``); a brief keeps their inputs, and its
``answered_on`` and ``is_overdue`` ask the same functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from duchatai.core.deadlines import (
    RESULT_ONLY,
    RESULT_OR_PROGRESS,
    answer_kinds,
    first_report,
    judged_due,
    past_due_unanswered,
)
from duchatai.core.milestones import milestone_overdue
from duchatai.core.model import OPEN_STATUSES, Item, Status
from duchatai.core.weeklyduty import (
    accepted_on,
    duty_end,
    duty_start,
    first_progress,
    follows_up,
    misses_week,
    weekly_reports,
)

if TYPE_CHECKING:
    from duchatai.core.profile import CategoryRule

_STATUS = {s.value: s for s in Status}
_OPEN = frozenset(s.value for s in OPEN_STATUSES)
_date = dt.date.fromordinal
T = TypeVar("T")


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else _date(ordinal)


class Brief(NamedTuple):
    """An item as the daily reports see it (as it stands once all its records are dated).

    A named tuple of plain values, dates as ordinals (``*_day``), so that the
    cached form is the tuple itself: decoding a brief is ``Brief._make(row)``.
    The date properties (``due``, ``start``…) give ``datetime.date``s.

    ``due_day`` is the due date in force, ``judged_day`` the one the item is
    judged against (``deadlines.judged_due``). ``answer_result_day`` is the
    date of the first result report after the last rejection,
    ``answer_any_day`` of the first result or progress report: one for each
    set of kinds ``deadlines.answer_kinds`` can name. Which of them answers
    depends on the category's rule (第十六条), looked up when the report runs,
    so a brief never depends on the office's profile. ``milestone_days``
    keeps the undone milestones as ``(number, title, due)``. ``last_day`` is
    the date of the item's latest record: on that day and after,
    ``history.as_of`` returns the item unchanged. ``progress_day`` (the first
    progress report) and ``accepted_day`` (an accepted review) are the inputs
    of the weekly duty (``weeklyduty``); ``weekly_days`` are kept whenever
    the item may owe weekly reports.
    """

    id: str
    title: str
    category: str
    lead_unit: str
    status_value: str
    start_day: int
    due_day: int
    judged_day: int
    urge_count: int = 0
    answer_result_day: int | None = None
    answer_any_day: int | None = None
    weekly: bool = False
    weekly_days: tuple[int, ...] = ()
    closed_day: int | None = None
    milestone_days: tuple[tuple[int, str, int], ...] = ()
    last_day: int = 0
    progress_day: int | None = None
    accepted_day: int | None = None
    conflicted: bool = False

    @property
    def status(self) -> Status:
        """The state, as the enum."""
        return _STATUS[self.status_value]

    @property
    def due(self) -> dt.date:
        """The due date in force."""
        return _date(self.due_day)

    @property
    def judged_due(self) -> dt.date:
        """The due date the item is judged against (``deadlines.judged_due``)."""
        return _date(self.judged_day)

    @property
    def start(self) -> dt.date:
        """The registration (start) date."""
        return _date(self.start_day)

    @property
    def closed_on(self) -> dt.date | None:
        """The closing date, if closed."""
        return _day(self.closed_day)

    @property
    def last_event(self) -> dt.date:
        """The date of the latest record."""
        return _date(self.last_day)

    @property
    def milestones(self) -> list[tuple[int, str, dt.date]]:
        """Undone milestones as ``(number, title, due)``."""
        return [(n, title, _date(d)) for n, title, d in self.milestone_days]

    @property
    def is_open(self) -> bool:
        """Not yet closed or archived."""
        return self.status_value in _OPEN

    def answer_day(self, rule: CategoryRule | None) -> int | None:
        """The ordinal of the report that answers the deadline under ``rule``, if any."""
        kinds = answer_kinds(rule)
        if kinds is RESULT_OR_PROGRESS:
            return self.answer_any_day
        if kinds is RESULT_ONLY:
            return self.answer_result_day
        return None

    def answered_on(self, rule: CategoryRule | None) -> dt.date | None:
        """The date of the report that answers the deadline in force, if any."""
        return _day(self.answer_day(rule))

    def is_overdue(self, today: dt.date, rule: CategoryRule | None) -> bool:
        """``deadlines.is_overdue`` of the item this brief was made of."""
        day = today.toordinal()
        # Most open items are not yet due: answer no more than that for them.
        if self.status_value not in _OPEN or day <= self.judged_day:
            return False
        return past_due_unanswered(day, self.judged_day, self.answer_day(rule))

    def overdue_milestones(self, today: dt.date) -> list[tuple[int, str, dt.date]]:
        """Undone milestones (节点任务) late on ``today`` (``milestones.milestone_overdue``),
        as ``(number, title, due)``, numbered from 1 among all the item's milestones."""
        if not self.milestone_days or self.status_value not in _OPEN:
            return []  # most items: no milestone left to chase
        return [
            (n, title, _date(d))
            for n, title, d in self.milestone_days
            if milestone_overdue(_date(d), None, today, item_open=True)
        ]

    def missing_weekly(self, monday: dt.date, sunday: dt.date, rule: CategoryRule | None) -> bool:
        """第十七条: owed a weekly report for the week of ``monday`` (``weeklyduty``) and
        has none dated in it up to ``sunday``."""
        start = duty_start(self.weekly, self.start_day, self.progress_day, follows_up(rule))
        end = duty_end(self.closed_day, self.accepted_day)
        return misses_week(start, end, self.weekly_days, monday.toordinal(), sunday.toordinal())


def brief_of(item: Item) -> Brief:
    """The brief of an item as it stands (apply ``history.as_of`` first for a past day)."""
    result = first_report(item, RESULT_ONLY)
    answer = first_report(item, RESULT_OR_PROGRESS)
    progress = first_progress(item)
    return Brief(
        id=item.id,
        title=item.title,
        category=item.category,
        lead_unit=item.lead_unit,
        status_value=item.status.value,
        start_day=item.start.toordinal(),
        due_day=item.due.toordinal(),
        judged_day=judged_due(item).toordinal(),
        urge_count=len(item.urges),
        answer_result_day=None if result is None else result.date.toordinal(),
        answer_any_day=None if answer is None else answer.date.toordinal(),
        weekly=item.weekly,
        weekly_days=tuple(r.date.toordinal() for r in weekly_reports(item))
        if item.weekly or progress is not None
        else (),
        closed_day=_ordinal(item.closed_on),
        milestone_days=tuple(
            (n, m.title, m.due.toordinal())
            for n, m in enumerate(item.milestones, 1)
            if m.done is None
        ),
        last_day=last_event(item).toordinal(),
        progress_day=None if progress is None else progress.date.toordinal(),
        accepted_day=_ordinal(accepted_on(item)),
        conflicted=item.conflicted,
    )


def last_event(item: Item) -> dt.date:
    """The date of the item's latest record (registration at the least)."""
    dates = [item.start]
    dates += [r.date for r in item.reports]
    dates += [r.date for r in item.reviews]
    dates += [e.date for e in item.extensions]
    dates += [u.date for u in item.urges]
    dates += [m.done for m in item.milestones if m.done is not None]
    dates += [r.date for r in item.rechecks]
    dates += [d for d in (item.closed_on, item.archived_on, item.assigned_on) if d is not None]
    return max(dates)


# -- the cached form: a JSON array, checked value by value ------------------------------

_MAX_DAY = dt.date.max.toordinal()


def _text(value: Any) -> Any:
    if type(value) is not str:
        raise ValueError("text expected")
    return value


def _count(value: Any) -> Any:
    if type(value) is not int or value < 0:
        raise ValueError("count expected")
    return value


def _ordinal_day(value: Any) -> Any:
    # In range, or ``date.fromordinal`` would fail later, in the middle of a report.
    if type(value) is not int or not 0 < value <= _MAX_DAY:
        raise ValueError("date ordinal expected")
    return value


def _maybe_day(value: Any) -> Any:
    return None if value is None else _ordinal_day(value)


def _flag(value: Any) -> Any:
    if type(value) is not bool:
        raise ValueError("boolean expected")
    return value


def _status(value: Any) -> Any:
    if type(value) is not str or value not in _STATUS:
        raise ValueError("status expected")
    return value


def _days(value: Any) -> tuple[int, ...]:
    if type(value) is not list:
        raise ValueError("list expected")
    return tuple(_ordinal_day(v) for v in value)


def _milestone_days(value: Any) -> tuple[tuple[int, str, int], ...]:
    if type(value) is not list:
        raise ValueError("list expected")
    out = []
    for entry in value:
        if type(entry) is not list or len(entry) != 3:
            raise ValueError("milestone expected")
        out.append((_count(entry[0]), _text(entry[1]), _ordinal_day(entry[2])))
    return tuple(out)


def _unknown(value: Any) -> Any:
    raise ValueError("a field the cache does not know how to check")


def _converter(name: str, annotation: str) -> Any:
    if name == "status_value":
        return _status
    if annotation == "int":
        return _ordinal_day if name.endswith("_day") else _count
    simple = {
        "str": _text,
        "bool": _flag,
        "int | None": _maybe_day,
        "tuple[int, ...]": _days,
        "tuple[tuple[int, str, int], ...]": _milestone_days,
    }
    # A new field of an unknown kind makes every cached brief a miss (parsed again),
    # never an unchecked value; tests/test_security_cache.py names such a field.
    return simple.get(annotation, _unknown)


def _annotation(cls: Any, name: str) -> str:
    """A field's annotation as written (``NamedTuple`` keeps postponed ones as ForwardRefs)."""
    found = cls.__annotations__[name]
    return str(getattr(found, "__forward_arg__", found))


def checks_of(cls: Any) -> tuple[Any, ...]:
    """One checking converter per field of the named tuple ``cls`` (``Brief``, ``Tally``),
    in order, chosen by the field's name and annotation."""
    return tuple(_converter(name, _annotation(cls, name)) for name in cls._fields)


BRIEF_CHECKS: tuple[Any, ...] = checks_of(Brief)
"""One checking converter per field of ``Brief``, in order."""


def decoder(cls: type[T], checks: tuple[Any, ...]) -> Callable[[Any], T]:
    """A function that makes a ``cls`` of a cached JSON array, checking each value with
    ``checks`` (``ValueError`` when any is off), the scalar checks inlined: the morning
    report decodes every open item's brief (about 10 µs each with a call per value, a
    few without)."""
    where = [tuple(i for i, c in enumerate(checks) if c is check) for check in _INLINED]
    texts, days, maybe_days, counts, flags, day_lists = where
    others = tuple((i, c) for i, c in enumerate(checks) if c not in _INLINED)
    size = len(checks)
    make = cls._make  # type: ignore[attr-defined]

    def decode(row: Any) -> T:
        if type(row) is not list or len(row) != size:
            raise ValueError("not a cached fact")
        for i in texts:
            if type(row[i]) is not str:
                raise ValueError("text expected")
        for i in days:
            day = row[i]
            if type(day) is not int or not 0 < day <= _MAX_DAY:
                raise ValueError("date ordinal expected")
        for i in maybe_days:
            day = row[i]
            if day is not None and (type(day) is not int or not 0 < day <= _MAX_DAY):
                raise ValueError("date ordinal expected")
        for i in counts:
            count = row[i]
            if type(count) is not int or count < 0:
                raise ValueError("count expected")
        for i in flags:
            if type(row[i]) is not bool:
                raise ValueError("boolean expected")
        values = list(row)
        for i in day_lists:  # most are empty
            found = row[i]
            if type(found) is not list:
                raise ValueError("list expected")
            for day in found:
                if type(day) is not int or not 0 < day <= _MAX_DAY:
                    raise ValueError("date ordinal expected")
            values[i] = tuple(found)
        for i, check in others:
            values[i] = check(values[i])
        return cast(T, make(values))

    return decode


_INLINED = (_text, _ordinal_day, _maybe_day, _count, _flag, _days)

decode_brief: Callable[[Any], Brief] = decoder(Brief, BRIEF_CHECKS)
"""The brief a cached JSON array holds; ``ValueError`` when any value is off."""
