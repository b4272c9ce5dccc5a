"""The weekly reporting duty (周报制, 第十七条), and the follow-up after a progress reply.

The one home of the rule of which weeks an item owes a weekly report: the
brief (and so the cache, the morning report), the weekly report, ``show``,
the export and the figures all ask the functions below.

An item owes a ``weekly`` report for every ISO week, from the first Monday
after its duty began until the week its duty ended, that week included:

* an item registered on the weekly duty (``weekly: true``): from the week after
  its registration;
* an item of a 办结或回复进展情况 rule (第十六条, ``upper``,
  ``leader-instruction``: ``deadlines.answer_kinds`` names progress reports) that
  has a progress report: the reply answered the first limit but did not finish
  the item, so from the week after that reply it is 一时难以办结 and on the
  weekly duty (第十七条).

The duty ends when a result report is accepted (``review --accept``) or the
item is closed. The office can still set a completion date with ``extend`` or
``review --reject --due``: a date to be judged against, not an end of the duty.

Dates are ordinals in the functions the brief calls (``duty_start``,
``owes_in_week``), ``datetime.date``s in those on items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from duchatai.core.deadlines import answer_kinds
from duchatai.core.history import by_lead

if TYPE_CHECKING:
    from duchatai.core.model import Item, Report
    from duchatai.core.profile import CategoryRule

WEEK = dt.timedelta(days=7)


def follows_up(rule: CategoryRule | None) -> bool:
    """Whether a progress reply under ``rule`` answers the limit and starts the weekly duty."""
    return "progress" in answer_kinds(rule)


def next_monday(day: int) -> int:
    """The ordinal of the first Monday after the day of ordinal ``day`` (ordinal 1 is a Monday)."""
    return day + 7 - (day - 1) % 7


def duty_start(weekly: bool, start: int, progress: int | None, follow_up: bool) -> int | None:
    """The ordinal of the first Monday from which a weekly report is owed, or None.

    ``start`` is the registration day, ``progress`` the first progress report's
    day, ``follow_up`` whether the rule makes that reply start the duty.
    """
    found = [next_monday(start)] if weekly else []
    if follow_up and progress is not None:
        found.append(next_monday(progress))
    return min(found) if found else None


def duty_end(closed: int | None, accepted: int | None) -> int | None:
    """The ordinal of the day the duty ended: the earlier of the closing and the acceptance."""
    ends = [d for d in (closed, accepted) if d is not None]
    return min(ends) if ends else None


def owes_in_week(monday: int, start: int | None, end: int | None) -> bool:
    """Whether the week of ``monday`` is owed, the duty running from ``start`` to ``end``."""
    return start is not None and start <= monday and (end is None or end >= monday)


# -- on items ---------------------------------------------------------------------------


def first_progress(item: Item) -> Report | None:
    """The lead unit's first progress report (the reply that answered the first limit)."""
    return next((r for r in item.reports if r.kind == "progress" and by_lead(item, r)), None)


def weekly_reports(item: Item) -> list[Report]:
    """The weekly reports that meet the duty: the lead unit's (a co-unit reports its part,
    第十二条; ``history.by_lead``)."""
    return [r for r in item.reports if r.kind == "weekly" and by_lead(item, r)]


def accepted_on(item: Item) -> dt.date | None:
    """The day a result report was accepted: the last review's, when it accepted."""
    if item.reviews and item.reviews[-1].accepted:
        return item.reviews[-1].date
    return None


@dataclass(frozen=True, slots=True)
class WeeklyDuty:
    """An item's weekly duty: from which Monday, why, and until when (if it ended)."""

    since: dt.date
    reason: str
    """``weekly`` (registered on the duty) or ``progress`` (after a progress reply)."""
    progress_on: dt.date | None
    ended: dt.date | None


def weekly_duty(item: Item, rule: CategoryRule | None) -> WeeklyDuty | None:
    """The item's weekly duty, or None when it owes no weekly report at all."""
    progress = first_progress(item)
    progress_day = None if progress is None else progress.date.toordinal()
    follow_up = follows_up(rule)
    start = duty_start(item.weekly, item.start.toordinal(), progress_day, follow_up)
    if start is None:
        return None
    registered = item.weekly and start == next_monday(item.start.toordinal())
    reason = "weekly" if registered else "progress"
    ends = [d for d in (item.closed_on, accepted_on(item)) if d is not None]
    return WeeklyDuty(
        since=dt.date.fromordinal(start),
        reason=reason,
        progress_on=None if progress is None or not follow_up else progress.date,
        ended=min(ends) if ends else None,
    )


def owed_weekly_report(item: Item, rule: CategoryRule | None, monday: dt.date) -> bool:
    """Whether ``item`` owed a weekly report for the week of ``monday`` (第十六条, 第十七条).

    The question the figures ask of every week (``missed_weeks``) and the
    reports of one week (``missing_weekly_report``).
    """
    duty = weekly_duty(item, rule)
    if duty is None:
        return False
    ended = None if duty.ended is None else duty.ended.toordinal()
    return owes_in_week(monday.toordinal(), duty.since.toordinal(), ended)


def reported_in(item: Item, monday: dt.date, sunday: dt.date) -> bool:
    """Whether a weekly report is dated in ``monday``..``sunday``."""
    return any(monday <= r.date <= sunday for r in weekly_reports(item))


def missing_weekly_report(
    item: Item, rule: CategoryRule | None, monday: dt.date, sunday: dt.date
) -> bool:
    """Owed a weekly report for the week of ``monday`` and has none dated up to ``sunday``."""
    start, end = duty_span(item, rule)
    reported = [r.date.toordinal() for r in weekly_reports(item)]
    return misses_week(start, end, reported, monday.toordinal(), sunday.toordinal())


def duty_span(item: Item, rule: CategoryRule | None) -> tuple[int | None, int | None]:
    """``duty_start`` and ``duty_end`` of the item (ordinals)."""
    progress = first_progress(item)
    start = duty_start(
        item.weekly,
        item.start.toordinal(),
        None if progress is None else progress.date.toordinal(),
        follows_up(rule),
    )
    accepted = accepted_on(item)
    closed = item.closed_on
    end = duty_end(
        None if closed is None else closed.toordinal(),
        None if accepted is None else accepted.toordinal(),
    )
    return start, end


def misses_week(
    start: int | None, end: int | None, reported: Sequence[int], monday: int, sunday: int
) -> bool:
    """``missing_weekly_report`` on ordinals: the duty running from ``start`` to ``end``
    (``duty_start``, ``duty_end``), the lead unit's weekly reports dated ``reported``; the
    week of ``monday``, up to ``sunday``. (The brief and the tally ask this.)"""
    if not owes_in_week(monday, start, end):
        return False
    return not any(monday <= day <= sunday for day in reported)


def week_label(monday: dt.date) -> str:
    """The ISO week of ``monday`` as ``2026-W47`` (how ``weekly --week`` names it)."""
    iso = monday.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def missed_weeks(item: Item, rule: CategoryRule | None, today: dt.date) -> list[dt.date]:
    """The Mondays of the weeks over by ``today`` (Sunday before it) owed without a report."""
    start, end = duty_span(item, rule)
    reported = [r.date.toordinal() for r in weekly_reports(item)]
    return [dt.date.fromordinal(m) for m in missed_mondays(start, end, reported, today)]


def missed_mondays(
    start: int | None, end: int | None, reported: Sequence[int], today: dt.date
) -> list[int]:
    """The ordinals of the Mondays of the weeks over by ``today`` owed without a report, the
    duty running from ``start`` to ``end`` (``duty_start``, ``duty_end``), the lead unit's
    weekly reports dated ``reported`` (ordinals)."""
    if start is None:
        return []
    last = today.toordinal() - today.weekday() - 7  # the last week that is over
    if end is not None:
        last = min(last, end - (end - 1) % 7)
    out = []
    monday = start
    while monday <= last:
        if not any(monday <= day <= monday + 6 for day in reported):
            out.append(monday)
        monday += 7
    return out
