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
    # -- recurring items (register --quarterly) ---------------------------------
    "duty_quarter": ("{year}年{n}季度报告", "{year} {n} report"),
    "quarter_1": ("第一", "Q1"),
    "quarter_2": ("第二", "Q2"),
    "quarter_3": ("第三", "Q3"),
    "quarter_4": ("第四", "Q4"),
    "quarterly_needs_quarter_rule": (
        "--quarterly 只用于按季度报送的类别（{article}，如 work-report 政府工作报告）；"
        "“{category}”不是",
        "--quarterly is for a category reported after each quarter ({article}, such as "
        "work-report); “{category}” is not",
    ),
    "quarterly_with_due": (
        "--quarterly 的各季度时限按规则计算，不能同时给出 --due",
        "--quarterly computes each quarter's due date from the rule; leave out --due",
    ),
    "duty_done": ("已完成：{title}（{date}）", "done: {title} ({date})"),
}
