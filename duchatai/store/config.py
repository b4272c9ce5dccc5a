"""The ledger's settings (``duchatai.yaml``) and the kept parses of small YAML files."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duchatai.core.dates import MAX_WORKDAYS
from duchatai.core.errors import LedgerBroken
from duchatai.core.model import ID_PATTERN
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.safefile import read_bounded
from duchatai.store.yamlio import first_line, parse_yaml, yaml_error_line


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
    doc_prefix: str = "督查"
    """The 发文字号's prefix: ``济政督`` numbers documents 济政督〔2026〕12号."""
    bulletin_title: str = "督查专报"
    """The bulletin's name in its head (第十九条: 《济南政务督查》)."""
    contact: str = ""
    """联系人及电话, printed on notices and slips."""
    unit_addresses: dict[str, str] = field(default_factory=dict)
    """Where each unit's reminders go: ``units:`` as a mapping of name to address."""
    assessment: dict[str, Any] = field(default_factory=dict)
    """The weights of ``assess`` (``core.scoring``), checked when used."""
    mail: dict[str, Any] = field(default_factory=dict)
    """The SMTP settings of ``remind --send`` (``mail:``), checked when used."""


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
        raise LedgerBroken(t("config_broken", path=where, error=first_line(error))) from None
    if not isinstance(raw, dict):
        raise LedgerBroken(t("config_broken", path=path, error="not a mapping"))
    try:
        config = Config(
            office=str(raw.get("office") or "督查室"),
            lang=str(raw.get("lang") or "zh"),
            id_prefix=str(raw.get("id_prefix") or "DC"),
            warn_workdays=_whole(raw, "warn_workdays", 3),
            approach_workdays=_whole(raw, "approach_workdays", 0),
            rules=dict(raw.get("rules") or {}),
            calendar=dict(raw.get("calendar") or {}),
            units=[str(u) for u in raw.get("units") or []],
            doc_prefix=_one_line(raw, "doc_prefix", "督查"),
            bulletin_title=_one_line(raw, "bulletin_title", "督查专报"),
            contact=_one_line(raw, "contact", ""),
            unit_addresses=_addresses(raw.get("units")),
            mail=dict(raw.get("mail") or {}),
            assessment=dict(raw.get("assessment") or {}),
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


def _one_line(raw: dict[str, Any], key: str, default: str) -> str:
    """A short text setting printed on documents: one line, at most 60 characters."""
    value = str(raw.get(key) or default).strip()
    if len(value) > 60 or any(ch in value for ch in "\n\r\t") or not value.isprintable():
        raise ValueError(f"{key}: one line of at most 60 printable characters expected")
    return value


def _addresses(units: Any) -> dict[str, str]:
    """``units:`` as a mapping: name to a mail address, or to ``{email: ...}``."""
    if not isinstance(units, dict):
        return {}
    found = {}
    for name, value in units.items():
        if isinstance(value, dict):
            value = value.get("email")
        if value:
            found[str(name)] = str(value).strip()
    return found


def _whole(raw: dict[str, Any], name: str, default: int) -> int:
    """A whole-number setting; ``ValueError`` naming it (``check`` finds its line)."""
    from duchatai.core.messages import t

    value = raw.get(name, default)
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {t('field_whole', value=value)}") from None


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
