"""``calendar import``: the State Council's holiday notice into ``duchatai.yaml``.

The notice is read by ``core.notice`` (refused whole when a line cannot be
read); its year's ``calendar:`` section is replaced by what the notice says,
``complete: true``, and a day of the year before (元旦 from 12-30) is added to
that year's section. The config is written round-trip (comments kept) in one
change: locked, one commit whose first line starts with ``calendar import``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from duchatai.app.step import Context
from duchatai.core.notice import Notice, calendar_sections, parse_notice
from duchatai.core.workdays import parse_overrides
from duchatai.store.discovery import CONFIG_NAME


def import_notice(ctx: Context, text: str) -> tuple[Notice, bool]:
    """Write the notice in ``text`` into the ledger's calendar; (the notice, whether it changed)."""
    from duchatai.store.safefile import read_bounded
    from duchatai.store.yamlio import parse_yaml

    notice = parse_notice(text)
    path = ctx.ledger.root / CONFIG_NAME
    with ctx.ledger.change("", ctx.actor) as change:
        raw = parse_yaml(read_bounded(path)) or {}
        old = dict(raw.get("calendar") or {}) if isinstance(raw, dict) else {}
        new = merged_calendar(old, notice)
        years = set(calendar_sections(notice))
        before = {y: o for y, o in parse_overrides(old, CONFIG_NAME).items() if y in years}
        after = {y: o for y, o in parse_overrides(new, CONFIG_NAME).items() if y in years}
        if before == after:
            return notice, False
        # Entries are one-key mappings: merged in place at the same index, an
        # old range would keep its key beside the new one. The year's lists are
        # emptied first, then written afresh (comments elsewhere are kept).
        key = next(k for k in new if _year_of(k) == notice.year)
        if isinstance(old.get(key), dict):
            change.write_record(path, {"calendar": {key: {"holidays": [], "workdays": []}}})
        change.write_record(path, {"calendar": new})
        days = sum((h.last - h.first).days + 1 for h in notice.holidays)
        change.message = (
            f"calendar import {notice.year}: {days} days off, "
            f"{len(notice.workdays)} adjusted workdays"
        )
    return notice, True


def merged_calendar(old: dict[Any, Any], notice: Notice) -> dict[Any, Any]:
    """The ``calendar:`` section with the notice in it (its year replaced, others added to)."""
    new = dict(old)
    for year, section in calendar_sections(notice).items():
        key = next((k for k in old if _year_of(k) == year), year)
        if year == notice.year:
            new[key] = _replaced(old.get(key), section, notice)
            continue
        body = dict(old.get(key) or {})
        for name in ("holidays", "workdays"):
            listed = list(body.get(name) or [])
            listed += [e for e in section.get(name, []) if e not in listed]
            if listed:
                body[name] = listed
        new[key] = body
    return new


def _replaced(old: Any, section: dict[str, Any], notice: Notice) -> dict[str, Any]:
    """The notice's year: what the notice says, and the entries after its last day.

    Days after the notice's last date in its year (a late-December 元旦 and
    its workday) come from the next year's notice: they stay.
    """
    body = dict(old) if isinstance(old, dict) else {}
    days = [d for h in notice.holidays for d in (h.first, h.last)] + list(notice.workdays)
    cutoff = max(d for d in days if d.year == notice.year)
    for name in ("holidays", "workdays"):
        later = [e for e in body.get(name) or [] if _after(e, cutoff)]
        body[name] = section[name] + later
    return {**body, "complete": True}


def _after(entry: Any, cutoff: dt.date) -> bool:
    """Whether a ``calendar:`` entry (a day, ``A..B``, or either naming a holiday) starts
    after ``cutoff``; an entry not read as a day is not kept."""
    if isinstance(entry, dict) and len(entry) == 1:
        entry = next(iter(entry))
    if isinstance(entry, dt.datetime):
        entry = entry.date()
    if not isinstance(entry, dt.date):
        try:
            entry = dt.date.fromisoformat(str(entry).split("..")[0].strip())
        except ValueError:
            return False
    return entry > cutoff


def _year_of(key: Any) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None
