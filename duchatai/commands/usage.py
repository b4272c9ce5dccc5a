"""The command-line framework's own words in the ledger's language: usage errors, the
usage line and ``--help``'s headings.

Typer (≥ 0.26) bundles its own click, whose messages are English literals (no
gettext catalogue to add to). So they are said here, in one place: the app's
group (``global_options.GlobalOptionsGroup``) runs click without its standalone
handling and hands every ``UsageError`` to ``show_usage_error``, which says it
with ``t`` (what is wrong on the first line, then the usage line and where to
find help), exit 2; a value click could not convert (``'x' is not a valid
int``) is an invalid value, one line and exit 1 as the contract says. Every
context is a ``LocalizedContext``, whose formatter writes the usage line, the
headings and the help option's text in the language in force.

The language is chosen as the invocation's state chooses it (``--lang``, else
``$DUCHATAI_LANG``, else the ledger's ``lang``: ``session.language_of``), from
the command line as typed: click may fail before any option was applied.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from contextvars import ContextVar
from typing import IO, Any

import typer
from typer._click import exceptions as errors
from typer._click.formatting import HelpFormatter

from duchatai.core.messages import is_zh, set_lang, t

ARGV: ContextVar[Sequence[str] | None] = ContextVar("duchatai_argv", default=None)
"""The command line being run (set by ``GlobalOptionsGroup.main``), to choose the language."""

_HEADINGS = {
    "Options": "cli_heading_options",
    "Commands": "cli_heading_commands",
    "Arguments": "cli_heading_arguments",
}
_EXTRA = re.compile(r"^(?P<help>.*?)\s*\[(?P<extra>[^\[\]]*)\]$", re.S)
_REQUIRES = re.compile(r"^Option '(?P<name>.+)' requires (?:an argument|(?P<n>\d+) arguments)\.$")
_NO_VALUE = re.compile(r"^Option '(?P<name>.+)' does not take a value\.$")
_EXTRA_ARGS = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.S)
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.+?)'\.(?: Did you mean (?P<near>.+)\?)?$")
_NOT_A_NUMBER = re.compile(r"^'(?P<value>.*)' is not a valid int(?:eger)?\.$", re.S)


def settle_language() -> None:
    """Set the language of what the framework says from the command line being run."""
    argv = ARGV.get()
    if argv is not None:
        from duchatai.session import language_of

        set_lang(language_of(argv))


class LocalizedFormatter(HelpFormatter):
    """Click's help formatter, with its own words in the language in force."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", t("cli_options_metavar"))
        args = args.replace("COMMAND [ARGS]...", t("cli_command_metavar"))
        super().write_usage(prog, args, t("cli_usage") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        key = _HEADINGS.get(heading)
        if key is None or not is_zh():
            super().write_heading(t(key) if key else heading)
            return
        self.write(f"{'':>{self.current_indent}}{t(key)}：\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, help_text(text)) for term, text in rows], col_max, col_spacing)


def help_text(text: str) -> str:
    """An option's help as Typer wrote it, its English additions (``[required]``,
    ``[default: x]``, the help option's own text) said in the language in force."""
    if text == "Show this message and exit.":
        return t("cli_help_option")
    found = _EXTRA.match(text)
    if found is None:
        return text
    said = []
    for part in found["extra"].split("; "):
        if part == "required":
            said.append(t("cli_required"))
        elif part.startswith("default: "):
            said.append(t("cli_default", value=part.removeprefix("default: ")))
        else:
            said.append(part)
    separator = "；" if is_zh() else "; "
    return f"{found['help']}  [{separator.join(said)}]"


class LocalizedContext(typer.Context):
    """Every command's context: help and usage lines in the language of the ledger."""

    formatter_class = LocalizedFormatter

    def make_formatter(self) -> HelpFormatter:
        settle_language()
        return super().make_formatter()


def _names(names: Sequence[str]) -> str:
    return ("/" if is_zh() else " / ").join(t("cli_name", name=name) for name in names)


def _param_names(error: errors.BadParameter) -> str:
    """The parameter an error is about: its option names, or the argument's name."""
    param = error.param
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else error.param_hint
        return _names([hint.strip("'") for hint in hints])
    if param is None:
        return ""
    if param.param_type_name == "option":
        return _names(list(param.opts))
    return _names([param.human_readable_name])


def message_of(error: errors.UsageError) -> str:
    """What is wrong, in the language in force (click's English when it is not known)."""
    if isinstance(error, errors.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        key = "cli_missing_argument" if kind == "argument" else "cli_missing_option"
        return t(key, name=_param_names(error))
    if isinstance(error, errors.BadParameter):
        number = _NOT_A_NUMBER.match(error.message)
        reason = t("cli_not_a_number", value=number["value"]) if number else error.message
        return t("cli_invalid_value", name=_param_names(error), reason=reason)
    if isinstance(error, errors.NoSuchOption):
        said = t("cli_no_such_option", name=_names([error.option_name]))
        if error.possibilities:
            said += t("cli_did_you_mean", names=_names(sorted(error.possibilities)))
        return said
    return _parser_message(error.message)


def _parser_message(message: str) -> str:
    """The messages click builds as plain strings, read back and said again."""
    if found := _REQUIRES.match(message):
        if found["n"]:
            return t("cli_requires_arguments", name=_names([found["name"]]), count=found["n"])
        return t("cli_requires_argument", name=_names([found["name"]]))
    if found := _NO_VALUE.match(message):
        return t("cli_takes_no_value", name=_names([found["name"]]))
    if found := _EXTRA_ARGS.match(message):
        return t("cli_extra_arguments", args=found["args"])
    if found := _NO_COMMAND.match(message):
        said = t("cli_no_such_command", name=_names([found["name"]]))
        if found["near"]:
            near = [name.strip("'") for name in found["near"].split(", ")]
            said += t("cli_did_you_mean", names=_names(near))
        return said
    if message == "Missing command.":
        return t("cli_missing_command")
    return message


def show_usage_error(error: errors.UsageError, file: IO[str] | None = None) -> int:
    """Say a usage error on stderr in the ledger's language; its exit code.

    A value click could not convert is an invalid value (exit 1, its one line);
    any other usage error says what is wrong, then the usage line and the help
    hint (exit 2). Without arguments the help itself (``no_args_is_help``).
    """
    file = file or sys.stderr
    settle_language()
    if isinstance(error, errors.NoArgsIsHelpError):
        file.write(error.ctx.get_help() + "\n")
        return error.exit_code
    invalid = isinstance(error, errors.BadParameter) and not isinstance(
        error, errors.MissingParameter
    )
    if invalid:  # as every invalid value is said: its one line, exit 1
        file.write(message_of(error) + "\n")
        return 1
    lines = [t("cli_error", message=message_of(error))]
    ctx = error.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            command = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(t("cli_try_help", command=command))
    file.write("\n".join(lines) + "\n")
    return error.exit_code


def show_aborted(file: IO[str] | None = None) -> int:
    """Say that the run was aborted (click's ``Abort``); exit 1."""
    settle_language()
    (file or sys.stderr).write(t("cli_aborted") + "\n")
    return 1


def run_main(main: Any, argv: list[str], **kwargs: Any) -> Any:
    """Run click's ``main`` (the group's own) on ``argv`` and say its usage errors here.

    ``main`` runs without click's standalone handling: its ``Exit`` comes back
    as the exit code, a usage error or an abort is said by this module; the
    process then exits with that code, as the standalone mode would.
    """
    token = ARGV.set(argv)
    try:
        code = main(argv, standalone_mode=False, **kwargs)
    except errors.UsageError as error:
        code = show_usage_error(error)
    except typer.Abort:
        code = show_aborted()
    except errors.ClickException as error:  # a file click could not open, and the like
        settle_language()
        sys.stderr.write(t("cli_error", message=error.format_message()) + "\n")
        code = error.exit_code
    finally:
        ARGV.reset(token)
    sys.exit(code if isinstance(code, int) else 0)
