"""The office's figures (第十九条: results feed the annual assessment) and what they suggest.

Per lead unit, the items of an assessment year (``core.assessment.in_year``)
closed on time or late and open overdue; the
units to commend (第十九条) and those the office may consider criticising today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from duchatai.core.assessment import counts_in_year, overdue_at, tally_of
from duchatai.core.deadlines import answer_kinds
from duchatai.core.followup import in_year_only
from duchatai.core.model import Item
from duchatai.core.profile import CategoryRule, Profile
from duchatai.core.tally import Tally
from duchatai.core.weeklyduty import duty_end, duty_start, follows_up, missed_mondays
from duchatai.reports.data import OverdueRow


@dataclass
class UnitStats:
    """One unit's figures for a year."""

    unit: str
    items: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0
    open: int = 0
    weeks_missed: int = 0
    """Weeks of the year owed a weekly report that had none (``weeklyduty.missed_weeks``)."""
    on_time_ids: list[str] = field(default_factory=list, repr=False)
    """The ids of the items behind ``closed_on_time``."""
    late_ids: list[str] = field(default_factory=list, repr=False)
    """The items behind ``closed_late`` (the assessment traces its points to them)."""
    overdue_ids: list[str] = field(default_factory=list, repr=False)
    """The items behind ``open_overdue``."""
    missed_by_item: dict[str, int] = field(default_factory=dict, repr=False)
    """``weeks_missed`` item by item."""
    reopened_ids: list[str] = field(default_factory=list, repr=False)
    """Items a recheck (复核) reopened in the year (``followup.reopened_in``)."""

    @property
    def reopened(self) -> int:
        """How many items a recheck reopened in the year."""
        return len(self.reopened_ids)

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
            "weeks_missed": self.weeks_missed,
            "reopened": self.reopened,
        }


def stats(items: Iterable[Item], year: int, today: dt.date, profile: Profile) -> list[UnitStats]:
    """Per lead unit, the items of ``year`` as they stood on ``today``: closed on time or late,
    open overdue.

    The items of a year are those ``assessment.in_year`` counts (第十九条: due
    in it, closed in it, or overdue in it, whatever year they were registered
    in); pass them as of ``assessment.assessed_on`` (a past year's last day).

    An item is closed on time when the report that answered it (or, lacking
    one, the closing) came on or before the date it is judged against
    (``deadlines.answered_in_time``, ``judged_due``) and it was never overdue
    while open (``assessment.closed_on_time``): an item closed late is one the
    morning report showed overdue. ``on_time_rate`` = on time / (on time + late + open
    overdue), None when nothing was due. Every date is the one the record was
    really made (``history.effective_date``): backdating with ``--today`` does
    not improve the figures. A progress reply that answered the first limit
    counts as answered on time (第十六条); ``weeks_missed`` counts the weeks of
    ``year``, over by ``today``, in which a weekly report was owed and none came
    (第十七条, ``weeklyduty``).
    """
    return tally_stats((tally_of(item) for item in items), year, today, profile)


def tally_stats(
    tallies: Iterable[Tally], year: int, today: dt.date, profile: Profile
) -> list[UnitStats]:
    """``stats`` of the items the ``tallies`` were made of (``assessment.tally_of``), as
    they stood on ``today`` (on or after each one's last record): the cache's way, no
    item decoded."""
    table: dict[str, UnitStats] = {}
    day = today.toordinal()
    rules: dict[str, tuple[CategoryRule | None, tuple[str, ...], bool]] = {}
    for tally in tallies:
        if not counts_in_year(tally, year, today, profile):
            continue
        unit = tally.lead_unit or "—"
        row = table.setdefault(unit, UnitStats(unit))
        row.items += 1
        found = rules.get(tally.category)
        if found is None:  # asked once per category, not once per item
            rule = profile.categories.get(tally.category)
            found = rules[tally.category] = (rule, answer_kinds(rule), follows_up(rule))
        _, kinds, follow_up = found
        start = duty_start(tally.weekly, tally.start_day, tally.progress_day, follow_up)
        end = duty_end(tally.closed_day, tally.accepted_day)
        missed = sum(
            1 for m in missed_mondays(start, end, tally.weekly_days, today) if _date(m).year == year
        )
        if missed:
            row.weeks_missed += missed
            row.missed_by_item[tally.id] = missed
        if tally.reopened_days and in_year_only([_date(d) for d in tally.reopened_days], year):
            row.reopened_ids.append(tally.id)
        if tally.open_item:
            row.open += 1
            if overdue_at(tally, day, kinds):
                row.open_overdue += 1
                row.overdue_ids.append(tally.id)
            continue
        if tally.on_time(kinds):
            row.closed_on_time += 1
            row.on_time_ids.append(tally.id)
        else:
            row.closed_late += 1
            row.late_ids.append(tally.id)
    # Highest rate first; units with nothing due yet (rate None) last.
    return sorted(
        table.values(),
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.items, r.unit),
    )


_date = dt.date.fromordinal


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
