"""Issue 14, point 3: a hard cap that lands on a rest day (最迟不得超过6个月).

The cap may not be crossed, so when the period rolls past it and the cap day
itself is not a working day, the due date is the last working day before the
cap. Hand-computed across the 2026 National Day (10-01..10-07 off) and the
2026 Spring Festival (02-15..02-23 off, Saturday 02-14 worked by notice).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Run
from hypothesis import given
from hypothesis import strategies as st

from duchatai.core.deadlines import compute, hard_cap
from duchatai.core.messages import set_lang
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.ui.render_calendar import explanation_lines

D = dt.date
CALENDAR = WorkCalendar()

# (category, start, complex, period end, cap, due, capped)
CASES = [
    # +6 months = Sun 12-06; rolling forward gives Mon 12-07, past the cap: Fri 12-04.
    ("npc-suggestion", D(2026, 6, 6), True, D(2026, 12, 6), D(2026, 12, 6), D(2026, 12, 4), True),
    # +6 months = Sat 10-03 inside National Day: the last working day before it, Wed 09-30.
    ("npc-suggestion", D(2026, 4, 3), True, D(2026, 10, 3), D(2026, 10, 3), D(2026, 9, 30), True),
    # +6 months = Sat 02-21 inside the Spring Festival (02-15..23 off): back to the
    # adjusted workday Sat 02-14 (调休上班).
    ("cppcc-proposal", D(2025, 8, 21), True, D(2026, 2, 21), D(2026, 2, 21), D(2026, 2, 14), True),
    # Not wide or hard: +3 months = Sun 09-06 rolls freely to Mon 09-07, far from the cap.
    ("npc-suggestion", D(2026, 6, 6), False, D(2026, 9, 6), D(2026, 12, 6), D(2026, 9, 7), False),
    # +3 months = Fri 2025-11-21, a working day: nothing moves.
    ("cppcc-proposal", D(2025, 8, 21), False, D(2025, 11, 21), D(2026, 2, 21), D(2025, 11, 21),
     False),
]


@pytest.mark.parametrize(("category", "start", "complex_item", "period_end", "cap", "due",
                          "capped"), CASES)
def test_cap_on_a_rest_day(category: str, start: dt.date, complex_item: bool,
                           period_end: dt.date, cap: dt.date, due: dt.date,
                           capped: bool) -> None:
    result = compute(DEFAULT_PROFILE, category, start, CALENDAR, complex_item=complex_item)
    assert (result.period_end, result.cap, result.due, result.capped) == (
        period_end, cap, due, capped)
    assert CALENDAR.is_workday(result.due)
    assert result.due <= cap


def test_the_explanation_says_the_cap_day_is_off() -> None:
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 6, 6), CALENDAR, complex_item=True)
    set_lang("zh")
    lines = explanation_lines(result)
    assert "不得超过最长期限 2026-12-06（最迟不得超过6个月）" in lines
    assert (
        "最长期限 2026-12-06 非工作日，不得顺延越限，提前至此前最后一个工作日 2026-12-04" in lines
    )
    set_lang("en")
    try:
        assert (
            "the cap 2026-12-06 is not a working day and may not be crossed:"
            " due on the last working day before it, 2026-12-04"
        ) in explanation_lines(result)
    finally:
        set_lang("zh")


def test_a_cap_on_a_working_day_says_nothing_more() -> None:
    # 2026-03-31 + 6 months = Wed 09-30, a working day; complex gets exactly 6 months: no
    # roll-forward needed, so nothing is capped either.
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 3, 31), CALENDAR,
                     complex_item=True)
    assert (result.due, result.capped) == (D(2026, 9, 30), False)
    assert not any("非工作日" in line for line in explanation_lines(result))


CATEGORIES = ("npc-suggestion", "cppcc-proposal", "leader-instruction", "upper",
              "executive-meeting", "work-report")


@given(
    category=st.sampled_from(CATEGORIES),
    start=st.dates(D(2004, 1, 1), D(2026, 6, 30)),
    complex_item=st.booleans(),
)
def test_a_computed_due_date_is_a_working_day_never_past_its_cap(
    category: str, start: dt.date, complex_item: bool
) -> None:
    result = compute(DEFAULT_PROFILE, category, start, CALENDAR, complex_item=complex_item)
    assert CALENDAR.is_workday(result.due)
    assert result.due > start
    cap = hard_cap(DEFAULT_PROFILE.rule(category), start)
    if cap is not None:
        assert result.due <= cap
        # Never earlier than it must be: the last working day on or before the cap.
        if result.capped:
            assert CALENDAR.on_or_before(cap) == result.due


def test_cli_register_and_explain_the_cap_on_a_sunday(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    assert run("init", str(root), "--office", "测试督查室").exit_code == 0
    result = run("register", "关于加强老旧小区改造的建议", "--category", "npc-suggestion",
                 "--complex", "--start", "2026-06-06", "--lead", "市住建局", "--json",
                 ledger=root)
    assert result.exit_code == 0, result
    assert json.loads(result.stdout) == {
        **json.loads(result.stdout),
        "due": "2026-12-04",
        "category": "npc-suggestion",
    }
    explained = run("calendar", "explain", "npc-suggestion", "2026-06-06", "--complex")
    assert explained.exit_code == 0, explained
    assert "→ 2026-12-04" in explained.stdout
    assert "最长期限 2026-12-06 非工作日" in explained.stdout
    assert explained.stderr == ""
