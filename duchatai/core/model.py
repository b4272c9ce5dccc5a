"""Supervision items (督查事项) as dataclasses, and the procedure (第七条) as states.

Conversion to and from plain mappings lives here (``Item.to_record`` /
``Item.from_record``); YAML itself is read and written in ``store/yamlio.py`` alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from duchatai.core.dates import MAX_DATE, MAX_YEAR, MIN_DATE, MIN_YEAR, as_date
from duchatai.core.errors import TransitionRefused


class Status(StrEnum):
    """States of an item, as stored and printed in JSON."""

    REGISTERED = "registered"  # 立项
    ASSIGNED = "assigned"  # 交办, in handling (承办)
    REPORTED = "reported"  # 办理结果已报送, awaiting or past review
    RETURNED = "returned"  # 退回重新办理
    CLOSED = "closed"  # 办结
    ARCHIVED = "archived"  # 归档


OPEN_STATUSES = frozenset({Status.REGISTERED, Status.ASSIGNED, Status.REPORTED, Status.RETURNED})

KINDS = ("routine", "comprehensive")
METHODS = (
    "written",
    "phone",
    "meeting",
    "onsite",
    "joint",
    "ledger",
    "recheck",
    "inspection",
    "research",
)
REPORT_KINDS = ("result", "progress", "weekly")

# What each state allows (第七条). Reports of progress and weekly reports keep
# the state; a result report moves the item to ``reported``.
ALLOWED: dict[Status, tuple[str, ...]] = {
    Status.REGISTERED: ("assign", "extend", "milestone"),
    Status.ASSIGNED: ("assign", "urge", "report", "extend", "milestone"),
    Status.RETURNED: ("assign", "urge", "report", "extend", "milestone"),
    Status.REPORTED: ("report", "review", "close", "milestone"),
    Status.CLOSED: ("archive",),
    Status.ARCHIVED: (),
}

# ASCII only: ``\d`` would also match full-width digits (ＤＣ-２０２６-０００１ after
# upper-casing), which name a different file than the id they look like.
ID_PATTERN = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]{0,9})-(?P<year>[0-9]{4})-(?P<num>[0-9]{4,6})$")


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


def valid_id(text: str) -> bool:
    """Ids are checked against a strict pattern before any path is built from them."""
    return bool(ID_PATTERN.match(text))


@dataclass
class Report:
    """A unit's report to the office (第十六条, 第十七条).

    ``recorded_on`` is the real date the record was written when that is
    later than its business ``date`` (a backdated entry, ``--today`` in the
    past); None, and absent from the file to keep it small, when it was
    written on its own date. Urges, reviews, extensions, milestones and
    criticisms carry it alike; figures judge on ``effective_date``.
    """

    date: dt.date
    kind: str
    text: str
    by: str = ""
    signed_by: str = ""
    sealed: bool = False
    recorded_on: dt.date | None = None


@dataclass
class Urge:
    """One 催办 (第七条(五)) and the method used (第八条)."""

    date: dt.date
    method: str = "phone"
    note: str = ""
    by: str = ""
    recorded_on: dt.date | None = None


@dataclass
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


@dataclass
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


@dataclass
class Milestone:
    """节点任务 (第七条(二)); ``done`` is the day it was completed.

    ``recorded_on`` is the real date the completion was written, when later
    than ``done`` (see ``Report``).
    """

    title: str
    due: dt.date
    done: dt.date | None = None
    recorded_on: dt.date | None = None


@dataclass
class Item:
    """One supervision item (督查事项); ``path`` remembers where it was read from."""

    id: str
    title: str
    category: str
    start: dt.date
    due: dt.date
    status: Status = Status.REGISTERED
    kind: str = "routine"
    weekly: bool = False
    complex: bool = False
    source: str = ""
    lead_unit: str = ""
    co_units: list[str] = field(default_factory=list)
    responsible: str = ""
    approved_by: str = ""
    assigned_on: dt.date | None = None
    registered_by: str = ""
    methods: list[str] = field(default_factory=list)
    due_basis: dict[str, Any] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    urges: list[Urge] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    closed_on: dt.date | None = None
    close_note: str = ""
    archived_on: dt.date | None = None
    # Real dates of item-level events written backdated, by event:
    # "register", "assign", "close", "archive" (absent when on their own date).
    recorded_on: dict[str, dt.date] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False)

    # -- procedure -------------------------------------------------------

    def allowed(self) -> tuple[str, ...]:
        """The actions the procedure allows in the current state."""
        return ALLOWED[self.status]

    def require(self, action: str) -> None:
        """Raise ``TransitionRefused`` unless ``action`` is allowed now."""
        if action in self.allowed():
            return
        from duchatai.core.messages import ACTION_LABELS, STATUS_LABELS, label, t

        allowed = ", ".join(label(ACTION_LABELS, a) for a in self.allowed())
        raise TransitionRefused(
            t(
                "transition",
                id=self.id,
                status=label(STATUS_LABELS, self.status.value),
                action=label(ACTION_LABELS, action),
                allowed=allowed or t("nothing_allowed"),
            )
        )

    @property
    def is_open(self) -> bool:
        """Not yet closed or archived."""
        return self.status in OPEN_STATUSES

    def last_rejection_seen(self) -> int:
        """Reports before this index were judged by a rejecting review."""
        seen = 0
        for review in self.reviews:
            if not review.accepted:
                seen = review.reports_seen
        return seen

    # -- plain mappings ----------------------------------------------------

    def to_record(self) -> dict[str, Any]:
        """The item as a plain mapping, keys in the order the file shows them."""
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "kind": self.kind,
            "status": self.status.value,
            "start": self.start,
            "due": self.due,
            "weekly": self.weekly,
            "complex": self.complex,
            "source": self.source,
            "lead_unit": self.lead_unit,
            "co_units": list(self.co_units),
            "responsible": self.responsible,
            "approved_by": self.approved_by,
            "assigned_on": self.assigned_on,
            "registered_by": self.registered_by,
            "methods": list(self.methods),
            "due_basis": dict(self.due_basis),
            "milestones": [_plain(m.__dict__) for m in self.milestones],
            "reports": [_plain(r.__dict__) for r in self.reports],
            "urges": [_plain(u.__dict__) for u in self.urges],
            "reviews": [_plain(r.__dict__) for r in self.reviews],
            "extensions": [_plain(e.__dict__) for e in self.extensions],
            "closed_on": self.closed_on,
            "close_note": self.close_note,
            "archived_on": self.archived_on,
            **({"recorded_on": dict(self.recorded_on)} if self.recorded_on else {}),
        }

    @classmethod
    def from_record(cls, raw: Any, path: Path | None = None) -> Item:
        """Build an item from a parsed mapping; ``ValueError`` names the bad field."""
        if not isinstance(raw, dict):
            raise ValueError("the file does not hold a mapping of fields")
        try:
            status = Status(str(raw.get("status", "registered")))
        except ValueError:
            raise FieldError(
                ("status",),
                f"{raw.get('status')!r} is not one of " + ", ".join(s.value for s in Status),
            ) from None
        return cls(
            id=_text(raw, "id", required=True),
            title=_text(raw, "title", required=True),
            category=_text(raw, "category", required=True),
            start=_day(raw, "start", required=True),  # type: ignore[arg-type]
            due=_day(raw, "due", required=True),  # type: ignore[arg-type]
            status=status,
            kind=_text(raw, "kind") or "routine",
            weekly=bool(raw.get("weekly") or False),
            complex=bool(raw.get("complex") or False),
            source=_text(raw, "source"),
            lead_unit=_text(raw, "lead_unit"),
            co_units=[str(u) for u in _list(raw, "co_units")],
            responsible=_text(raw, "responsible"),
            approved_by=_text(raw, "approved_by"),
            assigned_on=_day(raw, "assigned_on"),
            registered_by=_text(raw, "registered_by"),
            methods=[str(m) for m in _list(raw, "methods")],
            due_basis=_mapping(raw, "due_basis"),
            milestones=_each(
                raw,
                "milestones",
                lambda m: Milestone(
                    title=_text(m, "title", required=True),
                    due=_day(m, "due", required=True),  # type: ignore[arg-type]
                    done=_day(m, "done"),
                    recorded_on=_day(m, "recorded_on"),
                ),
            ),
            reports=_each(
                raw,
                "reports",
                lambda r: Report(
                    date=_day(r, "date", required=True),  # type: ignore[arg-type]
                    kind=_text(r, "kind", required=True),
                    text=_text(r, "text"),
                    by=_text(r, "by"),
                    signed_by=_text(r, "signed_by"),
                    sealed=bool(r.get("sealed") or False),
                    recorded_on=_day(r, "recorded_on"),
                ),
            ),
            urges=_each(
                raw,
                "urges",
                lambda u: Urge(
                    date=_day(u, "date", required=True),  # type: ignore[arg-type]
                    method=_text(u, "method") or "phone",
                    note=_text(u, "note"),
                    by=_text(u, "by"),
                    recorded_on=_day(u, "recorded_on"),
                ),
            ),
            reviews=_each(
                raw,
                "reviews",
                lambda r: Review(
                    date=_day(r, "date", required=True),  # type: ignore[arg-type]
                    accepted=bool(r.get("accepted")),
                    reason=_text(r, "reason"),
                    by=_text(r, "by"),
                    reports_seen=_count(r, "reports_seen"),
                    previous_due=_day(r, "previous_due"),
                    new_due=_day(r, "new_due"),
                    recorded_on=_day(r, "recorded_on"),
                ),
            ),
            extensions=_each(
                raw,
                "extensions",
                lambda e: Extension(
                    date=_day(e, "date", required=True),  # type: ignore[arg-type]
                    previous_due=_day(e, "previous_due", required=True),  # type: ignore[arg-type]
                    until=_day(e, "until", required=True),  # type: ignore[arg-type]
                    reason=_text(e, "reason"),
                    progress=_text(e, "progress"),
                    next_steps=_text(e, "next_steps"),
                    late=bool(e.get("late") or False),
                    by=_text(e, "by"),
                    recorded_on=_day(e, "recorded_on"),
                ),
            ),
            closed_on=_day(raw, "closed_on"),
            close_note=_text(raw, "close_note"),
            archived_on=_day(raw, "archived_on"),
            recorded_on=_recorded_events(raw),
            path=path,
        )


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    # ``recorded_on`` only when set: most records are written on their own date.
    return {k: v for k, v in values.items() if k != "recorded_on" or v is not None}


ITEM_EVENTS = ("register", "assign", "close", "archive")
"""The item-level events whose real date ``Item.recorded_on`` may hold."""


def _recorded_events(raw: Any) -> dict[str, dt.date]:
    """``recorded_on:`` of an item: a mapping of event to date; ``ValueError`` otherwise."""
    events = _mapping(raw, "recorded_on")
    out: dict[str, dt.date] = {}
    for key in events:
        if str(key) not in ITEM_EVENTS:
            raise ValueError(f"recorded_on: {key!r} is not one of " + ", ".join(ITEM_EVENTS))
        day = _day(events, key, required=True)
        assert day is not None
        out[str(key)] = day
    return out


def _text(raw: Any, key: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise FieldError((key,), "missing")
        return ""
    if isinstance(value, dict | list):
        raise FieldError((key,), "text expected")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _day(raw: Any, key: str, *, required: bool = False) -> dt.date | None:
    """A stored date within the years the tool accepts (``dates.as_date``)."""
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise FieldError((key,), "missing date")
        return None
    if type(value) is dt.date and MIN_DATE <= value <= MAX_DATE:
        return value  # the common case, on the path of every read: no call
    if isinstance(value, bool | float | dict | list):
        raise FieldError((key,), f"{value!r} is not a date YYYY-MM-DD")
    try:
        return as_date(value)
    except ValueError:
        if isinstance(value, dt.date):
            raise FieldError(
                (key,), f"{value} is outside the years {MIN_YEAR}-{MAX_YEAR}"
            ) from None
        raise FieldError((key,), f"{value!r} is not a date YYYY-MM-DD within the years "
                         f"{MIN_YEAR}-{MAX_YEAR}") from None


def _count(raw: Any, key: str) -> int:
    """A whole number >= 0 stored by the tool (``reports_seen``); bounded, never a float."""
    value = raw.get(key)
    if value is None:
        return 0
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise FieldError((key,), f"{value!r} is not a whole number 0-1000000")
    return value


def _mapping(raw: Any, key: str) -> dict[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError((key,), "a mapping expected")
    return dict(value)


def _list(raw: Any, key: str) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldError((key,), "a list expected")
    return value


def _records(raw: Any, key: str) -> list[dict[str, Any]]:
    values = _list(raw, key)
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise FieldError((key, index), "a mapping expected")
    return values


def _each(raw: Any, key: str, build: Any) -> list[Any]:
    """``build`` applied to each record of the list ``key``; errors name the record's field."""
    out = []
    for index, record in enumerate(_records(raw, key)):
        try:
            out.append(build(record))
        except FieldError as error:
            raise FieldError((key, index, *error.field), error.reason) from None
    return out


@dataclass
class Criticism:
    """通报批评 of a unit (第二十条(一)), kept in its own file so it outlives items."""

    id: str
    unit: str
    date: dt.date
    reason: str
    items: list[str] = field(default_factory=list)
    rectify_by: dt.date | None = None
    rectified_on: dt.date | None = None
    by: str = ""
    recorded_on: dt.date | None = None  # the real date, when later than ``date``
    rectified_recorded_on: dt.date | None = None  # the same for ``rectified_on``
    path: Path | None = field(default=None, compare=False)

    def to_record(self) -> dict[str, Any]:
        """The criticism as a plain mapping."""
        return {
            "id": self.id,
            "unit": self.unit,
            "date": self.date,
            "reason": self.reason,
            "items": list(self.items),
            "rectify_by": self.rectify_by,
            "rectified_on": self.rectified_on,
            "by": self.by,
            **({"recorded_on": self.recorded_on} if self.recorded_on else {}),
            **(
                {"rectified_recorded_on": self.rectified_recorded_on}
                if self.rectified_recorded_on
                else {}
            ),
        }

    @classmethod
    def from_record(cls, raw: Any, path: Path | None = None) -> Criticism:
        """Build from a parsed mapping; ``ValueError`` names the bad field."""
        if not isinstance(raw, dict):
            raise ValueError("the file does not hold a mapping of fields")
        return cls(
            id=_text(raw, "id", required=True),
            unit=_text(raw, "unit", required=True),
            date=_day(raw, "date", required=True),  # type: ignore[arg-type]
            reason=_text(raw, "reason"),
            items=[str(i) for i in _list(raw, "items")],
            rectify_by=_day(raw, "rectify_by"),
            rectified_on=_day(raw, "rectified_on"),
            by=_text(raw, "by"),
            recorded_on=_day(raw, "recorded_on"),
            rectified_recorded_on=_day(raw, "rectified_recorded_on"),
            path=path,
        )
