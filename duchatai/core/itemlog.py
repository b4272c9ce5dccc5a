"""``log ID``'s rows: each commit of an item, with the business date of what it recorded.

A commit's time says when a clerk typed the change; the office asks when it
happened: the date of the report, the urge, the review, the closing. Both
versions of the item around a commit are compared (``business_date``): the
records it added and the item-level dates it set are what it recorded, and
their date is the row's; a commit that recorded no dated thing (re-assigning
to the same date, an undo, a hand edit) is dated by its commit. The action is
the commit subject's first word, which the contract keeps machine-readable
(``register DC-2026-0001: …``); the subject itself is shown unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duchatai.core.model import Item

STEPS = (
    "register",
    "assign",
    "urge",
    "report",
    "review",
    "extend",
    "close",
    "withdraw",
    "archive",
    "milestone",
    "criticize",
    "rectify",
    "import",
    "edit",
    "note",
    "resolve",
    "recheck",
    "calendar",
    "notice",
    "bulletin",
    "item-report",
    "replies",
)
"""The first word of the subject of every commit a duchatai command makes (the contract's
machine-readable first line): what ``undo`` takes back and ``log`` names."""

UNDO = "undo"
"""The first word of an undo commit's subject."""

_RECORD_LISTS = ("reports", "urges", "reviews", "extensions", "edits", "notes", "rechecks")
_ITEM_DATES = ("start", "assigned_on", "closed_on", "archived_on", "withdrawn_on")


@dataclass(frozen=True)
class LogRow:
    """One change of an item as ``log`` shows it."""

    day: dt.date
    """The business date: when what the commit recorded happened."""
    action: str
    """One of ``STEPS``, ``UNDO`` or ``other`` (``action_of``)."""
    who: str
    """The commit's author: the clerk who acted (the contract's "author is the actor")."""
    recorded: str
    """When the commit was made (``YYYY-MM-DD HH:MM``)."""
    commit: str
    subject: str
    """The commit's first line, as the contract writes it."""


def first_word(subject: str) -> str:
    """A commit subject's first word: the command that made it (``report DC-…: …``)."""
    return subject.split(" ", 1)[0].rstrip(":")


def action_of(subject: str) -> str:
    """The action ``log`` names for a commit: one of ``STEPS`` or ``UNDO``, else ``other``
    (a hand commit, a merge); ``log_action_<action>`` in ``core.messages`` says it."""
    word = first_word(subject)
    return word if word in STEPS or word == UNDO else "other"


def business_date(before: Item | None, after: Item | None, committed: dt.date) -> dt.date:
    """The date of what a commit recorded, ``before`` and ``after`` being the item around it.

    The latest date among the records ``after`` holds that ``before`` did not
    (reports, urges, reviews, extensions, corrections, notes), the milestones it
    marked done, and the item-level dates it set or changed (registered,
    assigned, closed, archived, withdrawn). ``committed`` when there is none:
    the commit took something back, or changed no dated thing, or an item
    version could not be read.
    """
    if after is None:
        return committed
    days: list[dt.date] = []
    for name in _RECORD_LISTS:
        old = getattr(before, name) if before is not None else []
        days += [record.date for record in getattr(after, name) if record not in old]
    done_before = {(m.title, m.done) for m in before.milestones} if before is not None else set()
    days += [m.done for m in after.milestones if m.done and (m.title, m.done) not in done_before]
    for name in _ITEM_DATES:
        day = getattr(after, name)
        if day is not None and (before is None or getattr(before, name) != day):
            days.append(day)
    return max(days) if days else committed


def log_row(
    commit: str, author: str, when: str, subject: str, before: Item | None, after: Item | None
) -> LogRow:
    """The row of one commit (``when`` its time, ``YYYY-MM-DD HH:MM``)."""
    committed = dt.date.fromisoformat(when[:10])
    return LogRow(
        day=business_date(before, after, committed),
        action=action_of(subject),
        who=author,
        recorded=when,
        commit=commit,
        subject=subject,
    )
