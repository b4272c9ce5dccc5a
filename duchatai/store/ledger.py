"""The ledger (督查台账): a directory of YAML files tracked by git.

Layout::

    duchatai.yaml          config: office, rule profile overrides, calendar
    items/<id>.yaml        one open or closed item per file
    archive/<year>/<id>.yaml   archived items (立卷归档)
    criticisms/<year>/<id>.yaml
    .duchatai/             lock and cache, git-ignored

YAML is read and written here alone. Reads use the C-backed safe loader;
writes load the file round-trip and update it in place, so a clerk's comments
and hand-added keys survive. Every change runs under one lock (in the state
directory inside the git directory, ``duchatai.store.statedir``), is journaled
before it touches a file (``duchatai.store.journal``), writes each file atomically
(temp file, fsync, rename) and ends in one git commit; a failed or killed
change is undone to the bytes and the index it found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.core.dates import MAX_WORKDAYS
from duchatai.core.errors import (
    DuchataiError,
    GitError,
    InvalidInput,
    ItemNotFound,
    LedgerBroken,
    LockTimeout,
    WriteFailed,
    WriteRefused,
)
from duchatai.core.model import ID_PATTERN, Criticism, Item, valid_id
from duchatai.core.profile import Profile, build_profile
from duchatai.core.workdays import WorkCalendar, parse_overrides
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.safefile import lexists, read_bounded

if TYPE_CHECKING:
    from duchatai.core.brief import Brief
    from duchatai.store.index import Progress
    from duchatai.store.journal import Journal

STATE_DIR = ".duchatai"
LOCK_TIMEOUT = 60.0


# -- YAML -------------------------------------------------------------------


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


_FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")


def _styled(value: Any) -> Any:
    """Multi-line text as a literal block when that reads back identical."""
    if isinstance(value, str) and any(ch in value for ch in _FOLDED_BREAKS):
        # The emitter writes these unescaped in plain and single-quoted
        # scalars, where the reader folds them to a space (U+0085 arrives
        # from cp1252 text mis-decoded as latin-1): double quotes escape them.
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        from ruamel.yaml.scalarstring import LiteralScalarString

        lines = value.split("\n")
        printable = all(ch == "\n" or (ch.isprintable() and ch != "\t") for ch in value)
        if printable and all(line == line.rstrip() for line in lines) and value[:1] != " ":
            return LiteralScalarString(value)
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dict) or isinstance(new, dict) or isinstance(old, list):
        return False
    if isinstance(new, str) and any(ch in new for ch in _FOLDED_BREAKS):
        return False  # the loaded copy lost its quotes: write it styled again
    if isinstance(old, dt.datetime):
        old = old.date()
    return type(old) is type(new) and old == new or (
        isinstance(old, str) and isinstance(new, str) and str(old) == new
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


def dump_record(record: Mapping[str, Any], existing: bytes | None) -> bytes:
    """The bytes of ``record`` written over ``existing`` (round-trip), or fresh."""
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
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue().encode("utf-8")


# -- files ------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new bytes, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))  # by path: os.fchmod does not exist on Windows
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _file_mode(path: Path) -> int:
    """Keep an existing file's mode; a new file gets 0666 less the umask (as open() would)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- config -----------------------------------------------------------------


@dataclass
class Config:
    """The ledger's settings (``duchatai.yaml``)."""

    office: str = "督查室"
    lang: str = "zh"
    id_prefix: str = "DC"
    warn_workdays: int = 3
    approach_workdays: int = 0
    rules: dict[str, Any] = field(default_factory=dict)
    calendar: dict[Any, Any] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)


def load_config(root: Path, parsed: ParsedSmallFiles | None = None) -> Config:
    """Read and validate ``duchatai.yaml``; ``LedgerBroken`` names the problem."""
    from duchatai.core.messages import t

    path = root / CONFIG_NAME
    parsed = parsed or ParsedSmallFiles(root)
    try:
        raw = parsed.parse(path) or {}
        parsed.save()
    except OSError as error:
        raise LedgerBroken(t("config_broken", path=path, error=error.strerror)) from None
    except Exception as error:  # ruamel's YAMLError and friends
        line = yaml_error_line(error)
        where = f"{path}:{line}" if line else str(path)
        raise LedgerBroken(t("config_broken", path=where, error=_first_line(error))) from None
    if not isinstance(raw, dict):
        raise LedgerBroken(t("config_broken", path=path, error="not a mapping"))
    try:
        config = Config(
            office=str(raw.get("office") or "督查室"),
            lang=str(raw.get("lang") or "zh"),
            id_prefix=str(raw.get("id_prefix") or "DC"),
            warn_workdays=int(raw.get("warn_workdays", 3)),
            approach_workdays=int(raw.get("approach_workdays", 0) or 0),
            rules=dict(raw.get("rules") or {}),
            calendar=dict(raw.get("calendar") or {}),
            units=[str(u) for u in raw.get("units") or []],
        )
    except (TypeError, ValueError, OverflowError) as error:
        raise LedgerBroken(t("config_broken", path=path, error=error)) from None
    for name in ("warn_workdays", "approach_workdays"):
        # Counted in working days from today: bounded like ``due --within``.
        value = getattr(config, name)
        if not 0 <= value <= MAX_WORKDAYS:
            reason = f"{name}: {value} is out of range; use a whole number 0-{MAX_WORKDAYS}"
            raise LedgerBroken(t("config_broken", path=path, error=reason))
    if not ID_PATTERN.match(f"{config.id_prefix}-2026-0001"):
        raise LedgerBroken(
            t("config_broken", path=path, error="id_prefix must be 1-10 capital letters/digits")
        )
    return config


class ParsedSmallFiles:
    """Small YAML files (the config, criticisms) parsed, kept under their stamps.

    Every command reads the config and every report the criticisms; with their
    parses kept in ``parsed.json`` in the ledger's state directory (inside the
    git directory, ``statedir.py``: never the work tree, where a pulled file
    could plant it) the morning report starts without importing the YAML
    library at all. The cache holds plain data only (``plain.py``: JSON, no
    pickle): a value JSON cannot hold exactly is not kept. Like the item
    cache it is disposable: missing, unreadable, of another format or stale,
    a file is simply parsed again; without a state directory nothing is kept.
    Parse errors are not kept: they are raised to the caller every time.
    """

    FORMAT = "duchatai-parsed-1"

    def __init__(self, root: Path) -> None:
        from duchatai.store.statedir import state_dir

        state = state_dir(root)
        self.cache = None if state is None else state / "parsed.json"
        self.entries: dict[str, tuple[tuple[int, ...], str]] = {}
        """Absolute path → (the file's stamp, its parse as ``plain.dumps`` text)."""
        self.changed = False
        if self.cache is None:
            return
        import json

        try:
            with open(self.cache, "rb") as handle:
                stored = json.loads(handle.read(16 * 1024 * 1024))
        except Exception:  # missing or corrupt: parse the files
            return
        if not isinstance(stored, dict) or stored.get("format") != self.FORMAT:
            return
        entries = stored.get("entries")
        if not isinstance(entries, dict):
            return
        for key, entry in entries.items():
            # Validated by shape; anything else is forgotten and parsed again.
            if (
                isinstance(entry, list)
                and len(entry) == 2
                and isinstance(entry[0], list)
                and len(entry[0]) == 4
                and all(type(n) is int for n in entry[0])
                and type(entry[1]) is str
            ):
                self.entries[key] = (tuple(entry[0]), entry[1])

    def parse(self, path: Path) -> Any:
        """The parsed document at ``path`` (``OSError`` or the YAML error when it fails)."""
        from duchatai.store import plain

        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)
        key = str(path)
        saved = self.entries.get(key)
        if saved is not None and saved[0] == stamp:
            try:
                return plain.loads(saved[1])
            except plain.Malformed:
                pass  # parse the file again
        raw = parse_yaml(read_bounded(path))
        try:
            self.entries[key] = (stamp, plain.dumps(raw))
        except plain.Unencodable:
            self.entries.pop(key, None)  # not kept: parsed every time
        self.changed = True
        return raw

    def save(self, keep: set[str] | None = None) -> None:
        """Store what changed (forgetting entries outside ``keep``); never an error."""
        if keep is not None:
            for key in self.entries.keys() - keep:
                del self.entries[key]
                self.changed = True
        if not self.changed or self.cache is None:
            return
        import json

        stored = {
            "format": self.FORMAT,
            "entries": {key: [list(stamp), text] for key, (stamp, text) in self.entries.items()},
        }
        spare = self.cache.with_name(f".parsed.{os.getpid()}.tmp")
        try:
            spare.write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
            os.replace(spare, self.cache)
        except OSError:  # a full disk or a read-only git directory: no cache this time
            with contextlib.suppress(OSError):
                spare.unlink()
        self.changed = False


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split("\n")[:2]).strip()
    return text or type(error).__name__


# -- the ledger -------------------------------------------------------------


@dataclass
class Problem:
    """A broken file found while reading: reported, never fatal for reports."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}:1"
        return f"{where}: {self.message}"


class Ledger:
    """An open ledger: config, rule profile, calendar and item files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._recover_on_open()  # before reading anything: no half-made change is read
        self._parsed = ParsedSmallFiles(root)  # the config's and criticisms' parses, read once
        self.config = load_config(root, self._parsed)
        from duchatai.core.messages import t

        try:
            self.profile: Profile = build_profile(self.config.rules)
            self.calendar = WorkCalendar(parse_overrides(self.config.calendar, CONFIG_NAME))
        except ValueError as error:
            raise LedgerBroken(
                t("config_broken", path=root / CONFIG_NAME, error=error)
            ) from None
        self.items_dir = root / "items"
        self.archive_dir = root / "archive"

    # -- paths --

    def check_id(self, item_id: str) -> str:
        """Normalise and validate an id typed by a user before building any path."""
        from duchatai.core.messages import t

        normal = item_id.strip().upper()
        if not valid_id(normal):
            raise InvalidInput(
                t("bad_id", id=item_id, example=f"{self.config.id_prefix}-2026-0001")
            )
        return normal

    def find_path(self, item_id: str) -> Path:
        """Where the item lives now (``items/`` or ``archive/<year>/``)."""
        from duchatai.core.messages import t

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
        from duchatai.core.messages import t

        try:
            raw = parse_yaml(read_bounded(path))
            item = Item.from_record(raw, path)
        except OSError as error:
            shown = self.relative(path)
            raise LedgerBroken(t("item_broken", path=shown, error=error.strerror)) from None
        except Exception as error:
            line = yaml_error_line(error)
            where = f"{self.relative(path)}:{line}" if line else self.relative(path)
            raise LedgerBroken(t("item_broken", path=where, error=_first_line(error))) from None
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
        """The item with this id, wherever it lives."""
        return self.read_item(self.find_path(item_id))

    def load_all(
        self, *, include_archive: bool = True, progress: Progress | None = None
    ) -> tuple[list[Item], list[Problem]]:
        """Every readable item and a problem for every file that is not.

        Reads go through the disposable SQLite cache (``index.py``).
        """
        from duchatai.store.index import load_items

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
        (what ``overdue`` and ``due`` need), and a problem for every unreadable file."""
        from duchatai.core.messages import t
        from duchatai.store.index import load_briefs

        briefs, problems = load_briefs(self, day, progress=progress)
        seen: set[str] = set()
        kept: list[Brief] = []
        for brief in briefs:
            key = unicodedata.normalize("NFKC", brief.id).upper()
            if key in seen:
                problems.append(Problem(self.root, None, t("duplicate_id_once", id=brief.id)))
                continue
            seen.add(key)
            kept.append(brief)
        return kept, problems

    def _one_per_id(
        self, items: list[Item], problems: list[Problem]
    ) -> tuple[list[Item], list[Problem]]:
        """One item per id (``items/`` first, then the archive by year): never counted twice.

        ``check`` names every copy; reads keep the first and say which file they skipped.
        """
        from duchatai.core.messages import t

        def archived(item: Item) -> bool:
            return item.path is None or item.path.parent != self.items_dir

        kept: dict[str, Item] = {}
        extra: list[Problem] = []
        for item in sorted(items, key=archived):  # stable: items/ first, order kept within
            # Full-width look-alikes (ＤＣ-２０２６-０００１) are the same id to a reader.
            key = unicodedata.normalize("NFKC", item.id).upper()
            first = kept.get(key)
            if first is None:
                kept[key] = item
                continue
            shown = self.relative(item.path) if item.path else "?"
            used = self.relative(first.path) if first.path else "?"
            message = t("duplicate_id_skipped", id=item.id, path=shown, kept=used)
            extra.append(Problem(item.path or self.root, None, message))
        if not extra:
            return items, problems
        return list(kept.values()), problems + extra

    def criticism_files(self) -> list[Path]:
        """Every criticism file (``criticisms/<year>/<id>.yaml``), sorted."""
        folder = self.root / "criticisms"
        return sorted(folder.glob("*/*.yaml")) if folder.is_dir() else []

    def load_criticisms(self) -> tuple[list[Criticism], list[Problem]]:
        """Every readable criticism and a problem for every file that is not."""
        from duchatai.core.messages import t

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
                    Problem(
                        path, yaml_error_line(error), t("file_broken", error=_first_line(error))
                    )
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
        """Units the office deals with: the config's list, else every unit named by an item."""
        if self.config.units:
            return list(self.config.units)
        if items is None:
            items, _ = self.load_all()
        units: dict[str, None] = {}
        for item in items:
            for unit in [item.lead_unit, *item.co_units]:
                if unit:
                    units[unit] = None
        return list(units)

    def id_prefix(self) -> str:
        """This clone's clerk code when set (``duchatai clerk``), else the config's prefix."""
        from duchatai.store.gitconfig import clerk_code

        return clerk_code(self.root) or self.config.id_prefix

    def next_id(self, year: int) -> str:
        """The next free id of the year; call under the lock."""
        from duchatai.core.dates import MAX_YEAR, MIN_YEAR

        if not MIN_YEAR <= year <= MAX_YEAR:
            # An id holds exactly four year digits (``DC-1-0001`` could not be addressed).
            from duchatai.core.messages import t

            raise InvalidInput(
                t("number_out_of_range", what="year", text=str(year), low=MIN_YEAR, high=MAX_YEAR)
            )
        prefix = f"{self.id_prefix()}-{year}-"
        highest = 0
        for path in self.item_files():
            match = ID_PATTERN.match(path.stem)
            if match and path.stem.startswith(prefix):
                highest = max(highest, int(match.group("num")))
        return f"{prefix}{highest + 1:04d}"

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

    def _recover_on_open(self) -> None:
        """Undo a change a killed writer left, when its lock is free (one stat otherwise).

        Reading commands do this too, so that no one reads a half-made change;
        when the lock is held (a writer is at work) or cannot be taken, reads
        go on: each file is whole, old or new.
        """
        from duchatai.store import journal
        from duchatai.store.statedir import git_dir, state_dir

        state = state_dir(self.root, create=False)
        if state is None or not journal.has_journal(state):
            return
        found = git_dir(self.root)
        if found is None:  # pragma: no cover - state_dir found one
            return
        from filelock import FileLock, Timeout

        with contextlib.suppress(Timeout, OSError, DuchataiError):
            with FileLock(str(state / "lock"), timeout=0):
                journal.recover(self.root, state, found)

    def _state_for_writing(self) -> tuple[Path, Path]:
        """The state directory and git directory; ``WriteRefused`` when there is none."""
        from duchatai.core.messages import t
        from duchatai.store.statedir import git_dir, state_dir

        found = git_dir(self.root)
        if found is None:
            raise WriteRefused(t("txn_no_git", path=self.root))
        state = state_dir(self.root)
        if state is None or not os.access(state, os.W_OK):
            raise WriteRefused(t("txn_no_state", path=found))
        return state, found

    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
        """Hold the ledger's exclusive lock (one writer at a time); yields the state dir.

        The lock lives in the state directory, never in the work tree. Once it
        is held, a change a killed writer left is undone first.
        """
        from filelock import FileLock, Timeout

        from duchatai.core.messages import t
        from duchatai.store import journal

        state, found = self._state_for_writing()
        held = FileLock(str(state / "lock"))
        try:
            held.acquire(timeout=timeout)
        except Timeout:
            raise LockTimeout(t("lock_timeout", seconds=int(timeout))) from None
        except OSError as error:
            raise WriteRefused(t("txn_no_state", path=found)) from error
        try:
            journal.recover(self.root, state, found)
            yield state
        finally:
            held.release()

    def check_head(self) -> None:
        """Refuse to write on a detached HEAD or while git is rebasing, merging...

        A commit made there is lost when the clerk aborts the operation.
        """
        from duchatai.core.messages import t
        from duchatai.store.statedir import git_dir

        found = git_dir(self.root)
        if found is None:  # pragma: no cover - _state_for_writing refused already
            return
        for marker, operation in _IN_PROGRESS:
            if (found / marker).exists():
                raise WriteRefused(t("txn_in_progress", operation=operation))
        try:
            with open(found / "HEAD", encoding="utf-8", errors="replace") as handle:
                symbolic = handle.read(4096).startswith("ref:")
        except OSError:
            symbolic = True  # let git say what is wrong when it commits
        if not symbolic:
            raise WriteRefused(t("txn_detached"))

    @contextlib.contextmanager
    def change(self, message: str, actor: Actor) -> Iterator[Change]:
        """One change of the ledger: locked, journaled, one commit, or nothing at all."""
        from duchatai.store import journal

        with self.lock() as state:
            self.check_head()
            from duchatai.store.statedir import git_dir

            found = git_dir(self.root)
            assert found is not None
            record = journal.Journal(self.root, state, found)
            change = Change(self, message, record)
            committed = False
            try:
                with journal.signals_raise():
                    yield change
                    if change.touched:
                        journal.checkpoint("written")
                        record.keep_index()
                        commit(self.root, change.touched, change.message, actor)
                        committed = True
                        journal.checkpoint("committed")
                    record.finish()
            except BaseException as error:
                landed = committed
                with journal.signals_deferred(), contextlib.suppress(OSError):
                    # On failure the journal stays: the next command finishes the undo.
                    began = record.open
                    restored = record.undo(git_was_killed=not isinstance(error, Exception))
                    landed = landed or (began and not restored)  # HEAD had moved
                if landed:
                    return  # it failed or was signalled after its commit: the change is whole
                failure = _write_failure(error, self.root)
                if failure is not None:
                    raise failure from None
                raise


_IN_PROGRESS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_LOG", "bisect"),
)
"""Files in the git directory that say an operation is under way."""

_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_GIT_DISK_FULL = ("No space left on device", "Out of diskspace", "Disk quota exceeded")
"""How git says it ran out of space (its own wording varies by the step that failed)."""


def _disk_nearly_full(root: Path) -> bool:
    """Whether the ledger's file system has next to no space left (git's failure cause)."""
    try:
        stats = os.statvfs(root)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def _write_failure(error: BaseException, root: Path) -> DuchataiError | None:
    """The one line for a failed write (already undone), or None to re-raise as it is."""
    from duchatai.core.messages import t

    if isinstance(error, GitError) and (
        any(sign in error.message for sign in _GIT_DISK_FULL) or _disk_nearly_full(root)
    ):
        return WriteFailed(t("txn_disk_full"))
    if not isinstance(error, OSError):
        return None
    if error.errno in _DISK_FULL:
        return WriteFailed(t("txn_disk_full"))
    where = error.filename or root
    if error.errno in _READ_ONLY:
        return WriteFailed(t("txn_read_only", path=where))
    return WriteFailed(t("txn_write_failed", path=where, error=error.strerror or error))


@dataclass(frozen=True)
class Actor:
    """Who acts: the commit author."""

    name: str
    email: str


class Change:
    """The files one command writes, journaled before they are touched.

    Each path is recorded in the journal (its original kept) and checked for
    a clerk's uncommitted edits before the first byte is written; the undo is
    the journal's (``duchatai.store.journal``).
    """

    def __init__(self, ledger: Ledger, message: str, journal: Journal) -> None:
        self.ledger = ledger
        self.message = message
        """The commit message; a command may set it once it knows the id."""
        self.journal = journal
        self._touched: dict[Path, None] = {}

    @property
    def touched(self) -> list[Path]:
        """Every path this change wrote, created or removed, in order."""
        return list(self._touched)

    def expect(self, paths: list[Path]) -> None:
        """Record many paths at once before writing them (one journal write, e.g. import)."""
        self._remember(paths)

    def _remember(self, paths: list[Path]) -> None:
        new = [p for p in dict.fromkeys(paths) if p not in self._touched]
        if not new:
            return
        head, edited = uncommitted(self.ledger.root, new)
        if edited and not self.ledger.include_edits:
            from duchatai.core.messages import t

            raise WriteRefused(t("txn_hand_edit", path=self.ledger.relative(edited[0])))
        self.journal.add(new, head=head)
        journal_checkpoint("journal")
        for path in new:
            self._touched[path] = None

    def write_record(self, path: Path, record: Mapping[str, Any]) -> None:
        """Write a record over the file at ``path`` (round-trip), atomically."""
        self._remember([path])
        atomic_write(path, dump_record(record, path.read_bytes() if path.exists() else None))

    def write_item(self, item: Item, path: Path | None = None) -> Path:
        """Write an item to its file (``items/<id>.yaml`` unless ``path`` says otherwise)."""
        target = path or item.path or self.ledger.items_dir / f"{item.id}.yaml"
        self.write_record(target, item.to_record())
        item.path = target
        return target

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write raw bytes atomically (used for the config and generated files)."""
        self._remember([path])
        atomic_write(path, data)

    def move(self, source: Path, target: Path) -> None:
        """Move a file (archiving), keeping its bytes and comments."""
        self._remember([source, target])
        data = source.read_bytes()
        atomic_write(target, data)
        source.unlink()
        _fsync_dir(source.parent)


def journal_checkpoint(step: str) -> None:
    """The test-only fault hook (``duchatai.store.journal.checkpoint``)."""
    from duchatai.store.journal import checkpoint

    checkpoint(step)


def uncommitted(root: Path, paths: list[Path]) -> tuple[str | None, list[Path]]:
    """HEAD's commit ("" before the first) and which of ``paths`` differ from it
    (modified, staged, deleted or untracked): one ``git status``."""
    from duchatai.store.statedir import work_tree

    top = work_tree(root)
    # Few paths: name them; many (an import): ask about the ledger once and filter.
    specs = [str(p) for p in paths] if len(paths) <= 100 else [str(root)]
    out = _git(
        root,
        "--literal-pathspecs",
        "--no-optional-locks",  # a status must not need to write the index (full disk)
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=all",
        "--ignored=no",
        "--",
        *specs,
    )
    wanted = {os.path.join(os.path.realpath(p.parent), p.name): p for p in paths}
    found: list[Path] = []
    head: str | None = None
    records = out.split("\0")
    index = 0
    while index < len(records):
        record = records[index]
        index += 1
        kind = record[:1]
        if record.startswith("# branch.oid "):
            oid = record[len("# branch.oid ") :].strip()
            head = "" if oid == "(initial)" else oid
            continue
        # Porcelain v2: the path is the last field, after 8 (1), 9 (2) or 10 (u) fields.
        fields = {"1": 8, "2": 9, "u": 10, "?": 1}.get(kind)
        if fields is None or top is None:
            continue
        parts = record.split(" ", fields)
        if len(parts) <= fields:
            continue
        if kind == "2":
            index += 1  # a rename's source path follows
        name = os.path.join(os.path.realpath(top), os.path.normpath(parts[fields]))
        if name in wanted:
            found.append(wanted[name])
    return head, found


# -- git --------------------------------------------------------------------


def _git(
    root: Path, *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed; install git and retry") from None
    if result.returncode != 0:
        from duchatai.core.messages import t

        raise GitError(t("git_failed", error=(result.stderr or result.stdout).strip()[:300]))
    return result.stdout


def git_identity(root: Path) -> tuple[str, str]:
    """``user.name`` and ``user.email`` from git config, empty when unset."""
    result = subprocess.run(
        ["git", "config", "--get-regexp", r"^user\.(name|email)$"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    name = email = ""
    for line in result.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "user.name":
            name = value.strip()
        elif key == "user.email":
            email = value.strip()
    return name, email


def resolve_actor(by: str | None, env: Mapping[str, str], root: Path) -> Actor:
    """``--by`` / ``$DUCHATAI_USER``, else the git identity, else the OS user."""
    import getpass

    from duchatai.core.text import clean_text

    # A name is stored in the record and given to git as the author: one clean
    # line (git would silently drop a newline, and the two would disagree).
    by = clean_text(by, "--by") if by else by
    user = clean_text(env.get("DUCHATAI_USER"), "DUCHATAI_USER")
    git_name, git_email = git_identity(root)
    name = (by or user or git_name or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "duchatai"
    email = env.get("DUCHATAI_EMAIL") or git_email or "duchatai@localhost"
    return Actor(name=name, email=email)


def in_git_repo(path: Path) -> bool:
    """Whether ``path`` lies inside a git work tree."""
    result = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=path,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == "true"


PATHSPEC_ARGS_MAX = 200
"""More paths than this go to git on stdin (an import may write 50,000 files)."""


def commit(root: Path, paths: list[Path], message: str, actor: Actor) -> None:
    """Stage ``paths`` and commit them alone, authored (and committed) by ``actor``.

    Pathspecs are literal: a ledger in ``led[1]`` never matches ``led1``.
    """
    from duchatai.store.journal import checkpoint

    env = {
        "GIT_AUTHOR_NAME": actor.name,
        "GIT_AUTHOR_EMAIL": actor.email,
        "GIT_COMMITTER_NAME": actor.name,
        "GIT_COMMITTER_EMAIL": actor.email,
    }
    specs = [str(p) for p in paths]
    stdin: str | None = None
    if len(specs) > PATHSPEC_ARGS_MAX:
        stdin = "\0".join(specs)
        tail = ["--pathspec-from-file=-", "--pathspec-file-nul"]
    else:
        tail = ["--", *specs]
    _git(root, "--literal-pathspecs", "add", "-A", *tail, stdin=stdin)
    checkpoint("staged")
    _git(
        root,
        "--literal-pathspecs",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
        *tail,
        env=env,
        stdin=stdin,
    )


@dataclass(frozen=True)
class LogEntry:
    """One commit of an item's history."""

    commit: str
    author: str
    when: str
    subject: str


def item_log(ledger: Ledger, item_id: str) -> list[LogEntry]:
    """The commits that touched an item, oldest first, following it into the archive."""
    item_id = ledger.check_id(item_id)
    ledger.find_path(item_id)
    out = _git(
        ledger.root,
        "log",
        "--reverse",
        "--format=%H%x1f%an%x1f%ad%x1f%s",
        "--date=format:%Y-%m-%d %H:%M",
        "--",
        f":(literal)items/{item_id}.yaml",
        f":(glob)archive/*/{item_id}.yaml",
    )
    entries = []
    for line in out.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 4:
            entries.append(LogEntry(*parts))
    return entries


# -- init -------------------------------------------------------------------

GITIGNORE = "# duchatai's local state: never commit it\n.duchatai/\n"


def init_ledger(
    path: Path,
    actor_by: str | None,
    env: Mapping[str, str],
    *,
    office: str,
    lang: str,
    clerk: str | None = None,
) -> Path:
    """Create a ledger at ``path``: config, ``items/``, ``archive/``, git, one commit."""
    from importlib import resources

    from duchatai.core.messages import t
    from duchatai.store.gitconfig import CLERK_PATTERN

    if clerk is not None and not CLERK_PATTERN.match(clerk.strip().upper()):
        raise InvalidInput(t("bad_clerk", code=clerk))
    from duchatai.core.text import clean_text

    office = clean_text(office, "--office")  # printed atop every report and sheet
    root = path.expanduser().resolve()
    if (root / CONFIG_NAME).exists():
        raise InvalidInput(t("ledger_exists", path=path))
    root.mkdir(parents=True, exist_ok=True)
    created_repo = False
    if not in_git_repo(root):
        _git(root, "init", "-q")
        created_repo = True
    template = resources.files("duchatai").joinpath("templates/duchatai.yaml").read_text("utf-8")
    config_text = template.format(office=_yaml_scalar(office), lang=_yaml_scalar(lang))
    from duchatai.store.gitconfig import GITATTRIBUTES

    files = {
        root / CONFIG_NAME: config_text.encode("utf-8"),
        root / ".gitignore": GITIGNORE.encode("utf-8"),
        root / ".gitattributes": GITATTRIBUTES.encode("utf-8"),
        root / "items" / ".gitkeep": b"",
        root / "archive" / ".gitkeep": b"",
    }
    from duchatai.store.journal import signals_deferred, signals_raise

    written: list[Path] = []
    # A clerk's own .gitignore/.gitattributes get our lines appended: put back as found.
    originals: dict[Path, bytes | None] = {}
    try:
        with signals_raise():
            for file, data in files.items():
                if file.name in (".gitignore", ".gitattributes") and file.exists():
                    existing = file.read_text("utf-8")
                    if data.decode("utf-8").splitlines()[1] in existing:
                        continue
                    originals[file] = existing.encode("utf-8")
                    data = (existing.rstrip("\n") + "\n" + data.decode("utf-8")).encode("utf-8")
                atomic_write(file, data)
                written.append(file)
            actor = resolve_actor(actor_by, env, root)
            commit(root, written, f"init ledger: {office}", actor)
            from duchatai.store.gitconfig import register_driver, set_clerk

            register_driver(root)
            if clerk:
                set_clerk(root, clerk)
    except BaseException as error:
        with signals_deferred():
            for file in written:
                with contextlib.suppress(OSError):
                    original = originals.get(file)
                    if original is None:
                        file.unlink()
                    else:
                        atomic_write(file, original)
            if created_repo:
                import shutil

                shutil.rmtree(root / ".git", ignore_errors=True)
        failure = _write_failure(error, root)
        if failure is not None:
            raise failure from None
        raise
    return root


def _yaml_scalar(text: str) -> str:
    out = io.StringIO()
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.dump({"v": text}, out)
    return out.getvalue().strip()[3:]
