"""The holiday-data warning near the year end (issue 15): said once when a date the
command computes or shows falls in a year without data, never because today is near it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Run

from duchatai.core.workdays import WorkCalendar

WARNING = "警告：2027 年的法定节假日安排缺失"


@pytest.fixture
def year_end(run: Run, ledger: Path) -> Path:
    """An item due 2026-12-31 (DC-2026-0001) and one due 2027-01-08 (DC-2026-0002)."""
    for title, due in (("年内事项", "2026-12-31"), ("跨年事项", "2027-01-08")):
        made = run("register", title, "--category", "upper", "--lead", "市教育局",
                   "--due", due, ledger=ledger, today="2026-12-21")
        assert made.exit_code == 0, made
    return ledger


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--within", "1"),  # counts the 2027 item's days, shows only 2026-12-31
        ("overdue",),
        ("show", "DC-2026-0001"),
        ("list", "--status", "registered", "--unit", "市财政局"),
        ("stats", "--year", "2026"),
        ("calendar", "month", "2026-12"),
    ],
)
def test_a_command_showing_only_2026_dates_says_no_warning(
    run: Run, year_end: Path, args: tuple[str, ...]
) -> None:
    result = run(*args, ledger=year_end, today="2026-12-30")
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_a_due_date_computed_in_2027_is_warned_about_once(run: Run, year_end: Path) -> None:
    made = run("register", "领导批示事项", "--category", "leader-instruction", "--lead",
               "市教育局", "--method", "phone", ledger=year_end, today="2026-12-30")
    assert made.exit_code == 0, made
    assert "2027-01-" in made.stdout
    assert made.stderr.count(WARNING) == 1
    assert len(made.stderr.splitlines()) == 1


@pytest.mark.parametrize("args", [("due", "--within", "10"), ("list",), ("show", "DC-2026-0002")])
def test_a_2027_date_shown_is_warned_about_once(
    run: Run, year_end: Path, args: tuple[str, ...]
) -> None:
    result = run(*args, ledger=year_end, today="2026-12-30")
    assert result.exit_code == 0, result
    assert "2027-01-08" in result.stdout
    assert result.stderr.count(WARNING) == 1, result.stderr


def test_a_filter_count_is_not_noted_until_its_date_is_noted() -> None:
    calendar = WorkCalendar()
    assert calendar.between(dt.date(2026, 12, 30), dt.date(2027, 1, 8), note=False) > 0
    assert calendar.guessed_years == set()
    calendar.note(dt.date(2027, 1, 8))
    assert calendar.guessed_years == {2027}
