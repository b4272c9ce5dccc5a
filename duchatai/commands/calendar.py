"""The working-day calendar: ``calendar after``, ``between``, ``month`` and ``explain``.

They need no ledger: outside one they use the package's calendar and the
default profile, inside one the ledger's.
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import sys
from typing import Annotated

import typer

from duchatai.commands.common import (
    CATEGORY_HELP,
    Json,
    date_option,
    guard,
    required_date,
    state_of,
    workday_count,
)
from duchatai.commands.output import formatter
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


@guard
def after(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="DATE")],
    n: Annotated[str, typer.Argument(metavar="N")],
) -> None:
    """第 N 个工作日 / print the Nth working day after DATE."""
    state = state_of(ctx)
    day = required_date(start, state, "DATE")
    sys.stdout.write(state.calendar().after(day, workday_count(n, "N")).isoformat() + "\n")


@guard
def between(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="A")],
    second: Annotated[str, typer.Argument(metavar="B")],
) -> None:
    """工作日天数 / working days in (A, B] (negative when B is before A)."""
    state = state_of(ctx)
    a, b = required_date(first, state, "A"), required_date(second, state, "B")
    sys.stdout.write(f"{state.calendar().between(a, b)}\n")


@guard
def month(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Argument(metavar="YYYY-MM")] = None,
) -> None:
    """月历 / a month's grid with holidays and adjusted workdays marked."""
    from duchatai.core.dates import month_span
    from duchatai.ui import render
    from duchatai.ui.render_calendar import month_grid

    state = state_of(ctx)
    if month is None:
        year, mon = state.today.year, state.today.month
    else:
        first, _ = month_span(month)
        year, mon = first.year, first.month
    render.out(month_grid(state.calendar(), year, mon, state.today))


@guard
def explain(
    ctx: typer.Context,
    category: Annotated[str, typer.Argument(metavar="CATEGORY", help=CATEGORY_HELP)],
    start: Annotated[str, typer.Argument(metavar="DATE")],
    due: Annotated[str | None, typer.Option(help="明确时限 / explicit due date.")] = None,
    complex_: Annotated[bool, typer.Option("--complex", help="涉及面广、难度大.")] = False,
    as_json: Json = False,
) -> None:
    """时限说明 / how the due date of CATEGORY started on DATE is found."""
    from duchatai.core.deadlines import compute
    from duchatai.core.profile import DEFAULT_PROFILE

    state = state_of(ctx)
    ledger = state.ledger(required=False)
    profile = ledger.profile if ledger else DEFAULT_PROFILE
    day = required_date(start, state, "DATE")
    basis = compute(
        profile,
        category,
        day,
        state.calendar(),
        complex_item=complex_,
        explicit=date_option(due, state, "--due", "next"),
    )
    formatter(as_json, state).explanation(basis)


@guard
def import_(
    ctx: typer.Context,
    notice: Annotated[str, typer.Argument(metavar="NOTICE.txt")],
) -> None:
    """导入放假通知 / read the State Council's holiday notice into duchatai.yaml."""
    from duchatai.app.notice_import import import_notice
    from duchatai.ui import render

    state = state_of(ctx)
    text = _notice_text(notice)
    found, changed = import_notice(state.context(), text)
    if not changed:
        render.out(t("notice_unchanged", year=found.year))
        return
    days = sum((h.last - h.first).days + 1 for h in found.holidays)
    render.out(t("notice_imported", year=found.year, days=days, workdays=len(found.workdays)))


def _notice_text(path: str) -> str:
    """The notice file's text (``-`` for stdin): UTF-8, else GB18030 as saved on Windows."""
    from duchatai.store.safefile import read_bounded

    try:
        data = sys.stdin.buffer.read(1024 * 1024) if path == "-" else read_bounded(path)
    except OSError as error:
        raise InvalidInput(
            t("notice_file_unreadable", path=path, error=error.strerror or error)
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise InvalidInput(t("notice_file_unreadable", path=path, error=error)) from None
