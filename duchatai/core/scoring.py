"""The annual assessment's formula (考核, 第十九条), kept as data in ``duchatai.yaml``.

A unit's score is ``base`` plus ``on_time_rate`` points times its on-time
rate, plus, for each counted fact, its weight times its count, kept between
``floor`` and ``ceiling``. The weights are the office's to set::

    assessment:
      base: 60
      on_time_rate: 40      # points for a rate of 100 % (nothing due: all of them)
      late_closing: -2      # each item closed late
      overdue_workday: -0.2 # each working day an item was overdue
      missed_week: -1       # each week a weekly progress report was owed and missing
      criticism: -5         # each 通报批评 of the unit in the year
      reopened: -3          # each item reopened after a 复核 (recheck)

A key left out keeps its default; an unknown key or a value that is not a
number is refused, naming it. Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from duchatai.core.messages import t

FACTS = ("late_closing", "overdue_workday", "missed_week", "criticism", "reopened")
"""The counted facts, in the order a score is explained."""

DEFAULTS: dict[str, float] = {
    "base": 60.0,
    "on_time_rate": 40.0,
    "late_closing": -2.0,
    "overdue_workday": -0.2,
    "missed_week": -1.0,
    "criticism": -5.0,
    "reopened": -3.0,
    "floor": 0.0,
    "ceiling": 100.0,
}


@dataclass(frozen=True)
class Formula:
    """The weights of the assessment (``DEFAULTS`` unless ``duchatai.yaml`` says)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULTS))

    def __getitem__(self, key: str) -> float:
        return self.weights[key]


def formula(raw: Mapping[str, Any] | None) -> Formula:
    """``assessment:`` read over the defaults; ``ValueError`` names a bad key or value."""
    weights = dict(DEFAULTS)
    for key, value in (raw or {}).items():
        name = str(key)
        if name not in DEFAULTS:
            raise ValueError(t("assess_key_unknown", name=name, keys=", ".join(DEFAULTS)))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(t("assess_key_not_number", name=name, value=repr(value)))
        if not math.isfinite(value) or abs(value) > 1_000_000:
            raise ValueError(t("assess_key_range", name=name, value=repr(value)))
        weights[name] = float(value)
    if weights["floor"] > weights["ceiling"]:
        raise ValueError(t("assess_floor_above"))
    return Formula(weights)


@dataclass(frozen=True)
class Term:
    """One line of a score: what was counted, how many, the weight, the points, and the
    records behind it (item ids with their counts, or criticism ids)."""

    name: str
    count: float
    weight: float
    points: float
    sources: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Score:
    """A unit's score and every term that made it."""

    unit: str
    rate: float | None
    """The on-time rate (None: nothing was due, the rate's points given in full)."""
    base: float
    terms: tuple[Term, ...]
    total: float
    """Rounded to two decimals, kept between the floor and the ceiling."""


def score(
    unit: str,
    rate: float | None,
    rate_sources: tuple[tuple[str, float], ...],
    facts: Mapping[str, tuple[tuple[str, float], ...]],
    weights: Formula,
) -> Score:
    """``unit``'s score from its on-time rate (None: nothing was due, full points), the
    items judged for it (``(id, 1)`` on time, ``(id, 0)`` not) and its facts, each a
    tuple of ``(record id, count)``."""
    share = 1.0 if rate is None else rate
    terms = [
        Term("on_time_rate", share, weights["on_time_rate"], share * weights["on_time_rate"],
             rate_sources)
    ]
    for name in FACTS:
        sources = facts.get(name, ())
        count = sum(n for _, n in sources)
        terms.append(Term(name, count, weights[name], count * weights[name], sources))
    raw = weights["base"] + sum(t.points for t in terms)
    total = min(max(raw, weights["floor"]), weights["ceiling"])
    return Score(unit, rate, weights["base"], tuple(terms), round(total, 2))
