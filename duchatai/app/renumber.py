"""Ids taken twice are repaired at ``sync``: the local record gets the next free number.

Two clerks without clerk codes who register offline both take the next number
of the ledger's counter. At ``sync``, before the remote branch is merged, every
record added here since the last common commit whose id was also added
upstream is renumbered to the next number free on both sides, in one commit
that names the old and new ids; references to it (a criticism's ``items:``)
follow.

``collisions`` is the one function that finds them, for any kind of record kept
one file per number (``NumberedKind``): items and criticisms today, another
numbered record (a document number) tomorrow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from duchatai.app.merge import same_record
from duchatai.core.model import ID_PATTERN
from duchatai.store.git import Actor, run_git, sync_git
from duchatai.store.ledger import Ledger
from duchatai.store.yamlio import parse_yaml


@dataclass(frozen=True)
class NumberedKind:
    """A kind of record kept one file per id (``PREFIX-YEAR-NUMBER.yaml``): the globs of
    its files, relative to the ledger's root."""

    name: str
    globs: tuple[str, ...]


ITEMS = NumberedKind("item", ("items/*.yaml", "archive/*/*.yaml"))
CRITICISMS = NumberedKind("criticism", ("criticisms/*/*.yaml",))
KINDS = (ITEMS, CRITICISMS)


@dataclass(frozen=True)
class Collision:
    """A record added here (``path``, relative to the ledger) whose id upstream also took."""

    kind: NumberedKind
    path: str
    old: str


@dataclass(frozen=True)
class Renumbered:
    """An id changed by ``sync``."""

    old: str
    new: str


def _added(top: Path, prefix: str, base: str, tip: str) -> dict[str, str]:
    """Files added between ``base`` and ``tip`` under the ledger (``prefix`` of its root
    inside the repository): path relative to the ledger → id (the file's stem)."""
    out = sync_git(
        top, "diff", "--no-renames", "--name-only", "--diff-filter=A", "-z", base, tip,
        "--", prefix or ".",
    ).stdout
    found = {}
    for name in filter(None, out.split("\0")):
        relative = name[len(prefix) :] if prefix else name
        found[relative] = PurePosixPath(relative).stem
    return found


def _of_kind(kind: NumberedKind, relative: str) -> bool:
    return any(fnmatchcase(relative, glob) for glob in kind.globs)


def _blob(top: Path, ref: str, path: str) -> Any:
    shown = run_git(top, "show", f"{ref}:{path}", check=False)
    try:
        return parse_yaml(shown.stdout) if shown.returncode == 0 else None
    except Exception:
        return None


def collisions(
    top: Path, prefix: str, upstream: str, kinds: tuple[NumberedKind, ...] = KINDS
) -> list[Collision]:
    """Records added here since the merge base with ``upstream`` whose id was also
    added upstream since then, and which are not the same record there."""
    base = sync_git(top, "merge-base", "HEAD", upstream).stdout.strip()
    mine = _added(top, prefix, base, "HEAD")
    theirs: dict[str, str] = {}
    for relative, stem in _added(top, prefix, base, upstream).items():
        theirs.setdefault(stem, relative)
    found = []
    for relative, stem in sorted(mine.items()):
        kind = next((k for k in kinds if _of_kind(k, relative)), None)
        other = theirs.get(stem)
        if kind is None or other is None or not _of_kind(kind, other):
            continue
        here, there = _blob(top, "HEAD", prefix + relative), _blob(top, upstream, prefix + other)
        if isinstance(here, Mapping) and isinstance(there, Mapping) and same_record(here, there):
            continue  # one record that reached both sides: the merge driver joins it
        found.append(Collision(kind, relative, stem))
    return found


def _taken(top: Path, prefix: str, refs: tuple[str, ...], kind: NumberedKind) -> set[str]:
    """Every id of ``kind`` in the trees of ``refs``."""
    ids: set[str] = set()
    for ref in refs:
        out = sync_git(top, "ls-tree", "-r", "-z", "--name-only", ref, "--", prefix or ".").stdout
        for name in filter(None, out.split("\0")):
            relative = name[len(prefix) :] if prefix else name
            if _of_kind(kind, relative):
                ids.add(PurePosixPath(relative).stem)
    return ids


def next_free(old: str, taken: set[str]) -> str:
    """The next number after the highest of ``old``'s prefix and year among ``taken``."""
    match = ID_PATTERN.match(old)
    if match is None:
        raise ValueError(old)
    head = f"{match.group('prefix')}-{match.group('year')}-"
    matches = [ID_PATTERN.match(i) for i in taken if i.startswith(head)]
    numbers = [int(m.group("num")) for m in matches if m is not None]
    return f"{head}{max(numbers, default=0) + 1:04d}"


def repair(ledger: Ledger, actor: Actor, held: Path, top: Path, upstream: str) -> list[Renumbered]:
    """Renumber every local record whose id upstream took, in one commit; references
    (a criticism's ``items:``) follow. ``held``: the lock ``sync`` holds."""
    prefix = ledger_prefix(ledger.root, top)
    found = [c for c in collisions(top, prefix, upstream) if ID_PATTERN.match(c.old)]
    if not found:
        return []
    done: list[Renumbered] = []
    with ledger.change("", actor, held=held) as change:
        taken: dict[str, set[str]] = {}
        for collision in found:
            kind = collision.kind
            ids = taken.setdefault(kind.name, _taken(top, prefix, ("HEAD", upstream), kind))
            new = next_free(collision.old, ids)
            ids.add(new)
            source = ledger.root / collision.path
            target = source.with_name(f"{new}.yaml")
            change.move(source, target)
            change.write_record(target, {"id": new})
            done.append(Renumbered(collision.old, new))
        _follow_references(ledger, change, {r.old: r.new for r in done})
        change.message = "renumber " + ", ".join(f"{r.old} -> {r.new}" for r in done)
    return done


def _follow_references(ledger: Ledger, change: Any, renamed: dict[str, str]) -> None:
    """A criticism that names a renumbered item names its new id."""
    for path in ledger.criticism_files():
        try:
            data = parse_yaml(path.read_bytes())
        except Exception:
            continue  # ``check`` names a broken file; nothing to follow in it
        items = data.get("items") if isinstance(data, dict) else None
        if isinstance(items, list) and any(i in renamed for i in items):
            change.write_record(path, {"items": [renamed.get(i, i) for i in items]})


def ledger_prefix(root: Path, top: Path) -> str:
    """The ledger's folder inside the repository, as a git path prefix ("" at the top)."""
    relative = root.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else relative + "/"
