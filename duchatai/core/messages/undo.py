"""Taking back a change (``undo``), registrations far in the past, and re-assigning
(issue 15: undo, ``register --backdate``, ``assign``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- undo ----------------------------------------------------------------
    "undone": (
        "已撤销上一步：{subject}（提交 {commit}）；已另记一次撤销提交",
        "undone: {subject} (commit {commit}); recorded as a new undo commit",
    ),
    "undo_nothing": (
        "没有可撤销的操作：台账还没有提交",
        "nothing to undo: the ledger has no commit",
    ),
    "undo_synced": (
        "不能撤销“{subject}”：它已同步到 {upstream}，其他督查员可能已据此办理；请另做一次修改",
        "will not undo “{subject}”: it is already synced to {upstream}, where other clerks "
        "may have acted on it; make a new change instead",
    ),
    "undo_not_yours": (
        "不能撤销“{subject}”：这是 {author} 的操作，不是 {actor} 的",
        "will not undo “{subject}”: it is {author}'s change, not {actor}'s",
    ),
    "undo_not_ours": (
        "不能撤销“{subject}”：这不是 duchatai 的操作（手工提交请用 git 自行处理）",
        "will not undo “{subject}”: it is not a duchatai change (handle hand commits with git)",
    ),
    "undo_is_undo": (
        "不能撤销“{subject}”：上一步本身就是撤销；只撤销一步",
        "will not undo “{subject}”: the last change is itself an undo; "
        "undo goes back one step only",
    ),
    # -- register --backdate -------------------------------------------------
    "start_long_ago": (
        "立项日期 {start} 早于一年前（{limit}）；如确为补录，请加 --backdate",
        "the start date {start} is more than a year ago (before {limit}); "
        "add --backdate if this is a deliberate late entry",
    ),
    "due_passed": (
        "办理时限 {due} 已过（今天 {today}）；如确为补录，请加 --backdate",
        "the due date {due} has already passed (today is {today}); "
        "add --backdate if this is a deliberate late entry",
    ),
    # -- assign ----------------------------------------------------------------
    "nothing_to_change": ("{id} 无需修改：与现状相同", "{id}: nothing to change"),
    "assign_no_lead": (
        "{id} 立项时没有主办单位，请用 --lead 指定",
        "{id} has no lead unit from its registration: give one with --lead",
    ),
    "reassigned": (
        "已交办 {id} → {unit}（改自 {previous}）",
        "assigned {id} to {unit} (taken from {previous})",
    ),
}
