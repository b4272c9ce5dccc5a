"""Several clerks: ``resolve`` a conflict left by ``sync``, and the server's guard
(``hook install``, and the hook itself: ``hook pre-receive``)."""

# No ``from __future__ import annotations``: Typer reads the annotations at each start.

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from duchatai.commands.common import guard, state_of
from duchatai.core.messages import t
from duchatai.core.text import visible

CONFLICTS_EXIT = 4
"""``sync`` finished, but left conflicts to resolve (cli-contract.md, exit codes)."""


@guard
def resolve(
    ctx: typer.Context,
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="事项或通报批评编号 / item or criticism id.")
    ],
    take: Annotated[
        list[str],
        typer.Option(
            "--take",
            help="local（本地）| remote（远端）| 字段=值 FIELD=VALUE；可重复 / repeatable.",
        ),
    ],
) -> None:
    """解决同步冲突 / settle a conflict `sync` left: take the local or remote value, or set one."""
    from duchatai.app.conflicts import resolve as run_resolve

    settled, fields = run_resolve(state_of(ctx).context(), item_id, take)
    sys.stdout.write(visible(t("resolved", id=settled, fields=", ".join(fields))) + "\n")


@guard
def hook_install(
    server: Annotated[
        str, typer.Option("--server", help="共享裸仓库 / the shared bare repository.")
    ],
) -> None:
    """在共享仓库安装推送检查 / install the pre-receive guard in a shared bare repository."""
    from duchatai.app.hook import install

    path = install(Path(server))
    sys.stdout.write(t("hook_installed", path=path) + "\n")


def hook_pre_receive() -> None:
    """git pre-receive hook: refuse a push that leaves the ledger failing `check`."""
    from duchatai.app.hook import pre_receive

    lines = pre_receive(Path(os.getcwd()), sys.stdin.read().splitlines())
    for line in lines:
        sys.stderr.write(visible(line) + "\n")
    raise typer.Exit(1 if lines else 0)


def say_sync(result: object) -> None:
    """What ``sync`` tells the clerk: ids renumbered and conflicts on stderr, the summary
    on stdout; exit 4 while conflicts are left."""
    from duchatai.app.conflicts import describe
    from duchatai.app.sync import SyncResult

    assert isinstance(result, SyncResult)
    for renumbered in result.renumbered:
        sys.stderr.write(t("renumbered", old=renumbered.old, new=renumbered.new) + "\n")
    for conflict in result.conflicts:
        sys.stderr.write(visible(describe(conflict)) + "\n")
    sys.stdout.write(t("synced", pulled=result.pulled, pushed=result.pushed, branch=result.branch))
    sys.stdout.write("\n")
    if result.conflicts:
        sys.stderr.write(t("conflicts_left", n=len(result.conflicts)) + "\n")
        raise typer.Exit(CONFLICTS_EXIT)
