"""``replies FILE``: what a unit wrote into its packet (``app.packet``), recorded as its
reports in one commit, or refused whole naming sheet and row for every problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duchatai.app.packet import FILL_KEYS, HEADERS, META_SHEET, SHEET, checksum
from duchatai.app.procedure import add_report
from duchatai.app.spreadsheet_read import cell_bool, cell_date, cell_text, read_sheets
from duchatai.app.step import Context
from duchatai.core import names
from duchatai.core.errors import ImportRefused, InvalidInput
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.core.text import clean_text, restore_cell

REPLY_KINDS = ("progress", "result")


@dataclass
class Reply:
    """One filled row, checked: the report it becomes."""

    ref: str
    item_id: str
    kind: str
    text: str
    date: dt.date
    signed_by: str
    sealed: bool
    checksum: str
    """The item's checksum when the packet was made."""


@dataclass
class RepliesResult:
    """What ``replies`` recorded: the unit, and each reply."""

    unit: str
    replies: list[Reply]


def _meta(sheets: dict[str, list[tuple[int, list[Any]]]], path: Path) -> dict[str, str]:
    if SHEET not in sheets or META_SHEET not in sheets:
        raise InvalidInput(t("replies_not_packet", file=path.name))
    return {cell_text(r[0]): cell_text(r[1]) for _, r in sheets[META_SHEET] if len(r) >= 2}


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str]]:
    for number, cells in rows[:10]:
        keys = {i: HEADERS[cell_text(c)] for i, c in enumerate(cells) if cell_text(c) in HEADERS}
        if {"id", "checksum", *FILL_KEYS} <= set(keys.values()):
            return number, keys
    raise InvalidInput(t("replies_no_header", sheet=SHEET))


def read_replies(ctx: Context, path: Path) -> tuple[str, list[Reply]]:
    """The packet's unit and its filled rows, every problem collected and refused at once."""
    sheets = dict(read_sheets(path))
    meta = _meta(sheets, path)
    unit = meta.get("unit", "")
    rows = sheets[SHEET]
    header_row, keys = _header(rows)
    problems: list[str] = []
    replies: list[Reply] = []
    seen: set[str] = set()
    ledger = ctx.ledger
    for number, cells in rows:
        if number <= header_row:
            continue
        ref = f"{SHEET}!{number}"
        values = {key: restore_cell(cells[i]) if i < len(cells) else None
                  for i, key in keys.items()}
        if all(cell_text(values.get(k)) == "" for k in FILL_KEYS):
            continue  # nothing written for this item
        try:
            reply = _reply(ctx, ref, values, unit)
            if reply.item_id in seen:
                raise InvalidInput(t("replies_twice", id=reply.item_id))
            seen.add(reply.item_id)
            item = ledger.get(reply.item_id)
            _check_item(item, unit, reply.checksum)
            replies.append(reply)
        except InvalidInput as error:
            problems.append(f"{ref}: {error}")
    if problems:  # every problem a line of its own, then the summary (as ``import``)
        raise ImportRefused(t("replies_refused", file=path.name, n=len(problems)), problems)
    return unit, replies


def _reply(ctx: Context, ref: str, values: dict[str, Any], unit: str) -> Reply:
    item_id = cell_text(values.get("id")).upper()
    kind_text = cell_text(values.get("kind"))
    kind = names.resolve("report", kind_text, REPLY_KINDS) if kind_text else None
    if kind is None:
        raise InvalidInput(t("replies_bad_kind", value=kind_text or "—"))
    text = clean_text(cell_text(values.get("text")), t("replies_col_text"), multiline=True)
    if not text:
        raise InvalidInput(t("replies_missing", what=t("replies_col_text")))
    if values.get("date") in (None, ""):
        raise InvalidInput(t("replies_missing", what=t("replies_col_date")))
    day = cell_date(values.get("date"), t("replies_col_date"), ctx.today)
    if day > ctx.today:
        raise InvalidInput(t("replies_future", date=day, today=ctx.today))
    signed_by = clean_text(cell_text(values.get("signed_by")), t("replies_col_signed"))
    if kind == "result" and not signed_by:
        raise InvalidInput(t("replies_missing", what=t("replies_col_signed")))
    sealed = cell_bool(values.get("sealed"))
    if sealed is None:
        raise InvalidInput(t("replies_bad_sealed", value=cell_text(values.get("sealed"))))
    return Reply(ref, item_id, kind, text, day, signed_by, sealed,
                 cell_text(values.get("checksum")))


def _check_item(item: Item, unit: str, expected: str) -> None:
    if item.lead_unit != unit:
        raise InvalidInput(t("replies_not_units", id=item.id, unit=unit, lead=item.lead_unit))
    if not expected or checksum(item) != expected:
        raise InvalidInput(t("replies_changed", id=item.id))
    item.require("report")


def record(ctx: Context, path: Path) -> RepliesResult:
    """Record every filled row of the packet as the unit's report, in one commit."""
    unit, replies = read_replies(ctx, path)
    if not replies:
        raise InvalidInput(t("replies_empty", file=path.name))
    ledger = ctx.ledger
    with ledger.change("", ctx.actor) as change:
        items = []
        for reply in replies:  # again under the lock: nothing changed since the check
            item = ledger.read_item(ledger.find_path(reply.item_id))
            try:
                _check_item(item, unit, reply.checksum)
            except InvalidInput as error:
                raise InvalidInput(f"{reply.ref}: {error}") from None
            dated = dataclasses.replace(ctx, today=reply.date)
            add_report(dated, item, kind=reply.kind, text=reply.text,
                       signed_by=reply.signed_by, sealed=reply.sealed)
            items.append(item)
        change.expect([i.path for i in items if i.path is not None])
        for item in items:
            change.write_item(item)
        change.message = f"replies {path.name}: {len(items)} report(s) from {unit}"
    return RepliesResult(unit, replies)
