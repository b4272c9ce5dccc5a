"""Plain data to JSON and back, exactly: what the caches store instead of pickles.

A cache must never hold anything that runs code when read (``pickle`` and
``marshal`` do, or can crash the interpreter on crafted input). JSON text
decoded by ``json.loads`` only ever yields dicts, lists, strings, numbers,
booleans and None; this module adds an exact round trip for what a YAML safe
load gives beyond that (dates, timestamps, mappings with non-text keys), with
a tag on every container so that nothing is ever guessed:

- ``None``, ``bool``, ``int``, ``float``, ``str`` are themselves;
- a list is ``["l", item, ...]``;
- a mapping is ``["m", key, value, key, value, ...]`` (keys of any plain type);
- a date is ``["d", "2026-11-20"]``, a timestamp ``["t", "2026-11-20T08:00:00"]``.

Anything else (bytes, sets, subclasses of the plain types) is ``Unencodable``:
the caller simply does not cache it and parses the file again next time.
``decode`` refuses anything that ``encode`` would not have produced.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


class Unencodable(ValueError):
    """A value this format cannot hold exactly (the caller does not cache it)."""


class Malformed(ValueError):
    """Stored data that ``encode`` could not have produced (the caller re-parses)."""


_SCALARS = (str, int, float, bool)


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data, tagged so that ``decode`` gives it back exactly."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is list:
        return ["l", *(encode(v) for v in value)]
    if kind is dict:
        out: list[Any] = ["m"]
        for key, item in value.items():
            out.append(encode(key))
            out.append(encode(item))
        return out
    if kind is dt.date:
        return ["d", value.isoformat()]
    if (
        kind is dt.datetime
        and value.fold == 0  # isoformat() does not keep it
        and (value.tzinfo is None or type(value.tzinfo) is dt.timezone)
    ):
        return ["t", value.isoformat()]
    raise Unencodable(kind.__name__)


def decode(data: Any) -> Any:
    """The value ``encode`` turned into ``data``; ``Malformed`` for anything else."""
    kind = type(data)
    if data is None or kind in _SCALARS:
        return data
    if kind is not list or not data:
        raise Malformed(kind.__name__)
    tag = data[0]
    # Text needs no decoding: skipping the call for it halves the time of a typical
    # record (``due_basis``: a few texts, dates and lists of texts), read per cached item.
    if tag == "l":
        return [v if type(v) is str else decode(v) for v in data[1:]]
    if tag == "m" and len(data) % 2 == 1:
        out: dict[Any, Any] = {}
        for index in range(1, len(data), 2):
            key = data[index]
            if type(key) is not str:
                key = decode(key)
                if type(key) in (list, dict):
                    raise Malformed("unhashable key")
            value = data[index + 1]
            out[key] = value if type(value) is str else decode(value)
        return out
    if tag in ("d", "t") and len(data) == 2 and type(data[1]) is str:
        try:
            if tag == "d":
                return dt.date.fromisoformat(data[1])
            return dt.datetime.fromisoformat(data[1])
        except ValueError:
            raise Malformed(data[1]) from None
    raise Malformed(str(tag))


def dumps(value: Any) -> str:
    """``encode`` then JSON text; ``Unencodable`` (also when nested too deep)."""
    try:
        return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        raise Unencodable("nested too deep") from None


def loads(text: str | bytes) -> Any:
    """JSON text back to the value; ``Malformed`` for anything ``dumps`` could not write."""
    try:
        return decode(json.loads(text))
    except Malformed:
        raise
    except (ValueError, TypeError, RecursionError) as error:
        raise Malformed(type(error).__name__) from None
