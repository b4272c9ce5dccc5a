"""Reads served from the tallies in the cache's manifest (``stats``, ``weekly``).

Every item's ``Tally`` (``assessment.tally_of``) is kept in the manifest beside
its brief and line (``manifest.py``); a report of the year's figures or of a week
reads the tallies and decodes whole only the few items it lists (``load_keys``). A
unit's own papers (``feed``, ``packet``) decode only the items that may name it
(``load_naming``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

from duchatai.core.assessment import tally_of
from duchatai.core.brief import Brief, brief_of
from duchatai.core.history import as_of, units_named
from duchatai.core.model import Item
from duchatai.core.tally import Tally
from duchatai.store.cache import open_cache
from duchatai.store.index import (
    Choose,
    Progress,
    Refreshed,
    key_of,
    parse_all,
    through_cache,
)
from duchatai.store.problem import Problem
from duchatai.store.rows import ItemFiles, Rows, in_order

Tallied = tuple[str, Tally, Brief | None]
"""A file's key, its item's tally and, if the item is open and briefs were asked, its brief."""
Maybe = tuple[str, Tally | None, Brief | None]
"""The same, None for an item withdrawn or not registered yet."""


def load_tallies(
    ledger: ItemFiles, day: dt.date, *, briefs: bool = False, progress: Progress | None = None
) -> tuple[list[Maybe], list[Problem]]:
    """The tallies (``assessment.tally_of``) of the items as they stood at the end of
    ``day``, in ``load_items``' order, and with ``briefs`` the briefs of those open then
    (what ``index.load_briefs`` gives), in one read of the manifest; every readable file
    has an entry, its tally None when the item did not exist on ``day`` and, from the
    manifest, not ``counted`` when it was withdrawn (``Ledger.tallies`` leaves both out).

    An item whose records all date from ``day`` or before is taken from its manifest
    entries; one with later records is read from its row and rolled back with
    ``history.as_of``, then tallied (and briefed).
    """
    ordinal = day.toordinal()

    def then(item: Item) -> Maybe:
        key = key_of(ledger, item)
        past = as_of(item, day)
        if past is None:
            return key, None, None
        return key, tally_of(past), brief_of(past) if briefs and past.is_open else None

    def read(connection: sqlite3.Connection, state: Refreshed[Maybe]) -> list[Maybe]:
        found, facts = state.fresh, state.facts  # a tally for each key (decode_shard)
        tallies, opened = facts.tallies, facts.open if briefs else {}
        keys = sorted(facts.keys() | found.keys(), key=in_order)
        later = [k for k in keys if not (k in found or tallies[k].last_day <= ordinal)]
        rows = Rows(connection, ledger, state.problems)
        found.update((key, then(item)) for key, item in rows.items(later))
        broken = set(later) - found.keys()
        # The others as they stand: every record dated by ``day``.
        return [found.get(k) or (k, tallies[k], opened.get(k)) for k in keys if k not in broken]

    return through_cache(ledger, progress, then, read, briefs=briefs, tallies=True)


def load_keys(ledger: ItemFiles, keys: list[str]) -> tuple[list[Item], list[Problem]]:
    """The items of the files ``keys``, in that order, from their rows (or parsed)."""
    problems: list[Problem] = []
    connection = open_cache(ledger)
    if connection is not None:
        try:
            return [item for _, item in Rows(connection, ledger, problems).items(keys)], problems
        except sqlite3.Error:
            problems = []  # locked or corrupt: the files say
        finally:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
    items, problems = parse_all(ledger, None, lambda item: item, keys)
    return items, problems


def load_naming(
    ledger: ItemFiles, unit: str, choose: Choose
) -> tuple[list[Item], list[Problem]]:
    """Whole and as they stand, in id order, the items of the files ``choose`` keeps that
    name ``unit`` (the manifest's ``history.units_named``: a withdrawn item names none),
    and the problems: broken files, then ``choose``'s. Rolled back to a past day
    (``history.as_of``) an item keeps its units, so these are all the items that may
    name ``unit`` on any day; the caller rolls them back and asks its own rule."""
    said: list[list[Problem]] = []

    def read(connection: sqlite3.Connection, state: Refreshed[Item]) -> list[Item]:
        facts, fresh = state.facts, state.fresh
        keys, skipped = choose(sorted(facts.keys(), key=in_order))
        wanted = [key for key in keys if unit in facts.units.get(key, ())]
        rows = Rows(connection, ledger, state.problems)
        stored = dict(rows.items([key for key in wanted if key not in fresh]))
        said.append(skipped)
        return [item for k in wanted if (item := fresh.get(k) or stored.get(k)) is not None]

    found, problems = through_cache(ledger, None, lambda item: item, read)
    if not said:  # no cache: every file was parsed
        by_key = {i.path.relative_to(ledger.root).as_posix(): i for i in found if i.path}
        keys, skipped = choose(sorted(by_key, key=in_order))
        found = [by_key[key] for key in keys if unit in units_named(by_key[key])]
        said = [skipped]
    return sorted(found, key=lambda item: item.id), problems + said[0]
