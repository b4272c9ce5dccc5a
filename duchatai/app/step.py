"""What every step of the procedure shares: its context, the checks of typed input,
and the one way a step changes an item (``update``).

A step validates everything first, then changes the ledger inside one
``Ledger.change`` (locked, atomic, one commit). It reads "today" and the actor
from its ``Context``, never from the machine.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from duchatai.core.deadlines import compute
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput, NothingToChange
from duchatai.core.messages import is_zh, t
from duchatai.core.model import Item
from duchatai.core.text import clean_text
from duchatai.core.units import check_unit
from duchatai.store.change import Change
from duchatai.store.git import Actor
from duchatai.store.ledger import Ledger

ApplyFn = Callable[[Item], str]
"""Changes an item in place and returns the commit message."""


class Stamp(TypedDict):
    """Who made a record, on which business date, and when really (``Context.stamp``)."""

    date: dt.date
    by: str
    recorded_on: dt.date | None


@dataclass(frozen=True)
class Context:
    """What every command needs: the ledger, the clock and who acts.

    ``today`` is the business date (``--today``); ``real_today`` the real date
    of the write (``session.resolve_real_today``), None when not known (then
    taken as ``today``: a library caller that does not say is not backdating).
    """

    ledger: Ledger
    today: dt.date
    actor: Actor
    real_today: dt.date | None = None

    @property
    def real(self) -> dt.date:
        """The real date of this write; never earlier than it claims to be made."""
        return max(self.today, self.real_today or self.today)

    def recorded_on(self, day: dt.date) -> dt.date | None:
        """What a record dated ``day`` stores as ``recorded_on``: the real date when later.

        A record written on a later real date than its business date is
        backdated and says when it was really made; a record written on its
        own date stores nothing, to keep the files small. A ``--today`` later
        than the real date is not backdating and stores nothing either.
        """
        real = self.real_today
        return real if real is not None and real > day else None

    def stamp(self) -> Stamp:
        """The ``date``, ``by`` and ``recorded_on`` of a record made today by the actor."""
        return Stamp(date=self.today, by=self.actor.name, recorded_on=self.recorded_on(self.today))

    def mark(self, item: Item, event: str, day: dt.date) -> None:
        """Remember in ``item.recorded_on`` the real date of an item-level ``event`` on ``day``."""
        real = self.recorded_on(day)
        if real is not None:
            item.recorded_on[event] = real

    def due_basis(
        self, category: str, start: dt.date, *, complex_item: bool, explicit: dt.date | None
    ) -> DueDate:
        """The due date of ``category`` from ``start`` by the ledger's rules and calendar."""
        ledger = self.ledger
        return compute(
            ledger.profile,
            category,
            start,
            ledger.calendar,
            complex_item=complex_item,
            explicit=explicit,
        )


def update(ctx: Context, item_id: str, action: str, apply: ApplyFn) -> Item:
    """The one way a step changes an item: read it under the lock, check that the
    procedure allows ``action`` now, apply the change, write it and commit once
    with the message ``apply`` returns. A change that leaves the item as it was
    raises ``NothingToChange`` (nothing written, no commit; the command says so)."""
    ctx.ledger.check_id(item_id)
    with ctx.ledger.change("", ctx.actor) as change:
        return update_in(change, ctx, item_id, action, apply)


def update_in(change: Change, ctx: Context, item_id: str, action: str, apply: ApplyFn) -> Item:
    """``update`` inside a change already open, for a step that writes more in the same
    commit (``urge --slip`` writes its 催办单 too)."""
    ledger = ctx.ledger
    # Read under the lock so that a concurrent writer's change is not lost.
    item = ledger.read_item(ledger.find_path(item_id))
    item.require(action)
    before = copy.deepcopy(item.to_record())
    change.message = apply(item)
    if item.to_record() == before:
        # A write of what is already there would be an empty commit: say so instead.
        raise NothingToChange(t("nothing_to_change", id=item.id))
    change.write_item(item)
    return item


def required_text(value: str | None, what: str, *, multiline: bool = False) -> str:
    """Required text: stripped, not empty, no control characters (``text.clean_text``)."""
    text = clean_text(value, what, multiline=multiline)
    if not text:
        raise InvalidInput(t("empty_text", what=what))
    return text


def optional_text(value: str | None, what: str, *, multiline: bool = False) -> str:
    """Optional text: stripped (empty when not given), no control characters."""
    return clean_text(value, what, multiline=multiline)


def label(zh: str, en: str) -> str:
    """What a field is called in the language in force (it names the field in a refusal)."""
    return zh if is_zh() else en


def choice(value: str, choices: Sequence[str], what: str) -> str:
    """The key among ``choices`` that ``value`` names; ``InvalidInput`` naming them otherwise.

    ``choices`` is ``KINDS``, ``METHODS`` or ``REPORT_KINDS`` (of ``core.model``): the
    value may be the key or a name people say (``names.resolve``: ``电话`` is ``phone``).
    """
    from duchatai.core import names
    from duchatai.core.model import KINDS, METHODS, REPORT_KINDS

    field = {KINDS: "kind", METHODS: "method", REPORT_KINDS: "report"}.get(tuple(choices))
    if field is None:
        if value in choices:
            return value
        raise InvalidInput(t("unknown_choice", what=what, value=value, choices=", ".join(choices)))
    key = names.resolve(field, value, choices)
    if key is None:
        raise InvalidInput(
            t("unknown_choice", what=what, value=value, choices=names.choices(field, choices))
        )
    return key


def units(values: Sequence[str] | None) -> list[str]:
    """Co-units as typed: cleaned, empty ones dropped, each once in the order given."""
    out: list[str] = []
    for value in values or []:
        unit = clean_text(value, label("协办单位", "co-unit"))
        if unit and unit not in out:
            out.append(unit)
    return out


def check_units(ctx: Context, names: Sequence[str]) -> None:
    """Check each unit typed by a clerk (``units.check_unit``): refused when the config's
    list does not have it; with no list, a unit no item names yet is said to be new,
    once, on stderr after the command succeeds (``Ledger.notices``)."""
    ledger = ctx.ledger
    listed = ledger.config.units
    typed = list(dict.fromkeys(n for n in names if n))
    if not typed:
        return
    # Only without a list does "new" ask whether an item names it (``Ledger.names_unit``).
    for name in typed:
        if check_unit(name, listed, () if listed else _Named(ledger)):
            note = t("new_unit", unit=name)
            if note not in ledger.notices:
                ledger.notices.append(note)


class _Named:
    """The units the ledger's items name, as ``check_unit`` asks of them: one name at a
    time (``in``), each answered by ``Ledger.names_unit``."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def __contains__(self, unit: object) -> bool:
        return isinstance(unit, str) and self.ledger.names_unit(unit)


def refuse_unit_not_on(item: Item, unit: str) -> None:
    """``InvalidInput`` unless ``unit`` is the item's lead unit or a co-unit (第十二条)."""
    if unit not in (item.lead_unit, *item.co_units):
        raise InvalidInput(
            t(
                "report_unit_not_on_item",
                unit=unit,
                id=item.id,
                lead=item.lead_unit or "—",
                co="、".join(item.co_units) or "—",
            )
        )


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis (commit messages)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
