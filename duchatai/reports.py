"""Report data: the morning overdue report, due-soon, traffic lights.

Functions here take the items, the clock and the calendar and return plain
rows; rendering (Rich tables, Markdown, HTML) lives in ``render.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from duchatai.deadlines import is_overdue, overdue_milestones
from duchatai.model import Item, Milestone
from duchatai.profile import Profile
from duchatai.workdays import WorkCalendar

RED, YELLOW, BLUE, GREEN = "red", "yellow", "blue", "green"


def light(
    item: Item,
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
    """
    if not item.is_open:
        return None
    if is_overdue(item, today, profile):
        return RED
    if today > item.due:  # answered in time, awaiting review: on track
        return GREEN
    left = calendar.between(today, item.due)
    if left <= warn_workdays:
        return YELLOW
    if approach_workdays and left <= approach_workdays:
        return BLUE
    return GREEN


@dataclass
class OverdueRow:
    """One overdue item in the morning report."""

    item: Item
    days_overdue: int
    workdays_overdue: int
    milestones: list[tuple[int, Milestone]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``overdue --json``."""
        return {
            "id": self.item.id,
            "title": self.item.title,
            "lead_unit": self.item.lead_unit,
            "due": self.item.due.isoformat(),
            "status": self.item.status.value,
            "days_overdue": self.days_overdue,
            "workdays_overdue": self.workdays_overdue,
            "urges": len(self.item.urges),
            "category": self.item.category,
        }


def overdue(
    items: Iterable[Item],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    unit: str | None = None,
) -> list[OverdueRow]:
    """Overdue items, most overdue first (then by id), optionally for one unit."""
    rows = []
    for item in items:
        if unit and item.lead_unit != unit:
            continue
        if not is_overdue(item, today, profile):
            continue
        rows.append(
            OverdueRow(
                item=item,
                days_overdue=(today - item.due).days,
                workdays_overdue=calendar.between(item.due, today),
                milestones=overdue_milestones(item, today),
            )
        )
    rows.sort(key=lambda r: (-r.days_overdue, r.item.id))
    return rows


@dataclass
class DueRow:
    """An open item due within the window."""

    item: Item
    workdays_left: int

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``due --json``."""
        return {
            "id": self.item.id,
            "title": self.item.title,
            "lead_unit": self.item.lead_unit,
            "due": self.item.due.isoformat(),
            "workdays_left": self.workdays_left,
        }


def due_within(
    items: Iterable[Item],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    within: int,
) -> list[DueRow]:
    """Open, unanswered items due in (today, today + ``within`` working days], soonest first.

    Items due today count too (0 working days left): their last day is today.
    """
    rows = []
    for item in items:
        if not item.is_open or item.due < today:
            continue
        rule = profile.categories.get(item.category)
        from duchatai.deadlines import satisfying_report

        if rule and satisfying_report(item, rule) is not None:
            continue
        left = calendar.between(today, item.due)
        if left <= within:
            rows.append(DueRow(item=item, workdays_left=left))
    rows.sort(key=lambda r: (r.item.due, r.item.id))
    return rows
