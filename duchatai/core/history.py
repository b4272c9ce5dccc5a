"""An item's history: what its records say about its state and dates.

The one home of these rules: the state the records put an item in
(``status_of``, 第七条), the item as it stood on a past day (``as_of``, for
reports with ``--today`` in the past; a withdrawn item is in no report,
``in_reports``), the date a record was really made (``effective_date``:
``recorded_on`` when a write was backdated), and whose report answers for the
item (``by_lead``, 第十二条).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
from typing import Any

from duchatai.core.model import Item, Report, Status


def by_lead(item: Item, report: Report) -> bool:
    """Whether ``report`` is the lead unit's (主办单位, 第十二条): only it answers a deadline
    or moves the item; a co-unit (协办单位) reports its part. Unnamed: the lead's."""
    return not report.unit or report.unit == item.lead_unit


def in_reports(item: Item) -> bool:
    """Whether the item counts in reports and figures at all (``Item.counted``: not when
    withdrawn, 撤销)."""
    return item.counted


def units_named(item: Item) -> list[str]:
    """The units an item names (its lead unit, then its co-units), as the ledger knows
    them: none for a withdrawn item (``in_reports``)."""
    if not in_reports(item):
        return []
    return [unit for unit in (item.lead_unit, *item.co_units) if unit]


def effective_date(record: Any, business: dt.date | None = None) -> dt.date:
    """The date a record was really made: ``recorded_on`` when set, else its business date.

    ``record`` is a ``Report``, ``Urge``, ``Review``, ``Extension`` or
    ``Criticism`` (their ``date``); for another date (a milestone's ``done``)
    pass it as ``business``. Figures that judge timeliness (``stats``) use
    this, so that a record backdated with ``--today`` counts when it was made.
    """
    recorded: dt.date | None = getattr(record, "recorded_on", None)
    day = business if business is not None else record.date
    return recorded if recorded is not None and recorded > day else day


def effective_event(item: Item, event: str, business: dt.date | None) -> dt.date | None:
    """The real date of an item-level event (``close``…): ``recorded_on`` when later."""
    if business is None:
        return None
    recorded = item.recorded_on.get(event)
    return recorded if recorded is not None and recorded > business else business


def as_of(item: Item, day: dt.date) -> Item | None:
    """The item as the ledger showed it at the end of ``day``; None before it existed.

    Records dated after ``day`` are dropped and the state and due date in force
    are rebuilt from what remains, so that a report for a past date (``--today``)
    shows what it would have shown that day. A withdrawn item is None on every
    day (``in_reports``): every report rolls its items back here.
    """
    if item.start > day or not in_reports(item):
        return None
    if _all_dated_by(item, day):
        return item
    past = copy.deepcopy(item)
    past.path = item.path
    past.due = _due_on(item, day)
    past.reports = [r for r in item.reports if r.date <= day]
    past.reviews = [
        r for r in item.reviews if r.date <= day and r.reports_seen <= len(past.reports)
    ]
    past.extensions = [e for e in item.extensions if e.date <= day]
    past.urges = [u for u in item.urges if u.date <= day]
    past.milestones = [
        replace(m) if m.done and m.done <= day else replace(m, done=None, recorded_on=None)
        for m in item.milestones
    ]
    if item.assigned_on and item.assigned_on > day:
        past.assigned_on = None
    if item.closed_on and item.closed_on > day:
        past.closed_on = None
        past.close_note = ""
    if item.archived_on and item.archived_on > day:
        past.archived_on = None
    past.rechecks = [r for r in item.rechecks if r.date <= day]
    undone = next((r for r in item.rechecks if r.date > day and not r.held), None)
    if undone is not None and undone.closed_on is not None and undone.closed_on <= day:
        past.closed_on, past.close_note = undone.closed_on, undone.close_note  # reopened later
    kept = {"assign": past.assigned_on, "close": past.closed_on, "archive": past.archived_on}
    past.recorded_on = {
        event: real
        for event, real in item.recorded_on.items()
        if event == "register" or kept.get(event) is not None
    }
    past.status = status_of(past)
    return past


def _all_dated_by(item: Item, day: dt.date) -> bool:
    """Whether every record of the item is dated ``day`` or earlier (nothing to undo)."""
    return (
        all(r.date <= day for r in item.reports)
        and all(r.date <= day for r in item.reviews)
        and all(e.date <= day for e in item.extensions)
        and all(u.date <= day for u in item.urges)
        and all(m.done is None or m.done <= day for m in item.milestones)
        and all(r.date <= day for r in item.rechecks)
        and (item.closed_on is None or item.closed_on <= day)
        and (item.archived_on is None or item.archived_on <= day)
        and (item.assigned_on is None or item.assigned_on <= day)
    )


def _due_on(item: Item, day: dt.date) -> dt.date:
    """The due date in force on ``day``: due-date changes made after it undone, latest first."""
    due = item.due
    changes: list[tuple[dt.date, dt.date]] = [
        (e.date, e.previous_due) for e in item.extensions if e.date > day
    ]
    changes += [
        (r.date, r.previous_due)
        for r in item.reviews
        if r.date > day and not r.accepted and r.previous_due is not None
    ]
    for _, previous in sorted(changes, key=lambda c: c[0], reverse=True):
        due = previous
    return due


def status_of(item: Item) -> Status:
    """The state the item's records put it in (第七条): the one home of that rule.

    ``procedure`` sets ``status`` from this after every change, and ``as_of``
    rebuilds a past day's state with it. Archived once archived; closed once
    closed; a result report not yet judged by a rejecting review makes it
    ``reported``; a rejection without a new result, ``returned``; otherwise
    ``assigned`` once assigned, else ``registered``. Progress and weekly
    reports, a co-unit's reports (``by_lead``), urges, extensions and
    milestones do not move it. Withdrawn (撤销) once withdrawn.
    """
    if item.withdrawn_on is not None:
        return Status.WITHDRAWN
    if item.archived_on is not None:
        return Status.ARCHIVED
    if item.closed_on is not None:
        return Status.CLOSED
    seen = item.last_rejection_seen()
    rejected = any(not r.accepted for r in item.reviews)
    if any(r.kind == "result" and by_lead(item, r) for r in item.reports[seen:]):
        return Status.REPORTED
    if rejected:
        return Status.RETURNED
    return Status.ASSIGNED if item.assigned_on is not None else Status.REGISTERED
