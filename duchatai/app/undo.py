"""撤销: take back this clerk's last change while it is still only in this clone.

The change is undone by a new commit that puts back what it changed (a
``git revert`` in effect: history is never rewritten), through one
``Ledger.change`` (locked, journaled, all or nothing). Refused, with the
reason, when the last commit is already synced (in the branch's upstream,
or ``origin/<branch>``; with no remote every local commit is unsynced), is
another clerk's, is not a duchatai change, or is itself an undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duchatai.app.step import Context
from duchatai.core.errors import WriteRefused
from duchatai.core.itemlog import STEPS, UNDO, first_word
from duchatai.core.messages import t
from duchatai.store.git import LastCommit, is_ancestor, last_commit, restore, upstream_of
from duchatai.store.statedir import work_tree


@dataclass(frozen=True)
class Undone:
    """What ``undo`` took back: the commit and its subject."""

    commit: str
    subject: str


def _refusal(ctx: Context, top: Path, last: LastCommit | None) -> str | None:
    """Why ``last`` may not be undone by the actor now, or None when it may."""
    if last is None or first_word(last.subject) == "init":
        return t("undo_nothing")
    subject = last.subject
    upstream = upstream_of(top)
    if upstream is not None and is_ancestor(top, last.commit, upstream):
        return t("undo_synced", subject=subject, upstream=upstream)
    if first_word(subject) == UNDO:
        return t("undo_is_undo", subject=subject)
    if not _ours(ctx, top, last):
        return t("undo_not_ours", subject=subject)
    if last.author != ctx.actor.name:
        return t("undo_not_yours", subject=subject, author=last.author, actor=ctx.actor.name)
    return None


def _ours(ctx: Context, top: Path, last: LastCommit) -> bool:
    """Whether ``last`` looks like a duchatai command's commit: one parent, a step's
    subject, and only files inside the ledger changed."""
    if len(last.parents) != 1 or first_word(last.subject) not in STEPS or not last.changed:
        return False
    ledger = ctx.ledger.root.resolve()
    return all((top / path).resolve().is_relative_to(ledger) for _, path in last.changed)


def undo(ctx: Context) -> Undone:
    """Undo the actor's last change, not yet synced, by a new commit ``undo <subject>``."""
    ledger = ctx.ledger
    top = work_tree(ledger.root)
    if top is None:
        raise WriteRefused(t("txn_no_git", path=ledger.root))
    with ledger.change("", ctx.actor) as change:
        # Under the lock: no other writer moves HEAD between the look and the undo.
        last = last_commit(top)
        why = _refusal(ctx, top, last)
        if why is not None or last is None:
            raise WriteRefused(why or t("undo_nothing"))
        change.expect([top / path for _, path in last.changed])
        back = [path for kind, path in last.changed if kind != "A"]
        if back:
            restore(top, last.parents[0], back)
        for kind, path in last.changed:
            if kind == "A":
                (top / path).unlink(missing_ok=True)
        change.message = f"{UNDO} {last.subject}\n\nThis reverts commit {last.commit}."
    return Undone(last.commit, last.subject)
