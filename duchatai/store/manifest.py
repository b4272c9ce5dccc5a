"""The cache's manifest: every item file's stamp, and what each file holds.

Kept in the ``meta`` table in shards (by the last two digits of the item's number),
keyed by the file's path relative to the ledger: a row ``m:NN``, JSON ``[stamps, open,
closed, units, lines]`` (every file's stamp; each open item's ``Brief``, an array of
plain values; each closed item's latest date; the units each item names,
``history.units_named``, what a new unit is told by; each item's ``Line``, what ``list``
shows), and a row ``t:NN``, each item's ``Tally`` (what ``stats`` counts), apart so
that the morning report never parses them. A changed file rewrites its shard's two rows
only. Everything read back is checked by shape: an unreadable shard is empty, so every
file in it is parsed again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from duchatai.core.assessment import tally_of
from duchatai.core.brief import Brief, brief_of, decode_brief
from duchatai.core.history import units_named
from duchatai.core.line import Line, decode_line, line_of
from duchatai.core.model import Item
from duchatai.core.tally import Tally, decode_tally

Stamps = dict[str, int]
T = TypeVar("T")
"""Path relative to the ledger → the file's stamp."""


def shard_of(key: str) -> str:
    """The manifest shard of ``items/DC-2026-0123.yaml``: ``23`` (ids end in digits)."""
    return key[-7:-5]


class Facts:
    """What the manifest knows of the items: the briefs of the open ones, the
    date (ordinal) of the latest record of the closed ones, the units each
    item names (when it names any), every item's ``Line`` (what ``list`` shows) and
    ``Tally`` (what ``stats`` counts)."""

    __slots__ = ("open", "closed", "units", "lines", "tallies")

    def __init__(self, open_: dict[str, Brief] | None = None, closed: dict[str, int] | None = None):
        self.open: dict[str, Brief] = open_ if open_ is not None else {}
        self.closed: dict[str, int] = closed if closed is not None else {}
        self.units: dict[str, list[str]] = {}
        self.lines: dict[str, Line] = {}
        self.tallies: dict[str, Tally] = {}

    def keys(self) -> set[str]:
        """Every item the manifest knows."""
        return self.open.keys() | self.closed.keys()

    def set(self, key: str, item: Item) -> None:
        """Record what ``item`` is now."""
        brief = brief_of(item)
        if brief.is_open:
            self.open[key] = brief
            self.closed.pop(key, None)
        else:
            self.closed[key] = brief.last_day
            self.open.pop(key, None)
        self.lines[key] = line_of(item)
        self.tallies[key] = tally_of(item)
        units = units_named(item)
        if units:
            self.units[key] = units
        else:
            self.units.pop(key, None)

    def drop(self, key: str) -> bool:
        """Forget ``key``; whether it was known."""
        self.units.pop(key, None)
        self.lines.pop(key, None)
        self.tallies.pop(key, None)
        return self.open.pop(key, None) is not None or self.closed.pop(key, None) is not None


def _folders(items_dir: Path, archive_dir: Path) -> list[tuple[str, str]]:
    """The folders that hold item files, each with its key prefix (``archive/2026/``)."""
    folders = [("items/", str(items_dir))]
    with contextlib.suppress(OSError), os.scandir(archive_dir) as years:
        # A linked year folder is not followed: it could lead anywhere on the disk.
        folders += [
            (f"archive/{e.name}/", e.path) for e in years if e.is_dir(follow_symlinks=False)
        ]
    return folders


def scan_names(items_dir: Path, archive_dir: Path) -> list[str]:
    """The name of every item file (``DC-2026-0001.yaml``) in the folders ``scan`` reads,
    without a ``stat``: what the next free id needs."""
    names: list[str] = []
    for _, folder in _folders(items_dir, archive_dir):
        with contextlib.suppress(OSError):
            names += (n for n in os.listdir(folder) if n.endswith(".yaml") and n[0] != ".")
    return names


def stamp_of(stat: os.stat_result) -> int:
    """A file's stamp from its ``lstat`` (``scan`` says why these four)."""
    return hash((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size))


def scan(items_dir: Path, archive_dir: Path) -> dict[str, Stamps]:
    """The stamp of every item file in the ledger's ``items_dir`` and ``archive_dir``,
    keyed ``items/<id>.yaml``, ``archive/<y>/<id>.yaml``, by shard.

    The stamp mixes the size and ``mtime_ns`` with ``ctime_ns`` and the inode
    number: every tool write is a rename onto a new inode, and an in-place edit
    that puts the old mtime back (``cp -p``, ``touch -r``) still moves the
    ctime, which no user tool can set. This runs on every report over every
    file, so it is kept to one ``stat`` per file and plain loops.
    """
    shards: dict[str, Stamps] = {}
    for prefix, folder in _folders(items_dir, archive_dir):
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        with listing:
            for entry in listing:
                name = entry.name
                if not name.endswith(".yaml") or name[0] == ".":
                    continue
                try:
                    # lstat (free from the directory listing on Linux): a link or
                    # a FIFO is stamped as what it is, never followed or opened;
                    # read_item refuses it as a problem.
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # removed while we looked
                stamp = stamp_of(stat)
                key = prefix + name
                shard = key[-7:-5]  # shard_of(key), inlined: this loop runs for every file
                found = shards.get(shard)
                if found is None:
                    found = shards[shard] = {}
                found[key] = stamp
    return shards


def all_keys(shards: dict[str, Stamps]) -> list[str]:
    """Every file's key, shard after shard."""
    return [key for stamps in shards.values() for key in stamps]


class Manifest:
    """The manifest as read: stamps by shard, the merged facts, and the cache's data
    version before the read (to tell whether another run has written since). ``whole``:
    every fact kept (those the read does not serve as their stored arrays), so that it
    can be written back as read."""

    def __init__(
        self, version: int, shards: dict[str, Stamps], facts: Facts, whole: bool = True
    ) -> None:
        self.version = version
        self.shards = shards
        self.facts = facts
        self.whole = whole


def read_manifest(
    connection: sqlite3.Connection,
    only: set[str] | None = None,
    *,
    briefs: bool = True,
    lines: bool = False,
    tallies: bool = False,
    whole: bool = True,
) -> Manifest:
    """The stored manifest (or the ``only`` shards of it); an unreadable shard is empty,
    so every file in it is parsed again.

    Without ``briefs`` the open items' briefs are not checked (``decode_shard``): for a
    read that serves none (whole items, units, one item), at a third of the cost; the
    items' lines are checked only with ``lines`` (``list``), their tallies with ``tallies``
    (``stats``). Without ``whole``, a fact the read does not serve is not kept at all (a
    read of 50,000 whole items saves the 70 MB they take); ``store_manifest`` then reads
    the shards it rewrites again."""
    version = data_version(connection)
    shards: dict[str, Stamps] = {}
    facts = Facts()
    # The tallies are rows of their own: a read that neither serves nor keeps them (the
    # morning report) does not even parse them.
    counted = dict(_rows(connection, "t", only)) if tallies or whole else {}
    for name, text in _rows(connection, "m", only):
        shard = name[2:] if isinstance(name, str) else ""
        if only is not None and shard not in only:
            continue
        found = decode_shard(
            shard,
            text,
            counted.get(f"t:{shard}"),
            briefs=briefs,
            lines=lines,
            tallies=tallies,
            whole=whole,
        )
        if found is None:
            continue
        stamps, opened, closed, units, listed, tallied = found
        shards[shard] = stamps
        facts.open.update(opened)
        facts.closed.update(closed)
        facts.units.update(units)
        facts.lines.update(listed)
        facts.tallies.update(tallied)
    return Manifest(version, shards, facts, whole)


def _rows(connection: sqlite3.Connection, kind: str, only: set[str] | None) -> Any:
    """The ``kind`` rows (``m``: a shard's stamps and facts, ``t``: its tallies) of every
    shard, or of the ``only`` ones (``show``: one of a hundred)."""
    if only is None:
        return connection.execute(
            "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (f"{kind}:", f"{kind};")
        )
    names = [f"{kind}:{shard}" for shard in sorted(only)]
    marks = ",".join("?" * len(names))
    return connection.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", names)


Held = tuple[dict[str, Brief], dict[str, int], dict[str, list[str]], dict[str, Line]]
Shard = tuple[Stamps, *Held, dict[str, Tally]]
"""A shard as decoded: stamps, briefs, closed days, units, lines (``Held``), tallies."""


def decode_shard(
    shard: str,
    text: Any,
    tally_text: Any = None,
    *,
    briefs: bool = True,
    lines: bool = False,
    tallies: bool = False,
    whole: bool = True,
) -> Shard | None:
    """A manifest shard as stored (``text``; its tallies in ``tally_text``, a row of their
    own), checked by shape; None (every file in it parsed again) when anything is off.

    Without ``briefs``, each brief is kept as stored, an array unchecked (``_facts``): it
    is only written back as it was; a read that serves briefs decodes the shard with
    ``briefs`` and so checks every one (a bad one makes the shard a miss then). The
    same for the lines and ``lines``, the tallies and ``tallies``. Without ``whole``,
    unserved facts are dropped: an open item's brief leaves its key (bound to None: the
    item is open), a line or a tally nothing."""
    try:
        stamps, open_, closed, units, listed = json.loads(text)
        tallied = {} if tally_text is None else json.loads(tally_text)
        if type(stamps) is not dict or type(open_) is not dict or type(closed) is not dict:
            return None
        if type(units) is not dict or not units.keys() <= stamps.keys():
            return None
        for names in units.values():
            if type(names) is not list or any(type(name) is not str for name in names):
                return None
        for key, stamp in stamps.items():
            if type(stamp) is not int or shard_of(key) != shard:
                return None
        # Facts only for files the shard has stamps for: nothing else is ever served.
        if not (open_.keys() <= stamps.keys() and closed.keys() <= stamps.keys()):
            return None
        if any(type(day) is not int for day in closed.values()):
            return None
        if type(listed) is not dict or not listed.keys() <= stamps.keys():
            return None
        if type(tallied) is not dict or not tallied.keys() <= stamps.keys():
            return None
        if tallies and tallied.keys() != open_.keys() | closed.keys():
            return None  # a read that serves tallies finds one for every item it knows
        opened = _facts(open_, decode_brief if briefs else None, whole, keys=True)
        found = _facts(listed, decode_line if lines else None, whole)
        counted = _facts(tallied, decode_tally if tallies else None, whole)
    except Exception:  # garbage, a wrong shape, a bad value: a miss
        return None
    return stamps, opened, closed, units, found, counted


def _facts(
    stored: dict[str, Any], decode: Callable[[Any], T] | None, whole: bool, keys: bool = False
) -> dict[str, T]:
    """Each stored entry decoded (checked), or, without ``decode``, kept as the array it
    is: no object made for a fact this read does not serve (the morning report needs no
    line), only written back as it was by ``store_manifest``. Not even that without
    ``whole``: nothing kept, or only the ``keys``."""
    if decode is not None:
        return {key: decode(row) for key, row in stored.items()}
    if not whole:
        return cast("dict[str, T]", dict.fromkeys(stored) if keys else {})
    if not all(type(row) is list for row in stored.values()):
        raise ValueError("array expected")
    return cast("dict[str, T]", stored)


def unchanged_file_names(connection: sqlite3.Connection, unit: str, root: Path) -> bool:
    """Whether some item file the manifest vouches for, unchanged since (``stamp_at`` of
    its key equals the stored stamp), names ``unit`` (``history.units_named``).

    A registration's "new unit" note asks this of one name: a shard is decoded only when
    its text holds the name as a JSON string, and one file found unchanged settles it,
    without the freshness scan of every file. False means "not found here", never "new":
    the caller then reads the units of the whole ledger (``index.load_units``)."""
    needle = json.dumps(unit, ensure_ascii=False)
    rows = connection.execute("SELECT key, value FROM meta WHERE key >= 'm:' AND key < 'm;'")
    for name, text in rows:
        if type(name) is not str or type(text) is not str or needle not in text:
            continue
        found = decode_shard(name[2:], text, briefs=False, whole=False)
        if found is None:
            continue
        stamps, _, _, units, _, _ = found
        for key, names in units.items():
            if unit in names and stamp_at(root, key) == stamps[key]:
                return True
    return False


def stamp_at(root: Path, key: str) -> int | None:
    """The stamp of the item file at ``key`` (``items/…``, ``archive/<y>/…``) under the
    ledger's ``root``; None when it is missing or the key is not an item file's (the
    manifest is data, never trusted to name a path)."""
    parts = key.split("/")
    if parts[0] not in ("items", "archive") or any(p in ("", ".", "..") for p in parts):
        return None
    try:
        return stamp_of(os.lstat(root / key))
    except OSError:
        return None


def data_version(connection: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the cache."""
    return int(connection.execute("PRAGMA data_version").fetchone()[0])


def store_manifest(
    connection: sqlite3.Connection,
    updates: dict[str, Stamps],
    gone: dict[str, set[str]],
    facts: Facts,
    read: Manifest | None = None,
) -> None:
    """Vouch for the rows just stored (``updates``: their stamps, by shard) and forget
    the ``gone`` files, merged with the manifest as it is now: another run may
    have stored other files meanwhile. ``facts`` says what the stored files hold.

    ``read`` is the manifest this run read: if it kept every fact (``whole``) and no
    other run has committed since, it is the manifest as it is now and need not be
    decoded again. A locked or read-only cache is simply not updated this time.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")
        base = read
        if base is None or not base.whole or base.version != data_version(connection):
            base = read_manifest(connection, only=set(updates))
        rows = []
        for shard, stamps in updates.items():
            merged = dict(base.shards.get(shard, {}))
            for key in gone.get(shard, ()):
                merged.pop(key, None)
            merged.update(stamps)
            open_: dict[str, list[object]] = {}
            closed: dict[str, int] = {}
            units: dict[str, list[str]] = {}
            lines: dict[str, list[object]] = {}
            tallies: dict[str, list[object]] = {}
            for key in merged:
                source = facts if key in stamps else base.facts
                if key in source.open:
                    open_[key] = list(source.open[key])
                elif key in source.closed:
                    closed[key] = source.closed[key]
                if key in source.units:
                    units[key] = source.units[key]
                if key in source.lines:
                    lines[key] = list(source.lines[key])
                if key in source.tallies:
                    tallies[key] = list(source.tallies[key])
            shard_data = [merged, open_, closed, units, lines]
            text = json.dumps(shard_data, ensure_ascii=False, separators=(",", ":"))
            rows.append((f"m:{shard}", text))
            text = json.dumps(tallies, ensure_ascii=False, separators=(",", ":"))
            rows.append((f"t:{shard}", text))
        keys = [(key,) for keys in gone.values() for key in keys]
        connection.executemany("DELETE FROM items WHERE path = ?", keys)
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
        connection.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
