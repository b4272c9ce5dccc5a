"""The ``calendar`` commands: exact stdout, one-line errors, the ledger's own calendar."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run


@pytest.fixture
def no_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no duchatai.yaml in it or above it."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-09-30", "3", "2026-10-10"),  # Sat 10-10 is an adjusted workday
        ("2026-09-30", "4", "2026-10-12"),
        ("2025-01-27", "1", "2025-02-05"),  # over the 2025 Spring Festival
        ("2026/02/13", "2", "2026-02-24"),  # over the 2026 Spring Festival
        ("20260430", "3", "2026-05-08"),  # over Labour Day 2026
        ("9月30日", "3", "2026-10-10"),  # the year of --today
    ],
)
def test_after(run: Run, no_ledger: Path, start: str, n: str, expected: str) -> None:
    result = run("calendar", "after", start, n)
    assert result.exit_code == 0, result
    assert result.stdout == expected + "\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2026-09-30", "2026-10-10", "3"),
        ("2026-10-10", "2026-09-30", "-3"),
        ("2026-10-01", "2026-10-07", "0"),
        ("2025-01-24", "2025-02-10", "7"),
    ],
)
def test_between(run: Run, no_ledger: Path, a: str, b: str, expected: str) -> None:
    result = run("calendar", "between", a, b)
    assert result.exit_code == 0, result
    assert result.stdout == expected + "\n"
    assert result.stderr == ""


def test_month_marks_holidays_and_adjusted_workdays(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "month", "2026-10")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "2026年10月" in out
    lines = out.splitlines()
    # the week of 10-05: 5..7 off, 8 and 9 worked, Sat 10 worked (班), Sun 11 a weekend
    week = next(line for line in lines if "5休" in line)
    assert week.split() == ["5休", "6休", "7休", "8", "9", "10班", "11"]
    first = next(line for line in lines if "1休" in line)
    assert first.split() == ["1休", "2休", "3休", "4休"]
    assert "31" in lines[-2] and "休" not in lines[-2]
    assert result.stderr == ""


def test_month_in_english(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "month", "2026-02", lang="en")
    assert result.exit_code == 0, result
    assert "February 2026" in result.stdout
    assert "14w" in result.stdout and "28w" in result.stdout and "23h" in result.stdout
    assert "red h = official holiday, yellow w = adjusted workday" in result.stdout


def test_explain(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "explain", "executive-meeting", "2026-09-25")
    assert result.exit_code == 0, result
    assert "第十六条（四）" in result.stdout
    assert "→ 2026-10-15" in result.stdout
    assert "国庆节 2026-10-01..10-07" in result.stdout
    assert "2026-10-10" in result.stdout  # the adjusted workday crossed
    assert result.stderr == ""


def test_explain_json(run: Run, no_ledger: Path) -> None:
    import json

    result = run("calendar", "explain", "npc-suggestion", "2026-04-03", "--complex", "--json")
    assert result.exit_code == 0, result
    record = json.loads(result.stdout)
    assert record["due"] == "2026-09-30"  # the cap 10-03 is a day off: the day before
    assert record["capped"] is True
    assert record["period_end"] == "2026-10-03"


def test_explain_with_a_due_date(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "explain", "document", "2026-11-20", "--due", "2026-12-01")
    assert result.exit_code == 0, result
    assert "→ 2026-12-01" in result.stdout
    assert "第十六条（三）" in result.stdout


def test_a_guessed_year_is_said_on_stderr_only(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "after", "2026-12-20", "10")
    assert result.exit_code == 0, result
    assert result.stdout == "2027-01-01\n"  # Fri, counted from weekends alone
    assert "2027" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_no_warning_when_2027_is_not_touched(run: Run, no_ledger: Path) -> None:
    result = run("calendar", "after", "2026-12-20", "9")
    assert result.stdout == "2026-12-31\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("calendar", "after", "2026-02-30", "3"), "2026-02-30"),
        (("calendar", "after", "2026-10-10", "x"), "x"),
        (("calendar", "after", "2026-10-10", "0"), "0"),
        (("calendar", "after", "abc", "3"), "YYYY-MM-DD"),
        (("calendar", "between", "2026-10-10", "10/10"), "10/10"),
        (("calendar", "month", "2026-13"), "2026-13"),
        (("calendar", "explain", "meeting", "2026-09-25"), "executive-meeting"),
        (("calendar", "explain", "document", "2026-09-25"), "--due"),
        (("calendar", "explain", "upper", "2026-09-25", "--due", "2026-09-24"), "2026-09-24"),
    ],
)
def test_bad_input_is_one_line_without_traceback(
    run: Run, no_ledger: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_ledger_calendar_adds_a_local_holiday(
    run: Run, ledger: Path, no_ledger: Path
) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text(encoding="utf-8")
    assert "calendar: {}\n" in text
    config.write_text(
        text.replace(
            "calendar: {}\n",
            "calendar:\n  2026:\n    holidays:\n      - 2026-10-09: 本地假日\n",
        ),
        encoding="utf-8",
    )
    plain = run("calendar", "after", "2026-09-30", "3")
    assert plain.stdout == "2026-10-10\n"
    # 10-08, (10-09 off), 10-10, 10-12
    local = run("calendar", "after", "2026-09-30", "3", ledger=ledger)
    assert local.exit_code == 0, local
    assert local.stdout == "2026-10-12\n"
    assert local.stderr == ""
    between = run("calendar", "between", "2026-09-30", "2026-10-12", ledger=ledger)
    assert between.stdout == "3\n"


def test_a_complete_2027_in_the_ledger_silences_the_warning(
    run: Run, ledger: Path, no_ledger: Path
) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "calendar: {}\n",
            "calendar:\n  2027:\n    complete: true\n    holidays:\n      - 2027-01-01\n",
        ),
        encoding="utf-8",
    )
    result = run("calendar", "after", "2026-12-20", "10", ledger=ledger)
    assert result.exit_code == 0, result
    assert result.stdout == "2027-01-04\n"
    assert result.stderr == ""


def test_a_malformed_calendar_section_is_one_line(
    run: Run, ledger: Path, no_ledger: Path
) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("calendar: {}\n", "calendar:\n  2027:\n    holidays: 2027-01-01\n"),
        encoding="utf-8",
    )
    result = run("calendar", "after", "2026-12-20", "10", ledger=ledger)
    assert result.exit_code == 1, result
    assert len(result.stderr.splitlines()) == 1
    assert "duchatai.yaml" in result.stderr and "calendar.2027.holidays" in result.stderr
