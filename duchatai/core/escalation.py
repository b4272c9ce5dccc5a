"""Accountability (第十九条, 第二十条): the escalation ladder, pure.

通报批评 → 诫勉谈话 → 组织处理或纪律处分. A unit's level in a calendar year
(年度) follows from the number of criticisms that year and the profile's
ladder (by default 1, 2, 3), and a criticised unit that has not rectified by
its deadline reaches admonition (整改措施不力). Nothing here reads the clock
or the ledger: criticisms, items and ``today`` are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from duchatai.core.criticism import Criticism
from duchatai.core.messages import t
from duchatai.core.profile import Ladder


class Level(StrEnum):
    """Rungs of the ladder, lowest first."""

    NONE = "none"
    CRITICISM = "criticism"  # 通报批评
    ADMONITION = "admonition"  # 诫勉谈话
    DISCIPLINARY = "disciplinary"  # 组织处理或纪律处分


ORDER = [Level.NONE, Level.CRITICISM, Level.ADMONITION, Level.DISCIPLINARY]


def level_for_count(count: int, ladder: Ladder) -> Level:
    """The level that ``count`` criticisms within one year bring."""
    if count >= ladder.disciplinary:
        return Level.DISCIPLINARY
    if count >= ladder.admonition:
        return Level.ADMONITION
    if count >= ladder.criticism:
        return Level.CRITICISM
    return Level.NONE


@dataclass
class Standing:
    """Where a unit stands on the ladder in one year, as of ``today``."""

    unit: str
    year: int
    criticisms: list[Criticism] = field(default_factory=list)
    level: Level = Level.NONE
    clause: str = ""
    """The article and trigger that set the level (e.g. 第二十条(二) 年度内被通报批评2次)."""
    open_rectifications: list[Criticism] = field(default_factory=list)
    overdue_rectifications: list[Criticism] = field(default_factory=list)
    next_level: Level = Level.CRITICISM
    """What one more criticism this year would bring."""

    @property
    def count(self) -> int:
        return len(self.criticisms)

    def to_json(self) -> dict[str, object]:
        """The contract's shape for ``escalation --json`` (plus detail)."""
        return {
            "unit": self.unit,
            "year": self.year,
            "criticisms": self.count,
            "level": self.level.value,
            "clause": self.clause,
            "criticism_ids": [c.id for c in self.criticisms],
            "open_rectifications": [c.id for c in self.open_rectifications],
            "overdue_rectifications": [c.id for c in self.overdue_rectifications],
            "next_level": self.next_level.value,
        }


def standing(
    unit: str, year: int, criticisms: Iterable[Criticism], ladder: Ladder, today: dt.date
) -> Standing:
    """The unit's standing in ``year`` counting only that year's criticisms up to ``today``."""
    own = sorted(
        (c for c in criticisms if c.unit == unit and c.date.year == year and c.date <= today),
        key=lambda c: (c.date, c.id),
    )
    result = Standing(unit=unit, year=year, criticisms=own)
    result.open_rectifications = [
        c for c in own if c.rectify_by is not None and not _rectified(c, today)
    ]
    result.overdue_rectifications = [
        c for c in result.open_rectifications if c.rectify_by is not None and today > c.rectify_by
    ] + [
        c
        for c in own
        if c.rectify_by is not None
        and c.rectified_on is not None
        and c.rectified_on <= today
        and c.rectified_on > c.rectify_by
    ]
    count = len(own)
    level = level_for_count(count, ladder)
    clause = t(f"clause_{level.value}", count=count) if level != Level.NONE else ""
    if result.overdue_rectifications and ORDER.index(level) < ORDER.index(Level.ADMONITION):
        level = Level.ADMONITION
        clause = t("clause_rectification_late")
    result.level = level
    result.clause = clause
    nxt = level_for_count(count + 1, ladder)
    result.next_level = max(nxt, level, key=ORDER.index)
    return result


def _rectified(criticism: Criticism, today: dt.date) -> bool:
    return criticism.rectified_on is not None and criticism.rectified_on <= today


def standings(
    units: Iterable[str],
    year: int,
    criticisms: Sequence[Criticism],
    ladder: Ladder,
    today: dt.date,
) -> list[Standing]:
    """Standings of every unit named, highest level first, then by count and name."""
    rows = [standing(u, year, criticisms, ladder, today) for u in sorted(set(units))]
    rows.sort(key=lambda s: (-ORDER.index(s.level), -s.count, s.unit))
    return rows
