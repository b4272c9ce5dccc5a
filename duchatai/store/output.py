"""Writing a report or an export to the file a clerk names (``--output``), safely.

``weekly --output`` and ``export --output`` are run from cron jobs and
scripts, often with a path built from a variable. What they may replace is
therefore narrow:

* only a regular file, or a file that does not exist yet, in a folder that
  exists. The path's last component is examined with ``lstat`` and never
  followed: a symbolic link, a folder, a device node (``/dev/null``,
  ``/dev/sda``), a named pipe or a socket is refused;
* never a file of the ledger itself: anything inside the ledger
  repository's git directory; any path the tool reads as records or
  configuration (``duchatai.yaml``, ``items/``, ``archive/``, ``criticisms/``,
  ``documents/``),
  the state folder of earlier versions (``.duchatai/``) and any file that
  steers git (``.gitattributes``, ``.gitignore``…), tracked or not; and any
  other file git tracks in the ledger's repository, except under
  ``reports/`` of the ledger, where the office keeps the reports it commits
  (the cron example rewrites ``reports/周报-<week>.html`` every run; git
  keeps the earlier version).
  An untracked new file elsewhere is allowed.

The bytes go to a temporary file in the target's folder, are flushed to
disk, and are renamed over the target in one step: a reader, or a kill at
any moment, sees the old file or the new one, never half of either. The
rename replaces the directory entry itself, so even a symbolic link planted
between the check and the rename is replaced, not written through.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from duchatai.core.errors import GitError, InvalidInput
from duchatai.core.messages import t
from duchatai.core.wording import listing
from duchatai.store.files import atomic_file
from duchatai.store.git import run_git

# Folders and files of a ledger that the tool reads as records or configuration (an
# output file there would be read back as a broken item or criticism), and
# ``.duchatai``, the in-tree state folder of earlier versions that ledgers still ignore.
LEDGER_DATA = (
    "items", "archive", "criticisms", "documents", "reminders", ".duchatai", "duchatai.yaml"
)

# The ledger folder of committed reports: a tracked file there may be replaced.
REPORTS_DIR = "reports"


def write_output(
    output: str, data: bytes | Iterable[bytes], ledger_root: Path | None = None
) -> Path:
    """Write ``data`` (bytes, or their parts in order) to the file ``output`` names,
    atomically; return its path.

    ``ledger_root`` is the ledger in use (None when there is none): its files
    are refused as targets. Every refusal is an ``InvalidInput`` naming the
    path and the reason; nothing is written then.
    """
    with output_file(output, ledger_root) as handle:
        for part in (data,) if isinstance(data, bytes) else data:
            handle.write(part)
    return Path(output).expanduser()


@contextlib.contextmanager
def output_file(output: str, ledger_root: Path | None = None) -> Iterator[BinaryIO]:
    """``write_output`` for bytes written as they are made (``export`` of 50,000 items):
    the target is checked first, with the same refusals, before anything is read or
    written; the file yielded is a temporary one beside it, which replaces it when the
    block ends. When the block raises, the target is left as it was and the temporary
    file removed: a failure half-way leaves no partial output.

    An ``OSError`` naming no file, or one in the target's folder, is the output's
    (a full disk, the rename refused): an ``InvalidInput`` naming the output, as
    ``write_output`` says it. One naming another file passes on as it is.
    """
    target = check_output(output, ledger_root)
    try:
        # Checked again just before the rename: what was a regular file may have been
        # swapped meanwhile (the rename would not follow a link, but a folder or device
        # put there is the clerk's to keep).
        with atomic_file(target, before_rename=lambda: _check_kind(target, output)) as handle:
            yield handle
    except OSError as error:
        if error.filename is not None and Path(str(error.filename)).parent != target.parent:
            raise
        raise InvalidInput(
            t("cannot_write", path=output, error=error.strerror or str(error))
        ) from None


def check_output(output: str, ledger_root: Path | None = None) -> Path:
    """The file ``output`` names when ``write_output`` may write it; ``InvalidInput``
    saying why not otherwise (checked before a change that ends in writing it)."""
    target = Path(output).expanduser()
    if not target.name or target.name in (".", ".."):
        raise InvalidInput(t("output_refused", path=output, reason=t("output_is_folder")))
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(t("cannot_write", path=output, error=t("no_such_folder")))
    _check_kind(target, output)
    if ledger_root is not None:
        _check_outside_ledger(folder.resolve() / target.name, ledger_root, output)
    return target


def _check_kind(target: Path, output: str) -> os.stat_result | None:
    """Refuse anything but a regular file or nothing; the last component is not followed."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InvalidInput(
            t("cannot_write", path=output, error=error.strerror or str(error))
        ) from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return info
    if stat.S_ISLNK(mode):
        reason = t("output_is_symlink")
    elif stat.S_ISDIR(mode):
        reason = t("output_is_folder")
    elif stat.S_ISFIFO(mode):
        reason = t("output_is_fifo")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        reason = t("output_is_device")
    else:
        reason = t("output_is_special")
    raise InvalidInput(t("output_refused", path=output, reason=reason))


def _check_outside_ledger(real: Path, ledger_root: Path, output: str) -> None:
    """Refuse the ledger's git directory, its tracked files and its record folders.

    ``real`` is the target with its folder resolved (symbolic links in the
    folder part followed, so ``link-to-ledger/items/x.yaml`` is caught too).
    """
    root = ledger_root.resolve()
    in_reports = False
    if _within(real, root):
        relative = real.relative_to(root)
        if relative.parts and relative.parts[0] in LEDGER_DATA:
            folders = [f"{name}/" for name in LEDGER_DATA if "." not in name]
            reason = t("output_in_ledger", places=listing([*folders, "duchatai.yaml"]))
            raise InvalidInput(t("output_refused", path=output, reason=reason))
        in_reports = len(relative.parts) > 1 and relative.parts[0] == REPORTS_DIR
    repo = _repository(root)
    if repo is None:
        return
    top, git_dirs = repo
    if any(_within(real, d) for d in git_dirs):
        raise InvalidInput(t("output_refused", path=output, reason=t("output_in_git_dir")))
    if not _within(real, top):
        return
    if any(part.startswith(".git") for part in real.relative_to(top).parts):
        raise InvalidInput(t("output_refused", path=output, reason=t("output_git_file")))
    if not in_reports and _tracked(top, real.relative_to(top)):
        raise InvalidInput(t("output_refused", path=output, reason=t("output_tracked")))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _repository(root: Path) -> tuple[Path, list[Path]] | None:
    """The top of the ledger's work tree and its git directories (own and common)."""
    try:
        result = run_git(
            root,
            "rev-parse",
            "--show-toplevel",
            "--absolute-git-dir",
            "--git-common-dir",
            check=False,
        )
    except (OSError, GitError):
        return None
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != 3:
        return None
    # --git-common-dir may be relative to the folder git ran in.
    top, *dirs = ((root / line).resolve() for line in lines)
    return top, dirs


def _tracked(top: Path, relative: Path) -> bool:
    """Whether git tracks ``relative`` (a file, or anything under it) in the work tree."""
    # A literal pathspec: a name holding * or [ must not match other files.
    result = run_git(top, "ls-files", "-z", "--", f":(literal){relative.as_posix()}", check=False)
    return result.returncode != 0 or bool(result.stdout)
