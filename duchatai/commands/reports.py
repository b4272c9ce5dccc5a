"""The reports: the morning ``overdue`` report, ``due``, ``weekly`` and ``stats``.

The data comes from ``reports.data``, ``reports.figures``, ``reports.weekly`` (and
``reports.accountability``); the output format from ``output.py``.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import datetime as dt
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from duchatai.commands.common import (
    Json,
    guard,
    read_briefs,
    read_criticisms,
    read_source,
    read_tallies,
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
        bool,
        typer.Option(
            "--fail-if-any",
            help="有事项超期时退出码为 3（仅节点任务逾期不计）/ exit 3 when an item is overdue "
            "(late milestones alone do not count).",
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """晨报：超期事项与逾期节点任务 / the morning report: overdue items, late milestones."""
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
    """即将到期 / items and milestones due within N working days (default 3)."""
    from duchatai.reports import data as reports
    from duchatai.reports.milestones import milestones_due_within

    state = state_of(ctx)
    ledger = state.ledger()
    days = _within(within)
    briefs = read_briefs(state)
    rows = reports.due_within(briefs, state.today, ledger.calendar, ledger.profile, days)
    milestones = milestones_due_within(briefs, state.today, ledger.calendar, days)
    rows = reports.due_rows(rows, milestones)
    formatter(as_json, state).due(rows, days, milestones)


WEEKLY_FORMATS = ("text", "markdown", "html", "json")


@guard
def weekly(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option(help="YYYY-Www（默认本周）/ default this week.")
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help="text | markdown | html | json")
    ] = "text",
    output: Annotated[str | None, typer.Option(help="写入文件 / write to FILE.")] = None,
) -> None:
    """周报 / the weekly report (for cron)."""
    from duchatai.core.dates import iso_week
    from duchatai.reports.accountability import weekly_standings
    from duchatai.reports.weekly import weekly_from
    from duchatai.ui import render_weekly as rw
    from duchatai.ui import render_weekly_text as rwt
    from duchatai.ui.render_weekly_html import weekly_html_parts

    if format_ not in WEEKLY_FORMATS:
        choices = ", ".join(WEEKLY_FORMATS)
        raise InvalidInput(t("unknown_choice", what="--format", value=format_, choices=choices))
    state = state_of(ctx)
    ledger = state.ledger()
    if week:
        monday, _ = iso_week(week)
    else:
        monday = state.today - dt.timedelta(days=state.today.weekday())
    criticisms = read_criticisms(state)
    report = weekly_from(
        lambda day: read_source(state, day),
        monday,
        state.today,
        ledger.calendar,
        ledger.profile,
        office=ledger.config.office,
        criticisms=criticisms,
    )
    hints = level_hints(weekly_standings(report, criticisms, ledger.profile.ladder))
    if format_ == "json":
        import json

        text = json.dumps({**report.to_json(), "hints": hints}, ensure_ascii=False, indent=2)
        parts: Iterable[str] = [text + "\n"]
    elif format_ == "html":
        parts = weekly_html_parts(report, hints)  # written as made: 11 MB at 50,000 items
    else:
        parts = [(rw.weekly_markdown if format_ == "markdown" else rwt.weekly_text)(report, hints)]
    if output:
        write_output(output, (part.encode("utf-8") for part in parts), state)
        sys.stderr.write(t("written", path=output) + "\n")
    else:
        for part in parts:
            sys.stdout.write(part)


@guard
def stats(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度（默认今年）/ year.")] = None,
    as_json: Json = False,
) -> None:
    """年度统计 / per unit: items, on time, late, open overdue, on-time rate.

    \b
    年度事项（第十九条）：办理时限在该年，或该年办结，或该年内曾超期未办结的事项，
    不论哪年立项；往年按 12 月 31 日的情况统计。

    An item counts in year Y when its due date in force falls in Y, or it was
    closed in Y, or it was open and overdue at any time in Y, whatever year it
    was registered in; a past year is counted as it stood on its last day.
    """
    from duchatai.core.assessment import assessed_on
    from duchatai.reports import figures

    state = state_of(ctx)
    ledger = state.ledger()
    wanted = year_option(year, state)
    day = assessed_on(wanted, state.today)
    rows = figures.tally_stats(read_tallies(state, day), wanted, day, ledger.profile)
    commend = figures.commendation_candidates(rows, ledger.profile.commend_min_items)
    formatter(as_json, state).stats(rows, commend, wanted)
