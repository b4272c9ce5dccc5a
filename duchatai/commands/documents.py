"""The office's documents as Word files (GB/T 9704-2012 公文格式): ``notice``, ``bulletin``,
``item-report``, and the documents of ``urge --slip`` and ``criticize --document``.

Each writes a .docx (``--output``; by default named by its number and kind, in the
current folder) and registers it in ``documents/<year>.yaml`` in one commit
(``app.document_steps``); the layout is ``ui.docx_render``'s.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

from typing import Annotated, Any

import typer

from duchatai.commands.common import guard, read_source, state_of, year_option
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t

Output = Annotated[
    str | None,
    typer.Option(help="另存一份到文件（原件存于台账 documents/）/ also write a copy to FILE."),
]
UNIT_HELP = "发往单位（默认主办单位）/ the unit it goes to (default: the lead unit)."


def _said(made: Any, state: Any) -> None:
    from duchatai.app.documents import said
    from duchatai.ui import render

    render.out(said(made, state.ledger()))


@guard
def notice(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(metavar="ID...")],
    unit: Annotated[str | None, typer.Option(help=UNIT_HELP)] = None,
    output: Output = None,
) -> None:
    """督查通知（第七条（三）、第八条（一））/ the supervision notice to the lead unit."""
    from duchatai.app import document_steps
    from duchatai.ui.docx_render import render

    state = state_of(ctx)
    made = document_steps.notice(state.context(), ids, render, unit=unit, output=output)
    _said(made, state)


@guard
def bulletin(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option(help="YYYY-Www")] = None,
    month: Annotated[str | None, typer.Option(help="YYYY-MM")] = None,
    year: Annotated[str | None, typer.Option(help="YYYY")] = None,
    output: Output = None,
) -> None:
    """督查专报（第十九条，按年编第N期）/ the bulletin of a week, month or year."""
    import datetime as dt

    from duchatai.app import document_steps
    from duchatai.core.dates import iso_week, month_span
    from duchatai.ui.docx_render import render

    state = state_of(ctx)
    given = [v for v in (week, month, year) if v is not None]
    if len(given) != 1:
        raise InvalidInput(t("bulletin_one_period"))
    if week is not None:
        period = iso_week(week)
        iso = period[0].isocalendar()
        name = f"{iso.year}-W{iso.week:02d}"
    elif month is not None:
        period = month_span(month)
        name = f"{period[0].year}-{period[0].month:02d}"
    else:
        number = year_option(year, state)
        period, name = (dt.date(number, 1, 1), dt.date(number, 12, 31)), str(number)
    made = document_steps.bulletin(
        state.context(), period, name, render, read=lambda day: read_source(state, day),
        output=output,
    )
    _said(made, state)


@guard
def item_report(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    output: Output = None,
) -> None:
    """督查报告（一事一报，第七条（七））/ the report on one item."""
    from duchatai.app import document_steps
    from duchatai.ui.docx_render import render

    state = state_of(ctx)
    made = document_steps.item_report(state.context(), item_id, render, output=output)
    _said(made, state)


def urge_slip(state: Any, item_id: str, method: str, note: str | None,
              output: str | None) -> Any:
    """``urge --slip``: the urge and its 催办单 in one commit; the item urged."""
    from duchatai.app import document_steps
    from duchatai.ui import render as terminal
    from duchatai.ui.docx_render import render

    item, made = document_steps.urge_with_slip(
        state.context(), item_id, render, method=method, note=note, output=output
    )
    terminal.out(t("urged", id=item.id, n=len(item.urges)))
    _said(made, state)
    return item


def criticize_document(state: Any, unit: str, reason: str, items: list[str],
                       rectify_by: Any, output: str | None) -> Any:
    """``criticize --document``: the criticism and its 通报 in one commit."""
    from duchatai.app import document_steps
    from duchatai.ui.docx_render import render

    criticism, made = document_steps.criticize_with_document(
        state.context(), unit, render, reason=reason, items=items, rectify_by=rectify_by,
        output=output,
    )
    _said(made, state)
    return criticism


def output_alone(output: str | None, flag: str) -> None:
    """``--output`` names the document's file: refused without the switch that makes one."""
    if output is not None:
        raise InvalidInput(t("document_output_alone", flag=flag))
