"""Accountability (第二十条) as library functions: criticisms of units (通报批评) and
their rectification (整改).

A criticism is its own record in ``criticisms/<year>/<id>.yaml``, not a step on
an item; each function validates first, then writes inside one
``Ledger.change`` (locked, atomic, one commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from duchatai.app.step import Context, check_units, label, required_text
from duchatai.core.criticism import Criticism
from duchatai.core.errors import InvalidInput
from duchatai.core.history import in_reports
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.store.change import Change


def criticize(
    ctx: Context,
    unit: str,
    *,
    reason: str,
    items: Sequence[str] = (),
    rectify_by: dt.date | None = None,
    then: Callable[[Change, Criticism, list[Item]], str] | None = None,
) -> Criticism:
    """通报批评: record a criticism of ``unit`` in its own file, one commit.

    ``then`` writes more in the same change (``criticize --document``: the 通报) and
    returns what the commit message adds."""
    ledger = ctx.ledger
    name = required_text(unit, label("单位", "unit"))
    why = required_text(reason, label("批评理由", "reason"), multiline=True)
    ids = [ledger.check_id(i) for i in items]
    check_units(ctx, [name])
    loaded = [ledger.get(i) for i in dict.fromkeys(ids)]
    for item in loaded:
        _refuse_item(item, name)
    if rectify_by is not None and rectify_by < ctx.today:
        raise InvalidInput(t("due_before_start", due=rectify_by, start=ctx.today))
    with ledger.change("", ctx.actor) as change:
        criticism = Criticism(
            **ctx.stamp(),
            id=ledger.next_criticism_id(ctx.today.year),
            unit=name,
            reason=why,
            items=[i.id for i in loaded],
            rectify_by=rectify_by,
        )
        path = ledger.root / "criticisms" / str(ctx.today.year) / f"{criticism.id}.yaml"
        change.write_record(path, criticism.to_record())
        criticism.path = path
        named = f" ({', '.join(criticism.items)})" if criticism.items else ""
        change.message = f"criticize {name}: {criticism.id}{named}"
        if then is not None:
            change.message += then(change, criticism, loaded)
    return criticism


def _refuse_item(item: Item, unit: str) -> None:
    """An item grounds a criticism of ``unit`` only when it is that unit's (lead or
    co-unit) and was not withdrawn."""
    if not in_reports(item):
        raise InvalidInput(t("criticize_item_withdrawn", id=item.id))
    if unit not in (item.lead_unit, *item.co_units):
        raise InvalidInput(
            t(
                "criticize_item_not_unit",
                id=item.id,
                unit=unit,
                lead=item.lead_unit or "—",
                co="、".join(item.co_units) or "—",
            )
        )


def rectify(ctx: Context, criticism_id: str, *, on: dt.date | None = None) -> Criticism:
    """Mark a criticism's rectification (整改) done."""
    ledger = ctx.ledger
    wanted = criticism_id.strip().upper()
    with ledger.change("", ctx.actor) as change:
        found, _ = ledger.load_criticisms()
        match = next((c for c in found if c.id == wanted), None)
        if match is None or match.path is None:
            raise InvalidInput(t("no_criticism", id=criticism_id))
        if match.rectified_on is not None:
            raise InvalidInput(t("already_rectified", id=match.id, date=match.rectified_on))
        day = on or ctx.today
        if not match.date <= day <= ctx.today:
            raise InvalidInput(
                t("rectify_date", date=day, criticised=match.date, today=ctx.today)
            )
        match.rectified_on = day
        match.rectified_recorded_on = ctx.recorded_on(day)
        change.write_record(match.path, match.to_record())
        change.message = f"rectify {match.unit}: {match.id}"
    return match
