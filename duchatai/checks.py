"""``duchatai check``: validate every file of the ledger, all problems at once.

Validators return lists of ``Problem`` (``path:line: message``) instead of
raising, so a clerk sees everything that is wrong in one run (the beancount
``bean-check`` pattern).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duchatai.deadlines import compute
from duchatai.errors import DuchataiError
from duchatai.ledger import CONFIG_NAME, Ledger, Problem, load_config
from duchatai.model import KINDS, METHODS, REPORT_KINDS, Criticism, Item, Status


class _Lines(dict[str, Any]):
    """A parsed mapping that finds a key's line on demand (round-trip parse only then)."""

    def __init__(self, data: dict[str, Any], raw: bytes) -> None:
        super().__init__(data)
        self._raw = raw
        self._rt: Any = None

    def line_of(self, key: str) -> int | None:
        if self._rt is None:
            from ruamel.yaml import YAML

            try:
                self._rt = YAML().load(self._raw)
            except Exception:
                self._rt = {}
        try:
            return int(self._rt.lc.key(key)[0]) + 1
        except (AttributeError, KeyError, TypeError):
            return None


def _load_rt(path: Path) -> tuple[Any, Problem | None]:
    """Parse with the fast safe loader; line numbers are looked up only for problems."""
    from duchatai.ledger import parse_yaml

    try:
        raw = path.read_bytes()
        data = parse_yaml(raw)
        return (_Lines(data, raw) if isinstance(data, dict) else data), None
    except Exception as error:
        from duchatai.ledger import yaml_error_line

        message = " ".join(str(error).split("\n")[:2]).strip() or type(error).__name__
        return None, Problem(path, yaml_error_line(error), message)


def _line(data: Any, key: str) -> int | None:
    if isinstance(data, _Lines):
        return data.line_of(key)
    return None


def check_ledger(root: Path) -> list[Problem]:
    """Every problem of the ledger at ``root``: config, items, criticisms."""
    try:
        load_config(root)
        ledger = Ledger(root)
    except DuchataiError as error:
        return [Problem(root / CONFIG_NAME, None, error.message)]
    problems: list[Problem] = []
    items: dict[str, Item] = {}
    for path in ledger.item_files():
        found, item = check_item_file(ledger, path)
        problems += found
        if item is not None:
            items[item.id] = item
    for path in ledger.criticism_files():
        problems += check_criticism_file(ledger, path, items)
    problems += check_tracked_code(root)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0))


def check_item_file(ledger: Ledger, path: Path) -> tuple[list[Problem], Item | None]:
    """Problems of one item file, and the item when it could be read."""
    data, broken = _load_rt(path)
    if broken:
        return [broken], None
    try:
        item = Item.from_record(data, path)
    except (ValueError, TypeError) as error:
        key = str(error).split(":")[0].split("[")[0]
        return [Problem(path, _line(data, key) if isinstance(data, dict) else 1, str(error))], None
    out: list[Problem] = []

    def bad(key: str, message: str) -> None:
        out.append(Problem(path, _line(data, key), message))

    if item.id != path.stem:
        bad("id", f"id {item.id} does not match the file name {path.name}")
    if item.category not in ledger.profile.categories:
        bad("category", f"unknown category {item.category!r}")
    if item.kind not in KINDS:
        bad("kind", f"kind {item.kind!r} is not one of {', '.join(KINDS)}")
    for method in item.methods:
        if method not in METHODS:
            bad("methods", f"method {method!r} is not one of {', '.join(METHODS)}")
    for report in item.reports:
        if report.kind not in REPORT_KINDS:
            bad("reports", f"report kind {report.kind!r} is not one of {', '.join(REPORT_KINDS)}")
    if item.due < item.start:
        bad("due", f"due {item.due} is before start {item.start}")
    archived = path.parent.parent == ledger.archive_dir
    if archived and item.status != Status.ARCHIVED:
        bad("status", f"file is in archive/ but status is {item.status.value}")
    if not archived and item.status == Status.ARCHIVED:
        bad("status", "status is archived but the file is not under archive/")
    if item.status in (Status.CLOSED, Status.ARCHIVED) and item.closed_on is None:
        bad("closed_on", "closed item without closed_on")
    if ledger.config.units:
        for unit in [item.lead_unit, *item.co_units]:
            if unit and unit not in ledger.config.units:
                bad("lead_unit", f"unit {unit!r} is not in the config's units list")
    out += _check_due(ledger, item, data, path)
    out += conflict_problems(data, path)
    if item.is_open:
        for year in sorted({item.start.year, item.due.year}):
            if not ledger.calendar.has_data(year):
                bad("due", f"no holiday schedule for {year}: add it to {CONFIG_NAME} calendar:")
    return out, item


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
                _line(data, "due"),
                f"due {item.due} does not follow the {item.category} rule from {item.start} "
                f"(expected {expected})",
            )
        ]
    return []


def conflict_problems(data: Any, path: Path) -> list[Problem]:
    """Fields two clerks changed differently (written by the merge driver)."""
    out = []
    for conflict in data.get("conflicts") or [] if isinstance(data, dict) else []:
        if isinstance(conflict, dict):
            out.append(
                Problem(
                    path,
                    _line(data, "conflicts"),
                    f"conflict in {conflict.get('field')}: ours {conflict.get('ours')!r}, "
                    f"theirs {conflict.get('theirs')!r}; set the right value and delete "
                    "the conflicts entry",
                )
            )
    return out


def check_criticism_file(ledger: Ledger, path: Path, items: dict[str, Item]) -> list[Problem]:
    """Problems of one criticism file."""
    data, broken = _load_rt(path)
    if broken:
        return [broken]
    try:
        criticism = Criticism.from_record(data, path)
    except ValueError as error:
        return [Problem(path, 1, str(error))]
    out: list[Problem] = []
    if criticism.id != path.stem:
        out.append(Problem(path, _line(data, "id"), "id does not match the file name"))
    for item_id in criticism.items:
        if item_id not in items:
            out.append(Problem(path, _line(data, "items"), f"unknown item {item_id}"))
    out += conflict_problems(data, path)
    if ledger.config.units and criticism.unit not in ledger.config.units:
        out.append(Problem(path, _line(data, "unit"), f"unknown unit {criticism.unit!r}"))
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
    import subprocess

    from duchatai.messages import t

    try:
        listed = subprocess.run(
            ["git", "--literal-pathspecs", "ls-files", "-z", "--", *_shadowing_names()],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return []
    if listed.returncode != 0:
        return []  # not a git repository: nothing can arrive through it
    names = [n for n in listed.stdout.decode("utf-8", "replace").split("\0") if n]
    return [Problem(root / name, None, t("tracked_code", path=name)) for name in names]
