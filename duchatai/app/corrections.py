"""Correcting a registration (更正, ``edit``) and free notes (备注, ``note``).

A clerk who typed a wrong title, unit, category or date fixes it here rather
than in the YAML or with git: ``edit`` changes only the fields given, records
what it changed (a ``Correction`` in ``edits:``, with the reason) and commits
once, naming the fields; a due date changes only with a reason, or when a new
category's rule recomputes it (explained in ``due_basis``). Nothing differs:
nothing is written and nothing committed. ``note`` adds a dated free note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from duchatai.app.step import (
    ApplyFn,
    Context,
    check_units,
    choice,
    label,
    optional_text,
    required_text,
    short,
    units,
    update,
)
from duchatai.core.deadlines import category_rule, hard_cap
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.model import KINDS, Correction, Item, Note


@dataclass
class Edits:
    """What ``edit`` was asked to change; None (or empty) leaves a field as registered.

    ``milestones`` re-dates (and may rename) milestone N: ``(N, date, title or "")``;
    ``drop_milestones`` removes milestones by number (registered by mistake).
    """

    title: str | None = None
    source: str | None = None
    category: str | None = None
    lead: str | None = None
    co: Sequence[str] | None = None
    responsible: str | None = None
    kind: str | None = None
    weekly: bool | None = None
    due: dt.date | None = None
    reason: str | None = None
    milestones: Sequence[tuple[int, dt.date, str]] = field(default_factory=tuple)
    drop_milestones: Sequence[int] = field(default_factory=tuple)


@dataclass
class Edited:
    """What ``edit`` did: the item, the fields it changed (none: nothing to change) and,
    when the due date changed, how the new one was found."""

    item: Item
    fields: list[str]
    basis: DueDate | None = None
    previous_due: dt.date | None = None


def _clean(asked: Edits) -> Edits:
    """The values typed, checked and cleaned before the ledger is touched."""

    def given(value: str | None, zh: str, en: str, *, required: bool = False) -> str | None:
        if value is None:
            return None
        return (required_text if required else optional_text)(value, label(zh, en))

    return Edits(
        title=given(asked.title, "事项名称", "title", required=True),
        source=given(asked.source, "来源", "source"),
        category=asked.category,
        lead=given(asked.lead, "主办单位", "lead unit", required=True),
        co=None if asked.co is None else units(asked.co),
        responsible=given(asked.responsible, "责任人", "responsible"),
        kind=None if asked.kind is None else choice(asked.kind, KINDS, "--kind"),
        weekly=asked.weekly,
        due=asked.due,
        reason=optional_text(asked.reason, label("理由", "reason"), multiline=True),
        milestones=[
            (n, day, optional_text(name, label("节点任务", "milestone")))
            for n, day, name in asked.milestones
        ],
        drop_milestones=list(dict.fromkeys(asked.drop_milestones)),
    )


def edit(ctx: Context, item_id: str, asked: Edits) -> Edited:
    """更正: change what was registered, one commit naming the fields changed.

    Refused (nothing changed) when a due date comes without a reason, when a due
    date moved by an extension or a return would change (that is ``extend``'s),
    past a category's hard cap, or in a state where the procedure allows no edit
    (closed, archived, withdrawn).
    """
    wanted = _clean(asked)
    if wanted.due is not None and not wanted.reason:
        raise InvalidInput(t("edit_due_needs_reason"))
    if wanted.category is not None:
        category_rule(ctx.ledger.profile, wanted.category)
    check_units(ctx, [wanted.lead or "", *(wanted.co or [])])
    done = Edited(item=Item("", "", "", ctx.today, ctx.today), fields=[])

    def apply(item: Item) -> str:
        done.item = item
        done.fields = _apply_fields(item, wanted)
        if "milestones" not in done.fields and _apply_milestones(item, wanted):
            done.fields.append("milestones")
        basis = _new_basis(ctx, item, wanted, recategorised="category" in done.fields)
        if basis is not None and basis.to_record() != item.due_basis:
            done.previous_due, done.basis = item.due, basis
            if basis.due != item.due:
                done.fields.append("due")
            item.due, item.due_basis = basis.due, basis.to_record()
        if not done.fields:
            return ""
        moved = "due" in done.fields
        item.edits.append(
            Correction(
                **ctx.stamp(),
                fields=list(done.fields),
                reason=wanted.reason or "",
                previous_due=done.previous_due if moved else None,
                new_due=item.due if moved else None,
            )
        )
        return _message(item, done, wanted.reason or "")

    _update_or_nothing(ctx, item_id, apply)
    return done


def _update_or_nothing(ctx: Context, item_id: str, apply: ApplyFn) -> None:
    """``step.update``, except that an empty message writes nothing and commits nothing."""
    ledger = ctx.ledger
    ledger.check_id(item_id)
    with ledger.change("", ctx.actor) as change:
        item = ledger.read_item(ledger.find_path(item_id))
        item.require("edit")
        change.message = apply(item)
        if change.message:
            change.write_item(item)


def _apply_fields(item: Item, wanted: Edits) -> list[str]:
    """Set each field given that differs; the names of those changed, in a fixed order."""
    changed: list[str] = []
    values = {
        "title": wanted.title,
        "source": wanted.source,
        "category": wanted.category,
        "lead_unit": wanted.lead,
        "co_units": None if wanted.co is None else list(wanted.co),
        "responsible": wanted.responsible,
        "kind": wanted.kind,
        "weekly": wanted.weekly,
    }
    for name, value in values.items():
        if value is not None and getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    return changed


def _apply_milestones(item: Item, wanted: Edits) -> bool:
    """Re-date, rename or drop milestones by number; whether anything changed."""
    count = len(item.milestones)
    for n in [*(m[0] for m in wanted.milestones), *wanted.drop_milestones]:
        if not 1 <= n <= count:
            raise InvalidInput(t("milestone_index", id=item.id, n=n, count=count))
    before = [replace(m) for m in item.milestones]
    for n, day, name in wanted.milestones:
        milestone = item.milestones[n - 1]
        milestone.due = day
        milestone.title = name or milestone.title
    dropped = set(wanted.drop_milestones)
    item.milestones = [m for n, m in enumerate(item.milestones, 1) if n not in dropped]
    return item.milestones != before


def _new_basis(ctx: Context, item: Item, wanted: Edits, *, recategorised: bool) -> DueDate | None:
    """The due date a typed ``--due`` or a new category gives, explained; None when
    neither asks for one. A category whose rule needs an explicit date keeps the
    item's due date as that date. Refused when the due in force is an extension's
    or a return's, or past the category's hard cap."""
    if wanted.due is None and not recategorised:
        return None
    rule = category_rule(ctx.ledger.profile, item.category)
    explicit = wanted.due
    if explicit is None and rule.needs_explicit:
        explicit = item.due
    basis = ctx.due_basis(item.category, item.start, complex_item=item.complex, explicit=explicit)
    if basis.due != item.due and (
        item.extensions or any(r.new_due is not None for r in item.reviews)
    ):
        raise InvalidInput(t("edit_due_moved", id=item.id))
    cap = hard_cap(rule, item.start)
    if cap is not None and basis.due > cap:
        raise InvalidInput(t("due_past_cap", due=basis.due, cap=cap, category=item.category))
    return basis


def _message(item: Item, done: Edited, reason: str) -> str:
    """The commit's first line: ``edit ID: field, field`` (a due date with its change and
    reason), machine-readable as the contract asks."""
    names = [n for n in done.fields if n != "due"]
    if "due" in done.fields and done.previous_due is not None:
        names.append(f"due {done.previous_due.isoformat()} -> {item.due.isoformat()}")
    line = f"edit {item.id}: {', '.join(names)}"
    return line + (f" (reason: {short(reason)})" if reason else "")


def note(ctx: Context, item_id: str, text: str) -> Item:
    """备注: a dated free note in the item's history (any state), one commit."""
    body = required_text(text, label("备注", "note"), multiline=True)

    def apply(item: Item) -> str:
        item.notes.append(Note(**ctx.stamp(), text=body))
        return f"note {item.id}: {short(body)}"

    return update(ctx, item_id, "note", apply)
