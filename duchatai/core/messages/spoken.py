"""Typing what people say (issue 15): dates without a year, names of stored values."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "date_year_chosen": (
        "{what}“{text}”按 {date} 计",
        "{what} {text!r} taken as {date}",
    ),
}
