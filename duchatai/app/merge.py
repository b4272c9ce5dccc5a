"""A git merge driver for ledger files: merge two clerks' versions field by field.

Registered by ``init`` (``.gitattributes``: ``items/*.yaml merge=duchatai``)
and by ``sync`` (the local git config: ``merge.duchatai.driver``). Git calls
``duchatai merge-file %O %A %B %P`` and expects the result in %A.

Rules:

* append-only lists (reports, urges, reviews, extensions, edits, notes) are unioned: ours,
  then what only theirs added, in date order;
* milestones are matched by title and due date; a milestone done on either
  side is done; one that a side corrected (re-dated, renamed or dropped) while the
  other left it as it was takes the correction;
* a scalar changed on one side only takes that side;
* a scalar changed on both sides differently is a real conflict: ours is kept
  and the conflict is written into the file under ``conflicts:``, which
  ``duchatai check`` reports by name until a clerk resolves it.

Two different items that arrive under one id (both sides added the file) are
not merged: the driver fails, ``sync`` aborts the rebase and says so. Two
files are one item only when every field set at registration is the same
(``ITEM_IDENTITY``): two clerks who register the same title on the same day
for different lead units have two items, never one.

The driver reads data only: files are parsed with the safe YAML loader, and
one over ``MAX_FILE_BYTES`` is left to git's conflict markers. ``sync``
registers it by absolute path (``store.gitconfig.driver_command``), never as
``python -m`` from the work tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from duchatai.core.errors import IdCollision

APPEND_ONLY = (
    "reports", "urges", "reviews", "extensions", "edits", "notes", "rechecks", "items"
)
"""``items`` is the list of item ids of a criticism."""

ITEM_IDENTITY = (
    "id",
    "title",
    "category",
    "kind",
    "start",
    "weekly",
    "complex",
    "source",
    "lead_unit",
    "co_units",
    "responsible",
    "registered_by",
)
"""What ``register`` writes of an item (its history aside): two files added under one
id are the same item only when all of these agree."""

CRITICISM_IDENTITY = ("id", "unit", "date", "reason", "by", "rectify_by")
"""The same for a criticism (通报批评)."""

MAX_FILE_BYTES = 1 << 20
"""A ledger file larger than this is not merged by the driver (git marks a conflict)."""


def _norm(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Mapping):
        return {str(k): _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _date_key(entry: Any) -> str:
    if isinstance(entry, Mapping):
        value = entry.get("date")
        return str(value) if value is not None else ""
    return ""


def _union(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Ours, plus what theirs added since base, stably ordered by date."""
    added = [e for e in theirs if e not in base and e not in ours]
    merged = ours + added
    if all(isinstance(e, Mapping) for e in merged):
        return sorted(merged, key=_date_key)
    return merged


def _milestones(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    def key(m: Any) -> tuple[str, str]:
        return (str(m.get("title")), str(m.get("due"))) if isinstance(m, Mapping) else ("", "")

    # A milestone theirs re-dated, renamed or dropped (``edit``) and ours left as it
    # was in base: theirs' change holds (a re-dated one comes back below, as added).
    in_base = {key(m): m for m in base}
    in_theirs = {key(m) for m in theirs}
    kept = [m for m in ours if not (in_base.get(key(m)) == m and key(m) not in in_theirs)]
    merged = [dict(m) if isinstance(m, Mapping) else m for m in kept]
    index = {key(m): m for m in merged}
    for milestone in theirs:
        mine = index.get(key(milestone))
        if mine is None:
            if milestone not in base:
                merged.append(dict(milestone))
        elif isinstance(mine, dict) and not mine.get("done") and milestone.get("done"):
            mine["done"] = milestone["done"]
    return merged


def merge_records(
    base: Mapping[str, Any] | None, ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Merge three versions of one record; returns the result and its conflicts."""
    base_map = _norm(base or {})
    ours_map = _norm(ours)
    theirs_map = _norm(theirs)
    if not base_map and ours_map != theirs_map and not same_record(ours_map, theirs_map):
        raise IdCollision(str(ours_map.get("id")))
    result: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = list(ours_map.get("conflicts") or [])
    keys = list(ours_map) + [k for k in theirs_map if k not in ours_map]
    for key in keys:
        if key == "conflicts":
            continue
        b, o, t = base_map.get(key), ours_map.get(key), theirs_map.get(key)
        if key in APPEND_ONLY and isinstance(o, list) and isinstance(t, list):
            result[key] = _union(b if isinstance(b, list) else [], o, t)
        elif key == "milestones" and isinstance(o, list) and isinstance(t, list):
            result[key] = _milestones(b if isinstance(b, list) else [], o, t)
        elif o == t or t == b:
            result[key] = o if key in ours_map else t
        elif o == b:
            result[key] = t
        else:
            result[key] = o
            conflicts.append({"field": key, "ours": o, "theirs": t, "base": b})
    if conflicts:
        result["conflicts"] = conflicts
    return result, conflicts


def same_record(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """Whether two versions added on both sides are one record (item or criticism):
    every field set when it was created agrees (missing counts as a value)."""
    is_item = "title" in ours or "title" in theirs
    fields = ITEM_IDENTITY if is_item else CRITICISM_IDENTITY
    missing = object()
    return all(ours.get(k, missing) == theirs.get(k, missing) for k in fields)


def merge_files(base_path: str, ours_path: str, theirs_path: str) -> int:
    """The driver: merge %O %A %B into %A. Returns git's exit code (0 merged, 1 not)."""
    from pathlib import Path

    from duchatai.store.files import atomic_write
    from duchatai.store.safefile import read_bounded
    from duchatai.store.yamlio import dump_record, parse_yaml

    def read(path: str) -> Any:
        # Bounded, and aliases refused by parse_yaml: a pushed file is hostile.
        data = read_bounded(path)
        return parse_yaml(data) if data.strip() else None

    try:
        base, ours, theirs = read(base_path), read(ours_path), read(theirs_path)
    except Exception:
        return 1  # a file that does not parse: leave it to git's conflict markers
    if not isinstance(ours, Mapping) or not isinstance(theirs, Mapping):
        return 1
    try:
        merged, _ = merge_records(base if isinstance(base, Mapping) else None, ours, theirs)
    except IdCollision:
        return 1
    # Ours' bytes are the base of the write, so a clerk's comments survive.
    atomic_write(Path(ours_path), dump_record(merged, read_bounded(ours_path)))
    return 0
