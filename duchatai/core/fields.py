"""Reading the fields of a stored record (a parsed YAML mapping), one type at a time.

Each getter returns the field's value or raises ``FieldError`` naming the field,
so that ``check`` can point at its line and a broken file is skipped with the
reason. ``model``'s ``from_record`` methods are built from these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from duchatai.core.dates import MAX_DATE, MAX_YEAR, MIN_DATE, MIN_YEAR, as_date
from duchatai.core.messages import t

_Record = TypeVar("_Record")


class FieldError(ValueError):
    """A field of a record that cannot be read; ``field`` is its path in the document.

    ``field`` is a tuple of keys and list positions (``("reports", 0, "date")``)
    so that ``check`` can name the exact line; the message starts with the
    field as a clerk reads it (``reports[1].date: ...``).
    """

    def __init__(self, field: tuple[str | int, ...], message: str) -> None:
        self.field = field
        self.reason = message
        super().__init__(f"{field_name(field)}: {message}")


def field_name(field: tuple[str | int, ...]) -> str:
    """``("reports", 0, "date")`` as ``reports[1].date`` (positions counted from 1)."""
    out = ""
    for part in field:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


def text_field(raw: Any, key: str, *, required: bool = False) -> str:
    """A text field; empty when absent, a date as ``YYYY-MM-DD``, never a mapping or list."""
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise FieldError((key,), t("field_missing"))
        return ""
    if isinstance(value, dict | list):
        raise FieldError((key,), t("field_text"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def date_field(raw: Any, key: str, *, required: bool = False) -> dt.date | None:
    """A stored date within the years the tool accepts (``dates.as_date``)."""
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise FieldError((key,), t("field_missing_date"))
        return None
    if type(value) is dt.date and MIN_DATE <= value <= MAX_DATE:
        return value  # the common case, on the path of every read: no call
    if isinstance(value, bool | float | dict | list):
        raise FieldError((key,), t("field_not_date", value=value))
    try:
        return as_date(value)
    except ValueError:
        if isinstance(value, dt.date):
            outside = t("field_date_outside", value=value, low=MIN_YEAR, high=MAX_YEAR)
            raise FieldError((key,), outside) from None
        wrong = t("field_date_range", value=value, low=MIN_YEAR, high=MAX_YEAR)
        raise FieldError((key,), wrong) from None


def required_date(raw: Any, key: str) -> dt.date:
    """A date field that must be present (``date_field`` with ``required``)."""
    day = date_field(raw, key, required=True)
    assert day is not None  # required: a missing date raised
    return day


def count_field(raw: Any, key: str) -> int:
    """A whole number >= 0 stored by the tool (``reports_seen``); bounded, never a float."""
    value = raw.get(key)
    if value is None:
        return 0
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise FieldError((key,), t("field_count", value=value))
    return value


def mapping_field(raw: Any, key: str) -> dict[str, Any]:
    """A mapping field (a copy); empty when absent."""
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError((key,), t("field_mapping"))
    return dict(value)


def list_field(raw: Any, key: str) -> list[Any]:
    """A list field; empty when absent."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError((key,), t("field_list"))
    return value


def _records(raw: Any, key: str) -> list[dict[str, Any]]:
    values = list_field(raw, key)
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise FieldError((key, index), t("field_mapping"))
    return values


def each_record(raw: Any, key: str, build: Callable[[dict[str, Any]], _Record]) -> list[_Record]:
    """``build`` applied to each record of the list ``key``; errors name the record's field."""
    out = []
    for index, record in enumerate(_records(raw, key)):
        try:
            out.append(build(record))
        except FieldError as error:
            raise FieldError((key, index, *error.field), error.reason) from None
    return out
