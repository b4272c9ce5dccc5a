"""Whole items handed over one at a time (``Ledger.each_item``, issue 17): ``list --json``
of 50,000 items holds one item, not all of them, and says exactly what the list held.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duchatai.core.model import Item
from duchatai.store import rows as rows_module
from duchatai.store.ledger import Ledger


def _handed(ledger: Ledger) -> tuple[list[str], list[Any]]:
    seen: list[str] = []
    problems = ledger.each_item(lambda item: seen.append(item.id))
    return seen, problems


def _expected(ledger: Ledger) -> list[str]:
    items, problems = ledger.load_all()
    assert problems == []
    return [i.id for i in sorted(items, key=lambda i: i.id)]


@pytest.mark.parametrize("cache", ["warm", "cold", "none"])
def test_every_item_once_in_id_order(demo: Path, cache: str) -> None:  # noqa: F811
    """The demo's archive holds ids lower than some in ``items/``: the order is the ids',
    as ``select`` sorts, whatever the cache."""
    ledger = Ledger(demo)
    expected = _expected(ledger)
    if cache == "none":
        shutil.rmtree(demo / ".git")
    elif cache == "cold":
        path = demo / "items" / "DC-2026-0004.yaml"
        path.write_text(path.read_text("utf-8").replace("title: ", "title: 改", 1), "utf-8")
    seen, problems = _handed(ledger)
    assert problems == [] and seen == expected
    assert any(not k.startswith("items/") for k in (str(p) for p in demo.glob("archive/*/*")))


def test_all_in_items_is_one_pass(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """With every file in ``items/`` the rows come in one ordered pass, no look-up each."""
    for path in demo.glob("archive/*/*.yaml"):
        path.unlink()
    ledger = Ledger(demo)
    expected = _expected(ledger)

    def refuse(self: Any, keys: list[str]) -> dict[str, Any]:
        raise AssertionError("a row was looked up by key")

    monkeypatch.setattr(rows_module.Rows, "fetch", refuse)
    assert _handed(ledger) == (expected, [])


def test_no_item_is_kept(demo: Path) -> None:  # noqa: F811
    """An item handed over is freed before the next one comes: nothing holds them all."""
    ledger = Ledger(demo)
    ledger.load_all()  # warm

    def items_alive() -> int:  # (other tests in this process may hold some)
        gc.collect()
        return sum(type(o) is Item for o in gc.get_objects())

    before = items_alive()
    alive: list[int] = []
    ledger.each_item(lambda item: alive.append(items_alive() - before))
    assert len(alive) > 30 and max(alive) <= 2  # this one, and the loop's last at most

    held: list[Item] = []
    ledger.each_item(held.append)  # the count can tell: kept, they are counted
    assert items_alive() - before >= len(alive)


def test_a_cache_failing_half_way_hands_over_the_rest_from_the_files(
    demo: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No item twice, none lost, the order kept: the rows after the failure are parsed."""
    for path in demo.glob("archive/*/*.yaml"):
        path.unlink()
    ledger = Ledger(demo)
    expected = _expected(ledger)
    stream = rows_module.Rows.stream

    def failing(self: Any, keys: list[str]) -> Iterator[tuple[str, Any]]:
        for n, pair in enumerate(stream(self, keys)):
            if n == 3:
                raise sqlite3.OperationalError("disk I/O error")
            yield pair

    monkeypatch.setattr(rows_module.Rows, "stream", failing)
    assert _handed(ledger) == (expected, [])


def test_a_broken_file_is_a_problem_and_the_rest_go_on(demo: Path) -> None:  # noqa: F811
    ledger = Ledger(demo)
    expected = _expected(ledger)
    (demo / "items" / "DC-2026-0004.yaml").write_text("id: [unclosed\n", "utf-8")
    seen, problems = _handed(ledger)
    assert seen == [i for i in expected if i != "DC-2026-0004"]
    assert len(problems) == 1 and "DC-2026-0004" in str(problems[0].path)


def test_an_id_taken_twice_is_read_once_as_load_all_reads_it(demo: Path) -> None:  # noqa: F811
    """The same choice and the same words as ``load_all``: ``items/`` first, then the
    archive by year; a full-width look-alike is the same id."""
    text = (demo / "items" / "DC-2026-0004.yaml").read_text("utf-8")
    (demo / "archive" / "2025").mkdir()
    (demo / "archive" / "2025" / "DC-2026-0004.yaml").write_text(text, "utf-8")
    wide = "ＤＣ-２０２６-０００６"
    source = (demo / "items" / "DC-2026-0006.yaml").read_text("utf-8")
    (demo / "archive" / "2026" / f"{wide}.yaml").write_text(
        source.replace("DC-2026-0006", wide), "utf-8")
    ledger = Ledger(demo)
    items, problems = ledger.load_all()
    seen, said = _handed(ledger)
    assert seen == [i.id for i in sorted(items, key=lambda i: i.id)]
    assert sorted(p.message for p in said) == sorted(p.message for p in problems)
    assert len(said) == 2 and wide not in seen
