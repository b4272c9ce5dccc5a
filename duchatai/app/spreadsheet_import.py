"""Bringing the office's spreadsheet (台账.xlsx or .csv) into the ledger.

Pipeline, as ``check`` does it: read the sheets → find each header row (it may
sit below a title row) → parse every row into fields → plan what each row does
to the ledger (new item, update, unchanged) → write all of it in one commit, or
nothing. Every problem is collected first and reported as ``sheet!row:
message``; one bad row refuses the whole file.

Rules a clerk can rely on:

* Headers match in Chinese or English (``编号``/``id``, ``事项名称``/``title``…);
  columns derived on export (序号, 最新进展, 延期情况, 催办次数, 是否超期) and
  unknown columns are not imported.
* A row with 编号 updates that item field by field (or is skipped when nothing
  differs); a row without 编号 matches an item of the same title, category and
  立项日期, else becomes a new item numbered like ``register`` numbers.
* An empty cell means "not given": it never clears a stored value.
* 办理时限 is kept as given (``due_basis`` ``explicit``); empty, it follows the
  category rule (第十六条) from 立项日期.
* A new row naming a 主办单位 without a status is taken as 已交办 (in handling).
  A status that differs from the ledger's is refused: the procedure (第七条)
  moves items through its own commands. 已办结 needs 办结日期; 已归档 rows are
  refused (import as 已办结, then ``duchatai archive``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duchatai.app.spreadsheet_read import Row, parse_rows
from duchatai.app.step import Context
from duchatai.core.errors import ImportRefused, InvalidInput
from duchatai.core.messages import STATUS_LABELS, t
from duchatai.core.model import ID_PATTERN, Item, Status
from duchatai.core.units import check_unit

Step = Callable[[int, int], None]
"""A progress callback: ``(done, total)`` of one stage."""

FIELDS = (
    "title", "category", "source", "lead_unit", "co_units", "responsible", "start", "due",
    "status", "methods", "kind", "weekly", "complex", "assigned_on", "approved_by", "closed_on",
)  # fmt: skip
"""The item fields a spreadsheet carries, compared to tell an update from no change."""


@dataclass
class Action:
    """What one row does: ``create``, ``update`` or ``unchanged``, and to which item."""

    ref: str
    kind: str
    item: Item
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """The plan (dry run) or what was written: one action per row."""

    file: str
    actions: list[Action]
    ignored_columns: list[str]
    dry_run: bool

    def count(self, kind: str) -> int:
        """How many rows do ``kind``."""
        return sum(1 for a in self.actions if a.kind == kind)


# -- planning ------------------------------------------------------------------------


class _Planner:
    """Turns parsed rows into actions against the ledger as it is now (under the lock)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        items, broken = ctx.ledger.load_all()
        self.by_id = {i.id: i for i in items}
        self.broken = {p.path.stem: p.message for p in broken}
        self.by_key = {(i.title, i.category, i.start): i for i in items}
        self.claimed: dict[str, str] = {}
        self.new_keys: dict[tuple[Any, ...], str] = {}
        self.counters: dict[int, tuple[str, int]] = {}
        self.taken = {p.stem for p in ctx.ledger.item_files()}
        self.seen_units = set(ctx.ledger.known_units(items))

    def plan(
        self, rows: list[Row], problems: list[str], progress: Step | None = None
    ) -> list[Action]:
        actions: list[Action] = []
        pending: list[tuple[Row, Item]] = []
        for done, row in enumerate(rows, 1):
            if progress is not None and (done % 100 == 0 or done == len(rows)):
                progress(done, len(rows))
            if row.bad:
                continue
            try:
                action = self._row(row)
            except InvalidInput as error:
                problems.append(f"{row.ref}: {error.message}")
                continue
            if action.kind == "create" and not action.item.id:
                pending.append((row, action.item))
            actions.append(action)
        for _, item in pending:  # numbered after every explicit id is known
            item.id = self._next_id(item.start.year)
        return actions

    def _claim(self, item_id: str, ref: str) -> None:
        if item_id in self.claimed:
            raise InvalidInput(t("imp_duplicate", id=item_id, other=self.claimed[item_id]))
        self.claimed[item_id] = ref

    def _next_id(self, year: int) -> str:
        # The ledger's own numbering (its prefix, the highest number on disk),
        # then onwards past the ids this file already claims.
        if year not in self.counters:
            first = self.ctx.ledger.next_id(year)
            match = ID_PATTERN.match(first)
            assert match is not None
            self.counters[year] = (first[: match.start("num")], int(match.group("num")))
        prefix, number = self.counters[year]
        while f"{prefix}{number:04d}" in self.taken:
            number += 1
        new = f"{prefix}{number:04d}"
        self.counters[year] = (prefix, number + 1)
        self.taken.add(new)
        return new

    def _row(self, row: Row) -> Action:
        f = row.fields
        self._check_units(f)
        item_id = f.get("id")
        if item_id in self.broken:
            raise InvalidInput(t("imp_broken", id=item_id, error=self.broken[item_id]))
        existing = self.by_id.get(item_id) if item_id else None
        if existing is None and item_id is None and {"title", "category", "start"} <= set(f):
            existing = self.by_key.get((f["title"], f["category"], f["start"]))
        if existing is not None:
            self._claim(existing.id, row.ref)
            return self._update(row, existing)
        if item_id:
            self._claim(item_id, row.ref)
            self.taken.add(item_id)
        item = self._create(f, item_id or "")
        key = (item.title, item.category, item.start)
        if not item_id and key in self.new_keys:
            # Re-importing would match both rows to one item: refuse it now.
            raise InvalidInput(t("imp_duplicate", id=item.title, other=self.new_keys[key]))
        self.new_keys.setdefault(key, row.ref)
        return Action(row.ref, "create", item)

    def _check_units(self, f: dict[str, Any]) -> None:
        # ``units.check_unit``, as every command checks a unit; a new one is said once.
        ledger = self.ctx.ledger
        for unit in [f.get("lead_unit", ""), *f.get("co_units", [])]:
            if unit and check_unit(unit, ledger.config.units, self.seen_units):
                self.seen_units.add(unit)
                ledger.notices.append(t("new_unit", unit=unit))

    def _due(self, item: Item, given: dt.date | None) -> None:
        from duchatai.core.deadlines import compute

        ledger = self.ctx.ledger
        try:
            basis = compute(ledger.profile, item.category, item.start, ledger.calendar,
                            complex_item=item.complex, explicit=given)  # fmt: skip
        except InvalidInput:
            rule = ledger.profile.categories.get(item.category)
            if given is None and rule is not None and rule.needs_explicit:
                raise InvalidInput(t("imp_needs_due", category=item.category)) from None
            if given is not None and given < item.start:
                raise InvalidInput(t("imp_due_before_start", due=given, start=item.start)) from None
            raise
        item.due = basis.due
        item.due_basis = basis.to_record()

    def _create(self, f: dict[str, Any], item_id: str) -> Item:
        for key, header in (("title", "事项名称"), ("category", "类别"), ("start", "立项日期")):
            if key not in f:
                raise InvalidInput(t("imp_missing", column=header))
        default = Status.ASSIGNED if f.get("lead_unit") else Status.REGISTERED
        item = Item(
            id=item_id,
            title=f["title"],
            category=f["category"],
            start=f["start"],
            due=f["start"],
            status=f.get("status", default),
            registered_by=self.ctx.actor.name,
        )
        for key in FIELDS:
            if key in f and key not in ("due", "status"):
                setattr(item, key, f[key])
        if item.status not in (Status.REGISTERED, Status.ARCHIVED) and item.assigned_on is None:
            item.assigned_on = item.start  # the best date the sheet gives for 交办
        self._due(item, f.get("due"))
        self._check_state(item)
        return item

    def _check_state(self, item: Item) -> None:
        if item.status == Status.ARCHIVED:
            raise InvalidInput(t("imp_archived"))
        if item.status == Status.WITHDRAWN:
            raise InvalidInput(t("imp_withdrawn"))
        if item.status == Status.CLOSED and item.closed_on is None:
            raise InvalidInput(t("imp_closed_needs_date"))
        for day in (item.assigned_on, item.closed_on):
            if day is not None and day < item.start:
                raise InvalidInput(t("imp_before_start", date=day, start=item.start))

    def _update(self, row: Row, existing: Item) -> Action:
        f = row.fields
        item = copy.deepcopy(existing)
        item.path = existing.path
        if "status" in f and f["status"] != existing.status:
            raise InvalidInput(
                t("imp_status_change", id=existing.id,
                  old=STATUS_LABELS[existing.status.value][0],
                  new=STATUS_LABELS[f["status"].value][0])
            )  # fmt: skip
        for key in FIELDS:
            if key in f and key not in ("due", "status"):
                setattr(item, key, f[key])
        if f.get("due", existing.due) != existing.due:
            self._due(item, f["due"])
        elif item.due < item.start:
            raise InvalidInput(t("imp_due_before_start", due=item.due, start=item.start))
        changed = [k for k in FIELDS if getattr(item, k) != getattr(existing, k)]
        if not changed:
            return Action(row.ref, "unchanged", existing)
        if existing.status == Status.ARCHIVED:
            raise InvalidInput(t("imp_archived_change", id=existing.id))
        self._check_state(item)
        return Action(row.ref, "update", item, changed)


# -- the whole import ---------------------------------------------------------------


def _refuse(problems: list[str]) -> ImportRefused:
    rows = len({p.split(": ", 1)[0] for p in problems})
    return ImportRefused(t("imp_refused", rows=rows, problems=len(problems)), problems)


def import_rows(
    ctx: Context,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[str], Step] | None = None,
) -> ImportResult:
    """Import the items of ``path`` (xlsx or csv) in one commit, or refuse it whole.

    Raises ``ImportRefused`` (an ``InvalidInput``) carrying every ``sheet!row:
    message`` when any row is bad; nothing is written then. ``dry_run`` plans
    and validates without writing. ``progress(label)`` makes the callback
    ``(done, total)`` of one stage (checking the rows, writing the items).
    """
    checking = None if progress is None else progress(t("progress_import_check"))
    rows, problems, ignored = parse_rows(path, ctx)
    if dry_run:
        actions = _Planner(ctx).plan(rows, problems, checking)
        if problems:
            raise _refuse(problems)
        return ImportResult(path.name, actions, ignored, dry_run=True)
    with ctx.ledger.change("", ctx.actor) as change:
        # Planned under the lock: ids and the items compared are the ledger's now.
        actions = _Planner(ctx).plan(rows, problems, checking)
        if problems:
            raise _refuse(problems)
        written = [a for a in actions if a.kind != "unchanged"]
        writing = None if progress is None else progress(t("progress_import_write"))
        # One journal entry for the whole import, before the first file is written:
        # killed or failing at any row, the import leaves nothing behind.
        total = len(written)
        change.write_items(
            [a.item for a in written],
            None if writing is None else lambda done: writing(done, total),
        )
        created = sum(1 for a in written if a.kind == "create")
        change.message = (
            f"import {path.name}: {len(written)} items ({created} new, "
            f"{len(written) - created} updated)"
        )
    return ImportResult(path.name, actions, ignored, dry_run=False)
