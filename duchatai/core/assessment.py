"""The assessment year (第十九条: results feed every unit's annual assessment).

The one home of the rule that says which items a year's figures count. An
item belongs to year Y when its due date in force falls in Y, or it was
closed in Y, or it was open and overdue on some day of Y (as it stood that
day) — whatever year it was registered in. ``stats``, the weekly report's
unit figures and the spreadsheet's 各单位统计 sheet all ask ``in_year``, and
judge a closed item with ``closed_on_time``. (The year of criticisms, for
escalation, is a separate rule: ``escalation``.)

Pure functions: the items come as they stood on the day the figures are
taken (``assessed_on``); nothing here reads the clock or the ledger.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.deadlines import answered_in_time, is_overdue
from duchatai.core.history import as_of
from duchatai.core.model import Item
from duchatai.core.profile import Profile


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
    """
    if item.due.year == year:
        return True
    if item.closed_on is not None and item.closed_on.year == year:
        return True
    return overdue_some_day(item, dt.date(year, 1, 1), min(today, dt.date(year, 12, 31)), profile)


def closed_on_time(item: Item, profile: Profile) -> bool:
    """A closed item's verdict in the figures: answered by the date it is judged against
    (``deadlines.answered_in_time``, on the recorded dates) and never overdue while open.

    The second half keeps a lateness that a later record hid: a late answer
    returned with a new due date and answered again in time was overdue
    before the return, and a unit's figures say so. Only a return can hide
    one (an extension in time is made before the date it moves), so only an
    item returned is asked day by day.
    """
    if not answered_in_time(item, profile, as_recorded=True):
        return False
    if item.closed_on is None or all(r.accepted for r in item.reviews):
        return True
    return not overdue_some_day(item, item.start, item.closed_on, profile)


def overdue_some_day(item: Item, first: dt.date, last: dt.date, profile: Profile) -> bool:
    """Open and overdue on some day of [``first``, ``last``], as the item stood that day.

    The item as it stood (``history.as_of``) changes only on the dates of its
    records; between two of them, once overdue it stays overdue. So it is
    enough to ask on ``last`` and on the eve of every record dated in
    (``first``, ``last``]: a handful of days, not every day of the year.
    """
    if last < first:
        return False
    # Overdue on a day needs a due date before it: the item's due dates, past and present.
    dues = [item.due, *(e.previous_due for e in item.extensions)]
    dues += [r.previous_due for r in item.reviews if r.previous_due is not None]
    if min(dues) >= last or (item.closed_on is not None and item.closed_on <= first):
        return False
    changes = [r.date for r in item.reports]
    changes += [r.date for r in item.reviews]
    changes += [e.date for e in item.extensions]
    if item.closed_on is not None:
        changes.append(item.closed_on)
    eves = {last} | {d - dt.timedelta(days=1) for d in changes if first < d <= last}
    for day in sorted(eves, reverse=True):
        past = as_of(item, day)
        if past is not None and is_overdue(past, day, profile, as_recorded=True):
            return True
    return False
