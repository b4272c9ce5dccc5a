"""The ledger (督查台账): a directory of YAML files tracked by git.

Layout::

    duchatai.yaml          config: office, rule profile overrides, calendar
    items/<id>.yaml        one open or closed item per file
    archive/<year>/<id>.yaml   archived items (立卷归档)
    criticisms/<year>/<id>.yaml

(the lock and the caches live in the state directory inside the git directory,
``duchatai.store.statedir``). ``Ledger`` finds, reads and numbers the files;
its YAML is ``yamlio.py``, its settings ``config.py``, and every write is a
``Change`` (``change.py``) ending in one git commit (``git.py``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from duchatai.core.criticism import Criticism
from duchatai.core.dates import MAX_YEAR, MIN_YEAR
from duchatai.core.errors import InvalidInput, ItemNotFound, LedgerBroken
from duchatai.core.history import units_named
from duchatai.core.itemlog import LogRow, log_row
from duchatai.core.messages import t
from duchatai.core.model import ID_PATTERN, Item, valid_id
from duchatai.core.profile import Profile, build_profile
from duchatai.core.workdays import WorkCalendar, parse_overrides
from duchatai.store.change import LOCK_TIMEOUT, Change, hold_lock, open_change, recover_on_open
from duchatai.store.config import ParsedSmallFiles, load_config
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.git import Actor
from duchatai.store.gitconfig import clerk_code
from duchatai.store.gitlog import blobs_at, item_log
from duchatai.store.index import (
    Listed,
    Progress,
    each_item,
    load_briefs,
    load_items,
    load_lines,
    load_one,
    load_units,
    names_unit,
)
from duchatai.store.manifest import scan_names
from duchatai.store.problem import Problem
from duchatai.store.rows import key_id
from duchatai.store.safefile import MAX_FILE_BYTES, lexists, read_bounded
from duchatai.store.tallied import Tallied, load_keys, load_naming, load_tallies
from duchatai.store.yamlio import first_line, parse_yaml, yaml_error_line

if TYPE_CHECKING:
    from duchatai.core.brief import Brief

R = TypeVar("R")
K = TypeVar("K", bound=tuple[Any, ...])
"""What a read made of a file, its key (a str) first."""


class Ledger:
    """An open ledger: config, rule profile, calendar and item files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        recover_on_open(root)  # before reading anything: no half-made change is read
        self._parsed = ParsedSmallFiles(root)  # the config's and criticisms' parses, read once
        self.config = load_config(root, self._parsed)
        try:
            self.profile: Profile = build_profile(self.config.rules)
            self.calendar = WorkCalendar(parse_overrides(self.config.calendar, CONFIG_NAME))
        except ValueError as error:
            raise LedgerBroken(t("config_broken", path=root / CONFIG_NAME, error=error)) from None
        self.items_dir = root / "items"
        self.archive_dir = root / "archive"
        self.notices: list[str] = []
        """Notes for the clerk (a new unit), said on stderr once the command succeeds."""

    # -- paths --

    def check_id(self, item_id: str) -> str:
        """Normalise and validate an id typed by a user before building any path."""
        normal = item_id.strip().upper()
        if not valid_id(normal):
            raise InvalidInput(
                t("bad_id", id=item_id, example=f"{self.config.id_prefix}-2026-0001")
            )
        return normal

    def find_path(self, item_id: str) -> Path:
        """Where the item lives now (``items/`` or ``archive/<year>/``)."""
        item_id = self.check_id(item_id)
        path = self.items_dir / f"{item_id}.yaml"
        # Anything at the path counts as found (a link, a folder): read_item then
        # says why it is refused, rather than "no such item".
        if lexists(path):
            return path
        if self.archive_dir.is_dir():
            for year_dir in sorted(self.archive_dir.iterdir()):
                if year_dir.is_symlink():
                    continue  # never followed: it could lead anywhere on the disk
                candidate = year_dir / f"{item_id}.yaml"
                if lexists(candidate):
                    return candidate
        raise ItemNotFound(t("no_item", id=item_id))

    def log(self, item_id: str) -> list[LogRow]:
        """The commits that touched an item, oldest first, following it into the archive,
        each with the business date of what it recorded (``core.itemlog``): every version
        of its file read from git in one go, as data (one that cannot be read, too large or
        broken, leaves the commit dated by its time)."""
        item_id = self.check_id(item_id)
        self.find_path(item_id)  # ``ItemNotFound`` for an item the ledger does not hold
        entries = item_log(self.root, item_id)
        wanted = [(e.commit, e.path) for e in entries if e.path is not None]
        texts = iter(blobs_at(self.root, wanted, MAX_FILE_BYTES))
        rows, before = [], None
        for entry in entries:
            after = None if entry.removed else before
            if entry.path is not None:  # unreadable: as if it changed nothing dated
                after = _parsed(next(texts)) or before
            rows.append(
                log_row(entry.commit, entry.author, entry.when, entry.subject, before, after)
            )
            before = after
        return rows

    def item_files(self) -> list[Path]:
        """Every item file, open ones first, then the archive, each sorted by name."""
        files = sorted(self.items_dir.glob("*.yaml")) if self.items_dir.is_dir() else []
        if self.archive_dir.is_dir():
            # Linked year folders are not followed (as in the cache's scan).
            files += sorted(
                p for p in self.archive_dir.glob("*/*.yaml") if not p.parent.is_symlink()
            )
        return files

    # -- reading --

    def read_item(self, path: Path) -> Item:
        """Parse one item file; ``LedgerBroken`` says which file and line."""
        try:
            raw = parse_yaml(read_bounded(path))
            item = Item.from_record(raw, path)
        except OSError as error:
            shown = self.relative(path)
            raise LedgerBroken(t("item_broken", path=shown, error=error.strerror)) from None
        except Exception as error:
            line = yaml_error_line(error)
            where = f"{self.relative(path)}:{line}" if line else self.relative(path)
            raise LedgerBroken(t("item_broken", path=where, error=first_line(error))) from None
        if item.id != path.stem:
            raise LedgerBroken(
                t(
                    "item_broken",
                    path=self.relative(path),
                    error=f"id {item.id} does not match the file name",
                )
            )
        return item

    def get(self, item_id: str) -> Item:
        """The item with this id, wherever it lives (through the cache: ``load_one``)."""
        return load_one(self, self.find_path(item_id))

    def each_item(
        self, sink: Callable[[Item], None], *, progress: Progress | None = None
    ) -> list[Problem]:
        """Every item of ``load_all``, one at a time in id order to ``sink``, none kept
        (``index.each_item``); a problem for every file that is not read."""
        return each_item(self, sink, self._one_key_per_id, progress=progress)

    def load_all(
        self, *, include_archive: bool = True, progress: Progress | None = None
    ) -> tuple[list[Item], list[Problem]]:
        """Every readable item and a problem for every file that is not.

        Reads go through the disposable SQLite cache (``index.py``).
        """
        items, problems = load_items(self, progress=progress)
        items, problems = self._one_per_id(items, problems)
        if not include_archive:
            items = [i for i in items if i.path is not None and i.path.parent == self.items_dir]
            problems = [p for p in problems if p.path.parent == self.items_dir]
        return items, problems

    def briefs(
        self, day: dt.date, *, progress: Progress | None = None
    ) -> tuple[list[Brief], list[Problem]]:
        """The briefs of the items open at the end of ``day``, as they stood then
        (what ``overdue`` and ``due`` need), and a problem for every unreadable file; one
        file per id, the one ``load_all`` keeps, whether or not it is open on ``day``."""
        found, problems = load_briefs(self, day, progress=progress)
        kept, problems = self._one_per_key(found, problems)
        return [brief for _, brief in kept if brief is not None], problems

    def lines(
        self, *, progress: Progress | None = None
    ) -> tuple[list[Listed], list[Problem]]:
        """Every item's line (what ``list`` shows) with the brief of each open one, from
        the cache's manifest (``index.load_lines``), and a problem for every unreadable
        file; one file per id, as ``load_all`` keeps them."""
        found, problems = load_lines(self, progress=progress)
        kept, problems = self._one_per_key(found, problems)
        return [listed for _, listed in kept], problems

    def tallies(
        self, day: dt.date, *, briefs: bool = False, progress: Progress | None = None
    ) -> tuple[list[Tallied], list[Problem]]:
        """Every item's file key, tally and (with ``briefs``, if open) brief as it stood at the
        end of ``day`` (what ``stats`` and ``weekly`` count), from the cache's manifest
        (``tallied.load_tallies``), and a problem for every unreadable file: one per id, as
        ``load_all`` keeps them (a copy is skipped whether or not it counts on ``day``)."""
        found, problems = load_tallies(self, day, briefs=briefs, progress=progress)
        kept, problems = self._one_per_key(found, problems)
        return [(k, t, b) for k, t, b in kept if t is not None and t.counted], problems

    def naming(self, unit: str) -> tuple[list[Item], list[Problem]]:
        """The items of ``load_all`` that name ``unit``, whole, as they stand
        (``tallied.load_naming``); the caller rolls them back and decides."""
        return load_naming(self, unit, self._one_key_per_id)

    def items_at(self, keys: list[str]) -> list[Item]:
        """The items of the files ``keys`` (as ``load_all`` reads them), in that order; a file
        that no longer reads is left out (the next full read names it)."""
        return load_keys(self, keys)[0]

    def _one_per_key(
        self, entries: list[K], problems: list[Problem]
    ) -> tuple[list[K], list[Problem]]:
        """``_one_per_id`` of what a read made of each file, keyed by the file (briefs,
        lines, tallies): the file kept is the one ``load_all`` keeps."""
        return self._one_each(
            entries,
            lambda entry: key_id(entry[0]),
            lambda entry: self.root / entry[0],
            lambda entry: not entry[0].startswith("items/"),
            problems,
        )

    def _one_key_per_id(self, keys: list[str]) -> tuple[list[str], list[Problem]]:
        """``_one_per_id`` on the keys of readable files, before any is read (a file's name
        is its item's id): the keys to read, and a problem for each other."""
        return self._one_each(
            keys,
            key_id,
            lambda key: self.root / key,
            lambda key: not key.startswith("items/"),
            [],
        )

    def _one_per_id(
        self, items: list[Item], problems: list[Problem]
    ) -> tuple[list[Item], list[Problem]]:
        """One item per id (``items/`` first, then the archive by year): never counted twice.

        ``check`` names every copy; reads keep the first and say which file they skipped.
        """
        def archived(item: Item) -> bool:
            return item.path is None or item.path.parent != self.items_dir

        return self._one_each(items, lambda i: i.id, lambda i: i.path, archived, problems)

    def _one_each(
        self,
        records: list[R],
        id_of: Callable[[R], str],
        path_of: Callable[[R], Path | None],
        archived: Callable[[R], bool],
        problems: list[Problem],
    ) -> tuple[list[R], list[Problem]]:
        """``_one_per_id`` of any records of item files (items, tallies)."""
        # Full-width look-alikes (ＤＣ-２０２６-０００１) are the same id to a reader (NFKC
        # leaves ASCII as it is). The usual ledger repeats no id: nothing to choose then.
        ids = [id_of(record) for record in records]
        keys = [(i if i.isascii() else unicodedata.normalize("NFKC", i)).upper() for i in ids]
        if len(set(keys)) == len(keys):
            return records, problems
        kept: dict[str, R] = {}
        extra: list[Problem] = []
        order = sorted(range(len(records)), key=lambda n: archived(records[n]))  # stable
        for n in order:  # items/ first, the given order kept within each
            record, found, key = records[n], ids[n], keys[n]
            first = kept.get(key)
            if first is None:
                kept[key] = record
                continue
            path, used_path = path_of(record), path_of(first)
            shown = self.relative(path) if path else "?"
            used = self.relative(used_path) if used_path else "?"
            message = t("duplicate_id_skipped", id=found, path=shown, kept=used)
            extra.append(Problem(path or self.root, None, message))
        return list(kept.values()), problems + extra

    def criticism_files(self) -> list[Path]:
        """Every criticism file (``criticisms/<year>/<id>.yaml``), sorted."""
        folder = self.root / "criticisms"
        return sorted(folder.glob("*/*.yaml")) if folder.is_dir() else []

    def load_criticisms(self) -> tuple[list[Criticism], list[Problem]]:
        """Every readable criticism and a problem for every file that is not."""
        found: list[Criticism] = []
        problems: list[Problem] = []
        parsed = self._parsed
        files = self.criticism_files()
        for path in files:
            try:
                criticism = Criticism.from_record(parsed.parse(path), path)
                if criticism.id != path.stem:
                    raise ValueError(f"id {criticism.id} does not match the file name")
                found.append(criticism)
            except Exception as error:
                problems.append(
                    Problem(path, yaml_error_line(error), t("file_broken", error=first_line(error)))
                )
        parsed.save(keep={str(p) for p in files} | {str(self.root / CONFIG_NAME)})
        return found, problems

    def next_criticism_id(self, year: int) -> str:
        """The next free criticism id of the year (``TB-2026-0001``, 通报); under the lock."""
        prefix = f"TB-{year}-"
        numbers = [
            int(p.stem[len(prefix) :])
            for p in self.criticism_files()
            if p.stem.startswith(prefix) and p.stem[len(prefix) :].isdigit()
        ]
        return f"{prefix}{max(numbers, default=0) + 1:04d}"

    def known_units(self, items: list[Item] | None = None) -> list[str]:
        """Units the office deals with: the config's list, else every unit named by an item
        that counts (``history.units_named``: of ``items``, else from the cache's manifest)."""
        if self.config.units:
            return list(self.config.units)
        if items is None:
            return load_units(self)[0]
        return list(dict.fromkeys(unit for item in items for unit in units_named(item)))

    def names_unit(self, unit: str) -> bool:
        """Whether an item that counts names ``unit`` (``known_units`` without a list, asked
        of one name: a registration's "new unit" note, without reading every item)."""
        return names_unit(self, unit)

    def id_prefix(self) -> str:
        """This clone's clerk code when set (``duchatai clerk``), else the config's prefix."""
        return clerk_code(self.root) or self.config.id_prefix

    def next_id(self, year: int) -> str:
        """The next free id of the year; call under the lock."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            # An id holds exactly four year digits (``DC-1-0001`` could not be addressed).
            raise InvalidInput(
                t("number_out_of_range", what="year", text=str(year), low=MIN_YEAR, high=MAX_YEAR)
            )
        prefix = f"{self.id_prefix()}-{year}-"
        # File names only (no Path, no sort, no stat): a registration's cost stays flat.
        numbers = [
            int(match.group("num"))
            for name in scan_names(self.items_dir, self.archive_dir)
            if name.startswith(prefix) and (match := ID_PATTERN.match(name[:-5]))
        ]
        return f"{prefix}{max(numbers, default=0) + 1:04d}"

    def relative(self, path: Path) -> str:
        """A path as shown to users: relative to the ledger root."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    # -- writing --

    include_edits = False
    """Whether a change may commit a clerk's uncommitted edits of the files it
    touches (``--include-edits``); refused otherwise."""

    def lock(self, timeout: float = LOCK_TIMEOUT) -> AbstractContextManager[Path]:
        """Hold the ledger's exclusive lock (one writer at a time); yields the state dir."""
        return hold_lock(self.root, timeout)

    def change(
        self, message: str, actor: Actor, *, held: Path | None = None
    ) -> AbstractContextManager[Change]:
        """One change of the ledger: locked, journaled, one commit, or nothing at all
        (``held``: the state directory of a lock the caller holds already)."""
        return open_change(self, message, actor, held=held)


def _parsed(text: bytes | None) -> Item | None:
    """An item version read from git (data from anyone who can push), or None."""
    if text is None:
        return None
    try:
        return Item.from_record(parse_yaml(text))
    except Exception:  # a broken version: its commit is dated by its time
        return None
