"""The five documents as steps (issue 18), each one commit: ``notice``, ``urge --slip``,
``criticize --document``, ``bulletin`` and ``item-report``.

Each checks what it was given first, then issues its document inside one
``Ledger.change`` (``documents.issue_in``); the urge and the criticism are
recorded in the same commit as their document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from duchatai.app import accountability, procedure
from duchatai.app.documents import (
    Made,
    Render,
    commit_line,
    issue_in,
    put_back_on_failure,
    refuse_state,
)
from duchatai.app.step import (
    Context,
    check_units,
    label,
    refuse_unit_not_on,
    required_text,
    update_in,
)
from duchatai.core import document_texts as texts
from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import is_overdue, judged_due
from duchatai.core.documents import BULLETIN, CRITICISM, ITEM_REPORT, NOTICE, SLIP
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.reports.bulletin import bulletin as bulletin_text
from duchatai.reports.bulletin import facts as bulletin_facts
from duchatai.reports.data import BLUE, RED, light
from duchatai.reports.weekly import Source, report_day
from duchatai.store.change import Change


def notice(
    ctx: Context, ids: Sequence[str], render: Render, *, unit: str | None = None,
    output: str | None = None,
) -> Made:
    """督查通知 of ``ids`` to ``unit`` (by default their one lead unit), co-units copied."""
    ledger = ctx.ledger
    wanted = list(dict.fromkeys(ledger.check_id(i) for i in ids))
    items = [ledger.get(i) for i in wanted]
    for item in items:
        refuse_state(item, NOTICE)
    to = _addressee(ctx, items, unit)
    with put_back_on_failure() as written, ledger.change("", ctx.actor) as change:
        made = issue_in(
            change, ctx, written, NOTICE, lambda head: texts.notice(items, to, head), render,
            output=output, items=wanted, unit=to,
        )
        change.message = f"notice {', '.join(wanted)} → {to}: {commit_line(made)}"
    return made


def _addressee(ctx: Context, items: list[Item], unit: str | None) -> str:
    """The unit a notice goes to: ``unit`` when it is on every item, else the items' one
    lead unit."""
    if unit is None:
        leads = list(dict.fromkeys(i.lead_unit for i in items))
        missing = next((i for i in items if not i.lead_unit), None)
        if missing is not None:
            raise InvalidInput(t("notice_no_unit", id=missing.id))
        if len(leads) > 1:
            raise InvalidInput(t("notice_units_differ", units="、".join(leads)))
        return leads[0]
    name = required_text(unit, label("单位", "unit"))
    check_units(ctx, [name])
    for item in items:
        refuse_unit_not_on(item, name)
    return name


def urge_with_slip(
    ctx: Context, item_id: str, render: Render, *, method: str = "phone",
    note: str | None = None, output: str | None = None,
) -> tuple[Item, Made]:
    """催办 (as ``urge``) and its 催办单, coloured by urgency, in one commit."""
    ledger = ctx.ledger
    ledger.check_id(item_id)
    apply = procedure.urging(ctx, method, note)
    with put_back_on_failure() as written, ledger.change("", ctx.actor) as change:
        item = update_in(change, ctx, item_id, "urge", apply)
        colour, left, late = urgency(ctx, item)
        made = issue_in(
            change, ctx, written, SLIP,
            lambda head: texts.slip(item, colour, left, late, head), render,
            output=output, items=[item.id], unit=item.lead_unit,
        )
        change.message += f"; {commit_line(made)}"
    return item, made


def urgency(ctx: Context, item: Item) -> tuple[str, int, int]:
    """The slip's colour (红 overdue, 黄 due within ``warn_workdays``, 蓝 otherwise), the
    working days left to the due date and those past the date it is judged against."""
    ledger = ctx.ledger
    colour = light(
        item, ctx.today, ledger.calendar, ledger.profile,
        warn_workdays=ledger.config.warn_workdays,
        approach_workdays=ledger.config.approach_workdays,
    )
    if colour == RED:
        return RED, 0, max(0, ledger.calendar.between(judged_due(item), ctx.today))
    left = max(0, ledger.calendar.between(ctx.today, item.due))
    return (colour if colour in texts.URGENCY else BLUE), left, 0


def criticize_with_document(
    ctx: Context, unit: str, render: Render, *, reason: str, items: Sequence[str] = (),
    rectify_by: dt.date | None = None, output: str | None = None,
) -> tuple[Criticism, Made]:
    """通报批评 (as ``criticize``) and its 通报, in one commit."""
    made: list[Made] = []

    def document(change: Change, criticism: Criticism, loaded: list[Item]) -> str:
        facts = [texts.Fact(i, _late(ctx, i)) for i in loaded]
        made.append(
            issue_in(
                change, ctx, written, CRITICISM,
                lambda head: texts.criticism(
                    criticism.unit, criticism.reason, facts, criticism.rectify_by, head
                ),
                render, output=output, items=criticism.items, unit=criticism.unit,
            )
        )
        return f"; {commit_line(made[0])}"

    with put_back_on_failure() as written:
        criticism = accountability.criticize(
            ctx, unit, reason=reason, items=items, rectify_by=rectify_by, then=document
        )
    return criticism, made[0]


def _late(ctx: Context, item: Item) -> int:
    """Working days an item stands overdue today (0 when it is not)."""
    ledger = ctx.ledger
    if not is_overdue(item, ctx.today, ledger.profile):
        return 0
    return max(0, ledger.calendar.between(judged_due(item), ctx.today))


def bulletin(
    ctx: Context, period: tuple[dt.date, dt.date], name: str, render: Render, *,
    read: Callable[[dt.date], Source], output: str | None = None,
) -> Made:
    """《督查专报》 of ``period`` (named ``name`` in the commit: 2026-W47, 2026-11, 2026),
    numbered 第N期 in the year it is issued; its facts from what ``read(day)`` gives of the
    items on the report's day (the cache's tallies and briefs, as ``weekly`` reads them)."""
    ledger = ctx.ledger
    criticisms, _ = ledger.load_criticisms()
    found = bulletin_facts(
        read(report_day(period, ctx.today)), period, ctx.today, ledger.calendar, ledger.profile,
        criticisms=criticisms,
    )
    title = ledger.config.bulletin_title
    with put_back_on_failure() as written, ledger.change("", ctx.actor) as change:
        made = issue_in(
            change, ctx, written, BULLETIN,
            lambda head: bulletin_text(found, title, head), render, output=output,
            items=[i.id for i in found.closed] + [r.item.id for r in found.overdue],
        )
        change.message = f"bulletin {name}: {commit_line(made)}"
    return made


def item_report(
    ctx: Context, item_id: str, render: Render, *, output: str | None = None
) -> Made:
    """督查报告 (一事一报) of one item: its whole course so far."""
    ledger = ctx.ledger
    item = ledger.get(item_id)
    refuse_state(item, ITEM_REPORT)
    with put_back_on_failure() as written, ledger.change("", ctx.actor) as change:
        made = issue_in(
            change, ctx, written, ITEM_REPORT, lambda head: texts.item_report(item, head),
            render, output=output, items=[item.id], unit=item.lead_unit,
        )
        change.message = f"item-report {item.id}: {commit_line(made)}"
    return made
