"""Report data: the morning overdue report, due-soon, traffic lights.

Functions here take the items, the clock and the calendar and return plain
rows; rendering (Rich tables, Markdown, HTML) lives in ``render.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchatai.core.brief import Brief, brief_of
from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import answered_in_time, answering_report, is_overdue
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.workdays import WorkCalendar

if TYPE_CHECKING:
    from duchatai.core.escalation import Standing

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
    rule = profile.categories.get(item.category)
    if today > item.due or answering_report(item, rule) is not None:
        return GREEN  # answered in time (awaiting review, or still handling after a reply)
    left = calendar.between(today, item.due)
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
    milestones: list[tuple[int, str, dt.date]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``overdue --json``."""
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
                milestones=brief.overdue_milestones(today),
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
    """An open item due within the window."""

    item: Brief
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
    workdays = _memo(lambda due: calendar.between(today, due))
    for brief in briefs:
        # Past the date it is judged against (a late extension), it is overdue, not due.
        if not brief.is_open or brief.judged_due < today:
            continue
        if brief.answered_on(rules.get(brief.category)) is not None:
            continue
        left = workdays(brief.due)
        if left <= within:
            rows.append(DueRow(item=brief, workdays_left=left))
    rows.sort(key=lambda r: (r.item.due, r.item.id))
    return rows


# -- the office's figures (第十九条: results feed the annual assessment) -------


@dataclass
class UnitStats:
    """One unit's figures for a year."""

    unit: str
    items: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0
    open: int = 0

    @property
    def on_time_rate(self) -> float | None:
        judged = self.closed_on_time + self.closed_late + self.open_overdue
        return round(self.closed_on_time / judged, 4) if judged else None

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``stats --json``."""
        return {
            "unit": self.unit,
            "items": self.items,
            "closed_on_time": self.closed_on_time,
            "closed_late": self.closed_late,
            "open_overdue": self.open_overdue,
            "on_time_rate": self.on_time_rate,
        }


def stats(items: Iterable[Item], year: int, today: dt.date, profile: Profile) -> list[UnitStats]:
    """Per lead unit, the items registered in ``year``: closed on time or late, open overdue.

    An item is closed on time when the report that answered it (or, lacking
    one, the closing) came on or before the date it is judged against
    (``deadlines.answered_in_time``, ``judged_due``): the same rule by which
    an open item is overdue, so an item closed late is one the morning report
    showed overdue. ``on_time_rate`` = on time / (on time + late + open
    overdue), None when nothing was due. Every date is the one the record was
    really made (``history.effective_date``): backdating with ``--today`` does
    not improve the figures.
    """
    table: dict[str, UnitStats] = {}
    for item in items:
        if item.start.year != year:
            continue
        unit = item.lead_unit or "—"
        row = table.setdefault(unit, UnitStats(unit))
        row.items += 1
        if item.is_open:
            row.open += 1
            if is_overdue(item, today, profile, as_recorded=True):
                row.open_overdue += 1
            continue
        if answered_in_time(item, profile, as_recorded=True):
            row.closed_on_time += 1
        else:
            row.closed_late += 1
    # Highest rate first; units with nothing due yet (rate None) last.
    return sorted(
        table.values(),
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.items, r.unit),
    )


def commendation_candidates(rows: Iterable[UnitStats], min_items: int) -> list[str]:
    """第十九条: units whose items all closed on time, at least ``min_items`` of them."""
    return [
        r.unit
        for r in rows
        if r.unit != "—"
        and r.closed_on_time >= min_items
        and r.closed_late == 0
        and r.open_overdue == 0
    ]


@dataclass
class Suggestion:
    """A unit the office may consider criticising today, and why."""

    unit: str
    items: list[str]
    worst_workdays: int
    most_urges: int
    next_level: str

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "items": self.items,
            "workdays_overdue": self.worst_workdays,
            "urges": self.most_urges,
            "next_level": self.next_level,
        }


def criticism_candidates(
    rows: Iterable[OverdueRow], profile: Profile, next_levels: dict[str, str]
) -> list[Suggestion]:
    """Units overdue beyond the grace in working days, or urged N times without answer."""
    by_unit: dict[str, list[OverdueRow]] = {}
    for row in rows:
        if (
            row.workdays_overdue > profile.grace_workdays
            or row.item.urge_count >= profile.suggest_urges
        ):
            by_unit.setdefault(row.item.lead_unit or "—", []).append(row)
    out = [
        Suggestion(
            unit=unit,
            items=[r.item.id for r in unit_rows],
            worst_workdays=max(r.workdays_overdue for r in unit_rows),
            most_urges=max(r.item.urge_count for r in unit_rows),
            next_level=next_levels.get(unit, "criticism"),
        )
        for unit, unit_rows in by_unit.items()
    ]
    out.sort(key=lambda s: (-s.worst_workdays, s.unit))
    return out


# -- the weekly report (周报) ----------------------------------------------------


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
    missing_weekly: list[Item] = field(default_factory=list)
    extensions: list[tuple[Item, object]] = field(default_factory=list)
    urges: list[tuple[Item, object]] = field(default_factory=list)
    units: list[UnitStats] = field(default_factory=list)
    commend: list[str] = field(default_factory=list)
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
            "extensions": [i.id for i, _ in self.extensions],
            "urges": [i.id for i, _ in self.urges],
            "units": [u.to_json() for u in self.units],
            "commendation_candidates": self.commend,
        }


def missing_weekly_report(item: Item, monday: dt.date, sunday: dt.date) -> bool:
    """第十七条: a weekly-duty item registered before the week and open during it
    that has no weekly report dated in it."""
    return brief_of(item).missing_weekly(monday, sunday)


def weekly(
    items: Iterable[Item],
    monday: dt.date,
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    office: str = "",
) -> WeeklyReport:
    """The weekly report of the ISO week starting ``monday``, as of min(its Sunday, today)."""
    from duchatai.core.history import as_of

    sunday = monday + dt.timedelta(days=6)
    day = min(sunday, today)
    iso = monday.isocalendar()
    report = WeeklyReport(
        week=f"{iso.year}-W{iso.week:02d}", monday=monday, sunday=sunday, as_of=day, office=office
    )
    past = [p for p in (as_of(i, day) for i in items) if p is not None]
    for item in past:
        if monday <= item.start <= sunday:
            report.new.append(item)
        if item.closed_on and monday <= item.closed_on <= sunday:
            report.closed.append(item)
        if missing_weekly_report(item, monday, day):
            report.missing_weekly.append(item)
        report.extensions += [(item, e) for e in item.extensions if monday <= e.date <= sunday]
        report.urges += [(item, u) for u in item.urges if monday <= u.date <= sunday]
    report.overdue = overdue(map(brief_of, past), day, calendar, profile)
    report.units = stats(past, day.year, day, profile)
    report.commend = commendation_candidates(report.units, profile.commend_min_items)
    for group in (report.new, report.closed, report.missing_weekly):
        group.sort(key=lambda i: i.id)
    return report


# -- the morning report ------------------------------------------------------


@dataclass
class Morning:
    """Everything ``overdue`` shows: rows, unit standings, gaps in weekly duty."""

    today: dt.date
    rows: list[OverdueRow]
    standings: dict[str, Standing]
    missing_weekly: list[Brief]
    due_soon: list[DueRow]


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
            if i.weekly
            and i.is_open
            and (unit is None or i.lead_unit == unit)
            and i.missing_weekly(previous_monday, monday - dt.timedelta(days=1))
        ),
        key=lambda b: b.id,
    )
    soon = due_within(current, today, calendar, profile, warn_workdays)
    if unit:
        soon = [r for r in soon if r.item.lead_unit == unit]
    return Morning(today, rows, standings, missing, soon)
