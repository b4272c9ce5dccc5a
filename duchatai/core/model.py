"""Supervision items (督查事项) as dataclasses, and the procedure (第七条) as states.

Conversion to and from plain mappings lives here (``Item.to_record`` /
``Item.from_record``, each field read by ``fields``); YAML itself is read and
written in ``store/yamlio.py`` alone. A criticism of a unit is ``criticism``'s.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from duchatai.core.errors import TransitionRefused
from duchatai.core.fields import (
    FieldError,
    date_field,
    each_record,
    list_field,
    mapping_field,
    required_date,
    text_field,
)
from duchatai.core.messages import ACTION_LABELS, STATUS_LABELS, is_zh, label, t
from duchatai.core.records import (
    Correction,
    Extension,
    Milestone,
    Note,
    Recheck,
    Report,
    Review,
    Urge,
)


class Status(StrEnum):
    """States of an item, as stored and printed in JSON."""

    REGISTERED = "registered"  # 立项
    ASSIGNED = "assigned"  # 交办, in handling (承办)
    REPORTED = "reported"  # 办理结果已报送, awaiting or past review
    RETURNED = "returned"  # 退回重新办理
    CLOSED = "closed"  # 办结
    ARCHIVED = "archived"  # 归档
    WITHDRAWN = "withdrawn"  # 撤销: registered by mistake, counts in no report or figure


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

_CORRECT = ("edit", "note")
"""更正 while the item is open; a note (备注) in every state."""

# What each state allows (第七条). Reports of progress and weekly reports keep
# the state; a result report moves the item to ``reported``.
ALLOWED: dict[Status, tuple[str, ...]] = {
    Status.REGISTERED: ("assign", "extend", "milestone", "withdraw", *_CORRECT),
    Status.ASSIGNED: ("assign", "urge", "report", "extend", "milestone", "withdraw", *_CORRECT),
    Status.RETURNED: ("assign", "urge", "report", "extend", "milestone", "withdraw", *_CORRECT),
    Status.REPORTED: ("report", "review", "close", "milestone", "withdraw", *_CORRECT),
    Status.CLOSED: ("archive", "recheck", "note"),
    Status.ARCHIVED: ("note",),
    Status.WITHDRAWN: ("note",),
}

# ASCII only: ``\d`` would also match full-width digits (ＤＣ-２０２６-０００１ after
# upper-casing), which name a different file than the id they look like.
ID_PATTERN = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]{0,9})-(?P<year>[0-9]{4})-(?P<num>[0-9]{4,6})$")


def valid_id(text: str) -> bool:
    """Ids are checked against a strict pattern before any path is built from them."""
    return bool(ID_PATTERN.match(text))


@dataclass(slots=True)
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
    withdrawn_on: dt.date | None = None
    withdraw_reason: str = ""
    edits: list[Correction] = field(default_factory=list)  # 更正 (``edit``)
    notes: list[Note] = field(default_factory=list)  # 备注 (``note``)
    rechecks: list[Recheck] = field(default_factory=list)  # 复核 (``recheck``)
    recurring: str = ""
    """``quarterly``: registered once for the year, a report due after each quarter
    (``core.recurring``); its duties are milestones with ``duty: quarterly``."""
    # Fields two clerks changed differently, unresolved (``conflicts:`` written by
    # ``sync``; settled by ``resolve``, which alone removes the key from the file).
    conflicts: list[str] = field(default_factory=list)
    # Real dates of item-level events written backdated, by event:
    # "register", "assign", "close", "archive", "withdraw" (absent when on their own date).
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
    def counted(self) -> bool:
        """Whether the item counts in reports and figures at all: not when withdrawn (撤销).

        A registration made by mistake keeps its file and history but was never
        supervised: it is in no list, report, figure or export, on any day.
        (``history.in_reports`` asks this.)
        """
        return self.withdrawn_on is None and self.status != Status.WITHDRAWN

    @property
    def conflicted(self) -> bool:
        """Whether a sync left fields of this item to resolve (shown ⚠ in every report)."""
        return bool(self.conflicts)

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
            "milestones": [_plain(_values(m)) for m in self.milestones],
            "reports": [_plain(_values(r)) for r in self.reports],
            "urges": [_plain(_values(u)) for u in self.urges],
            "reviews": [_plain(_values(r)) for r in self.reviews],
            "extensions": [_plain(_values(e)) for e in self.extensions],
            "closed_on": self.closed_on,
            "close_note": self.close_note,
            "archived_on": self.archived_on,
            **({"withdrawn_on": self.withdrawn_on} if self.withdrawn_on else {}),
            **({"withdraw_reason": self.withdraw_reason} if self.withdraw_reason else {}),
            **({"recorded_on": dict(self.recorded_on)} if self.recorded_on else {}),
            **({"edits": [_set(_values(c)) for c in self.edits]} if self.edits else {}),
            **({"notes": [_plain(_values(n)) for n in self.notes]} if self.notes else {}),
            **({"rechecks": [_plain(_values(r)) for r in self.rechecks]} if self.rechecks else {}),
            **({"recurring": self.recurring} if self.recurring else {}),
        }

    @classmethod
    def from_record(cls, raw: Any, path: Path | None = None) -> Item:
        """Build an item from a parsed mapping; ``ValueError`` names the bad field."""
        if not isinstance(raw, dict):
            raise ValueError(t("file_not_mapping"))
        status = _status(raw)  # first: of several bad fields, the status is the one named
        return cls(
            id=text_field(raw, "id", required=True),
            title=text_field(raw, "title", required=True),
            category=text_field(raw, "category", required=True),
            start=required_date(raw, "start"),
            due=required_date(raw, "due"),
            status=status,
            kind=text_field(raw, "kind") or "routine",
            weekly=bool(raw.get("weekly") or False),
            complex=bool(raw.get("complex") or False),
            source=text_field(raw, "source"),
            lead_unit=text_field(raw, "lead_unit"),
            co_units=[str(u) for u in list_field(raw, "co_units")],
            responsible=text_field(raw, "responsible"),
            approved_by=text_field(raw, "approved_by"),
            assigned_on=date_field(raw, "assigned_on"),
            registered_by=text_field(raw, "registered_by"),
            methods=[str(m) for m in list_field(raw, "methods")],
            due_basis=mapping_field(raw, "due_basis"),
            milestones=each_record(raw, "milestones", Milestone.from_record),
            reports=each_record(raw, "reports", Report.from_record),
            urges=each_record(raw, "urges", Urge.from_record),
            reviews=each_record(raw, "reviews", Review.from_record),
            extensions=each_record(raw, "extensions", Extension.from_record),
            closed_on=date_field(raw, "closed_on"),
            close_note=text_field(raw, "close_note"),
            archived_on=date_field(raw, "archived_on"),
            withdrawn_on=date_field(raw, "withdrawn_on"),
            withdraw_reason=text_field(raw, "withdraw_reason"),
            recorded_on=_recorded_events(raw),
            edits=each_record(raw, "edits", Correction.from_record),
            notes=each_record(raw, "notes", Note.from_record),
            rechecks=each_record(raw, "rechecks", Recheck.from_record),
            recurring=text_field(raw, "recurring"),
            conflicts=conflict_fields(raw),
            path=path,
        )


def conflict_fields(raw: dict[str, Any]) -> list[str]:
    """The fields named by ``conflicts:`` (``check`` says what is wrong with a malformed
    entry; here any entry at all marks the record as in conflict)."""
    entries = raw.get("conflicts")
    if entries in (None, [], ""):
        return []
    if not isinstance(entries, list):
        return ["conflicts"]
    return [str(e.get("field")) if isinstance(e, dict) else str(e) for e in entries]


def _status(raw: dict[str, Any]) -> Status:
    """The stored ``status:``, ``registered`` when absent; ``FieldError`` naming the states."""
    try:
        return Status(str(raw.get("status", "registered")))
    except ValueError:
        from duchatai.core.names import choices

        every = choices("status", (s.value for s in Status), full_width=is_zh())
        raise FieldError(
            ("status",), t("field_one_of", value=raw.get("status"), choices=every)
        ) from None


def _values(record: Any) -> dict[str, Any]:
    """A record's fields by name, in their order (records are slotted: no ``__dict__``)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    # ``recorded_on`` only when set: most records are written on their own date;
    # a report's ``unit`` only when named (older files have none); a milestone's
    # ``duty`` only for a recurring item's report duties.
    return {k: v for k, v in values.items() if k not in ("recorded_on", "unit", "duty") or v}


def _set(values: dict[str, Any]) -> dict[str, Any]:
    # A correction keeps only what it says: its date and the fields that are set.
    return {k: v for k, v in values.items() if k == "date" or v not in (None, "", [])}


ITEM_EVENTS = ("register", "assign", "close", "archive", "withdraw")
"""The item-level events whose real date ``Item.recorded_on`` may hold."""


def _recorded_events(raw: Any) -> dict[str, dt.date]:
    """``recorded_on:`` of an item: a mapping of event to date; ``ValueError`` otherwise."""
    events = mapping_field(raw, "recorded_on")
    out: dict[str, dt.date] = {}
    for key in events:
        if str(key) not in ITEM_EVENTS:
            wrong = t("field_one_of", value=key, choices=", ".join(ITEM_EVENTS))
            raise FieldError(("recorded_on", str(key)), wrong)
        out[str(key)] = required_date(events, key)
    return out
