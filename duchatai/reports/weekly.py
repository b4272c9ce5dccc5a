"""The weekly report (周报): what happened in one ISO week, as of its last day.

Rendered by ``ui/render_weekly.py`` (Markdown), ``ui/render_weekly_text.py`` and
``ui/render_weekly_html.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from duchatai.core.assessment import tally_of
from duchatai.core.brief import Brief, brief_of
from duchatai.core.criticism import Criticism
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.tally import Tally
from duchatai.core.weeklyduty import (
    duty_end,
    duty_start,
    follows_up,
    misses_week,
    missing_weekly_report,
    week_label,
)
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.data import OverdueRow, as_of_all, overdue
from duchatai.reports.figures import UnitStats, commendation_candidates, tally_stats
from duchatai.reports.milestones import LateMilestone, late_milestones


@dataclass
class WeeklyReport:
    """What happened in one ISO week, as of its last day (or today, if earlier)."""

    week: str
    monday: dt.date
    sunday: dt.date
    as_of: dt.date
    office: str
    new: list[Item] = field(default_factory=list)
    closed: list[Item] = field(default_factory=list)
    overdue: list[OverdueRow] = field(default_factory=list)
    milestones: list[LateMilestone] = field(default_factory=list)
    """Late milestones (节点任务) of the open items, late or not, as of the report's day."""
    missing_weekly: list[Item | Brief] = field(default_factory=list)
    """Owed the week's weekly report (第十七条) and without one: the open items' briefs,
    closed items whole (one may owe the week it closed in)."""
    extensions: list[tuple[Item, object]] = field(default_factory=list)
    urges: list[tuple[Item, object]] = field(default_factory=list)
    units: list[UnitStats] = field(default_factory=list)
    commend: list[str] = field(default_factory=list)
    criticisms: list[Criticism] = field(default_factory=list)
    """The criticisms (通报批评, 第二十条) made in the week up to the report's day."""
    next_levels: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``weekly --format json`` (plus detail)."""
        return {
            "week": self.week,
            "from": self.monday.isoformat(),
            "to": self.sunday.isoformat(),
            "as_of": self.as_of.isoformat(),
            "office": self.office,
            "new": [i.id for i in self.new],
            "closed": [i.id for i in self.closed],
            "overdue": [r.item.id for r in self.overdue],
            "missing_weekly_reports": [i.id for i in self.missing_weekly],
            "milestones": [m.to_report_json() for m in self.milestones],
            "extensions": [i.id for i, _ in self.extensions],
            "urges": [i.id for i, _ in self.urges],
            "units": [u.to_json() for u in self.units],
            "commendation_candidates": self.commend,
            "criticisms": [c.id for c in self.criticisms],
        }


def weekly(
    items: Iterable[Item],
    monday: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    office: str = "",
    criticisms: Iterable[Criticism] = (),
) -> WeeklyReport:
    """``weekly_from`` the whole ``items``."""
    return weekly_from(
        lambda day: source_of(items, day),
        monday,
        today,
        calendar,
        profile,
        office=office,
        criticisms=criticisms,
    )


def weekly_from(
    read: Callable[[dt.date], Source],
    monday: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    office: str = "",
    criticisms: Iterable[Criticism] = (),
) -> WeeklyReport:
    """The weekly report of the ISO week starting ``monday``, as of min(its Sunday, today),
    from what ``read(day)`` gives of the items on the report's day (the cache's tallies
    for ``weekly``, or ``source_of`` whole items).

    ``criticisms`` are the ledger's; the report keeps those dated in the week
    up to its day, oldest first.
    """
    period = week_of(monday)
    return tallied_report(
        read(report_day(period, today)),
        period,
        today,
        calendar,
        profile,
        label=week_label(monday),
        office=office,
        criticisms=criticisms,
    )


def week_of(monday: dt.date) -> tuple[dt.date, dt.date]:
    """The ISO week starting ``monday``, as a period."""
    return monday, monday + dt.timedelta(days=6)


def report_day(period: tuple[dt.date, dt.date], today: dt.date) -> dt.date:
    """The day a report of ``period`` is taken: its last day, or today if earlier."""
    return min(period[1], today)


def period_report(
    items: Iterable[Item],
    period: tuple[dt.date, dt.date],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    label: str,
    office: str = "",
    criticisms: Iterable[Criticism] = (),
) -> WeeklyReport:
    """What happened from ``period``'s first to its last day, as of min(its last day, today):
    the weekly report's content for any span, from whole items (the bulletin reads its
    own, ``bulletin.facts``, from the cache's tallies and briefs as ``weekly`` does).

    The weekly gaps (第十七条) are those of the week that starts the period.
    """
    source = source_of(items, report_day(period, today))
    return tallied_report(source, period, today, calendar, profile, label=label,
                          office=office, criticisms=criticisms)


def source_of(items: Iterable[Item], day: dt.date) -> Source:
    """What a report taken on ``day`` reads of whole ``items``, as they stood that day."""
    past = as_of_all(items, day)
    return Source(
        [tally_of(p) for p in past],
        [brief_of(p) for p in past if p.is_open],  # the only ones either list looks at
        lambda ids: [p for p in past if p.id in ids],
    )


class Source(NamedTuple):
    """What a report reads of the items as they stood on its day: every item's tally
    (``assessment.tally_of``), the open items' briefs, and the items of given ids."""

    tallies: list[Tally]
    briefs: list[Brief]
    fetch: Callable[[set[str]], list[Item]]
    """The items of the ids, as they stood on the report's day, in the tallies' order."""


def tallied_report(
    source: Source,
    period: tuple[dt.date, dt.date],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    label: str,
    office: str = "",
    criticisms: Iterable[Criticism] = (),
) -> WeeklyReport:
    """``period_report`` from the items' tallies and briefs (the cache's way): only the
    items the report lists (``listed``) are read whole."""
    first, last = period
    day = report_day(period, today)
    report = WeeklyReport(week=label, monday=first, sunday=last, as_of=day, office=office)
    monday = first - dt.timedelta(days=first.weekday())
    rules = profile.categories
    # An open item's gap is judged on its brief, as the morning report judges it: the
    # thousands of items that owe a weekly report are not read whole for a line each.
    report.missing_weekly += [
        b for b in source.briefs if b.missing_weekly(monday, day, rules.get(b.category))
    ]
    start, end = first.toordinal(), last.toordinal()
    new = {t.id for t in source.tallies if new_in(t, start, end)}
    closed = {t.id for t in source.tallies if closed_in(t, start, end)}
    for item in source.fetch(listed(source.tallies, period, day, profile)):
        if item.id in new:
            report.new.append(item)
        if item.id in closed:
            report.closed.append(item)
        if not item.is_open and missing_weekly_report(
            item, rules.get(item.category), monday, day
        ):
            report.missing_weekly.append(item)
        report.extensions += [(item, e) for e in item.extensions if first <= e.date <= last]
        report.urges += [(item, u) for u in item.urges if first <= u.date <= last]
    report.overdue = overdue(source.briefs, day, calendar, profile)
    report.milestones = late_milestones(source.briefs, day, calendar)
    report.units = tally_stats(source.tallies, day.year, day, profile)
    report.commend = commendation_candidates(report.units, profile.commend_min_items)
    for group in (report.new, report.closed, report.missing_weekly):
        group.sort(key=lambda i: i.id)
    report.criticisms = criticisms_in(criticisms, first, day)
    return report


def new_in(tally: Tally, first: int, last: int) -> bool:
    """Whether the item is new in the span from day ``first`` to ``last`` (ordinals, both
    included): registered (its start) in it. The weekly report's and the bulletin's 新增."""
    return first <= tally.start_day <= last


def closed_in(tally: Tally, first: int, last: int) -> bool:
    """Whether the item was closed (办结) in the span from day ``first`` to ``last``
    (ordinals, both included). The weekly report's and the bulletin's 办结."""
    return tally.closed_day is not None and first <= tally.closed_day <= last


def criticisms_in(criticisms: Iterable[Criticism], first: dt.date, day: dt.date) -> list[Criticism]:
    """The criticisms (通报批评, 第二十条) made from ``first`` to ``day``, oldest first."""
    return sorted((c for c in criticisms if first <= c.date <= day), key=lambda c: (c.date, c.id))


def listed(
    tallies: Iterable[Tally], period: tuple[dt.date, dt.date], day: dt.date, profile: Profile
) -> set[str]:
    """The ids of the items a report of ``period`` taken on ``day`` lists in full: new or
    closed in the period, closed and missing the weekly report of its first week (an open
    one is listed from its brief), extended or urged in it (judged again on the whole
    items, by ``tallied_report``)."""
    first, last = (d.toordinal() for d in period)
    monday = first - dt.date.fromordinal(first).weekday()
    out = set()
    for t in tallies:
        rule = profile.categories.get(t.category)
        start = duty_start(t.weekly, t.start_day, t.progress_day, follows_up(rule))
        end = duty_end(t.closed_day, t.accepted_day)
        if (
            new_in(t, first, last)
            or closed_in(t, first, last)
            or not t.open_item and misses_week(start, end, t.weekly_days, monday, day.toordinal())
            or any(first <= d <= last for d in t.extension_days)
            or any(first <= d <= last for d in t.urge_days)
        ):
            out.add(t.id)
    return out
