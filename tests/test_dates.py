"""Dates as people type them, and ISO weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from duchatai.core.dates import ACCEPTED_FORMS, as_date, day_runs, iso_week, parse_date, runs
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import set_lang

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-10-10", TODAY, dt.date(2026, 10, 10)),
        ("2026/10/10", TODAY, dt.date(2026, 10, 10)),
        ("2026.10.10", TODAY, dt.date(2026, 10, 10)),
        ("20261010", TODAY, dt.date(2026, 10, 10)),
        ("2026年10月10日", TODAY, dt.date(2026, 10, 10)),
        ("2026年10月10号", TODAY, dt.date(2026, 10, 10)),
        ("2026-1-5", TODAY, dt.date(2026, 1, 5)),
        ("2026年1月5日", TODAY, dt.date(2026, 1, 5)),
        ("  2026-10-10 ", TODAY, dt.date(2026, 10, 10)),
        ("2024-02-29", TODAY, dt.date(2024, 2, 29)),
        # month and day only: the year of the ``today`` passed in
        ("10月10日", TODAY, dt.date(2026, 10, 10)),
        ("10月10日", dt.date(2027, 3, 1), dt.date(2027, 10, 10)),
        ("1月5日", dt.date(2025, 12, 31), dt.date(2025, 1, 5)),
        ("2月29日", dt.date(2028, 1, 1), dt.date(2028, 2, 29)),
    ],
)
def test_parse_date_accepts(text: str, today: dt.date, expected: dt.date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-13-01",
        "2026-02-30",
        "2025-02-29",
        "20261301",
        "abc",
        "10/10",
        "",
        "   ",
        "2026-10",
        "26-10-10",
        "2026-10-10T08:00",
        "13月1日",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, TODAY, what="--due")
    message = caught.value.message
    assert ACCEPTED_FORMS in message
    assert "--due" in message
    assert caught.value.exit_code == 1


def test_feb_29_without_a_year_in_a_common_year_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_date("2月29日", TODAY)


def test_rejection_message_names_the_forms_in_english_too() -> None:
    """English names the forms an English keyboard types (the Chinese ones are read too)."""
    set_lang("en")
    try:
        with pytest.raises(InvalidInput) as caught:
            parse_date("abc", TODAY, what="DATE")
    finally:
        set_lang("zh")
    assert caught.value.message == (
        "cannot read DATE 'abc'; use one of: "
        "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, M-D"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        (dt.date(2026, 10, 10), dt.date(2026, 10, 10)),
        (dt.datetime(2026, 10, 10, 8, 30), dt.date(2026, 10, 10)),
        ("2026-10-10", dt.date(2026, 10, 10)),
    ],
)
def test_as_date(value: object, expected: dt.date | None) -> None:
    assert as_date(value) == expected


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        ("2026-W48", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("2026W48", dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("2026-w1", dt.date(2025, 12, 29), dt.date(2026, 1, 4)),  # week 1 starts in 2025
        ("2026-W53", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),  # 2026 has 53 weeks
        ("2025-W01", dt.date(2024, 12, 30), dt.date(2025, 1, 5)),
        ("2026-W40", dt.date(2026, 9, 28), dt.date(2026, 10, 4)),
    ],
)
def test_iso_week(text: str, monday: dt.date, sunday: dt.date) -> None:
    assert iso_week(text) == (monday, sunday)


@pytest.mark.parametrize("text", ["2025-W53", "2026-W00", "2026-W54", "2026-48", "W48", "abc", ""])
def test_iso_week_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        iso_week(text)
    assert "YYYY-Www" in caught.value.message


def test_runs_join_consecutive_numbers_of_one_key_only() -> None:
    assert runs([(2027, None), (2028, None), (2030, None)]) == [
        (2027, 2028, None),
        (2030, 2030, None),
    ]
    # A new key starts a new run even on the next number; order is kept as given.
    assert runs([(1, "a"), (2, "a"), (3, "b"), (4, "a"), (2, "a")]) == [
        (1, 2, "a"),
        (3, 3, "b"),
        (4, 4, "a"),
        (2, 2, "a"),
    ]
    assert runs([]) == []


def test_day_runs_cross_month_ends() -> None:
    days = [dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 2), dt.date(2026, 10, 5)]
    assert day_runs([(d, "National Day") for d in days]) == [
        (dt.date(2026, 9, 30), dt.date(2026, 10, 2), "National Day"),
        (dt.date(2026, 10, 5), dt.date(2026, 10, 5), "National Day"),
    ]
