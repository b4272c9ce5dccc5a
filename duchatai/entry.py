"""The console entry point: two command lines answered without Typer.

Start-up budget: ``duchatai --help`` and ``duchatai calendar after DATE N`` must
answer within 0.15 s, of which Python itself takes about half. Importing Typer
(click, and every command definition in ``cli.py``) costs more than
the rest, so ``main`` answers exactly these two forms itself and hands every
other command line, unchanged, to the Typer app:

- ``--help`` alone: the top-level help, rendered by Typer once and shipped as
  ``help.txt``. Click caps help at 80 columns, so the text is the same on any
  terminal at least that wide; a narrower one gets Typer's own rendering.
- ``[--ledger X] [--today X] [--by X] [--lang X] calendar after DATE N``: the
  global options as the Typer callback takes them and the command's one
  implementation, both in ``duchatai.session``.

Output, stderr and exit codes are byte for byte the Typer app's
(``tests/test_entry.py``). After changing a command or option, regenerate the
help with ``python -m duchatai.entry --write-help``.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "help.txt")
HELP_PROG = "duchatai"
"""The program name ``help.txt`` is rendered with; its usage line names the real one."""
HELP_WIDTH = 78
"""Click's help width, ``min(columns, 80) - 2``: the same on any terminal of 80 columns or more."""

_GLOBAL_OPTIONS = ("--ledger", "--today", "--by", "--lang")


def main() -> None:
    """Console entry point: the fast paths, else the Typer app."""
    try:
        code = _answer(sys.argv[1:])
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    if code is None:
        from duchatai.cli import main as typer_main

        typer_main()
    else:
        raise SystemExit(code)


def _answer(argv: list[str]) -> int | None:
    """The exit code of a command line answered here, or None to leave it to Typer."""
    prog = _program_name()
    if os.environ.get(f"_{prog}_COMPLETE".replace("-", "_").upper()):
        return None  # a shell-completion request: Typer's
    if argv == ["--help"]:
        return _help(prog)
    parsed = _calendar_after_args(argv)
    if parsed is None:
        return None
    options, start, n = parsed
    return _calendar_after(options, start, n)


# -- --help -------------------------------------------------------------------


def _help(prog: str) -> int | None:
    """Print the shipped help as click would for ``prog``; None when it would differ."""
    if _terminal_columns() < 80 or not _writes_utf8(sys.stdout):
        return None
    with open(HELP_FILE, encoding="utf-8") as file:
        usage, newline, rest = file.read().partition("\n")
    usage = "Usage: " + prog + usage.removeprefix("Usage: " + HELP_PROG)
    if len(usage) > HELP_WIDTH:  # click would wrap it
        return None
    sys.stdout.write(usage + newline + rest)
    sys.stdout.flush()
    return 0


def _program_name() -> str:
    """How click names the program in its usage line (``click.utils._detect_program_name``)."""
    path = sys.argv[0]
    package = getattr(sys.modules["__main__"], "__package__", None)
    if package in (None, "") or (
        os.name == "nt"
        and package == ""
        and not os.path.exists(path)
        and os.path.exists(f"{path}.exe")
    ):
        return os.path.basename(path)  # a script, e.g. the installed ``duchatai``
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, as click sizes help, without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _writes_utf8(stream: object) -> bool:
    """Whether ``stream`` encodes as UTF-8 (click re-encodes other streams its own way)."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


# -- calendar after -----------------------------------------------------------


def _calendar_after_args(argv: list[str]) -> tuple[dict[str, str], str, str] | None:
    """Global options, DATE and N of ``calendar after``; None for any other command line.

    Only the plain forms are taken (``--opt X`` or ``--opt=X`` before ``calendar``,
    each once, no value or argument starting with ``-``): anything else, usage
    errors included, is Typer's to answer.
    """
    split = _split_global_options(argv)
    if split is None:
        return None
    options, rest = split
    if len(rest) != 4 or rest[:2] != ["calendar", "after"]:
        return None
    start, n = rest[2:]
    if start.startswith("-") or n.startswith("-"):
        return None
    return options, start, n


def _split_global_options(argv: list[str]) -> tuple[dict[str, str], list[str]] | None:
    """The global options in their plain forms, and the rest; None for anything else."""
    options: dict[str, str] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        name, equals, value = argv[i].partition("=")
        if not equals:
            if i + 1 == len(argv):
                return None
            i += 1
            value = argv[i]
        i += 1
        if name not in _GLOBAL_OPTIONS or name in options or not value or value[0] == "-":
            return None
        options[name] = value
    return options, argv[i:]


def command_named(argv: list[str]) -> str | None:
    """The command a command line runs (``overdue``, ``calendar``…), when it is plain."""
    split = _split_global_options(argv)
    if split is None or not split[1]:
        return None
    return split[1][0]


def _calendar_after(options: dict[str, str], start: str, n: str) -> int:
    """Do what the Typer callback and ``calendar after`` do; return the exit code."""
    from duchatai import session
    from duchatai.core.errors import DuchataiError

    try:
        state = session.start_session(
            options.get("--ledger"),
            options.get("--today"),
            options.get("--by"),
            options.get("--lang"),
        )
    except DuchataiError as error:  # a bad --lang, printed as the callback does
        sys.stderr.write(error.message + "\n")
        return error.exit_code
    try:
        line = session.calendar_after(state, start, n)
    except DuchataiError as error:
        return session.refuse(error)
    except Exception as error:  # the last-resort net, as the Typer app's ``_guard``
        return session.refuse(session.unexpected(error))
    sys.stdout.write(line)
    session._flush_warnings()
    return 0


# -- the help file ------------------------------------------------------------


def render_help(prog: str = HELP_PROG) -> str:
    """The top-level help as Typer prints it for ``prog`` on a terminal of 80 columns or more."""
    from typer.main import get_command

    from duchatai.cli import app

    command = get_command(app)
    context = command.context_class(command, info_name=prog, terminal_width=HELP_WIDTH)
    return context.get_help() + "\n"


def write_help() -> None:
    """Regenerate ``help.txt`` from the Typer app."""
    with open(HELP_FILE, "w", encoding="utf-8", newline="\n") as file:
        file.write(render_help())


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-help"]:
        write_help()
        print(f"wrote {HELP_FILE}")
    else:
        main()
