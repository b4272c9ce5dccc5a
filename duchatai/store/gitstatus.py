"""What ``git status`` says of the files a change will touch, asked in the background.

Before a change writes a file it must know HEAD's commit (for its journal),
whether the file holds a clerk's uncommitted edits (refused), and whether the
file is in the index (then ``git commit -- PATH`` takes it without a ``git
add``). One ``git status`` says all three; it runs while the change prepares
the file's new bytes, and is read before the first byte is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from duchatai.store.git import GitProcess, finish_git, start_git, stop_git
from duchatai.store.statedir import work_tree


@dataclass(frozen=True)
class PathStatus:
    """What one ``git status`` says of the paths a change will touch."""

    head: str | None
    """HEAD's commit ("" before the first); None when git did not say."""
    edited: list[Path]
    """The paths that differ from HEAD (modified, staged, deleted or untracked)."""
    indexed: list[Path]
    """The paths known to be in the index, so that ``git commit -- PATH`` takes them
    without a ``git add`` first (a new, untracked or ignored file needs one)."""


class PendingStatus:
    """One ``git status`` of the paths a change will touch, started in the background:
    the change prepares its bytes while git looks, and asks ``result`` before it
    writes anything."""

    def __init__(self, root: Path, paths: list[Path]) -> None:
        self.root = root
        self.paths = paths
        # Few paths: name them; many (an import): ask about the ledger once and filter.
        self.few = len(paths) <= 100
        specs = [str(p) for p in paths] if self.few else [str(root)]
        self.process: GitProcess | None = start_git(
            root,
            "--no-optional-locks",  # a status must not need to write the index (full disk)
            "status",
            "--porcelain=v2",
            "--branch",
            "-z",
            "--untracked-files=all",
            # Ignored files are named ("!"), so that a file status does not mention is
            # known to be tracked and clean; many paths (an import): none asked for.
            "--ignored=matching" if self.few else "--ignored=no",
            "--",
            *specs,
            literal=True,
        )

    def result(self) -> PathStatus:
        """What git said (waiting for it): HEAD, the edited paths, the indexed ones."""
        assert self.process is not None, "a status is read once"
        process, self.process = self.process, None
        out = finish_git(process)
        wanted = {os.path.join(os.path.realpath(p.parent), p.name): p for p in self.paths}
        top = work_tree(self.root)
        head, found = _read_status(out, top, wanted)
        edited = [path for path, kind in found.items() if kind != "!"]
        indexed: list[Path] = []
        if self.few and top is not None:  # else nothing is known: every path is staged
            for path in self.paths:
                kind = found.get(path)
                # In the index: a tracked file status does not mention (it is clean and
                # there), or one it says is changed but still in the index.
                if kind is None and os.path.lexists(path) or kind == "1+":
                    indexed.append(path)
        return PathStatus(head, edited, indexed)

    def cancel(self) -> None:
        """Stop git when its answer is no longer wanted (the change failed first)."""
        if self.process is not None:
            process, self.process = self.process, None
            stop_git(process)


_FIELDS = {"1": 8, "2": 9, "u": 10, "?": 1, "!": 1}
"""Porcelain v2: the path is the last field, after 8 (1), 9 (2) or 10 (u) fields."""


def _read_status(
    out: str, top: Path | None, wanted: dict[str, Path]
) -> tuple[str | None, dict[Path, str]]:
    """HEAD's commit and, for each wanted path status names, its kind: ``1+`` (changed,
    still in the index), ``1-`` (changed, removed from the index or renamed), ``u``
    (unmerged), ``?`` (untracked) or ``!`` (ignored)."""
    found: dict[Path, str] = {}
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
        fields = _FIELDS.get(kind)
        if fields is None or top is None:
            continue
        parts = record.split(" ", fields)
        if len(parts) <= fields:
            continue
        if kind == "2":
            index += 1  # a rename's source path follows
        name = os.path.join(os.path.realpath(top), os.path.normpath(parts[fields]))
        if name in wanted:
            if kind == "1":
                # XY: X is the index's side; "D" means staged for deletion.
                kind = "1-" if parts[1][:1] == "D" else "1+"
            elif kind == "2":
                kind = "1-"
            found[wanted[name]] = kind
    return head, found
