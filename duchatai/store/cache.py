"""The cache's SQLite file: where it lives, how it is opened, and dropped when corrupt.

``index.py`` says what the cache holds and when it is used; this module only gives
a connection to a cache of the current ``schema_version`` (a cache of another
version is emptied, a corrupt one deleted and made again), or None when there can
be none (no state directory in the git directory, locked, unwritable).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Protocol

from duchatai.store.codec import schema_version
from duchatai.store.statedir import state_dir


class _Rooted(Protocol):
    """A ledger, as far as its cache goes: where it is."""

    root: Path


CACHE_NAME = "index.sqlite"


def cache_path(ledger: _Rooted) -> Path | None:
    """Where the ledger's item cache lives (in the git directory); None: no cache."""
    state = state_dir(ledger.root)
    return None if state is None else state / CACHE_NAME


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # a lost cache write costs a re-parse only
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    wanted = schema_version()
    if version != wanted:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DROP TABLE IF EXISTS items")
        connection.execute("DROP TABLE IF EXISTS meta")
        connection.execute("CREATE TABLE items (path TEXT PRIMARY KEY, item TEXT)")
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute(f"PRAGMA user_version={int(wanted)}")
        connection.execute("COMMIT")
    return connection


def open_cache(ledger: _Rooted) -> sqlite3.Connection | None:
    """The cache, created if missing and dropped if corrupt; None when it cannot be used
    (no state directory, locked, unwritable)."""
    cache = cache_path(ledger)
    if cache is None:
        return None
    try:
        return _connect(cache)
    except sqlite3.OperationalError:
        return None  # locked or unwritable: bypass, never delete
    except (sqlite3.Error, OSError):
        drop_cache(cache)  # corrupt: drop it and try once more from scratch
        try:
            return _connect(cache)
        except (sqlite3.Error, OSError):
            return None


def drop_cache(cache: Path) -> None:
    """Delete the cache file and its WAL companions (whatever of them exists)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{cache}{suffix}").unlink()
