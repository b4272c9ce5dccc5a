"""What ``list`` shows and filters by, of any item: small enough to cache as a tuple.

``list`` over 10,000 items needs a dozen plain values of each (id, title,
state, units, category, due date), not the item with all its history. A
``Line`` holds exactly those; the cache's manifest keeps one for every item
(``store/manifest.py``), as it keeps a ``Brief`` for every open one, so ``list``
decodes small arrays instead of every item. The traffic light comes from the
brief (``reports.data.light``).

The rules are not here: whether an item counts in lists at all is
``Item.counted`` (``history.in_reports``), which ``line_of`` asks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from duchatai.core.model import OPEN_STATUSES, Item, Status

_STATUS = {s.value: s for s in Status}
_OPEN = frozenset(s.value for s in OPEN_STATUSES)
_MAX_DAY = dt.date.max.toordinal()


class Line(NamedTuple):
    """An item as ``list`` sees it. Dates as ordinals (``due_day``); ``counted`` is
    ``Item.counted`` (not withdrawn), ``conflicted`` says a sync left fields to resolve."""

    id: str
    title: str
    category: str
    status_value: str
    lead_unit: str
    co_units: tuple[str, ...]
    due_day: int
    counted: bool
    conflicted: bool

    @property
    def status(self) -> Status:
        """The state, as the enum."""
        return _STATUS[self.status_value]

    @property
    def due(self) -> dt.date:
        """The due date in force."""
        return dt.date.fromordinal(self.due_day)

    @property
    def is_open(self) -> bool:
        """Not yet closed or archived."""
        return self.status_value in _OPEN


def line_of(item: Item) -> Line:
    """The line of an item as it stands."""
    return Line(
        id=item.id,
        title=item.title,
        category=item.category,
        status_value=item.status.value,
        lead_unit=item.lead_unit,
        co_units=tuple(item.co_units),
        due_day=item.due.toordinal(),
        counted=item.counted,
        conflicted=item.conflicted,
    )


def decode_line(row: Any) -> Line:
    """The line a cached JSON array holds; ``ValueError`` when any value is off."""
    if type(row) is not list or len(row) != len(Line._fields):
        raise ValueError("not a line")
    ident, title, category, status, lead, co_units, due, counted, conflicted = row
    if {type(ident), type(title), type(category), type(lead)} != {str} or status not in _STATUS:
        raise ValueError("text expected")
    if type(co_units) is not list or any(type(unit) is not str for unit in co_units):
        raise ValueError("units expected")
    if type(due) is not int or not 0 < due <= _MAX_DAY:
        raise ValueError("date ordinal expected")
    if type(counted) is not bool or type(conflicted) is not bool:
        raise ValueError("boolean expected")
    return Line(ident, title, category, status, lead, tuple(co_units), due, counted, conflicted)
