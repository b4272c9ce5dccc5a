"""A disposable SQLite cache of parsed items (the todoman pattern).

YAML is the truth; this cache only saves parsing. Every item file is checked
by one ``stat`` per run against the stamp it was cached under (``mtime_ns``,
``ctime_ns``, inode, size) and by ``SCHEMA_VERSION``: a file that changed is
parsed again, one that vanished or no longer parses is dropped. The cache
lives in the ledger's git-ignored ``.duchatai/``. A missing, stale, corrupt
or locked cache is rebuilt or bypassed, never trusted wrongly and never an
error for the user.

Two tables:

- ``items``: one row per file, the pickled ``Item`` (for ``list``, ``weekly``,
  ``export``…);
- ``meta``: the *manifest*, in shards (one row per shard, by the last two
  digits of the item's number): ``marshal``led dicts keyed by the file's path
  relative to the ledger: every file's stamp; each open item's ``Brief``
  (``brief.py``, a tuple of plain values); each closed item's latest date.
  A changed file rewrites its shard only.

The morning report needs only the manifest: with nothing changed it is one
stat per file, the shards' ``marshal.loads`` and the briefs of the open
items; no closed item is ever unpickled. Rows are written before the manifest
entries that vouch for them, and an entry is written only for a row that was
stored, merged with the manifest as it is then: a stamp in the manifest never
vouches for a row that holds another version of the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from duchatai.brief import Brief, brief_of
from duchatai.errors import LedgerBroken
from duchatai.model import Item, as_of

if TYPE_CHECKING:
    from duchatai.ledger import Ledger, Problem

SCHEMA_VERSION = 6
"""Bump when ``Item``, ``Brief`` or the parsing rules change: every cached row is then re-parsed."""

CACHE_NAME = "index.sqlite"

Progress = Callable[[int, int], None]
T = TypeVar("T")
Stamps = dict[str, int]
"""Path relative to the ledger → the file's stamp."""


def _shard(key: str) -> str:
    """The manifest shard of ``items/DC-2026-0123.yaml``: ``23`` (ids end in digits)."""
    return key[-7:-5]


class Facts:
    """What the manifest knows of the items: the briefs of the open ones, and the
    date (ordinal) of the latest record of the closed ones."""

    __slots__ = ("open", "closed")

    def __init__(self, open_: dict[str, Brief] | None = None, closed: dict[str, int] | None = None):
        self.open: dict[str, Brief] = open_ if open_ is not None else {}
        self.closed: dict[str, int] = closed if closed is not None else {}

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

    def drop(self, key: str) -> bool:
        """Forget ``key``; whether it was known."""
        return self.open.pop(key, None) is not None or self.closed.pop(key, None) is not None


def _scan(ledger: Ledger) -> dict[str, Stamps]:
    """The stamp of every item file, keyed ``items/<id>.yaml``, ``archive/<y>/<id>.yaml``,
    by shard.

    The stamp mixes the size and ``mtime_ns`` with ``ctime_ns`` and the inode
    number: every tool write is a rename onto a new inode, and an in-place edit
    that puts the old mtime back (``cp -p``, ``touch -r``) still moves the
    ctime, which no user tool can set. This runs on every report over every
    file, so it is kept to one ``stat`` per file and plain loops.
    """
    shards: dict[str, Stamps] = {}
    folders = [("items/", str(ledger.items_dir))]
    with contextlib.suppress(OSError), os.scandir(ledger.archive_dir) as years:
        # A linked year folder is not followed: it could lead anywhere on the disk.
        folders += [
            (f"archive/{e.name}/", e.path) for e in years if e.is_dir(follow_symlinks=False)
        ]
    for prefix, folder in folders:
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
                stamp = hash((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size))
                key = prefix + name
                shard = key[-7:-5]  # _shard(key), inlined: this loop runs for every file
                found = shards.get(shard)
                if found is None:
                    found = shards[shard] = {}
                found[key] = stamp
    return shards


def _all_keys(shards: dict[str, Stamps]) -> list[str]:
    return [key for stamps in shards.values() for key in stamps]


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # a lost cache write costs a re-parse only
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DROP TABLE IF EXISTS items")
        connection.execute("DROP TABLE IF EXISTS meta")
        connection.execute("CREATE TABLE items (path TEXT PRIMARY KEY, item BLOB)")
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        connection.execute("COMMIT")
    return connection


def _open_cache(ledger: Ledger) -> sqlite3.Connection | None:
    """The cache, created if missing and dropped if corrupt; None when it cannot be used."""
    cache = ledger.root / ".duchatai" / CACHE_NAME
    try:
        cache.parent.mkdir(exist_ok=True)
        return _connect(cache)
    except sqlite3.OperationalError:
        return None  # locked or unwritable: bypass, never delete
    except (sqlite3.Error, OSError):
        _drop(cache)  # corrupt: drop it and try once more from scratch
        try:
            return _connect(cache)
        except (sqlite3.Error, OSError):
            return None


class Manifest:
    """The manifest as read: stamps by shard, the merged facts, and the cache's data
    version before the read (to tell whether another run has written since)."""

    def __init__(self, version: int, shards: dict[str, Stamps], facts: Facts) -> None:
        self.version = version
        self.shards = shards
        self.facts = facts


def _manifest(connection: sqlite3.Connection, only: set[str] | None = None) -> Manifest:
    """The stored manifest (or the ``only`` shards of it); an unreadable shard is empty,
    so every file in it is parsed again."""
    version = _data_version(connection)
    shards: dict[str, Stamps] = {}
    facts = Facts()
    make = Brief._make
    rows = connection.execute("SELECT key, value FROM meta WHERE key >= 'm:' AND key < 'm;'")
    for name, blob in rows:
        shard = name[2:]
        if only is not None and shard not in only:
            continue
        try:
            stamps, open_, closed = marshal.loads(blob)
            opened = {k: make(v) for k, v in open_.items()}
        except (EOFError, ValueError, TypeError):
            continue
        shards[shard] = stamps
        facts.open.update(opened)
        facts.closed.update(closed)
    return Manifest(version, shards, facts)


BATCH = 500
"""Rows written per transaction while parsing: memory stays flat on a cold start."""


class _Refreshed(Generic[T]):
    """The cache brought up to date with the files, as this run sees it.

    ``fresh`` holds what the reader made of each file parsed now (the cache
    may not have stored it, if another process held it); ``facts`` the
    manifest entry of every readable file; ``problems`` the files that do
    not parse.
    """

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.fresh: dict[str, T] = {}
        self.problems: list[Problem] = []


def _refresh(
    ledger: Ledger,
    connection: sqlite3.Connection,
    progress: Progress | None,
    convert: Callable[[Item], T],
) -> _Refreshed[T]:
    """Parse the files that changed since they were cached; forget those that vanished.

    Rows are written in batches as files are parsed; the manifest entries that
    vouch for them are written last, in one transaction. A row written without
    its entry (a crash, a lock) is never served: its old stamp does not match.
    """
    from duchatai.ledger import Problem

    scanned = _scan(ledger)
    read = _manifest(connection)
    stale = {
        shard
        for shard in scanned.keys() | read.shards.keys()
        if scanned.get(shard) != read.shards.get(shard)
    }
    out: _Refreshed[T] = _Refreshed(read.facts)
    if not stale:  # the usual morning: nothing changed since the last run
        return out
    gone: dict[str, set[str]] = {}
    changed: list[str] = []
    for shard in stale:
        files, known = scanned.get(shard, {}), read.shards.get(shard, {})
        gone[shard] = known.keys() - files.keys()
        changed += (key for key, stamp in files.items() if known.get(key) != stamp)
        for key in gone[shard]:
            out.facts.drop(key)
    stored: list[str] = []
    batch: list[tuple[str, bytes]] = []
    for done, key in enumerate(changed, 1):
        try:
            item = ledger.read_item(ledger.root / key)
        except LedgerBroken as error:
            # Not cached: the message is in the language of this run, and a
            # broken file is rare and read again until it is fixed.
            out.problems.append(Problem(ledger.root / key, None, error.message))
            if out.facts.drop(key):
                gone[_shard(key)].add(key)  # its old row is no longer served
        else:
            out.facts.set(key, item)
            blob = pickle.dumps(Item(**{**item.__dict__, "path": None}), protocol=5)
            batch.append((key, blob))
            out.fresh[key] = convert(item)
        if batch and (len(batch) == BATCH or done == len(changed)):
            if _store_rows(connection, batch):
                stored += (key for key, _ in batch)
            batch = []
        if progress is not None:
            progress(done, len(changed))
    updates: dict[str, Stamps] = {shard: {} for shard, keys in gone.items() if keys}
    for key in stored:
        shard = _shard(key)
        updates.setdefault(shard, {})[key] = scanned[shard][key]
    if updates:
        _store_manifest(connection, updates, gone, out.facts, read)
    return out


def _store_rows(connection: sqlite3.Connection, rows: list[tuple[str, bytes]]) -> bool:
    """Save pickled items; False when the cache is locked or read-only this time."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT OR REPLACE INTO items VALUES (?, ?)", rows)
        connection.execute("COMMIT")
        return True
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        return False


def _data_version(connection: sqlite3.Connection) -> int:
    """Changes whenever another connection commits to the cache."""
    return int(connection.execute("PRAGMA data_version").fetchone()[0])


def _store_manifest(
    connection: sqlite3.Connection,
    updates: dict[str, Stamps],
    gone: dict[str, set[str]],
    facts: Facts,
    read: Manifest | None = None,
) -> None:
    """Vouch for the rows just stored (``updates``: their stamps, by shard) and forget
    the ``gone`` files, merged with the manifest as it is now: another run may
    have stored other files meanwhile. ``facts`` says what the stored files hold.

    ``read`` is the manifest this run read: if no other run has committed since,
    it is the manifest as it is now and need not be decoded again. A locked or
    read-only cache is simply not updated this time.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")
        base = read
        if base is None or base.version != _data_version(connection):
            base = _manifest(connection, only=set(updates))
        rows = []
        for shard, stamps in updates.items():
            merged = dict(base.shards.get(shard, {}))
            for key in gone.get(shard, ()):
                merged.pop(key, None)
            merged.update(stamps)
            open_: dict[str, tuple[object, ...]] = {}
            closed: dict[str, int] = {}
            for key in merged:
                source = facts if key in stamps else base.facts
                if key in source.open:
                    open_[key] = tuple(source.open[key])
                elif key in source.closed:
                    closed[key] = source.closed[key]
            rows.append((f"m:{shard}", marshal.dumps((merged, open_, closed))))
        keys = [(key,) for keys in gone.values() for key in keys]
        connection.executemany("DELETE FROM items WHERE path = ?", keys)
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
        connection.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _through_cache(
    ledger: Ledger,
    progress: Progress | None,
    convert: Callable[[Item], T],
    read: Callable[[sqlite3.Connection, _Refreshed[T]], list[T]],
) -> tuple[list[T], list[Problem]]:
    """Refresh the cache and ``read`` from it; whenever the cache cannot be used, parse
    every file and ``convert`` each item instead."""
    connection = _open_cache(ledger)
    if connection is None:
        return _parse_all(ledger, progress, convert)
    try:
        state = _refresh(ledger, connection, progress, convert)
        return read(connection, state), state.problems
    except sqlite3.OperationalError:
        pass  # locked mid-way: parse the files this once
    except sqlite3.DatabaseError:
        connection.close()
        _drop(ledger.root / ".duchatai" / CACHE_NAME)
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
    return _parse_all(ledger, progress, convert)


def _unpickle(ledger: Ledger, key: str, blob: bytes | None) -> Item:
    """The cached item, or the file parsed again when its row is missing or unreadable."""
    path = ledger.root / key
    if blob is not None:
        try:
            item: Item = pickle.loads(blob)
            item.path = path
            return item
        except Exception:  # an unreadable row: parse the file again
            pass
    return ledger.read_item(path)


def _rows(connection: sqlite3.Connection, keys: list[str]) -> dict[str, bytes]:
    """The pickled items of ``keys`` (all rows when they are many)."""
    if len(keys) > 500:
        return dict(connection.execute("SELECT path, item FROM items"))
    found: dict[str, bytes] = {}
    for start in range(0, len(keys), 250):
        chunk = keys[start : start + 250]
        marks = ",".join("?" * len(chunk))
        found.update(
            connection.execute(f"SELECT path, item FROM items WHERE path IN ({marks})", chunk)
        )
    return found


def _in_order(key: str) -> tuple[bool, str]:
    """Open items first, then the archive year by year; by file name within each."""
    return (not key.startswith("items/"), key)


def load_items(
    ledger: Ledger, *, progress: Progress | None = None
) -> tuple[list[Item], list[Problem]]:
    """Every item of the ledger through the cache; broken files become problems."""

    def read(connection: sqlite3.Connection, state: _Refreshed[Item]) -> list[Item]:
        keys = sorted(state.facts.keys(), key=_in_order)
        blobs = _rows(connection, [k for k in keys if k not in state.fresh])
        return [
            state.fresh[k] if k in state.fresh else _unpickle(ledger, k, blobs.get(k)) for k in keys
        ]

    return _through_cache(ledger, progress, lambda item: item, read)


def load_briefs(
    ledger: Ledger, day: dt.date, *, progress: Progress | None = None
) -> tuple[list[Brief], list[Problem]]:
    """The briefs of the items open at the end of ``day``, as they stood then.

    An item whose records all date from ``day`` or before is taken from its
    manifest entry (closed ones are skipped unread); one with later records
    is unpickled and rolled back with ``model.as_of``, as a report for a past
    date needs.
    """
    ordinal = day.toordinal()

    def then(item: Item) -> Brief | None:
        past = as_of(item, day)
        return None if past is None or not past.is_open else brief_of(past)

    def read(connection: sqlite3.Connection, state: _Refreshed[Brief | None]) -> list[Brief | None]:
        fresh = state.fresh
        found: list[Brief | None] = list(fresh.values())
        later: list[str] = []
        for key, brief in state.facts.open.items():
            if brief.last_day <= ordinal:
                if key not in fresh:
                    found.append(brief)
            elif key not in fresh:
                later.append(key)
        later += (k for k, last in state.facts.closed.items() if last > ordinal and k not in fresh)
        blobs = _rows(connection, later)
        found += (then(_unpickle(ledger, key, blobs.get(key))) for key in later)
        return found

    briefs, problems = _through_cache(ledger, progress, then, read)
    return [b for b in briefs if b is not None], problems


def _parse_all(
    ledger: Ledger, progress: Progress | None, convert: Callable[[Item], T]
) -> tuple[list[T], list[Problem]]:
    """Every file parsed (no cache), each item ``convert``ed as it is read."""
    from duchatai.ledger import Problem

    items: list[T] = []
    problems: list[Problem] = []
    keys = sorted(_all_keys(_scan(ledger)), key=_in_order)
    for done, key in enumerate(keys, 1):
        try:
            items.append(convert(ledger.read_item(ledger.root / key)))
        except LedgerBroken as broken:
            problems.append(Problem(ledger.root / key, None, broken.message))
        if progress is not None:
            progress(done, len(keys))
    return items, problems


def _drop(cache: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{cache}{suffix}").unlink()


def rebuild(ledger: Ledger, *, progress: Progress | None = None) -> tuple[int, int]:
    """Drop the cache and parse every file again; returns (items, broken files)."""
    _drop(ledger.root / ".duchatai" / CACHE_NAME)
    items, problems = load_items(ledger, progress=progress)
    return len(items), len(problems)
