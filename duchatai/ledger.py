"""The ledger (督查台账): a directory of YAML files tracked by git.

Layout::

    duchatai.yaml          config: office, rule profile overrides, calendar
    items/<id>.yaml        one open or closed item per file
    archive/<year>/<id>.yaml   archived items (立卷归档)
    criticisms/<year>/<id>.yaml
    .duchatai/             lock and cache, git-ignored

YAML is read and written here alone. Reads use the C-backed safe loader;
writes load the file round-trip and update it in place, so a clerk's comments
and hand-added keys survive. Every change runs under one lock, writes each
file atomically (temp file, fsync, rename) and ends in one git commit; a
failed change is rolled back to the bytes it found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import io
import os
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.discovery import CONFIG_NAME
from duchatai.errors import (
    GitError,
    InvalidInput,
    ItemNotFound,
    LedgerBroken,
)
from duchatai.model import ID_PATTERN, Criticism, Item, valid_id
from duchatai.profile import Profile, build_profile
from duchatai.workdays import WorkCalendar, parse_overrides

if TYPE_CHECKING:
    from duchatai.brief import Brief
    from duchatai.index import Progress

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

        _SAFE = YAML(typ="safe")
    return _SAFE


def parse_yaml(text: str | bytes) -> Any:
    """Parse a document with the fast safe loader (C parser when installed)."""
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
        os.fchmod(fd, _file_mode(path))
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
    from duchatai.messages import t

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
    except (TypeError, ValueError) as error:
        raise LedgerBroken(t("config_broken", path=path, error=error)) from None
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
        from duchatai.statedir import state_dir

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
        from duchatai import plain

        stat = os.stat(path)
        stamp = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)
        key = str(path)
        saved = self.entries.get(key)
        if saved is not None and saved[0] == stamp:
            try:
                return plain.loads(saved[1])
            except plain.Malformed:
                pass  # parse the file again
        raw = parse_yaml(path.read_bytes())
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
        self._parsed = ParsedSmallFiles(root)  # the config's and criticisms' parses, read once
        self.config = load_config(root, self._parsed)
        from duchatai.messages import t

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
        from duchatai.messages import t

        normal = item_id.strip().upper()
        if not valid_id(normal):
            raise InvalidInput(
                t("bad_id", id=item_id, example=f"{self.config.id_prefix}-2026-0001")
            )
        return normal

    def find_path(self, item_id: str) -> Path:
        """Where the item lives now (``items/`` or ``archive/<year>/``)."""
        from duchatai.messages import t

        item_id = self.check_id(item_id)
        path = self.items_dir / f"{item_id}.yaml"
        if path.is_file():
            return path
        if self.archive_dir.is_dir():
            for year_dir in sorted(self.archive_dir.iterdir()):
                candidate = year_dir / f"{item_id}.yaml"
                if candidate.is_file():
                    return candidate
        raise ItemNotFound(t("no_item", id=item_id))

    def item_files(self) -> list[Path]:
        """Every item file, open ones first, then the archive, each sorted by name."""
        files = sorted(self.items_dir.glob("*.yaml")) if self.items_dir.is_dir() else []
        if self.archive_dir.is_dir():
            files += sorted(self.archive_dir.glob("*/*.yaml"))
        return files

    # -- reading --

    def read_item(self, path: Path) -> Item:
        """Parse one item file; ``LedgerBroken`` says which file and line."""
        from duchatai.messages import t

        try:
            raw = parse_yaml(path.read_bytes())
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
        from duchatai.index import load_items

        items, problems = load_items(self, progress=progress)
        if not include_archive:
            items = [i for i in items if i.path is not None and i.path.parent == self.items_dir]
            problems = [p for p in problems if p.path.parent == self.items_dir]
        return items, problems

    def briefs(
        self, day: dt.date, *, progress: Progress | None = None
    ) -> tuple[list[Brief], list[Problem]]:
        """The briefs of the items open at the end of ``day``, as they stood then
        (what ``overdue`` and ``due`` need), and a problem for every unreadable file."""
        from duchatai.index import load_briefs

        return load_briefs(self, day, progress=progress)

    def criticism_files(self) -> list[Path]:
        """Every criticism file (``criticisms/<year>/<id>.yaml``), sorted."""
        folder = self.root / "criticisms"
        return sorted(folder.glob("*/*.yaml")) if folder.is_dir() else []

    def load_criticisms(self) -> tuple[list[Criticism], list[Problem]]:
        """Every readable criticism and a problem for every file that is not."""
        from duchatai.messages import t

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
        result = subprocess.run(
            ["git", "config", "--get", "duchatai.clerk"],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        code = result.stdout.strip()
        return code if code and ID_PATTERN.match(f"{code}-2026-0001") else self.config.id_prefix

    def next_id(self, year: int) -> str:
        """The next free id of the year; call under the lock."""
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

    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the ledger's exclusive lock (one writer at a time)."""
        from duchatai.messages import t

        state = self.root / STATE_DIR
        state.mkdir(exist_ok=True)
        with open(state / "lock", "a+b") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise GitError(t("lock_timeout", seconds=int(timeout))) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def change(self, message: str, actor: Actor) -> Iterator[Change]:
        """One change of the ledger: locked, atomic per file, one commit, or nothing."""
        with self.lock():
            change = Change(self, message)
            try:
                yield change
                if change.touched:
                    commit(self.root, change.touched, change.message, actor)
            except BaseException:
                change.rollback()
                raise


@dataclass(frozen=True)
class Actor:
    """Who acts: the commit author."""

    name: str
    email: str


class Change:
    """The files one command writes, remembered so that a failure restores them."""

    def __init__(self, ledger: Ledger, message: str) -> None:
        self.ledger = ledger
        self.message = message
        """The commit message; a command may set it once it knows the id."""
        self.originals: dict[Path, bytes | None] = {}
        self.created_dirs: list[Path] = []

    @property
    def touched(self) -> list[Path]:
        return list(self.originals)

    def _remember(self, path: Path) -> None:
        if path not in self.originals:
            self.originals[path] = path.read_bytes() if path.exists() else None
            missing = path.parent
            while not missing.exists():
                self.created_dirs.append(missing)
                missing = missing.parent

    def write_record(self, path: Path, record: Mapping[str, Any]) -> None:
        """Write a record over the file at ``path`` (round-trip), atomically."""
        self._remember(path)
        atomic_write(path, dump_record(record, path.read_bytes() if path.exists() else None))

    def write_item(self, item: Item, path: Path | None = None) -> Path:
        """Write an item to its file (``items/<id>.yaml`` unless ``path`` says otherwise)."""
        target = path or item.path or self.ledger.items_dir / f"{item.id}.yaml"
        self.write_record(target, item.to_record())
        item.path = target
        return target

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write raw bytes atomically (used for the config and generated files)."""
        self._remember(path)
        atomic_write(path, data)

    def move(self, source: Path, target: Path) -> None:
        """Move a file (archiving), keeping its bytes and comments."""
        self._remember(source)
        self._remember(target)
        data = source.read_bytes()
        atomic_write(target, data)
        source.unlink()
        _fsync_dir(source.parent)

    def rollback(self) -> None:
        """Put every touched file back as it was and unstage it."""
        for path, data in self.originals.items():
            with contextlib.suppress(OSError):
                if data is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write(path, data)
        for directory in reversed(self.created_dirs):
            with contextlib.suppress(OSError):
                directory.rmdir()
        if self.originals:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    ["git", "reset", "-q", "--", *map(str, self.originals)],
                    cwd=self.ledger.root,
                    capture_output=True,
                    check=False,
                )


# -- git --------------------------------------------------------------------


def _git(root: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed; install git and retry") from None
    if result.returncode != 0:
        from duchatai.messages import t

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

    git_name, git_email = git_identity(root)
    name = (by or env.get("DUCHATAI_USER") or git_name or "").strip()
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


def commit(root: Path, paths: list[Path], message: str, actor: Actor) -> None:
    """Stage ``paths`` and commit them alone, authored (and committed) by ``actor``."""
    specs = [str(p) for p in paths]
    env = {
        "GIT_AUTHOR_NAME": actor.name,
        "GIT_AUTHOR_EMAIL": actor.email,
        "GIT_COMMITTER_NAME": actor.name,
        "GIT_COMMITTER_EMAIL": actor.email,
    }
    _git(root, "add", "-A", "--", *specs)
    _git(
        root,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        message,
        "--",
        *specs,
        env=env,
    )


def head(root: Path) -> str:
    """The commit at HEAD (empty before the first commit)."""
    result = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


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
        f"items/{item_id}.yaml",
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

    from duchatai.messages import t
    from duchatai.sync import CLERK_PATTERN

    if clerk is not None and not CLERK_PATTERN.match(clerk.strip().upper()):
        raise InvalidInput(t("bad_clerk", code=clerk))
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
    from duchatai.sync import GITATTRIBUTES

    files = {
        root / CONFIG_NAME: config_text.encode("utf-8"),
        root / ".gitignore": GITIGNORE.encode("utf-8"),
        root / ".gitattributes": GITATTRIBUTES.encode("utf-8"),
        root / "items" / ".gitkeep": b"",
        root / "archive" / ".gitkeep": b"",
    }
    written: list[Path] = []
    try:
        for file, data in files.items():
            if file.name in (".gitignore", ".gitattributes") and file.exists():
                existing = file.read_text("utf-8")
                if data.decode("utf-8").splitlines()[1] in existing:
                    continue
                data = (existing.rstrip("\n") + "\n" + data.decode("utf-8")).encode("utf-8")
            atomic_write(file, data)
            written.append(file)
        actor = resolve_actor(actor_by, env, root)
        commit(root, written, f"init ledger: {office}", actor)
        from duchatai.sync import register_driver, set_clerk

        register_driver(root)
        if clerk:
            set_clerk(root, clerk)
    except BaseException:
        for file in written:
            with contextlib.suppress(OSError):
                file.unlink()
        if created_repo:
            import shutil

            shutil.rmtree(root / ".git", ignore_errors=True)
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
