"""The command line: the Typer ``app``, its global options and its commands' table.

The commands live in ``duchatai/commands/`` (one module per family); this
module registers them, in the order ``--help`` lists them. Each command parses
its options, calls one library function and hands the result to the output
format (``commands/output.py``). Errors are ``DuchataiError``s, turned into one
line on stderr and their exit code by ``commands.common.guard``; usage errors
are Typer's (exit 2).

Start-up is kept fast by laziness alone: the command modules import the
ledger, the procedure, Rich and openpyxl inside the command that needs them,
and Typer builds only the command that runs (``commands/table.py``).
"""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import sys
from typing import Annotated, Any

import typer

from duchatai.commands import (
    accountability,
    assessing,
    calendar,
    clerks,
    corrections,
    documents,
    followup,
    items,
    ledger_ops,
    outreach,
    reading,
    reports,
)
from duchatai.commands.global_options import GlobalOptionsGroup, remember
from duchatai.commands.table import CommandTable
from duchatai.core.errors import DuchataiError, Interrupted
from duchatai.core.messages import t
from duchatai.core.text import visible
from duchatai.session import State

COMMANDS = CommandTable()
"""Every command and sub-group of the app, in ``--help``'s order (filled below)."""


class _AppGroup(GlobalOptionsGroup):
    """The app's group, over ``COMMANDS``."""

    table = COMMANDS


app = typer.Typer(
    help="督查台 duchatai — 政府督查事项台账 / a ledger for a government supervision office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=_AppGroup,  # the global options after the subcommand too
)
calendar_app = typer.Typer(help="工作日计算 / working-day calendar.", no_args_is_help=True)
milestone_app = typer.Typer(help="节点任务 / milestones of an item.", no_args_is_help=True)
index_app = typer.Typer(help="缓存 / the disposable item cache.", no_args_is_help=True)
hook_app = typer.Typer(help="共享仓库的推送检查 / the shared remote's guard.", no_args_is_help=True)


def _version(value: bool) -> None:
    """``--version``: the package's version (``duchatai.__version__``, which the build
    also reads for the package's metadata), then exit."""
    if not value:
        return
    from duchatai import __version__

    sys.stdout.write(f"duchatai {__version__}\n")
    raise typer.Exit(0)


def _global(help_text: str, *names: str) -> Any:
    """A global option: taken by ``global_options.remember``, before or after the subcommand."""
    return typer.Option(*names, help=help_text, callback=remember)


@app.callback()
def _main(
    ctx: typer.Context,
    ledger: Annotated[str | None, _global("台账目录 / the ledger directory.", "--ledger")] = None,
    today: Annotated[
        str | None, _global("视为今天的日期 / the date taken as today.", "--today")
    ] = None,
    by: Annotated[str | None, _global("操作人 / who acts.", "--by")] = None,
    lang: Annotated[str | None, _global("zh | en", "--lang")] = None,
    include_edits: Annotated[
        bool,
        _global(
            "一并提交所涉文件的手工修改 / commit hand edits of the touched files too.",
            "--include-edits",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="版本 / the version.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """督查台: register, assign, urge, review and report on supervision items.

    The global options may also follow the subcommand (``duchatai overdue --today
    2026-11-20``): each is handed to the state by ``remember`` where it is typed.
    """
    if not isinstance(ctx.obj, State):
        ctx.obj = State(None, None, None, None)
    try:
        ctx.obj.start()
    except DuchataiError as error:  # a bad --lang or --today: its line, before any command
        sys.stderr.write(visible(error.message) + "\n")
        raise typer.Exit(error.exit_code) from None


# The procedure (commands/items.py).
COMMANDS.command(items.init)
COMMANDS.command(items.register)
COMMANDS.command(items.assign)
COMMANDS.command(items.urge)
COMMANDS.command(items.report)
COMMANDS.command(items.review)
COMMANDS.command(items.extend)
COMMANDS.command(items.close)
COMMANDS.command(items.archive)
COMMANDS.command(items.withdraw)
COMMANDS.command(corrections.edit)
COMMANDS.command(corrections.note)
COMMANDS.command(followup.recheck)
milestone_app.command("add")(items.milestone_add)
milestone_app.command("done")(items.milestone_done)

# Reading (commands/reading.py).
COMMANDS.command(reading.show)
COMMANDS.command(reading.list_, "list")
COMMANDS.command(reading.log)

# The working-day calendar (commands/calendar.py).
calendar_app.command("after")(calendar.after)
calendar_app.command("between")(calendar.between)
calendar_app.command("month")(calendar.month)
calendar_app.command("explain")(calendar.explain)
calendar_app.command("import")(calendar.import_)

# Reports (commands/reports.py) and accountability (commands/accountability.py).
COMMANDS.command(reports.overdue)
COMMANDS.command(reports.due)
COMMANDS.command(reports.weekly)
COMMANDS.command(reports.stats)
COMMANDS.command(accountability.criticize)
COMMANDS.command(accountability.rectify)
COMMANDS.command(accountability.escalation)
COMMANDS.command(assessing.assess)

# Reaching the units (commands/outreach.py).
COMMANDS.command(outreach.remind)
COMMANDS.command(outreach.feed)
COMMANDS.command(outreach.packet)
COMMANDS.command(outreach.replies)

# The office's documents as Word files (commands/documents.py; also urge --slip and
# criticize --document).
COMMANDS.command(documents.notice)
COMMANDS.command(documents.bulletin)
COMMANDS.command(documents.item_report, "item-report")

# The ledger as a whole (commands/ledger_ops.py).
index_app.command("rebuild")(ledger_ops.index_rebuild)
COMMANDS.command(ledger_ops.check)
COMMANDS.command(ledger_ops.export)
COMMANDS.command(ledger_ops.import_, "import")
COMMANDS.command(ledger_ops.sync)
COMMANDS.command(ledger_ops.undo)
COMMANDS.command(ledger_ops.clerk)
COMMANDS.command(clerks.resolve)
hook_app.command("install")(clerks.hook_install)
hook_app.command("pre-receive", hidden=True)(clerks.hook_pre_receive)
COMMANDS.command(ledger_ops.merge_file, "merge-file", hidden=True)

# The sub-groups, listed after the commands (as Typer lists them).
COMMANDS.group(calendar_app, "calendar")
COMMANDS.group(milestone_app, "milestone")
COMMANDS.group(index_app, "index")
COMMANDS.group(hook_app, "hook")


def main() -> None:
    """The console entry point (``duchatai`` and ``python -m duchatai``): the app on the argv."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write(t("cli_aborted") + "\n")
        raise SystemExit(130) from None
    except Interrupted as stop:  # SIGTERM/SIGHUP during a write: already undone
        sys.stderr.write(t("txn_interrupted", signal=stop.signum) + "\n")
        raise SystemExit(128 + stop.signum) from None
