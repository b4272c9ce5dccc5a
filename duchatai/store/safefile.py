"""Bounded reads of ledger files: every file that git can deliver is treated as hostile.

A pushed ledger may hold a symlink to ``/dev/zero``, a FIFO, a directory named
``x.yaml`` or a 2 GB item file. ``read_bounded`` refuses all of them before
reading more than the limit: it looks at the entry itself (``lstat``, never
following a link), opens it without following links (``O_NOFOLLOW`` where the
system has it) and without blocking (a FIFO swapped in after the look), checks
the opened file again and reads at most ``limit + 1`` bytes. The refusal is an
``OSError`` whose ``strerror`` is a one-line message for the clerk, so every
reader that already reports an unreadable file reports it the same way.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
"""Item files, criticisms and the config: real ones are a few KB."""


class RefusedFile(OSError):
    """A ledger file that is not read: a link, not a regular file, or too big."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EINVAL, message)

    def __str__(self) -> str:
        return str(self.strerror)


def _refuse(kind: str, limit: int) -> RefusedFile:
    from duchatai.core.messages import t

    if kind == "link":
        return RefusedFile(t("file_symlink"))
    if kind == "big":
        shown = f"{limit >> 20} MB" if limit % (1 << 20) == 0 else f"{limit} bytes"
        return RefusedFile(t("file_too_big", limit=shown))
    return RefusedFile(t("file_not_regular"))


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
    | getattr(os, "O_CLOEXEC", 0)
)


def check_entry(mode: int, size: int, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a file by its ``lstat`` mode and size (``RefusedFile``); for scans that have them."""
    if stat.S_ISLNK(mode):
        raise _refuse("link", limit)
    if not stat.S_ISREG(mode):
        raise _refuse("other", limit)
    if size > limit:
        raise _refuse("big", limit)


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``RefusedFile`` (an ``OSError``) for a symlink, anything but a
    regular file, or a file over ``limit``; other ``OSError``s as the system
    gives them.
    """
    info = os.lstat(path)
    check_entry(info.st_mode, info.st_size, limit)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:  # became a link since the lstat (O_NOFOLLOW)
            raise _refuse("link", limit) from None
        raise
    try:
        opened = os.fstat(fd)
        # Swapped between the look and the open: judge what was opened.
        check_entry(opened.st_mode, opened.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # grew while we read
        raise _refuse("big", limit)
    return data


def lexists(path: Path) -> bool:
    """Whether anything (a file, a link, a folder) sits at ``path``."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True
