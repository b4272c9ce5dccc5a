"""Where duchatai keeps what is not the record: the cache, the lock, the journal.

Never in the work tree. Anything under the ledger's work tree can arrive
through ``git pull`` from any clerk who can push (``git add -f`` ignores
``.gitignore``), so nothing the tool reads back as state may live there. The
state lives inside the repository's git directory, which git never checks
out, fetches or pushes: ``<git dir>/duchatai/<ledger key>/``.

The git directory is found as git finds it, by walking up from the ledger:
a ``.git`` directory, or a ``.git`` file holding ``gitdir: PATH`` (worktrees,
submodules). Git refuses to check out any path named ``.git``, so a pulled
file cannot redirect this. A ledger outside any git repository has no state
directory: reads parse every file and writes are refused (they need git to
commit anyway).
"""

from __future__ import annotations

import os
from pathlib import Path

STATE_NAME = "duchatai"


def git_dir(root: Path) -> Path | None:
    """The git directory of the repository holding ``root`` (None outside any)."""
    found = _locate(root)
    return None if found is None else found[0]


def _locate(root: Path) -> tuple[Path, Path] | None:
    """The git directory holding ``root`` and the top of its work tree."""
    directory = os.path.abspath(root)
    while True:
        dot_git = os.path.join(directory, ".git")
        if os.path.isdir(dot_git) and not os.path.islink(dot_git):
            return Path(dot_git), Path(directory)
        if os.path.isfile(dot_git) and not os.path.islink(dot_git):
            found = _gitdir_file(dot_git, directory)
            if found is not None:
                return found, Path(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _gitdir_file(dot_git: str, directory: str) -> Path | None:
    """The target of a ``.git`` file (``gitdir: PATH``), when it names a directory."""
    try:
        with open(dot_git, encoding="utf-8") as handle:
            first = handle.read(4096).splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        return None
    if not first or not first[0].startswith("gitdir:"):
        return None
    target = os.path.join(directory, first[0][len("gitdir:") :].strip())
    return Path(os.path.abspath(target)) if os.path.isdir(target) else None


def ledger_key(root: Path, work_tree: Path) -> str:
    """A folder name for one ledger: several ledgers may share a repository."""
    try:
        relative = os.path.relpath(os.path.abspath(root), os.path.abspath(work_tree))
    except ValueError:  # another drive (Windows)
        relative = os.path.abspath(root)
    if relative == ".":
        return "root"
    import hashlib  # here: OpenSSL's import costs every start ~7 ms, and most ledgers are "root"

    digest = hashlib.sha256(relative.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"ledger-{digest}"


def state_dir(root: Path, *, create: bool = True) -> Path | None:
    """``<git dir>/duchatai/<ledger key>/`` for the ledger at ``root``; None outside git.

    Created on first use when ``create``; None too when it cannot be created
    (a read-only repository): callers then do without a cache.
    """
    found = _locate(root)
    if found is None:
        return None
    state = found[0] / STATE_NAME / ledger_key(root, found[1])
    if create:
        try:
            state.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    return state


def work_tree(root: Path) -> Path | None:
    """The top of the work tree holding ``root`` (None outside any git repository)."""
    found = _locate(root)
    return None if found is None else found[1]
