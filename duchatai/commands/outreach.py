"""Reaching the units: ``remind`` (催办提醒 by mail) and ``feed`` (their calendar)."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from duchatai.commands.common import (
    guard,
    read_briefs,
    read_criticisms,
    read_naming,
    state_of,
)
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t

if TYPE_CHECKING:
    from duchatai.app.remind import Outcome, Reminder


@guard
def remind(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help="只提醒某单位 / one unit only.")] = None,
    send: Annotated[bool, typer.Option("--send", help="发送邮件 / mail each unit.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="每单位写一个 .eml 文件 / write one .eml a unit.")
    ] = False,
    output: Annotated[
        str, typer.Option(help="--dry-run 写入的文件夹 / folder for --dry-run.")
    ] = "reminders-out",
    workdays_only: Annotated[
        bool,
        typer.Option("--workdays-only", help="非工作日不发送（用于定时任务） / skip rest days."),
    ] = False,
) -> None:
    """催办提醒 / each unit's digest: due soon, overdue, milestones, missing weekly reports.

    无 --send 与 --dry-run 时只显示 / without --send or --dry-run, shows the digests.
    """
    from duchatai.app import remind as reminding
    from duchatai.core.units import check_unit
    from duchatai.reports.digest import digests

    if send and dry_run:
        raise InvalidInput(t("remind_send_or_dry"))
    state = state_of(ctx)
    ledger = state.ledger()
    if workdays_only and not ledger.calendar.is_workday(state.today):
        sys.stderr.write(t("remind_not_workday", date=state.today) + "\n")
        return
    if unit is not None:
        check_unit(unit, ledger.known_units())  # a typo: the nearest names
    found = digests(
        read_briefs(state),
        read_criticisms(state),
        state.today,
        ledger.calendar,
        ledger.profile,
        warn_workdays=ledger.config.warn_workdays,
        unit=unit,
    )
    context = state.context()
    letters = _letters(found, ledger.config)
    if not letters:
        sys.stderr.write(t("remind_nothing", date=state.today) + "\n")
        return
    if dry_run:
        for path, letter in zip(
            reminding.dry_run(context, letters, Path(output)), letters, strict=True
        ):
            sys.stderr.write(t("remind_written", path=path, unit=letter.unit) + "\n")
    elif send:
        _report(reminding.send(context, letters), state.today)
    else:
        sys.stdout.write("\n".join(_preview(letter) for letter in letters))


def _letters(digests: list[Any], config: Any) -> list[Any]:
    """Each digest as a letter to its unit's address (``units:`` in ``duchatai.yaml``)."""
    from duchatai.app.remind import Reminder
    from duchatai.ui.render_digest import body, subject

    return [
        Reminder(d, config.unit_addresses.get(d.unit), subject(d), body(d, config.office))
        for d in digests
    ]


def _preview(letter: "Reminder") -> str:
    rule = "─" * 40
    return f"{rule}\n{letter.subject}\n{rule}\n{letter.body}"


def _report(outcome: "Outcome", today: dt.date) -> None:
    for r in outcome.sent:
        sys.stderr.write(t("remind_sent", unit=r.unit, to=r.to, subject=r.subject) + "\n")
    for r in outcome.skipped:
        sys.stderr.write(t("remind_already", unit=r.unit, date=today) + "\n")
    for r in outcome.no_address:
        sys.stderr.write(t("remind_no_address", unit=r.unit) + "\n")
    sys.stderr.write(
        t(
            "remind_summary",
            sent=len(outcome.sent),
            skipped=len(outcome.skipped),
            missing=len(outcome.no_address),
        )
        + "\n"
    )


def _items_today(state: Any, unit: str) -> list[Any]:
    """The items that name ``unit``, as they stand today (``read_naming``), once
    ``unit`` is checked against the units the ledger knows (a typo is refused with the
    nearest names): one that an item names now is known, and only another name costs a
    read of every unit (``Ledger.known_units``)."""
    from duchatai.core.units import check_unit

    ledger = state.ledger()
    items = read_naming(state, unit)
    if ledger.config.units or not items:
        check_unit(unit, ledger.known_units())
    return items


@guard
def feed(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option(help="单位 / the unit.")],
    output: Annotated[
        str | None, typer.Option(help="写入 .ics 文件（默认输出到屏幕） / write to FILE.")
    ] = None,
) -> None:
    """日历订阅 / a unit's open items and milestones as an .ics calendar (RFC 5545)."""
    from duchatai.ui.render_ics import feed_parts

    state = state_of(ctx)
    items = _items_today(state, unit)  # a typo refused before any file is opened
    events = [0]

    def parts() -> Iterator[bytes]:  # written an event at a time, counted as they go
        for part in feed_parts(items, unit, state.today):
            events[0] += part.startswith(b"BEGIN:VEVENT")
            yield part

    if output:
        from duchatai.commands.common import write_output

        write_output(output, parts(), state)
        sys.stderr.write(t("feed_written", path=output, unit=unit, events=events[0]) + "\n")
    else:
        for part in parts():
            sys.stdout.write(part.decode("utf-8"))


@guard
def packet(
    ctx: typer.Context,
    unit: Annotated[str, typer.Option(help="单位 / the unit.")],
    output: Annotated[
        str | None, typer.Option(help="写入的 .xlsx 文件 / the .xlsx to write.")
    ] = None,
) -> None:
    """反馈表 / a workbook of a unit's open items, with columns for the unit to fill."""
    from duchatai.app.packet import packet_items, workbook
    from duchatai.commands.common import write_output
    from duchatai.store.git import current_head

    state = state_of(ctx)
    ledger = state.ledger()
    mine = packet_items(_items_today(state, unit), unit)
    if not mine:
        raise InvalidInput(t("packet_empty", unit=unit))
    commit = current_head(ledger.root) or ""
    data = workbook(mine, unit, ledger.config.office, state.today, commit)
    target = output or f"反馈表-{unit}-{state.today.isoformat()}.xlsx"
    write_output(target, data, state)
    sys.stderr.write(t("packet_written", path=target, unit=unit, n=len(mine)) + "\n")


@guard
def replies(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="交回的反馈表 / the packet.")],
) -> None:
    """记录反馈 / record what a unit wrote in its packet as its reports (all or none)."""
    from duchatai.app.replies import record
    from duchatai.core.errors import ImportRefused
    from duchatai.core.text import visible

    state = state_of(ctx)
    try:
        result = record(state.context(), Path(file))
    except ImportRefused as refused:
        for problem in refused.problems:
            sys.stderr.write(visible(problem) + "\n")
        raise
    ids = "、".join(r.item_id for r in result.replies)
    sys.stderr.write(t("replies_recorded", unit=result.unit, n=len(result.replies), ids=ids) + "\n")
