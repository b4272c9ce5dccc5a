"""The mark of an item a sync left in conflict: ⚠ after its id, in every report.

The one place an item's id is shown in a row (``list``, ``show``, ``overdue``,
``due``, ``weekly``) asks here, so a conflict cannot be missed until a clerk
runs ``resolve`` (``Item.conflicted``, ``Brief.conflicted``).
"""

from __future__ import annotations

from typing import Any

CONFLICT_MARK = "⚠"

LIGHT_STYLE = {"red": "bold red", "yellow": "yellow", "blue": "blue", "green": "green"}
"""The style of each traffic light (红黄蓝绿), in every table and in ``show``."""
LIGHT_MARK = {
    "red": ("● 红", "● red"),
    "yellow": ("● 黄", "● yellow"),
    "blue": ("● 蓝", "● blue"),
    "green": ("● 绿", "● green"),
}
"""The light as ``show`` names it, in Chinese and in English."""


def shown_id(record: Any) -> str:
    """The id of an item (or its brief) as a report shows it: ``ID ⚠`` while in conflict."""
    if getattr(record, "conflicted", False):
        return f"{record.id} {CONFLICT_MARK}"
    return str(record.id)


def id_cell(record: Any) -> tuple[str, str]:
    """The id cell of a table row (text, style): the mark is bold yellow."""
    if getattr(record, "conflicted", False):
        return shown_id(record), "bold yellow"
    return str(record.id), ""
