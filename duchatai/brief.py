"""What the daily reports need of an item, small enough to cache as a tuple.

The morning report (``overdue``) and ``due`` look at every item every day but
need only a dozen facts of each: state, due date, when it was answered, its
open milestones, its weekly reports. A ``Brief`` holds exactly those; the
SQLite cache (``index.py``) keeps it beside the full item as a ``marshal``led
tuple, so a report over tens of thousands of items decodes a few small tuples
instead of unpickling every item with all its history.

The rules themselves live here once: ``deadlines.is_overdue`` asks a brief.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from duchatai.model import OPEN_STATUSES, Item, Report, Status

if TYPE_CHECKING:
    from duchatai.profile import CategoryRule

_STATUS = {s.value: s for s in Status}
_date = dt.date.fromordinal


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


class Brief:
    """An item as the daily reports see it (as it stands once all its records are dated).

    ``answer_result`` is the date of the first result report after the last
    rejection, ``answer_any`` of the first result or progress report: which of
    them answers the deadline depends on the category's rule (第十六条), looked
    up when the report runs, so a brief never depends on the office's profile.
    ``milestones`` keeps the undone ones as ``(number, title, due)``.
    ``last_event`` is the date of the item's latest record: on that day and
    after, ``model.as_of`` returns the item unchanged.
    """

    __slots__ = (
        "id",
        "title",
        "category",
        "lead_unit",
        "status",
        "start",
        "due",
        "urge_count",
        "answer_result",
        "answer_any",
        "weekly",
        "weekly_reports",
        "closed_on",
        "milestones",
        "last_event",
    )

    def __init__(
        self,
        id: str,
        title: str,
        category: str,
        lead_unit: str,
        status: Status,
        start: dt.date,
        due: dt.date,
        urge_count: int = 0,
        answer_result: dt.date | None = None,
        answer_any: dt.date | None = None,
        weekly: bool = False,
        weekly_reports: tuple[dt.date, ...] = (),
        closed_on: dt.date | None = None,
        milestones: tuple[tuple[int, str, dt.date], ...] = (),
        last_event: dt.date | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.category = category
        self.lead_unit = lead_unit
        self.status = status
        self.start = start
        self.due = due
        self.urge_count = urge_count
        self.answer_result = answer_result
        self.answer_any = answer_any
        self.weekly = weekly
        self.weekly_reports = weekly_reports
        self.closed_on = closed_on
        self.milestones = milestones
        self.last_event = last_event if last_event is not None else start

    def __repr__(self) -> str:
        return f"Brief({self.id!r}, {self.status.value}, due {self.due})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Brief):
            return NotImplemented
        return self.to_row() == other.to_row()

    __hash__ = None  # type: ignore[assignment]

    @property
    def is_open(self) -> bool:
        """Not yet closed or archived."""
        return self.status in OPEN_STATUSES

    def answered_on(self, rule: CategoryRule | None) -> dt.date | None:
        """The date of the report that answers the deadline in force, if any."""
        if rule is None:
            return None
        return self.answer_any if rule.progress_satisfies else self.answer_result

    def is_overdue(self, today: dt.date, rule: CategoryRule | None) -> bool:
        """Open, past due, and no satisfying report by the due date.

        Not overdue on the due date itself.
        """
        if self.status not in OPEN_STATUSES or today <= self.due:
            return False
        answered = self.answered_on(rule)
        return answered is None or answered > self.due

    def overdue_milestones(self, today: dt.date) -> list[tuple[int, str, dt.date]]:
        """Undone milestones (节点任务) of an open item past their date, numbered from 1."""
        if not self.milestones or self.status not in OPEN_STATUSES:
            return []
        return [m for m in self.milestones if today > m[2]]

    def missing_weekly(self, monday: dt.date, sunday: dt.date) -> bool:
        """第十七条: a weekly-duty item registered before the week and open during it
        that has no weekly report dated in it."""
        if not self.weekly or self.start >= monday:
            return False
        if self.closed_on is not None and self.closed_on < monday:
            return False
        return not any(monday <= d <= sunday for d in self.weekly_reports)

    # -- the cached form -------------------------------------------------

    def to_row(self) -> tuple[Any, ...]:
        """Plain values only (dates as ordinals), for ``marshal``."""
        return (
            self.id,
            self.title,
            self.category,
            self.lead_unit,
            self.status.value,
            self.start.toordinal(),
            self.due.toordinal(),
            self.urge_count,
            _ordinal(self.answer_result),
            _ordinal(self.answer_any),
            self.weekly,
            tuple(d.toordinal() for d in self.weekly_reports),
            _ordinal(self.closed_on),
            tuple((n, title, due.toordinal()) for n, title, due in self.milestones),
            self.last_event.toordinal(),
        )

    @classmethod
    def from_row(cls, row: Any) -> Brief:
        """The inverse of ``to_row``."""
        (
            id_,
            title,
            category,
            lead_unit,
            status,
            start,
            due,
            urges,
            answer_result,
            answer_any,
            weekly,
            weekly_reports,
            closed_on,
            milestones,
            last_event,
        ) = row
        brief = cls.__new__(cls)
        brief.id = id_
        brief.title = title
        brief.category = category
        brief.lead_unit = lead_unit
        brief.status = _STATUS[status]
        brief.start = _date(start)
        brief.due = _date(due)
        brief.urge_count = urges
        brief.answer_result = None if answer_result is None else _date(answer_result)
        brief.answer_any = None if answer_any is None else _date(answer_any)
        brief.weekly = weekly
        brief.weekly_reports = tuple(map(_date, weekly_reports))
        brief.closed_on = None if closed_on is None else _date(closed_on)
        brief.milestones = tuple((n, t, _date(d)) for n, t, d in milestones)
        brief.last_event = _date(last_event)
        return brief


RESULT_KINDS = ("result",)
ANSWER_KINDS = ("result", "progress")
"""Reports that answer a deadline: a result; for 办结或回复进展 rules, progress too."""


def first_report(item: Item, kinds: tuple[str, ...]) -> Report | None:
    """The first report of ``kinds`` not already judged by a rejecting review."""
    for report in item.reports[item.last_rejection_seen() :]:
        if report.kind in kinds:
            return report
    return None


def brief_of(item: Item) -> Brief:
    """The brief of an item as it stands (apply ``model.as_of`` first for a past day)."""
    result = first_report(item, RESULT_KINDS)
    any_ = first_report(item, ANSWER_KINDS)
    answer_result = None if result is None else result.date
    answer_any = None if any_ is None else any_.date
    return Brief(
        id=item.id,
        title=item.title,
        category=item.category,
        lead_unit=item.lead_unit,
        status=item.status,
        start=item.start,
        due=item.due,
        urge_count=len(item.urges),
        answer_result=answer_result,
        answer_any=answer_any,
        weekly=item.weekly,
        weekly_reports=tuple(r.date for r in item.reports if r.kind == "weekly")
        if item.weekly
        else (),
        closed_on=item.closed_on,
        milestones=tuple(
            (n, m.title, m.due) for n, m in enumerate(item.milestones, 1) if m.done is None
        ),
        last_event=last_event(item),
    )


def last_event(item: Item) -> dt.date:
    """The date of the item's latest record (registration at the least)."""
    dates = [item.start]
    dates += [r.date for r in item.reports]
    dates += [r.date for r in item.reviews]
    dates += [e.date for e in item.extensions]
    dates += [u.date for u in item.urges]
    dates += [m.done for m in item.milestones if m.done is not None]
    dates += [d for d in (item.closed_on, item.archived_on, item.assigned_on) if d is not None]
    return max(dates)
