"""The cache's stored form of an item, and the cache's schema version.

An ``Item`` is stored as a JSON array of its fields (dates as ordinals, nested
records as arrays), checked by shape on the way back: anything off is a miss
and the file is parsed again. The schema version is derived from the stored
shapes and the source of the parsing code, never bumped by hand.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import json
import operator
import sys
import types
import typing
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from duchatai.core.brief import Brief
from duchatai.core.model import Item
from duchatai.store import plain

FORMAT = "json-1"
"""The layout of the cache's tables; part of ``schema_version``."""


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


_DAYS: dict[int, dt.date] = {}
"""Each day decoded once: thousands of items share a few hundred dates (dates are
immutable), and one object a day saves both the allocations and the memory."""


def _date_codec(optional: bool = False) -> Codec:
    fromordinal = dt.date.fromordinal
    days = _DAYS

    def decode(value: Any) -> dt.date | None:
        if type(value) is not int:
            if optional and value is None:
                return None
            raise ValueError("date ordinal expected")
        day = days.get(value)
        if day is None:
            day = days[value] = fromordinal(value)  # ValueError when out of range
        return day

    def encode(value: Any) -> int | None:
        if type(value) is not dt.date:
            if optional and value is None:
                return None
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
        return [decode(v) for v in value] if value else []

    return (lambda value: [encode(v) for v in value]), decoded


def _scalar_list_codec(kind: type) -> Codec:
    """A list of text (or another scalar): checked in one pass, kept as parsed (the
    row's JSON is parsed for this item alone, nothing else holds the list)."""
    encode, _ = _same_type(kind)
    allowed = {kind}

    def decoded(value: Any) -> list[Any]:
        if type(value) is not list or (value and set(map(type, value)) != allowed):
            raise ValueError(f"list of {kind.__name__} expected")
        return value

    return (lambda value: [encode(v) for v in value]), decoded


def _enum_codec(kind: type[enum.Enum]) -> Codec:
    members = {member.value: member for member in kind}

    def decode(value: Any) -> Any:
        if type(value) is not str:
            raise ValueError("text expected")
        return members[value]  # KeyError for a value the enum does not have

    return (lambda value: value.value), decode


def _plain_mapping() -> Codec:
    def decode(value: Any) -> dict[Any, Any]:
        found = plain.decode(value)
        if type(found) is not dict:
            raise ValueError("mapping expected")
        return found

    return plain.encode, decode


def _date_mapping() -> Codec:
    """Text → date (``recorded_on``) as a JSON object of ordinals, checked in one pass."""
    fromordinal = dt.date.fromordinal

    def encode(value: Any) -> dict[str, int]:
        if type(value) is not dict or {type(k) for k in value} - {str}:
            raise plain.Unencodable("mapping of text to dates expected")
        if {type(v) for v in value.values()} - {dt.date}:
            raise plain.Unencodable("mapping of text to dates expected")
        return {k: v.toordinal() for k, v in value.items()}

    def decode(value: Any) -> dict[str, dt.date]:
        if type(value) is not dict or (value and set(map(type, value.values())) != {int}):
            raise ValueError("mapping of dates expected")
        return {k: fromordinal(v) for k, v in value.items()}  # JSON keys are text

    return encode, decode


def _codec_for(hint: Any) -> Codec:
    """The codec of one field type, from its real (evaluated) type hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, bool, int, float):
        return _same_type(hint)
    if hint is dt.date:
        return _date_codec()
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return _date_codec(optional=True) if inner is dt.date else _optional(_codec_for(inner))
    if origin is list and len(args) == 1:
        if args[0] in _SCALAR_TYPES:
            return _scalar_list_codec(args[0])
        return _list_codec(_codec_for(args[0]))
    if origin is dict and args == (str, dt.date):
        return _date_mapping()
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
    intern = sys.intern  # mortal: freed with the last item that names it
    fields = _stored_fields(kind)
    names = [name for name, _ in fields]
    codecs = [_codec_for(hint) for _, hint in fields]
    encoders = [encode for encode, _ in codecs]
    width = len(fields)
    # Scalar fields are checked in one loop without a call each (most fields are
    # text): this runs for every cached item a report reads.
    scalars = [(i, hint) for i, (_, hint) in enumerate(fields) if hint in _SCALAR_TYPES]
    others = [(i, codecs[i][1]) for i, (_, hint) in enumerate(fields) if hint not in _SCALAR_TYPES]
    # Most lists of most items are empty (no urge, no extension…): they are taken as
    # parsed, without a call; only a list with something in it is decoded.
    lists = [(i, dec) for i, dec in others if typing.get_origin(fields[i][1]) is list]
    others = [(i, dec) for i, dec in others if typing.get_origin(fields[i][1]) is not list]
    texts = [i for i, hint in scalars if hint is str]
    # The scalars' types taken and compared in C (itemgetter, map): one test an item.
    picked = [i for i, _ in scalars]
    wanted = tuple(hint for _, hint in scalars)
    pick = operator.itemgetter(*picked, *picked[:1]) if picked else (lambda value: ())
    wanted += wanted[:1]

    def scalar_error(value: list[Any]) -> ValueError:
        index, scalar = next((i, k) for i, k in scalars if type(value[i]) is not k)
        return ValueError(f"{kind.__name__}.{names[index]}: {scalar.__name__} expected")

    def encode(value: Any) -> list[Any]:
        if type(value) is not kind:
            raise plain.Unencodable(type(value).__name__)
        return [enc(getattr(value, name)) for enc, name in zip(encoders, names, strict=True)]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != width:
            raise ValueError(f"{kind.__name__} expected")
        if tuple(map(type, pick(value))) != wanted:
            raise scalar_error(value)
        args = list(value)
        for index in texts:  # the same text once in memory (units, categories, names)
            args[index] = intern(args[index])
        for index, dec in lists:
            found = args[index]
            if found:
                args[index] = dec(found)
            elif type(found) is not list:
                raise ValueError(f"{kind.__name__}.{names[index]}: list expected")
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
    "core/dates.py",
    "core/model.py",
    "core/records.py",
    "core/deadlines.py",
    "core/duedate.py",
    "core/fields.py",
    "core/criticism.py",
    "core/brief.py",
    "core/line.py",
    "core/tally.py",
    "core/assessment.py",
    "core/weeklyduty.py",
    "core/followup.py",
    "core/history.py",
    "store/codec.py",
    "store/manifest.py",
    "store/index.py",
    "store/plain.py",
    "store/ledger.py",
    "store/yamlio.py",
)
"""Where the parsing rules, the stored shapes and what a stored ``Brief`` holds are
written (its judged date is ``deadlines``'): a change to any of them (a new validation
in ``Item.from_record``, a new field, another deadline rule) re-parses every cached file."""


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
