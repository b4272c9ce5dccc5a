"""The assessment year (第十九条: results feed every unit's annual assessment).

The one home of the rule that says which items a year's figures count. An
item belongs to year Y when its due date in force falls in Y, or it was
closed in Y, or it was open and overdue on some day of Y (as it stood that
day) — whatever year it was registered in. ``stats``, the weekly report's
unit figures and the spreadsheet's 各单位统计 sheet all ask ``in_year``, and
judge a closed item with ``closed_on_time``. (The year of criticisms, for
escalation, is a separate rule: ``escalation``.)

The reports that read the cache ask the same rules of an item's ``Tally``
(``tally_of``, kept in the cache's manifest): ``counts_in_year`` states the
year's rule over it, and the tally keeps the verdicts of ``overdue_on`` and
``closed_on_time_under`` that do not depend on the day asked, one for each set
of kinds of report that answer (``deadlines.ANSWER_VARIANTS``): ``in_year`` of
a whole item is ``counts_in_year`` of its tally.

Pure functions: the items come as they stood on the day the figures are
taken (``assessed_on``); nothing here reads the clock or the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from duchatai.core.brief import last_event
from duchatai.core.deadlines import (
    ANSWER_VARIANTS,
    answer_kinds,
    answered_by,
    answered_in_time_under,
    judged_due,
    overdue_under,
    past_due_unanswered,
)
from duchatai.core.followup import reopenings
from duchatai.core.history import as_of, in_reports
from duchatai.core.model import Item
from duchatai.core.profile import Profile
from duchatai.core.tally import Tally
from duchatai.core.weeklyduty import accepted_on, first_progress, weekly_reports


def assessed_on(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are taken: its last day once it is over, else today."""
    return min(today, dt.date(year, 12, 31))


def in_year(item: Item, year: int, today: dt.date, profile: Profile) -> bool:
    """第十九条: whether ``item`` (as it stood on ``today``) counts in ``year``'s figures.

    Its due date in force falls in ``year``; or it was closed in ``year``; or
    it was open and overdue on some day of ``year`` up to ``today``, judged as
    the figures judge (``deadlines.is_overdue`` on the recorded dates, against
    ``judged_due``: an extension granted late does not take an item out of the
    year it was overdue in). The year it was registered in does not matter.
    Stated once, over the item's tally (``counts_in_year``).
    """
    return counts_in_year(tally_of(item), year, today, profile)


def counts_in_year(tally: Tally, year: int, today: dt.date, profile: Profile) -> bool:
    """``in_year`` of the item ``tally`` was made of (``today`` on or after its last record)."""
    if dt.date.fromordinal(tally.due_day).year == year:
        return True
    if tally.closed_day is not None and dt.date.fromordinal(tally.closed_day).year == year:
        return True
    kinds = answer_kinds(profile.categories.get(tally.category))
    last = min(today, dt.date(year, 12, 31)).toordinal()
    eves, overdue = tally.change_eves, tally.overdue_eves(kinds)

    def verdict(day: int) -> bool:
        if day in eves:  # the item as it stood then: the verdict kept
            return day in overdue
        return overdue_at(tally, day, kinds)  # a day after its last record: as it stands

    first = dt.date(year, 1, 1).toordinal()
    return some_day(tally.lowest_due_day, tally.closed_day, eves, first, last, verdict)


def overdue_at(tally: Tally, day: int, kinds: tuple[str, ...]) -> bool:
    """``deadlines.overdue_under`` on the recorded dates, of the item ``tally`` was made of
    on the day of ordinal ``day`` (on or after its last record)."""
    if not tally.open_item:
        return False
    return past_due_unanswered(day, tally.judged_day, tally.answered_day(kinds))


def tally_of(item: Item) -> Tally:
    """The tally of an item as it stands (apply ``history.as_of`` first for a past day)."""
    eves = change_eves(item)
    lowest = min_due(item).toordinal()
    overdue = [
        tuple(e for e in eves if e > lowest and overdue_on(item, dt.date.fromordinal(e), k))
        for k in ANSWER_VARIANTS
    ]
    on_time = [not item.is_open and closed_on_time_under(item, k) for k in ANSWER_VARIANTS]
    answered = [_ordinal(answered_by(item, k, as_recorded=True)) for k in ANSWER_VARIANTS]
    progress = first_progress(item)
    return Tally(
        id=item.id,
        category=item.category,
        lead_unit=item.lead_unit,
        counted=in_reports(item),
        open_item=item.is_open,
        start_day=item.start.toordinal(),
        due_day=item.due.toordinal(),
        closed_day=_ordinal(item.closed_on),
        last_day=last_event(item).toordinal(),
        lowest_due_day=lowest,
        judged_day=judged_due(item).toordinal(),
        answered_result_day=answered[0],
        answered_any_day=answered[1],
        answered_none_day=answered[2],
        change_eves=eves,
        overdue_result_eves=overdue[0],
        overdue_any_eves=overdue[1],
        overdue_none_eves=overdue[2],
        on_time_result=on_time[0],
        on_time_any=on_time[1],
        on_time_none=on_time[2],
        weekly=item.weekly,
        progress_day=None if progress is None else progress.date.toordinal(),
        accepted_day=_ordinal(accepted_on(item)),
        weekly_days=tuple(r.date.toordinal() for r in weekly_reports(item)),
        reopened_days=tuple(d.toordinal() for d in reopenings(item)),
        extension_days=tuple(e.date.toordinal() for e in item.extensions),
        urge_days=tuple(u.date.toordinal() for u in item.urges),
    )


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def closed_on_time(item: Item, profile: Profile) -> bool:
    """A closed item's verdict in the figures: answered by the date it is judged against
    (``deadlines.answered_in_time``, on the recorded dates) and never overdue while open."""
    return closed_on_time_under(item, answer_kinds(profile.categories.get(item.category)))


def closed_on_time_under(item: Item, kinds: tuple[str, ...]) -> bool:
    """``closed_on_time`` with the kinds of report that answer given (``answer_kinds``).

    The second half keeps a lateness that a later record hid: a late answer
    returned with a new due date and answered again in time was overdue
    before the return, and a unit's figures say so. Only a return can hide
    one (an extension in time is made before the date it moves), so only an
    item returned is asked day by day.
    """
    if not answered_in_time_under(item, kinds, as_recorded=True):
        return False
    if item.closed_on is None or all(r.accepted for r in item.reviews):
        return True
    return not overdue_some_day_under(item, item.start, item.closed_on, kinds)


def overdue_some_day(item: Item, first: dt.date, last: dt.date, profile: Profile) -> bool:
    """Open and overdue on some day of [``first``, ``last``], as the item stood that day."""
    kinds = answer_kinds(profile.categories.get(item.category))
    return overdue_some_day_under(item, first, last, kinds)


def overdue_some_day_under(
    item: Item, first: dt.date, last: dt.date, kinds: tuple[str, ...]
) -> bool:
    """``overdue_some_day`` with the kinds of report that answer given (``answer_kinds``)."""
    return some_day(
        min_due(item).toordinal(),
        None if item.closed_on is None else item.closed_on.toordinal(),
        change_eves(item),
        first.toordinal(),
        last.toordinal(),
        lambda day: overdue_on(item, dt.date.fromordinal(day), kinds),
    )


def some_day(
    lowest_due: int,
    closed: int | None,
    eves: Iterable[int],
    first: int,
    last: int,
    verdict: Callable[[int], bool],
) -> bool:
    """Whether ``verdict`` (overdue on a day, as the item stood then) holds on some day of
    [``first``, ``last``] (ordinals), for an item whose due dates (past and present) are
    not before ``lowest_due``, closed on ``closed``, with records changing it the day
    after each of ``eves``.

    The item as it stood (``history.as_of``) changes only on the dates of its
    records; between two of them, once overdue it stays overdue. So it is
    enough to ask on ``last`` and on the eve of every record dated in
    (``first``, ``last``]: a handful of days, not every day of the year.
    """
    if last < first:
        return False
    # Overdue on a day needs a due date before it: the item's due dates, past and present.
    if lowest_due >= last or (closed is not None and closed <= first):
        return False
    days = {last} | {eve for eve in eves if first <= eve < last}
    return any(verdict(day) for day in sorted(days, reverse=True))


def min_due(item: Item) -> dt.date:
    """The earliest of the item's due dates, past and present."""
    dues = [item.due, *(e.previous_due for e in item.extensions)]
    dues += [r.previous_due for r in item.reviews if r.previous_due is not None]
    return min(dues)


def change_eves(item: Item) -> tuple[int, ...]:
    """The ordinals of the eves of the records that change whether the item is overdue
    (reports, reviews, extensions, the closing), each once, in order."""
    changes = [r.date for r in item.reports]
    changes += [r.date for r in item.reviews]
    changes += [e.date for e in item.extensions]
    if item.closed_on is not None:
        changes.append(item.closed_on)
    return tuple(sorted({d.toordinal() - 1 for d in changes}))


def overdue_on(item: Item, day: dt.date, kinds: tuple[str, ...]) -> bool:
    """Open and overdue on ``day`` as the item stood then, judged as the figures judge."""
    past = as_of(item, day)
    return past is not None and overdue_under(past, day, kinds, as_recorded=True)
