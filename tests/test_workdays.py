"""Working-day arithmetic over real holiday boundaries of 2025 and 2026.

Every expected date below was worked out by hand from the State Council
notices as ``chinese_calendar`` ships them, and is cross-checked against the
package in ``test_package_data_matches_the_notices``:

* 2025 春节 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked;
  劳动节 05-01..05-05 off, Sun 04-27 worked;
  国庆节 + 中秋节 10-01..10-08 off (10-06 中秋), Sun 09-28 and Sat 10-11 worked.
* 2026 元旦 01-01..01-03 off, Sun 01-04 worked;
  春节 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked;
  劳动节 05-01..05-05 off, Sat 05-09 worked;
  中秋节 09-25..09-27 off, 国庆节 10-01..10-07 off, Sun 09-20 and Sat 10-10 worked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duchatai.core.workdays import WorkCalendar, YearOverride, parse_overrides

D = dt.date

CALENDAR = WorkCalendar()
"""One shared calendar: its per-year tables are built once, as in the CLI."""


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -- the package data the expectations rest on ------------------------------------


@pytest.mark.parametrize(
    ("day", "on_holiday", "name"),
    [
        ("2025-01-28", True, "Spring Festival"),
        ("2025-02-04", True, "Spring Festival"),
        ("2025-01-26", False, "Spring Festival"),
        ("2025-02-08", False, "Spring Festival"),
        ("2025-10-06", True, "Mid-autumn Festival"),
        ("2025-10-08", True, "National Day"),
        ("2025-10-11", False, "National Day"),
        ("2026-02-15", True, "Spring Festival"),
        ("2026-02-23", True, "Spring Festival"),
        ("2026-02-14", False, "Spring Festival"),
        ("2026-02-28", False, "Spring Festival"),
        ("2026-05-09", False, "Labour Day"),
        ("2026-10-07", True, "National Day"),
        ("2026-10-10", False, "National Day"),
    ],
)
def test_package_data_matches_the_notices(day: str, on_holiday: bool, name: str) -> None:
    assert chinese_calendar.get_holiday_detail(d(day)) == (on_holiday, name)


# -- after -----------------------------------------------------------------------

AFTER_CASES = [
    # 2025 Spring Festival
    ("2025-01-24", 1, "2025-01-26"),  # Fri → Sun 01-26, an adjusted workday
    ("2025-01-24", 2, "2025-01-27"),
    ("2025-01-24", 3, "2025-02-05"),  # 01-28..02-04 off
    ("2025-01-27", 1, "2025-02-05"),
    ("2025-02-05", 3, "2025-02-08"),  # Thu, Fri, then Sat 02-08 worked
    ("2025-02-08", 1, "2025-02-10"),  # Sun 02-09 is an ordinary weekend
    ("2025-01-24", 7, "2025-02-10"),
    # 2025 Labour Day
    ("2025-04-25", 1, "2025-04-27"),  # Sun 04-27 worked
    ("2025-04-29", 3, "2025-05-07"),  # 04-30, 05-06, 05-07
    # 2025 National Day and Mid-autumn
    ("2025-09-26", 1, "2025-09-28"),
    ("2025-09-30", 1, "2025-10-09"),
    ("2025-09-30", 3, "2025-10-11"),
    ("2025-09-25", 10, "2025-10-15"),
    # 2026 New Year: Sun 01-04 worked
    ("2025-12-31", 1, "2026-01-04"),
    ("2025-12-31", 2, "2026-01-05"),
    # 2026 Spring Festival
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-13", 2, "2026-02-24"),
    ("2026-02-12", 10, "2026-03-04"),  # 13, 14, 24, 25, 26, 27, 28, 03-02, 03, 04
    ("2026-02-27", 1, "2026-02-28"),
    # 2026 Labour Day
    ("2026-04-30", 3, "2026-05-08"),
    ("2026-05-08", 1, "2026-05-09"),
    ("2026-04-29", 7, "2026-05-12"),
    # 2026 Dragon Boat
    ("2026-06-18", 1, "2026-06-22"),
    # 2026 Mid-autumn and National Day
    ("2026-09-18", 1, "2026-09-20"),
    ("2026-09-24", 1, "2026-09-28"),
    ("2026-09-30", 1, "2026-10-08"),
    ("2026-09-30", 3, "2026-10-10"),
    ("2026-09-30", 4, "2026-10-12"),
    ("2026-10-01", 1, "2026-10-08"),  # from inside the holiday
    ("2026-09-25", 10, "2026-10-15"),
    ("2026-09-18", 10, "2026-10-09"),
    # long spans cross every holiday in between
    # 2025: 261 weekdays - 18 weekday holidays + 5 adjusted = 248 (01-01 is off anyway)
    ("2025-01-01", 248, "2025-12-31"),
    # 2026: 261 weekdays - 19 weekday holidays + 6 adjusted = 248
    ("2025-12-31", 248, "2026-12-31"),
]


@pytest.mark.parametrize(("start", "n", "expected"), AFTER_CASES)
def test_after(start: str, n: int, expected: str) -> None:
    assert CALENDAR.after(d(start), n) == d(expected)


def test_after_refuses_non_positive_n() -> None:
    with pytest.raises(ValueError):
        CALENDAR.after(D(2026, 10, 1), 0)


# -- between ---------------------------------------------------------------------

BETWEEN_CASES = [
    ("2025-01-27", "2025-02-05", 1),
    ("2025-01-24", "2025-02-10", 7),
    ("2025-01-27", "2025-02-04", 0),
    ("2026-02-13", "2026-02-24", 2),
    ("2026-02-14", "2026-02-24", 1),
    ("2026-09-30", "2026-10-10", 3),
    ("2026-10-01", "2026-10-07", 0),
    ("2026-10-10", "2026-10-10", 0),
    ("2026-09-25", "2026-10-15", 10),
    ("2025-12-31", "2026-01-04", 1),
    ("2025-01-01", "2025-12-31", 248),
    ("2024-12-31", "2026-12-31", 496),
    # negative when the second date is earlier
    ("2026-10-10", "2026-09-30", -3),
    ("2025-02-10", "2025-01-24", -7),
]


@pytest.mark.parametrize(("a", "b", "expected"), BETWEEN_CASES)
def test_between(a: str, b: str, expected: int) -> None:
    assert CALENDAR.between(d(a), d(b)) == expected


# -- single days -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", "2026-10-08"),
        ("2026-10-07", "2026-10-08"),
        ("2026-10-08", "2026-10-08"),
        ("2026-10-10", "2026-10-10"),  # adjusted Saturday is itself a working day
        ("2026-10-11", "2026-10-12"),
        ("2025-01-28", "2025-02-05"),
        ("2025-01-26", "2025-01-26"),
        ("2026-02-15", "2026-02-24"),
        ("2026-01-01", "2026-01-04"),
    ],
)
def test_on_or_after(day: str, expected: str) -> None:
    assert CALENDAR.on_or_after(d(day)) == d(expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-26", True),
        ("2025-02-08", True),
        ("2025-04-27", True),
        ("2025-09-28", True),
        ("2025-10-11", True),
        ("2026-01-04", True),
        ("2026-02-14", True),
        ("2026-02-28", True),
        ("2026-05-09", True),
        ("2026-09-20", True),
        ("2026-10-10", True),
        ("2026-10-08", False),  # a weekday after the holiday: worked, but not adjusted
        ("2026-10-03", False),  # a Saturday inside the holiday
        ("2026-10-11", False),  # an ordinary Sunday
        ("2026-10-01", False),
    ],
)
def test_is_adjusted_workday(day: str, expected: bool) -> None:
    assert CALENDAR.is_adjusted_workday(d(day)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-10", True),
        ("2026-10-07", False),
        ("2026-10-11", False),
        ("2026-09-25", False),  # Mid-autumn on a Friday
        ("2025-01-26", True),
        ("2025-10-06", False),
    ],
)
def test_is_workday(day: str, expected: bool) -> None:
    assert CALENDAR.is_workday(d(day)) is expected


def test_holiday_names() -> None:
    assert CALENDAR.holiday_name(D(2026, 10, 1)) == "National Day"
    assert CALENDAR.holiday_name(D(2025, 10, 6)) == "Mid-autumn Festival"
    assert CALENDAR.holiday_name(D(2026, 10, 11)) is None  # weekends are not named
    assert CALENDAR.holiday_name(D(2026, 10, 10)) is None


def test_days_off_in_national_day_2025_keeps_mid_autumn_apart() -> None:
    off = CALENDAR.days_off_in(D(2025, 9, 30), D(2025, 10, 9))
    assert off == [
        (D(2025, 10, 1), "National Day"),
        (D(2025, 10, 2), "National Day"),
        (D(2025, 10, 3), "National Day"),
        (D(2025, 10, 4), "National Day"),
        (D(2025, 10, 5), "National Day"),
        (D(2025, 10, 6), "Mid-autumn Festival"),
        (D(2025, 10, 7), "National Day"),
        (D(2025, 10, 8), "National Day"),
    ]


def test_days_off_in_is_half_open() -> None:
    # (start, end]: the start day itself is never listed, the end day is.
    off = CALENDAR.days_off_in(D(2026, 9, 25), D(2026, 10, 1))
    assert off == [
        (D(2026, 9, 26), "Mid-autumn Festival"),
        (D(2026, 9, 27), "Mid-autumn Festival"),
        (D(2026, 10, 1), "National Day"),
    ]
    assert CALENDAR.days_off_in(D(2026, 10, 8), D(2026, 10, 31)) == []


def test_adjusted_workdays_in() -> None:
    assert CALENDAR.adjusted_workdays_in(D(2026, 9, 1), D(2026, 10, 31)) == [
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert CALENDAR.adjusted_workdays_in(D(2026, 9, 20), D(2026, 10, 9)) == []


# -- overrides from the ledger config ----------------------------------------------


def test_override_holiday_moves_a_due_date() -> None:
    plain = WorkCalendar()
    local = WorkCalendar(parse_overrides({2026: {"holidays": ["2026-11-25"]}}))
    # Fri 11-20 + 3 working days: 23, 24, 25 — or 23, 24, 26 when 25 is off.
    assert plain.after(D(2026, 11, 20), 3) == D(2026, 11, 25)
    assert local.after(D(2026, 11, 20), 3) == D(2026, 11, 26)
    assert local.is_workday(D(2026, 11, 25)) is False
    assert local.holiday_name(D(2026, 11, 25)) == "假日"
    assert local.days_off_in(D(2026, 11, 20), D(2026, 11, 30)) == [(D(2026, 11, 25), "假日")]
    assert local.between(D(2026, 11, 20), D(2026, 11, 27)) == 4
    # the package's own holidays are still there
    assert local.after(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_override_workday_moves_a_due_date() -> None:
    plain = WorkCalendar()
    local = WorkCalendar(parse_overrides({2026: {"workdays": ["2026-11-28"]}}))
    assert plain.after(D(2026, 11, 26), 2) == D(2026, 11, 30)
    assert local.after(D(2026, 11, 26), 2) == D(2026, 11, 28)
    assert local.is_adjusted_workday(D(2026, 11, 28)) is True
    assert plain.is_adjusted_workday(D(2026, 11, 28)) is False
    # executive-meeting, 10 working days from Fri 11-20: 12-04, or 12-03 with Sat 11-28 worked
    assert plain.after(D(2026, 11, 20), 10) == D(2026, 12, 4)
    assert local.after(D(2026, 11, 20), 10) == D(2026, 12, 3)
    assert local.adjusted_workdays_in(D(2026, 11, 20), D(2026, 12, 3)) == [D(2026, 11, 28)]


def test_override_can_cancel_a_package_holiday() -> None:
    local = WorkCalendar(parse_overrides({2026: {"workdays": ["2026-10-07"]}}))
    assert local.is_workday(D(2026, 10, 7)) is True
    assert local.holiday_name(D(2026, 10, 7)) is None
    assert local.after(D(2026, 9, 30), 1) == D(2026, 10, 7)
    assert (D(2026, 10, 7), "National Day") not in local.days_off_in(
        D(2026, 9, 30), D(2026, 10, 10)
    )


def test_parse_overrides_ranges_and_names() -> None:
    raw: dict[Any, Any] = {
        "2027": {
            "complete": True,
            "holidays": [
                "2027-01-01",
                {"2027-02-06..2027-02-12": "春节"},
                D(2027, 5, 1),
                "2027-10-01..2027-10-03",
            ],
            "workdays": ["2027-02-14", "2027-09-26..2027-09-26"],
        }
    }
    overrides = parse_overrides(raw)
    assert set(overrides) == {2027}
    year = overrides[2027]
    assert year.complete is True
    assert year.holidays == {
        D(2027, 1, 1): "假日",
        **{D(2027, 2, day): "春节" for day in range(6, 13)},
        D(2027, 5, 1): "假日",
        D(2027, 10, 1): "假日",
        D(2027, 10, 2): "假日",
        D(2027, 10, 3): "假日",
    }
    assert year.workdays == frozenset({D(2027, 2, 14), D(2027, 9, 26)})


def test_parse_overrides_empty() -> None:
    assert parse_overrides(None) == {}
    assert parse_overrides({}) == {}
    assert parse_overrides({2027: None}) == {2027: YearOverride()}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (["2027-01-01"], "mapping of year"),
        ({"next": {}}, "not a year"),
        ({2027: ["2027-01-01"]}, "calendar.2027 must be a mapping"),
        ({2027: {"holidays": ["2027-13-01"]}}, "'2027-13-01'"),
        ({2027: {"holidays": ["2027-02-12..2027-02-06"]}}, "2027-02-12..2027-02-06"),
        ({2027: {"holidays": ["2027-02-06..2027-02-31"]}}, "2027-02-06..2027-02-31"),
        ({2027: {"holidays": ["2026-12-31"]}}, "listed under calendar.2027"),
        ({2027: {"workdays": ["2028-01-02"]}}, "listed under calendar.2027"),
        ({2027: {"holidays": [{"2027-01-01": "元旦", "2027-05-01": "劳动节"}]}}, "one range"),
        ({2027: {"workdays": ["Saturday"]}}, "'Saturday'"),
        # a bare scalar instead of a list: refused, not iterated by character
        ({2027: {"holidays": "2027-01-01"}}, "must be a list"),
        ({2027: {"holidays": D(2027, 1, 1)}}, "must be a list"),
        ({2027: {"workdays": 20270214}}, "must be a list"),
        # YAML 1.2 reads `complete: no` as the string "no"
        ({2027: {"complete": "no"}}, "complete must be true or false"),
    ],
)
def test_parse_overrides_refuses_malformed(raw: Any, fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_overrides(raw, source="duchatai.yaml")
    message = str(caught.value)
    assert message.startswith("duchatai.yaml: ")
    assert fragment in message


# -- 2027: a year the package lacks --------------------------------------------------


def test_a_year_without_data_is_guessed_and_remembered() -> None:
    calendar = WorkCalendar()
    assert calendar.has_data(2026) and not calendar.has_data(2027)
    # 12-21..25 and 12-28..31 are the 9 working days left in 2026
    assert calendar.after(D(2026, 12, 20), 9) == D(2026, 12, 31)
    assert calendar.guessed_years == set()
    # the 10th falls on Fri 2027-01-01, counted from weekends alone
    assert calendar.after(D(2026, 12, 20), 10) == D(2027, 1, 1)
    assert calendar.guessed_years == {2027}


@pytest.mark.parametrize(
    "touch",
    [
        lambda c: c.between(D(2026, 12, 1), D(2027, 1, 5)),
        lambda c: c.on_or_after(D(2027, 2, 28)),
        lambda c: c.is_workday(D(2027, 3, 1)),
        lambda c: c.after(D(2027, 6, 1), 1),
    ],
)
def test_every_computation_touching_2027_notes_it(touch: Any) -> None:
    calendar = WorkCalendar()
    touch(calendar)
    assert calendar.guessed_years == {2027}


def test_an_incomplete_override_is_still_a_guess() -> None:
    calendar = WorkCalendar(parse_overrides({2027: {"holidays": ["2027-01-01"]}}))
    assert calendar.after(D(2026, 12, 20), 10) == D(2027, 1, 4)
    assert calendar.guessed_years == {2027}
    assert calendar.guessed_in([2026, 2027, 2028]) == [2027, 2028]


def test_a_complete_override_removes_the_guess() -> None:
    calendar = WorkCalendar(
        parse_overrides({2027: {"complete": True, "holidays": ["2027-01-01"]}})
    )
    assert calendar.has_data(2027)
    assert calendar.after(D(2026, 12, 20), 10) == D(2027, 1, 4)  # 01-01 off, 02-03 weekend
    assert calendar.guessed_years == set()
    assert calendar.guessed_in([2026, 2027, 2028]) == [2028]


def test_without_the_package_every_year_is_a_guess() -> None:
    calendar = WorkCalendar(use_package=False)
    # plain weekends: Wed 09-30 → Thu 10-01, Fri 10-02, Mon 10-05
    assert calendar.after(D(2026, 9, 30), 3) == D(2026, 10, 5)
    assert calendar.guessed_years == {2026}


# -- properties ----------------------------------------------------------------------

dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2027, 12, 31))
counts = st.integers(min_value=1, max_value=400)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_after_is_a_working_day(start: dt.date, n: int) -> None:
    due = CALENDAR.after(start, n)
    assert due > start
    assert CALENDAR.is_workday(due)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_after_is_strictly_increasing(start: dt.date, n: int) -> None:
    assert CALENDAR.after(start, n) < CALENDAR.after(start, n + 1)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_between_inverts_after(start: dt.date, n: int) -> None:
    due = CALENDAR.after(start, n)
    assert CALENDAR.between(start, due) == n
    assert CALENDAR.between(due, start) == -n


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)))
def test_is_workday_agrees_with_the_package(day: dt.date) -> None:
    assert CALENDAR.is_workday(day) is chinese_calendar.is_workday(day)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 1)),
    n=st.integers(min_value=1, max_value=40),
)
def test_after_agrees_with_a_day_by_day_walk(start: dt.date, n: int) -> None:
    day, seen = start, 0
    while seen < n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            seen += 1
    assert CALENDAR.after(start, n) == day


@settings(max_examples=200, deadline=None)
@given(day=dates)
def test_on_or_after_is_the_first_working_day_not_before(day: dt.date) -> None:
    found = CALENDAR.on_or_after(day)
    assert found >= day and CALENDAR.is_workday(found)
    assert CALENDAR.between(day, found) == (0 if found == day else 1)
