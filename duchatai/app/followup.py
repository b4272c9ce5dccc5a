"""复核 / 回头看 (第八条(七)): ``recheck`` of a closed item, which either holds the closing
or reopens the item with a new due date."""

from __future__ import annotations

import datetime as dt

from duchatai.app.step import Context, label, required_text, update
from duchatai.core.errors import InvalidInput
from duchatai.core.history import status_of
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.core.records import Recheck, Review


def recheck(
    ctx: Context,
    item_id: str,
    *,
    finding: str,
    held: bool = False,
    reopen_due: dt.date | None = None,
) -> Item:
    """Record a recheck of a closed item, in one commit.

    ``held``: the closing stands. ``reopen_due``: the item is back in
    supervision, returned with that due date (as a rejecting review would
    return it), its history kept; the closing it undid is kept in the recheck.
    """
    if held == (reopen_due is not None):
        raise InvalidInput(t("recheck_held_or_reopen"))
    text = required_text(finding, label("复核发现", "finding"), multiline=True)
    if reopen_due is not None and reopen_due <= ctx.today:
        raise InvalidInput(t("recheck_due_not_after", due=reopen_due, today=ctx.today))

    def apply(item: Item) -> str:
        closed = item.closed_on
        if closed is not None and ctx.today < closed:
            raise InvalidInput(t("recheck_before_close", date=ctx.today, closed=closed))
        stamp = ctx.stamp()
        entry = Recheck(**stamp, finding=text, held=held, closed_on=closed)
        item.rechecks.append(entry)
        if held:
            return f"recheck {item.id}: held"
        assert reopen_due is not None
        entry.close_note, entry.new_due = item.close_note, reopen_due
        item.reviews.append(
            Review(**stamp, accepted=False, reason=text, reports_seen=len(item.reports),
                   previous_due=item.due, new_due=reopen_due)
        )
        item.due, item.closed_on, item.close_note = reopen_due, None, ""
        item.recorded_on.pop("close", None)
        item.status = status_of(item)
        return f"recheck {item.id}: reopened, due {reopen_due.isoformat()}"

    return update(ctx, item_id, "recheck", apply)
