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
put a file. A ledger without a state directory (outside git, a read-only git
directory) has no cache: every file is parsed. Everything read back is checked
by shape; anything off is a miss and the file is parsed again.

Two tables:

- ``items``: one row per file, the ``Item`` as a JSON array of its fields
  (``ItemCodec``: dates as ordinals, nested records as arrays), for ``list``,
  ``weekly``, ``export``…;
- ``meta``: the *manifest*, in shards (one row per shard, by the last two
  digits of the item's number): JSON ``[stamps, open, closed]`` keyed by the
  file's path relative to the ledger: every file's stamp; each open item's
  ``Brief`` (``brief.py``, an array of plain values); each closed item's
  latest date. A changed file rewrites its shard only.

The morning report needs only the manifest: with nothing changed it is one
stat per file, the shards' ``json.loads`` and the briefs of the open items; no
closed item is ever decoded. Rows are written before the manifest entries that
vouch for them, and an entry is written only for a row that was stored, merged
with the manifest as it is then: a stamp in the manifest never vouches for a
row that holds another version of the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import json
import os
import sqlite3
import types
import typing
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from duchatai.core.brief import Brief, brief_of, decode_brief
from duchatai.core.errors import LedgerBroken
from duchatai.core.model import Item, as_of
from duchatai.store import plain

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger, Problem

CACHE_NAME = "index.sqlite"

FORMAT = "json-1"
"""The layout of the tables; part of ``schema_version``."""

Progress = Callable[[int, int], None]
T = TypeVar("T")
Stamps = dict[str, int]
"""Path relative to the ledger → the file's stamp."""


# -- the stored form of an item: a JSON array of its fields, checked on the way back ----


class Unsupported(Exception):
    """A field of a type the codec cannot store exactly (the codec is then not used)."""


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
"""(encode, decode) of one field type; ``decode`` raises on anything ``encode`` never made."""


def _same_type(kind: type) -> Codec:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"{kind.__name__} expected")
        return value

    return (lambda value: value), check


def _date_codec() -> Codec:
    def decode(value: Any) -> dt.date:
        if type(value) is not int:
            raise ValueError("date ordinal expected")
        return dt.date.fromordinal(value)  # ValueError when out of range

    def encode(value: Any) -> int:
        if type(value) is not dt.date:
            raise plain.Unencodable(type(value).__name__)
        return value.toordinal()

    return encode, decode


def _optional(inner: Codec) -> Codec:
    encode, decode = inner
    return (
        lambda value: None if value is None else encode(value),
        lambda value: None if value is None else decode(value),
    )


def _list_codec(inner: Codec) -> Codec:
    encode, decode = inner

    def decoded(value: Any) -> list[Any]:
        if type(value) is not list:
            raise ValueError("list expected")
        return [decode(v) for v in value]

    return (lambda value: [encode(v) for v in value]), decoded


def _enum_codec(kind: type[enum.Enum]) -> Codec:
    def decode(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError("text expected")
        return kind(value)

    return (lambda value: value.value), decode


def _plain_mapping() -> Codec:
    def decode(value: Any) -> dict[Any, Any]:
        found = plain.decode(value)
        if type(found) is not dict:
            raise ValueError("mapping expected")
        return found

    return plain.encode, decode


def _codec_for(hint: Any) -> Codec:
    """The codec of one field type, from its real (evaluated) type hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, bool, int, float):
        return _same_type(hint)
    if hint is dt.date:
        return _date_codec()
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        return _optional(_codec_for(next(a for a in args if a is not type(None))))
    if origin is list and len(args) == 1:
        return _list_codec(_codec_for(args[0]))
    if origin is dict and args and args[0] is str:
        return _plain_mapping()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_codec(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_codec(hint)
    raise Unsupported(repr(hint))


def _stored_fields(kind: type) -> list[tuple[str, Any]]:
    """The fields a record keeps in the cache, with their evaluated types (``path`` is
    where the file was read from, set again when a row is read)."""
    hints = typing.get_type_hints(kind)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(kind) if f.name != "path"]


_SCALAR_TYPES = (str, bool, int, float)


def _record_codec(kind: type) -> Codec:
    fields = _stored_fields(kind)
    names = [name for name, _ in fields]
    codecs = [_codec_for(hint) for _, hint in fields]
    encoders = [encode for encode, _ in codecs]
    width = len(fields)
    # Scalar fields are checked in one loop without a call each (most fields are
    # text): this runs for every cached item a report reads.
    scalars = [(i, hint) for i, (_, hint) in enumerate(fields) if hint in _SCALAR_TYPES]
    others = [(i, codecs[i][1]) for i, (_, hint) in enumerate(fields) if hint not in _SCALAR_TYPES]

    def encode(value: Any) -> list[Any]:
        if type(value) is not kind:
            raise plain.Unencodable(type(value).__name__)
        return [enc(getattr(value, name)) for enc, name in zip(encoders, names, strict=True)]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != width:
            raise ValueError(f"{kind.__name__} expected")
        for index, scalar in scalars:
            if type(value[index]) is not scalar:
                raise ValueError(f"{kind.__name__}.{names[index]}: {scalar.__name__} expected")
        args = list(value)
        for index, dec in others:
            args[index] = dec(args[index])
        return kind(*args)

    return encode, decode


def _shape(hint: Any, seen: set[type]) -> str:
    """A text that changes whenever a stored record's fields or their types change."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint not in seen:
        seen.add(hint)
        inner = ",".join(f"{n}:{_shape(h, seen)}" for n, h in _stored_fields(hint))
        return f"{hint.__name__}({inner})"
    args = typing.get_args(hint)
    if args:
        return f"{typing.get_origin(hint)}[{','.join(_shape(a, seen) for a in args)}]"
    return getattr(hint, "__qualname__", repr(hint))


class ItemCodec:
    """``Item`` ⇄ JSON text, every value checked on the way back.

    Built from the dataclasses' own fields, so a field added to ``Item`` or to
    a record it holds (``Report``…) is stored without anyone touching this
    code, and changes ``schema_version``. ``None`` when a field has a type it
    cannot store exactly: then no row is cached and every file is parsed.
    """

    def __init__(self) -> None:
        self._encode, self._decode = _record_codec(Item)

    def dumps(self, item: Item) -> str | None:
        """The row for ``item``; None when a value cannot be stored exactly."""
        try:
            return json.dumps(self._encode(item), ensure_ascii=False, separators=(",", ":"))
        except (plain.Unencodable, ValueError, TypeError, RecursionError):
            return None

    def loads(self, text: Any, path: Path) -> Item | None:
        """The item a row holds, or None when the row is not one ``dumps`` wrote for ``path``."""
        try:
            item = self._decode(json.loads(text))
        except Exception:  # anything off: a miss, the file is parsed again
            return None
        if not isinstance(item, Item) or item.id != path.stem:
            return None
        item.path = path
        return item


_CODEC: list[ItemCodec | None] = []


def item_codec() -> ItemCodec | None:
    """The item codec (built once); None when ``Item`` has a field it cannot store."""
    if not _CODEC:
        try:
            _CODEC.append(ItemCodec())
        except Unsupported:
            _CODEC.append(None)
    return _CODEC[0]


_VERSION: list[int] = []

_PARSING_MODULES = (
    "core/model.py",
    "core/brief.py",
    "store/index.py",
    "store/plain.py",
    "store/ledger.py",
)
"""Where the parsing rules and the stored shapes are written: a change to any of them
(a new validation in ``Item.from_record``, a new field) re-parses every cached file."""


def schema_version() -> int:
    """The cache's version, derived (never bumped by hand) from the stored shapes: the
    fields of ``Item`` and its records, of ``Brief``, ``FORMAT``, and the source of the
    modules that parse and store them. A cache of another version is rebuilt."""
    if not _VERSION:
        # A checksum, not a digest: it tells versions apart, nothing here is a secret,
        # and zlib costs no OpenSSL import on every start.
        crc = zlib.crc32(FORMAT.encode())
        crc = zlib.crc32(_shape(Item, set()).encode(), crc)
        brief = repr([(n, str(Brief.__annotations__[n])) for n in Brief._fields])
        crc = zlib.crc32(brief.encode(), crc)
        package = Path(__file__).resolve().parent.parent
        for name in _PARSING_MODULES:
            with contextlib.suppress(OSError):
                crc = zlib.crc32((package / name).read_bytes(), crc)
        # SQLite's user_version is a signed 32-bit integer; 0 is a fresh database.
        _VERSION.append((crc & 0x7FFFFFFF) or 1)
    return _VERSION[0]


def cache_path(ledger: Ledger) -> Path | None:
    """Where the ledger's item cache lives (in the git directory); None: no cache."""
    from duchatai.store.statedir import state_dir

    state = state_dir(ledger.root)
    return None if state is None else state / CACHE_NAME


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


def _open_cache(ledger: Ledger) -> sqlite3.Connection | None:
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
    rows = connection.execute("SELECT key, value FROM meta WHERE key >= 'm:' AND key < 'm;'")
    for name, text in rows:
        shard = name[2:] if isinstance(name, str) else ""
        if only is not None and shard not in only:
            continue
        found = _decode_shard(shard, text)
        if found is None:
            continue
        stamps, opened, closed = found
        shards[shard] = stamps
        facts.open.update(opened)
        facts.closed.update(closed)
    return Manifest(version, shards, facts)


def _decode_shard(shard: str, text: Any) -> tuple[Stamps, dict[str, Brief], dict[str, int]] | None:
    """A manifest shard as stored, checked by shape; None (every file in it parsed again)
    when anything is off."""
    try:
        stamps, open_, closed = json.loads(text)
        if type(stamps) is not dict or type(open_) is not dict or type(closed) is not dict:
            return None
        for key, stamp in stamps.items():
            if type(stamp) is not int or _shard(key) != shard:
                return None
        # Facts only for files the shard has stamps for: nothing else is ever served.
        if not (open_.keys() <= stamps.keys() and closed.keys() <= stamps.keys()):
            return None
        if any(type(day) is not int for day in closed.values()):
            return None
        opened = {key: decode_brief(row) for key, row in open_.items()}
    except Exception:  # garbage, a wrong shape, a bad value: a miss
        return None
    return stamps, opened, closed


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
    from duchatai.store.ledger import Problem

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
        except LedgerBroken as error:
            # Not cached: the message is in the language of this run, and a
            # broken file is rare and read again until it is fixed.
            out.problems.append(Problem(ledger.root / key, None, error.message))
            if out.facts.drop(key):
                gone[_shard(key)].add(key)  # its old row is no longer served
        else:
            out.facts.set(key, item)
            row = None if codec is None else codec.dumps(item)
            if row is not None:  # else not cached: parsed again next time
                batch.append((key, row))
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


def _store_rows(connection: sqlite3.Connection, rows: list[tuple[str, str]]) -> bool:
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
            open_: dict[str, list[object]] = {}
            closed: dict[str, int] = {}
            for key in merged:
                source = facts if key in stamps else base.facts
                if key in source.open:
                    open_[key] = list(source.open[key])
                elif key in source.closed:
                    closed[key] = source.closed[key]
            text = json.dumps([merged, open_, closed], ensure_ascii=False, separators=(",", ":"))
            rows.append((f"m:{shard}", text))
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
        cache = cache_path(ledger)
        if cache is not None:
            _drop(cache)
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.close()
    return _parse_all(ledger, progress, convert)


class _Rows:
    """Reading cached items: the rows found, and what to store again afterwards."""

    def __init__(self, connection: sqlite3.Connection, keys: list[str]) -> None:
        self.connection = connection
        self.found = _rows(connection, keys)
        self.repairs: list[tuple[str, str]] = []

    def item(self, ledger: Ledger, key: str, problems: list[Problem]) -> Item | None:
        """The cached item, or the file parsed again when its row is missing or does not
        decode (then its row is stored again); None, and a problem, when the file no
        longer parses under today's rules."""
        from duchatai.store.ledger import Problem

        path = ledger.root / key
        codec = item_codec()
        row = self.found.get(key)
        if row is not None and codec is not None:
            item = codec.loads(row, path)
            if item is not None:
                return item
        try:
            item = ledger.read_item(path)
        except LedgerBroken as error:
            problems.append(Problem(path, None, error.message))
            return None
        fresh = None if codec is None else codec.dumps(item)
        if fresh is not None:
            self.repairs.append((key, fresh))
        return item

    def repair(self) -> None:
        """Store the rows parsed again (the manifest already vouches for their files)."""
        if self.repairs:
            _store_rows(self.connection, self.repairs)


def _rows(connection: sqlite3.Connection, keys: list[str]) -> dict[str, Any]:
    """The stored rows of ``keys`` (all rows when they are many)."""
    if len(keys) > 500:
        return dict(connection.execute("SELECT path, item FROM items"))
    found: dict[str, Any] = {}
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
        rows = _Rows(connection, [k for k in keys if k not in state.fresh])
        found: list[Item] = []
        for key in keys:
            if key in state.fresh:
                found.append(state.fresh[key])
            else:
                item = rows.item(ledger, key, state.problems)
                if item is not None:
                    found.append(item)
        rows.repair()
        return found

    return _through_cache(ledger, progress, lambda item: item, read)


def load_briefs(
    ledger: Ledger, day: dt.date, *, progress: Progress | None = None
) -> tuple[list[Brief], list[Problem]]:
    """The briefs of the items open at the end of ``day``, as they stood then.

    An item whose records all date from ``day`` or before is taken from its
    manifest entry (closed ones are skipped unread); one with later records
    is read from its row and rolled back with ``model.as_of``, as a report for a past
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
        rows = _Rows(connection, later)
        for key in later:
            item = rows.item(ledger, key, state.problems)
            if item is not None:
                found.append(then(item))
        rows.repair()
        return found

    briefs, problems = _through_cache(ledger, progress, then, read)
    return [b for b in briefs if b is not None], problems


def _parse_all(
    ledger: Ledger, progress: Progress | None, convert: Callable[[Item], T]
) -> tuple[list[T], list[Problem]]:
    """Every file parsed (no cache), each item ``convert``ed as it is read."""
    from duchatai.store.ledger import Problem

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
    cache = cache_path(ledger)
    if cache is not None:
        _drop(cache)
    items, problems = load_items(ledger, progress=progress)
    return len(items), len(problems)
