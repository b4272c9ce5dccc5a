"""Many clerks, one ledger: share it through the ``origin`` git remote.

``sync`` = fetch, rebase the clerk's own commits onto the remote's (other
clerks' work merged field by field by the ``merge.py`` driver), push. It
refuses a working tree with changes that are not the tool's, and never
leaves the repository in the middle of a rebase.

Ids cannot collide across clones: each clerk's clone has its own id prefix
(``duchatai clerk CODE``, kept in the clone's local git config by
``store/gitconfig.py``, never pushed),
so two clerks who register on the same morning get ``LX-2026-0007`` and
``WF-2026-0007`` instead of two ``DC-2026-0007``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duchatai.core.errors import SyncError
from duchatai.core.messages import t
from duchatai.store.git import Actor, last_lines, run_git, sync_git
from duchatai.store.gitconfig import register_driver
from duchatai.store.ledger import Ledger


@dataclass(frozen=True)
class SyncResult:
    """What a sync did."""

    pulled: int
    pushed: int
    branch: str


def _own_changes(root: Path, ledger_root: Path) -> list[str]:
    """Paths with uncommitted changes (ignored files such as the cache excluded)."""
    out = sync_git(root, "status", "--porcelain", "--", str(ledger_root)).stdout
    return [line[3:] for line in out.splitlines() if line.strip()]


def sync(ledger: Ledger, actor: Actor, *, attempts: int = 3) -> SyncResult:
    """Pull (rebase) from ``origin``, merge, push; all or nothing.

    The rebased commits keep their authors; the clerk who syncs is their committer.
    """
    env = {"GIT_COMMITTER_NAME": actor.name, "GIT_COMMITTER_EMAIL": actor.email}
    root = Path(sync_git(ledger.root, "rev-parse", "--show-toplevel").stdout.strip())
    with ledger.lock():
        register_driver(root)
        dirty = _own_changes(root, ledger.root)
        if dirty:
            raise SyncError(t("sync_dirty", files=", ".join(dirty[:5])))
        if run_git(root, "remote", "get-url", "origin", check=False).returncode != 0:
            raise SyncError(t("sync_no_origin"))
        branch = sync_git(root, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        if branch == "HEAD":
            raise SyncError(t("sync_detached"))
        pulled = pushed = 0
        for _ in range(attempts):
            sync_git(root, "fetch", "-q", "origin")
            remote_ref = f"origin/{branch}"
            has_remote = run_git(root, "rev-parse", "-q", "--verify", remote_ref, check=False)
            if has_remote.returncode == 0:
                counts = sync_git(
                    root, "rev-list", "--left-right", "--count", f"{remote_ref}...HEAD"
                )
                behind, ahead = (int(n) for n in counts.stdout.split())
                if behind:
                    _rebase(root, remote_ref, env)
                    pulled += behind
                if not ahead:
                    return SyncResult(pulled, pushed, branch)
                pushed_now = ahead
            else:
                pushed_now = int(sync_git(root, "rev-list", "--count", "HEAD").stdout.strip())
            push = run_git(root, "push", "-q", "origin", f"HEAD:{branch}", check=False)
            if push.returncode == 0:
                return SyncResult(pulled, pushed + pushed_now, branch)
            # Someone pushed in between: fetch and rebase again.
        raise SyncError(t("sync_push_failed", attempts=attempts))


def _rebase(root: Path, upstream: str, env: dict[str, str]) -> None:
    result = run_git(root, "rebase", "-q", upstream, check=False, env=env)
    if result.returncode == 0:
        return
    conflicted = run_git(root, "diff", "--name-only", "--diff-filter=U", check=False).stdout.split()
    run_git(root, "rebase", "--abort", check=False)
    if not conflicted:
        raise SyncError(t("sync_git_failed", command="rebase", error=last_lines(result)))
    raise SyncError(t("sync_conflict", files=", ".join(conflicted)))
