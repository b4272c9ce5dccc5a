"""The command-line framework's own words in the ledger's language (``commands/usage.py``):
usage errors, the usage line and its hint, ``--help``'s headings; exit 2 (1 for a value
click could not convert, as every invalid value)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Run

from duchatai.commands.usage import help_text
from duchatai.core.messages import set_lang
from duchatai.session import language_of

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# argv, exit code, the first line in Chinese, the first line in English
CASES = [
    (
        ["register", "事项"],
        2,
        "错误：缺少选项“--category”/“-c”",
        "Error: Missing option '--category' / '-c'",
    ),
    (["register"], 2, "错误：缺少参数“title”", "Error: Missing argument 'title'"),
    (["nosuch"], 2, "错误：没有命令“nosuch”", "Error: No such command 'nosuch'"),
    (
        ["regster", "x"],
        2,
        "错误：没有命令“regster”，是否为“register”？",
        "Error: No such command 'regster'. Did you mean 'register'?",
    ),
    (["list", "--bogus"], 2, "错误：没有选项“--bogus”", "Error: No such option: '--bogus'"),
    (
        ["list", "--statu", "x"],
        2,
        "错误：没有选项“--statu”，是否为“--status”？",
        "Error: No such option: '--statu'. Did you mean '--status'?",
    ),
    (
        ["calendar", "after", "2026-09-30", "3", "4"],
        2,
        "错误：多余的参数：4",
        "Error: Got unexpected extra argument(s): 4",
    ),
    (
        ["list", "--status"],
        2,
        "错误：选项“--status”需要一个值",
        "Error: Option '--status' requires an argument",
    ),
    (
        ["list", "--json=yes"],
        2,
        "错误：选项“--json”不带值",
        "Error: Option '--json' does not take a value",
    ),
    (
        ["milestone", "done", "DC-2026-0001", "x"],
        1,
        "“N”的值无效：“x”不是整数",
        "Invalid value for 'N': 'x' is not a whole number",
    ),
]
IDS = [" ".join(case[0]) for case in CASES]


@pytest.mark.parametrize(("argv", "code", "zh", "en"), CASES, ids=IDS)
def test_usage_errors_in_chinese(
    run: Run, ledger: Path, argv: list[str], code: int, zh: str, en: str
) -> None:
    result = run(*argv, ledger=ledger)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.splitlines()[0] == zh
    assert "Traceback" not in result.stderr
    english = re.sub(r"'[^']*'", "", result.stderr)  # the names typed may be anything
    assert not re.search(r"Error|Usage|Try |Missing|No such|Invalid|Option", english)


@pytest.mark.parametrize(("argv", "code", "zh", "en"), CASES, ids=IDS)
def test_usage_errors_in_english(
    run: Run, ledger: Path, argv: list[str], code: int, zh: str, en: str
) -> None:
    result = run(*argv, ledger=ledger, lang="en")
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.splitlines()[0] == en
    assert not CJK.search(result.stderr), result.stderr


def test_a_usage_error_says_the_usage_and_where_help_is(run: Run, ledger: Path) -> None:
    zh = run("calendar", "after", "2026-09-30", ledger=ledger).stderr.splitlines()
    assert zh == [
        "错误：缺少参数“N”",
        "用法：root calendar after [选项] {DATE} {N}",
        "请运行“root calendar after --help”查看帮助",
    ]
    en = run("calendar", "after", "2026-09-30", ledger=ledger, lang="en").stderr.splitlines()
    assert en == [
        "Error: Missing argument 'N'",
        "Usage: root calendar after [OPTIONS] {DATE} {N}",
        "Try 'root calendar after --help' for help.",
    ]


def test_an_invalid_value_is_one_line(run: Run, ledger: Path) -> None:
    result = run("edit", "DC-2026-0001", "--drop-milestone", "二", ledger=ledger)
    assert result.exit_code == 1
    assert result.stderr == "“--drop-milestone”的值无效：“二”不是整数\n"


@pytest.fixture
def english_ledger(run: Run, tmp_path: Path) -> Path:
    root = tmp_path / "english"
    assert run("init", str(root), "--lang-default", "en").exit_code == 0
    return root


@pytest.mark.parametrize(
    "where",
    ["--lang after the subcommand", "DUCHATAI_LANG", "the ledger by --ledger", "the ledger here"],
)
def test_the_language_is_found_before_any_option_is_applied(
    run: Run,
    ledger: Path,
    english_ledger: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """Click fails while parsing, before ``--lang`` or the ledger were read: the
    language still comes from the command line, the environment or the ledger."""
    argv, root = ["list", "--bogus"], ledger
    if where.startswith("--lang"):
        argv += ["--lang", "en"]
    elif where == "DUCHATAI_LANG":
        monkeypatch.setenv("DUCHATAI_LANG", "en")
    elif where.endswith("--ledger"):
        root = english_ledger
    else:
        monkeypatch.chdir(english_ledger)
        root = None  # type: ignore[assignment]
    result = run(*argv, ledger=root)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Error: No such option: '--bogus'"


def test_language_of_a_command_line(tmp_path: Path, english_ledger: Path) -> None:
    assert language_of(["--lang", "en", "x", "--lang=zh"], {}) == "zh"
    assert language_of(["x", "--lang", "en"], {}) == "en"
    assert language_of(["x", "--", "--lang", "en"], {}) == "zh"  # a value, not an option
    assert language_of(["x"], {"DUCHATAI_LANG": "en_GB.UTF-8"}) == "en_GB.UTF-8"
    assert language_of(["x", "--lang", "fr"], {}) == "zh"  # the command refuses it
    assert language_of(["--ledger", str(english_ledger)], {}) == "en"
    assert language_of([], {"DUCHATAI_LEDGER": str(english_ledger)}) == "en"
    assert language_of(["--ledger", str(tmp_path / "none")], {}) == "zh"


@pytest.mark.parametrize("argv", [["--help"], ["register", "--help"], ["calendar"]])
def test_help_headings_in_the_ledger_language(
    run: Run, ledger: Path, english_ledger: Path, argv: list[str]
) -> None:
    zh = run(*argv, ledger=ledger)
    shown = zh.stdout or zh.stderr  # a group without its command: the help, on stderr
    assert shown.startswith("用法：root ")
    assert "选项：\n" in shown and "Options:" not in shown
    assert "显示本帮助并退出" in shown and "Show this message" not in shown
    en = run(*argv, ledger=english_ledger)
    shown = en.stdout or en.stderr
    assert shown.startswith("Usage: root ") and "Options:\n" in shown
    assert "Show this message and exit." in shown


def test_help_text_additions() -> None:
    try:
        assert help_text("类别 / category.  [required]") == "类别 / category.  [必填]"
        assert help_text("x  [default: routine; required]") == "x  [默认：routine；必填]"
        assert help_text("no additions") == "no additions"
        set_lang("en")
        assert help_text("x  [default: routine; required]") == "x  [default: routine; required]"
    finally:
        set_lang("zh")
