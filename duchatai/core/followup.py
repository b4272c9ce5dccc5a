"""复核 / 回头看 (第八条(七)): when a closed item's follow-up visit is due, and which items
a recheck reopened. Pure: the clock and the calendar are passed in."""

from __future__ import annotations

import datetime as dt

from duchatai.core.model import Item, Status
from duchatai.core.profile import CategoryRule
from duchatai.core.workdays import WorkCalendar


def recheck_due_on(item: Item, rule: CategoryRule | None, calendar: WorkCalendar) -> dt.date | None:
    """The day the follow-up visit of a closed item falls due: ``recheck_workdays`` working
    days after closing; None when the item is not closed, or was rechecked since."""
    if item.status is not Status.CLOSED or item.closed_on is None:
        return None
    if any(r.date >= item.closed_on for r in item.rechecks):
        return None
    days = rule.recheck_workdays if rule is not None else 20
    return calendar.after(item.closed_on, days) if days else item.closed_on


def recheck_due(
    item: Item, rule: CategoryRule | None, today: dt.date, calendar: WorkCalendar
) -> bool:
    """The follow-up visit is due on ``today`` (or was, and has not been made)."""
    due = recheck_due_on(item, rule, calendar)
    return due is not None and due <= today


def reopenings(item: Item) -> list[dt.date]:
    """The days a recheck reopened the item (its tally keeps them)."""
    return [r.date for r in item.rechecks if not r.held]


def reopened_in(item: Item, year: int) -> list[dt.date]:
    """The days in ``year`` a recheck reopened the item (stats, the assessment)."""
    return in_year_only(reopenings(item), year)


def in_year_only(days: list[dt.date], year: int) -> list[dt.date]:
    """The days of ``days`` in ``year``."""
    return [d for d in days if d.year == year]
