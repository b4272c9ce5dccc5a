"""Reading one item or many: ``show``, ``list`` and ``log``."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import sys
from typing import Annotated, Any

import typer

from duchatai.commands.common import (
    CATEGORY_HELP,
    STATUS_HELP,
    Json,
    guard,
    read_each,
    read_lines,
    state_of,
)
from duchatai.commands.output import formatter


@guard
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: Json = False,
) -> None:
    """查看事项 / show one item, its due date's explanation and its history."""
    state = state_of(ctx)
    formatter(as_json, state).item(state.ledger().get(item_id))


@guard
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help=STATUS_HELP)] = None,
    unit: Annotated[str | None, typer.Option(help="单位 / lead or co-unit.")] = None,
    category: Annotated[str | None, typer.Option(help=CATEGORY_HELP)] = None,
    recheck_due: Annotated[
        bool,
        typer.Option("--recheck-due", help="到期应复核的已办结事项 / closed, follow-up due."),
    ] = False,
    as_json: Json = False,
) -> None:
    """事项列表 / list items (archived or withdrawn ones with --status archived|withdrawn)."""
    from duchatai.app.spreadsheet import check_filters, chooser, select

    state = state_of(ctx)
    ledger = state.ledger()
    # One error line, before broken-file warnings; the keys the names name.
    status, category = check_filters(ledger, status, category, unit)
    if not as_json and not recheck_due:  # the table: the cache's lines, no item decoded
        lines, briefs = read_lines(state)
        shown = select(lines, ledger, status=status, unit=unit, category=category)
        formatter(as_json, state).lines(shown, briefs)
        return
    # Whole items, each shown as it is read and none kept (``list --json`` of 50,000).
    from duchatai.core.followup import recheck_due as due_on

    listed = chooser(ledger, status=status, unit=unit, category=category)
    rules = ledger.profile.categories

    def chosen(i: Any) -> bool:
        # 复核 (第八条(七)): closed, the follow-up visit due and not made
        return listed(i) and (
            not recheck_due or due_on(i, rules.get(i.category), state.today, ledger.calendar)
        )

    with formatter(as_json, state).each_item() as put:
        read_each(state, lambda item: put(item) if chosen(item) else None)


@guard
def log(ctx: typer.Context, item_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """事项历史 / the item's history from git, oldest first."""
    from duchatai.ui.render_log import log_lines

    for line in log_lines(state_of(ctx).ledger().log(item_id)):
        sys.stdout.write(line + "\n")
