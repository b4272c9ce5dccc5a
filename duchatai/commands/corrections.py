"""Correcting a registration (``edit``, 更正) and free notes (``note``, 备注).

Each calls one function of ``app.corrections`` and says what it did.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import datetime as dt
from typing import Annotated

import typer

from duchatai.commands.common import date_option, guard, state_of
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.session import State

ItemId = Annotated[str, typer.Argument(metavar="ID")]


def _milestone_fix(text: str, state: State) -> tuple[int, dt.date, str]:
    """``--milestone "N DATE [title]"``: milestone N's new date and, maybe, its new title."""
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or not (parts[0].isascii() and parts[0].isdigit()):
        raise InvalidInput(t("edit_bad_milestone", text=text))
    day = date_option(parts[1], state, "--milestone")
    assert day is not None
    return int(parts[0]), day, parts[2] if len(parts) > 2 else ""


@guard
def edit(
    ctx: typer.Context,
    item_id: ItemId,
    title: Annotated[str | None, typer.Option(help="事项名称 / title.")] = None,
    source: Annotated[str | None, typer.Option(help="来源/文号 / source reference.")] = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="类别（时限重算）/ category.")
    ] = None,
    lead: Annotated[str | None, typer.Option(help="主办单位 / lead unit.")] = None,
    co: Annotated[
        list[str] | None, typer.Option(help="协办单位（可重复，替换原有）/ co-units (replace).")
    ] = None,
    responsible: Annotated[str | None, typer.Option(help="责任人 / responsible.")] = None,
    kind: Annotated[str | None, typer.Option(help="routine | comprehensive")] = None,
    weekly: Annotated[
        bool | None, typer.Option("--weekly/--no-weekly", help="周报制 / weekly duty.")
    ] = None,
    due: Annotated[
        str | None, typer.Option(help="更正办理时限（须 --reason）/ corrected due date.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="更正理由 / why.")] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(help='节点任务 "序号 日期 [标题]" / milestone "N DATE [title]".'),
    ] = None,
    drop_milestone: Annotated[
        list[int] | None, typer.Option(help="删除节点任务（序号）/ drop milestone N.")
    ] = None,
) -> None:
    """更正登记 / correct a registration: only the fields given; one commit naming them."""
    from duchatai.app.corrections import Edits
    from duchatai.app.corrections import edit as correct
    from duchatai.commands.output import say
    from duchatai.ui.render_corrections import edited_lines

    state = state_of(ctx)
    asked = Edits(
        title=title,
        source=source,
        category=category,
        lead=lead,
        co=co,
        responsible=responsible,
        kind=kind,
        weekly=weekly,
        due=date_option(due, state, "--due"),
        reason=reason,
        milestones=[_milestone_fix(m, state) for m in milestone or []],
        drop_milestones=drop_milestone or [],
    )
    done = correct(state.context(), item_id, asked)
    for line in edited_lines(done.item, done.fields, done.basis, done.previous_due):
        say(line)


@guard
def note(
    ctx: typer.Context,
    item_id: ItemId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="备注内容 / the note.")],
) -> None:
    """备注 / add a dated free note to the item's history."""
    from duchatai.app.corrections import note as add_note
    from duchatai.commands.output import say

    state = state_of(ctx)
    item = add_note(state.context(), item_id, text)
    say(t("noted", id=item.id, date=item.notes[-1].date))
