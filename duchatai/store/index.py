"""A disposable SQLite cache of parsed items (the todoman pattern).

YAML is the truth; this cache only saves parsing. Every item file is checked
by one ``stat`` per run against the stamp it was cached under (``mtime_ns``,
``ctime_ns``, inode, size) and by the schema version (``schema_version``,
derived from the stored shapes and the parsing code, never bumped by hand): a
file that changed is parsed again, one that vanished or no longer parses is
dropped. A missing, stale, corrupt or locked cache is rebuilt or bypassed,
never trusted wrongly and never an error for the user.

The cache holds plain data only, never anything that runs code when read (no
``pickle``, no ``marshal``), and lives in the ledger's state directory inside
the git directory (``statedir.py``), where nothing pulled or checked out can
put a file. A ledger without a state directory has no cache: every file is
parsed. Everything read back is checked by shape; anything off is a miss and
the file is parsed again.

Two tables: ``items``, one row per file, the ``Item`` as a JSON array of its
fields (``codec.py``), for ``weekly``, ``export``…; ``meta``, the *manifest*
(``manifest.py``), in shards: every file's stamp and small facts of each item
(briefs, lines, tallies), so that the morning report, ``list`` and ``stats``
decode no item. Rows are written before the manifest entries that vouch for
them, and an entry is written only for a row that was stored, merged with the
manifest as it is then: a stamp in the manifest never vouches for a row that
holds another version of the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from duchatai.core.brief import Brief, brief_of
from duchatai.core.errors import LedgerBroken
from duchatai.core.history import as_of, units_named
from duchatai.core.line import Line, line_of
from duchatai.core.model import Item
from duchatai.store.cache import cache_path, drop_cache, open_cache
from duchatai.store.codec import item_codec
from duchatai.store.manifest import (
    Facts,
    Stamps,
    all_keys,
    read_manifest,
    scan,
    shard_of,
    stamp_of,
    store_manifest,
    unchanged_file_names,
)
from duchatai.store.problem import Problem
from duchatai.store.rows import ItemFiles, Rows, in_order, store_rows

Progress = Callable[[int, int], None]
T = TypeVar("T")


BATCH = 500
"""Rows written per transaction while parsing: memory stays flat on a cold start."""


class Refreshed(Generic[T]):
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
    ledger: ItemFiles,
    connection: sqlite3.Connection,
    progress: Progress | None,
    convert: Callable[[Item], T],
    briefs: bool,
    lines: bool = False,
    tallies: bool = False,
) -> Refreshed[T]:
    """Parse the files that changed since they were cached; forget those that vanished.

    Briefs and lines are checked only when the read serves them. Rows are written in
    batches as files are parsed; the manifest entries that vouch for them last, in one
    transaction: a row written without its entry (a crash, a lock) is never served, its
    old stamp does not match.
    """
    scanned = scan(ledger.items_dir, ledger.archive_dir)
    read = read_manifest(connection, briefs=briefs, lines=lines, tallies=tallies, whole=False)
    shards = scanned.keys() | read.shards.keys()
    stale = {shard for shard in shards if scanned.get(shard) != read.shards.get(shard)}
    out: Refreshed[T] = Refreshed(read.facts)
    if not stale:  # the usual morning: nothing changed since the last run
        return out
    codec = item_codec()
    gone: dict[str, set[str]] = {}
    changed: list[str] = []
    for shard in stale:
        files, known = scanned.get(shard, {}), read.shards.get(shard, {})
        gone[shard] = known.keys() - files.keys()
        changed += (key for key, stamp in files.items() if known.get(key) != stamp)
        for key in gone[shard]:
            out.facts.drop(key)
    stored: list[str] = []
    batch: list[tuple[str, str]] = []
    for done, key in enumerate(changed, 1):
        try:
            item = ledger.read_item(ledger.root / key)
        except LedgerBroken as error:  # not cached: read again until it is fixed
            out.problems.append(Problem(ledger.root / key, None, error.message))
            if out.facts.drop(key):
                gone[shard_of(key)].add(key)  # its old row is no longer served
        else:
            out.facts.set(key, item)
            row = None if codec is None else codec.dumps(item)
            if row is not None:  # else not cached: parsed again next time
                batch.append((key, row))
            out.fresh[key] = convert(item)
        if batch and (len(batch) == BATCH or done == len(changed)):
            if store_rows(connection, batch):
                stored += (key for key, _ in batch)
            batch = []
        if progress is not None:
            progress(done, len(changed))
    updates: dict[str, Stamps] = {shard: {} for shard, keys in gone.items() if keys}
    for key in stored:
        shard = shard_of(key)
        updates.setdefault(shard, {})[key] = scanned[shard][key]
    if updates:
        store_manifest(connection, updates, gone, out.facts, read)
    return out


def through_cache(
    ledger: ItemFiles,
    progress: Progress | None,
    convert: Callable[[Item], T],
    read: Callable[[sqlite3.Connection, Refreshed[T]], list[T]],
    briefs: bool = False,
    lines: bool = False,
    tallies: bool = False,
) -> tuple[list[T], list[Problem]]:
    """Refresh the cache and ``read`` from it; whenever the cache cannot be used, parse
    every file and ``convert`` each item instead."""
    connection = open_cache(ledger)
    if connection is None:
        return parse_all(ledger, progress, convert)
    try:
        state = _refresh(ledger, connection, progress, convert, briefs, lines, tallies)
        return read(connection, state), state.problems
    except sqlite3.OperationalError:
        pass  # locked mid-way: parse the files this once
    except sqlite3.DatabaseError:
        connection.close()
        cache = cache_path(ledger)
        if cache is not None:
            drop_cache(cache)
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
    return parse_all(ledger, progress, convert)


def load_items(
    ledger: ItemFiles, *, progress: Progress | None = None
) -> tuple[list[Item], list[Problem]]:
    """Every item of the ledger through the cache; broken files become problems."""

    def read(connection: sqlite3.Connection, state: Refreshed[Item]) -> list[Item]:
        keys = sorted(state.facts.keys(), key=in_order)
        rows = Rows(connection, ledger, state.problems)
        found: list[Item] = []
        for key, row in rows.stream(keys):
            item = state.fresh.get(key) or rows.item(key, row)
            if item is not None:
                found.append(item)
        rows.repair()
        return found

    return through_cache(ledger, progress, lambda item: item, read)


Choose = Callable[[list[str]], tuple[list[str], list[Problem]]]
"""Of the readable files' keys (``in_order``), those to read, and a problem for each other."""


def each_item(
    ledger: ItemFiles,
    sink: Callable[[Item], None],
    choose: Choose,
    *,
    progress: Progress | None = None,
) -> list[Problem]:
    """The items of the files ``choose`` keeps, handed to ``sink`` one at a time in the
    order of their ids, and kept by nobody: a read that writes each item as it comes
    (``list --json``) holds one at a time, not 50,000. Returns the problems: broken
    files, then what ``choose`` said."""
    said: list[Problem] = []

    def read(connection: sqlite3.Connection, state: Refreshed[Item]) -> list[Item]:
        # No sqlite error escapes once an item is handed over (``Rows.by_id``): the
        # whole-ledger parse ``through_cache`` falls back on would hand it over again.
        keys, skipped = choose(sorted(state.facts.keys(), key=in_order))
        said.extend(skipped)
        rows = Rows(connection, ledger, state.problems)
        for key, row in rows.by_id(keys):
            item = state.fresh.pop(key, None) or rows.item(key, row)
            if item is not None:
                sink(item)
        rows.repair()
        return []

    found, problems = through_cache(ledger, progress, lambda item: item, read)
    if found:  # no cache: every file was parsed first
        by_key = {i.path.relative_to(ledger.root).as_posix(): i for i in found if i.path}
        keys, skipped = choose(sorted(by_key, key=in_order))
        said.extend(skipped)
        for item in sorted((by_key[key] for key in keys), key=lambda i: i.id):
            sink(item)
    return problems + said


Keyed = tuple[str, T]
"""An item file's key (path relative to the ledger) and what a read made of its item."""


def key_of(ledger: ItemFiles, item: Item) -> str:
    """The key of the file ``item`` was read from."""
    return "" if item.path is None else item.path.relative_to(ledger.root).as_posix()


def load_briefs(
    ledger: ItemFiles, day: dt.date, *, progress: Progress | None = None
) -> tuple[list[Keyed[Brief | None]], list[Problem]]:
    """Every readable file's key, in ``load_items``' order, with the brief of its item if
    the item was open at the end of ``day``, as it stood then (else None): the caller
    keeps one file per id as every read does (``Ledger.briefs``).

    An item whose records all date from ``day`` or before is taken from its
    manifest entry (closed ones are skipped unread); one with later records
    is read from its row and rolled back with ``history.as_of``, as a report for a past
    date needs.
    """
    ordinal = day.toordinal()

    def brief_then(item: Item) -> Brief | None:
        past = as_of(item, day)
        return None if past is None or not past.is_open else brief_of(past)

    def then(item: Item) -> Keyed[Brief | None]:
        return key_of(ledger, item), brief_then(item)

    def read(
        connection: sqlite3.Connection, state: Refreshed[Keyed[Brief | None]]
    ) -> list[Keyed[Brief | None]]:
        fresh, opened, closed = state.fresh, state.facts.open, state.facts.closed
        found: dict[str, Keyed[Brief | None]] = {}  # in order; a placeholder until read
        later: list[str] = []
        for key in sorted(state.facts.keys(), key=in_order):
            if key in fresh:
                found[key] = fresh[key]
            elif key in opened and opened[key].last_day <= ordinal:
                found[key] = key, opened[key]
            else:
                found[key] = key, None  # closed, or to be rolled back to ``day`` below
                if key in opened or closed[key] > ordinal:
                    later.append(key)
        unread = set(later)
        for key, item in Rows(connection, ledger, state.problems).items(later):
            found[key] = key, brief_then(item)
            unread.discard(key)
        for key in unread:  # its row did not read (``Rows`` said why): left out, as before
            del found[key]
        return list(found.values())

    return through_cache(ledger, progress, then, read, briefs=True)


def load_one(ledger: ItemFiles, path: Path) -> Item:
    """One item file through the cache (``show``): its row when the manifest vouches for
    the file as it is now (same stamp), else the file parsed. The cache is not written:
    a file that changed is stored by the next report that reads every file."""
    connection = open_cache(ledger)
    if connection is not None:
        try:
            key = path.relative_to(ledger.root).as_posix()
            stamp = stamp_of(os.lstat(path))
            shard = shard_of(key)
            stamps = read_manifest(connection, {shard}, briefs=False, whole=False).shards.get(shard)
            if stamps is not None and stamps.get(key) == stamp:
                rows = Rows(connection, ledger, [])
                item = rows.item(key, rows.fetch([key]).get(key), parse=False)
                if item is not None:
                    return item
        except (sqlite3.Error, OSError, ValueError):
            pass  # locked, vanished, outside the ledger: the file says
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
    return ledger.read_item(path)


Listed = tuple[Line, Brief | None]


def load_lines(
    ledger: ItemFiles, *, progress: Progress | None = None
) -> tuple[list[Keyed[Listed]], list[Problem]]:
    """Every item's ``Line`` (what ``list`` shows), with the brief of each open one (its
    light), keyed by its file, in ``load_items``' order, from the manifest: no item is
    decoded. The caller keeps one file per id (``Ledger.lines``)."""

    def convert(item: Item) -> Keyed[Listed]:
        return key_of(ledger, item), (line_of(item), brief_of(item) if item.is_open else None)

    def read(
        connection: sqlite3.Connection, state: Refreshed[Keyed[Listed]]
    ) -> list[Keyed[Listed]]:
        facts, fresh = state.facts, state.fresh
        keys = sorted(facts.keys(), key=in_order)
        unlined = [k for k in keys if k not in fresh and k not in facts.lines]
        if unlined:  # a manifest some other writer left without lines: the rows say
            rows = Rows(connection, ledger, state.problems)
            fresh.update((key, convert(item)) for key, item in rows.items(unlined))
        return [
            fresh[key] if key in fresh else (key, (facts.lines[key], facts.open.get(key)))
            for key in keys
            if key in fresh or key in facts.lines
        ]

    return through_cache(ledger, progress, convert, read, briefs=True, lines=True)


def load_units(ledger: ItemFiles) -> tuple[list[str], list[Problem]]:
    """Every unit the ledger's items name (``history.units_named``), each once, from the
    manifest: a registration tells a new unit without decoding any item."""

    def read(connection: sqlite3.Connection, state: Refreshed[list[str]]) -> list[list[str]]:
        return [state.facts.units[k] for k in sorted(state.facts.units, key=in_order)]

    named, problems = through_cache(ledger, None, units_named, read)
    return list(dict.fromkeys(unit for units in named for unit in units)), problems


def names_unit(ledger: ItemFiles, unit: str) -> bool:
    """Whether an item of the ledger names ``unit`` (``history.units_named``), exactly as
    ``load_units`` would say, at the cost of a few shards and ``lstat``s when an unchanged
    file names it (``manifest.unchanged_file_names``); otherwise through ``load_units``."""
    connection = open_cache(ledger)
    if connection is not None:
        try:
            if unchanged_file_names(connection, unit, ledger.root):
                return True
        except sqlite3.Error:
            pass  # locked, corrupt: the whole read below decides
        finally:
            connection.close()
    return unit in load_units(ledger)[0]


def parse_all(
    ledger: ItemFiles,
    progress: Progress | None,
    convert: Callable[[Item], T],
    keys: list[str] | None = None,
) -> tuple[list[T], list[Problem]]:
    """Every file (or those of ``keys``) parsed, no cache; each item ``convert``ed."""
    items: list[T] = []
    problems: list[Problem] = []
    if keys is None:
        keys = sorted(all_keys(scan(ledger.items_dir, ledger.archive_dir)), key=in_order)
    for done, key in enumerate(keys, 1):
        try:
            items.append(convert(ledger.read_item(ledger.root / key)))
        except LedgerBroken as broken:
            problems.append(Problem(ledger.root / key, None, broken.message))
        if progress is not None:
            progress(done, len(keys))
    return items, problems


def rebuild(ledger: ItemFiles, *, progress: Progress | None = None) -> tuple[int, int]:
    """Drop the cache and parse every file again; returns (items, broken files)."""
    cache = cache_path(ledger)
    if cache is not None:
        drop_cache(cache)
    items, problems = load_items(ledger, progress=progress)
    return len(items), len(problems)
