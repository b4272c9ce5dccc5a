"""Due dates of every category of the Jinan profile (第十六条), hand-computed.

The holiday facts the expectations rest on are listed at the top of
``test_workdays.py`` and checked there against ``chinese_calendar``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from conftest import build_item
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from duchatai.core.citation import cite
from duchatai.core.deadlines import (
    add_months,
    answering_report,
    compute,
    hard_cap,
    is_overdue,
    quarter_end,
)
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput
from duchatai.core.model import Item, Report, Review, Status
from duchatai.core.profile import DEFAULT_PROFILE, build_profile
from duchatai.core.workdays import WorkCalendar, parse_overrides

D = dt.date
CALENDAR = WorkCalendar()

EXPLICIT = ("document", "key-project", "special-meeting", "plenary-meeting", "other")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_table_covers_every_category() -> None:
    covered = {row[0] for row in COMPUTED} | set(EXPLICIT)
    assert covered == set(DEFAULT_PROFILE.categories)


# (category, start, complex, due, basis, count, period_end or None, rolled_forward)
COMPUTED = [
    # upper: 7 working days (第十六条(一))
    ("upper", "2025-01-24", False, "2025-02-10", "workdays", 7, None, False),
    ("upper", "2026-04-29", False, "2026-05-12", "workdays", 7, None, False),
    ("upper", "2026-09-30", False, "2026-10-15", "workdays", 7, None, False),
    ("upper", "2026-09-30", True, "2026-10-15", "workdays", 7, None, False),  # complex ignored
    # executive-meeting: 10 working days (第十六条(四))
    ("executive-meeting", "2026-09-25", False, "2026-10-15", "workdays", 10, None, False),
    ("executive-meeting", "2026-09-18", False, "2026-10-09", "workdays", 10, None, False),
    ("executive-meeting", "2025-09-25", False, "2025-10-15", "workdays", 10, None, False),
    ("executive-meeting", "2026-02-12", False, "2026-03-04", "workdays", 10, None, False),
    # leader-instruction: 3 working days (第十六条(六))
    ("leader-instruction", "2026-04-30", False, "2026-05-08", "workdays", 3, None, False),
    ("leader-instruction", "2025-04-29", False, "2025-05-07", "workdays", 3, None, False),
    ("leader-instruction", "2026-09-30", False, "2026-10-10", "workdays", 3, None, False),
    ("leader-instruction", "2025-01-24", False, "2025-02-05", "workdays", 3, None, False),
    # work-report: 15 days after the quarter's end (第十六条(二))
    ("work-report", "2025-08-10", False, "2025-10-15", "quarter-end", 15, "2025-10-15", False),
    ("work-report", "2025-09-30", False, "2025-10-15", "quarter-end", 15, "2025-10-15", False),
    ("work-report", "2025-07-01", False, "2025-10-15", "quarter-end", 15, "2025-10-15", False),
    ("work-report", "2025-11-05", False, "2026-01-15", "quarter-end", 15, "2026-01-15", False),
    # 2023-09-30 + 15 = Sun 2023-10-15 → Mon 10-16 (第二百零三条)
    ("work-report", "2023-07-01", False, "2023-10-16", "quarter-end", 15, "2023-10-15", True),
    # npc-suggestion / cppcc-proposal: 3 months, 6 when complex (第十六条(七))
    ("npc-suggestion", "2026-03-15", False, "2026-06-15", "months", 3, "2026-06-15", False),
    # 2026-10-01 is National Day: rolled to Thu 10-08
    ("npc-suggestion", "2026-07-01", False, "2026-10-08", "months", 3, "2026-10-01", True),
    # 2025-10-04 is a Saturday in National Day: rolled to Thu 10-09
    ("cppcc-proposal", "2025-07-04", False, "2025-10-09", "months", 3, "2025-10-04", True),
    # 11-30 + 3 months clamps to 02-28; Sat 2026-02-28 is an adjusted workday: no roll
    ("npc-suggestion", "2025-11-30", False, "2026-02-28", "months", 3, "2026-02-28", False),
    # 11-30 + 3 months = Sun 2027-02-28 (weekends-only 2027) → Mon 03-01
    ("cppcc-proposal", "2026-11-30", False, "2027-03-01", "months", 3, "2027-02-28", True),
    ("npc-suggestion", "2026-03-31", True, "2026-09-30", "months", 6, "2026-09-30", False),
    ("cppcc-proposal", "2025-08-31", True, "2026-02-28", "months", 6, "2026-02-28", False),
]


@pytest.mark.parametrize(
    ("category", "start", "complex_item", "due", "basis", "count", "period_end", "rolled"),
    COMPUTED,
)
def test_computed_due_dates(
    category: str,
    start: str,
    complex_item: bool,
    due: str,
    basis: str,
    count: int,
    period_end: str | None,
    rolled: bool,
) -> None:
    result = compute(DEFAULT_PROFILE, category, d(start), CALENDAR, complex_item=complex_item)
    assert result.due == d(due)
    assert result.category == category
    assert result.start == d(start)
    assert result.basis == basis
    assert result.count == count
    assert result.period_end == (d(period_end) if period_end else None)
    assert result.rolled_forward is rolled
    assert result.capped is False
    assert result.article == DEFAULT_PROFILE.categories[category].article


@pytest.mark.parametrize("category", EXPLICIT)
def test_explicit_categories_need_a_due_date(category: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        compute(DEFAULT_PROFILE, category, D(2026, 11, 20), CALENDAR)
    assert "--due" in caught.value.message
    # Cited in full-width brackets in a Chinese message: 第十六条（三）.
    assert cite(DEFAULT_PROFILE.categories[category].article) in caught.value.message
    assert "（" in caught.value.message


@pytest.mark.parametrize("category", EXPLICIT)
def test_explicit_categories_take_the_given_date(category: str) -> None:
    result = compute(
        DEFAULT_PROFILE, category, D(2026, 9, 28), CALENDAR, explicit=D(2026, 10, 12)
    )
    assert result.due == D(2026, 10, 12)
    assert result.basis == "explicit"
    assert result.count == 0
    assert result.cap is None and result.period_end is None
    assert result.rolled_forward is False and result.capped is False
    assert [day for day, _ in result.holidays] == [D(2026, 10, day) for day in range(1, 8)]
    assert result.adjusted_workdays == (D(2026, 10, 10),)


def test_a_given_deadline_wins_over_the_counted_one() -> None:
    # upper: "the given deadline; if none, 7 working days"
    result = compute(DEFAULT_PROFILE, "upper", D(2026, 9, 30), CALENDAR, explicit=D(2026, 10, 31))
    assert result.due == D(2026, 10, 31)
    assert result.basis == "explicit"


@pytest.mark.parametrize("category", ["document", "upper", "npc-suggestion"])
def test_a_due_date_before_the_start_is_refused(category: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        compute(DEFAULT_PROFILE, category, D(2026, 11, 20), CALENDAR, explicit=D(2026, 11, 19))
    assert "2026-11-19" in caught.value.message and "2026-11-20" in caught.value.message
    # the start day itself is allowed
    same = compute(DEFAULT_PROFILE, category, D(2026, 11, 20), CALENDAR, explicit=D(2026, 11, 20))
    assert same.due == D(2026, 11, 20)


def test_unknown_category_names_the_choices() -> None:
    with pytest.raises(InvalidInput) as caught:
        compute(DEFAULT_PROFILE, "meeting", D(2026, 11, 20), CALENDAR)
    assert "meeting" in caught.value.message
    assert "executive-meeting" in caught.value.message and "npc-suggestion" in caught.value.message


# -- months, clamping and the 6-month cap ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-11-30", 3, "2027-02-28"),
        ("2027-11-30", 3, "2028-02-29"),  # leap year
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-03-31", 6, "2026-09-30"),
        ("2026-05-15", 3, "2026-08-15"),
    ],
)
def test_add_months_clamps_month_ends(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@given(
    start=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2190, 12, 31)),
    months=st.integers(min_value=0, max_value=120),
)
def test_add_months_agrees_with_dateutil(start: dt.date, months: int) -> None:
    """python-dateutil is the independent oracle of the month arithmetic (README)."""
    assert add_months(start, months) == start + relativedelta(months=months)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-01", "2025-03-31"),
        ("2025-05-20", "2025-06-30"),
        ("2025-09-30", "2025-09-30"),
        ("2025-10-01", "2025-12-31"),
        ("2024-02-29", "2024-03-31"),
    ],
)
def test_quarter_end(day: str, expected: str) -> None:
    assert quarter_end(d(day)) == d(expected)


def test_month_end_clamping_before_the_roll_forward() -> None:
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 11, 30), CALENDAR)
    assert result.period_end == D(2027, 2, 28)  # clamped, a Sunday
    assert result.due == D(2027, 3, 1)
    assert result.rolled_forward is True
    assert result.cap == D(2027, 5, 30)
    assert result.guessed_years == (2027,)
    assert result.holidays == ()


def test_a_rolled_six_month_date_is_held_at_the_cap() -> None:
    # 2026-04-03 + 6 months = Sat 2026-10-03, inside National Day: the roll-forward
    # would give 10-09, past the cap (最迟不得超过6个月); the cap itself is a day
    # off, so the due date is the last working day before it, Wed 09-30.
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 4, 3), CALENDAR, complex_item=True)
    assert result.period_end == D(2026, 10, 3)
    assert result.cap == D(2026, 10, 3)
    assert result.due == D(2026, 9, 30)
    assert result.capped is True
    assert result.rolled_forward is False
    assert result.count == 6
    assert hard_cap(DEFAULT_PROFILE.categories["npc-suggestion"], D(2026, 4, 3)) == D(2026, 10, 3)


def test_the_three_month_period_of_the_same_start_rolls_freely() -> None:
    # 2026-04-03 + 3 months = Fri 2026-07-03, a working day
    result = compute(DEFAULT_PROFILE, "cppcc-proposal", D(2026, 4, 3), CALENDAR)
    assert result.due == D(2026, 7, 3)
    assert result.cap == D(2026, 10, 3)
    assert result.capped is False


def test_an_explicit_due_past_the_cap_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        compute(
            DEFAULT_PROFILE, "cppcc-proposal", D(2026, 4, 3), CALENDAR, explicit=D(2026, 10, 4)
        )
    assert "2026-10-03" in caught.value.message  # names the cap
    # the cap day itself is allowed
    result = compute(
        DEFAULT_PROFILE, "cppcc-proposal", D(2026, 4, 3), CALENDAR, explicit=D(2026, 10, 3)
    )
    assert result.due == D(2026, 10, 3)
    assert result.basis == "explicit"
    assert result.cap == D(2026, 10, 3)
    assert result.capped is False


# -- explanation ----------------------------------------------------------------------


def test_explanation_of_a_workdays_count() -> None:
    result = compute(DEFAULT_PROFILE, "executive-meeting", D(2026, 9, 25), CALENDAR)
    assert result.holidays == (
        (D(2026, 9, 26), "Mid-autumn Festival"),
        (D(2026, 9, 27), "Mid-autumn Festival"),
        *((D(2026, 10, day), "National Day") for day in range(1, 8)),
    )
    assert result.adjusted_workdays == (D(2026, 10, 10),)
    assert result.rolled_forward is False
    assert result.period_end is None
    assert result.guessed_years == ()
    assert result.article == "第十六条(四)"
    assert result.to_record() == {
        "category": "executive-meeting",
        "start": D(2026, 9, 25),
        "due": D(2026, 10, 15),
        "basis": "workdays",
        "article": "第十六条(四)",
        "count": 10,
        "holidays": [
            "2026-09-26..2026-09-27 Mid-autumn Festival",
            "2026-10-01..2026-10-07 National Day",
        ],
        "adjusted_workdays": [D(2026, 10, 10)],
    }


def test_explanation_of_a_rolled_month_period() -> None:
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 7, 1), CALENDAR)
    assert result.period_end == D(2026, 10, 1)
    assert result.due == D(2026, 10, 8)
    assert result.rolled_forward is True
    assert result.cap == D(2027, 1, 1)
    assert [day for day, _ in result.holidays] == [
        D(2026, 9, 25),
        D(2026, 9, 26),
        D(2026, 9, 27),
        *(D(2026, 10, day) for day in range(1, 8)),
    ]
    assert result.adjusted_workdays == (D(2026, 9, 20),)
    assert result.guessed_years == ()


def test_explanation_of_a_capped_period_lists_every_holiday_crossed() -> None:
    result = compute(DEFAULT_PROFILE, "npc-suggestion", D(2026, 4, 3), CALENDAR, complex_item=True)
    names = sorted({name for _, name in result.holidays})
    assert names == [
        "Dragon Boat Festival",
        "Labour Day",
        "Mid-autumn Festival",
        "Tomb-sweeping Day",
    ]
    assert len(result.holidays) == 3 + 5 + 3 + 3  # 04-04..06, 05-01..05, 06-19..21, 09-25..27
    assert result.holidays[-1] == (D(2026, 9, 27), "Mid-autumn Festival")
    assert result.adjusted_workdays == (D(2026, 5, 9), D(2026, 9, 20))


def test_guessed_years_are_reported_in_the_explanation() -> None:
    calendar = WorkCalendar()
    result = compute(DEFAULT_PROFILE, "work-report", D(2026, 10, 1), calendar)
    assert result.period_end == D(2027, 1, 15)  # a Friday, by weekends alone
    assert result.due == D(2027, 1, 15)
    assert result.guessed_years == (2027,)
    assert calendar.guessed_years == {2027}


def test_a_complete_override_clears_guessed_years() -> None:
    calendar = WorkCalendar(parse_overrides({2027: {"complete": True, "holidays": ["2027-01-15"]}}))
    result = compute(DEFAULT_PROFILE, "work-report", D(2026, 10, 1), calendar)
    assert result.due == D(2027, 1, 18)  # 01-15 off, then the weekend
    assert result.rolled_forward is True
    assert result.holidays == (
        *((D(2026, 10, day), "National Day") for day in range(2, 8)),  # (start, due]
        (D(2027, 1, 15), "假日"),
    )
    assert result.guessed_years == ()


# -- records --------------------------------------------------------------------------

ROUND_TRIP = [
    ("executive-meeting", "2026-09-25", False, None),
    ("executive-meeting", "2025-09-25", False, None),  # National Day split by Mid-autumn
    ("work-report", "2023-07-01", False, None),
    ("work-report", "2026-10-01", False, None),  # guessed 2027
    ("npc-suggestion", "2026-11-30", False, None),
    ("npc-suggestion", "2026-04-03", True, None),  # capped
    ("cppcc-proposal", "2026-04-03", False, "2026-10-03"),  # explicit at the cap
    ("document", "2026-09-28", False, "2026-10-12"),
    ("leader-instruction", "2026-11-20", False, None),  # nothing crossed
]


@pytest.mark.parametrize(("category", "start", "complex_item", "explicit"), ROUND_TRIP)
def test_record_round_trip(
    category: str, start: str, complex_item: bool, explicit: str | None
) -> None:
    original = compute(
        DEFAULT_PROFILE,
        category,
        d(start),
        CALENDAR,
        complex_item=complex_item,
        explicit=d(explicit) if explicit else None,
    )
    assert DueDate.from_record(original.to_record()) == original
    # and through JSON, where dates are ISO strings
    text = json.dumps(original.to_record(), default=lambda v: v.isoformat(), ensure_ascii=False)
    assert DueDate.from_record(json.loads(text)) == original


def test_record_of_the_2025_national_day_keeps_three_ranges() -> None:
    original = compute(DEFAULT_PROFILE, "executive-meeting", D(2025, 9, 25), CALENDAR)
    assert original.to_record()["holidays"] == [
        "2025-10-01..2025-10-05 National Day",
        "2025-10-06 Mid-autumn Festival",
        "2025-10-07..2025-10-08 National Day",
    ]
    assert original.to_record()["adjusted_workdays"] == [D(2025, 9, 28), D(2025, 10, 11)]


def test_from_record_refuses_malformed_data() -> None:
    with pytest.raises(ValueError):
        DueDate.from_record({"category": "upper", "start": "2026-13-01", "due": "2026-10-01",
                             "basis": "workdays"})
    with pytest.raises(KeyError):
        DueDate.from_record({"category": "upper"})


# -- overdue ----------------------------------------------------------------------------


def make_item(category: str, reports: list[Report] | None = None, **kw: Any) -> Item:
    """Registered and assigned 09-30, due 10-10 (whatever the category's rule says)."""
    return build_item(category, start=D(2026, 9, 30), due=D(2026, 10, 10),
                      reports=reports or [], **kw)


def test_not_overdue_on_the_due_date_overdue_the_day_after() -> None:
    item = make_item("leader-instruction")
    assert is_overdue(item, D(2026, 10, 9), DEFAULT_PROFILE) is False
    assert is_overdue(item, D(2026, 10, 10), DEFAULT_PROFILE) is False
    assert is_overdue(item, D(2026, 10, 11), DEFAULT_PROFILE) is True


@pytest.mark.parametrize(
    ("category", "kind", "answered"),
    [
        ("upper", "progress", True),
        ("leader-instruction", "progress", True),
        ("document", "progress", False),
        ("executive-meeting", "progress", False),
        ("document", "result", True),
        ("upper", "weekly", False),
    ],
)
def test_which_reports_answer_the_deadline(category: str, kind: str, answered: bool) -> None:
    report = Report(date=D(2026, 10, 10), kind=kind, text="情况")
    item = make_item(category, [report])
    rule = DEFAULT_PROFILE.categories[category]
    assert (answering_report(item, rule) is report) is answered
    assert is_overdue(item, D(2026, 10, 12), DEFAULT_PROFILE) is (not answered)


def test_a_late_report_does_not_answer_the_deadline() -> None:
    item = make_item("upper", [Report(date=D(2026, 10, 12), kind="result", text="迟报")])
    assert is_overdue(item, D(2026, 10, 13), DEFAULT_PROFILE) is True


def test_a_rejected_report_no_longer_counts() -> None:
    item = make_item(
        "document",
        [Report(date=D(2026, 10, 9), kind="result", text="初报")],
        reviews=[Review(date=D(2026, 10, 9), accepted=False, reason="不符合", reports_seen=1)],
    )
    assert answering_report(item, DEFAULT_PROFILE.categories["document"]) is None
    assert is_overdue(item, D(2026, 10, 11), DEFAULT_PROFILE) is True


def test_a_closed_item_is_never_overdue() -> None:
    item = make_item("document", closed=D(2026, 10, 9))
    assert item.status is Status.CLOSED
    assert is_overdue(item, D(2027, 1, 1), DEFAULT_PROFILE) is False


# -- a custom profile -----------------------------------------------------------------


def test_custom_profile_changes_one_number() -> None:
    profile = build_profile({"categories": {"executive-meeting": {"days": 7}}})
    rule = profile.categories["executive-meeting"]
    assert (rule.rule, rule.days, rule.article) == ("workdays", 7, "第十六条(四)")
    # 09-28, 29, 30, 10-08, 09, 10 (Sat, adjusted), 12
    result = compute(profile, "executive-meeting", D(2026, 9, 25), CALENDAR)
    assert result.due == D(2026, 10, 12)
    assert result.count == 7
    # the other categories keep the Jinan numbers
    assert compute(profile, "upper", D(2026, 9, 30), CALENDAR).due == D(2026, 10, 15)
    assert DEFAULT_PROFILE.categories["executive-meeting"].days == 10


@pytest.mark.parametrize(
    "overrides",
    [
        {"categories": {"upper": {"rule": "fortnights"}}},
        {"categories": {"upper": {"days": "seven"}}},
        {"categories": {"upper": {"days": 0}}},
        {"categories": {"upper": 7}},
        {"ladder": {"admonition": "twice"}},
        {"categories": None},  # ``categories:`` with its entries commented out
        {"categories": ["upper"]},
    ],
)
def test_malformed_profiles_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build_profile(overrides)
