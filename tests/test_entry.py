"""Start-up: every command line, ``--help`` and ``calendar after`` included, runs the Typer app.

There is one path (``duchatai.entry.main`` is ``duchatai.cli.main``); these
tests pin what it prints and its exit codes for the two command lines the
start-up budget is about, and that they import nothing heavy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from typer.core import TyperCommand
from typer.main import get_command

from duchatai import cli, entry
from duchatai.commands import table
from duchatai.core.messages import set_lang

ROOT = Path(__file__).resolve().parent.parent

Outcome = tuple[int, str, str]
"""Exit code, stdout, stderr."""
Invoke = Callable[[list[str]], Outcome]


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no duchatai.yaml in it or above it."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Invoke:
    """Run a command line in-process through the console entry point → (code, stdout, stderr)."""

    def call(argv: list[str]) -> Outcome:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "argv", ["/usr/local/bin/duchatai", *argv])
            try:
                with pytest.raises(SystemExit) as exit_info:
                    entry.main()
            finally:
                set_lang("zh")
        out, err = capsys.readouterr()
        code = exit_info.value.code
        return (0 if code is None else int(code)), out, err

    return call


def test_one_entry_point() -> None:
    assert entry.main is cli.main


# -- --help ------------------------------------------------------------------------


def _help(prog: str = "duchatai", width: int = 78) -> str:
    """The top-level help as click renders it for ``prog`` at ``width`` columns."""
    command = get_command(cli.app)
    context = command.context_class(command, info_name=prog, terminal_width=width)
    return context.get_help() + "\n"


def test_help_lists_every_command_and_option(invoke: Invoke) -> None:
    code, out, err = invoke(["--help"])
    assert (code, err) == (0, "")
    assert out == _help()
    assert out.startswith("用法：duchatai [选项] 命令 [参数]...\n")
    assert "督查台 duchatai — 政府督查事项台账" in out
    for option in ("--ledger", "--today", "--by", "--lang", "--include-edits", "--help"):
        assert f"  {option}" in out
    listed = [line.split()[0] for line in out.split("命令：\n")[1].splitlines()]
    expected = [name for name in cli.COMMANDS.names if name not in cli.COMMANDS.hidden]
    assert listed == expected
    assert "merge-file" not in out


def test_a_run_builds_only_its_own_command(
    invoke: Invoke, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typer builds a command from its function's signature; a run builds the one it
    runs (``commands.table``), ``--help`` every one it lists."""
    built: list[str] = []
    real = table.get_command_from_info

    def counting(info: Any, **options: Any) -> Any:
        built.append(info.name or info.callback.__name__)
        return real(info, **options)

    monkeypatch.setattr(table, "get_command_from_info", counting)
    code, _, err = invoke(["overdue"])  # outside any ledger: refused, after it was built
    assert (code, built) == (1, ["overdue"]), err
    built.clear()
    assert invoke(["--version"])[0] == 0 and built == []
    assert invoke(["--help"])[0] == 0
    groups = {"calendar", "milestone", "index", "hook"}  # built by Typer's group function
    assert sorted(built) == sorted(set(cli.COMMANDS.names) - groups)


def test_the_lazy_commands_read_as_a_dict() -> None:
    made: list[str] = []
    commands = table.Commands(
        {"a": lambda: TyperCommand("a"), "b": lambda: TyperCommand("b")},
        lambda c: made.append(c.name),
    )
    assert list(commands) == ["a", "b"] and "a" in commands and "c" not in commands
    assert commands.get("c") is None and made == []
    assert commands["b"] is commands["b"] and made == ["b"]  # built once, then kept
    commands["c"] = TyperCommand("c")
    del commands["a"]
    assert list(commands) == ["b", "c"] and commands.get("a") is None and made == ["b", "c"]


@pytest.mark.parametrize("columns", ["60", "80", "120", "400"])
def test_help_is_as_wide_as_the_terminal_up_to_80(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = invoke(["--help"])
    assert code == 0
    assert out == _help(width=min(int(columns), 80) - 2)
    assert max(len(line) for line in out.splitlines()) <= min(int(columns), 80)


# -- calendar after ----------------------------------------------------------------

WARNING_2027 = "警告：2027 年的法定节假日安排缺失"
CALENDAR_AFTER = [
    (["calendar", "after", "2026-09-30", "3"], 0, "2026-10-10\n", ""),
    (["--lang", "en", "calendar", "after", "2026-09-30", "3"], 0, "2026-10-10\n", ""),
    (
        ["--lang=en", "--today=2026-11-20", "calendar", "after", "9月30日", "3"],
        0,
        "2026-10-10\n",
        "",
    ),
    (
        ["--ledger", "/nowhere", "--by", "测", "calendar", "after", "20260430", "3"],
        0,
        "2026-05-08\n",
        "",
    ),
    (["calendar", "after", "2026-02-30", "3"], 1, "", "无法识别的DATE“2026-02-30”"),
    (["--lang", "en", "calendar", "after", "abc", "3"], 1, "", "cannot read DATE 'abc'"),
    (["calendar", "after", "2026-10-10", "0"], 1, "", "N必须是正整数，收到“0”"),
    (["--lang", "en", "calendar", "after", "2026-10-10", "x"], 1, "", "N must be a positive"),
    (["calendar", "after", "2027-03-01", "5"], 0, "2027-03-08\n", WARNING_2027),
    (["--lang", "en", "calendar", "after", "2026-12-20", "10"], 0, "2027-01-01\n", "warning: "),
    (["calendar", "after", "2026-12-20", "9"], 0, "2026-12-31\n", ""),  # no 2027: no warning
    (["calendar", "after", "2027-02-30", "5"], 1, "", "无法识别的DATE“2027-02-30”"),  # no warning
    (
        ["--today", "someday", "calendar", "after", "2026-09-30", "3"],
        1,
        "",
        "无法识别的--today“someday”",
    ),
    (["--lang", "fr", "calendar", "after", "2026-09-30", "3"], 1, "", "不支持的语言“fr”"),
    (
        ["--ledger", "a", "--ledger", "b", "calendar", "after", "2026-09-30", "3"],
        0,
        "2026-10-10\n",
        "",
    ),
    (["--ledger=", "calendar", "after", "2026-09-30", "3"], 0, "2026-10-10\n", ""),
    # The global options after the subcommand (or the group) too; the last one given wins.
    (["calendar", "--ledger", "x", "after", "2026-09-30", "3"], 0, "2026-10-10\n", ""),
    (["calendar", "after", "abc", "3", "--lang", "en"], 1, "", "cannot read DATE 'abc'"),
    (["--lang", "en", "calendar", "after", "abc", "3", "--lang=zh"], 1, "", "无法识别的DATE“abc”"),
    (["calendar", "after", "2026-09-30", "3", "--today", "x"], 1, "", "无法识别的--today“x”"),
    (["calendar", "after", "2026-09-30", "3", "--lang", "fr"], 1, "", "不支持的语言“fr”"),
]


@pytest.mark.parametrize(
    ("argv", "code", "stdout", "stderr"),
    CALENDAR_AFTER,
    ids=[" ".join(case[0]) for case in CALENDAR_AFTER],
)
def test_calendar_after(
    invoke: Invoke, outside: Path, argv: list[str], code: int, stdout: str, stderr: str
) -> None:
    got_code, got_out, got_err = invoke(argv)
    assert (got_code, got_out) == (code, stdout), got_err
    if stderr:
        assert got_err.startswith(stderr) and len(got_err.splitlines()) == 1, got_err
    else:
        assert got_err == ""


USAGE_ERRORS = [
    ([], ""),  # the help, exit 2
    (["calendar", "after", "2026-09-30"], "错误：缺少参数“N”"),
    (["calendar", "after", "2026-09-30", "3", "4"], "错误：多余的参数：4"),
    (["calendar", "after", "2026-09-30", "-3"], "错误：没有选项“-3”"),
    (["calendar", "after", "2026-09-30", "3", "--ledger"], "错误：选项“--ledger”需要一个值"),
    (["calendar", "after", "2026-09-30", "3", "--version"], "错误：没有选项“--version”"),
    (
        ["--lan", "en", "calendar", "after", "2026-09-30", "3"],
        "错误：没有选项“--lan”，是否为“--lang”？",
    ),
    (["--ledger"], "错误：选项“--ledger”需要一个值"),
    (
        ["--lang", "en", "calendar", "after", "2026-09-30", "-3"],
        "Error: No such option: '-3'",
    ),
]


@pytest.mark.parametrize(
    ("argv", "error"), USAGE_ERRORS, ids=[" ".join(case[0]) or "(none)" for case in USAGE_ERRORS]
)
def test_usage_errors_exit_2(invoke: Invoke, outside: Path, argv: list[str], error: str) -> None:
    code, out, err = invoke(argv)
    assert code == 2
    if error:  # what is wrong first, then the usage line and the help hint
        assert (out, err.splitlines()[0]) == ("", error)
        if "--ledger" not in error:  # click's parser knows no command there
            assert err.splitlines()[-1].endswith(("查看帮助", "for help."))
    else:  # no command: the help, as Typer's no_args_is_help gives it (on stderr)
        assert (out, err) == ("", _help())


@pytest.mark.parametrize("value", ["fr", "en_GB.UTF-8"])
def test_the_language_from_the_environment(
    invoke: Invoke, outside: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DUCHATAI_LANG", value)
    code, out, err = invoke(["calendar", "after", "2026-10-10", "x"])
    assert (code, out) == (1, "")
    expected = "不支持的语言“fr”" if value == "fr" else "N must be a positive"
    assert err.startswith(expected) and len(err.splitlines()) == 1


def _with_calendar(ledger: Path, section: str) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text(encoding="utf-8")
    assert "calendar: {}\n" in text
    config.write_text(text.replace("calendar: {}\n", section), encoding="utf-8")


@pytest.fixture
def local_holiday(ledger: Path) -> Path:
    """A ledger whose calendar adds a local holiday on 2026-10-09."""
    _with_calendar(ledger, "calendar:\n  2026:\n    holidays:\n      - 2026-10-09: 本地假日\n")
    return ledger


def test_the_ledger_calendar_by_option(invoke: Invoke, outside: Path, local_holiday: Path) -> None:
    argv = ["--ledger", str(local_holiday), "calendar", "after", "2026-09-30", "3"]
    assert invoke(argv) == (0, "2026-10-12\n", "")


def test_the_ledger_calendar_of_the_working_directory(
    invoke: Invoke, local_holiday: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(local_holiday / "items")
    assert invoke(["calendar", "after", "2026-09-30", "3"]) == (0, "2026-10-12\n", "")


def test_a_complete_ledger_year_is_not_guessed(invoke: Invoke, outside: Path, ledger: Path) -> None:
    section = "calendar:\n  2027:\n    complete: true\n    holidays:\n      - 2027-01-01\n"
    _with_calendar(ledger, section)
    argv = ["--ledger", str(ledger), "calendar", "after", "2026-12-20", "10"]
    assert invoke(argv) == (0, "2027-01-04\n", "")


def test_a_malformed_ledger_calendar_is_one_line(
    invoke: Invoke, outside: Path, ledger: Path
) -> None:
    _with_calendar(ledger, "calendar:\n  2027:\n    holidays: 2027-01-01\n")
    code, out, err = invoke(["--ledger", str(ledger), "calendar", "after", "2026-12-20", "10"])
    assert (code, out, len(err.splitlines())) == (1, "", 1)
    assert "duchatai.yaml" in err and "Traceback" not in err


def test_the_ledger_language(invoke: Invoke, outside: Path, tmp_path: Path, run: Run) -> None:
    root = tmp_path / "english"
    assert run("init", str(root), "--lang-default", "en").exit_code == 0
    code, out, err = invoke(["--ledger", str(root), "calendar", "after", "2026-10-10", "0"])
    assert (code, out) == (1, "") and "positive" in err


# -- as a process: start-up imports nothing heavy -----------------------------------

# Imported by the command that needs them, never at start-up.
HEAVY = ("rich", "ruamel", "openpyxl", "duchatai.store.ledger", "duchatai.app", "duchatai.ui")


def _imports(*argv: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``python -X importtime -m duchatai ARGV``; the modules it imported, in order."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "duchatai", *argv],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    return done, modules


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in HEAVY)]


@pytest.mark.parametrize(
    ("argv", "stdout"),
    [
        (["calendar", "after", "2026-09-30", "3"], "2026-10-10\n"),
        (["calendar", "between", "2026-09-30", "2026-10-10"], "3\n"),
        (["--help"], None),
    ],
    ids=["calendar after", "calendar between", "--help"],
)
def test_start_up_imports_nothing_heavy(outside: Path, argv: list[str], stdout: str | None) -> None:
    done, modules = _imports(*argv, cwd=outside)
    expected = _help("python -m duchatai") if stdout is None else stdout
    assert (done.returncode, done.stdout) == (0, expected), done.stderr[-2000:]
    assert "typer" in modules and "duchatai.cli" in modules
    assert _heavy(modules) == []


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path: Path) -> None:
    """``duchatai overdue | head -1``: the closed pipe stops the tool quietly."""
    import shutil

    demo = tmp_path / "demo"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "demo", demo)
    script = (
        f"{sys.executable} -m duchatai --ledger {demo} --today 2026-11-20 overdue | head -1; "
        "echo \"exit=${PIPESTATUS[0]}\""
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120,
                          check=False)
    assert "晨报" in done.stdout.splitlines()[0]
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1] in ("exit=0", "exit=141")
