"""The message catalogue: one table merged from its parts, every key in zh and en."""

from __future__ import annotations

import ast
import inspect
import pkgutil
import string
from collections import Counter

import pytest

from duchatai.core import messages
from duchatai.core.messages import MESSAGES, PARTS, set_lang, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _keys_written(part: object) -> list[str]:
    """The keys of the part's ``MESSAGES`` literal as written, repeats included.

    A key written twice in one dict literal would silently keep the last text,
    so the source is read rather than the dict.
    """
    tree = ast.parse(inspect.getsource(part))  # type: ignore[arg-type]
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "MESSAGES":
            assert isinstance(node.value, ast.Dict)
            return [ast.literal_eval(key) for key in node.value.keys if key is not None]
    raise AssertionError(f"{part} has no MESSAGES table")


def test_no_key_is_defined_twice_across_the_parts() -> None:
    written = Counter(key for part in PARTS for key in _keys_written(part))
    assert [key for key, n in written.items() if n > 1] == []
    assert set(written) == set(MESSAGES)
    assert len(MESSAGES) == sum(len(part.MESSAGES) for part in PARTS)


def test_every_part_of_the_package_is_merged() -> None:
    modules = {module.name for module in pkgutil.iter_modules(messages.__path__)}
    assert modules == {part.__name__.rsplit(".", 1)[1] for part in PARTS}


def _well_formed(pair: object) -> bool:
    if not (isinstance(pair, tuple) and len(pair) == 2):
        return False
    zh, en = pair
    if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
        return False
    return _fields(zh) == _fields(en)


def test_every_key_has_zh_and_en_with_the_same_fields() -> None:
    assert [key for key, pair in MESSAGES.items() if not _well_formed(pair)] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_t_formats_every_key(lang: str) -> None:
    set_lang(lang)
    try:
        for key, (zh, en) in MESSAGES.items():
            values = {name: f"<{name}>" for name in _fields(zh)}
            text = t(key, **values)
            assert text == (en if lang == "en" else zh).format(**values)
    finally:
        set_lang("zh")
