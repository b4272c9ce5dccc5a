"""The command line: the Typer ``app``, its global options and its commands' table.

The commands live in ``duchatai/commands/`` (one module per family); this
module registers them, in the order ``--help`` lists them. Each command parses
its options, calls one library function and hands the result to the output
format (``commands/output.py``). Errors are ``DuchataiError``s, turned into one
line on stderr and their exit code by ``commands.common.guard``; usage errors
are Typer's (exit 2).

Start-up is kept fast by laziness alone: the command modules import the
ledger, the procedure, Rich and openpyxl inside the command that needs them.
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
from duchatai.core.errors import DuchataiError, Interrupted
from duchatai.core.messages import t
from duchatai.core.text import visible
from duchatai.session import State

app = typer.Typer(
    help="督查台 duchatai — 政府督查事项台账 / a ledger for a government supervision office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=GlobalOptionsGroup,  # the global options after the subcommand too
)
calendar_app = typer.Typer(help="工作日计算 / working-day calendar.", no_args_is_help=True)
milestone_app = typer.Typer(help="节点任务 / milestones of an item.", no_args_is_help=True)
index_app = typer.Typer(help="缓存 / the disposable item cache.", no_args_is_help=True)
hook_app = typer.Typer(help="共享仓库的推送检查 / the shared remote's guard.", no_args_is_help=True)
app.add_typer(calendar_app, name="calendar")
app.add_typer(milestone_app, name="milestone")
app.add_typer(index_app, name="index")
app.add_typer(hook_app, name="hook")


def _version(value: bool) -> None:
    """``--version``: the installed package's version (its metadata), then exit."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("duchatai")
    except PackageNotFoundError:  # run from a source tree that is not installed
        from duchatai import __version__ as number
    sys.stdout.write(f"duchatai {number}\n")
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
app.command()(items.init)
app.command()(items.register)
app.command()(items.assign)
app.command()(items.urge)
app.command()(items.report)
app.command()(items.review)
app.command()(items.extend)
app.command()(items.close)
app.command()(items.archive)
app.command()(items.withdraw)
app.command()(corrections.edit)
app.command()(corrections.note)
app.command()(followup.recheck)
milestone_app.command("add")(items.milestone_add)
milestone_app.command("done")(items.milestone_done)

# Reading (commands/reading.py).
app.command()(reading.show)
app.command("list")(reading.list_)
app.command()(reading.log)

# The working-day calendar (commands/calendar.py).
calendar_app.command("after")(calendar.after)
calendar_app.command("between")(calendar.between)
calendar_app.command("month")(calendar.month)
calendar_app.command("explain")(calendar.explain)
calendar_app.command("import")(calendar.import_)

# Reports (commands/reports.py) and accountability (commands/accountability.py).
app.command()(reports.overdue)
app.command()(reports.due)
app.command()(reports.weekly)
app.command()(reports.stats)
app.command()(accountability.criticize)
app.command()(accountability.rectify)
app.command()(accountability.escalation)
app.command()(assessing.assess)

# Reaching the units (commands/outreach.py).
app.command()(outreach.remind)
app.command()(outreach.feed)
app.command()(outreach.packet)
app.command()(outreach.replies)

# The office's documents as Word files (commands/documents.py; also urge --slip and
# criticize --document).
app.command()(documents.notice)
app.command()(documents.bulletin)
app.command("item-report")(documents.item_report)

# The ledger as a whole (commands/ledger_ops.py).
index_app.command("rebuild")(ledger_ops.index_rebuild)
app.command()(ledger_ops.check)
app.command()(ledger_ops.export)
app.command("import")(ledger_ops.import_)
app.command()(ledger_ops.sync)
app.command()(ledger_ops.undo)
app.command()(ledger_ops.clerk)
app.command()(clerks.resolve)
hook_app.command("install")(clerks.hook_install)
hook_app.command("pre-receive", hidden=True)(clerks.hook_pre_receive)
app.command("merge-file", hidden=True)(ledger_ops.merge_file)


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
