"""``--lang en`` is English throughout: on a ledger whose data (office, titles, units,
names, reasons) was all typed in English, no command, good input or bad, prints a
Chinese character; article citations are said in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Result
from typer.testing import CliRunner

from duchatai.cli import app
from duchatai.core.citation import chinese_number, cite
from duchatai.core.messages import set_lang

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

I1, I2, I3, I4, I5, I6 = (f"DC-2026-000{n}" for n in range(1, 7))

BUILD: list[tuple[str, ...]] = [
    ("2026-11-02", "register", "Flood supplies", "-c", "leader-instruction", "--lead", "Water"),
    ("2026-11-02", "register", "Metro line", "-c", "key-project", "--due", "2026-12-15",
     "--lead", "Transport", "--milestone", "2026-11-10 Tender", "--weekly"),
    ("2026-11-02", "register", "Suggestion 86", "-c", "npc-suggestion", "--lead", "Ecology",
     "--co", "Finance"),
    ("2026-11-02", "register", "Work report task", "-c", "work-report", "--lead", "Farming"),
    ("2026-11-02", "register", "Upper", "-c", "upper", "--lead", "Water", "--method", "phone"),
    ("2026-11-02", "register", "Mistake", "-c", "leader-instruction", "--lead", "Water"),
    ("2026-11-03", "assign", I1),
    ("2026-11-03", "assign", I2),
    ("2026-11-03", "assign", I3),
    ("2026-11-03", "assign", I4, "--lead", "Finance"),
    ("2026-11-03", "assign", I4, "--lead", "Finance"),  # nothing to change
    ("2026-11-04", "urge", I1, "--method", "onsite", "--note", "site visit"),
    ("2026-11-05", "report", I1, "--kind", "result", "--text", "done", "--signed-by", "Boss",
     "--sealed"),
    ("2026-11-05", "report", I3, "--unit", "Finance", "--kind", "progress", "--text", "paid"),
    ("2026-11-06", "review", I1, "--reject", "--reason", "incomplete"),
    ("2026-11-09", "report", I1, "--kind", "result", "--text", "done again"),
    ("2026-11-10", "review", I1, "--accept"),
    ("2026-11-11", "close", I1, "--note", "closed"),
    ("2026-11-12", "archive", I1),
    ("2026-11-05", "extend", I2, "--until", "2026-12-31", "--reason", "weather"),
    ("2026-11-05", "withdraw", I6, "--reason", "duplicate"),
    ("2026-11-06", "edit", I3, "--title", "Suggestion 86 (fixed)", "--co", "Finance",
     "--co", "Civil"),
    ("2026-11-06", "edit", I4, "--category", "executive-meeting"),
    ("2026-11-06", "edit", I4, "--due", "2026-12-10", "--reason", "the notice says so"),
    ("2026-11-07", "note", I2, "called them"),
    ("2026-11-07", "milestone", "add", I2, "Acceptance", "--due", "2026-12-01"),
    ("2026-11-12", "milestone", "done", I2, "1"),
    ("2026-11-12", "criticize", "Transport", "--reason", "late", "--item", I2,
     "--rectify-by", "2026-11-16"),
    ("2026-11-20", "undo"),
    ("2026-11-13", "criticize", "Transport", "--reason", "late", "--item", I2,
     "--rectify-by", "2026-11-16"),
]  # fmt: skip

READ: list[tuple[str, ...]] = [
    ("show", I1), ("show", I2), ("show", I3), ("show", I4), ("show", I5), ("show", I6),
    ("list",), ("list", "--status", "withdrawn"), ("list", "--status", "archived"),
    ("log", I1), ("log", I4), ("overdue",), ("overdue", "--suggest"), ("overdue", "--json"),
    ("overdue", "--fail-if-any"), ("due", "--within", "10"), ("weekly",),
    ("weekly", "--format", "markdown"), ("weekly", "--format", "html"),
    ("weekly", "--format", "json"), ("stats",), ("stats", "--json"), ("escalation",),
    ("check",), ("calendar", "month", "2026-10"), ("calendar", "after", "2026-12-20", "10"),
    ("calendar", "explain", "executive-meeting", "2026-09-25"),
    ("calendar", "explain", "npc-suggestion", "2026-06-06"), ("clerk",), ("sync",),
    ("index", "rebuild"), ("rectify", "TB-2026-0001"),
]  # fmt: skip

REFUSED: list[tuple[str, ...]] = [
    ("show", "DC-2026-0099"), ("show", "nonsense"), ("log", "DC-2026-0099"),
    ("register", "x", "-c", "nosuch"), ("register", "x", "-c", "document"),
    ("register", "x", "-c", "leader-instruction", "--start", "2026-02-30"),
    ("register", "x", "-c", "leader-instruction", "--kind", "weird"),
    ("register", "x", "-c", "key-project", "--due", "2020-01-01"),
    ("register", "", "-c", "leader-instruction"), ("register", "x"), ("register",),
    ("assign", I1), ("urge", I1), ("urge", I2, "--method", "fax"),
    ("report", I2, "--kind", "bogus", "--text", "x"), ("review", I2, "--accept"),
    ("review", I2, "--reject"), ("extend", I3, "--until", "2030-01-01", "--reason", "x"),
    ("extend", I5, "--until", "2026-11-01", "--reason", "x"), ("close", I2), ("archive", I2),
    ("withdraw", I2), ("edit", I2, "--due", "2026-12-20"), ("note", "DC-2026-0099", "x"),
    ("milestone", "done", I2, "9"), ("milestone", "done", I2, "x"),
    ("milestone", "add", I2, "x", "--due", "never"), ("criticize", "Nobody", "--reason", "x",
    "--item", I2), ("rectify", "TB-2026-0099"), ("list", "--status", "nosuch"),
    ("list", "--category", "nosuch"), ("list", "--statu", "x"), ("list", "--bogus"),
    ("due", "--within", "abc"), ("stats", "--year", "99"), ("weekly", "--week", "2026-W99"),
    ("weekly", "--format", "pdf"), ("import", "none.xlsx"), ("calendar", "after", "x", "3"),
    ("calendar", "month", "2026-13"), ("calendar", "import", "none.txt"),
    ("calendar", "explain", "nosuch", "2026-01-01"), ("escalation", "--year", "abc"),
    ("clerk", "lower case"), ("regster",), ("--today", "bogus", "list"),
]  # fmt: skip


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str]]]:
    """A ledger built in English, and what every step printed."""
    root = tmp_path_factory.mktemp("english") / "ledger"
    said: list[tuple[str, str]] = []

    def run(*argv: str, today: str = "2026-11-20") -> Result:
        args = ["--ledger", str(root), "--today", today, "--by", "clerk", "--lang", "en"]
        result = CliRunner().invoke(app, [*args, *argv])
        set_lang("zh")
        said.append((" ".join(argv), result.stdout + result.stderr))
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    mp = pytest.MonkeyPatch()
    mp.setenv("DUCHATAI_REAL_TODAY", "2000-01-01")
    mp.delenv("DUCHATAI_LEDGER", raising=False)
    mp.delenv("DUCHATAI_LANG", raising=False)
    mp.chdir(root.parent)
    try:
        init = CliRunner().invoke(app, ["--lang", "en", "init", str(root), "--office", "Office"])
        assert init.exit_code == 0, init.stdout + init.stderr
        for today, *argv in BUILD:
            assert run(*argv, today=today).exit_code == 0, said[-1]
        for argv in READ:
            assert run(*argv).exit_code in (0, 1, 3), said[-1]  # sync: no remote, refused
        for argv in REFUSED:
            result = run(*argv)
            assert result.exit_code in (1, 2) and "Traceback" not in result.stderr, said[-1]
    finally:
        mp.undo()
    return root, said


def test_english_throughout(english: tuple[Path, list[tuple[str, str]]]) -> None:
    _, said = english
    leaks = [(argv, line) for argv, out in said for line in out.splitlines() if CJK.search(line)]
    assert leaks == []
    assert len(said) == len(BUILD) + len(READ) + len(REFUSED)


def test_the_english_ledger_is_really_exercised(
    english: tuple[Path, list[tuple[str, str]]],
) -> None:
    """The build reached the states the reads are about (else the test proves little)."""
    _, said = english
    shown = dict(said)
    assert "overdue" in shown["overdue"].lower()
    assert "art. 16(4)" in shown["calendar explain executive-meeting 2026-09-25"]
    assert "art. 20(2):" in shown["escalation"] and "admonition" in shown["escalation"]
    assert "undone" in shown["undo"]
    assert "choose one of: upper, work-report" in shown["register x -c nosuch"]


def test_articles_cited_in_english() -> None:
    assert [chinese_number(n) for n in ("六", "十", "十六", "二十", "二十一", "一百零二")] == [
        6,
        10,
        16,
        20,
        21,
        102,
    ]
    assert cite("第十六条(四)") == "第十六条（四）"  # Chinese: full-width brackets
    set_lang("en")
    try:
        assert cite("第十六条(四)") == "art. 16(4)"
        assert cite("第六条（八）") == "art. 6(8)"
        assert cite("art. 7") == "art. 7"
    finally:
        set_lang("zh")


def test_holiday_names_in_english() -> None:
    from duchatai.ui.render_calendar import holiday_name

    set_lang("en")
    try:
        names = [holiday_name(n) for n in ("National Day", "春节", "假日", "本地假日")]
        assert names == ["National Day", "Spring Festival", "holiday", "本地假日"]
    finally:
        set_lang("zh")
    assert [holiday_name(n) for n in ("National Day", "春节", "假日")] == ["国庆节", "春节", "假日"]
