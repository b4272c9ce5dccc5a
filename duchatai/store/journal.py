"""The write journal: a change of the ledger is whole or absent, across any crash.

A change (``Ledger.change``) runs under the ledger's lock and, before it
touches a file, records in ``<state dir>/journal.json`` (written to a temporary
file, fsynced, renamed): the commit at HEAD, each path it will touch, where the
path's original bytes are kept, the folders it will create, its pid and when it
began. The originals are hard links inside ``<state dir>/txn/`` (a copy when
the state directory sits on another file system): a link takes no disk space,
and renaming it back takes none either, so a change can be undone on a full
disk. Before staging, the git index is kept the same way (git replaces the
index by a rename, so the link keeps the old one).

Then the files are written (temporary file, fsync, rename), staged, committed,
and the journal is deleted. That deletion is the end of the change.

On any failure in the process (an exception, a full disk, SIGINT, or SIGTERM
and SIGHUP, which raise ``Interrupted`` while a change runs: ``interrupts.py``)
``undo`` puts back every original, removes the new files, folders and temporary
files, and puts back the index. A writer killed outright (SIGKILL, power cut) leaves its
journal: the next command that finds it with the lock free (the writer is
gone) undoes it the same way, unless HEAD moved past the journal's HEAD, which
means the commit landed and only the journal is left to remove.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from duchatai.core.errors import GitError
from duchatai.core.messages import t
from duchatai.store.files import fsync_dir
from duchatai.store.git import current_head, run_git
from duchatai.store.interrupts import checkpoint, signals_deferred

JOURNAL_NAME = "journal.json"
SPARE_NAME = "txn"
"""The folder of the originals and the saved index, beside the journal."""
JOURNAL_VERSION = 1


# -- the journal ----------------------------------------------------------------


class Journal:
    """The record of one change in progress (created on the first path it touches)."""

    def __init__(self, root: Path, state: Path, git_dir: Path) -> None:
        self.root = root
        self.state = state
        self.git_dir = git_dir
        self.path = state / JOURNAL_NAME
        self.spare = state / SPARE_NAME
        self.entries: list[dict[str, Any]] = []
        self.dirs: list[str] = []
        self.known: set[Path] = set()
        self.head: str | None = None
        self.started = 0.0
        self.open = False

    def _relative(self, path: Path) -> str:
        return os.path.relpath(path, self.root)

    def _begin(self, head: str | None) -> None:
        if head is None:
            head = current_head(self.root)
        if head is None:
            raise GitError(t("git_failed", error="git rev-parse HEAD"))
        self.head = head
        self.started = time.time()
        # A spare folder left by a change that ended between deleting its journal
        # and this folder holds nothing anyone needs.
        shutil.rmtree(self.spare, ignore_errors=True)
        self.spare.mkdir()
        self.open = True
        checkpoint("begun")

    def add(self, paths: Iterable[Path], *, head: str | None = None) -> list[Path]:
        """Record ``paths`` (keeping their originals) before any of them is touched.

        One journal write, fsynced, for the whole batch; returns the paths new
        to this change. ``head`` is HEAD's commit when the caller knows it
        (asked of git otherwise).
        """
        new = [p for p in dict.fromkeys(paths) if p not in self.known]
        if not new:
            return []
        if not self.open:
            self._begin(head)
        for path in new:
            original = None
            if os.path.lexists(path):
                original = f"{len(self.entries)}"
                _keep(path, self.spare / original)
            missing = path.parent
            created: list[str] = []
            while not missing.exists():
                created.append(self._relative(missing))
                missing = missing.parent
            # Outermost first, so that the undo removes them innermost first.
            self.dirs.extend(d for d in reversed(created) if d not in self.dirs)
            self.entries.append({"path": self._relative(path), "original": original})
            self.known.add(path)
        self._save()
        return new

    def _save(self) -> None:
        data = {
            "version": JOURNAL_VERSION,
            "pid": os.getpid(),
            "head": self.head,
            "started": self.started,
            "entries": self.entries,
            "dirs": self.dirs,
        }
        spare = self.path.with_name(JOURNAL_NAME + ".tmp")
        with open(spare, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(spare, self.path)
        fsync_dir(self.state)

    def keep_index(self) -> None:
        """Keep the git index as it is, before staging (undo renames it back)."""
        index = self.git_dir / "index"
        if index.exists():
            _keep(index, self.spare / "index")

    def finish(self) -> None:
        """The change is committed: forget it."""
        if self.open:
            _forget(self.state)
            self.open = False

    def undo(self, *, git_was_killed: bool) -> bool:
        """Put the work tree and the index back as they were (in this process).

        False when there was nothing to undo: the commit had landed (a signal
        that came after it) or nothing was touched yet.
        """
        if not self.open:
            return False
        data = {
            "head": self.head,
            "started": self.started,
            "entries": self.entries,
            "dirs": self.dirs,
        }
        restored = undo(
            self.root, self.state, self.git_dir, data, clear_lock=git_was_killed, wait=0.0
        )
        self.open = False
        return restored


def _keep(source: Path, target: Path) -> None:
    """Keep ``source``'s bytes at ``target``: a hard link, else a copy."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target, follow_symlinks=False)


def _put_back(kept: Path, path: Path) -> None:
    """Rename a kept original back (no disk space needed); copy it across file systems."""
    try:
        os.replace(kept, path)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        spare = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        shutil.copy2(kept, spare, follow_symlinks=False)
        os.replace(spare, path)
        os.unlink(kept)


def _forget(state: Path) -> None:
    """Delete the journal, then the spare folder.

    The deletion is not made durable (no fsync of the folder): a journal that a
    power cut brings back is harmless, since the next command compares HEAD
    with the journal's (a commit that landed is kept; otherwise it undoes the
    change again, which is idempotent).
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(state / JOURNAL_NAME)
    with contextlib.suppress(FileNotFoundError):  # a journal write cut short
        os.unlink(state / (JOURNAL_NAME + ".tmp"))
    # Last: while anything is left, the spare folder is there to say so.
    shutil.rmtree(state / SPARE_NAME, ignore_errors=True)


def _clear_index_lock(git_dir: Path, started: float, wait: float) -> bool:
    """Remove ``index.lock`` when a git of the dead change left it; True when removed.

    A lock older than the change is someone else's (a clerk's own git): left
    alone. A newer one may belong to a git process the writer started and
    that is still finishing: it gets ``wait`` seconds to go away.
    """
    lock = git_dir / "index.lock"
    deadline = time.monotonic() + wait
    while True:
        try:
            stamp = lock.stat().st_mtime
        except FileNotFoundError:
            return False
        if stamp < started:
            return False
        if time.monotonic() >= deadline:
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
            return True
        time.sleep(0.05)


def _unstage(root: Path, paths: list[Path]) -> bool:
    """``git reset`` of ``paths`` (the index entries back to HEAD's); False when it failed."""
    try:
        result = run_git(
            root,
            "reset",
            "-q",
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
            stdin="\0".join(map(str, paths)),
            check=False,
            literal=True,
        )
    except (OSError, GitError):
        return False
    return result.returncode == 0


def _inside(relative: Any) -> bool:
    """A path relative to the ledger that stays inside it."""
    if not isinstance(relative, str):
        return False
    path = os.path.normpath(relative)
    return not os.path.isabs(path) and path != ".." and not path.startswith(".." + os.sep)


def _sane(entry: Any) -> bool:
    """An entry this module wrote: a path inside the ledger, a numbered original."""
    if not isinstance(entry, dict) or not _inside(entry.get("path")):
        return False
    original = entry.get("original")
    return original is None or (isinstance(original, str) and original.isdigit())


def undo(
    root: Path,
    state: Path,
    git_dir: Path,
    data: dict[str, Any],
    *,
    clear_lock: bool,
    wait: float,
    reset_paths: bool = False,
) -> bool:
    """Undo the change ``data`` describes; False when its commit had landed (kept).

    Idempotent: an undo cut short is finished by the next one (each original
    is renamed back once; the journal goes last).
    """
    started = float(data.get("started") or 0.0)
    lock_removed = clear_lock and _clear_index_lock(git_dir, started, wait)
    entries = [e for e in data.get("entries") or [] if _sane(e)]
    paths = [root / str(e["path"]) for e in entries]
    head = current_head(root)
    landed = head is not None and data.get("head") is not None and head != data["head"]
    spare = state / SPARE_NAME
    if landed:
        if lock_removed and paths:
            _unstage(root, paths)  # git died after moving HEAD, before writing its index
    else:
        for entry, path in zip(entries, paths, strict=True):
            original = entry.get("original")
            if original is not None:
                kept = spare / str(original)
                if kept.exists() or kept.is_symlink():
                    _put_back(kept, path)
            else:
                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    path.unlink()
            stem = f".{glob.escape(path.name)}.*.tmp"
            for stray in glob.glob(os.path.join(glob.escape(str(path.parent)), stem)):
                with contextlib.suppress(OSError):
                    os.unlink(stray)
        for directory in reversed([d for d in data.get("dirs") or [] if _inside(d)]):
            with contextlib.suppress(OSError):
                (root / str(directory)).rmdir()
        kept_index = spare / "index"
        if kept_index.exists():  # staging had begun
            # Some time after a crash, a clerk may have staged other files: unstage
            # only ours. In the process itself, or when git cannot write (a full
            # disk), the index as it was is renamed back whole.
            if not (reset_paths and _unstage(root, paths)):
                os.replace(kept_index, git_dir / "index")
    _forget(state)
    return not landed


def read_journal(state: Path) -> dict[str, Any] | None:
    """The journal a change left in ``state``, or None; an unreadable one counts as empty."""
    try:
        with open(state / JOURNAL_NAME, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recover(root: Path, state: Path, git_dir: Path) -> bool:
    """Undo the change a dead writer left; call under the lock. True when there was one.

    Says so on stderr in one line.
    """
    data = read_journal(state)
    if data is None:
        if os.path.lexists(state / SPARE_NAME):
            _forget(state)  # killed before its journal was written: nothing was touched
        return False
    with signals_deferred():
        if not data:  # unreadable: nothing can be restored from it
            _forget(state)
            sys.stderr.write(t("txn_journal_unreadable", path=state / JOURNAL_NAME) + "\n")
            return True
        restored = undo(root, state, git_dir, data, clear_lock=True, wait=2.0, reset_paths=True)
    if restored:
        sys.stderr.write(t("txn_recovered", pid=data.get("pid", "?")) + "\n")
    return True


def has_journal(state: Path) -> bool:
    """Whether a change was left in ``state`` (two stats: the journal, the spare folder)."""
    return os.path.exists(state / JOURNAL_NAME) or os.path.lexists(state / SPARE_NAME)
