"""One change of the ledger: locked, journaled, written, one commit, or nothing at all.

Every change runs under one lock (in the state directory inside the git
directory, ``duchatai.store.statedir``), is journaled before it touches a file
(``duchatai.store.journal``), writes each file atomically (``files.py``) and
ends in one git commit; a failed or killed change is undone to the bytes and
the index it found.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from duchatai.core.errors import (
    DuchataiError,
    GitError,
    LockTimeout,
    WriteFailed,
    WriteRefused,
)
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.store import journal, statedir
from duchatai.store.files import atomic_write, fsync_dir, settle
from duchatai.store.git import Actor, commit
from duchatai.store.gitstatus import PendingStatus
from duchatai.store.interrupts import checkpoint, signals_deferred, signals_raise
from duchatai.store.journal import Journal
from duchatai.store.yamlio import dump_record

LOCK_TIMEOUT = 60.0
"""Seconds a writer waits for another to finish before giving up."""


class LedgerFiles(Protocol):
    """What a change needs of the ledger it writes (``store.ledger.Ledger`` is one)."""

    root: Path
    items_dir: Path
    include_edits: bool
    """Whether the change may commit a clerk's uncommitted edits of the files it touches."""

    def relative(self, path: Path) -> str:
        """A path as shown to users."""
        ...


def recover_on_open(root: Path) -> None:
    """Undo a change a killed writer left, when its lock is free (one stat otherwise).

    Reading commands do this too, so that no one reads a half-made change;
    when the lock is held (a writer is at work) or cannot be taken, reads
    go on: each file is whole, old or new.
    """
    state = statedir.state_dir(root, create=False)
    if state is None or not journal.has_journal(state):
        return
    found = statedir.git_dir(root)
    if found is None:  # pragma: no cover - state_dir found one
        return
    from filelock import FileLock, Timeout

    with contextlib.suppress(Timeout, OSError, DuchataiError):
        with FileLock(str(state / "lock"), timeout=0):
            journal.recover(root, state, found)


def _state_for_writing(root: Path) -> tuple[Path, Path]:
    """The state directory and git directory; ``WriteRefused`` when there is none."""
    found = statedir.git_dir(root)
    if found is None:
        raise WriteRefused(t("txn_no_git", path=root))
    state = statedir.state_dir(root)
    if state is None or not os.access(state, os.W_OK):
        raise WriteRefused(t("txn_no_state", path=found))
    return state, found


@contextlib.contextmanager
def hold_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the ledger's exclusive lock (one writer at a time); yields the state dir.

    The lock lives in the state directory, never in the work tree. Once it
    is held, a change a killed writer left is undone first.
    """
    from filelock import FileLock, Timeout

    state, found = _state_for_writing(root)
    held = FileLock(str(state / "lock"))
    try:
        held.acquire(timeout=timeout)
    except Timeout:
        raise LockTimeout(t("lock_timeout", seconds=int(timeout))) from None
    except OSError as error:
        raise WriteRefused(t("txn_no_state", path=found)) from error
    try:
        journal.recover(root, state, found)
        yield state
    finally:
        held.release()


def check_head(root: Path) -> None:
    """Refuse to write on a detached HEAD or while git is rebasing, merging...

    A commit made there is lost when the clerk aborts the operation.
    """
    found = statedir.git_dir(root)
    if found is None:  # pragma: no cover - _state_for_writing refused already
        return
    for marker, operation in _IN_PROGRESS:
        if (found / marker).exists():
            raise WriteRefused(t("txn_in_progress", operation=operation))
    try:
        with open(found / "HEAD", encoding="utf-8", errors="replace") as handle:
            symbolic = handle.read(4096).startswith("ref:")
    except OSError:
        symbolic = True  # let git say what is wrong when it commits
    if not symbolic:
        raise WriteRefused(t("txn_detached"))


@contextlib.contextmanager
def open_change(
    ledger: LedgerFiles, message: str, actor: Actor, *, held: Path | None = None
) -> Iterator[Change]:
    """One change of the ledger: locked, journaled, one commit, or nothing at all.

    ``held`` is the state directory when the caller holds the lock already (``sync``
    renumbers items in the middle of its run): the lock is not taken twice.
    """
    locked = contextlib.nullcontext(held) if held is not None else hold_lock(ledger.root)
    with locked as state:
        check_head(ledger.root)
        found = statedir.git_dir(ledger.root)
        assert found is not None
        record = Journal(ledger.root, state, found)
        change = Change(ledger, message, record)
        committed = False
        try:
            with signals_raise():
                yield change
                if change.touched:
                    checkpoint("written")
                    record.keep_index()
                    commit(
                        ledger.root,
                        change.touched,
                        change.message,
                        actor,
                        indexed=change.indexed,
                    )
                    committed = True
                    checkpoint("committed")
                record.finish()
        except BaseException as error:
            landed = committed
            with signals_deferred(), contextlib.suppress(OSError):
                # On failure the journal stays: the next command finishes the undo.
                began = record.open
                restored = record.undo(git_was_killed=not isinstance(error, Exception))
                landed = landed or (began and not restored)  # HEAD had moved
            if landed:
                return  # it failed or was signalled after its commit: the change is whole
            failure = write_failure(error, ledger.root)
            if failure is not None:
                raise failure from None
            raise


_IN_PROGRESS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
    ("BISECT_LOG", "bisect"),
)
"""Files in the git directory that say an operation is under way."""

_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_GIT_DISK_FULL = ("No space left on device", "Out of diskspace", "Disk quota exceeded")
"""How git says it ran out of space (its own wording varies by the step that failed)."""


def _disk_nearly_full(root: Path) -> bool:
    """Whether the ledger's file system has next to no space left (git's failure cause)."""
    try:
        stats = os.statvfs(root)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_failure(error: BaseException, root: Path) -> DuchataiError | None:
    """The one line for a failed write (already undone), or None to re-raise as it is."""
    if isinstance(error, GitError) and (
        any(sign in error.message for sign in _GIT_DISK_FULL) or _disk_nearly_full(root)
    ):
        return WriteFailed(t("txn_disk_full"))
    if not isinstance(error, OSError):
        return None
    if error.errno in _DISK_FULL:
        return WriteFailed(t("txn_disk_full"))
    where = error.filename or root
    if error.errno in _READ_ONLY:
        return WriteFailed(t("txn_read_only", path=where))
    return WriteFailed(t("txn_write_failed", path=where, error=error.strerror or error))


class Change:
    """The files one command writes, journaled before they are touched.

    Each path is recorded in the journal (its original kept) and checked for
    a clerk's uncommitted edits before the first byte is written; the undo is
    the journal's (``duchatai.store.journal``).
    """

    def __init__(self, ledger: LedgerFiles, message: str, journal: Journal) -> None:
        self.ledger = ledger
        self.message = message
        """The commit message; a command may set it once it knows the id."""
        self.journal = journal
        self._touched: dict[Path, None] = {}
        self.indexed: set[Path] = set()
        """The touched paths git status found in the index: committed without a ``git add``."""

    @property
    def touched(self) -> list[Path]:
        """Every path this change wrote, created or removed, in order."""
        return list(self._touched)

    def expect(self, paths: list[Path]) -> None:
        """Record many paths at once before writing them (one journal write, e.g. import)."""
        self._remember(paths)

    def _new(self, paths: list[Path]) -> list[Path]:
        """The paths this change has not recorded yet, each once."""
        return [p for p in dict.fromkeys(paths) if p not in self._touched]

    def _remember(self, paths: list[Path], asked: PendingStatus | None = None) -> None:
        """Refuse a clerk's uncommitted edits of ``paths`` and journal them, before any of
        them is touched (``asked``: the status of exactly the new ones, already started)."""
        new = self._new(paths)
        if not new:
            return
        found = (asked or PendingStatus(self.ledger.root, new)).result()
        if found.edited and not self.ledger.include_edits:
            raise WriteRefused(t("txn_hand_edit", path=self.ledger.relative(found.edited[0])))
        self.journal.add(new, head=found.head)
        self.indexed.update(found.indexed)
        checkpoint("journal")
        for path in new:
            self._touched[path] = None

    def write_record(
        self, path: Path, record: Mapping[str, Any], drop: tuple[str, ...] = ()
    ) -> None:
        """Write a record over the file at ``path`` (round-trip), atomically; the keys in
        ``drop`` are removed from the file."""
        # git status looks at the file while its new bytes are made (ruamel's round
        # trip: the longer of the two); both are done before the first byte is written.
        asked = PendingStatus(self.ledger.root, [path]) if self._new([path]) else None
        try:
            try:
                existing = path.read_bytes() if path.exists() else None
                data = dump_record(record, existing, drop)
            except Exception:
                # A hand edit is refused first, as when git was asked before the round trip.
                self._remember([path], asked)
                raise
            self._remember([path], asked)
        finally:
            if asked is not None:
                asked.cancel()  # read already, or the change was cut short (a signal)
        atomic_write(path, data)

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write a file that is not a record (a document issued), atomically."""
        self._remember([path])
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)

    def write_items(
        self, items: list[Item], progress: Callable[[int], object] | None = None
    ) -> None:
        """Write many items to their files (an import): journaled together, each file
        atomic, all made durable by one ``settle`` before the commit instead of two
        fsyncs a file. ``progress(done)`` is called every 50 items and at the end."""
        targets = [item.path or self.ledger.items_dir / f"{item.id}.yaml" for item in items]
        self._remember(targets)
        for done, (item, target) in enumerate(zip(items, targets, strict=True), 1):
            existing = target.read_bytes() if target.exists() else None
            atomic_write(target, dump_record(item.to_record(), existing), durable=False)
            item.path = target
            if progress is not None and (done % 50 == 0 or done == len(items)):
                progress(done)
        settle(targets)

    def write_item(self, item: Item, path: Path | None = None) -> Path:
        """Write an item to its file (``items/<id>.yaml`` unless ``path`` says otherwise)."""
        target = path or item.path or self.ledger.items_dir / f"{item.id}.yaml"
        self.write_record(target, item.to_record())
        item.path = target
        return target

    def move(self, source: Path, target: Path) -> None:
        """Move a file (archiving), keeping its bytes and comments."""
        self._remember([source, target])
        data = source.read_bytes()
        atomic_write(target, data)
        source.unlink()
        fsync_dir(source.parent)
