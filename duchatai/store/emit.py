"""The fast writer of a fresh record: the bytes ruamel's round-trip dumper writes, or None.

ruamel's round-trip emitter is pure Python and costs several milliseconds a
file: most of the time of an import of thousands of items. Item records have
few shapes (mappings with str keys, lists, text, numbers, booleans, None,
dates), and for those the dumper's output is regular. ``render_fresh`` writes
that output itself, deciding every scalar's style by the same rules as
ruamel's emitter (``Emitter.analyze_scalar`` and ``choose_scalar_style``, with
the settings of ``yamlio._rt_yaml``); for anything it is not sure of (a control
character, a tab, a string ruamel would fold or write over several quoted
lines, a very long line, a float, a datetime, a list in a list) it gives up on
the whole record and the caller dumps it with ruamel. tests/test_emit.py holds
it to byte identity with ruamel over generated and real records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

LONGEST_LINE = 2000
"""Lines longer than this fall back: ruamel folds plain and quoted scalars past its
width (4096 columns, ``_rt_yaml``), and we never want to reproduce folding."""

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
"""Keys written plain with certainty (short: ruamel writes keys past 128 characters
as explicit ``? key`` entries)."""

_PLAIN_KEYS: set[str] = set()
"""Keys found plain already (every item has the same few dozen)."""

_INDICATORS = "#,[]{}&*!|>'\"%@`"
"""A plain scalar may not start with these (ruamel: block indicators at index 0)."""

FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks that a reader folds to a space in plain and single-quoted scalars."""


class _Unsure(Exception):
    """The record holds something this writer does not reproduce for certain."""


def literal_ok(value: str) -> bool:
    """Whether multi-line ``value`` is written as a literal block (``|``): only when it
    reads back identical (no tabs or control characters, no trailing spaces on a line,
    no leading space). The one home of that rule: ``yamlio._styled`` asks it too."""
    if "\n" not in value or any(ch in value for ch in FOLDED_BREAKS):
        return False
    printable = all(ch == "\n" or (ch.isprintable() and ch != "\t") for ch in value)
    lines = value.split("\n")
    return printable and all(line == line.rstrip() for line in lines) and value[:1] != " "


def render_fresh(record: Mapping[str, Any]) -> str | None:
    """What ``yamlio.dump_record(record, None)`` writes, or None when unsure.

    None means "ask ruamel": the caller must then dump the record itself.
    """
    if type(record) is not dict or not record:
        return None
    out: list[str] = []
    try:
        _mapping(record, "", out)
    except _Unsure:
        return None
    return "".join(out)


def _mapping(mapping: dict[Any, Any], pad: str, out: list[str]) -> None:
    """A block mapping whose keys start at column ``len(pad)``."""
    for key, value in mapping.items():
        if type(key) is not str or key not in _PLAIN_KEYS:
            if type(key) is not str or not _KEY.match(key) or not _resolves_to_str(key):
                raise _Unsure
            if len(_PLAIN_KEYS) < 1000:  # bounded: keys of a hostile file are not kept
                _PLAIN_KEYS.add(key)
        _entry(f"{pad}{key}:", value, pad, out)


def _entry(head: str, value: Any, pad: str, out: list[str]) -> None:
    """``head`` (``key:`` or ``-``) and its value; ``pad`` is the head's indentation."""
    kind = type(value)
    if kind is dict:
        if not value:
            out.append(f"{head} {{}}\n")
            return
        out.append(f"{head}\n")
        _mapping(value, pad + "  ", out)
    elif kind is list:
        if not value:
            out.append(f"{head} []\n")
            return
        out.append(f"{head}\n")
        _sequence(value, pad + "  ", out)
    elif kind is str and "\n" in value:
        _literal(head, value, pad + "  ", out)
    else:
        line = f"{head} {_scalar(value)}"
        if len(line) > LONGEST_LINE:
            raise _Unsure
        out.append(line + "\n")


def _sequence(values: list[Any], dash: str, out: list[str]) -> None:
    """A block sequence whose dashes sit at column ``len(dash)`` (ruamel's offset 2)."""
    for value in values:
        kind = type(value)
        if kind is dict and value:
            # A mapping in a list starts on the dash's line: "- key: value".
            inner: list[str] = []
            _mapping(value, dash + "  ", inner)
            inner[0] = f"{dash}- {inner[0][len(dash) + 2 :]}"
            out.extend(inner)
        elif kind is dict or kind is list:
            raise _Unsure  # "- {}" and "-   - x": rare, left to ruamel
        else:
            _entry(f"{dash}-", value, dash, out)


def _literal(head: str, value: str, pad: str, out: list[str]) -> None:
    """Multi-line text as ruamel writes it: a literal block, its lines at ``pad``."""
    if not literal_ok(value) or value[0] == "\n" or value.endswith("\n\n"):
        # Not a literal block (ruamel double-quotes it over several lines), or one
        # with an indentation indicator ("|2") or kept trailing breaks ("|+").
        raise _Unsure
    body = value[:-1] if value.endswith("\n") else value
    out.append(f"{head} |\n" if body is not value else f"{head} |-\n")
    out.extend(f"{pad}{line}\n" if line else "\n" for line in body.split("\n"))


def _scalar(value: Any) -> str:
    """A scalar on one line, styled as ruamel styles it."""
    if value is None:
        return "null"  # aliases are off: ruamel never writes None as an empty value
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is dt.date:
        return value.isoformat()
    if kind is str:
        return _text(value)
    raise _Unsure  # floats, datetimes, enums, str subclasses: ruamel's own business


def _text(text: str) -> str:
    """A one-line string: plain, single- or double-quoted, exactly as ruamel decides."""
    if text == "":
        return "''"
    if not text.isprintable() and not all(ch.isprintable() or ch in "\u3000\xa0" for ch in text):
        # Tabs, control characters, line separators, a byte order mark, unpaired
        # surrogates: ruamel escapes them in double quotes, and we do not copy that.
        raise _Unsure
    if _plain_allowed(text) and _resolves_to_str(text):
        return text
    if "'" in text:
        # ruamel prefers double quotes for text with an apostrophe; with only
        # printable characters, the escapes it writes are these two.
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"'{text}'"


def _plain_allowed(text: str) -> bool:
    """ruamel's ``allow_block_plain`` for a non-empty, printable, one-line text."""
    first = text[0]
    return not (
        first == " "
        or text[-1] == " "
        or first in _INDICATORS
        or (first in "?:-" and (len(text) == 1 or text[1] == " "))
        or text.startswith(("---", "..."))
        or ": " in text
        or text.endswith(":")
        or " #" in text
    )


_RESOLVER: Any = None
_SCALAR_NODE: Any = None
_RESOLVED_FIRSTS: frozenset[str] | None = None
"""The first characters for which ruamel has an implicit resolver (digits, ``n`` of
null, ``t`` of true...): text starting otherwise is a string without asking."""
_DECIDED: dict[str, bool] = {}
"""Answers for text that had to be asked (keys and enum values repeat in every item)."""


def _resolves_to_str(text: str) -> bool:
    """Whether ``text`` written plain reads back as a string (not a number, date, bool
    or null): ruamel's own resolver says, so quoting follows its YAML 1.2 rules."""
    global _RESOLVER, _SCALAR_NODE, _RESOLVED_FIRSTS
    if _RESOLVER is None:
        from ruamel.yaml import YAML
        from ruamel.yaml.nodes import ScalarNode

        _RESOLVER, _SCALAR_NODE = YAML().resolver, ScalarNode
        table = _RESOLVER.versioned_resolver
        # Resolvers filed under None apply to any first character: then ask always.
        _RESOLVED_FIRSTS = None if table.get(None) else frozenset(k for k in table if k)
    if _RESOLVED_FIRSTS is not None and text[:1] not in _RESOLVED_FIRSTS:
        return True
    known = _DECIDED.get(text)
    if known is None:
        tag = _RESOLVER.resolve(_SCALAR_NODE, text, (True, False))
        known = bool(tag == _RESOLVER.DEFAULT_SCALAR_TAG)
        if len(_DECIDED) < 50_000:  # bounded: a long text is asked again, not kept
            _DECIDED[text] = known
    return known
