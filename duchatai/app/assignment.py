"""督查交办 (第七条(三)): send an item to its lead unit, or to another one.

``assign`` without a lead unit sends the item to the one recorded at its
registration; a re-assignment to another unit says whom the item was taken
from; an assignment that changes nothing is said, not committed
(``step.update``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duchatai.app.step import (
    Context,
    check_units,
    label,
    optional_text,
    required_text,
    units,
    update,
)
from duchatai.core.errors import InvalidInput
from duchatai.core.history import status_of
from duchatai.core.messages import t
from duchatai.core.model import Item, Status


@dataclass(frozen=True)
class Assigned:
    """What ``assign`` did: the item, and the lead unit it was taken from (or None)."""

    item: Item
    previous: str | None


def assign(
    ctx: Context,
    item_id: str,
    *,
    lead: str | None = None,
    co: Sequence[str] = (),
    responsible: str | None = None,
    approved_by: str | None = None,
) -> Assigned:
    """督查交办 (第七条(三)): approved and sent to ``lead``, else to the lead unit recorded
    at registration (refused when there is none); says which unit a re-assignment took
    the item from."""
    lead_unit = optional_text(lead, label("主办单位", "lead unit"))
    if lead is not None and not lead_unit:
        required_text(lead, label("主办单位", "lead unit"))  # refuses the empty name
    co_units = units(co)
    check_units(ctx, [lead_unit, *co_units])
    responsible = optional_text(responsible, label("责任人", "responsible"))
    approved_by = optional_text(approved_by, label("批准人", "approved by"))
    taken: list[str] = []

    def apply(item: Item) -> str:
        unit = lead_unit or item.lead_unit
        if not unit:
            raise InvalidInput(t("assign_no_lead", id=item.id))
        if item.lead_unit and item.lead_unit != unit:
            taken.append(item.lead_unit)
        item.lead_unit = unit
        if co:
            item.co_units = co_units
        if responsible:
            item.responsible = responsible
        if approved_by:
            item.approved_by = approved_by
        if item.status == Status.REGISTERED:
            item.assigned_on = ctx.today
            item.status = status_of(item)
            ctx.mark(item, "assign", ctx.today)
        return f"assign {item.id} to {unit}" + (f" (from {taken[0]})" if taken else "")

    item = update(ctx, item_id, "assign", apply)
    return Assigned(item, taken[0] if taken else None)
