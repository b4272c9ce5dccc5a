"""Milestones in the reports (节点任务, 第八条(六) 对账): late ones and ones due soon.

A late milestone is reported whether or not its item is late (the rule is
``core.milestones``; a brief lists them with ``Brief.overdue_milestones``).
The morning report, ``due``, ``weekly`` and ``overdue --json`` take their rows
from here; rendering lives in ``ui/render_reports.py`` and ``ui/render_weekly.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from duchatai.core.brief import Brief
from duchatai.core.milestones import milestone_pending
from duchatai.core.workdays import WorkCalendar


@dataclass(frozen=True)
class LateMilestone:
    """An undone milestone of an open item, past its date.

    ``days_late`` counts the calendar days in (due, today], ``workdays_late``
    the working days, as ``days_overdue`` and ``workdays_overdue`` of an item.
    """

    item: Brief
    number: int
    title: str
    due: dt.date
    days_late: int
    workdays_late: int

    def to_json(self) -> dict[str, object]:
        """The milestone inside its item's row (``overdue --json``: ``milestones_overdue``)."""
        return {
            "number": self.number,
            "title": self.title,
            "due": self.due.isoformat(),
            "days_late": self.days_late,
            "workdays_late": self.workdays_late,
        }

    def to_report_json(self) -> dict[str, object]:
        """The milestone on its own, naming its item (``weekly --format json``: ``milestones``)."""
        return {
            "id": self.item.id,
            "title": self.item.title,
            "lead_unit": self.item.lead_unit,
            "number": self.number,
            "milestone": self.title,
            "due": self.due.isoformat(),
            "days_late": self.days_late,
            "workdays_late": self.workdays_late,
        }


@dataclass(frozen=True)
class MilestoneDue:
    """An undone milestone of an open item due within the window of ``due --within``."""

    item: Brief
    number: int
    title: str
    due: dt.date
    workdays_left: int

    def to_json(self) -> dict[str, object]:
        """The milestone inside its item's row (``due --json``: ``milestones_due``)."""
        return {
            "number": self.number,
            "title": self.title,
            "due": self.due.isoformat(),
            "workdays_left": self.workdays_left,
        }


_Row = TypeVar("_Row", LateMilestone, MilestoneDue)


def late_of(
    brief: Brief, today: dt.date, workdays_since: Callable[[dt.date], int]
) -> list[LateMilestone]:
    """The item's late milestones, in order; ``workdays_since(due)`` counts (due, today]."""
    return [
        LateMilestone(brief, n, title, due, (today - due).days, workdays_since(due))
        for n, title, due in brief.overdue_milestones(today)
    ]


def late_milestones(
    briefs: Iterable[Brief], today: dt.date, calendar: WorkCalendar, *, unit: str | None = None
) -> list[LateMilestone]:
    """Every late milestone of the open items (of one lead unit), latest first, then by
    item id and number: items late or not alike."""
    @functools.cache  # many milestones share a date
    def since(due: dt.date) -> int:
        return calendar.between(due, today)

    rows = [
        late
        for brief in briefs
        if brief.milestone_days and (not unit or brief.lead_unit == unit)
        for late in late_of(brief, today, since)
    ]
    rows.sort(key=lambda r: (-r.days_late, r.item.id, r.number))
    return rows


def milestones_due_within(
    briefs: Iterable[Brief],
    today: dt.date,
    calendar: WorkCalendar,
    within: int,
    *,
    unit: str | None = None,
) -> list[MilestoneDue]:
    """Undone milestones of open items due in [today, today + ``within`` working days],
    soonest first (then by item id and number). Items late or not alike."""
    @functools.cache  # many milestones share a date
    def left(due: dt.date) -> int:
        return calendar.between(today, due, note=False)

    rows = [
        MilestoneDue(brief, n, title, due, left(due))
        for brief in briefs
        if brief.milestone_days and (not unit or brief.lead_unit == unit)
        for n, title, due in brief.milestones
        if milestone_pending(due, None, today, item_open=brief.is_open) and left(due) <= within
    ]
    for row in rows:  # what is shown: its year warned about when it has no data
        calendar.note(row.due)
    rows.sort(key=lambda r: (r.due, r.item.id, r.number))
    return rows


def by_item(rows: Iterable[_Row]) -> dict[str, list[_Row]]:
    """The rows grouped by item id, in the order their items first appear."""
    grouped: dict[str, list[_Row]] = {}
    for row in rows:
        grouped.setdefault(row.item.id, []).append(row)
    return grouped
