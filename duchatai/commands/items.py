"""The procedure's commands: create a ledger, register an item and take it to its archive.

Each calls one function of ``app.procedure`` (``store.init.init_ledger`` for
``init``) and says what it did in one line.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from duchatai.commands.common import (
    CATEGORY_HELP,
    KIND_HELP,
    METHOD_HELP,
    REPORT_KIND_HELP,
    Json,
    date_option,
    flag,
    guard,
    required_date,
    state_of,
)
from duchatai.commands.output import formatter, say
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.session import State

ItemId = Annotated[str, typer.Argument(metavar="ID")]
Responsible = Annotated[str | None, typer.Option(help="责任人 / responsible person.")]
LEAD_UNIT = typer.Option(help="主办单位 / lead unit.")
"""``--lead``: optional at registration and at assignment (then the registered one)."""


def _say(key: str, **values: object) -> None:
    """Say what the command did: the message ``key`` in one line on stdout."""
    say(t(key, **values))


@guard
def init(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="新台账目录 / where to create the ledger.")] = ".",
    office: Annotated[str, typer.Option(help="督查室名称 / the office's name.")] = "督查室",
    lang: Annotated[str, typer.Option("--lang-default", help="台账默认语言 zh|en.")] = "zh",
    clerk: Annotated[
        str | None, typer.Option(help="本机督查员代码（编号前缀）/ this clone's clerk code.")
    ] = None,
) -> None:
    """新建台账 / create a ledger (config, items/, archive/, git repository, one commit)."""
    from duchatai.store.init import init_ledger

    by = state_of(ctx).by
    root = init_ledger(Path(path), by, os.environ, office=office, lang=lang, clerk=clerk)
    _say("initialised", path=root)


def _milestone_arg(text: str, state: State) -> tuple[str, dt.date]:
    """``--milestone "DATE title"``: the title and its date."""
    head, _, title = text.strip().partition(" ")
    day = date_option(head, state, "--milestone", "next")
    if not title.strip() or day is None:
        raise InvalidInput(t("bad_milestone", text=text))
    return title.strip(), day


@guard
def register(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="事项名称 / the item's title.")],
    category: Annotated[str, typer.Option("--category", "-c", help=CATEGORY_HELP)],
    start: Annotated[str | None, typer.Option(help="立项日期（默认今天）/ start date.")] = None,
    due: Annotated[str | None, typer.Option(help="明确的办理时限 / explicit due date.")] = None,
    lead: Annotated[str | None, LEAD_UNIT] = None,
    co: Annotated[list[str] | None, typer.Option(help="协办单位（可重复）/ co-unit.")] = None,
    responsible: Responsible = None,
    kind: Annotated[str, typer.Option(help=KIND_HELP)] = "routine",
    method: Annotated[
        list[str] | None, typer.Option(help="（可重复）/ (repeatable) " + METHOD_HELP)
    ] = None,
    weekly: Annotated[bool, flag("--weekly", "周报制 / weekly duty.")] = False,
    complex_: Annotated[bool, flag("--complex", "涉及面广、难度大 / wide or hard.")] = False,
    source: Annotated[str | None, typer.Option(help="来源/文号 / source reference.")] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(help='节点任务 "DATE 标题"（可重复）/ milestone "DATE title".'),
    ] = None,
    backdate: Annotated[
        bool, flag("--backdate", "补录旧事项（立项早于一年前或时限已过）/ deliberate late entry.")
    ] = False,
    quarterly: Annotated[
        bool, flag("--quarterly", "全年一次立项，每季度报送 (work-report) / a report each quarter.")
    ] = False,
    as_json: Json = False,
) -> None:
    """分解立项 / register a new item; the due date follows the category rule."""
    from duchatai.app import procedure

    state = state_of(ctx)
    item = procedure.register(
        state.context(),
        title,
        category,
        start=date_option(start, state, "--start", "last"),
        due=date_option(due, state, "--due", "next"),
        lead=lead,
        co=co or [],
        responsible=responsible,
        kind=kind,
        methods=method or [],
        weekly=weekly,
        complex_item=complex_,
        source=source,
        milestones=[_milestone_arg(m, state) for m in milestone or []],
        backdate=backdate,
        quarterly=quarterly,
    )
    formatter(as_json, state).registered(item)


@guard
def assign(
    ctx: typer.Context,
    item_id: ItemId,
    lead: Annotated[str | None, LEAD_UNIT] = None,
    co: Annotated[list[str] | None, typer.Option(help="协办单位 / co-unit (repeatable).")] = None,
    responsible: Responsible = None,
    approved_by: Annotated[str | None, typer.Option(help="审定人 / approved by.")] = None,
) -> None:
    """督查交办 / assign an item to its lead unit (without --lead: the one registered)."""
    from duchatai.app import assignment

    done = assignment.assign(
        state_of(ctx).context(),
        item_id,
        lead=lead,
        co=co or [],
        responsible=responsible,
        approved_by=approved_by,
    )
    item = done.item
    if done.previous:
        _say("reassigned", id=item.id, unit=item.lead_unit, previous=done.previous)
    else:
        _say("assigned", id=item.id, unit=item.lead_unit)


@guard
def urge(
    ctx: typer.Context,
    item_id: ItemId,
    method: Annotated[str, typer.Option(help=METHOD_HELP)] = "phone",
    note: Annotated[str | None, typer.Option(help="说明 / note.")] = None,
    slip: Annotated[
        bool, flag("--slip", "同时印发催办单（.docx）/ write the urging slip too.")
    ] = False,
    output: Annotated[
        str | None, typer.Option(help="催办单文件 / the slip's .docx (with --slip).")
    ] = None,
) -> None:
    """催办（--slip：同时印发催办单）/ urge the lead unit (--slip: and print the slip)."""
    from duchatai.app import procedure
    from duchatai.commands import documents

    if slip:
        documents.urge_slip(state_of(ctx), item_id, method, note, output)
        return
    documents.output_alone(output, "--slip")
    item = procedure.urge(state_of(ctx).context(), item_id, method=method, note=note)
    _say("urged", id=item.id, n=len(item.urges))


@guard
def report(
    ctx: typer.Context,
    item_id: ItemId,
    kind: Annotated[str, typer.Option(help=REPORT_KIND_HELP)],
    text: Annotated[str, typer.Option(help="报告内容 / the report's text.")],
    signed_by: Annotated[str | None, typer.Option(help="审签领导 / signed by.")] = None,
    sealed: Annotated[bool, flag("--sealed", "已加盖公章 / sealed.")] = False,
    unit: Annotated[
        str | None, typer.Option(help="报告单位（默认主办单位）/ reporting unit (default lead).")
    ] = None,
) -> None:
    """办理报告 / record a unit's report (a co-unit's with --unit: it answers no deadline)."""
    from duchatai.app import procedure

    item = procedure.report(
        state_of(ctx).context(),
        item_id,
        kind=kind,
        text=text,
        signed_by=signed_by,
        sealed=sealed,
        unit=unit,
    )
    by_unit = item.reports[-1].unit
    if by_unit:
        _say("reported_by", id=item.id, unit=by_unit)
    else:
        _say("reported", id=item.id)


@guard
def review(
    ctx: typer.Context,
    item_id: ItemId,
    accept: Annotated[bool, flag("--accept", "审核通过 / accept.")] = False,
    reject: Annotated[bool, flag("--reject", "退回重办 / return.")] = False,
    reason: Annotated[str | None, typer.Option(help="退回理由 / reason.")] = None,
    due: Annotated[str | None, typer.Option(help="重办时限 / new due date.")] = None,
) -> None:
    """审核 / accept a result report, or return it with a new due date."""
    from duchatai.app import procedure

    if accept == reject:
        raise InvalidInput(t("review_choose"))
    state = state_of(ctx)
    item = procedure.review(
        state.context(),
        item_id,
        accept=accept,
        reason=reason,
        due=date_option(due, state, "--due", "next"),
    )
    if accept:
        _say("review_accepted", id=item.id)
    else:
        _say("review_returned", id=item.id, due=item.due)


@guard
def extend(
    ctx: typer.Context,
    item_id: ItemId,
    until: Annotated[str, typer.Option(help="延期至 / new due date.")],
    reason: Annotated[str, typer.Option(help="原因 / reason.")],
    progress: Annotated[str | None, typer.Option(help="进展情况 / progress so far.")] = None,
    next_steps: Annotated[str | None, typer.Option(help="下一步打算 / next steps.")] = None,
    late: Annotated[bool, flag("--late", "受理逾期申请 / accept a late application.")] = False,
) -> None:
    """延期（第十八条：须在到期前申请）/ extend the due date, applied for before it."""
    from duchatai.app import procedure

    state = state_of(ctx)
    until_day = required_date(until, state, "--until", "next")  # a bad date before a missing ledger
    item = procedure.extend(
        state.context(),
        item_id,
        until=until_day,
        reason=reason,
        progress=progress,
        next_steps=next_steps,
        late=late,
    )
    _say("extended", id=item.id, due=item.due)


@guard
def close(
    ctx: typer.Context,
    item_id: ItemId,
    note: Annotated[str | None, typer.Option(help="办结说明 / note.")] = None,
) -> None:
    """办结 / close an item whose report was accepted."""
    from duchatai.app import procedure

    item = procedure.close(state_of(ctx).context(), item_id, note=note)
    _say("closed", id=item.id)


@guard
def withdraw(
    ctx: typer.Context,
    item_id: ItemId,
    reason: Annotated[str, typer.Option(help="撤销理由 / why it was registered by mistake.")],
) -> None:
    """撤销 / withdraw a mistaken registration: in no list, report or figure; kept in git."""
    from duchatai.app import procedure

    item = procedure.withdraw(state_of(ctx).context(), item_id, reason=reason)
    _say("withdrawn", id=item.id)


@guard
def archive(
    ctx: typer.Context,
    item_ids: Annotated[list[str] | None, typer.Argument(metavar="ID...")] = None,
    closed: Annotated[bool, flag("--closed", "归档全部已办结事项 / every closed item.")] = False,
) -> None:
    """归档 / move closed items to archive/<year>/."""
    from duchatai.app import procedure

    items = procedure.archive(state_of(ctx).context(), item_ids or [], all_closed=closed)
    _say("archived", n=len(items), ids=" ".join(i.id for i in items) or "—")


@guard
def milestone_add(
    ctx: typer.Context,
    item_id: ItemId,
    title: Annotated[str, typer.Argument(help="节点任务 / the milestone.")],
    due: Annotated[str, typer.Option(help="节点时限 / its date.")],
) -> None:
    """添加节点任务 / add a dated milestone."""
    from duchatai.app import procedure

    state = state_of(ctx)
    day = required_date(due, state, "--due", "next")
    item = procedure.add_milestone(state.context(), item_id, title=title, due=day)
    _say("milestone_added", id=item.id, n=len(item.milestones), due=day)


@guard
def milestone_done(
    ctx: typer.Context,
    item_id: ItemId,
    number: Annotated[int, typer.Argument(metavar="N", help="节点序号 / milestone number.")],
    on: Annotated[str | None, typer.Option("--date", help="完成日期 / done on.")] = None,
) -> None:
    """标记节点完成 / mark milestone N done."""
    from duchatai.app import procedure

    state = state_of(ctx)
    item = procedure.finish_milestone(
        state.context(), item_id, number=number, on=date_option(on, state, "--date", "last")
    )
    _say("milestone_finished", id=item.id, n=number)
