"""Conflicts between clerks: found by ``sync``, shown everywhere, settled by ``resolve``.

A field both clerks changed differently is kept in the record's ``conflicts:``
(``merge.py``): ``field``, ``local`` and ``remote`` values, their ``base``, and
who changed each side and when (``local_by``/``local_on``,
``remote_by``/``remote_on``), stamped by ``sync`` before it commits the
merge. The field holds the local value until ``resolve ID --take
local|remote|FIELD=VALUE`` settles it in one commit, which removes the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duchatai.app.step import Context
from duchatai.core.criticism import Criticism
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.store.files import atomic_write
from duchatai.store.git import run_git
from duchatai.store.ledger import Ledger
from duchatai.store.safefile import read_bounded
from duchatai.store.yamlio import dump_record, parse_yaml

SIDES = ("local", "remote")


@dataclass(frozen=True)
class Conflict:
    """One field of one record that two clerks changed differently."""

    record: str
    field: str
    local: Any
    remote: Any
    local_by: str
    local_on: str
    remote_by: str
    remote_on: str


def _entries(data: Any) -> list[dict[str, Any]]:
    value = data.get("conflicts") if isinstance(data, dict) else None
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        return []  # a malformed list is ``check``'s to name
    return value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def conflicts_of(data: Any, record: str) -> list[Conflict]:
    """The conflicts a parsed record holds."""
    unknown = t("conflict_unknown")
    return [
        Conflict(
            record,
            str(e.get("field")),
            e.get("local"),
            e.get("remote"),
            str(e.get("local_by") or unknown),
            _shown(e.get("local_on") or unknown),
            str(e.get("remote_by") or unknown),
            _shown(e.get("remote_on") or unknown),
        )
        for e in _entries(data)
    ]


def open_conflicts(ledger: Ledger) -> list[Conflict]:
    """Every conflict the ledger's items and criticisms hold, by record id."""
    found: list[Conflict] = []
    for path in [*ledger.item_files(), *ledger.criticism_files()]:
        try:
            raw = read_bounded(path)
            if b"conflicts:" not in raw:
                continue
            found += conflicts_of(parse_yaml(raw), path.stem)
        except Exception:
            continue  # a broken file is ``check``'s to name
    return found


def describe(conflict: Conflict) -> str:
    """The line ``sync`` says of a conflict."""
    return t(
        "conflict_line",
        id=conflict.record,
        field=conflict.field,
        local=_shown(conflict.local),
        remote=_shown(conflict.remote),
        local_by=conflict.local_by,
        local_on=conflict.local_on,
        remote_by=conflict.remote_by,
        remote_on=conflict.remote_on,
    )


# -- during the merge: who changed each side, and when ----------------------------------


def _field_at(top: Path, ref: str, path: str, field: str) -> Any:
    shown = run_git(top, "show", f"{ref}:{path}", check=False)
    try:
        data = parse_yaml(shown.stdout) if shown.returncode == 0 else None
    except Exception:
        return None
    return data.get(field) if isinstance(data, dict) else None


def _who_changed(top: Path, path: str, field: str, tip: str, other: str) -> tuple[str, str]:
    """Who last changed ``field`` of ``path`` on the side of ``tip`` (since ``other``), and
    when: the newest commit of that side (merges aside) whose version of the field differs
    from its parent's."""
    out = run_git(
        top, "log", "--no-merges", "--format=%H%x1f%an%x1f%ad", "--date=format:%Y-%m-%d %H:%M",
        tip, f"^{other}", "--", path, check=False, literal=True,
    ).stdout
    for line in out.splitlines():
        commit, who, when = (line.split("\x1f") + ["", ""])[:3]
        if _field_at(top, commit, path, field) != _field_at(top, f"{commit}^", path, field):
            return who, when
    return "", ""


def stamp_merge(top: Path) -> None:
    """Add who and when to every new conflict of the merge in progress, and stage it."""
    changed = run_git(top, "diff", "--cached", "--name-only", "-z", "HEAD").stdout
    for name in filter(None, changed.split("\0")):
        path = top / name
        if not name.endswith(".yaml") or not path.is_file():
            continue
        raw = read_bounded(path)
        data = parse_yaml(raw) if b"conflicts:" in raw else None
        entries = [e for e in _entries(data) if "local_by" not in e]
        if not entries:
            continue
        for entry in entries:
            field = str(entry.get("field"))
            local = _who_changed(top, name, field, "HEAD", "MERGE_HEAD")
            remote = _who_changed(top, name, field, "MERGE_HEAD", "HEAD")
            entry["local_by"], entry["local_on"] = local
            entry["remote_by"], entry["remote_on"] = remote
        atomic_write(path, dump_record({"conflicts": _entries(data)}, raw))
        run_git(top, "add", "--", name, literal=True)


# -- resolve ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What ``--take`` says: one side for every field, and values of named fields."""

    side: str | None
    values: dict[str, str]


def parse_takes(takes: list[str]) -> Choice:
    """``--take local``, ``--take remote`` or ``--take FIELD=VALUE`` (repeatable)."""
    side: str | None = None
    values: dict[str, str] = {}
    for take in takes:
        word = take.strip()
        if word.lower() in SIDES:
            if side is not None and side != word.lower():
                raise InvalidInput(t("resolve_two_sides"))
            side = word.lower()
            continue
        name, equals, value = word.partition("=")
        if not equals or not name.strip():
            raise InvalidInput(t("resolve_bad_take", take=take))
        values[name.strip()] = value.strip()
    return Choice(side, values)


def _typed(text: str, like: Any) -> Any:
    """A typed value of the field's kind: text stays text; a date or number is parsed."""
    if isinstance(like, str) or like is None:
        return text
    try:
        return parse_yaml(text)
    except Exception:
        return text


def _settled(item_id: str, entries: list[dict[str, Any]], choice: Choice) -> dict[str, Any]:
    """The value each field in conflict takes."""
    fields = [str(e.get("field")) for e in entries]
    for name in choice.values:
        if name not in fields:
            raise InvalidInput(
                t("resolve_not_in_conflict", id=item_id, field=name, fields=", ".join(fields))
            )
    left = [f for f in fields if f not in choice.values]
    if left and choice.side is None:
        raise InvalidInput(t("resolve_uncovered", id=item_id, fields=", ".join(left)))
    record: dict[str, Any] = {}
    for entry in entries:
        name = str(entry.get("field"))
        if name in choice.values:
            record[name] = _typed(choice.values[name], entry.get("local"))
        else:
            record[name] = entry.get(choice.side or "local")
    return record


def resolve(ctx: Context, record_id: str, takes: list[str]) -> tuple[str, list[str]]:
    """Settle the conflicts of one item, or of one criticism (``TB-2026-0001``), in one
    commit; its id and the fields settled."""
    ledger = ctx.ledger
    record_id = ledger.check_id(record_id)
    choice = parse_takes(takes)
    with ledger.change("", ctx.actor) as change:
        criticism = _criticism_path(ledger, record_id)
        path = criticism or ledger.find_path(record_id)
        if criticism is None:
            ledger.read_item(path)  # a broken file is refused with its line
        data = parse_yaml(read_bounded(path))
        entries = _entries(data)
        if not entries:
            raise InvalidInput(t("resolve_none", id=record_id))
        record = _settled(record_id, entries, choice)
        _checked(record_id, {**data, **record}, path, criticism is not None)
        change.write_record(path, record, drop=("conflicts",))
        how = [f"{k}={choice.values[k] if k in choice.values else choice.side}" for k in record]
        change.message = f"resolve {record_id}: " + ", ".join(how)
    return record_id, list(record)


def _criticism_path(ledger: Ledger, record_id: str) -> Path | None:
    """The file of the criticism ``record_id`` names (``criticisms/<year>/<id>.yaml``), when
    there is one: a criticism's id and an item's can share a form."""
    year = record_id.split("-")[1]
    path = ledger.root / "criticisms" / year / f"{record_id}.yaml"
    return path if path.is_file() and not path.is_symlink() else None


def _checked(item_id: str, data: dict[str, Any], path: Path, criticism: bool) -> None:
    """Refuse settled values the record cannot hold (``InvalidInput`` naming the value)."""
    data.pop("conflicts", None)
    try:
        if criticism:
            Criticism.from_record(data, path)
        else:
            Item.from_record(data, path)
    except (ValueError, TypeError) as error:
        field = getattr(error, "field", ("?",))
        name = field[0] if isinstance(field, tuple) and field else "?"
        raise InvalidInput(
            t("resolve_bad_value", id=item_id, field=name, value=data.get(str(name)), error=error)
        ) from None
