"""The reports: the morning ``overdue`` report, ``due``, ``weekly`` and ``stats``.

The data comes from ``reports.data``, ``reports.figures``, ``reports.weekly`` (and
``reports.accountability``); the output format from ``output.py``.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import datetime as dt
import sys
from typing import Annotated

import typer

from duchatai.commands.common import (
    Json,
    guard,
    read_all,
    read_briefs,
    read_criticisms,
    state_of,
    write_output,
    year_option,
)
from duchatai.commands.output import formatter, level_hints
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


@guard
def overdue(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help="只看某单位 / one unit only.")] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="列出可通报批评的单位 / criticism candidates.")
    ] = False,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="有超期时退出码为 3 / exit 3 when any.")
    ] = False,
    as_json: Json = False,
) -> None:
    """晨报:超期事项 / the morning report of overdue items."""
    from duchatai.reports import data as reports
    from duchatai.reports.figures import criticism_candidates

    state = state_of(ctx)
    ledger = state.ledger()
    if unit is not None:
        from duchatai.core.units import check_unit

        check_unit(unit, ledger.config.units)
    morning = reports.morning(
        read_briefs(state),
        read_criticisms(state),
        state.today,
        ledger.calendar,
        ledger.profile,
        unit=unit,
        warn_workdays=ledger.config.warn_workdays,
    )
    suggestions = None
    if suggest:
        suggestions = criticism_candidates(
            morning.rows,
            ledger.profile,
            {u: s.next_level.value for u, s in morning.standings.items()},
        )
    formatter(as_json, state).overdue(morning, suggestions)
    if fail_if_any and morning.rows:
        raise typer.Exit(3)


def _within(text: str) -> int:
    """``due --within``: working days ahead, 0–10,000."""
    from duchatai.core.dates import MAX_WORKDAYS

    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInput(t("bad_number", what="--within", text=text))
    if len(digits.lstrip("0")) > 5 or int(digits) > MAX_WORKDAYS:
        raise InvalidInput(
            t("number_out_of_range", what="--within", text=text, low=0, high=MAX_WORKDAYS)
        )
    return int(digits)


@guard
def due(
    ctx: typer.Context,
    within: Annotated[str, typer.Option(help="工作日数 / working days ahead.")] = "3",
    as_json: Json = False,
) -> None:
    """即将到期 / items due within N working days (default 3)."""
    from duchatai.reports import data as reports

    state = state_of(ctx)
    ledger = state.ledger()
    days = _within(within)
    rows = reports.due_within(
        read_briefs(state), state.today, ledger.calendar, ledger.profile, days
    )
    formatter(as_json, state).due(rows, days)


WEEKLY_FORMATS = ("text", "markdown", "html", "json")


@guard
def weekly(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option(help="YYYY-Www (默认本周 / this week).")] = None,
    format_: Annotated[
        str, typer.Option("--format", help="text | markdown | html | json")
    ] = "text",
    output: Annotated[str | None, typer.Option(help="写入文件 / write to FILE.")] = None,
) -> None:
    """周报 / the weekly report (for cron)."""
    from duchatai.core.dates import iso_week
    from duchatai.reports.accountability import weekly_standings
    from duchatai.reports.weekly import weekly as weekly_report
    from duchatai.ui import render_weekly as rw

    if format_ not in WEEKLY_FORMATS:
        choices = ", ".join(WEEKLY_FORMATS)
        raise InvalidInput(t("unknown_choice", what="--format", value=format_, choices=choices))
    state = state_of(ctx)
    ledger = state.ledger()
    if week:
        monday, _ = iso_week(week)
    else:
        monday = state.today - dt.timedelta(days=state.today.weekday())
    report = weekly_report(
        read_all(state),
        monday,
        state.today,
        ledger.calendar,
        ledger.profile,
        office=ledger.config.office,
    )
    hints = level_hints(weekly_standings(report, read_criticisms(state), ledger.profile.ladder))
    if format_ == "json":
        import json

        text = json.dumps({**report.to_json(), "hints": hints}, ensure_ascii=False, indent=2)
        text += "\n"
    else:
        render = {"markdown": rw.weekly_markdown, "html": rw.weekly_html}.get(
            format_, rw.weekly_text
        )
        text = render(report, hints)
    if output:
        write_output(output, text.encode("utf-8"), state)
        sys.stderr.write(t("written", path=output) + "\n")
    else:
        sys.stdout.write(text)


@guard
def stats(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度 (默认今年) / year.")] = None,
    as_json: Json = False,
) -> None:
    """年度统计 / per unit: items, on time, late, open overdue, on-time rate."""
    from duchatai.reports import figures
    from duchatai.reports.data import as_of_all

    state = state_of(ctx)
    ledger = state.ledger()
    wanted = year_option(year, state)
    rows = figures.stats(
        as_of_all(read_all(state), state.today), wanted, state.today, ledger.profile
    )
    commend = figures.commendation_candidates(rows, ledger.profile.commend_min_items)
    formatter(as_json, state).stats(rows, commend, wanted)
