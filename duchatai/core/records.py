"""The records an item keeps of what happened to it (its history), as dataclasses.

Reports, urges, reviews, extensions and milestones (第七条, 第十六条–第十八条),
and the corrections (更正, ``edit``) and free notes (备注, ``note``) a clerk adds.
Each builds itself from one entry of its list in the item's file
(``from_record``); ``model.Item`` holds the lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from duchatai.core.fields import (
    count_field,
    date_field,
    list_field,
    required_date,
    text_field,
)


@dataclass(slots=True)
class Report:
    """A unit's report to the office (第十六条, 第十七条).

    ``recorded_on`` is the real date the record was written when that is
    later than its business ``date`` (a backdated entry, ``--today`` in the
    past); None, and absent from the file to keep it small, when it was
    written on its own date. Urges, reviews, extensions, milestones and
    criticisms carry it alike; figures judge on ``effective_date``. ``unit`` is
    the unit that reported (协办单位 report their part, 第十二条); "" in older files.
    """

    date: dt.date
    kind: str
    text: str
    by: str = ""
    signed_by: str = ""
    sealed: bool = False
    recorded_on: dt.date | None = None
    unit: str = ""

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Report:
        """Build from one entry of ``reports:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            kind=text_field(raw, "kind", required=True),
            text=text_field(raw, "text"),
            by=text_field(raw, "by"),
            signed_by=text_field(raw, "signed_by"),
            sealed=bool(raw.get("sealed") or False),
            recorded_on=date_field(raw, "recorded_on"),
            unit=text_field(raw, "unit"),
        )


@dataclass(slots=True)
class Urge:
    """One 催办 (第七条(五)) and the method used (第八条)."""

    date: dt.date
    method: str = "phone"
    note: str = ""
    by: str = ""
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Urge:
        """Build from one entry of ``urges:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            method=text_field(raw, "method") or "phone",
            note=text_field(raw, "note"),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
        )


@dataclass(slots=True)
class Review:
    """审核 (第七条(六)). ``reports_seen`` counts the reports the review judged."""

    date: dt.date
    accepted: bool
    reason: str = ""
    by: str = ""
    reports_seen: int = 0
    previous_due: dt.date | None = None
    new_due: dt.date | None = None
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Review:
        """Build from one entry of ``reviews:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            accepted=bool(raw.get("accepted")),
            reason=text_field(raw, "reason"),
            by=text_field(raw, "by"),
            reports_seen=count_field(raw, "reports_seen"),
            previous_due=date_field(raw, "previous_due"),
            new_due=date_field(raw, "new_due"),
            recorded_on=date_field(raw, "recorded_on"),
        )


@dataclass(slots=True)
class Extension:
    """延长办理期限 (第十八条)."""

    date: dt.date
    previous_due: dt.date
    until: dt.date
    reason: str
    progress: str = ""
    next_steps: str = ""
    late: bool = False
    by: str = ""
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Extension:
        """Build from one entry of ``extensions:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            previous_due=required_date(raw, "previous_due"),
            until=required_date(raw, "until"),
            reason=text_field(raw, "reason"),
            progress=text_field(raw, "progress"),
            next_steps=text_field(raw, "next_steps"),
            late=bool(raw.get("late") or False),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
        )


@dataclass(slots=True)
class Milestone:
    """节点任务 (第七条(二)); ``done`` is the day it was completed.

    ``recorded_on`` is the real date the completion was written, when later
    than ``done`` (see ``Report``).
    """

    title: str
    due: dt.date
    done: dt.date | None = None
    recorded_on: dt.date | None = None
    duty: str = ""
    """``quarterly``: a quarter's report duty of a recurring item (``recurring``), done by
    the lead unit's report; empty for a milestone the clerk set."""

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Milestone:
        """Build from one entry of ``milestones:``; ``FieldError`` names the bad field."""
        return cls(
            title=text_field(raw, "title", required=True),
            due=required_date(raw, "due"),
            done=date_field(raw, "done"),
            recorded_on=date_field(raw, "recorded_on"),
            duty=text_field(raw, "duty"),
        )


@dataclass(slots=True)
class Note:
    """备注: a dated free note a clerk adds to the item's history (``note``)."""

    date: dt.date
    text: str
    by: str = ""
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Note:
        """Build from one entry of ``notes:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            text=text_field(raw, "text", required=True),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
        )


@dataclass(slots=True)
class Recheck:
    """复核 / 回头看 (第八条(七)) of a closed item: the finding, and whether the closing held.

    A recheck that reopens the item (``held`` false) keeps the closing it undid
    (``closed_on``, ``close_note``: ``history.as_of`` shows the item closed on
    the days before) and the new due date; the item is then back in handling,
    returned with that due date, as after a rejecting review.
    """

    date: dt.date
    finding: str
    held: bool
    closed_on: dt.date | None = None
    close_note: str = ""
    new_due: dt.date | None = None
    by: str = ""
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Recheck:
        """Build from one entry of ``rechecks:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            finding=text_field(raw, "finding", required=True),
            held=bool(raw.get("held")),
            closed_on=date_field(raw, "closed_on"),
            close_note=text_field(raw, "close_note"),
            new_due=date_field(raw, "new_due"),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
        )


@dataclass(slots=True)
class Correction:
    """更正: what ``edit`` changed of the registration, and why.

    ``fields`` names the fields changed (``title``, ``due``…). A due date that
    changed (given with a reason, or recomputed for a new category) keeps
    ``previous_due`` and ``new_due``; ``reason`` is required for an explicit due date.
    """

    date: dt.date
    fields: list[str] = field(default_factory=list)
    reason: str = ""
    previous_due: dt.date | None = None
    new_due: dt.date | None = None
    by: str = ""
    recorded_on: dt.date | None = None

    @classmethod
    def from_record(cls, raw: dict[str, Any]) -> Correction:
        """Build from one entry of ``edits:``; ``FieldError`` names the bad field."""
        return cls(
            date=required_date(raw, "date"),
            fields=[str(f) for f in list_field(raw, "fields")],
            reason=text_field(raw, "reason"),
            previous_due=date_field(raw, "previous_due"),
            new_due=date_field(raw, "new_due"),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
        )
