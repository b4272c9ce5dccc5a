"""The fast writer of fresh records (store/emit.py) against ruamel's round-trip dumper.

The oracle is ruamel itself (``yamlio.round_trip_dump``, the writer every file was
written with before): for any record the fast writer agrees to write, its bytes must be
ruamel's bytes and must read back to the record. Where it is unsure it must say so
(None), and ``dump_record`` then falls back to ruamel.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from duchatai.core.model import Item, Report
from duchatai.store.emit import render_fresh
from duchatai.store.yamlio import dump_record, parse_yaml, round_trip_dump

ROOT = Path(__file__).resolve().parent.parent

SPECIAL = [
    "", "yes", "no", "Yes", "on", "off", "y", "n", "true", "True", "FALSE", "null", "Null",
    "~", "1.0", "1", "-1", "+1", "0x1F", "0o17", "1_000", "1e3", ".5", ".inf", "-.inf",
    ".nan", "2026-01-02", "2026-1-2", "2026-01-02 10:00", "12:30", "=", "<<", "- x", "-",
    "-x", "--", "---", "--- x", "...", "... x", ".x", ": ", ":", ":x", "a:", "a:b", "a: b",
    "?", "? x", "?x", "#", "# x", "a #b", "a#b", "a # b", "@x", "`x", "%x", "!x", "&x",
    "*x", "|x", ">x", "[x]", "{x}", "x, y", "x[0]", "a{b}", " lead", "trail ", " both ",
    "a  b", "it's", "'quoted'", '"quoted"', "'", '"', "x\"\\y", "\\", "a'b\"c",
    "\u3000", "\u3000x", "x\u3000", "\xa0x", "x\xa0", "中文", "《关于》", "“一网通办”",
    "市领导交办：事项", "济政发〔2026〕12号", "😀", "x😀", "a\nb", "a\nb\n", "a\n\nb", "a\n",
    "a\n b", "第一行\n第二行", "a\n#b", "a\n---\nb", "a\n...", "a\n\n\nb\n",
]
"""Strings that need care: YAML words, numbers, indicators, quotes, spaces, breaks."""
SPECIAL_HOSTILE = [
    "a\tb", "\t", "a\rb", "a\x00b", "\x7f", "a\x85b", "a\u2028b", "a\u2029b", "\ufeffx",
    "\ud800", "\ue000", "\na", "a\n\n", "a \nb", " a\nb", "a\u3000\nb", "a\n\t", "\u3000a\nb",
]
"""Strings the fast writer may leave to ruamel (control characters, odd blocks)."""

PRINTABLE = list("abcxyzABC019 -_.,:#'\"\\/?!&*|>%@`[]{}()~=+<") + [
    "中", "文", "市", "\u3000", "《", "》", "“", "”", "：", "，", "、", "\xa0", "😀", "é", "\u0301",
]
"""Characters the fast writer handles on one line: most generated text."""
HOSTILE = ["\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x1b", "\ud800"]
"""Characters it leaves to ruamel: a little of the generated text."""

TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.sampled_from(PRINTABLE), max_size=24),
    st.text(st.sampled_from(PRINTABLE), max_size=24),
    st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=4).map("".join),
    st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=3).map(" ".join),
    st.lists(st.sampled_from(PRINTABLE + [" #", ": ", "\n", "\n\n", "'", " \n"]), max_size=12).map(
        "".join
    ),
    st.lists(
        st.text(st.sampled_from(PRINTABLE), max_size=8).map(str.rstrip), min_size=2, max_size=4
    ).map("\n".join),  # several lines: a literal block, mostly
)

SCALAR = st.one_of(
    TEXT,
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.dates(),
)

KEY = st.sampled_from(
    ["id", "title", "due", "due_basis", "co_units", "reports", "a", "y", "yes", "on", "_x",
     "x1", "Id", "n"]
)

VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(
            st.one_of(SCALAR, st.dictionaries(KEY, inner, min_size=1, max_size=3)), max_size=4
        ),
        st.dictionaries(KEY, inner, max_size=4),
    ),
    max_leaves=10,
)

RECORD = st.dictionaries(KEY, VALUE, min_size=1, max_size=6)

ODD_KEY = st.sampled_from(
    ["null", "true", "1", "a b", "中文", "", "-", "#", "a:", "k" * 70, "x\ty"]
)
ODD_VALUE = st.one_of(
    st.text(st.sampled_from(PRINTABLE + HOSTILE), max_size=12),
    st.sampled_from(SPECIAL_HOSTILE),
    st.lists(st.integers(), min_size=1).map(lambda v: [v]),  # a list in a list
    st.text(max_size=12),  # any code point at all
    st.floats(allow_nan=False),
    st.datetimes(),
    st.tuples(st.integers()),
)
ODD_RECORD = st.dictionaries(st.one_of(KEY, ODD_KEY), st.one_of(VALUE, ODD_VALUE), min_size=1)


def check_against_ruamel(record: dict[str, Any]) -> str | None:
    """Assert the fast writer's text is ruamel's and reads back; return it (or None)."""
    fast = render_fresh(record)
    if fast is None:
        return None
    assert fast.encode("utf-8") == round_trip_dump(record, None)
    assert parse_yaml(fast) == record
    return fast


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORD)
@example({"a": "yes", "b": "null", "c": "1.0", "d": "- x", "e": ": ", "f": "#"})
@example({"reports": [{"date": dt.date(2026, 1, 2), "text": "a\nb", "unit": None}]})
@example({"a": [], "b": {}, "c": [[1]], "d": [{}], "e": [{"f": [{"g": []}]}]})
def test_fast_writer_writes_what_ruamel_writes(record: dict[str, Any]) -> None:
    check_against_ruamel(record)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ODD_RECORD)
def test_odd_records_are_written_identically_or_left_to_ruamel(record: dict[str, Any]) -> None:
    check_against_ruamel(record)
    assert dump_record(record, None) == round_trip_dump(record, None)


@pytest.mark.parametrize("text", SPECIAL + SPECIAL_HOSTILE)
@pytest.mark.parametrize("shape", ["value", "list", "nested", "list of mappings"])
def test_each_special_string_in_each_place(text: str, shape: str) -> None:
    record: dict[str, Any] = {
        "value": {"id": "X", "k": text},
        "list": {"k": ["x", text]},
        "nested": {"k": {"j": {"i": text}}},
        "list of mappings": {"k": [{"j": text, "i": 1}, {"h": [], "g": text}]},
    }[shape]
    assert dump_record(record, None) == round_trip_dump(record, None)
    if text in SPECIAL:
        assert check_against_ruamel(record) is not None, "written by the fast writer"


def test_it_writes_common_styles_itself() -> None:
    """The cases it must not leave to ruamel (else no speed), with their expected text."""
    record = {
        "title": "关于“一网通办”事项扩面的建议（第0012号）",
        "empty": "",
        "word": "yes",
        "number_like": "1.0",
        "apostrophe": "'x'",
        "colon": "a: b",
        "multi": "第一行\n\n第二行\n",
        "when": dt.date(2026, 12, 2),
        "none": None,
        "flags": [True, False, 3],
        "reports": [{"date": dt.date(2026, 1, 5), "text": "x\ny"}],
    }
    expected = (
        "title: 关于“一网通办”事项扩面的建议（第0012号）\n"
        "empty: ''\n"
        "word: yes\n"
        "number_like: '1.0'\n"
        "apostrophe: \"'x'\"\n"
        "colon: 'a: b'\n"
        "multi: |\n  第一行\n\n  第二行\n"
        "when: 2026-12-02\n"
        "none: null\n"
        "flags:\n  - true\n  - false\n  - 3\n"
        "reports:\n  - date: 2026-01-05\n    text: |-\n      x\n      y\n"
    )
    assert check_against_ruamel(record) == expected


@pytest.mark.parametrize(
    "value",
    ["a\tb", "a\x00b", "a\u2028b", "a\n\nb\n\n", "\nx", "a \nb", 1.5,
     dt.datetime(2026, 1, 2, 3, 4), ("a", "b"), [[1]], [{}], "x " * 1500],
)
def test_what_it_is_unsure_of_goes_to_ruamel(value: Any) -> None:
    record = {"id": "DC-2026-0001", "value": value}
    assert render_fresh(record) is None
    assert dump_record(record, None) == round_trip_dump(record, None)


def test_dump_record_drops_keys_of_a_fresh_file() -> None:
    record = {"id": "X", "gone": "y", "kept": [1]}
    assert dump_record(record, None, drop=("gone",)) == b"id: X\nkept:\n  - 1\n"
    assert dump_record(record, None, drop=("gone",)) == round_trip_dump(record, None, ("gone",))


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_generate_emit", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_real_items_are_written_fast_and_identical() -> None:
    """Generated items (realistic Chinese records with full histories), and the same
    items with the awkward text a clerk may type into a spreadsheet."""
    items: list[Item] = _generate_module().make_items(300)
    awkward = ["a: b", "  缩进", "it's", "第一行\n第二行", "yes", "#1", "\t制表", "", "1.0"]
    for index, item in enumerate(items):
        assert check_against_ruamel(item.to_record()) is not None, item.id
        note = awkward[index % len(awkward)]
        item.title, item.close_note = note, note
        item.reports.append(Report(dt.date(2026, 11, 2), "progress", note, "张敏", "王志刚"))
        record = item.to_record()
        assert dump_record(record, None) == round_trip_dump(record, None), item.id
        assert parse_yaml(dump_record(record, None)) == record


def test_example_ledger_items_are_written_identically() -> None:
    """The demo ledger's hand-made items: loaded, written fresh, compared with ruamel."""
    paths = sorted((ROOT / "examples" / "demo").rglob("DC-*.yaml"))
    assert paths
    for path in paths:
        record = Item.from_record(parse_yaml(path.read_bytes()), path).to_record()
        assert check_against_ruamel(record) is not None, path
