"""What a command says when it did its work, and what it warns about.

Confirmations and report headings (stdout), warnings (stderr), and the lines
that explain how a due date was found (``show``, ``calendar explain``).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "initialised": ("已新建督查台账：{path}", "ledger created: {path}"),
    "registered": ("已立项 {id}，办理时限 {due}", "registered {id}, due {due}"),
    "assigned": ("已交办 {id} → {unit}", "assigned {id} to {unit}"),
    "urged": ("已催办 {id}（第{n}次）", "urged {id} (#{n})"),
    "reported": ("已记录 {id} 的报告", "report recorded for {id}"),
    "review_accepted": ("{id} 审核通过，可以办结", "{id} accepted; it can be closed"),
    "review_returned": ("{id} 已退回重新办理，新时限 {due}", "{id} returned, new due date {due}"),
    "extended": ("{id} 已延期至 {due}", "{id} extended to {due}"),
    "closed": ("{id} 已办结", "{id} closed"),
    "withdrawn": (
        "{id} 已撤销（不计入任何报表与统计，文件与历史保留）",
        "{id} withdrawn (in no report or figure; its file and history are kept)",
    ),
    "new_unit": (
        "提示：“{unit}”是新单位（台账中尚无此单位的事项）",
        "note: {unit!r} is a new unit (no item names it yet)",
    ),
    "reported_by": ("已记录 {id} 的报告（{unit}）", "report recorded for {id} ({unit})"),
    "archived": ("已归档 {n} 项：{ids}", "archived {n}: {ids}"),
    "milestone_added": (
        "{id} 已添加第{n}个节点任务，时限 {due}",
        "{id}: milestone {n} added, due {due}",
    ),
    "milestone_finished": ("{id} 第{n}个节点任务已完成", "{id}: milestone {n} done"),
    "list_total": ("共 {n} 项", "{n} items"),
    "overdue_title": ("{office} 超期事项晨报 {today}", "{office}: overdue items, {today}"),
    "overdue_none": ("今日无超期事项。", "Nothing is overdue today."),
    "missing_weekly": (
        "上周缺报周报（第十七条）：{ids}",
        "weekly reports missing last week (art. 17): {ids}",
    ),
    "milestones_late_title": (
        "逾期节点任务（第八条 对账）：{n} 个",
        "late milestones (art. 8, ledger check): {n}",
    ),
    "milestones_due_title": (
        "{n} 个工作日内到期的节点任务：",
        "milestones due within {n} working days:",
    ),
    "suggest_title": ("可予通报批评的单位：", "Units that are candidates for criticism:"),
    "suggest_none": ("无。", "None."),
    "due_none": ("{n} 个工作日内没有到期事项。", "Nothing is due within {n} working days."),
    "stats_title": (
        "{year} 年度各单位督查事项办理情况（截至 {today}）",
        "Per-unit figures {year} (as of {today})",
    ),
    "commend": ("建议通报表扬（第十九条）：{units}", "Commendation candidates (art. 19): {units}"),
    "escalation_title": (
        "{year} 年度问责情况（截至 {today}）",
        "Accountability {year} (as of {today})",
    ),
    "criticized": (
        "已记录通报批评 {id}:{unit}（年度第{n}次，当前层级：{level}）",
        "criticism {id} recorded for {unit} (#{n} this year, level: {level})",
    ),
    "rectified": ("{id}（{unit}）整改完成", "{id} ({unit}) rectified"),
    "indexing": ("正在建立索引", "indexing"),
    "index_rebuilt": (
        "缓存已重建：{n} 个事项，{broken} 个文件无法读取",
        "cache rebuilt: {n} items, {broken} unreadable files",
    ),
    "check_clean": ("台账校验通过，未发现问题。", "The ledger is valid: no problems found."),
    "written": ("已写入 {path}", "written: {path}"),
    # warnings (stderr)
    "guessed_year": (
        "警告：{year} 年的法定节假日安排缺失，按周末推算；"
        "请在 duchatai.yaml 的 calendar: 中补充 {year} 年的放假安排（complete: true）",
        "warning: no holiday schedule for {year}, counted from weekends alone; "
        "add the {year} schedule to duchatai.yaml under calendar: (complete: true)",
    ),
    "skipped_item": ("警告：已跳过 {error}", "warning: skipped {error}"),
    "skipped_file": (
        "警告：已跳过无法读取的文件 {path}:{error}",
        "warning: skipped unreadable file {path}: {error}",
    ),
    # explanation of a due date
    "explain_workdays": (
        "{start} 起第 {count} 个工作日（自次日起算）",
        "the {count}th working day after {start} (counting from the next day)",
    ),
    "explain_quarter": (
        "{start} 所在季度结束后 {count} 日内：{period_end}",
        "within {count} days after the end of the quarter of {start}: {period_end}",
    ),
    "explain_months": (
        "{start} 起 {count} 个月：{period_end}",
        "{count} months after {start}: {period_end}",
    ),
    "explain_explicit": (
        "督查通知/会议确定的时限",
        "the date set by the notice or the meeting",
    ),
    "explain_rolled": (
        "期限末日 {period_end} 非工作日，顺延至 {due}（民法典第二百零三条）",
        "{period_end} is not a working day: moved to {due} (Civil Code art. 203)",
    ),
    "explain_capped": (
        "不得超过最长期限 {cap}（最迟不得超过6个月）",
        "held at the hard cap {cap} (at most 6 months)",
    ),
    "duty_title": ("周报制（第十七条）", "Weekly reporting duty (art. 17)"),
    "duty_registered": (
        "立项时确定实行周报制：自 {since} 所在周起每周报送周报",
        "registered on the weekly duty: a weekly report every week from the week of {since}",
    ),
    "duty_after_progress": (
        "{progress} 已回复进展情况，答复了首个时限（第十六条），但事项尚未办结："
        "自 {since} 所在周起每周报送周报",
        "the progress reply of {progress} answered the first limit (art. 16) but did not"
        " finish the item: a weekly report every week from the week of {since}",
    ),
    "duty_until": (
        "直至办理结果审核通过或办结",
        "until a result report is accepted or the item is closed",
    ),
    "duty_ended": ("已于 {ended} 结束（审核通过或办结）", "ended on {ended} (accepted or closed)"),
    "duty_missed": ("缺报周报 {n} 周：{weeks}", "{n} weekly reports missing: {weeks}"),
    "explain_cap_day_off": (
        "最长期限 {cap} 非工作日，不得顺延越限，提前至此前最后一个工作日 {due}",
        "the cap {cap} is not a working day and may not be crossed:"
        " due on the last working day before it, {due}",
    ),
    "explain_holidays": ("跨越节假日：{days}", "holidays crossed: {days}"),
    "explain_adjusted": ("跨越调休上班日：{days}", "adjusted workdays crossed: {days}"),
    "explain_guessed": (
        "{years} 年无放假安排数据，按周末推算",
        "no holiday data for {years}: counted from weekends alone",
    ),
    "explain_rule": ("依据：{article}", "rule: {article}"),
}
