"""Report data: the morning overdue report, due-soon, traffic lights.

Functions here take the items, the clock and the calendar and return plain
rows; rendering lives in ``ui/render_reports.py``. The office's figures are in
``figures.py``, the weekly report in ``weekly.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchatai.core.brief import Brief, brief_of
from duchatai.core.criticism import Criticism
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.milestones import (
    LateMilestone,
    MilestoneDue,
    by_item,
    late_milestones,
    late_of,
)

if TYPE_CHECKING:
    from duchatai.core.escalation import Standing

RED, YELLOW, BLUE, GREEN = "red", "yellow", "blue", "green"


def light(
    item: Item | Brief,
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    warn_workdays: int = 3,
    approach_workdays: int = 0,
) -> str | None:
    """红/黄/蓝/绿 for an open item; None once closed or archived.

    Red: overdue. Yellow: due within ``warn_workdays`` working days. Blue
    ("approaching", when configured): within ``approach_workdays``. Green: on track.
    Judged on the item's brief (``brief_of``), as the morning report judges it: ``list``
    passes the brief the cache keeps, ``show`` and the exports the item.
    """
    if not item.is_open:  # (an item's brief is not made for nothing: the same rule)
        return None
    brief = item if isinstance(item, Brief) else brief_of(item)
    rule = profile.categories.get(brief.category)
    if brief.is_overdue(today, rule):
        return RED
    if today > brief.due or brief.answer_day(rule) is not None:
        return GREEN  # answered in time (awaiting review, or still handling after a reply)
    left = calendar.between(today, brief.due)
    if left <= warn_workdays:
        return YELLOW
    if approach_workdays and left <= approach_workdays:
        return BLUE
    return GREEN


@dataclass
class OverdueRow:
    """One overdue item in the morning report; its undone milestones past their date.

    ``due`` is the date the item is judged against (``deadlines.judged_due``):
    the due date in force unless an extension was applied for late.
    """

    item: Brief
    due: dt.date
    days_overdue: int
    workdays_overdue: int
    milestones: list[LateMilestone] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``overdue --json``, with the item's late milestones
        (``milestones_overdue``, maybe empty)."""
        return {
            "id": self.item.id,
            "title": self.item.title,
            "lead_unit": self.item.lead_unit,
            "due": self.due.isoformat(),
            "status": self.item.status.value,
            "days_overdue": self.days_overdue,
            "workdays_overdue": self.workdays_overdue,
            "urges": self.item.urge_count,
            "category": self.item.category,
            "milestones_overdue": [m.to_json() for m in self.milestones],
        }


def overdue(
    briefs: Iterable[Brief],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    unit: str | None = None,
) -> list[OverdueRow]:
    """Overdue items, most overdue first (then by id), optionally for one unit."""
    rows = []
    rules = profile.categories
    workdays = _memo(lambda due: calendar.between(due, today))  # many items share a due date
    for brief in briefs:
        if unit and brief.lead_unit != unit:
            continue
        if not brief.is_overdue(today, rules.get(brief.category)):
            continue
        due = brief.judged_due
        rows.append(
            OverdueRow(
                item=brief,
                due=due,
                days_overdue=(today - due).days,
                workdays_overdue=workdays(due),
                milestones=late_of(brief, today, workdays),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.item.id))
    return rows


def _memo(compute: Callable[[dt.date], int]) -> Callable[[dt.date], int]:
    """``compute`` remembered per date (a report asks for the same due dates many times)."""
    seen: dict[dt.date, int] = {}

    def get(day: dt.date) -> int:
        value = seen.get(day)
        if value is None:
            value = seen[day] = compute(day)
        return value

    return get


@dataclass
class DueRow:
    """An open item due within the window, and its milestones due within it."""

    item: Brief
    workdays_left: int
    milestones: list[MilestoneDue] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``due --json``, with the item's milestones due within
        the window (``milestones_due``, maybe empty)."""
        return {
            "id": self.item.id,
            "title": self.item.title,
            "lead_unit": self.item.lead_unit,
            "due": self.item.due.isoformat(),
            "workdays_left": self.workdays_left,
            "milestones_due": [m.to_json() for m in self.milestones],
        }


def due_within(
    briefs: Iterable[Brief],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    within: int,
) -> list[DueRow]:
    """Open, unanswered items due in (today, today + ``within`` working days], soonest first.

    Items due today count too (0 working days left): their last day is today.
    """
    rows = []
    rules = profile.categories
    # Counted without a warning: only the due dates of the rows kept are shown.
    workdays = _memo(lambda due: calendar.between(today, due, note=False))
    for brief in briefs:
        # Past the date it is judged against (a late extension), it is overdue, not due.
        if not brief.is_open or brief.judged_due < today:
            continue
        if brief.answered_on(rules.get(brief.category)) is not None:
            continue
        left = workdays(brief.due)
        if left <= within:
            calendar.note(brief.due)
            rows.append(DueRow(item=brief, workdays_left=left))
    rows.sort(key=lambda r: (r.item.due, r.item.id))
    return rows


# -- the morning report ------------------------------------------------------


@dataclass
class Morning:
    """Everything ``overdue`` shows: rows, unit standings, gaps in weekly duty."""

    today: dt.date
    rows: list[OverdueRow]
    standings: dict[str, Standing]
    missing_weekly: list[Brief]
    due_soon: list[DueRow]
    milestones: list[LateMilestone] = field(default_factory=list)
    """Every late milestone (节点任务) of the open items, the items late or not."""


def as_of_all(items: Iterable[Item], day: dt.date) -> list[Item]:
    """The items as they stood at the end of ``day`` (reports for a past date)."""
    from duchatai.core.history import as_of

    return [p for p in (as_of(i, day) for i in items) if p is not None]


def morning(
    briefs: Iterable[Brief],
    criticisms: Sequence[Criticism],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    unit: str | None = None,
    warn_workdays: int = 3,
) -> Morning:
    """The morning report as of ``today``, from the items' briefs as they stood that day
    (``Ledger.briefs``, or ``brief_of`` over ``as_of_all``)."""
    from duchatai.core.escalation import standing

    current = list(briefs)
    rows = overdue(current, today, calendar, profile, unit=unit)
    units = {r.item.lead_unit for r in rows}
    standings = {u: standing(u, today.year, criticisms, profile.ladder, today) for u in units}
    monday = today - dt.timedelta(days=today.weekday())
    previous_monday = monday - dt.timedelta(days=7)
    missing = sorted(
        (
            i
            for i in current
            if i.is_open
            and (unit is None or i.lead_unit == unit)
            and i.missing_weekly(
                previous_monday, monday - dt.timedelta(days=1), profile.categories.get(i.category)
            )
        ),
        key=lambda b: b.id,
    )
    soon = due_within(current, today, calendar, profile, warn_workdays)
    if unit:
        soon = [r for r in soon if r.item.lead_unit == unit]
    late = late_milestones(current, today, calendar, unit=unit)
    return Morning(today, rows, standings, missing, soon, late)


# -- JSON: the contract's rows, each with its milestones -------------------------------


def due_rows(rows: Sequence[DueRow], milestones: Sequence[MilestoneDue]) -> list[DueRow]:
    """The items due soon, each with its milestones due soon. A milestone due soon under
    an item that is not is in the milestone list of ``due``, not among these rows: the
    rows stay the contract's items due within the window."""
    soon = by_item(milestones)
    return [DueRow(r.item, r.workdays_left, soon.get(r.item.id, [])) for r in rows]
