"""复核 / 回头看 (第八条(七)): ``recheck`` of a closed item."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

from typing import Annotated

import typer

from duchatai.commands.common import date_option, guard, state_of
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


@guard
def recheck(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    finding: Annotated[str, typer.Option(help="复核发现 / what the visit found.")],
    held: Annotated[bool, typer.Option("--held", help="办结成立 / the closing stands.")] = False,
    reopen: Annotated[
        bool, typer.Option("--reopen", help="重新交办（须 --due）/ back in supervision.")
    ] = False,
    due: Annotated[str | None, typer.Option(help="重新交办的办理时限 / new due date.")] = None,
) -> None:
    """复核（回头看）/ recheck a closed item: the closing holds, or it is reopened."""
    from duchatai.app.followup import recheck as record
    from duchatai.ui import render

    state = state_of(ctx)
    if reopen and due is None:
        raise InvalidInput(t("recheck_reopen_needs_due"))
    if held == reopen or (held and due is not None):
        raise InvalidInput(t("recheck_held_or_reopen"))
    new_due = date_option(due, state, "--due", "next") if reopen else None
    item = record(state.context(), item_id, finding=finding, held=held, reopen_due=new_due)
    if held:
        render.out(t("rechecked_held", id=item.id, date=state.today))
    else:
        render.out(t("rechecked_reopened", id=item.id, due=item.due))
