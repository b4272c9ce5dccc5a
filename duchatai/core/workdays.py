"""Chinese working-day arithmetic.

Working days follow the State Council's holiday notice of each year: official
holidays are days off even on weekdays, and adjusted workdays (调休, e.g.
Saturday 2026-10-10) are worked even on weekends. ``chinese_calendar`` carries
the notices for 2004-2026; an office adds a year it lacks (or a local holiday)
in its ledger config. A year covered by neither is counted from weekends alone,
and the calendar remembers that it had to guess so that every output using
such a date can say so — never a silent guess, never a crash.

Counting convention (民法典 第二百零一条): "N working days after D" starts on the
day after D; the result is the Nth working day after D.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from duchatai.core.dates import MAX_YEAR, MIN_YEAR
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


class YearOverride(NamedTuple):
    """An office's own schedule for one year (from ``duchatai.yaml``'s ``calendar:``).

    ``complete`` says the year's whole notice is given here, so a year the
    package lacks stops being a weekends-only guess.

    A named tuple rather than a frozen dataclass: this module is on the path
    of ``calendar after``, whose start-up budget has no room for importing
    ``dataclasses`` (and ``inspect`` with it).
    """

    holidays: Mapping[dt.date, str] = MappingProxyType({})
    workdays: frozenset[dt.date] = frozenset()
    complete: bool = False


def _package_data() -> tuple[dict[dt.date, str], frozenset[dt.date], range]:
    """The holiday data shipped with ``chinese_calendar`` and the years it covers."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - dependency declared in pyproject
        return {}, frozenset(), range(0)
    holidays = {d: str(name) for d, name in constants.holidays.items()}
    workdays = frozenset(constants.workdays)
    years = {d.year for d in holidays}
    return holidays, workdays, range(min(years), max(years) + 1)


class WorkCalendar:
    """Working days with per-year lookup tables built once and reused.

    Each year's working days are kept as a sorted list of ordinals so that
    ``after`` and ``between`` are a bisect and an index, not a day-by-day walk.
    """

    def __init__(
        self,
        overrides: Mapping[int, YearOverride] | None = None,
        *,
        use_package: bool = True,
    ) -> None:
        if use_package:
            self._holidays, self._workdays, self._package_years = _package_data()
        else:
            self._holidays, self._workdays, self._package_years = {}, frozenset(), range(0)
        self._overrides: dict[int, YearOverride] = dict(overrides or {})
        self._year_table: dict[int, list[int]] = {}
        self._named: tuple[list[int], list[int]] | None = None
        self._known: dict[int, bool] = {}
        self.guessed_years: set[int] = set()
        """Years consulted that had no holiday data (weekends-only guess)."""

    # -- coverage ---------------------------------------------------------

    def has_data(self, year: int) -> bool:
        """True when the year's official schedule is known (package or complete override)."""
        known = self._known.get(year)
        if known is None:
            override = self._overrides.get(year)
            known = year in self._package_years or bool(override and override.complete)
            self._known[year] = known
        return known

    def _note_year(self, year: int) -> None:
        if not self.has_data(year):
            self.guessed_years.add(year)

    def note(self, day: dt.date) -> None:
        """A date a command shows or counts with: its year is warned about when it has
        no data (``guessed_years``), as if it had been computed here."""
        self._note_year(day.year)

    # -- single days ------------------------------------------------------

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday a day belongs to, or None (weekends are not named)."""
        override = self._overrides.get(day.year)
        if override and day in override.holidays:
            return override.holidays[day]
        if override and day in override.workdays:
            return None
        return self._holidays.get(day)

    def is_adjusted_workday(self, day: dt.date) -> bool:
        """A weekend day that is worked by notice (调休)."""
        if day.weekday() < 5:
            return False
        override = self._overrides.get(day.year)
        if override and day in override.holidays:
            return False
        if override and day in override.workdays:
            return True
        return day in self._workdays

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day under the notice of its year."""
        self._note_year(day.year)
        return self._is_workday(day)

    def _is_workday(self, day: dt.date) -> bool:
        override = self._overrides.get(day.year)
        if override:
            if day in override.holidays:
                return False
            if day in override.workdays:
                return True
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        return day.weekday() < 5

    def _has_tables(self, year: int) -> bool:
        """Whether the year has any schedule beyond plain weekends."""
        return year in self._package_years or year in self._overrides

    def _table(self, year: int) -> list[int]:
        table = self._year_table.get(year)
        if table is None:
            first = dt.date(year, 1, 1)
            days = _days_in(year)
            if year in self._overrides:
                table = [
                    (first + dt.timedelta(days=i)).toordinal()
                    for i in range(days)
                    if self._is_workday(first + dt.timedelta(days=i))
                ]
            else:  # the same rule over ordinals: reports build a table per year they touch
                start = first.toordinal()
                worked = {d.toordinal() for d in self._workdays if d.year == year}
                off = {d.toordinal() for d in self._holidays if d.year == year}
                # Ordinal 1 (0001-01-01) is a Monday: ordinal % 7 is 6 on Saturdays, 0 on Sundays.
                table = [
                    o
                    for o in range(start, start + days)
                    if o in worked or (o % 7 not in (0, 6) and o not in off)
                ]
            self._year_table[year] = table
        return table

    # -- arithmetic -------------------------------------------------------

    def after(self, start: dt.date, n: int) -> dt.date:
        """The Nth working day after ``start`` (counting from the next day).

        ``n`` must be positive; ``after(d, 1)`` is the first working day after d.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        ordinal = start.toordinal()
        year = start.year
        table = self._table(year)
        self._note_year(year)
        index = bisect.bisect_right(table, ordinal)
        remaining = n
        while True:
            available = len(table) - index
            if remaining <= available:
                return dt.date.fromordinal(table[index + remaining - 1])
            remaining -= available
            year += 1
            if year > MAX_YEAR:
                # Past the years any date is accepted in (and, further on, past
                # what ``datetime`` holds): one clear line, never OverflowError.
                raise InvalidInput(t("workdays_out_of_range", start=start, n=n, high=MAX_YEAR))
            table = self._table(year)
            self._note_year(year)
            index = 0

    def between(self, start: dt.date, end: dt.date, *, note: bool = True) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``.

        ``note=False``: a filter's count (is an item due soon?), its years not
        warned about; the caller ``note``s the dates of what it keeps.
        """
        if end < start:
            return -self.between(end, start, note=note)
        total = 0
        for year in range(start.year, end.year + 1):
            if note:
                self._note_year(year)
            if start.year < year < end.year and not self._has_tables(year):
                total += _weekdays_in_year(year)  # a whole year of weekends only: no table
                continue
            table = self._table(year)
            lo = bisect.bisect_right(table, start.toordinal()) if year == start.year else 0
            hi = bisect.bisect_right(table, end.toordinal()) if year == end.year else len(table)
            total += hi - lo
        return total

    def on_or_after(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next working day.

        This is the roll-forward of 民法典 第二百零三条: a period whose last day
        is a holiday ends on the day after the holiday.
        """
        if self.is_workday(day):
            return day
        return self.after(day, 1)

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the last working day before it.

        Where a hard cap falls on a day off: rolling forward would cross the cap.
        """
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def _named_days(self) -> tuple[list[int], list[int]]:
        """Sorted ordinals of named days off and of adjusted workdays, built once."""
        if self._named is None:
            candidates = set(self._holidays) | set(self._workdays)
            for override in self._overrides.values():
                candidates |= set(override.holidays) | set(override.workdays)
            off = sorted(
                d.toordinal()
                for d in candidates
                if self.holiday_name(d) and not self._is_workday(d)
            )
            adjusted = sorted(d.toordinal() for d in candidates if self.is_adjusted_workday(d))
            self._named = (off, adjusted)
        return self._named

    def days_off_in(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Named holidays in (start, end], for explanations."""
        off, _ = self._named_days()
        lo = bisect.bisect_right(off, start.toordinal())
        hi = bisect.bisect_right(off, end.toordinal())
        days = [dt.date.fromordinal(o) for o in off[lo:hi]]
        return [(d, self.holiday_name(d) or "") for d in days]

    def adjusted_workdays_in(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Weekend days worked by notice (调休) in (start, end]."""
        _, adjusted = self._named_days()
        lo = bisect.bisect_right(adjusted, start.toordinal())
        hi = bisect.bisect_right(adjusted, end.toordinal())
        return [dt.date.fromordinal(o) for o in adjusted[lo:hi]]

    def guessed_in(self, years: Iterable[int]) -> list[int]:
        """The given years that lack holiday data, sorted."""
        return [y for y in sorted(set(years)) if not self.has_data(y)]


def _weekdays_in_year(year: int) -> int:
    """Monday-to-Friday days in a year: 260 or 261 (262 in some leap years)."""
    first = dt.date(year, 1, 1).weekday()
    extra = sum(1 for i in range(_days_in(year) - 364) if (first + i) % 7 < 5)
    return 52 * 5 + extra


def _days_in(year: int) -> int:
    """365, or 366 in a leap year (without importing ``calendar`` and ``locale``)."""
    return dt.date(year, 12, 31).timetuple().tm_yday


def parse_overrides(raw: object, source: str = "duchatai.yaml") -> dict[int, YearOverride]:
    """Turn the config's ``calendar:`` section into overrides.

    Shape::

        calendar:
          2027:
            complete: true          # the whole State Council notice is given
            holidays:
              - 2027-01-01          # a single day
              - 2027-02-06..2027-02-12: 春节   # a range, optionally named
            workdays: [2027-02-14]  # adjusted weekend workdays (调休)

    Raises ``ValueError`` with a readable message on a malformed section.
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{source}: calendar must be a mapping of year to schedule")
    result: dict[int, YearOverride] = {}
    for key, body in raw.items():
        try:
            year = int(key)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{source}: calendar key {key!r} is not a year") from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(
                f"{source}: calendar.{year}: the year is outside {MIN_YEAR}-{MAX_YEAR}"
            )
        if body is None:
            body = {}
        if not isinstance(body, Mapping):
            raise ValueError(f"{source}: calendar.{year} must be a mapping")
        holidays: dict[dt.date, str] = {}
        for entry in _entries(body.get("holidays"), f"{source}: calendar.{year}.holidays"):
            name = "假日"
            if isinstance(entry, Mapping):
                if len(entry) != 1:
                    raise ValueError(f"{source}: calendar.{year}.holidays: one range per entry")
                ((entry, name),) = entry.items()
                name = str(name)
            for day in _expand(entry, f"{source}: calendar.{year}.holidays"):
                holidays[day] = name
        workdays: set[dt.date] = set()
        for entry in _entries(body.get("workdays"), f"{source}: calendar.{year}.workdays"):
            workdays.update(_expand(entry, f"{source}: calendar.{year}.workdays"))
        for day in [*holidays, *workdays]:
            if day.year != year:
                raise ValueError(f"{source}: {day.isoformat()} is listed under calendar.{year}")
        complete = body.get("complete", False)
        if not isinstance(complete, bool):
            # YAML 1.2 reads ``complete: no`` as the string "no": refuse, don't take it as true.
            raise ValueError(f"{source}: calendar.{year}.complete must be true or false")
        result[year] = YearOverride(
            holidays=holidays,
            workdays=frozenset(workdays),
            complete=complete,
        )
    return result


def _entries(value: object, where: str) -> list[object]:
    """A list of days or ranges; a bare scalar is refused rather than iterated by character."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError(f"{where} must be a list, e.g. [2027-01-01, 2027-02-06..2027-02-12]")
    return list(value)


def _expand(entry: object, where: str) -> list[dt.date]:
    """A day or an inclusive range ``A..B`` as a list of dates."""
    if isinstance(entry, dt.datetime):
        return [entry.date()]
    if isinstance(entry, dt.date):
        return [entry]
    text = str(entry).strip()
    try:
        if ".." in text:
            first_text, last_text = (part.strip() for part in text.split("..", 1))
            first = dt.date.fromisoformat(first_text)
            last = dt.date.fromisoformat(last_text)
            if last < first or last.year != first.year:
                # A range never spans years (each year has its own section):
                # refused before it is expanded day by day.
                raise ValueError
            return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        return [dt.date.fromisoformat(text)]
    except ValueError:
        raise ValueError(
            f"{where}: {text!r} is not a date or a range YYYY-MM-DD..YYYY-MM-DD"
        ) from None
