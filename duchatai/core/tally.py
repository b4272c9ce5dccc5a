"""What the year's figures and the weekly report need of an item, small enough to cache.

``stats`` and the weekly report look at every item, open or closed, but need
only a few facts of each: its unit, its dates, the verdicts of the figures'
rules. A ``Tally`` holds exactly those, a tuple of plain values (dates as
ordinals), kept for every item in the cache's manifest (``store/manifest.py``)
as a JSON array; ``decode_tally`` checks every value of such an array before
it becomes a tally, as ``brief.decode_brief`` does.

The rules are not here. A tally is made by ``assessment.tally_of`` and read by
the functions beside the rules it serves (``assessment.counts_in_year``,
``weeklyduty.missed_mondays``…): it keeps their inputs, or, where a rule asks
about the item as it stood on earlier days (``assessment.overdue_some_day``),
the rule's verdicts on the finitely many days where they can change. A tally
never depends on the office's profile: whatever depends on which reports
answer a deadline (``deadlines.answer_kinds``) is kept once for each of
``deadlines.ANSWER_VARIANTS`` (``…_result``, ``…_any``, ``…_none``) and picked
when the report runs (``variant``).

A tally describes the item as it stands, every record dated: it serves a
report for a day on or after ``last_day``; for an earlier day the item is
rolled back (``history.as_of``) and tallied again.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from duchatai.core.brief import checks_of, decoder
from duchatai.core.deadlines import RESULT_ONLY, RESULT_OR_PROGRESS


class Tally(NamedTuple):
    """An item as the figures and the weekly report see it (``assessment.tally_of``).

    ``counted`` is false for a withdrawn item (撤销, ``history.in_reports``).
    ``lowest_due_day`` is the earliest of its due dates past and present,
    ``judged_day`` the one it is judged against (``deadlines.judged_due``),
    ``answered_*_day`` the day (as recorded) the deadline was answered under
    each set of kinds (``deadlines.answered_by``). ``change_eves`` are the eves
    of the records that change whether it is overdue (``assessment.change_eves``)
    and ``overdue_*_eves`` those of them on which it was overdue as it stood
    then (``assessment.overdue_on``); ``on_time_*`` the verdict on a closed item
    (``assessment.closed_on_time_under``). ``weekly``, ``progress_day``,
    ``accepted_day`` and ``weekly_days`` are the inputs of the weekly duty
    (``weeklyduty``); ``reopened_days`` the days a recheck reopened it;
    ``extension_days`` and ``urge_days`` the dates of its extensions and urges.
    """

    id: str
    category: str
    lead_unit: str
    counted: bool
    open_item: bool
    start_day: int
    due_day: int
    closed_day: int | None
    last_day: int
    lowest_due_day: int
    judged_day: int
    answered_result_day: int | None
    answered_any_day: int | None
    answered_none_day: int | None
    change_eves: tuple[int, ...]
    overdue_result_eves: tuple[int, ...]
    overdue_any_eves: tuple[int, ...]
    overdue_none_eves: tuple[int, ...]
    on_time_result: bool
    on_time_any: bool
    on_time_none: bool
    weekly: bool
    progress_day: int | None
    accepted_day: int | None
    weekly_days: tuple[int, ...]
    reopened_days: tuple[int, ...]
    extension_days: tuple[int, ...]
    urge_days: tuple[int, ...]

    def answered_day(self, kinds: tuple[str, ...]) -> int | None:
        """The day the deadline was answered (as recorded) under ``kinds``."""
        return (self.answered_result_day, self.answered_any_day, self.answered_none_day)[
            variant(kinds)
        ]

    def overdue_eves(self, kinds: tuple[str, ...]) -> tuple[int, ...]:
        """The eves (of ``change_eves``) on which the item was overdue, under ``kinds``."""
        return (self.overdue_result_eves, self.overdue_any_eves, self.overdue_none_eves)[
            variant(kinds)
        ]

    def on_time(self, kinds: tuple[str, ...]) -> bool:
        """A closed item's verdict in the figures (``assessment.closed_on_time``)."""
        return (self.on_time_result, self.on_time_any, self.on_time_none)[variant(kinds)]


def variant(kinds: tuple[str, ...]) -> int:
    """The place of ``kinds`` in ``deadlines.ANSWER_VARIANTS``."""
    if kinds == RESULT_ONLY:
        return 0
    if kinds == RESULT_OR_PROGRESS:
        return 1
    return 2


TALLY_CHECKS: tuple[Any, ...] = checks_of(Tally)
"""One checking converter per field of ``Tally``, in order."""

decode_tally = decoder(Tally, TALLY_CHECKS)
"""The tally a cached JSON array holds; ``ValueError`` when any value is off."""
