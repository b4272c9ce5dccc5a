"""``reports.accountability``: which units the escalation report names, as of which day.

Built from criticisms made here, no ledger and no git: the CLI contract of
``escalation`` is in ``test_escalation.py``.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.criticism import Criticism
from duchatai.core.escalation import Level
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.reports.accountability import escalation

D = dt.date
LADDER = DEFAULT_PROFILE.ladder


def criticism(n: int, unit: str, day: dt.date) -> Criticism:
    return Criticism(id=f"PP-{day.year}-{n:04d}", unit=unit, date=day, reason="逾期")


CRITICISMS = [
    criticism(1, "市水务局", D(2025, 3, 2)),
    criticism(2, "市水务局", D(2025, 12, 30)),
    criticism(3, "市交通局", D(2026, 5, 6)),
    criticism(4, "市交通局", D(2026, 12, 1)),  # after today: not counted yet
]


def test_this_year_is_judged_as_of_today() -> None:
    report = escalation(["市教育局"], CRITICISMS, 2026, LADDER, D(2026, 11, 20))
    assert (report.year, report.as_of) == (2026, D(2026, 11, 20))
    rows = [(s.unit, s.count, s.level) for s in report.rows]
    assert rows == [
        ("市交通局", 1, Level.CRITICISM),
        ("市教育局", 0, Level.NONE),
        ("市水务局", 0, Level.NONE),  # criticised in 2025 only: named, counted as 0
    ]


def test_a_past_year_is_judged_as_of_its_last_day() -> None:
    report = escalation([], CRITICISMS, 2025, LADDER, D(2026, 11, 20))
    assert report.as_of == D(2025, 12, 31)
    assert [(s.unit, s.count, s.level) for s in report.rows][0] == (
        "市水务局",
        2,
        Level.ADMONITION,
    )


def test_each_unit_once_whatever_the_sources() -> None:
    report = escalation(["市交通局", "市交通局"], CRITICISMS, 2026, LADDER, D(2026, 12, 31))
    assert [s.unit for s in report.rows] == ["市交通局", "市水务局"]
    assert report.rows[0].count == 2 and report.rows[0].level == Level.ADMONITION
