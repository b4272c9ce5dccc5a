"""复核 / 回头看: ``recheck`` and ``list --recheck-due`` (issue 19)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "recheck_held_or_reopen": (
        "请选择 --held（办结成立）或 --reopen --due 日期（重新交办），二者选一",
        "choose --held (the closing stands) or --reopen --due DATE (back in supervision)",
    ),
    "recheck_due_not_after": (
        "新的办理时限 {due} 须晚于今天（{today}）",
        "the new due date {due} must be after today ({today})",
    ),
    "recheck_before_close": (
        "复核日期 {date} 早于办结日期 {closed}",
        "the recheck date {date} is before the closing on {closed}",
    ),
    "recheck_reopen_needs_due": (
        "--reopen 须同时给出 --due 日期",
        "--reopen needs --due DATE",
    ),
    "rechecked_held": (
        "已复核 {id}：办结成立（{date}）",
        "rechecked {id}: the closing holds ({date})",
    ),
    "rechecked_reopened": (
        "已复核 {id}：重新交办，办理时限 {due}；事项恢复督办",
        "rechecked {id}: reopened, due {due}; back in supervision",
    ),
    "recheck_held_line": ("复核：办结成立。{finding}", "recheck: the closing holds. {finding}"),
    "recheck_reopened_line": (
        "复核：重新交办，新时限 {due}。{finding}",
        "recheck: reopened, new due {due}. {finding}",
    ),
}
