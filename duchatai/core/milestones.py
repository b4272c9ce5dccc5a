"""节点任务 (第八条(六) 对账, 账单式管理): when a milestone is late, done or still to come.

A milestone is a dated step under an item (``Item.milestones``). The office
checks them off like a bill (对账) whether or not the item itself is late, so
the morning report, ``due``, ``weekly``, ``show`` and the 台账 all ask the one
rule here, through ``milestone_state`` (``Brief.overdue_milestones`` too).
"""

from __future__ import annotations

import datetime as dt

DONE, DONE_LATE, OVERDUE, PENDING, DROPPED = "done", "done_late", "overdue", "pending", "dropped"
"""The states of a milestone on a day: done on or before its date, done after it,
not done and past its date (late), not done and not yet past its date, and not
done under an item that is no longer open (closed, archived, withdrawn: nobody
chases it any more)."""


def milestone_state(
    due: dt.date, done: dt.date | None, today: dt.date, *, item_open: bool
) -> str:
    """The state of a milestone due on ``due`` as of the end of ``today``.

    ``done`` after ``today`` is not yet done (a report for a past day). A
    milestone is late from the day after its date, as an item is overdue from
    the day after its due date (on its date it is still in time).
    """
    if done is not None and done <= today:
        return DONE_LATE if done > due else DONE
    if not item_open:
        return DROPPED
    return OVERDUE if today > due else PENDING


def milestone_overdue(
    due: dt.date, done: dt.date | None, today: dt.date, *, item_open: bool
) -> bool:
    """Whether the milestone is late on ``today``: not done, its item open, its date past."""
    return milestone_state(due, done, today, item_open=item_open) == OVERDUE


def milestone_pending(
    due: dt.date, done: dt.date | None, today: dt.date, *, item_open: bool
) -> bool:
    """Whether the milestone is still to be done in time: not done, its item open, due today
    or later (``due --within`` counts the working days left)."""
    return milestone_state(due, done, today, item_open=item_open) == PENDING
