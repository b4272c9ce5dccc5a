"""Work on the ledger as a whole: ``check``, ``export``, ``import``, ``sync``, ``undo``, ``clerk``,
``index rebuild`` and the hidden git merge driver ``merge-file``."""

# No ``from __future__ import annotations``: Typer reads every command's
# annotations at each start, and strings would have to be compiled and
# evaluated first (about five times the cost of building the app).

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from duchatai.commands.common import (
    CATEGORY_HELP,
    STATUS_HELP,
    Json,
    export_to,
    guard,
    progress,
    read_each,
    state_of,
)
from duchatai.commands.output import formatter
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.text import visible


@guard
def index_rebuild(ctx: typer.Context) -> None:
    """重建缓存 / drop the item cache and parse every file again."""
    from duchatai.store.index import rebuild

    items, broken = rebuild(state_of(ctx).ledger(), progress=progress())
    sys.stdout.write(t("index_rebuilt", n=items, broken=broken) + "\n")


@guard
def check(ctx: typer.Context, as_json: Json = False) -> None:
    """校验台账 / validate every file; one `path:line: message` per problem."""
    from duchatai.app.checks import check_ledger
    from duchatai.core.errors import LedgerBroken
    from duchatai.store.discovery import find_root

    state = state_of(ctx)
    try:
        root = state.ledger().root
    except LedgerBroken:  # a broken config is a problem to list at its line, not a refusal
        root = find_root(state.ledger_arg, os.environ, os.getcwd())
    problems = check_ledger(root)

    def relative(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    formatter(as_json, state).problems(problems, relative)
    if any(not p.warning for p in problems):
        raise typer.Exit(1)


@guard
def export(
    ctx: typer.Context,
    format_: Annotated[
        str | None,
        typer.Option("--format", help="csv | xlsx | json（默认按文件后缀）/ default: the suffix."),
    ] = None,
    output: Annotated[str | None, typer.Option(help="输出文件 / output file.")] = None,
    status: Annotated[str | None, typer.Option(help=STATUS_HELP)] = None,
    unit: Annotated[str | None, typer.Option(help="单位 / lead or co-unit.")] = None,
    category: Annotated[str | None, typer.Option(help=CATEGORY_HELP)] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="含已归档事项（全年台账）/ archived items too.")
    ] = False,
) -> None:
    """导出台账 / the ledger as a spreadsheet (xlsx, csv) or JSON, filtered as `list`."""
    from duchatai.app import spreadsheet, spreadsheet_export
    from duchatai.ui.progress import progress_bar

    state = state_of(ctx)
    ledger = state.ledger()
    fmt = spreadsheet_export.choose_format(format_, output)
    if output is None and fmt == "xlsx":
        raise InvalidInput(t("export_needs_output"))
    # Every refusal (a filter, the output file) before the first item is read.
    status, category = spreadsheet.check_filters(ledger, status, category, unit)
    # Items are written as they are read, each as it comes (issue 17). A bar only
    # beside a file: on a terminal Rich would take over stdout while it shows.
    with export_to(output, state) as out, progress_bar(output is not None) as bar:
        count = spreadsheet_export.export(
            ledger,
            lambda sink: read_each(state, sink),
            state.today,
            fmt,
            out,
            status=status,
            unit=unit,
            category=category,
            archived=all_,
            progress=None if bar is None else bar(t("progress_export")),
        )
    if output is not None:
        sys.stderr.write(t("exported", n=count, path=output) + "\n")


@guard
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只校验不写入 / validate, write nothing.")
    ] = False,
) -> None:
    """导入台账 / items from a spreadsheet (.xlsx or .csv), all in one commit or none."""
    from duchatai.app.spreadsheet_import import import_rows
    from duchatai.core.errors import ImportRefused
    from duchatai.ui.progress import progress_bar

    try:
        with progress_bar() as bar:
            result = import_rows(state_of(ctx).context(), Path(file), dry_run=dry_run,
                                 progress=bar)
    except ImportRefused as refused:
        for problem in refused.problems:
            sys.stderr.write(visible(problem) + "\n")
        raise
    _say_imported(result, dry_run)


def _say_imported(result: Any, dry_run: bool) -> None:
    """Ignored columns on stderr; each item created or updated, and the counts, on stdout."""
    if result.ignored_columns:
        columns = "、".join(result.ignored_columns)
        sys.stderr.write(visible(t("imp_ignored", columns=columns)) + "\n")
    for action in result.actions:
        if action.kind == "create":
            line = t("imp_create", ref=action.ref, id=action.item.id, title=action.item.title)
            sys.stdout.write(visible(line) + "\n")
        elif action.kind == "update":
            fields = ", ".join(action.changed)
            sys.stdout.write(t("imp_update", ref=action.ref, id=action.item.id, fields=fields))
            sys.stdout.write("\n")
    counts = {k: result.count(k) for k in ("create", "update", "unchanged")}
    summary = t(
        "imp_dry_run" if dry_run else "imp_done",
        file=result.file,
        created=counts["create"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
    )
    sys.stdout.write(summary + "\n")


@guard
def sync(ctx: typer.Context) -> None:
    """同步 / pull from and push to origin, merging other clerks' work; exit 4: conflicts left."""
    from duchatai.app.sync import sync as run_sync
    from duchatai.commands.clerks import say_sync

    context = state_of(ctx).context()
    say_sync(run_sync(context.ledger, context.actor))


@guard
def undo(ctx: typer.Context) -> None:
    """撤销上一步 / undo your last change not yet synced (a new commit; history is kept)."""
    from duchatai.app.undo import undo as run_undo

    done = run_undo(state_of(ctx).context())
    sys.stdout.write(visible(t("undone", subject=done.subject, commit=done.commit[:7])) + "\n")


@guard
def clerk(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(metavar="CODE")] = None,
) -> None:
    """督查员代码 / show or set this clone's clerk code (the prefix of the ids it hands out)."""
    from duchatai.store.gitconfig import clerk_code, set_clerk

    root = state_of(ctx).ledger().root
    if code is None:
        sys.stdout.write((clerk_code(root) or t("clerk_unset")) + "\n")
        return
    sys.stdout.write(t("clerk_set", code=set_clerk(root, code)) + "\n")


def merge_file(
    base: Annotated[str, typer.Argument()],
    ours: Annotated[str, typer.Argument()],
    theirs: Annotated[str, typer.Argument()],
    path: Annotated[str | None, typer.Argument()] = None,
) -> None:
    """git merge driver: merge %O %A %B of one ledger file field by field into %A."""
    from duchatai.app.merge import merge_files

    raise typer.Exit(merge_files(base, ours, theirs))
