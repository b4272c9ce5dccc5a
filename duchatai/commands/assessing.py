"""The annual assessment (考核, 第十九条): ``assess``."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import sys
from typing import Annotated

import typer

from duchatai.commands.common import (
    Json,
    guard,
    read_criticisms,
    read_tallies,
    state_of,
    year_option,
)
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


@guard
def assess(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度（默认今年）/ year.")] = None,
    explain: Annotated[
        str | None, typer.Option(help="逐项说明某单位的得分 / explain one unit's score.")
    ] = None,
    as_json: Json = False,
) -> None:
    """年度考核 / per-unit scores from the formula in duchatai.yaml, traced to the items."""
    import json

    from duchatai.core.assessment import assessed_on
    from duchatai.core.scoring import formula
    from duchatai.reports.assessment import tally_assess
    from duchatai.ui import render_assess as view
    from duchatai.ui.render import term_width

    state = state_of(ctx)
    ledger = state.ledger()
    try:
        weights = formula(ledger.config.assessment)
    except ValueError as error:
        raise InvalidInput(t("assess_bad_formula", error=error)) from None
    wanted = year_option(year, state)
    day = assessed_on(wanted, state.today)
    tallies = read_tallies(state, day)
    criticisms = read_criticisms(state)
    scores = tally_assess(
        tallies, criticisms, wanted, day, ledger.calendar, ledger.profile, weights
    )
    if explain is not None:
        found = [s for s in scores if s.unit == explain.strip()]
        if not found:
            units = "、".join(s.unit for s in scores) or "—"
            raise InvalidInput(t("assess_unknown_unit", unit=explain, year=wanted, units=units))
        scores = found
    if as_json:
        rows = [view.to_json(s, rank) for rank, s in enumerate(scores, 1)]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif not scores:
        sys.stderr.write(t("assess_none", year=wanted) + "\n")
    elif explain is not None:
        sys.stdout.write(view.explain(scores[0], wanted, weights, term_width()))
    else:
        sys.stdout.write(view.ranking(scores, wanted, weights, term_width()))
