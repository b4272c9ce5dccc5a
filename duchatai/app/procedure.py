"""The procedure of 第七条 as library functions, one per command.

Each function validates everything first, then changes the ledger inside one
``Ledger.change`` (locked, atomic, one commit) and returns the item(s). They
read "today" and the actor from their arguments, never from the machine.
The state an action leaves an item in is not set here: it follows from the
records the action adds (``history.status_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import category_rule, compute, hard_cap
from duchatai.core.errors import InvalidInput
from duchatai.core.history import status_of
from duchatai.core.messages import is_zh, t
from duchatai.core.model import (
    KINDS,
    METHODS,
    REPORT_KINDS,
    Extension,
    Item,
    Milestone,
    Report,
    Review,
    Status,
    Urge,
)
from duchatai.core.text import clean_text
from duchatai.store.git import Actor
from duchatai.store.ledger import Ledger

ApplyFn = Callable[[Item], str]
"""Changes an item in place and returns the commit message."""


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

    def mark(self, item: Item, event: str, day: dt.date) -> None:
        """Remember in ``item.recorded_on`` the real date of an item-level ``event`` on ``day``."""
        real = self.recorded_on(day)
        if real is not None:
            item.recorded_on[event] = real


def _text(value: str | None, what: str, *, multiline: bool = False) -> str:
    """Required text: stripped, not empty, no control characters (``text.clean_text``)."""
    text = clean_text(value, what, multiline=multiline)
    if not text:
        raise InvalidInput(t("empty_text", what=what))
    return text


def _optional(value: str | None, what: str, *, multiline: bool = False) -> str:
    """Optional text: stripped (empty when not given), no control characters."""
    return clean_text(value, what, multiline=multiline)


def _choice(value: str, choices: Sequence[str], what: str) -> str:
    if value not in choices:
        raise InvalidInput(
            t("unknown_choice", what=what, value=value, choices=", ".join(choices))
        )
    return value


def _units(values: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        unit = clean_text(value, "协办单位" if is_zh() else "co-unit")
        if unit and unit not in out:
            out.append(unit)
    return out


def register(
    ctx: Context,
    title: str,
    category: str,
    *,
    start: dt.date | None = None,
    due: dt.date | None = None,
    lead: str | None = None,
    co: Sequence[str] = (),
    responsible: str | None = None,
    kind: str = "routine",
    methods: Sequence[str] = (),
    weekly: bool = False,
    complex_item: bool = False,
    source: str | None = None,
    milestones: Sequence[tuple[str, dt.date]] = (),
) -> Item:
    """分解立项: a new item with its due date from the category rule (第十六条)."""
    ledger = ctx.ledger
    title = _text(title, "事项名称" if is_zh() else "title")
    category_rule(ledger.profile, category)
    _choice(kind, KINDS, "--kind")
    for method in methods:
        _choice(method, METHODS, "--method")
    start_day = start or ctx.today
    basis = compute(
        ledger.profile,
        category,
        start_day,
        ledger.calendar,
        complex_item=complex_item,
        explicit=due,
    )
    item_ms = [Milestone(title=_text(name, "milestone"), due=day) for name, day in milestones]
    source = _optional(source, "来源" if is_zh() else "source")
    lead = _optional(lead, "主办单位" if is_zh() else "lead unit")
    co_units = _units(co)
    responsible = _optional(responsible, "责任人" if is_zh() else "responsible")
    with ledger.change("", ctx.actor) as change:
        item_id = ledger.next_id(start_day.year if start else ctx.today.year)
        item = Item(
            id=item_id,
            title=title,
            category=category,
            start=start_day,
            due=basis.due,
            kind=kind,
            weekly=weekly,
            complex=complex_item,
            source=source,
            lead_unit=lead,
            co_units=co_units,
            responsible=responsible,
            registered_by=ctx.actor.name,
            methods=list(dict.fromkeys(methods)),
            due_basis=basis.to_record(),
            milestones=item_ms,
        )
        ctx.mark(item, "register", ctx.today)
        change.write_item(item)
        change.message = f"register {item.id}: {_short(title)}"
    return item


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def assign(
    ctx: Context,
    item_id: str,
    *,
    lead: str,
    co: Sequence[str] = (),
    responsible: str | None = None,
    approved_by: str | None = None,
) -> Item:
    """督查交办: approved and sent to the lead unit (第七条(三))."""
    lead_unit = _text(lead, "主办单位" if is_zh() else "lead unit")
    co_units = _units(co)
    responsible = _optional(responsible, "责任人" if is_zh() else "responsible")
    approved_by = _optional(approved_by, "批准人" if is_zh() else "approved by")

    def apply(item: Item) -> str:
        item.require("assign")
        item.lead_unit = lead_unit
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
        return f"assign {item.id} to {lead_unit}"

    return update(ctx, item_id, apply)


def update(ctx: Context, item_id: str, apply: ApplyFn) -> Item:
    """Read the item under the lock, apply a change, write it, commit once."""
    ledger = ctx.ledger
    ledger.check_id(item_id)
    with ledger.change("", ctx.actor) as change:
        # Read under the lock so that a concurrent writer's change is not lost.
        item = ledger.read_item(ledger.find_path(item_id))
        change.message = apply(item)
        change.write_item(item)
    return item


def urge(ctx: Context, item_id: str, *, method: str = "phone", note: str | None = None) -> Item:
    """催办督办 (第七条(五)) by one of the methods of 第八条."""
    _choice(method, METHODS, "--method")
    note = _optional(note, "备注" if is_zh() else "note", multiline=True)

    def apply(item: Item) -> str:
        item.require("urge")
        entry = Urge(
            date=ctx.today,
            method=method,
            note=note,
            by=ctx.actor.name,
            recorded_on=ctx.recorded_on(ctx.today),
        )
        item.urges.append(entry)
        if method not in item.methods:
            item.methods.append(method)
        return f"urge {item.id} ({method}, #{len(item.urges)})"

    return update(ctx, item_id, apply)


def report(
    ctx: Context,
    item_id: str,
    *,
    kind: str,
    text: str,
    signed_by: str | None = None,
    sealed: bool = False,
) -> Item:
    """A unit's report (第十六条, 第十七条); a result report awaits review."""
    _choice(kind, REPORT_KINDS, "--kind")
    body = _text(text, "报告内容" if is_zh() else "report text", multiline=True)
    signed_by = _optional(signed_by, "签发人" if is_zh() else "signed by")

    def apply(item: Item) -> str:
        item.require("report")
        item.reports.append(
            Report(
                date=ctx.today,
                kind=kind,
                text=body,
                by=ctx.actor.name,
                signed_by=signed_by,
                sealed=sealed,
                recorded_on=ctx.recorded_on(ctx.today),
            )
        )
        if kind == "result":
            item.status = status_of(item)
        return f"report {item.id}: {kind}"

    return update(ctx, item_id, apply)


def review(
    ctx: Context,
    item_id: str,
    *,
    accept: bool,
    reason: str | None = None,
    due: dt.date | None = None,
) -> Item:
    """审核汇总 (第七条(六)): accept, or return with a new due date."""
    if not accept:
        reason = _text(reason, "退回理由" if is_zh() else "reason", multiline=True)
    else:
        reason = _optional(reason, "理由" if is_zh() else "reason", multiline=True)

    def apply(item: Item) -> str:
        item.require("review")
        entry = Review(
            date=ctx.today,
            accepted=accept,
            reason=(reason or "").strip(),
            by=ctx.actor.name,
            reports_seen=len(item.reports),
            recorded_on=ctx.recorded_on(ctx.today),
        )
        if accept:
            item.reviews.append(entry)
            return f"review {item.id}: accepted"
        basis = compute(
            ctx.ledger.profile,
            item.category,
            ctx.today,
            ctx.ledger.calendar,
            complex_item=item.complex,
            explicit=due,
        )
        cap = hard_cap(category_rule(ctx.ledger.profile, item.category), item.start)
        if cap is not None and basis.due > cap:
            raise InvalidInput(t("due_past_cap", due=basis.due, cap=cap, category=item.category))
        entry.previous_due = item.due
        entry.new_due = basis.due
        item.reviews.append(entry)
        item.due = basis.due
        item.due_basis = basis.to_record()
        item.status = status_of(item)
        return f"review {item.id}: returned, due {basis.due.isoformat()}"

    return update(ctx, item_id, apply)


def extend(
    ctx: Context,
    item_id: str,
    *,
    until: dt.date,
    reason: str,
    progress: str | None = None,
    next_steps: str | None = None,
    late: bool = False,
) -> Item:
    """延长办理期限 (第十八条): applied for before the due date, never past a cap."""
    why = _text(reason, "延期理由" if is_zh() else "reason", multiline=True)
    progress = _optional(progress, "进展" if is_zh() else "progress", multiline=True)
    next_steps = _optional(next_steps, "下一步" if is_zh() else "next steps", multiline=True)

    def apply(item: Item) -> str:
        item.require("extend")
        if until <= item.due:
            raise InvalidInput(t("extend_not_later", until=until, due=item.due))
        cap = hard_cap(category_rule(ctx.ledger.profile, item.category), item.start)
        if cap is not None and until > cap:
            raise InvalidInput(t("due_past_cap", due=until, cap=cap, category=item.category))
        # Judged against the real date of application (第十八条: 提前申请):
        # a --today in the past backdates the record, not the application.
        applied_late = not ctx.real < item.due
        if applied_late and not late:
            if ctx.today < item.due:
                raise InvalidInput(
                    t("extend_late_real", due=item.due, today=ctx.today, real=ctx.real)
                )
            raise InvalidInput(t("extend_late", due=item.due, today=ctx.today))
        item.extensions.append(
            Extension(
                date=ctx.today,
                previous_due=item.due,
                until=until,
                reason=why,
                progress=(progress or "").strip(),
                next_steps=(next_steps or "").strip(),
                late=applied_late,
                by=ctx.actor.name,
                recorded_on=ctx.recorded_on(ctx.today),
            )
        )
        item.due = until
        return f"extend {item.id} to {until.isoformat()}" + (" (late)" if applied_late else "")

    return update(ctx, item_id, apply)


def close(ctx: Context, item_id: str, *, note: str | None = None) -> Item:
    """办结: after the result report was reviewed and accepted."""
    note = _optional(note, "备注" if is_zh() else "note", multiline=True)

    def apply(item: Item) -> str:
        item.require("close")
        if not item.reviews or not item.reviews[-1].accepted:
            raise InvalidInput(t("close_needs_accept", id=item.id))
        item.closed_on = ctx.today
        item.status = status_of(item)
        ctx.mark(item, "close", ctx.today)
        item.close_note = (note or "").strip()
        return f"close {item.id}"

    return update(ctx, item_id, apply)


def archive(ctx: Context, item_ids: Sequence[str], *, all_closed: bool = False) -> list[Item]:
    """立卷归档: move closed items to ``archive/<year of closing>/``."""
    ledger = ctx.ledger
    if not item_ids and not all_closed:
        raise InvalidInput(t("archive_needs_ids"))
    ids = [ledger.check_id(i) for i in item_ids]
    with ledger.change("", ctx.actor) as change:
        if all_closed:
            items, _ = ledger.load_all(include_archive=False)
            targets = [i for i in items if i.status == Status.CLOSED]
        else:
            targets = [ledger.get(i) for i in dict.fromkeys(ids)]
        for item in targets:
            item.require("archive")
        def archived(item: Item) -> Path:
            year = (item.closed_on or ctx.today).year
            return ledger.archive_dir / str(year) / f"{item.id}.yaml"

        # One journal write for every file the archiving touches.
        change.expect([p for i in targets if i.path for p in (i.path, archived(i))])
        for item in targets:
            assert item.path is not None
            target = archived(item)
            change.move(item.path, target)
            item.path = target
            item.archived_on = ctx.today
            item.status = status_of(item)
            ctx.mark(item, "archive", ctx.today)
            change.write_item(item, target)
        names = " ".join(i.id for i in targets)
        change.message = f"archive {names}" if targets else ""
    return targets


def add_milestone(ctx: Context, item_id: str, *, title: str, due: dt.date) -> Item:
    """节点任务: add a dated milestone (第七条(二))."""
    name = _text(title, "节点任务" if is_zh() else "milestone")

    def apply(item: Item) -> str:
        item.require("milestone")
        item.milestones.append(Milestone(title=name, due=due))
        return f"milestone {item.id}: add #{len(item.milestones)} due {due.isoformat()}"

    return update(ctx, item_id, apply)


def finish_milestone(ctx: Context, item_id: str, *, number: int, on: dt.date | None = None) -> Item:
    """Mark milestone ``number`` (1-based) done on ``on`` (default today)."""

    def apply(item: Item) -> str:
        item.require("milestone")
        if not 1 <= number <= len(item.milestones):
            raise InvalidInput(
                t("milestone_index", id=item.id, n=number, count=len(item.milestones))
            )
        milestone = item.milestones[number - 1]
        if milestone.done:
            raise InvalidInput(t("milestone_done", id=item.id, n=number, date=milestone.done))
        milestone.done = on or ctx.today
        milestone.recorded_on = ctx.recorded_on(milestone.done)
        return f"milestone {item.id}: #{number} done"

    return update(ctx, item_id, apply)



# -- accountability (第二十条) ---------------------------------------------------


def criticize(
    ctx: Context,
    unit: str,
    *,
    reason: str,
    items: Sequence[str] = (),
    rectify_by: dt.date | None = None,
) -> Criticism:
    """通报批评: record a criticism of ``unit`` in its own file, one commit."""
    ledger = ctx.ledger
    name = _text(unit, "单位" if is_zh() else "unit")
    why = _text(reason, "批评理由" if is_zh() else "reason", multiline=True)
    ids = [ledger.check_id(i) for i in items]
    loaded = [ledger.get(i) for i in dict.fromkeys(ids)]
    all_items, _ = ledger.load_all()
    known = ledger.known_units(all_items)
    if name not in known:
        raise InvalidInput(t("unknown_unit", unit=name, choices=", ".join(known) or "—"))
    if rectify_by is not None and rectify_by < ctx.today:
        raise InvalidInput(t("due_before_start", due=rectify_by, start=ctx.today))
    with ledger.change("", ctx.actor) as change:
        criticism = Criticism(
            id=ledger.next_criticism_id(ctx.today.year),
            unit=name,
            date=ctx.today,
            reason=why,
            items=[i.id for i in loaded],
            rectify_by=rectify_by,
            by=ctx.actor.name,
            recorded_on=ctx.recorded_on(ctx.today),
        )
        path = ledger.root / "criticisms" / str(ctx.today.year) / f"{criticism.id}.yaml"
        change.write_record(path, criticism.to_record())
        criticism.path = path
        named = f" ({', '.join(criticism.items)})" if criticism.items else ""
        change.message = f"criticize {name}: {criticism.id}{named}"
    return criticism


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
