"""Many clerks, one ledger: share it through the ``origin`` git remote.

``sync`` = fetch, rebase the clerk's own commits onto the remote's (other
clerks' work merged field by field by the ``merge.py`` driver), push. It
refuses a working tree with changes that are not the tool's, and never
leaves the repository in the middle of a rebase.

Ids cannot collide across clones: each clerk's clone has its own id prefix
(``duchatai clerk CODE``, kept in the clone's local git config, never pushed),
so two clerks who register on the same morning get ``LX-2026-0007`` and
``WF-2026-0007`` instead of two ``DC-2026-0007``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from duchatai.core.errors import DuchataiError, InvalidInput
from duchatai.core.messages import t
from duchatai.store.ledger import Actor, Ledger

GITATTRIBUTES = (
    "# duchatai merges two clerks' versions of a ledger file field by field\n"
    "items/*.yaml merge=duchatai\n"
    "archive/*/*.yaml merge=duchatai\n"
    "criticisms/*/*.yaml merge=duchatai\n"
)
CLERK_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")


class SyncError(DuchataiError):
    """The sync could not complete; the repository is as it was before it."""


def _git(
    root: Path, *args: str, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env} if env else None,
    )
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise SyncError(t("sync_git_failed", command=args[0], error=" ".join(message[-2:])))
    return result


def driver_command() -> str:
    """The merge driver's command line: this installation's code, whatever the cwd.

    Git runs the driver through the shell with the work tree as its current
    directory, and anything in the work tree may have been pulled from another
    clerk. ``python -m duchatai`` puts the current directory first on
    ``sys.path``, so a ``duchatai/`` package committed to the ledger would be
    imported instead of the installed one. So the driver is the installed
    console script next to this interpreter, by absolute path (its
    ``sys.path`` starts with its own bin directory); failing that, this
    interpreter by absolute path with ``-I`` (isolated: no current directory,
    no ``PYTHON*`` variables on ``sys.path``), or ``-P`` (no current directory
    only) when the package is installed in the user's site directory, which
    ``-I`` leaves out.
    """
    python = Path(os.path.abspath(sys.executable))
    script = python.with_name("duchatai")
    if script.is_file() and os.access(script, os.X_OK) and _is_our_script(script):
        return f"{shlex.quote(str(script))} merge-file %O %A %B %P"
    flag = "-P" if _user_site_install() else "-I"
    return f"{shlex.quote(str(python))} {flag} -m duchatai merge-file %O %A %B %P"


def _is_our_script(script: Path) -> bool:
    """A console script of this interpreter (its ``#!`` line names it), not some other
    file that happens to be called ``duchatai``."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return False
    if not first.startswith(b"#!"):
        return False
    interpreter = first[2:].strip().split(b" ")[0]
    try:
        return os.path.samefile(interpreter, sys.executable)
    except OSError:
        return False


def _user_site_install() -> bool:
    """Whether this duchatai is imported from the user's site directory (``pip --user``)."""
    import site

    import duchatai

    try:
        user_site = Path(site.getusersitepackages()).resolve()
        return Path(duchatai.__file__).resolve().is_relative_to(user_site)
    except (OSError, TypeError, ValueError):
        return False


def register_driver(root: Path) -> None:
    """Register the merge driver in the clone's local git config (idempotent).

    Only the local config is written, which no fetch or pull can change; the
    command is replaced whenever it differs, so a clone registered by an older
    version (``python -m duchatai`` from the work tree) is fixed by its next
    ``sync``.
    """
    command = driver_command()
    current = _git(root, "config", "--local", "--get", "merge.duchatai.driver", check=False)
    if current.stdout.strip() != command:
        _git(root, "config", "--local", "merge.duchatai.name", "duchatai field-by-field merge")
        _git(root, "config", "--local", "merge.duchatai.driver", command)


def clerk_code(root: Path) -> str | None:
    """This clone's clerk code (the id prefix of the items it registers), if set."""
    result = _git(root, "config", "--local", "--get", "duchatai.clerk", check=False)
    code = result.stdout.strip()
    return code or None


def set_clerk(root: Path, code: str) -> str:
    """Set this clone's clerk code; it becomes the prefix of the ids it hands out."""
    normal = code.strip().upper()
    if not CLERK_PATTERN.match(normal):
        raise InvalidInput(t("bad_clerk", code=code))
    _git(root, "config", "--local", "duchatai.clerk", normal)
    register_driver(root)
    return normal


@dataclass(frozen=True)
class SyncResult:
    """What a sync did."""

    pulled: int
    pushed: int
    branch: str


def _own_changes(root: Path, ledger_root: Path) -> list[str]:
    """Paths with uncommitted changes (ignored files such as the cache excluded)."""
    out = _git(root, "status", "--porcelain", "--", str(ledger_root)).stdout
    return [line[3:] for line in out.splitlines() if line.strip()]


def sync(ledger: Ledger, actor: Actor, *, attempts: int = 3) -> SyncResult:
    """Pull (rebase) from ``origin``, merge, push; all or nothing.

    The rebased commits keep their authors; the clerk who syncs is their committer.
    """
    env = {"GIT_COMMITTER_NAME": actor.name, "GIT_COMMITTER_EMAIL": actor.email}
    root = Path(_git(ledger.root, "rev-parse", "--show-toplevel").stdout.strip())
    with ledger.lock():
        register_driver(root)
        dirty = _own_changes(root, ledger.root)
        if dirty:
            raise SyncError(t("sync_dirty", files=", ".join(dirty[:5])))
        if _git(root, "remote", "get-url", "origin", check=False).returncode != 0:
            raise SyncError(t("sync_no_origin"))
        branch = _git(root, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        if branch == "HEAD":
            raise SyncError(t("sync_detached"))
        pulled = pushed = 0
        for _ in range(attempts):
            _git(root, "fetch", "-q", "origin")
            remote_ref = f"origin/{branch}"
            has_remote = _git(root, "rev-parse", "-q", "--verify", remote_ref, check=False)
            if has_remote.returncode == 0:
                counts = _git(root, "rev-list", "--left-right", "--count", f"{remote_ref}...HEAD")
                behind, ahead = (int(n) for n in counts.stdout.split())
                if behind:
                    _rebase(root, remote_ref, env)
                    pulled += behind
                if not ahead:
                    return SyncResult(pulled, pushed, branch)
                pushed_now = ahead
            else:
                pushed_now = int(_git(root, "rev-list", "--count", "HEAD").stdout.strip())
            push = _git(root, "push", "-q", "origin", f"HEAD:{branch}", check=False)
            if push.returncode == 0:
                return SyncResult(pulled, pushed + pushed_now, branch)
            # Someone pushed in between: fetch and rebase again.
        raise SyncError(t("sync_push_failed", attempts=attempts))


def _rebase(root: Path, upstream: str, env: dict[str, str]) -> None:
    result = _git(root, "rebase", "-q", upstream, check=False, env=env)
    if result.returncode == 0:
        return
    conflicted = _git(root, "diff", "--name-only", "--diff-filter=U", check=False).stdout.split()
    _git(root, "rebase", "--abort", check=False)
    if not conflicted:
        error = " ".join((result.stderr or result.stdout).strip().splitlines()[-2:])
        raise SyncError(t("sync_git_failed", command="rebase", error=error))
    raise SyncError(t("sync_conflict", files=", ".join(conflicted)))
