"""Dates as people type them.

Accepted: ``2026-10-10``, ``2026/10/10``, ``2026.10.10``, ``20261010``,
``2026年10月10日``, and without a year ``10月10日`` or ``10-10`` (the next, last or
this year's occurrence from "today", which is passed in: ``yearless_date``).
Also the bounds on every date, ISO weeks, and runs of consecutive days or years
(how ranges such as ``2026-10-01..10-07`` are found).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TypeVar

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import is_zh, t

_FULL = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ZH_FULL = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_ZH_SHORT = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_SHORT = re.compile(r"^(\d{1,2})-(\d{1,2})$")
"""``1-5``; not ``10/1``, which is the 1st of October to some and the 10th of January to others."""

TOWARDS = ("this", "next", "last")
"""Which year a date typed without one falls in (``parse_date``'s ``toward``)."""

_K = TypeVar("_K")

ACCEPTED_FORMS = "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日, M月D日"
ACCEPTED_FORMS_EN = "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, M-D"
"""The forms said in English: the Chinese ones are read too, but not named there."""

# Bounds on every date the tool accepts, typed or stored: wide enough for any
# supervision item, narrow enough that working-day arithmetic, ISO weeks and
# four-digit ids never leave what ``datetime`` and the id pattern can hold.
MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE = dt.date(MIN_YEAR, 1, 1)
MAX_DATE = dt.date(MAX_YEAR, 12, 31)
MAX_WORKDAYS = 10_000
"""The most working days any count may span (``calendar after``, ``due --within``)."""


def in_bounds(day: dt.date) -> bool:
    """Whether ``day`` lies within the years the tool accepts (1900–2200)."""
    return MIN_DATE <= day <= MAX_DATE


def check_bounds(day: dt.date, *, what: str = "date", text: str | None = None) -> dt.date:
    """``day`` itself when within 1900–2200; else ``InvalidInput`` naming the range."""
    if in_bounds(day):
        return day
    raise InvalidInput(
        t(
            "date_out_of_range",
            what=what,
            text=day.isoformat() if text is None else text,
            low=MIN_YEAR,
            high=MAX_YEAR,
        )
    )


def json_default(value: object) -> object:
    """``json.dumps``'s ``default``: dates as ``YYYY-MM-DD`` (the contract's form)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def parse_date(
    text: str, today: dt.date, *, what: str = "date", toward: str = "this"
) -> dt.date:
    """Parse a date typed by a person; raise ``InvalidInput`` naming the accepted forms.

    A date without a year (``1月5日``, ``1-5``) falls in the year ``toward`` says
    (``yearless_date``): ``next`` for due dates, ``last`` for the dates of
    events (a report, an urge, ``--today``), ``this`` (today's year) otherwise.
    """
    raw = text.strip()
    match = _FULL.match(raw) or _COMPACT.match(raw) or _ZH_FULL.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            parsed = dt.date(year, month, day)
        except ValueError:
            raise InvalidInput(_bad(what, text)) from None
        return check_bounds(parsed, what=what, text=text)
    short = _ZH_SHORT.match(raw) or _SHORT.match(raw)
    if not short:
        raise InvalidInput(_bad(what, text))
    month, day = (int(g) for g in short.groups())
    found = yearless_date(month, day, today, toward)
    if found is None:
        raise InvalidInput(_bad(what, text))
    return check_bounds(found, what=what, text=text)


def has_no_year(text: str) -> bool:
    """Whether ``text`` is a date typed without its year (``1月5日``, ``1-5``)."""
    raw = text.strip()
    return bool(_ZH_SHORT.match(raw) or _SHORT.match(raw))


def yearless_date(month: int, day: int, today: dt.date, toward: str) -> dt.date | None:
    """Month and day in the year ``toward`` says; None when no such day exists.

    ``next``: the first such day on or after ``today`` (a due date: 1月5日 said
    in December is next January's); ``last``: the last on or before ``today``
    (an event: 12月30日 said in January was last December's); ``this``: in
    today's year. 2月29日 looks as far as the leap year it needs.
    """
    if toward not in TOWARDS:
        raise ValueError(f"toward must be one of {TOWARDS}, not {toward!r}")
    step = {"this": 0, "next": 1, "last": -1}[toward]
    for offset in range(9 if step else 1):  # 9 years hold a 29 February (1896→1904)
        year = today.year + step * offset
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if step == 0 or (found - today).days * step >= 0:
            return found
    return None


def _bad(what: str, text: str) -> str:
    forms = ACCEPTED_FORMS if is_zh() else ACCEPTED_FORMS_EN
    return t("bad_date", what=what, text=text, forms=forms)


def as_date(value: object) -> dt.date | None:
    """A stored date value (date, datetime or ISO string) as a date; None stays None.

    ``ValueError`` (naming the accepted years) for a date outside 1900–2200,
    as for one that is not a date at all.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        day = dt.date.fromisoformat(str(value).strip())
    if not in_bounds(day):
        raise ValueError(f"{day.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    return day


def iso_week(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-Www`` as (Monday, Sunday)."""
    match = re.match(r"^(\d{4})-?W(\d{1,2})$", text.strip(), re.IGNORECASE)
    if not match:
        raise InvalidInput(t("bad_week", text=text))
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InvalidInput(t("bad_week", text=text)) from None
    # Both ends bounded: 9999-W52 would overflow its Sunday, 0001-W01 the week before.
    check_bounds(monday, what="--week", text=text)
    return monday, check_bounds(monday + dt.timedelta(days=6), what="--week", text=text)


def month_span(text: str, what: str = "YYYY-MM") -> tuple[dt.date, dt.date]:
    """A month typed as ``2026-11`` (or ``2026/11``, ``2026年11月``): its first and last day;
    ``InvalidInput`` otherwise (``calendar month``, ``bulletin --month``)."""
    match = re.match(r"^([0-9]{4})[-/年]([0-9]{1,2})月?$", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InvalidInput(t("bad_month", text=text))
    year, month = int(match.group(1)), int(match.group(2))
    first = check_bounds(dt.date(max(year, 1), month, 1), what=what, text=text)
    following = dt.date(first.year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def check_count(value: int, *, what: str = "N", text: str | None = None) -> int:
    """A count of working days within 1–10,000; ``InvalidInput`` naming the range otherwise."""
    if 1 <= value <= MAX_WORKDAYS:
        return value
    raise InvalidInput(
        t("number_out_of_range", what=what, text=str(value) if text is None else text,
          low=1, high=MAX_WORKDAYS)
    )


def runs(items: Iterable[tuple[int, _K]]) -> list[tuple[int, int, _K]]:
    """Consecutive numbers of one key as ``(first, last, key)`` runs, in the order given.

    The one rule by which days and years are shown as ranges: a number one more
    than the last of the run before, under the same key, extends that run;
    anything else starts a new one. [2027, 2028, 2030] → 2027–2028, 2030.
    """
    found: list[tuple[int, int, _K]] = []
    for number, key in items:
        if found and found[-1][2] == key and number == found[-1][1] + 1:
            found[-1] = (found[-1][0], number, key)
        else:
            found.append((number, number, key))
    return found


def day_runs(days: Iterable[tuple[dt.date, _K]]) -> list[tuple[dt.date, dt.date, _K]]:
    """Consecutive days of one key (a holiday's name) as ``(first, last, key)`` runs."""
    return [
        (dt.date.fromordinal(first), dt.date.fromordinal(last), key)
        for first, last, key in runs((day.toordinal(), key) for day, key in days)
    ]
