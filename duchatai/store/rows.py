"""Items read back from the cache's ``items`` table (``index.py`` decides which).

A row that is missing or does not decode is a miss: the file is parsed again
and its row stored again (``Rows.repair``); a file that no longer parses is a
problem, never an error. Nothing here trusts a row: ``codec`` checks it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from duchatai.core.errors import LedgerBroken
from duchatai.core.model import Item
from duchatai.store.codec import item_codec
from duchatai.store.problem import Problem

_IN_ORDER_SQL = "SELECT path, item FROM items ORDER BY substr(path, 1, 6) != 'items/', path"
"""Every row in ``in_order``'s order (text compares the same in SQLite and Python:
code point order is UTF-8 byte order)."""


class ItemFiles(Protocol):
    """What the cache needs of a ledger (``store.ledger.Ledger`` is one): where its
    item files are, and the one parser of an item file."""

    root: Path
    items_dir: Path
    archive_dir: Path

    def read_item(self, path: Path) -> Item:
        """Parse one item file; ``LedgerBroken`` says which file and line."""
        ...


def in_order(key: str) -> tuple[bool, str]:
    """Open items first, then the archive year by year; by file name within each."""
    return (not key.startswith("items/"), key)


def store_rows(connection: sqlite3.Connection, rows: list[tuple[str, str]]) -> bool:
    """Save items as rows; False when the cache is locked or read-only this time."""
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT OR REPLACE INTO items VALUES (?, ?)", rows)
        connection.execute("COMMIT")
        return True
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        return False


class Rows:
    """Reading cached items of one ledger: each row decoded, or its file parsed again;
    what was parsed again is stored afterwards (``repair``)."""

    def __init__(
        self, connection: sqlite3.Connection, ledger: ItemFiles, problems: list[Problem]
    ) -> None:
        self.connection = connection
        self.ledger = ledger
        self.problems = problems
        self.repairs: list[tuple[str, str]] = []
        self.folders: dict[str, Path] = {}

    def _path(self, key: str) -> Path:
        folder, _, name = key.rpartition("/")  # a folder joined once, then a name alone
        if folder not in self.folders:
            self.folders[folder] = self.ledger.root / folder
        return self.folders[folder] / name

    def item(self, key: str, row: Any, *, parse: bool = True) -> Item | None:
        """The item ``row`` holds, or the file parsed again when there is no row or it
        does not decode (then its row is stored again); None, and a problem, when the
        file no longer parses under today's rules. None without ``parse``, for a miss."""
        path = self._path(key)
        codec = item_codec()
        if row is not None and codec is not None:
            item = codec.loads(row, path)
            if item is not None:
                return item
        if not parse:
            return None
        try:
            item = self.ledger.read_item(path)
        except LedgerBroken as error:
            self.problems.append(Problem(path, None, error.message))
            return None
        fresh = None if codec is None else codec.dumps(item)
        if fresh is not None:
            self.repairs.append((key, fresh))
        return item

    def items(self, keys: list[str]) -> Iterator[tuple[str, Item]]:
        """``(key, item)`` for ``keys`` in that order, each from its stored row or its file
        parsed again (``item``); what was parsed again is stored once all are given
        (``repair``). A file that no longer parses is left out (a problem)."""
        stored = self.fetch(keys)
        for key in keys:
            item = self.item(key, stored.get(key))
            if item is not None:
                yield key, item
        self.repair()

    def fetch(self, keys: list[str]) -> dict[str, Any]:
        """The stored rows of ``keys``: looked up by key when they are few, else in one pass."""
        if len(keys) > 500:
            wanted = set(keys)
            rows = self.connection.execute("SELECT path, item FROM items")
            return {key: row for key, row in rows if key in wanted}
        found: dict[str, Any] = {}
        for start in range(0, len(keys), 250):
            chunk = keys[start : start + 250]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT path, item FROM items WHERE path IN ({marks})"
            found.update(self.connection.execute(query, chunk))
        return found

    def stream(self, keys: list[str]) -> Iterator[tuple[str, Any]]:
        """``(key, row or None)`` for ``keys`` (sorted by ``in_order``), from one pass
        over the table in the same order: a row's text is held only while it is decoded,
        never all of them at once. A row out of order is only a miss (its file is parsed)."""
        cursor = self.connection.execute(_IN_ORDER_SQL)
        pending = next(cursor, None)
        for key in keys:
            place = in_order(key)
            while pending is not None and (
                type(pending[0]) is not str or in_order(pending[0]) < place
            ):
                pending = next(cursor, None)
            if pending is not None and pending[0] == key:
                yield key, pending[1]
                pending = next(cursor, None)
            else:
                yield key, None

    def repair(self) -> None:
        """Store the rows parsed again (the manifest already vouches for their files)."""
        if self.repairs:
            store_rows(self.connection, self.repairs)
            self.repairs = []

    def by_id(self, keys: list[str]) -> Iterator[tuple[str, Any]]:
        """``(key, row or None)`` for ``keys`` (sorted by ``in_order``) in the order of
        their ids (file names; ``in_order``'s among equal ones): ``stream``'s one pass
        when the two orders agree (every item in ``items/``), else a look-up per key. A
        cache that fails half-way gives None for the rest (their files are parsed), and
        no key twice."""
        ordered = sorted(keys, key=key_id)
        given = 0
        try:
            pairs = (
                self.stream(keys)
                if ordered == keys
                else ((key, self.fetch([key]).get(key)) for key in ordered)
            )
            for pair in pairs:
                yield pair
                given += 1
        except sqlite3.Error:
            for key in ordered[given:]:
                yield key, None


def key_id(key: str) -> str:
    """An item file's id: its name without ``.yaml`` (``read_item`` holds them equal)."""
    return key.rpartition("/")[2][:-5]

