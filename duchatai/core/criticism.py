"""A criticism (通报批评) of a unit, kept in its own file under ``criticisms/``.

Criticisms outlive the items that caused them: the escalation ladder
(``escalation``, 第二十条) counts them per unit and calendar year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duchatai.core.fields import date_field, list_field, required_date, text_field
from duchatai.core.messages import t


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
            raise ValueError(t("file_not_mapping"))
        return cls(
            id=text_field(raw, "id", required=True),
            unit=text_field(raw, "unit", required=True),
            date=required_date(raw, "date"),
            reason=text_field(raw, "reason"),
            items=[str(i) for i in list_field(raw, "items")],
            rectify_by=date_field(raw, "rectify_by"),
            rectified_on=date_field(raw, "rectified_on"),
            by=text_field(raw, "by"),
            recorded_on=date_field(raw, "recorded_on"),
            rectified_recorded_on=date_field(raw, "rectified_recorded_on"),
            path=path,
        )
