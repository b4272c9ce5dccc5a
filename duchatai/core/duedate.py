"""A due date and how it was found (``DueDate``), and its record form in the item file.

``deadlines`` computes it; ``show`` and ``calendar explain`` print it
(``ui/render_calendar.py``); the item file keeps ``to_record``'s mapping under
``due_basis``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from duchatai.core.dates import as_date, day_runs


@dataclass(slots=True)
class DueDate:
    """A due date and how it was found: what ``show`` and ``calendar explain`` print."""

    category: str
    start: dt.date
    due: dt.date
    basis: str
    """``workdays``, ``quarter-end``, ``months`` or ``explicit``."""
    article: str
    count: int = 0
    """Working days, calendar days or months counted."""
    period_end: dt.date | None = None
    """Where the calendar period ended before rolling forward."""
    rolled_forward: bool = False
    capped: bool = False
    cap: dt.date | None = None
    holidays: tuple[tuple[dt.date, str], ...] = ()
    """Named official holidays crossed between start and due."""
    adjusted_workdays: tuple[dt.date, ...] = ()
    """Weekend days worked by notice (调休) crossed between start and due."""
    guessed_years: tuple[int, ...] = field(default=())
    """Years counted from weekends alone because their holiday notice is missing."""

    def to_record(self) -> dict[str, Any]:
        """A compact plain mapping for storage in the item file.

        Holidays are stored as ranges (``2026-10-01..2026-10-07 National Day``)
        so the file stays short; empty facts are left out.
        """
        out: dict[str, Any] = {
            "category": self.category,
            "start": self.start,
            "due": self.due,
            "basis": self.basis,
            "article": self.article,
            "count": self.count,
            "period_end": self.period_end,
            "rolled_forward": self.rolled_forward,
            "capped": self.capped,
            "cap": self.cap,
            "holidays": _holiday_ranges(self.holidays),
            "adjusted_workdays": list(self.adjusted_workdays),
            "guessed_years": list(self.guessed_years),
        }
        return {k: v for k, v in out.items() if v not in (None, [], False, 0) or k == "due"}

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> DueDate:
        """Inverse of ``to_record``; raises ``ValueError`` on malformed data.

        Hand-edited or hostile values (``count: .inf``, a date in 9999, a holiday
        range of a million days) are a ``ValueError`` too, never an overflow.
        """
        try:
            return cls._from_record(raw)
        except OverflowError:
            raise ValueError("due_basis: a number out of range") from None

    @classmethod
    def _from_record(cls, raw: dict[str, Any]) -> DueDate:
        def day(value: Any) -> dt.date:
            found = as_date(value)
            if found is None:
                raise ValueError("due_basis: a date expected")
            return found

        return cls(
            category=str(raw["category"]),
            start=day(raw["start"]),
            due=day(raw["due"]),
            basis=str(raw["basis"]),
            article=str(raw.get("article", "")),
            count=int(raw.get("count", 0)),
            period_end=day(raw["period_end"]) if raw.get("period_end") else None,
            rolled_forward=bool(raw.get("rolled_forward", False)),
            capped=bool(raw.get("capped", False)),
            cap=day(raw["cap"]) if raw.get("cap") else None,
            holidays=tuple(
                pair for text in raw.get("holidays") or [] for pair in _parse_holiday_range(text)
            ),
            adjusted_workdays=tuple(day(d) for d in raw.get("adjusted_workdays") or []),
            guessed_years=tuple(int(y) for y in raw.get("guessed_years") or []),
        )


def _holiday_ranges(days: tuple[tuple[dt.date, str], ...]) -> list[str]:
    return [
        f"{a.isoformat()} {n}" if a == b else f"{a.isoformat()}..{b.isoformat()} {n}"
        for a, b, n in day_runs(days)
    ]


def _parse_holiday_range(text: str) -> list[tuple[dt.date, str]]:
    span, _, name = str(text).strip().partition(" ")
    first_text, _, last_text = span.partition("..")
    first = dt.date.fromisoformat(first_text)
    last = dt.date.fromisoformat(last_text) if last_text else first
    if not 0 <= (last - first).days <= 366:  # one holiday, not a span of centuries
        raise ValueError(f"due_basis.holidays: {span!r} is not a holiday range")
    return [(first + dt.timedelta(days=i), name) for i in range((last - first).days + 1)]
