"""Every command and sub-command explains itself (``--help`` exits 0 with text)."""

from __future__ import annotations

from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from duchatai.cli import app


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command reachable from ``group``, groups included, as (argv path, command)."""
    found: list[tuple[tuple[str, ...], Any]] = []
    for name, command in sorted(getattr(group, "commands", {}).items()):
        found.append(((*path, name), command))
        found += _commands(command, (*path, name))
    return found


ROOT = get_command(app)
COMMANDS = _commands(ROOT)

# The procedure's commands and the two groups must be there (cli-contract.md).
REQUIRED = [
    ("init",),
    ("register",),
    ("assign",),
    ("urge",),
    ("report",),
    ("review",),
    ("extend",),
    ("close",),
    ("archive",),
    ("show",),
    ("list",),
    ("log",),
    ("calendar",),
    ("calendar", "after"),
    ("milestone",),
    ("milestone", "add"),
    ("milestone", "done"),
]


def test_the_procedure_commands_exist() -> None:
    present = {path for path, _ in COMMANDS}
    missing = [" ".join(path) for path in REQUIRED if path not in present]
    assert missing == []


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help(path: tuple[str, ...], command: Any) -> None:
    text = (command.help or command.short_help or "").strip()
    assert text, f"{' '.join(path)} has no help text"
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    # The command's own explanation is shown, not just a usage line.
    first_words = text.split("\n")[0][:12]
    assert first_words in result.output


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_option_and_argument_is_explained(path: tuple[str, ...], command: Any) -> None:
    """Options carry a help text, so ``--help`` explains every switch."""
    undocumented = [
        param.opts[0]
        for param in getattr(command, "params", [])
        if getattr(param, "param_type_name", "") == "option"
        and "--help" not in param.opts
        and not (getattr(param, "help", None) or "").strip()
    ]
    assert undocumented == [], f"{' '.join(path)}: options without help"


def test_root_help_lists_every_command() -> None:
    assert (ROOT.help or "").strip()
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name, command in getattr(ROOT, "commands", {}).items():
        if not getattr(command, "hidden", False):  # merge-file is git's, not a clerk's
            assert name in result.output
