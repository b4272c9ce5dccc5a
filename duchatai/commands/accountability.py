"""Accountability (第二十条): ``criticize``, ``rectify`` and the ``escalation`` report."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

from typing import Annotated

import typer

from duchatai.commands.common import (
    Json,
    date_option,
    flag,
    guard,
    read_criticisms,
    state_of,
    year_option,
)
from duchatai.commands.output import formatter
from duchatai.core.messages import t


@guard
def criticize(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(metavar="UNIT")],
    reason: Annotated[str, typer.Option(help="批评理由 / reason.")],
    item: Annotated[list[str] | None, typer.Option("--item", help="相关事项 / item id.")] = None,
    rectify_by: Annotated[
        str | None, typer.Option(help="整改期限 / rectification deadline.")
    ] = None,
    document: Annotated[
        bool, flag("--document", "同时印发通报（.docx）/ write the criticism document too.")
    ] = False,
    output: Annotated[
        str | None, typer.Option(help="通报文件 / the document's .docx (with --document).")
    ] = None,
) -> None:
    """通报批评（第二十条）/ record a criticism of a unit; --document: and print the 通报."""
    from duchatai.app import accountability
    from duchatai.commands import documents
    from duchatai.core.escalation import standing
    from duchatai.core.messages import LEVEL_LABELS, label
    from duchatai.ui import render

    state = state_of(ctx)
    deadline = date_option(rectify_by, state, "--rectify-by", "next")
    if document:
        criticism = documents.criticize_document(
            state, unit, reason, item or [], deadline, output
        )
    else:
        documents.output_alone(output, "--document")
        criticism = accountability.criticize(
            state.context(), unit, reason=reason, items=item or [], rectify_by=deadline
        )
    ledger = state.ledger()
    found, _ = ledger.load_criticisms()
    now = standing(criticism.unit, state.today.year, found, ledger.profile.ladder, state.today)
    level = label(LEVEL_LABELS, now.level.value)
    render.out(t("criticized", id=criticism.id, unit=criticism.unit, n=now.count, level=level))


@guard
def rectify(
    ctx: typer.Context,
    criticism_id: Annotated[str, typer.Argument(metavar="CRITICISM-ID")],
    on: Annotated[str | None, typer.Option("--date", help="整改完成日期 / done on.")] = None,
) -> None:
    """整改完成 / mark a criticism's rectification done."""
    from duchatai.app import accountability
    from duchatai.ui import render

    state = state_of(ctx)
    criticism = accountability.rectify(
        state.context(), criticism_id, on=date_option(on, state, "--date", "last")
    )
    render.out(t("rectified", id=criticism.id, unit=criticism.unit))


@guard
def escalation(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度 / year.")] = None,
    as_json: Json = False,
) -> None:
    """问责层级 / per unit: criticisms this year and the level reached."""
    from duchatai.reports.accountability import escalation as report

    state = state_of(ctx)
    ledger = state.ledger()
    wanted = year_option(year, state)
    criticisms = read_criticisms(state)
    units = ledger.known_units()
    result = report(units, criticisms, wanted, ledger.profile.ladder, state.today)
    formatter(as_json, state).escalation(result)
