"""Standings on the accountability ladder (第二十条) as the reports show them.

Which units a report names and as of which day they are judged: the weekly
report's overdue lead units as of its last day, the escalation report's every
known unit as of today or the end of the year asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from duchatai.core.criticism import Criticism
from duchatai.core.escalation import Standing, standing, standings
from duchatai.core.profile import Ladder
from duchatai.reports.weekly import WeeklyReport


def weekly_standings(
    report: WeeklyReport, criticisms: Sequence[Criticism], ladder: Ladder
) -> dict[str, Standing]:
    """The standing of each lead unit with an overdue item in the week, as of ``report.as_of``."""
    return {
        row.item.lead_unit: standing(
            row.item.lead_unit, report.as_of.year, criticisms, ladder, report.as_of
        )
        for row in report.overdue
    }


@dataclass
class Escalation:
    """The escalation report: every unit's standing in ``year`` as of ``as_of``."""

    year: int
    as_of: dt.date
    rows: list[Standing]


def escalation(
    known_units: Iterable[str],
    criticisms: Sequence[Criticism],
    year: int,
    ladder: Ladder,
    today: dt.date,
) -> Escalation:
    """Standings of the ledger's units and of every unit criticised, highest level first.

    A past year is judged as of its last day; this year as of today.
    """
    as_of = min(today, dt.date(year, 12, 31))
    units = [*known_units, *(c.unit for c in criticisms)]
    return Escalation(year, as_of, standings(units, year, criticisms, ladder, as_of))
