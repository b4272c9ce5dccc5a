"""YAML in and out: the fast safe reader and the round-trip writer.

Reads use the C-backed safe loader (aliases refused); writes load the file
round-trip and update it in place, so a clerk's comments and hand-added keys
survive. The ledger's YAML is read and written through this module alone.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from duchatai.store.emit import FOLDED_BREAKS, literal_ok, render_fresh


def _rt_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    # One date object may sit in two fields; never write anchors and aliases.
    yaml.representer.ignore_aliases = lambda *args: True
    return yaml


_SAFE: Any = None


def _safe_yaml() -> Any:
    global _SAFE
    if _SAFE is None:
        from ruamel.yaml import YAML
        from ruamel.yaml.constructor import ConstructorError, SafeConstructor

        class NoAliasConstructor(SafeConstructor):
            """The safe constructor, refusing any node reached a second time: an alias.

            A node is constructed once and remembered; only an alias (``*name``)
            leads to it again. Refusing there stops "billion laughs" documents
            (a 1 KB file whose aliases unfold into gigabytes when walked) while
            the C parser and composer keep all their speed: the check is two
            dictionary look-ups per node.
            """

            def construct_object(self, node: Any, deep: bool = False) -> Any:
                if node in self.constructed_objects or node in self.recursive_objects:
                    from duchatai.core.messages import t

                    raise ConstructorError(None, None, t("yaml_alias"), node.start_mark)
                return super().construct_object(node, deep)

            def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
                """A date-shaped scalar that is no date (``2026-13-45``) stays its text:
                the field that holds it is then refused by name, at its line."""
                try:
                    return super().construct_yaml_timestamp(node, values)
                except ValueError:
                    return self.construct_scalar(node)

        NoAliasConstructor.add_constructor(
            "tag:yaml.org,2002:timestamp", NoAliasConstructor.construct_yaml_timestamp
        )
        _SAFE = YAML(typ="safe")
        _SAFE.Constructor = NoAliasConstructor
    return _SAFE


def parse_yaml(text: str | bytes) -> Any:
    """Parse a document with the fast safe loader (C parser when installed).

    YAML aliases are refused (a ``ConstructorError`` naming the line): ledger
    files are data written by the tool or a clerk, never a compressed graph.
    """
    return _safe_yaml().load(text)


def yaml_error_line(error: Exception) -> int | None:
    """The 1-based line a YAML error points at, when it says."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    return None


def yaml_error_place(error: Exception) -> tuple[int, int | None] | None:
    """The 1-based line and column a YAML error points at, when it says."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is None:
        return None
    return int(mark.line) + 1, int(mark.column) + 1


def compose_yaml(text: str | bytes) -> Any:
    """The node tree of a document (positions, no values built), or None when the
    parser cannot read it: a date that is no date (``2026-13-45``) still has its place."""
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe").compose(text)
    except Exception:  # too deep, not YAML: a document without places
        return None


def node_place(root: Any, field: tuple[str | int, ...]) -> tuple[int, int] | None:
    """The 1-based (line, column) of ``field`` (keys and list positions) in a composed
    tree: of its value when that is written on the key's line, else of its key.
    Falls back to the deepest part that exists; None when not even the first does."""
    node, place = root, None
    for part in field:
        child = _child(node, part)
        if child is None:
            return place
        mark, node = child
        place = (int(mark.line) + 1, int(mark.column) + 1)
    written = type(node).__name__ != "ScalarNode" or node.value != ""  # not an empty value
    if place is not None and written and int(node.start_mark.line) + 1 == place[0]:
        place = (place[0], int(node.start_mark.column) + 1)
    return place


def _child(node: Any, part: str | int) -> tuple[Any, Any] | None:
    """(the mark naming ``part``, its value node) under ``node``, or None."""
    kind = type(node).__name__
    if kind == "MappingNode":
        for key, value in node.value:
            if type(key).__name__ == "ScalarNode" and key.value == str(part):
                return key.start_mark, value
    if kind == "SequenceNode" and isinstance(part, int) and 0 <= part < len(node.value):
        value = node.value[part]
        return value.start_mark, value
    return None


def _styled(value: Any) -> Any:
    """Multi-line text as a literal block when that reads back identical."""
    if isinstance(value, str) and any(ch in value for ch in FOLDED_BREAKS):
        # The emitter writes these unescaped in plain and single-quoted
        # scalars, where the reader folds them to a space (U+0085 arrives
        # from cp1252 text mis-decoded as latin-1): double quotes escape them.
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and literal_ok(value):
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(value)
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dict) or isinstance(new, dict) or isinstance(old, list):
        return False
    if isinstance(new, str) and any(ch in new for ch in FOLDED_BREAKS):
        return False  # the loaded copy lost its quotes: write it styled again
    if isinstance(old, dt.datetime):
        old = old.date()
    return (
        type(old) is type(new)
        and old == new
        or (isinstance(old, str) and isinstance(new, str) and str(old) == new)
    )


def update_in_place(target: Any, record: Mapping[str, Any]) -> None:
    """Update a round-trip mapping to ``record`` touching only what changed.

    Keys the tool does not know (a clerk's additions) are kept; lists that
    only grew are appended to, so comments on earlier entries survive.
    """
    for key, value in record.items():
        if key not in target:
            target[key] = _styled(value)
            continue
        old = target[key]
        if isinstance(value, dict) and isinstance(old, dict):
            update_in_place(old, value)
        elif isinstance(value, list) and isinstance(old, list):
            _update_list(old, value)
            if not isinstance(target[key], list):  # pragma: no cover - defensive
                _assign(target, key, _styled(value))
        elif not _same(old, value):
            _assign(target, key, _styled(value))


def _assign(container: Any, key: Any, value: Any) -> None:
    """Replace a value without inheriting the old one's scalar style.

    ruamel gives a plain string the style of the string it replaces, and a
    literal block (``|``) cannot hold control characters: the file would no
    longer load. Clearing the slot first lets the emitter choose again.
    """
    container[key] = None
    container[key] = value


def _update_list(old: list[Any], new: list[Any]) -> None:
    common = min(len(old), len(new))
    for index in range(common):
        if isinstance(new[index], dict) and isinstance(old[index], dict):
            update_in_place(old[index], new[index])
        elif not _same(old[index], new[index]):
            _assign(old, index, _styled(new[index]))
    del old[len(new) :]
    for value in new[common:]:
        old.append(_styled(value))


def dump_record(
    record: Mapping[str, Any], existing: bytes | None, drop: tuple[str, ...] = ()
) -> bytes:
    """The bytes of ``record`` written over ``existing`` (round-trip), or fresh; the
    keys in ``drop`` are removed (a write never removes a key otherwise).

    A fresh file is written by ``emit.render_fresh`` when it is sure of every byte
    (ruamel's round-trip emitter costs milliseconds a file), else by ruamel.
    """
    if not existing:
        kept = {k: v for k, v in record.items() if k not in drop} if drop else record
        text = render_fresh(kept)
        if text is not None:
            return text.encode("utf-8")
    return round_trip_dump(record, existing, drop)


def round_trip_dump(
    record: Mapping[str, Any], existing: bytes | None, drop: tuple[str, ...] = ()
) -> bytes:
    """``dump_record`` by ruamel's round-trip dumper alone: the reference the fast
    writer of fresh files is held to (tests/test_emit.py)."""
    yaml = _rt_yaml()
    if existing:
        data = yaml.load(existing)
        if not isinstance(data, dict):
            data = {}
    else:
        data = {}
    if not data:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
    update_in_place(data, record)
    for key in drop:
        data.pop(key, None)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


def first_line(error: Exception) -> str:
    """The first two lines of an error, as one line (its type when it says nothing)."""
    text = " ".join(str(error).split("\n")[:2]).strip()
    return text or type(error).__name__


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar (quoted when it must be), for a template."""
    out = io.StringIO()
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.dump({"v": text}, out)
    return out.getvalue().strip()[3:]


Field = str | tuple[str | int, ...]
"""A key of the file, or a path of keys and list positions (``("reports", 0, "date")``)."""


class PlacedMapping(dict[str, Any]):
    """A parsed mapping that finds a field's place on demand (composed only then): what
    ``check`` reads, to name the line of a bad value."""

    def __init__(self, data: dict[str, Any], raw: bytes) -> None:
        super().__init__(data)
        self._raw = raw
        self._nodes: Any = False

    def place_of(self, field: Field) -> tuple[int, int] | None:
        """The 1-based (line, column) of ``field``: its value, or its key (``node_place``).

        Never raises: a document the parser cannot compose has no places.
        """
        if self._nodes is False:
            self._nodes = compose_yaml(self._raw)
        return node_place(self._nodes, (field,) if isinstance(field, str) else field)

    def line_of(self, field: Field) -> int | None:
        """The 1-based line of ``field`` (``place_of``)."""
        place = self.place_of(field)
        return place[0] if place else None
