"""A git merge driver for ledger files: merge two clerks' versions field by field.

Registered by ``init`` (``.gitattributes``: ``items/*.yaml merge=duchatai``)
and by ``sync`` (the local git config: ``merge.duchatai.driver``). Git calls
``duchatai merge-file %O %A %B %P`` and expects the result in %A. ``sync``
merges the remote branch into the clerk's (``git merge``, never a rebase), so
%A is always the clerk's own version (*local*) and %B the shared one (*remote*).

Rules:

* append-only lists (reports, urges, reviews, extensions, edits, notes) are unioned: local,
  then what only remote added, in date order;
* milestones are matched by title and due date; a milestone done on either
  side is done; one that a side corrected (re-dated, renamed or dropped) while the
  other left it as it was takes the correction;
* a scalar changed on one side only takes that side;
* a scalar changed on both sides differently is a real conflict: the local value
  stays in the field for now and both values are written under ``conflicts:``
  (``field``, ``local``, ``remote``, ``base``); ``sync`` adds who made each and
  when, reports them and exits 4; every report shows the item with ⚠ and
  ``check`` names it until a clerk runs ``resolve``;
* ``conflicts:`` itself merges as a set: an entry resolved (removed) on one side
  stays resolved, one added on either side is kept.

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
    "reports", "urges", "reviews", "extensions", "edits", "notes", "rechecks", "items",
    "documents", "sent",
)
"""``items`` is the list of item ids of a criticism; ``documents`` the entries of a year's
register of documents (``documents/<year>.yaml``), ``sent`` those of the reminders' sent
log (``reminders/<year>.yaml``): both clerks' entries are kept."""

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


def _union(base: list[Any], local: list[Any], remote: list[Any]) -> list[Any]:
    """Local, plus what remote added since base, stably ordered by date."""
    added = [e for e in remote if e not in base and e not in local]
    merged = local + added
    if all(isinstance(e, Mapping) for e in merged):
        return sorted(merged, key=_date_key)
    return merged


def _milestones(base: list[Any], local: list[Any], remote: list[Any]) -> list[Any]:
    def key(m: Any) -> tuple[str, str]:
        return (str(m.get("title")), str(m.get("due"))) if isinstance(m, Mapping) else ("", "")

    # A milestone remote re-dated, renamed or dropped (``edit``) and local left as it
    # was in base: remote's change holds (a re-dated one comes back below, as added).
    in_base = {key(m): m for m in base}
    in_remote = {key(m) for m in remote}
    kept = [m for m in local if not (in_base.get(key(m)) == m and key(m) not in in_remote)]
    merged = [dict(m) if isinstance(m, Mapping) else m for m in kept]
    index = {key(m): m for m in merged}
    for milestone in remote:
        mine = index.get(key(milestone))
        if mine is None:
            if milestone not in base:
                merged.append(dict(milestone))
        elif isinstance(mine, dict) and not mine.get("done") and milestone.get("done"):
            mine["done"] = milestone["done"]
    return merged


def merge_records(
    base: Mapping[str, Any] | None, local: Mapping[str, Any], remote: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Merge three versions of one record; returns the result and the conflicts this
    merge found (those already in ``conflicts:`` are carried in the result)."""
    base_map = _norm(base or {})
    local_map = _norm(local)
    remote_map = _norm(remote)
    if not base_map and local_map != remote_map and not same_record(local_map, remote_map):
        raise IdCollision(str(local_map.get("id")))
    result: dict[str, Any] = {}
    found: list[dict[str, Any]] = []
    keys = list(local_map) + [k for k in remote_map if k not in local_map]
    for key in keys:
        if key == "conflicts":
            continue
        b, here, there = base_map.get(key), local_map.get(key), remote_map.get(key)
        if key in APPEND_ONLY and isinstance(here, list) and isinstance(there, list):
            result[key] = _union(b if isinstance(b, list) else [], here, there)
        elif key == "milestones" and isinstance(here, list) and isinstance(there, list):
            result[key] = _milestones(b if isinstance(b, list) else [], here, there)
        elif here == there or there == b:
            result[key] = here if key in local_map else there
        elif here == b:
            result[key] = there
        else:
            result[key] = here
            found.append({"field": key, "local": here, "remote": there, "base": b})
    conflicts = _open_conflicts(base_map, local_map, remote_map) + found
    if conflicts:
        result["conflicts"] = conflicts
    return result, found


def _open_conflicts(
    base: Mapping[str, Any], local: Mapping[str, Any], remote: Mapping[str, Any]
) -> list[Any]:
    """The ``conflicts:`` entries still open after the merge: those both sides still
    hold, and those one side added; one side's resolution (a removal) holds."""
    def entries(record: Mapping[str, Any]) -> list[Any]:
        value = record.get("conflicts")
        return list(value) if isinstance(value, list) else []

    before, here, there = entries(base), entries(local), entries(remote)
    kept = [e for e in here if e not in before or e in there]
    return kept + [e for e in there if e not in before and e not in kept]


def same_record(local: Mapping[str, Any], remote: Mapping[str, Any]) -> bool:
    """Whether two versions added on both sides are one record (item or criticism):
    every field set when it was created agrees (missing counts as a value)."""
    is_item = "title" in local or "title" in remote
    fields = ITEM_IDENTITY if is_item else CRITICISM_IDENTITY
    missing = object()
    return all(local.get(k, missing) == remote.get(k, missing) for k in fields)


def merge_files(base_path: str, local_path: str, remote_path: str) -> int:
    """The driver: merge %O %A %B (base, local, remote) into %A. Returns git's exit
    code (0 merged, 1 not)."""
    from pathlib import Path

    from duchatai.store.files import atomic_write
    from duchatai.store.safefile import read_bounded
    from duchatai.store.yamlio import dump_record, parse_yaml

    def read(path: str) -> Any:
        # Bounded, and aliases refused by parse_yaml: a pushed file is hostile.
        data = read_bounded(path)
        return parse_yaml(data) if data.strip() else None

    try:
        base, local, remote = read(base_path), read(local_path), read(remote_path)
    except Exception:
        return 1  # a file that does not parse: leave it to git's conflict markers
    if not isinstance(local, Mapping) or not isinstance(remote, Mapping):
        return 1
    try:
        merged, _ = merge_records(base if isinstance(base, Mapping) else None, local, remote)
    except IdCollision:
        return 1
    # Local bytes are the base of the write, so a clerk's comments survive; a
    # ``conflicts:`` both sides resolved goes.
    drop = () if "conflicts" in merged else ("conflicts",)
    atomic_write(Path(local_path), dump_record(merged, read_bounded(local_path), drop))
    return 0
