"""Each unit's digest (催办提醒): what it must do and by when, from the morning report.

One home for the figures: the digest is the morning report (``data.morning``)
taken apart by lead unit, with the milestones due within the warning days
(``milestones_due_within``). Only the lead unit answers for an item (issue 14),
so only the lead unit is reminded of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from duchatai.core.brief import Brief
from duchatai.core.criticism import Criticism
from duchatai.core.profile import Profile
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.data import DueRow, OverdueRow, morning
from duchatai.reports.milestones import LateMilestone, MilestoneDue, milestones_due_within


@dataclass
class UnitDigest:
    """What one unit is reminded of on ``today``."""

    unit: str
    today: dt.date
    overdue: list[OverdueRow] = field(default_factory=list)
    due_soon: list[DueRow] = field(default_factory=list)
    late_milestones: list[LateMilestone] = field(default_factory=list)
    milestones_due: list[MilestoneDue] = field(default_factory=list)
    missing_weekly: list[Brief] = field(default_factory=list)
    missing_week: dt.date | None = None
    """The Monday of the week whose weekly report ``missing_weekly`` lack (last week)."""

    @property
    def empty(self) -> bool:
        """Nothing to remind the unit of."""
        return not (
            self.overdue
            or self.due_soon
            or self.late_milestones
            or self.milestones_due
            or self.missing_weekly
        )

    def fingerprint(self) -> str:
        """What the digest says, as a short hash: the same digest is not sent twice a day.

        Built from the facts (ids, dates, counts), not the wording, so the same
        digest in another language is still the same digest.
        """
        facts = [
            self.unit,
            *(f"o:{r.item.id}:{r.due}:{r.workdays_overdue}" for r in self.overdue),
            *(f"d:{r.item.id}:{r.item.due}:{r.workdays_left}" for r in self.due_soon),
            *(f"l:{m.item.id}:{m.number}:{m.due}" for m in self.late_milestones),
            *(f"m:{m.item.id}:{m.number}:{m.due}" for m in self.milestones_due),
            *(f"w:{b.id}:{self.missing_week}" for b in self.missing_weekly),
        ]
        return hashlib.sha256("\n".join(facts).encode("utf-8")).hexdigest()[:16]


def digests(
    briefs: Iterable[Brief],
    criticisms: Sequence[Criticism],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    warn_workdays: int = 3,
    unit: str | None = None,
) -> list[UnitDigest]:
    """Every lead unit's digest with something in it (or only ``unit``'s), by unit name."""
    current = list(briefs)
    report = morning(
        current, criticisms, today, calendar, profile, unit=unit, warn_workdays=warn_workdays
    )
    soon = milestones_due_within(current, today, calendar, warn_workdays, unit=unit)
    monday = today - dt.timedelta(days=today.weekday())
    week = monday - dt.timedelta(days=7)
    found: dict[str, UnitDigest] = {}

    def of(name: str) -> UnitDigest:
        if name not in found:
            found[name] = UnitDigest(name, today, missing_week=week)
        return found[name]

    for row in report.rows:
        of(row.item.lead_unit).overdue.append(row)
    for due in report.due_soon:
        of(due.item.lead_unit).due_soon.append(due)
    for late in report.milestones:
        of(late.item.lead_unit).late_milestones.append(late)
    for coming in soon:
        of(coming.item.lead_unit).milestones_due.append(coming)
    for brief in report.missing_weekly:
        of(brief.lead_unit).missing_weekly.append(brief)
    return [found[name] for name in sorted(found) if name and not found[name].empty]
