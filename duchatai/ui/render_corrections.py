"""Corrections (更正) and notes (备注) as shown: what ``edit`` says it did, and their
lines in the history ``show`` prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from duchatai.core.duedate import DueDate
from duchatai.core.messages import METHOD_LABELS, REPORT_LABELS, is_zh, label, t
from duchatai.core.model import Item
from duchatai.core.wording import listing
from duchatai.ui.render_calendar import explanation_lines


def field_names(fields: Sequence[str]) -> str:
    """The fields a correction changed, by their names in the language in force."""
    return listing(t(f"field_{name}") for name in fields)


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
        events.append((fix.date, 5, text + recorded(fix.recorded_on)))
    for note in item.notes:
        text = t("history_note", text=note.text) + recorded(note.recorded_on)
        events.append((note.date, 6, text))
    return events


def recorded(day: dt.date | None) -> str:
    """"(补录于 …)" after a record written later than its date."""
    return t("recorded_on_note", date=day.isoformat()) if day is not None else ""


def history_lines(item: Item) -> list[str]:
    """Reports, urges, reviews, extensions, corrections and notes merged by date."""
    zh = is_zh()
    events: list[tuple[dt.date, int, str]] = []
    for n, urge in enumerate(item.urges, 1):
        what = t("history_urge", n=n, method=label(METHOD_LABELS, urge.method))
        if urge.note:
            what = t("history_says", what=what, text=urge.note)
        events.append((urge.date, 1, what + recorded(urge.recorded_on)))
    for report in item.reports:
        what = label(REPORT_LABELS, report.kind)
        if report.unit and report.unit != item.lead_unit:
            what += t("history_unit", unit=report.unit)
        if report.signed_by:
            signed = "history_signed_sealed" if report.sealed else "history_signed"
            what += t(signed, name=report.signed_by)
        elif report.sealed:
            what += t("history_sealed")
        text = t("history_says", what=what, text=report.text)
        events.append((report.date, 2, text + recorded(report.recorded_on)))
    reopening = {(r.date, r.new_due) for r in item.rechecks if not r.held}
    for review in item.reviews:
        if (review.date, review.new_due) in reopening and not review.accepted:
            continue  # said by the recheck's own line (复核)
        if review.accepted:
            text = "审核通过" if zh else "review: accepted"
        else:
            text = (
                f"审核退回：{review.reason}；新时限 {review.new_due}"
                if zh
                else f"review: returned ({review.reason}); new due {review.new_due}"
            )
        events.append((review.date, 3, text + recorded(review.recorded_on)))
    for ext in item.extensions:
        what = t("history_extended", previous=ext.previous_due, until=ext.until)
        what += t("history_late") if ext.late else ""
        text = t("history_says", what=what, text=ext.reason)
        events.append((ext.date, 4, text + recorded(ext.recorded_on)))
    events += history_events(item)  # corrections (更正) and notes (备注)
    events += recheck_events(item)  # 复核
    events.sort(key=lambda e: (e[0], e[1]))
    return [f"{day.isoformat()}  {text}" for day, _, text in events]


def recheck_events(item: Item) -> list[tuple[dt.date, int, str]]:
    """Each recheck (复核) as a history line: held, or reopened with its new due date."""
    return [
        (
            r.date,
            5,
            (
                t("recheck_held_line", finding=r.finding)
                if r.held
                else t("recheck_reopened_line", due=r.new_due, finding=r.finding)
            )
            + recorded(r.recorded_on),
        )
        for r in item.rechecks
    ]
