"""The weekly report (周报): what happened in one ISO week, as of its last day.

Rendered by ``ui/render_weekly.py`` (Markdown), ``ui/render_weekly_text.py`` and
``ui/render_weekly_html.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from duchatai.core.brief import brief_of
from duchatai.core.criticism import Criticism
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.weeklyduty import missing_weekly_report
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.data import OverdueRow, overdue
from duchatai.reports.figures import UnitStats, commendation_candidates, stats
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
    missing_weekly: list[Item] = field(default_factory=list)
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
    """The weekly report of the ISO week starting ``monday``, as of min(its Sunday, today).

    ``criticisms`` are the ledger's; the report keeps those dated in the week
    up to its day, oldest first.
    """
    iso = monday.isocalendar()
    return period_report(
        items,
        (monday, monday + dt.timedelta(days=6)),
        today,
        calendar,
        profile,
        label=f"{iso.year}-W{iso.week:02d}",
        office=office,
        criticisms=criticisms,
    )


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
    the weekly report's content for any span (the bulletin's month or year too).

    The weekly gaps (第十七条) are those of the week that starts the period.
    """
    from duchatai.core.history import as_of

    first, last = period
    day = min(last, today)
    report = WeeklyReport(week=label, monday=first, sunday=last, as_of=day, office=office)
    past = [p for p in (as_of(i, day) for i in items) if p is not None]
    monday = first - dt.timedelta(days=first.weekday())
    for item in past:
        if first <= item.start <= last:
            report.new.append(item)
        if item.closed_on and first <= item.closed_on <= last:
            report.closed.append(item)
        if missing_weekly_report(item, profile.categories.get(item.category), monday, day):
            report.missing_weekly.append(item)
        report.extensions += [(item, e) for e in item.extensions if first <= e.date <= last]
        report.urges += [(item, u) for u in item.urges if first <= u.date <= last]
    briefs = [brief_of(i) for i in past if i.is_open]  # the only ones either list looks at
    report.overdue = overdue(briefs, day, calendar, profile)
    report.milestones = late_milestones(briefs, day, calendar)
    report.units = stats(past, day.year, day, profile)
    report.commend = commendation_candidates(report.units, profile.commend_min_items)
    for group in (report.new, report.closed, report.missing_weekly):
        group.sort(key=lambda i: i.id)
    report.criticisms = sorted(
        (c for c in criticisms if first <= c.date <= day), key=lambda c: (c.date, c.id)
    )
    return report
