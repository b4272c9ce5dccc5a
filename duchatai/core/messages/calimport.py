"""``calendar import``: reading the State Council's holiday notice (issue 15)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "notice_no_year": (
        "读不出通知的年份：缺少标题“国务院办公厅关于YYYY年部分节假日安排的通知”",
        "cannot find the notice's year: the title "
        "“国务院办公厅关于YYYY年部分节假日安排的通知” is missing",
    ),
    "notice_no_holidays": (
        "通知中没有读到{year}年的放假安排（“一、元旦：……放假”这样的行）",
        "the notice gives no holidays for {year} (lines like “一、元旦：……放假”)",
    ),
    "notice_unreadable": (
        "读不懂通知第{line}行：{text}",
        "cannot read line {line} of the notice: {text}",
    ),
    "notice_day_both": (
        "通知把 {date} 既列为放假又列为上班",
        "the notice lists {date} both as a day off and as a workday",
    ),
    "notice_file_unreadable": (
        "无法读取通知文件 {path}：{error}",
        "cannot read the notice file {path}: {error}",
    ),
    "notice_imported": (
        "已导入{year}年节假日安排：放假{days}天，调休上班{workdays}天"
        "（calendar.{year}，complete: true）",
        "imported the {year} holiday notice: {days} days off, {workdays} adjusted workdays "
        "(calendar.{year}, complete: true)",
    ),
    "notice_unchanged": (
        "{year}年节假日安排已在台账中，未作改动",
        "the {year} holiday notice is already in the ledger; nothing changed",
    ),
}
