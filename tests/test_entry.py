"""The console entry point answers ``--help`` and ``calendar after`` as the Typer app would.

``duchatai.entry`` skips Typer for these two command lines (start-up budget);
everything it prints, and its exit code, must be the Typer app's byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from duchatai import cli, entry
from duchatai.core.messages import set_lang

ROOT = Path(__file__).resolve().parent.parent

Outcome = tuple[int, str, str]
"""Exit code, stdout, stderr."""
Invoke = Callable[..., Outcome]

REGENERATE = "python -m duchatai.entry --write-help"


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no duchatai.yaml in it or above it."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Invoke:
    """Run a command line in-process: ``invoke(argv, how)`` → (exit code, stdout, stderr).

    ``how`` is ``"typer"`` (the Typer app, ``cli.main``), ``"fast"`` (``entry.main``,
    failing if it hands over to Typer) or ``"entry"`` (``entry.main``, either way).
    The program runs as the installed ``duchatai`` script unless ``package`` and
    ``argv0`` say otherwise (``python -m duchatai``: "duchatai", ".../__main__.py").
    """
    main_module = types.ModuleType("__main__")
    monkeypatch.setitem(sys.modules, "__main__", main_module)

    def typer_not_wanted() -> None:
        pytest.fail("the fast path handed this command line to Typer")

    def call(
        argv: list[str],
        how: str,
        *,
        argv0: str = "/usr/local/bin/duchatai",
        package: str | None = None,
    ) -> Outcome:
        main_module.__package__ = package
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "argv", [argv0, *argv])
            if how == "fast":
                patch.setattr(cli, "main", typer_not_wanted)
            main = cli.main if how == "typer" else entry.main
            try:
                with pytest.raises(SystemExit) as exit_info:
                    main()
            finally:
                set_lang("zh")
        out, err = capsys.readouterr()
        code = exit_info.value.code
        return (0 if code is None else int(code)), out, err

    return call


# -- the shipped help ------------------------------------------------------------


def test_the_shipped_help_is_what_typer_renders() -> None:
    shipped = Path(entry.HELP_FILE).read_text(encoding="utf-8")
    assert shipped == entry.render_help(), (
        f"duchatai/help.txt is out of date with the Typer app: regenerate it with `{REGENERATE}`"
    )


@pytest.mark.parametrize("columns", ["80", "120", "400"])
@pytest.mark.parametrize(
    ("argv0", "package"),
    [("/usr/local/bin/duchatai", None), (str(ROOT / "duchatai" / "__main__.py"), "duchatai")],
    ids=["script", "python -m"],
)
def test_help_is_typers(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: str, argv0: str, package: str | None
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    typer = invoke(["--help"], "typer", argv0=argv0, package=package)
    assert typer[0] == 0 and typer[1].startswith("Usage: ")
    assert invoke(["--help"], "fast", argv0=argv0, package=package) == typer


@pytest.mark.parametrize("columns", ["60", "79"])
def test_a_narrow_terminal_gets_typers_own_rendering(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    typer = invoke(["--help"], "typer")
    assert typer[1] != Path(entry.HELP_FILE).read_text(encoding="utf-8")  # wrapped narrower
    assert invoke(["--help"], "entry") == typer


def test_a_long_program_name_gets_typers_own_rendering(invoke: Invoke) -> None:
    argv0 = "/opt/" + "d" * 60
    typer = invoke(["--help"], "typer", argv0=argv0)
    assert invoke(["--help"], "entry", argv0=argv0) == typer


@pytest.mark.parametrize("columns", ["120", "80", "79", "0", "-3", "wide", None])
def test_terminal_columns_are_shutils(monkeypatch: pytest.MonkeyPatch, columns: str | None) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert entry._terminal_columns() == shutil.get_terminal_size().columns


# -- calendar after ----------------------------------------------------------------

CALENDAR_AFTER = [
    ["calendar", "after", "2026-09-30", "3"],
    ["--lang", "en", "calendar", "after", "2026-09-30", "3"],
    ["--lang=en", "--today=2026-11-20", "calendar", "after", "9月30日", "3"],
    ["--ledger", "/nowhere", "--by", "测试员", "calendar", "after", "20260430", "3"],
    ["calendar", "after", "2026-02-30", "3"],  # no such date
    ["--lang", "en", "calendar", "after", "abc", "3"],
    ["calendar", "after", "2026-10-10", "0"],  # N must be positive
    ["--lang", "en", "calendar", "after", "2026-10-10", "x"],
    ["calendar", "after", "2027-03-01", "5"],  # 2027: no holiday data, a warning
    ["--lang", "en", "calendar", "after", "2026-12-20", "10"],  # into 2027
    ["calendar", "after", "2026-12-20", "9"],  # up to 2026-12-31: no warning
    ["calendar", "after", "2027-02-30", "5"],  # refused: no warning either
    ["--today", "someday", "calendar", "after", "2026-09-30", "3"],
    ["--lang", "fr", "calendar", "after", "2026-09-30", "3"],
]


@pytest.mark.parametrize("argv", CALENDAR_AFTER, ids=" ".join)
def test_calendar_after_is_typers(invoke: Invoke, outside: Path, argv: list[str]) -> None:
    typer = invoke(argv, "typer")
    assert invoke(argv, "fast") == typer


def test_the_cases_cover_success_refusal_and_warning(invoke: Invoke, outside: Path) -> None:
    assert invoke(CALENDAR_AFTER[0], "fast") == (0, "2026-10-10\n", "")
    code, out, err = invoke(["calendar", "after", "2026-10-10", "0"], "fast")
    assert (code, out, len(err.splitlines())) == (1, "", 1)
    code, out, err = invoke(["calendar", "after", "2027-03-01", "5"], "fast")
    assert (code, out) == (0, "2027-03-08\n") and "2027" in err
    code, out, err = invoke(["--lang", "fr", "calendar", "after", "2026-09-30", "3"], "fast")
    assert (code, out) == (1, "") and "fr" in err


@pytest.mark.parametrize("value", ["fr", "en_GB.UTF-8"])
def test_the_language_from_the_environment(
    invoke: Invoke, outside: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DUCHATAI_LANG", value)
    argv = ["calendar", "after", "2026-10-10", "x"]
    typer = invoke(argv, "typer")
    assert invoke(argv, "fast") == typer


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
    typer = invoke(argv, "typer")
    assert typer == (0, "2026-10-12\n", "")
    assert invoke(argv, "fast") == typer


def test_the_ledger_calendar_of_the_working_directory(
    invoke: Invoke, local_holiday: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(local_holiday / "items")
    argv = ["calendar", "after", "2026-09-30", "3"]
    typer = invoke(argv, "typer")
    assert typer == (0, "2026-10-12\n", "")
    assert invoke(argv, "fast") == typer


@pytest.mark.parametrize(
    "section",
    [
        "calendar:\n  2027:\n    complete: true\n    holidays:\n      - 2027-01-01\n",
        "calendar:\n  2027:\n    holidays: 2027-01-01\n",  # malformed: one line, exit 1
    ],
    ids=["complete 2027", "malformed"],
)
def test_other_ledger_calendars(
    invoke: Invoke, outside: Path, ledger: Path, section: str
) -> None:
    _with_calendar(ledger, section)
    argv = ["--ledger", str(ledger), "calendar", "after", "2026-12-20", "10"]
    typer = invoke(argv, "typer")
    assert invoke(argv, "fast") == typer


def test_the_ledger_language(invoke: Invoke, outside: Path, tmp_path: Path, run: Run) -> None:
    root = tmp_path / "english"
    assert run("init", str(root), "--lang-default", "en").exit_code == 0
    argv = ["--ledger", str(root), "calendar", "after", "2026-10-10", "0"]
    typer = invoke(argv, "typer")
    assert "positive" in typer[2]
    assert invoke(argv, "fast") == typer


# -- what is left to Typer ---------------------------------------------------------

TYPERS = [
    [],
    ["--help", "calendar"],
    ["calendar", "--help"],
    ["calendar", "after", "--help"],
    ["calendar", "after", "2026-09-30"],
    ["calendar", "after", "2026-09-30", "3", "4"],
    ["calendar", "after", "2026-09-30", "-3"],
    ["calendar", "--ledger", "x", "after", "2026-09-30", "3"],
    ["--ledger", "a", "--ledger", "b", "calendar", "after", "2026-09-30", "3"],
    ["--ledger=", "calendar", "after", "2026-09-30", "3"],
    ["--lang", "calendar", "after", "2026-09-30", "3"],
    ["--lan", "en", "calendar", "after", "2026-09-30", "3"],
    ["--ledger"],
    ["calendar", "between", "2026-09-30", "2026-10-10"],
]


@pytest.mark.parametrize("argv", TYPERS, ids=lambda argv: " ".join(argv) or "(none)")
def test_other_command_lines_are_typers(invoke: Invoke, outside: Path, argv: list[str]) -> None:
    assert entry._calendar_after_args(argv) is None
    typer = invoke(argv, "typer")
    assert invoke(argv, "entry") == typer


def test_the_options_taken() -> None:
    argv = ["--ledger", "L", "--today=2026-11-20", "--by", "我", "--lang=en"]
    assert entry._calendar_after_args([*argv, "calendar", "after", "9月30日", "3"]) == (
        {"--ledger": "L", "--today": "2026-11-20", "--by": "我", "--lang": "en"},
        "9月30日",
        "3",
    )


def test_shell_completion_is_typers(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_DUCHATAI_COMPLETE", "bash_source")
    typer = invoke(["--help"], "typer")
    assert invoke(["--help"], "entry") == typer


# -- as a process --------------------------------------------------------------------

# Imported by ``-m duchatai calendar after`` nowhere (``typer`` and the rest) or not
# by the fast path (the standard library's: the interpreter's start-up may load them).
NOT_IMPORTED = (
    "typer",
    "click",
    "rich",
    "ruamel",
    "openpyxl",
    "duchatai.cli",
    "duchatai.store.ledger",
)
NOT_IMPORTED_BY_DUCHATAI = ("dataclasses", "inspect", "zoneinfo", "calendar", "json")


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


def _outside(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


@pytest.mark.parametrize(
    ("argv", "stdout"),
    [
        (["calendar", "after", "2026-09-30", "3"], "2026-10-10\n"),
        (["--help"], entry.render_help("python -m duchatai")),
    ],
    ids=["calendar after", "--help"],
)
def test_the_fast_paths_import_no_typer(outside: Path, argv: list[str], stdout: str) -> None:
    done, modules = _imports(*argv, cwd=outside)
    assert (done.returncode, done.stdout) == (0, stdout), done.stderr[-2000:]
    assert "duchatai.entry" in modules
    assert _outside(modules, NOT_IMPORTED) == []
    ours = modules[modules.index("duchatai") :]
    assert _outside(ours, NOT_IMPORTED_BY_DUCHATAI) == []


def test_other_commands_still_run_typer(outside: Path) -> None:
    done, modules = _imports("calendar", "between", "2026-09-30", "2026-10-10", cwd=outside)
    assert (done.returncode, done.stdout) == (0, "3\n")
    assert "typer" in modules



# -- the Typer path registers only the command being run ------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["overdue"],
        ["overdue", "--json"],
        ["--lang", "en", "due", "--within", "5"],
        ["list", "--status", "overdue"],
        ["calendar", "between", "2026-09-30", "2026-10-12"],
        ["milestone", "--help"],
        ["overdu"],
        ["overdue", "--bogus"],
    ],
    ids=" ".join,
)
def test_one_command_registered_gives_the_whole_apps_output(
    argv: list[str], invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = ["--ledger", str(ROOT / "examples" / "demo"), "--today", "2026-11-20", *argv]
    seen: list[int] = []
    register_only = cli._register_only

    def spy(name: str | None) -> None:
        register_only(name)
        seen.append(len(cli.app.registered_commands) + len(cli.app.registered_groups))

    monkeypatch.setattr(cli, "_register_only", spy)
    one = invoke(demo, "typer")
    monkeypatch.setattr(cli, "_register_only", lambda name: None)
    whole = invoke(demo, "typer")
    assert one == whole
    whole_app = len(cli.app.registered_commands) + len(cli.app.registered_groups)
    assert seen == [whole_app if "overdu" in argv else 1]  # a typo keeps every command
    assert len(cli.app.registered_commands) > 20  # the whole app again afterwards
