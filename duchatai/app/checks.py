"""``duchatai check``: validate every file of the ledger, all problems at once.

Validators return lists of ``Problem`` (``path:line: message``) instead of
raising, so a clerk sees everything that is wrong in one run (the beancount
``bean-check`` pattern).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from duchatai.app.check_tracked import check_tracked_code
from duchatai.app.documents import register_problems
from duchatai.core.criticism import Criticism
from duchatai.core.deadlines import compute
from duchatai.core.errors import DuchataiError
from duchatai.core.fields import FieldError, field_name
from duchatai.core.messages import is_zh, t
from duchatai.core.model import KINDS, METHODS, REPORT_KINDS, Item, Status, valid_id
from duchatai.core.names import choices
from duchatai.core.profile import build_profile
from duchatai.core.workdays import parse_overrides
from duchatai.store.config import load_config
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.ledger import Ledger
from duchatai.store.problem import Problem
from duchatai.store.yamlio import Field, PlacedMapping, first_line, parse_yaml, yaml_error_place


def _load_rt(path: Path) -> tuple[Any, Problem | None]:
    """Parse with the fast safe loader; line numbers are looked up only for problems."""
    from duchatai.store.safefile import read_bounded

    try:
        raw = read_bounded(path)
        data = parse_yaml(raw)
        return (PlacedMapping(data, raw) if isinstance(data, dict) else data), None
    except Exception as error:  # unreadable, not YAML, too deep: a problem, never a crash
        line, column = yaml_error_place(error) or (1, None)
        message = _at(t("check_file"), _yaml_reason(error))
        return None, Problem(path, line, message, column)


def _yaml_reason(error: Exception) -> str:
    """Why the parser stopped: its problem, and where what it was reading began
    (``did not find expected key (while parsing a block mapping at line 3)``)."""
    problem = getattr(error, "problem", None)
    if not problem:
        return t("check_yaml", error=first_line(error))
    context, mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and mark is not None:
        problem = t("check_yaml_context", problem=problem, context=context, line=mark.line + 1)
    return t("check_yaml", error=problem)


def _at(field: str, message: str) -> str:
    """``field: message`` in the ledger's language (``due：…`` in Chinese)."""
    return t("check_at", field=field, message=message)


def _line(data: Any, field: Field) -> int | None:
    if isinstance(data, PlacedMapping):
        return data.line_of(field)
    return None


def problem_at(
    path: Path, data: Any, field: Field, message: str, *, warning: bool = False,
    name: str | None = None,
) -> Problem:
    """A problem of ``field`` at its line and column (line 1 when it is not in the file),
    named ``name`` (else as a clerk reads the field: ``reports[1].date``)."""
    name = name or (field if isinstance(field, str) else field_name(field))
    place = data.place_of(field) if isinstance(data, PlacedMapping) else None
    line, column = place or (1, None)
    text = _at(name, message)
    return Problem(path, line, t("check_warning", message=text) if warning else text,
                   column, warning)


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
    # Ids and paths only: a file's parsed data is dropped once it is checked (50,000
    # items held whole took 670 MB), read again for the rare id held twice.
    items: set[str] = set()
    where: dict[str, list[tuple[Path, str]]] = {}
    for path in ledger.item_files():
        found, item, _ = _guarded_item_check(ledger, path)
        problems += found
        if item is not None:
            items.add(item.id)
            where.setdefault(canonical_key(item.id), []).append((path, item.id))
    problems += _duplicates(ledger, where)
    for path in ledger.criticism_files():
        problems += _guarded(path, lambda p=path: check_criticism_file(ledger, p, items))
    problems += check_tracked_code(root)
    problems += register_problems(ledger)  # 发文字号 used twice (issue 18)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))


_CONFIG_KEYS = re.compile(
    r"(warn_workdays|approach_workdays|id_prefix|units|doc_prefix|bulletin_title|contact)"
    r"\b:? ?(.*)"
)
_CONFIG_FIELD = re.compile(r"^(?:duchatai\.yaml: )?([A-Za-z_][\w-]*(?:\.[\w-]+)*):")


def _config_problem(root: Path) -> Problem | None:
    """The config's first problem as ``field: message`` at the field's line, or None."""
    path = root / CONFIG_NAME
    try:
        parse_yaml(path.read_bytes())
    except Exception as error:  # unreadable or not YAML: the parser's line
        line, column = yaml_error_place(error) or (1, None)
        message = _at(t("check_file"), _yaml_reason(error))
        return Problem(path, line, message, column)
    try:
        config = load_config(root)
    except DuchataiError as error:
        reason = error.message
        match = re.search(_CONFIG_KEYS, reason)
        if match is None:
            return Problem(path, 1, _at("config", reason))
        # The field's own reason, without the refusal's "fix it and try again".
        tail = t("config_broken", path="", error="\0").split("\0")[-1]
        return _config_at(path, (match.group(1),), match.group(2).removesuffix(tail))
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
        message = reason.removeprefix(f"{CONFIG_NAME}: ")
        message = message.removeprefix(f"{dotted}: ") if dotted else message
        return _config_at(path, tuple(parts) or ("rules",), message)
    return None


def _config_at(path: Path, field: tuple[str | int, ...], message: str) -> Problem:
    """A problem of the config at ``field``'s line and column (line 1 when not found),
    named as a dotted path (``calendar.2027.holidays``: years are keys, not positions)."""
    try:
        raw = path.read_bytes()
        data: Any = parse_yaml(raw)
    except Exception:
        data = None
    located = PlacedMapping(data, raw) if isinstance(data, dict) else None
    return problem_at(path, located, field, message, name=".".join(map(str, field)))


def _duplicates(ledger: Ledger, where: dict[str, list[tuple[Path, str]]]) -> list[Problem]:
    """One problem per copy of an id held by more than one file (items/ and archive/ years),
    at the line of its ``id``."""
    out = []
    for copies in where.values():
        if len(copies) < 2:
            continue
        for path, item_id in copies:
            names = [ledger.relative(p) for p, _ in copies if p != path]
            others = t("check_list_sep").join(names)
            data, _ = _load_rt(path)
            out.append(problem_at(path, data, "id", t("check_id_twice", id=item_id,
                                                       others=others)))
    return out


def _guarded(path: Path, work: Any) -> list[Problem]:
    """``work()``'s problems; an unexpected error becomes a problem of the file, not a crash."""
    try:
        return list(work())
    except Exception as error:
        return [_crashed(path, error)]


def _crashed(path: Path, error: Exception) -> Problem:
    """A file whose check failed unexpectedly: named, never a crash of ``check``."""
    message = t("check_crashed", kind=type(error).__name__, error=error)
    return Problem(path, 1, _at(t("check_file"), message))


def _guarded_item_check(ledger: Ledger, path: Path) -> tuple[list[Problem], Item | None, Any]:
    try:
        return check_item_file_data(ledger, path)
    except Exception as error:
        return [_crashed(path, error)], None, None


def _read_problem(data: Any, path: Path, error: Exception) -> Problem:
    """A record that ``from_record`` refused, at the line of the field it names."""
    if isinstance(error, FieldError):
        return problem_at(path, data, error.field, error.reason)
    return Problem(path, 1, _at(t("check_file"), str(error)))


def check_item_file_data(ledger: Ledger, path: Path) -> tuple[list[Problem], Item | None, Any]:
    """Problems of one item file, the item when it could be read, and its parsed data."""
    data, broken = _load_rt(path)
    if broken:
        return [broken], None, None
    out: list[Problem] = []

    def bad(field: Field, message: str) -> None:
        out.append(problem_at(path, data, field, message))

    if not valid_id(path.stem):
        bad("id", t("check_file_name_id", name=path.name))
    try:
        item = Item.from_record(data, path)
    except (ValueError, TypeError) as error:
        return [*out, _read_problem(data, path, error)], None, data
    out += conflict_problems(data, path)
    _value_problems(ledger, item, path, bad)
    archived = path.parent.parent == ledger.archive_dir
    if archived and item.status != Status.ARCHIVED:
        bad("status", t("check_in_archive", status=item.status.value))
    if not archived and item.status == Status.ARCHIVED:
        bad("status", t("check_not_in_archive"))
    if item.status in (Status.CLOSED, Status.ARCHIVED) and item.closed_on is None:
        bad("closed_on", t("check_closed_on"))
    if (item.status == Status.WITHDRAWN) != (item.withdrawn_on is not None):
        bad("withdrawn_on", t("check_withdrawn_on"))
    if ledger.config.units:
        if item.lead_unit and item.lead_unit not in ledger.config.units:
            bad("lead_unit", t("check_unit_listed", unit=item.lead_unit))
        for index, unit in enumerate(item.co_units):
            if unit and unit not in ledger.config.units:
                bad(("co_units", index), t("check_unit_listed", unit=unit))
    out += _check_due(ledger, item, data, path)
    out += _calendar_warnings(ledger, item, data, path)
    return out, item, data


def _calendar_warnings(ledger: Ledger, item: Item, data: Any, path: Path) -> list[Problem]:
    """A warning, not a failure, for each year of an open item's dates without holiday
    data (``WorkCalendar.guessed_in``): the notice may not be published yet."""
    if not item.is_open:
        return []
    return [
        problem_at(path, data, "due" if year == item.due.year else "start",
                   t("check_no_calendar", year=year, config=CONFIG_NAME), warning=True)
        for year in ledger.calendar.guessed_in({item.start.year, item.due.year})
    ]


Bad = Callable[[Field, str], None]
"""Records a problem at a field (a key, or a path of keys and indexes) of the file."""


def _value_problems(ledger: Ledger, item: Item, path: Path, bad: Bad) -> None:
    """The item's own values: id, known keys, and no date before its start."""
    if not valid_id(item.id):
        bad("id", t("check_id_canonical", id=item.id))
    if item.id != path.stem:
        bad("id", t("check_id_file", id=item.id, name=path.name))
    if item.category not in ledger.profile.categories:
        every = choices("category", ledger.profile.categories, full_width=is_zh())
        bad("category", t("check_category", value=item.category, choices=every))
    if item.kind not in KINDS:
        bad("kind", _not_one_of(item.kind, "kind", KINDS))
    for index, method in enumerate(item.methods):
        if method not in METHODS:
            bad(("methods", index), _not_one_of(method, "method", METHODS))
    for index, report in enumerate(item.reports):
        if report.kind not in REPORT_KINDS:
            bad(("reports", index, "kind"), _not_one_of(report.kind, "report", REPORT_KINDS))
    if item.due < item.start:
        bad("due", t("check_before_start", day=item.due, start=item.start))
    for key in ("reports", "urges", "reviews", "extensions"):
        for index, record in enumerate(getattr(item, key)):
            if record.date < item.start:
                bad((key, index, "date"), t("check_before_start", day=record.date,
                                            start=item.start))
    for key in ("assigned_on", "closed_on"):
        day = getattr(item, key)
        if day is not None and day < item.start:
            bad(key, t("check_before_start", day=day, start=item.start))


def _not_one_of(value: str, field: str, keys: Any) -> str:
    """``'fax' is not one of phone(电话督查), …`` for a stored key (``names.choices``)."""
    return t("field_one_of", value=value, choices=choices(field, keys, full_width=is_zh()))


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
        rule = t("check_due_rule", due=item.due, category=item.category, start=item.start,
                 expected=expected)
        return [problem_at(path, data, "due", rule)]
    return []


def conflict_problems(data: Any, path: Path) -> list[Problem]:
    """Fields two clerks changed differently (written by the merge driver)."""
    if not isinstance(data, dict) or data.get("conflicts") in (None, [], ""):
        return []
    conflicts = data.get("conflicts")
    if not isinstance(conflicts, list):
        return [problem_at(path, data, "conflicts", t("check_conflicts_list"))]
    out = []
    for index, conflict in enumerate(conflicts):
        if not isinstance(conflict, dict):
            out.append(problem_at(path, data, ("conflicts", index), t("check_conflict_entry")))
            continue
        local, remote = (_value(conflict.get(side)) for side in ("local", "remote"))
        message = t("check_conflict", field=conflict.get("field"), local=local, remote=remote,
                    id=path.stem)
        out.append(problem_at(path, data, ("conflicts", index), message))
    return out


def _value(value: Any) -> str:
    """A stored value as a clerk reads it: a date as 2026-12-01, text quoted."""
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def check_criticism_file(ledger: Ledger, path: Path, items: Collection[str]) -> list[Problem]:
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
        out.append(problem_at(path, data, "id",
                              t("check_id_file", id=criticism.id, name=path.name)))
    for index, item_id in enumerate(criticism.items):
        if item_id not in items:
            out.append(problem_at(path, data, ("items", index),
                                  t("check_item_unknown", id=item_id)))
    out += conflict_problems(data, path)
    if ledger.config.units and criticism.unit not in ledger.config.units:
        out.append(problem_at(path, data, "unit", t("check_unit_unknown", unit=criticism.unit)))
    return out
