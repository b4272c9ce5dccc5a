"""When a registration's dates look like a mistake rather than a late entry.

A start date more than a year before today, or a due date that has already
passed, is most often a typo (``2025`` for ``2026``); a clerk entering an old
paper record says so with ``register --backdate``. One rule, here.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.messages import t


def year_before(today: dt.date) -> dt.date:
    """The same day a year before ``today`` (02-29 → 02-28)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def implausible_dates(start: dt.date, due: dt.date, today: dt.date) -> str | None:
    """Why a registration starting on ``start`` and due on ``due`` needs ``--backdate``
    on ``today``, or None when it does not: a start more than a year ago (before the
    same day a year back), or a due date before today (due today is still in time)."""
    limit = year_before(today)
    if start < limit:
        return t("start_long_ago", start=start, limit=limit)
    if due < today:
        return t("due_passed", due=due, today=today)
    return None
