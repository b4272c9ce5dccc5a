"""Corrections (更正) and notes (备注) as shown: what ``edit`` says it did, and their
lines in the history ``show`` prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from duchatai.core.duedate import DueDate
from duchatai.core.messages import is_zh, t
from duchatai.core.model import Item
from duchatai.ui.render_calendar import explanation_lines


def field_names(fields: Sequence[str]) -> str:
    """The fields a correction changed, by their names in the language in force."""
    return ("、" if is_zh() else ", ").join(t(f"field_{name}") for name in fields)


def edited_lines(
    item: Item, fields: Sequence[str], basis: DueDate | None, previous: dt.date | None
) -> list[str]:
    """What ``edit`` says: the fields changed (or that nothing was to change), and a
    due date's change with how the new one was found."""
    if not fields:
        return [t("edit_nothing", id=item.id)]
    lines = [t("edited", id=item.id, fields=field_names(fields))]
    if "due" in fields and previous is not None:
        lines.append("  " + t("edited_due", previous=previous, due=item.due))
    if basis is not None and ("due" in fields or "category" in fields):
        lines.extend("  " + line for line in explanation_lines(basis))
    return lines


def history_events(item: Item) -> list[tuple[dt.date, int, str]]:
    """The item's corrections and notes as (date, order, text) for ``show``'s history."""
    events: list[tuple[dt.date, int, str]] = []
    for fix in item.edits:
        names = field_names(fix.fields)
        if fix.previous_due is not None and fix.new_due is not None:
            text = t("history_edit_due", fields=names, previous=fix.previous_due, due=fix.new_due)
        else:
            text = t("history_edit", fields=names)
        if fix.reason:
            text += t("history_reason", reason=fix.reason)
        events.append((fix.date, 5, text + _recorded(fix.recorded_on)))
    for note in item.notes:
        text = t("history_note", text=note.text) + _recorded(note.recorded_on)
        events.append((note.date, 6, text))
    return events


def _recorded(day: dt.date | None) -> str:
    """"(补录于 …)" after a record written later than its date (as ``render`` does)."""
    return t("recorded_on_note", date=day.isoformat()) if day is not None else ""
