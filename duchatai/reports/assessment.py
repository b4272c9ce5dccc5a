"""The annual assessment (考核, 第十九条): a score per unit, every point traced to the
items and criticisms behind it.

The counts are the year's figures (``figures.stats``: the same items, judged
the same way, as ``stats`` shows them); the weights are the office's formula
(``core.scoring``). Criticisms count in the year they were made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from duchatai.core.assessment import tally_of
from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import answer_kinds
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.scoring import Formula, Score, score
from duchatai.core.tally import Tally
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.figures import UnitStats, tally_stats


def assess(
    items: Iterable[Item],
    criticisms: Sequence[Criticism],
    year: int,
    day: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    weights: Formula,
) -> list[Score]:
    """Every unit's score for ``year`` as of ``day`` (``assessment.assessed_on``), the items
    given as they stood that day; highest first, then by unit name."""
    tallies = (tally_of(item) for item in items)
    return tally_assess(tallies, criticisms, year, day, calendar, profile, weights)


def tally_assess(
    tallies: Iterable[Tally],
    criticisms: Sequence[Criticism],
    year: int,
    day: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    weights: Formula,
) -> list[Score]:
    """``assess`` of the items the ``tallies`` were made of (``assessment.tally_of``), as
    they stood on ``day``: the cache's way, no item decoded (``figures.tally_stats``)."""
    tallies = list(tallies)
    by_id = {tally.id: tally for tally in tallies}
    rows = {row.unit: row for row in tally_stats(tallies, year, day, profile)}
    criticised: dict[str, list[tuple[str, float]]] = {}
    for c in criticisms:
        if c.date.year == year and c.date <= day:
            criticised.setdefault(c.unit, []).append((c.id, 1.0))
    scores = []
    for unit in sorted({*rows, *criticised}):
        row = rows.get(unit) or UnitStats(unit)
        facts = {
            "late_closing": tuple((i, 1.0) for i in row.late_ids),
            "overdue_workday": _overdue_workdays(row, by_id, day, calendar, profile),
            "missed_week": tuple((i, float(n)) for i, n in sorted(row.missed_by_item.items())),
            "criticism": tuple(sorted(criticised.get(unit, []))),
            "reopened": tuple((i, 1.0) for i in row.reopened_ids),
        }
        judged = [(i, 1.0) for i in row.on_time_ids]
        judged += [(i, 0.0) for i in (*row.late_ids, *row.overdue_ids)]
        on_time = tuple(sorted(judged))
        scores.append(score(unit, row.on_time_rate, on_time, facts, weights))
    scores.sort(key=lambda s: (-s.total, s.unit))
    return scores


def _overdue_workdays(
    row: UnitStats,
    by_id: dict[str, Tally],
    day: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
) -> tuple[tuple[str, float], ...]:
    """Working days each item was overdue: an open one up to ``day``, one closed late up
    to the answer (or the closing) that ended it (``deadlines.answered_on``, as recorded)."""
    found = []
    for tally in (by_id[i] for i in row.overdue_ids):
        due = dt.date.fromordinal(tally.judged_day)
        found.append((tally.id, float(calendar.between(due, day))))
    for tally in (by_id[i] for i in row.late_ids):
        kinds = answer_kinds(profile.categories.get(tally.category))
        ended = tally.answered_day(kinds) or tally.closed_day
        end = day if ended is None else dt.date.fromordinal(ended)
        due = dt.date.fromordinal(tally.judged_day)
        found.append((tally.id, float(calendar.between(due, end)) if end > due else 0.0))
    return tuple(sorted(f for f in found if f[1]))
