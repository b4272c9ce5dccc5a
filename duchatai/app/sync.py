"""Many clerks, one ledger: share it through the ``origin`` git remote.

``sync`` = fetch; repair ids taken on both sides (``renumber.py``); merge the
remote branch into the clerk's (``git merge``: the driver of ``merge.py``
sees the clerk's version as *local* and the shared one as *remote*, field by
field); push. A field both sides changed differently is kept under
``conflicts:`` with who changed it and when (``conflicts.py``); ``sync``
names each on stderr and exits 4 until a clerk resolves them. It refuses a
working tree with changes that are not the tool's, and never leaves the
repository in the middle of a merge.

Clerk codes (``duchatai clerk CODE``, kept in the clone's local git config by
``store/gitconfig.py``, never pushed) make ids that never collide: two clerks
who register on the same morning get ``LX-2026-0007`` and ``WF-2026-0007``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from duchatai.app.conflicts import Conflict, open_conflicts, stamp_merge
from duchatai.app.renumber import Renumbered, repair
from duchatai.app.renumber_documents import repair_documents
from duchatai.core.errors import SyncError
from duchatai.core.messages import t
from duchatai.store.git import Actor, git_said, last_lines, run_git, sync_git
from duchatai.store.gitconfig import register_driver
from duchatai.store.ledger import Ledger


@dataclass(frozen=True)
class SyncResult:
    """What a sync did, and the conflicts the ledger holds after it."""

    pulled: int
    pushed: int
    branch: str
    renumbered: list[Renumbered] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def _own_changes(root: Path, ledger_root: Path) -> list[str]:
    """Paths with uncommitted changes (ignored files such as the cache excluded)."""
    out = sync_git(root, "status", "--porcelain", "--", str(ledger_root)).stdout
    return [line[3:] for line in out.splitlines() if line.strip()]


def _prepare(ledger: Ledger, root: Path) -> str:
    """Refuse what sync cannot start from; the branch to share."""
    register_driver(root)
    dirty = _own_changes(root, ledger.root)
    if dirty:
        raise SyncError(t("sync_dirty", files=", ".join(dirty[:5])))
    if run_git(root, "remote", "get-url", "origin", check=False).returncode != 0:
        raise SyncError(t("sync_no_origin"))
    branch = sync_git(root, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    if branch == "HEAD":
        raise SyncError(t("sync_detached"))
    return branch


def sync(ledger: Ledger, actor: Actor, *, attempts: int = 3) -> SyncResult:
    """Fetch from ``origin``, repair taken ids, merge, push; all or nothing.

    The clerk's commits keep their authors; the merge commit is the clerk's who syncs.
    """
    env = {
        "GIT_AUTHOR_NAME": actor.name,
        "GIT_AUTHOR_EMAIL": actor.email,
        "GIT_COMMITTER_NAME": actor.name,
        "GIT_COMMITTER_EMAIL": actor.email,
    }
    root = Path(sync_git(ledger.root, "rev-parse", "--show-toplevel").stdout.strip())
    with ledger.lock() as held:
        branch = _prepare(ledger, root)
        pulled = 0
        renumbered: list[Renumbered] = []
        for _ in range(attempts):
            sync_git(root, "fetch", "-q", "origin")
            remote_ref = f"origin/{branch}"
            has_remote = run_git(root, "rev-parse", "-q", "--verify", remote_ref, check=False)
            if has_remote.returncode == 0:
                counts = sync_git(
                    root, "rev-list", "--left-right", "--count", f"{remote_ref}...HEAD"
                )
                behind, ahead = (int(n) for n in counts.stdout.split())
                if behind and ahead:
                    renumbered += repair(ledger, actor, held, root, remote_ref)
                    renumbered += repair_documents(ledger, actor, held, root, remote_ref)
                    _merge(root, remote_ref, env)
                elif behind:
                    sync_git(root, "merge", "-q", "--ff-only", remote_ref)
                pulled += behind
                if not ahead:
                    return SyncResult(pulled, 0, branch, renumbered, open_conflicts(ledger))
                count = sync_git(root, "rev-list", "--count", f"{remote_ref}..HEAD")
            else:
                count = sync_git(root, "rev-list", "--count", "HEAD")
            push = run_git(root, "push", "-q", "origin", f"HEAD:{branch}", check=False)
            if push.returncode == 0:
                found = open_conflicts(ledger)
                return SyncResult(pulled, int(count.stdout), branch, renumbered, found)
            if _refused_by_server(push.stderr):
                raise SyncError(t("sync_git_failed", command="push", error=git_said(push)))
            # Someone pushed in between: fetch and merge again.
        raise SyncError(t("sync_push_failed", attempts=attempts))


def _refused_by_server(said: str) -> bool:
    """Whether the remote refused the push itself (its hook), not for being behind."""
    return "pre-receive hook declined" in said or "hook declined" in said


def _merge(root: Path, upstream: str, env: dict[str, str]) -> None:
    """Merge ``upstream`` into HEAD field by field, stamp the new conflicts with who and
    when, and commit; on any failure the merge is undone."""
    result = run_git(root, "merge", "-q", "--no-ff", "--no-commit", upstream, check=False, env=env)
    conflicted = run_git(root, "diff", "--name-only", "--diff-filter=U", check=False).stdout
    merging = run_git(root, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False)
    if conflicted.strip() or merging.returncode != 0:
        run_git(root, "merge", "--abort", check=False)
        if not conflicted.strip():
            raise SyncError(t("sync_git_failed", command="merge", error=last_lines(result)))
        raise SyncError(t("sync_conflict", files=", ".join(conflicted.split())))
    try:
        stamp_merge(root)
        message = f"sync: merge {upstream}"
        done = run_git(root, "commit", "-q", "--no-edit", "-m", message, check=False, env=env)
        if done.returncode != 0:
            raise SyncError(t("sync_git_failed", command="commit", error=git_said(done)))
    except BaseException:
        run_git(root, "merge", "--abort", check=False)
        raise
