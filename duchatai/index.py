"""A disposable SQLite cache of parsed items (the todoman pattern).

YAML is the truth; this cache only saves parsing. One row per item file,
validated by the file's ``(mtime_ns, size)`` and by ``SCHEMA_VERSION``: a row
whose file changed is re-parsed, a row whose file vanished is dropped. The
cache lives in the ledger's git-ignored ``.duchatai/``. A missing, stale,
corrupt or locked cache is rebuilt or bypassed, never trusted wrongly and
never an error for the user.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from duchatai.errors import LedgerBroken
from duchatai.model import Item

if TYPE_CHECKING:
    from duchatai.ledger import Ledger, Problem

SCHEMA_VERSION = 2
"""Bump when ``Item`` or the parsing rules change: every cached row is then re-parsed."""

CACHE_NAME = "index.sqlite"

Progress = Callable[[int, int], None]


def _scan(ledger: Ledger) -> list[tuple[str, int, int]]:
    """(path, stamp, size) of every item file, open ones first, then the archive.

    The stamp mixes ``mtime_ns`` with ``ctime_ns`` and the inode number: every
    tool write is a rename onto a new inode, and an in-place edit that puts the
    old mtime back (``cp -p``, ``touch -r``) still moves the ctime, which no
    user tool can set.
    """
    found: list[tuple[str, int, int]] = []
    folders = [ledger.items_dir]
    if ledger.archive_dir.is_dir():
        folders += sorted(p for p in ledger.archive_dir.iterdir() if p.is_dir())
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                with contextlib.suppress(FileNotFoundError):
                    stat = entry.stat()
                    stamp = hash((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
                    found.append((entry.path, stamp, stat.st_size))
    return found


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # a lost cache write costs a re-parse only
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        connection.execute("DROP TABLE IF EXISTS items")
        connection.execute(
            "CREATE TABLE items (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, "
            "item BLOB, error TEXT)"
        )
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return connection


def load_items(
    ledger: Ledger, *, progress: Progress | None = None
) -> tuple[list[Item], list[Problem]]:
    """Every item of the ledger through the cache; broken files become problems.

    Falls back to parsing every file when the cache cannot be used at all.
    """
    cache = ledger.root / ".duchatai" / CACHE_NAME
    try:
        cache.parent.mkdir(exist_ok=True)
        connection = _connect(cache)
    except sqlite3.OperationalError:
        return _parse_all(ledger, progress)  # locked or unwritable: bypass, never delete
    except (sqlite3.Error, OSError):
        _drop(cache)  # corrupt: drop it and try once more from scratch
        try:
            connection = _connect(cache)
        except (sqlite3.Error, OSError):
            return _parse_all(ledger, progress)
    try:
        return _load(ledger, connection, progress)
    except sqlite3.OperationalError:
        return _parse_all(ledger, progress)
    except sqlite3.DatabaseError:
        connection.close()
        _drop(cache)
        return _parse_all(ledger, progress)
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()


def _load(
    ledger: Ledger, connection: sqlite3.Connection, progress: Progress | None
) -> tuple[list[Item], list[Problem]]:
    from duchatai.ledger import Problem

    files = _scan(ledger)
    rows = {
        path: (mtime, size, blob, error)
        for path, mtime, size, blob, error in connection.execute(
            "SELECT path, mtime_ns, size, item, error FROM items"
        )
    }
    items: list[Item] = []
    problems: list[Problem] = []
    fresh: list[tuple[str, int, int, bytes | None, str | None]] = []
    stale = [f for f in files if f[0] not in rows or rows[f[0]][:2] != (f[1], f[2])]
    total, done = len(stale), 0
    for path, mtime, size in files:
        row = rows.get(path)
        if row is not None and row[:2] == (mtime, size):
            blob = row[2]
            try:
                item = pickle.loads(blob)
                item.path = Path(path)
                items.append(item)
                continue
            except Exception:  # an unreadable row: parse the file again
                pass
        try:
            item = ledger.read_item(Path(path))
            items.append(item)
            stored = Item(**{**item.__dict__, "path": None})
            fresh.append((path, mtime, size, pickle.dumps(stored, protocol=5), None))
        except LedgerBroken as broken:
            # Not cached: the message is in the language of this run, and a
            # broken file is rare and read again until it is fixed.
            problems.append(Problem(Path(path), None, broken.message))
        done += 1
        if progress is not None and total:
            progress(done, total)
    gone = set(rows) - {f[0] for f in files}
    if fresh or gone:
        _store(connection, fresh, gone)
    return items, problems


def _store(
    connection: sqlite3.Connection,
    fresh: list[tuple[str, int, int, bytes | None, str | None]],
    gone: set[str],
) -> None:
    """Save new rows; a locked or read-only cache is simply not updated this time."""
    try:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT OR REPLACE INTO items (path, mtime_ns, size, item, error) VALUES (?,?,?,?,?)",
            fresh,
        )
        connection.executemany("DELETE FROM items WHERE path = ?", [(p,) for p in gone])
        connection.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _parse_all(ledger: Ledger, progress: Progress | None) -> tuple[list[Item], list[Problem]]:
    from duchatai.ledger import Problem

    items: list[Item] = []
    problems: list[Problem] = []
    files = _scan(ledger)
    for done, (path, _, _) in enumerate(files, 1):
        try:
            items.append(ledger.read_item(Path(path)))
        except LedgerBroken as broken:
            problems.append(Problem(Path(path), None, broken.message))
        if progress is not None:
            progress(done, len(files))
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
