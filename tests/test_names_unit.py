"""A registration's "new unit" note (issue 17): asked of one name, answered from a few
manifest shards and one ``lstat`` while an unchanged file names the unit, and exactly as
the whole ledger would answer it otherwise.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from duchatai.core.history import units_named
from duchatai.store import index
from duchatai.store import manifest as manifests
from duchatai.store.ledger import Ledger


def _named(ledger: Ledger) -> set[str]:
    items, problems = index.parse_all(ledger, None, lambda item: item)
    assert problems == []
    return {unit for item in items for unit in units_named(item)}


def _no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> object:
        raise AssertionError("every file was stamped to answer one name")

    monkeypatch.setattr(index, "scan", refuse)


def test_a_named_unit_is_answered_without_the_freshness_scan(
    demo: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger = Ledger(demo)
    named = _named(ledger)
    index.load_units(ledger)  # the cache is warm
    _no_scan(monkeypatch)
    assert named and all(ledger.names_unit(unit) for unit in named)


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "no-cache"])
def test_the_answer_is_the_whole_ledgers(demo: Path, warm: bool) -> None:  # noqa: F811
    """Units no item names, a withdrawn item's units, a name spelled almost alike:
    whatever the cache, the answer is ``units_named`` over every file."""
    ledger = Ledger(demo)
    if warm:
        index.load_units(ledger)
    else:
        shutil.rmtree(demo / ".git")  # no git directory, no cache: every file is parsed
        assert index.cache_path(ledger) is None
    named = _named(ledger)
    for unit in [*named, "市新设局", "市交通运输", "", "市交通运输局 "]:
        assert ledger.names_unit(unit) == (unit in named), unit


def test_a_hand_edit_since_the_last_read_is_seen(demo: Path) -> None:  # noqa: F811
    """The one file naming a unit edited by hand (no read in between): its stamp no
    longer matches, so the manifest's word is not taken; the new name is found too."""
    ledger = Ledger(demo)
    index.load_units(ledger)
    only = [p for p in (demo / "items").glob("*.yaml") if "市交通运输局" in p.read_text("utf-8")]
    for path in only:
        path.write_text(path.read_text("utf-8").replace("市交通运输局", "市新设局"), "utf-8")
    assert not ledger.names_unit("市交通运输局")
    assert ledger.names_unit("市新设局")


def test_a_manifest_key_is_never_taken_as_a_path(tmp_path: Path) -> None:
    """The cache is data: a key that leaves the item folders is stamped as missing."""
    outside = tmp_path / "secret.yaml"
    outside.write_text("x", "utf-8")
    root = tmp_path / "ledger"
    (root / "items").mkdir(parents=True)
    (root / "items" / "DC-2026-0001.yaml").write_text("x", "utf-8")
    assert manifests.stamp_at(root, "items/DC-2026-0001.yaml") is not None
    for key in ("../secret.yaml", "items/../../secret.yaml", "/etc/passwd", "items//x.yaml"):
        assert manifests.stamp_at(root, key) is None, key


def test_a_damaged_manifest_falls_back_to_the_files(demo: Path) -> None:  # noqa: F811
    ledger = Ledger(demo)
    named = _named(ledger)
    index.load_units(ledger)
    cache = index.cache_path(ledger)
    assert cache is not None
    with sqlite3.connect(cache) as connection:
        connection.execute("UPDATE meta SET value = '[1, 2' WHERE key LIKE 'm:%'")
    assert all(ledger.names_unit(unit) for unit in named)
    assert not ledger.names_unit("市新设局")
