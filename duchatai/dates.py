"""Dates as people type them.

Accepted: ``2026-10-10``, ``2026/10/10``, ``2026.10.10``, ``20261010``,
``2026年10月10日``, and ``10月10日`` (the year of "today", which is passed in).
"""

from __future__ import annotations

import datetime as dt
import re

from duchatai.errors import InvalidInput

_FULL = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ZH_FULL = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_ZH_SHORT = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")

ACCEPTED_FORMS = "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日, M月D日"


def parse_date(text: str, today: dt.date, *, what: str = "date") -> dt.date:
    """Parse a date typed by a person; raise ``InvalidInput`` naming the accepted forms."""
    raw = text.strip()
    match = _FULL.match(raw) or _COMPACT.match(raw) or _ZH_FULL.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        short = _ZH_SHORT.match(raw)
        if not short:
            raise InvalidInput(_bad(what, text))
        year = today.year
        month, day = (int(g) for g in short.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(_bad(what, text)) from None


def _bad(what: str, text: str) -> str:
    from duchatai.messages import t

    return t("bad_date", what=what, text=text, forms=ACCEPTED_FORMS)


def as_date(value: object) -> dt.date | None:
    """A stored date value (date, datetime or ISO string) as a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def iso_week(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-Www`` as (Monday, Sunday)."""
    match = re.match(r"^(\d{4})-?W(\d{1,2})$", text.strip(), re.IGNORECASE)
    if not match:
        from duchatai.messages import t

        raise InvalidInput(t("bad_week", text=text))
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        from duchatai.messages import t

        raise InvalidInput(t("bad_week", text=text)) from None
    return monday, monday + dt.timedelta(days=6)
