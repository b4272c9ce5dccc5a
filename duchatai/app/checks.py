"""``duchatai check``: validate every file of the ledger, all problems at once.

Validators return lists of ``Problem`` (``path:line: message``) instead of
raising, so a clerk sees everything that is wrong in one run (the beancount
``bean-check`` pattern).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import compute
from duchatai.core.errors import DuchataiError, GitError
from duchatai.core.fields import FieldError, field_name
from duchatai.core.model import KINDS, METHODS, REPORT_KINDS, Item, Status, valid_id
from duchatai.core.profile import build_profile
from duchatai.core.workdays import parse_overrides
from duchatai.store.config import load_config
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.git import run_git
from duchatai.store.ledger import Ledger
from duchatai.store.problem import Problem
from duchatai.store.yamlio import first_line, parse_yaml, yaml_error_line


class _Lines(dict[str, Any]):
    """A parsed mapping that finds a field's line on demand (round-trip parse only then)."""

    def __init__(self, data: dict[str, Any], raw: bytes) -> None:
        super().__init__(data)
        self._raw = raw
        self._rt: Any = None

    def line_of(self, field: str | tuple[str | int, ...]) -> int | None:
        """The 1-based line of ``field`` (a key, or a path such as ``("reports", 0, "date")``).

        Falls back to the line of the deepest part that exists; None when not even
        the first part is found. Never raises: a document the round-trip parser
        cannot read (too deep, hostile) simply has no lines.
        """
        if self._rt is None:
            from ruamel.yaml import YAML

            try:
                self._rt = YAML().load(self._raw)
            except Exception:
                self._rt = {}
        parts = (field,) if isinstance(field, str) else field
        node, line = self._rt, None
        for part in parts:
            try:
                if isinstance(part, int) and isinstance(node, list):
                    found = node.lc.item(part)[0]  # type: ignore[attr-defined]
                else:
                    found = node.lc.key(part)[0]
                node = node[part]
            except Exception:
                break
            line = int(found) + 1
        return line


def _load_rt(path: Path) -> tuple[Any, Problem | None]:
    """Parse with the fast safe loader; line numbers are looked up only for problems."""
    from duchatai.store.safefile import read_bounded

    try:
        raw = read_bounded(path)
        data = parse_yaml(raw)
        return (_Lines(data, raw) if isinstance(data, dict) else data), None
    except Exception as error:  # unreadable, not YAML, too deep: a problem, never a crash
        return None, Problem(path, yaml_error_line(error) or 1, f"file: {first_line(error)}")


def _line(data: Any, field: str | tuple[str | int, ...]) -> int | None:
    if isinstance(data, _Lines):
        return data.line_of(field)
    return None


def canonical_key(item_id: str) -> str:
    """The id two files would be confused under: full-width forms folded, upper case."""
    return unicodedata.normalize("NFKC", item_id).strip().upper()


def check_ledger(root: Path) -> list[Problem]:
    """Every problem of the ledger at ``root``: config, items, criticisms."""
    broken = _config_problem(root)
    if broken is not None:
        return [broken]
    try:
        ledger = Ledger(root)
    except DuchataiError as error:
        return [Problem(root / CONFIG_NAME, 1, f"config: {error.message}")]
    problems: list[Problem] = []
    items: dict[str, Item] = {}
    where: dict[str, list[tuple[Path, Item, Any]]] = {}
    for path in ledger.item_files():
        found, item, data = _guarded_item_check(ledger, path)
        problems += found
        if item is not None:
            items.setdefault(item.id, item)
            where.setdefault(canonical_key(item.id), []).append((path, item, data))
    problems += _duplicates(ledger, where)
    for path in ledger.criticism_files():
        problems += _guarded(path, lambda p=path: check_criticism_file(ledger, p, items))
    problems += check_tracked_code(root)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))


_CONFIG_FIELD = re.compile(r"^(?:duchatai\.yaml: )?([A-Za-z_][\w-]*(?:\.[\w-]+)*):")


def _config_problem(root: Path) -> Problem | None:
    """The config's first problem as ``field: message`` at the field's line, or None."""
    path = root / CONFIG_NAME
    try:
        parse_yaml(path.read_bytes())
    except Exception as error:  # unreadable or not YAML: the parser's line
        message = " ".join(str(error).split("\n")[:2]).strip() or type(error).__name__
        return Problem(path, yaml_error_line(error) or 1, f"file: {message}")
    try:
        config = load_config(root)
    except DuchataiError as error:
        reason = error.message
        match = re.search(r"(warn_workdays|approach_workdays|id_prefix|units)\b:? ?(.*)", reason)
        if match is None:
            return Problem(path, 1, f"config: {reason}")
        field = match.group(1)
        return Problem(path, _config_line(path, (field,)) or 1, f"{field}: {match.group(2)}")
    try:
        build_profile(config.rules)
        parse_overrides(config.calendar, CONFIG_NAME)
    except ValueError as error:
        reason = str(error)
        found = _CONFIG_FIELD.match(reason)
        dotted = found.group(1) if found else ""
        parts: list[str | int] = [
            int(p) if p.isdigit() else p for p in dotted.split(".") if p
        ]
        if parts and parts[0] == "categories":
            parts.insert(0, "rules")
        if parts and parts[0] in ("ladder", "suggest", "commend"):
            parts.insert(0, "rules")
        field = ".".join(str(p) for p in parts) or "rules"
        message = reason.removeprefix(f"{CONFIG_NAME}: ")
        message = message.removeprefix(f"{dotted}: ") if dotted else message
        return Problem(path, _config_line(path, tuple(parts)) or 1, f"{field}: {message}")
    return None


def _config_line(path: Path, field: tuple[str | int, ...]) -> int | None:
    """The line of ``field`` in the config, or None when it cannot be found."""
    try:
        raw = path.read_bytes()
        data = parse_yaml(raw)
    except Exception:
        return None
    if not isinstance(data, dict):
        return None
    return _Lines(data, raw).line_of(field)


def _duplicates(ledger: Ledger, where: dict[str, list[tuple[Path, Item, Any]]]) -> list[Problem]:
    """One problem per copy of an id held by more than one file (items/ and archive/ years)."""
    out = []
    for copies in where.values():
        if len(copies) < 2:
            continue
        for path, item, data in copies:
            others = ", ".join(ledger.relative(p) for p, _, _ in copies if p != path)
            out.append(
                Problem(path, _line(data, "id") or 1, f"id: {item.id} is also in {others}")
            )
    return out


def _guarded(path: Path, work: Any) -> list[Problem]:
    """``work()``'s problems; an unexpected error becomes a problem of the file, not a crash."""
    try:
        return list(work())
    except Exception as error:
        return [Problem(path, 1, f"file: cannot be checked ({type(error).__name__}: {error})")]


def _guarded_item_check(ledger: Ledger, path: Path) -> tuple[list[Problem], Item | None, Any]:
    try:
        return check_item_file_data(ledger, path)
    except Exception as error:
        message = f"file: cannot be checked ({type(error).__name__}: {error})"
        return [Problem(path, 1, message)], None, None


def _read_problem(data: Any, path: Path, error: Exception) -> Problem:
    """A record that ``from_record`` refused, at the line of the field it names."""
    if isinstance(error, FieldError):
        return Problem(path, _line(data, error.field) or 1, str(error))
    return Problem(path, 1, f"file: {error}")


def check_item_file_data(ledger: Ledger, path: Path) -> tuple[list[Problem], Item | None, Any]:
    """Problems of one item file, the item when it could be read, and its parsed data."""
    data, broken = _load_rt(path)
    if broken:
        return [broken], None, None
    out: list[Problem] = []

    def bad(field: str | tuple[str | int, ...], message: str) -> None:
        name = field if isinstance(field, str) else field_name(field)
        out.append(Problem(path, _line(data, field) or 1, f"{name}: {message}"))

    if not valid_id(path.stem):
        bad("id", f"file name {path.name!r} is not a canonical id such as DC-2026-0001 "
            "(ASCII capitals and digits)")
    try:
        item = Item.from_record(data, path)
    except (ValueError, TypeError) as error:
        return [*out, _read_problem(data, path, error)], None, data
    out += conflict_problems(data, path)
    _value_problems(ledger, item, path, bad)
    archived = path.parent.parent == ledger.archive_dir
    if archived and item.status != Status.ARCHIVED:
        bad("status", f"the file is in archive/ but the status is {item.status.value}")
    if not archived and item.status == Status.ARCHIVED:
        bad("status", "archived, but the file is not under archive/")
    if item.status in (Status.CLOSED, Status.ARCHIVED) and item.closed_on is None:
        bad("closed_on", "a closed item without closed_on")
    if (item.status == Status.WITHDRAWN) != (item.withdrawn_on is not None):
        bad("withdrawn_on", "withdrawn_on and the status withdrawn go together")
    if ledger.config.units:
        if item.lead_unit and item.lead_unit not in ledger.config.units:
            bad("lead_unit", f"unit {item.lead_unit!r} is not in the config's units list")
        for index, unit in enumerate(item.co_units):
            if unit and unit not in ledger.config.units:
                bad(("co_units", index), f"unit {unit!r} is not in the config's units list")
    out += _check_due(ledger, item, data, path)
    if item.is_open:
        for year in sorted({item.start.year, item.due.year}):
            if not ledger.calendar.has_data(year):
                bad("due", f"no holiday schedule for {year}: add it to {CONFIG_NAME} calendar:")
    return out, item, data


Bad = Callable[[str | tuple[str | int, ...], str], None]
"""Records a problem at a field (a key, or a path of keys and indexes) of the file."""


def _value_problems(ledger: Ledger, item: Item, path: Path, bad: Bad) -> None:
    """The item's own values: id, known keys, and no date before its start."""
    if not valid_id(item.id):
        bad("id", f"{item.id!r} is not a canonical id such as DC-2026-0001 "
            "(ASCII capitals and digits)")
    if item.id != path.stem:
        bad("id", f"{item.id} does not match the file name {path.name}")
    if item.category not in ledger.profile.categories:
        bad("category", f"unknown category {item.category!r}")
    if item.kind not in KINDS:
        bad("kind", f"{item.kind!r} is not one of {', '.join(KINDS)}")
    for index, method in enumerate(item.methods):
        if method not in METHODS:
            bad(("methods", index), f"{method!r} is not one of {', '.join(METHODS)}")
    for index, report in enumerate(item.reports):
        if report.kind not in REPORT_KINDS:
            bad(("reports", index, "kind"),
                f"{report.kind!r} is not one of {', '.join(REPORT_KINDS)}")
    if item.due < item.start:
        bad("due", f"{item.due} is before start {item.start}")
    for key in ("reports", "urges", "reviews", "extensions"):
        for index, record in enumerate(getattr(item, key)):
            if record.date < item.start:
                bad((key, index, "date"), f"{record.date} is before start {item.start}")
    for key in ("assigned_on", "closed_on"):
        day = getattr(item, key)
        if day is not None and day < item.start:
            bad(key, f"{day} is before start {item.start}")


def _check_due(ledger: Ledger, item: Item, data: Any, path: Path) -> list[Problem]:
    """The stored due date agrees with its recorded rule (unless changed by extension/review)."""
    if item.extensions or any(not r.accepted for r in item.reviews):
        return []
    if item.category not in ledger.profile.categories or not item.due_basis:
        return []
    basis = item.due_basis
    if basis.get("basis") == "explicit":
        return []
    try:
        expected = compute(
            ledger.profile, item.category, item.start, ledger.calendar, complex_item=item.complex
        ).due
    except (DuchataiError, ValueError, OverflowError):
        return []
    if expected != item.due:
        return [
            Problem(
                path,
                _line(data, "due") or 1,
                f"due: {item.due} does not follow the {item.category} rule from {item.start} "
                f"(expected {expected})",
            )
        ]
    return []


def conflict_problems(data: Any, path: Path) -> list[Problem]:
    """Fields two clerks changed differently (written by the merge driver)."""
    if not isinstance(data, dict) or data.get("conflicts") in (None, [], ""):
        return []
    conflicts = data.get("conflicts")
    if not isinstance(conflicts, list):
        return [Problem(path, _line(data, "conflicts") or 1,
                        "conflicts: a list of conflict entries expected")]
    out = []
    for index, conflict in enumerate(conflicts):
        line = _line(data, ("conflicts", index)) or 1
        if not isinstance(conflict, dict):
            out.append(Problem(path, line, f"conflicts[{index + 1}]: a conflict entry expected"))
            continue
        local, remote = (_value(conflict.get(side)) for side in ("local", "remote"))
        out.append(Problem(path, line, f"conflicts[{index + 1}]: conflict in "
                           f"{conflict.get('field')}: local {local}, remote {remote}; run "
                           f"duchatai resolve {path.stem} --take local|remote|FIELD=VALUE"))
    return out


def _value(value: Any) -> str:
    """A stored value as a clerk reads it: a date as 2026-12-01, text quoted."""
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def check_criticism_file(ledger: Ledger, path: Path, items: dict[str, Item]) -> list[Problem]:
    """Problems of one criticism file."""
    data, broken = _load_rt(path)
    if broken:
        return [broken]
    try:
        criticism = Criticism.from_record(data, path)
    except (ValueError, TypeError) as error:
        return [_read_problem(data, path, error)]
    out: list[Problem] = []
    if criticism.id != path.stem:
        out.append(Problem(path, _line(data, "id") or 1,
                           f"id: {criticism.id} does not match the file name {path.name}"))
    for index, item_id in enumerate(criticism.items):
        if item_id not in items:
            out.append(Problem(path, _line(data, ("items", index)) or 1,
                               f"items[{index + 1}]: unknown item {item_id}"))
    out += conflict_problems(data, path)
    if ledger.config.units and criticism.unit not in ledger.config.units:
        out.append(Problem(path, _line(data, "unit") or 1,
                           f"unit: unknown unit {criticism.unit!r}"))
    return out


# -- code or tool state tracked by git ----------------------------------------------------


def _shadowing_names() -> list[str]:
    """What at the ledger root Python would import as ``duchatai`` from there (a package
    folder, ``duchatai.py``, a compiled module), and the old in-tree state folder."""
    import importlib.machinery

    names = [".duchatai", "duchatai"]
    names += [f"duchatai{suffix}" for suffix in importlib.machinery.all_suffixes()]
    return names


def check_tracked_code(root: Path) -> list[Problem]:
    """A problem for every file git tracks that no ledger should hold: anything under
    ``.duchatai/`` (the tool's state, never shared) and a ``duchatai`` Python package or
    module at the ledger root (it would be imported instead of the installed tool by a
    ``python -m duchatai`` started there). A file pushed by one clerk arrives in every
    clone, so each is named with what to do. Outside git: nothing to check."""
    try:
        names = _shadowing_names()
        listed = run_git(root, "ls-files", "-z", "--", *names, check=False, literal=True)
    except (OSError, GitError):
        return []
    if listed.returncode != 0:
        return []  # not a git repository: nothing can arrive through it
    return code_problems(root, [n for n in listed.stdout.split("\0") if n])


def code_problems(root: Path, tracked: list[str]) -> list[Problem]:
    """The problems of ``check_tracked_code`` among ``tracked`` (paths relative to root)."""
    from duchatai.core.messages import t

    names = _shadowing_names()
    bad = [p for p in tracked if any(p == n or p.startswith(n + "/") for n in names)]
    return [Problem(root / name, None, t("tracked_code", path=name)) for name in bad]
