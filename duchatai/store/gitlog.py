"""An item's history from git, read as data: ``log ID``'s commits (``item_log``) and the
item's file at each of them (``blobs_at``). Git runs through ``store.git.run_git``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duchatai.store.git import run_git


@dataclass(frozen=True)
class LogEntry:
    """One commit of an item's history."""

    commit: str
    author: str
    when: str
    subject: str
    path: str | None = None
    """The item's file as the commit left it, relative to the ledger (``items/ID.yaml``,
    ``archive/2026/ID.yaml``); None when the commit removed it or did not say (a merge)."""
    removed: bool = False
    """Whether the commit removed the item's file (an undone registration)."""


def item_log(root: Path, item_id: str) -> list[LogEntry]:
    """The commits that touched the item ``item_id`` (a valid id) of the ledger at
    ``root``, oldest first, following it into the archive."""
    out = run_git(
        root,
        "log",
        "--reverse",
        "--relative",
        "--no-renames",
        "--name-status",
        "--format=%x1e%H%x1f%an%x1f%ad%x1f%s",
        "--date=format:%Y-%m-%d %H:%M",
        "--",
        f":(literal)items/{item_id}.yaml",
        f":(glob)archive/*/{item_id}.yaml",
    ).stdout
    entries = []
    for chunk in out.split("\x1e")[1:]:
        header, _, changes = chunk.partition("\n")
        parts = header.split("\x1f")
        if len(parts) != 4:
            continue
        files = [line.split("\t", 1) for line in changes.splitlines() if "\t" in line]
        kept = [path for status, path in files if status != "D"]
        commit, author, when, subject = parts
        removed = bool(files) and not kept
        entries.append(LogEntry(commit, author, when, subject, kept[0] if kept else None, removed))
    return entries


def blobs_at(root: Path, wanted: list[tuple[str, str]], limit: int) -> list[bytes | None]:
    """The contents of files at commits, ``(commit, path relative to root)`` each, in order;
    None for one that is missing or larger than ``limit`` bytes (never read)."""
    specs = [f"{commit}:./{path}" for commit, path in wanted]
    if not specs:
        return []
    sizes = run_git(root, "cat-file", "--batch-check=%(objectsize)", stdin="\n".join(specs) + "\n")
    small = [
        spec
        for spec, line in zip(specs, sizes.stdout.splitlines(), strict=False)
        if line.isdigit() and int(line) <= limit
    ]
    found: dict[str, bytes] = {}
    if small:
        out = run_git(
            root, "cat-file", "--batch", stdin="\n".join(small) + "\n", errors="surrogateescape"
        ).stdout.encode("utf-8", "surrogateescape")
        at = 0
        for spec in small:  # each: "<oid> blob <size>\n<content>\n"
            end = out.index(b"\n", at)
            size = int(out[at:end].rsplit(b" ", 1)[1])
            found[spec] = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
    return [found.get(spec) for spec in specs]


# -- the last change (undo) -----------------------------------------------------
