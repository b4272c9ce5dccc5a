"""The app's commands by name, each turned into a click command only when it is asked for.

Typer makes a click command of a function by reading its signature and its
annotations (``typer.main.get_command_from_info``). Done for all 49 commands at
every start, that was about a tenth of every run, ``--version`` included. The
app's group (``global_options.GlobalOptionsGroup``) holds a ``Commands`` view
of the table instead of a dict: the names are there at once, in ``--help``'s
order and for the "did you mean" of a typo, and a command is built, by Typer's
own function, the first time the group hands it out. ``duchatai overdue``
builds one command; ``--help`` builds them all. Each group (each run, each
``CliRunner`` invocation) builds its own, as Typer's eager building did.
"""

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer._click import Command  # Typer bundles its own click (see usage.py)
from typer.main import get_command_from_info, get_command_name, get_group_from_info
from typer.models import CommandInfo, TyperInfo

Maker = Callable[[], Command]


class CommandTable:
    """What the app offers, in ``--help``'s order (the order given: ``cli`` offers the
    sub-groups last, where Typer lists them), each kept as the recipe Typer builds it
    from."""

    def __init__(self) -> None:
        self._makers: dict[str, Maker] = {}
        self.hidden: set[str] = set()
        """The names ``--help`` does not list (``merge-file``, a git driver's)."""

    @property
    def names(self) -> list[str]:
        """Every command's and sub-group's name, in order."""
        return list(self._makers)

    def command(self, callback: Callable[..., Any], name: str | None = None,
                *, hidden: bool = False) -> None:
        """Offer ``callback`` as the command ``name`` (by default its own name, as Typer
        derives it: ``index_rebuild`` → ``index-rebuild``)."""
        info = CommandInfo(name=name, callback=callback, hidden=hidden)
        key = name or get_command_name(callback.__name__)
        self._offer(key, lambda: get_command_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode=None
        ))
        if hidden:
            self.hidden.add(key)

    def group(self, sub: typer.Typer, name: str) -> None:
        """Offer the Typer app ``sub`` as the sub-group ``name`` (``add_typer``)."""
        info = TyperInfo(sub, name=name)
        self._offer(name, lambda: get_group_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode=None, suggest_commands=True
        ))

    def _offer(self, name: str, maker: Maker) -> None:
        if name in self._makers:
            raise ValueError(f"two commands named {name!r}")
        self._makers[name] = maker

    def view(self, finish: Callable[[Command], None]) -> "Commands":
        """A fresh mapping of this table for one group; ``finish`` is applied to each
        command as it is built."""
        return Commands(self._makers, finish)


class Commands(MutableMapping[str, Command]):
    """Name → click command, each built on first access and kept (one group's)."""

    def __init__(self, makers: dict[str, Maker], finish: Callable[[Command], None]) -> None:
        self._makers = makers
        self._finish = finish
        self._built: dict[str, Command] = {}
        self._order = dict.fromkeys(makers)

    def __getitem__(self, name: str) -> Command:
        built = self._built.get(name)
        if built is None:
            if name not in self._order:
                raise KeyError(name)  # as a dict: ``get`` gives None
            built = self._makers[name]()
            self._finish(built)
            self._built[name] = built
        return built

    def __setitem__(self, name: str, command: Command) -> None:  # ``add_command``
        self._finish(command)
        self._built[name] = command
        self._order[name] = None

    def __delitem__(self, name: str) -> None:
        del self._order[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order
