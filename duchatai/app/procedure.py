"""The procedure of 第七条 as library functions, one per command, for the items.

Each function validates everything first, then changes the ledger inside one
``Ledger.change`` (locked, atomic, one commit) and returns the item(s); a step
on one item goes through ``step.update``. They read "today" and the actor from
the ``step.Context``, never from the machine. The state an action leaves an
item in is not set here: it follows from the records the action adds
(``history.status_of``). Criticisms of units are in ``accountability.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

# 交办 lives in its own module; re-exported here with the other steps.
from duchatai.app.step import (
    ApplyFn,
    Context,
    check_units,
    choice,
    label,
    optional_text,
    refuse_unit_not_on,
    required_text,
    short,
    units,
    update,
)
from duchatai.core.backdating import implausible_dates
from duchatai.core.deadlines import category_rule, hard_cap
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput
from duchatai.core.history import status_of
from duchatai.core.messages import t
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
from duchatai.core.profile import CategoryRule
from duchatai.core.recurring import QUARTERLY, answer_duty, recurring_due


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
    backdate: bool = False,
    quarterly: bool = False,
) -> Item:
    """分解立项 by the category rule (第十六条); implausible dates refused unless ``backdate``
    (``backdating``); ``quarterly``: once for the year (``core.recurring``)."""
    ledger = ctx.ledger
    title = required_text(title, label("事项名称", "title"))
    rule = category_rule(ledger.profile, category)
    kind = choice(kind, KINDS, "--kind")
    methods = [choice(method, METHODS, "--method") for method in methods]
    start_day = start or ctx.today
    basis, duties = _due(ctx, rule, start_day, due, complex_item, quarterly)
    if not backdate and (why := implausible_dates(start_day, basis.due, ctx.today)):
        raise InvalidInput(why)
    duties += [Milestone(title=required_text(n, "milestone"), due=day) for n, day in milestones]
    source = optional_text(source, label("来源", "source"))
    lead = optional_text(lead, label("主办单位", "lead unit"))
    co_units = units(co)
    check_units(ctx, [lead, *co_units])
    responsible = optional_text(responsible, label("责任人", "responsible"))
    with ledger.change("", ctx.actor) as change:
        item = Item(
            id=ledger.next_id(start_day.year if start else ctx.today.year),
            title=title,
            category=rule.key,
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
            milestones=duties,
            recurring=QUARTERLY if quarterly else "",
        )
        ctx.mark(item, "register", ctx.today)
        change.write_item(item)
        change.message = f"register {item.id}: {short(title)}"
    return item


def _due(
    ctx: Context,
    rule: CategoryRule,
    start: dt.date,
    due: dt.date | None,
    complex_: bool,
    quarterly: bool,
) -> tuple[DueDate, list[Milestone]]:
    """The due date, explained; a recurring item's is its last quarter's (with its duties)."""
    if quarterly:
        return recurring_due(rule, start, due, ctx.ledger.profile, ctx.ledger.calendar)
    return ctx.due_basis(rule.key, start, complex_item=complex_, explicit=due), []


def urge(ctx: Context, item_id: str, *, method: str = "phone", note: str | None = None) -> Item:
    """催办督办 (第七条(五)) by one of the methods of 第八条."""
    return update(ctx, item_id, "urge", urging(ctx, method, note))


def urging(ctx: Context, method: str, note: str | None) -> ApplyFn:
    """The change an urge makes (checked first): ``urge`` applies it, and ``urge --slip``
    in the change that writes its 催办单 (``app.documents``)."""
    method = choice(method, METHODS, "--method")
    note = optional_text(note, label("备注", "note"), multiline=True)

    def apply(item: Item) -> str:
        item.urges.append(Urge(**ctx.stamp(), method=method, note=note))
        if method not in item.methods:
            item.methods.append(method)
        return f"urge {item.id} ({method}, #{len(item.urges)})"

    return apply


def report(
    ctx: Context,
    item_id: str,
    *,
    kind: str,
    text: str,
    signed_by: str | None = None,
    sealed: bool = False,
    unit: str | None = None,
) -> Item:
    """A unit's report (第十六条, 第十七条); the lead unit's result report awaits review.

    ``unit`` is the unit that reports: the lead unit when not given, or a
    co-unit (协办单位, 第十二条) reporting its part, which answers no deadline
    (``history.by_lead``); any other unit is refused.
    """
    kind = choice(kind, REPORT_KINDS, "--kind")
    body = required_text(text, label("报告内容", "report text"), multiline=True)
    signed_by = optional_text(signed_by, label("签发人", "signed by"))
    named = optional_text(unit, label("报告单位", "reporting unit"))

    def apply(item: Item) -> str:
        return add_report(
            ctx, item, kind=kind, text=body, signed_by=signed_by, sealed=sealed, unit=named
        )

    return update(ctx, item_id, "report", apply)


def add_report(
    ctx: Context,
    item: Item,
    *,
    kind: str,
    text: str,
    signed_by: str,
    sealed: bool,
    unit: str = "",
) -> str:
    """Add a checked report, dated ``ctx.today``, to ``item``; the commit message.

    The one home of what a report records (``report``, and ``replies`` for a
    unit's packet): ``unit`` must be the lead unit (the default) or a co-unit.
    """
    by_unit = unit or item.lead_unit
    if unit:
        refuse_unit_not_on(item, unit)
    entry = Report(
        **ctx.stamp(), kind=kind, text=text, signed_by=signed_by, sealed=sealed, unit=by_unit
    )
    item.reports.append(entry)
    answer_duty(item, entry)  # a recurring item's quarterly report duty (core.recurring)
    item.status = status_of(item)
    return f"report {item.id}: {kind}" + (f" ({by_unit})" if by_unit else "")


def _refuse_past_cap(ctx: Context, item: Item, due: dt.date) -> None:
    """A due date past the category's hard cap (第十八条) is refused, naming the cap."""
    cap = hard_cap(category_rule(ctx.ledger.profile, item.category), item.start)
    if cap is not None and due > cap:
        raise InvalidInput(t("due_past_cap", due=due, cap=cap, category=item.category))


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
        reason = required_text(reason, label("退回理由", "reason"), multiline=True)
    else:
        reason = optional_text(reason, label("理由", "reason"), multiline=True)

    def apply(item: Item) -> str:
        entry = Review(
            **ctx.stamp(),
            accepted=accept,
            reason=(reason or "").strip(),
            reports_seen=len(item.reports),
        )
        if accept:
            item.reviews.append(entry)
            return f"review {item.id}: accepted"
        basis = ctx.due_basis(item.category, ctx.today, complex_item=item.complex, explicit=due)
        _refuse_past_cap(ctx, item, basis.due)
        entry.previous_due = item.due
        entry.new_due = basis.due
        item.reviews.append(entry)
        item.due = basis.due
        item.due_basis = basis.to_record()
        item.status = status_of(item)
        return f"review {item.id}: returned, due {basis.due.isoformat()}"

    return update(ctx, item_id, "review", apply)


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
    why = required_text(reason, label("延期理由", "reason"), multiline=True)
    progress = optional_text(progress, label("进展", "progress"), multiline=True)
    next_steps = optional_text(next_steps, label("下一步", "next steps"), multiline=True)

    def apply(item: Item) -> str:
        if until <= item.due:
            raise InvalidInput(t("extend_not_later", until=until, due=item.due))
        _refuse_past_cap(ctx, item, until)
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
                **ctx.stamp(),
                previous_due=item.due,
                until=until,
                reason=why,
                progress=(progress or "").strip(),
                next_steps=(next_steps or "").strip(),
                late=applied_late,
            )
        )
        item.due = until
        return f"extend {item.id} to {until.isoformat()}" + (" (late)" if applied_late else "")

    return update(ctx, item_id, "extend", apply)


def close(ctx: Context, item_id: str, *, note: str | None = None) -> Item:
    """办结: after the result report was reviewed and accepted."""
    note = optional_text(note, label("备注", "note"), multiline=True)

    def apply(item: Item) -> str:
        if not item.reviews or not item.reviews[-1].accepted:
            raise InvalidInput(t("close_needs_accept", id=item.id))
        item.closed_on = ctx.today
        item.status = status_of(item)
        ctx.mark(item, "close", ctx.today)
        item.close_note = (note or "").strip()
        return f"close {item.id}"

    return update(ctx, item_id, "close", apply)


def withdraw(ctx: Context, item_id: str, *, reason: str) -> Item:
    """撤销: a registration made by mistake leaves every list, report and figure.

    Never deleted: the item keeps its file and history, with the date and the
    reason; ``history.in_reports`` keeps it out of everything that counts.
    """
    why = required_text(reason, label("撤销理由", "reason"), multiline=True)

    def apply(item: Item) -> str:
        item.withdrawn_on = ctx.today
        item.withdraw_reason = why
        ctx.mark(item, "withdraw", ctx.today)
        item.status = status_of(item)
        return f"withdraw {item.id}: {short(why)}"

    return update(ctx, item_id, "withdraw", apply)


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
    name = required_text(title, label("节点任务", "milestone"))

    def apply(item: Item) -> str:
        item.milestones.append(Milestone(title=name, due=due))
        return f"milestone {item.id}: add #{len(item.milestones)} due {due.isoformat()}"

    return update(ctx, item_id, "milestone", apply)


def finish_milestone(ctx: Context, item_id: str, *, number: int, on: dt.date | None = None) -> Item:
    """Mark milestone ``number`` (1-based) done on ``on`` (default today)."""

    def apply(item: Item) -> str:
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

    return update(ctx, item_id, "milestone", apply)
