"""The global options (``--ledger``, ``--today``, ``--by``, ``--lang``, ``--include-edits``),
before the subcommand or after it: ``duchatai overdue --today 2026-11-20``.

One code path: the app's group class (``GlobalOptionsGroup``) gives every
subcommand and sub-group a copy of the app's own global options, parsed by
click like any other option of that command (so ``--source --today`` is the
source "--today", never a date). Each of them, wherever it is typed, calls
``remember``, which hands the value to the invocation's ``State``;
``State.start`` applies what was given, at the app's callback and again when
the command asks for its state (``common.state_of``). The last one given wins.

The group also says click's own words in the ledger's language (``usage``): every
command's context is a ``LocalizedContext``, and ``main`` hands usage errors to
``usage.run_main``.
"""

# No ``from __future__ import annotations``: Typer reads the callback's annotations.

import copy
import sys
from collections.abc import Sequence
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup

from duchatai.commands.table import CommandTable
from duchatai.commands.usage import LocalizedContext, run_main
from duchatai.session import State

NAMES = ("ledger", "today", "by", "lang", "include_edits")
"""The parameters of the app's callback that every subcommand accepts too."""


def remember(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """A global option typed on the command line: the invocation's state takes it."""
    if value is None or value is False:  # not typed here: an earlier one stays
        return value
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None, None, None, None)
    assert param.name is not None
    root.obj.given(param.name, value)
    return value


def _add(command: Any, shared: list[Any]) -> None:
    """Give ``command`` (and its subcommands) the options of ``shared`` it lacks, and
    the context that says click's words in the ledger's language."""
    command.context_class = LocalizedContext
    taken = {opt for param in command.params for opt in param.opts}
    for param in shared:
        if taken.isdisjoint(param.opts):
            own = copy.copy(param)
            own.expose_value = False  # the command's function does not take it: the state does
            command.params.append(own)
    for sub in getattr(command, "commands", {}).values():
        _add(sub, shared)


class GlobalOptionsGroup(TyperGroup):
    """The app's group: every command under it accepts the app's global options too.

    Its commands are ``table``'s (a subclass names it), each built when it is first
    asked for (``commands.table``), and given the global options then.
    """

    context_class = LocalizedContext
    table: ClassVar[CommandTable | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = [param for param in self.params if param.name in NAMES]
        commands = (self.table or CommandTable()).view(lambda command: _add(command, shared))
        for name, command in self.commands.items():  # any Typer registered itself
            commands[name] = command
        self.commands = commands

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the app; in standalone mode (the console script, ``CliRunner``) its usage
        errors are said by ``usage.run_main`` in the ledger's language."""
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        return run_main(super().main, argv, prog_name=prog_name, complete_var=complete_var,
                        **extra)
