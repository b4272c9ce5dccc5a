"""What a command says when it did its work, and what it warns about.

Confirmations and report headings (stdout), warnings (stderr), and the lines
that explain how a due date was found (``show``, ``calendar explain``).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "initialised": ("已新建督查台账:{path}", "ledger created: {path}"),
    "registered": ("已立项 {id},办理时限 {due}", "registered {id}, due {due}"),
    "assigned": ("已交办 {id} → {unit}", "assigned {id} to {unit}"),
    "urged": ("已催办 {id}(第{n}次)", "urged {id} (#{n})"),
    "reported": ("已记录 {id} 的报告", "report recorded for {id}"),
    "review_accepted": ("{id} 审核通过,可以办结", "{id} accepted; it can be closed"),
    "review_returned": ("{id} 已退回重新办理,新时限 {due}", "{id} returned, new due date {due}"),
    "extended": ("{id} 已延期至 {due}", "{id} extended to {due}"),
    "closed": ("{id} 已办结", "{id} closed"),
    "withdrawn": (
        "{id} 已撤销(不计入任何报表与统计,文件与历史保留)",
        "{id} withdrawn (in no report or figure; its file and history are kept)",
    ),
    "new_unit": (
        "提示:“{unit}”是新单位(台账中尚无此单位的事项)",
        "note: {unit!r} is a new unit (no item names it yet)",
    ),
    "reported_by": ("已记录 {id} 的报告({unit})", "report recorded for {id} ({unit})"),
    "archived": ("已归档 {n} 项:{ids}", "archived {n}: {ids}"),
    "milestone_added": (
        "{id} 已添加第{n}个节点任务,时限 {due}",
        "{id}: milestone {n} added, due {due}",
    ),
    "milestone_finished": ("{id} 第{n}个节点任务已完成", "{id}: milestone {n} done"),
    "list_total": ("共 {n} 项", "{n} items"),
    "overdue_title": ("{office} 超期事项晨报 {today}", "{office}: overdue items, {today}"),
    "overdue_none": ("今日无超期事项。", "Nothing is overdue today."),
    "missing_weekly": (
        "上周缺报周报(第十七条):{ids}",
        "weekly reports missing last week (art. 17): {ids}",
    ),
    "suggest_title": ("可予通报批评的单位:", "Units that are candidates for criticism:"),
    "suggest_none": ("无。", "None."),
    "due_none": ("{n} 个工作日内没有到期事项。", "Nothing is due within {n} working days."),
    "stats_title": (
        "{year} 年度各单位督查事项办理情况(截至 {today})",
        "Per-unit figures {year} (as of {today})",
    ),
    "commend": ("建议通报表扬(第十九条):{units}", "Commendation candidates (art. 19): {units}"),
    "escalation_title": (
        "{year} 年度问责情况(截至 {today})",
        "Accountability {year} (as of {today})",
    ),
    "criticized": (
        "已记录通报批评 {id}:{unit}(年度第{n}次,当前层级:{level})",
        "criticism {id} recorded for {unit} (#{n} this year, level: {level})",
    ),
    "rectified": ("{id}({unit})整改完成", "{id} ({unit}) rectified"),
    "indexing": ("正在建立索引", "indexing"),
    "index_rebuilt": (
        "缓存已重建:{n} 个事项,{broken} 个文件无法读取",
        "cache rebuilt: {n} items, {broken} unreadable files",
    ),
    "check_clean": ("台账校验通过,未发现问题。", "The ledger is valid: no problems found."),
    "written": ("已写入 {path}", "written: {path}"),
    # warnings (stderr)
    "guessed_year": (
        "警告:{year} 年的法定节假日安排缺失,按周末推算;"
        "请在 duchatai.yaml 的 calendar: 中补充 {year} 年的放假安排(complete: true)",
        "warning: no holiday schedule for {year}, counted from weekends alone; "
        "add the {year} schedule to duchatai.yaml under calendar: (complete: true)",
    ),
    "skipped_item": ("警告:已跳过 {error}", "warning: skipped {error}"),
    "skipped_file": (
        "警告:已跳过无法读取的文件 {path}:{error}",
        "warning: skipped unreadable file {path}: {error}",
    ),
    # explanation of a due date
    "explain_workdays": (
        "{start} 起第 {count} 个工作日(自次日起算)",
        "the {count}th working day after {start} (counting from the next day)",
    ),
    "explain_quarter": (
        "{start} 所在季度结束后 {count} 日内:{period_end}",
        "within {count} days after the end of the quarter of {start}: {period_end}",
    ),
    "explain_months": (
        "{start} 起 {count} 个月:{period_end}",
        "{count} months after {start}: {period_end}",
    ),
    "explain_explicit": (
        "督查通知/会议确定的时限",
        "the date set by the notice or the meeting",
    ),
    "explain_rolled": (
        "期限末日 {period_end} 非工作日,顺延至 {due}(民法典第二百零三条)",
        "{period_end} is not a working day: moved to {due} (Civil Code art. 203)",
    ),
    "explain_capped": (
        "不得超过最长期限 {cap}(最迟不得超过6个月)",
        "held at the hard cap {cap} (at most 6 months)",
    ),
    "explain_holidays": ("跨越节假日:{days}", "holidays crossed: {days}"),
    "explain_adjusted": ("跨越调休上班日:{days}", "adjusted workdays crossed: {days}"),
    "explain_guessed": (
        "{years} 年无放假安排数据,按周末推算",
        "no holiday data for {years}: counted from weekends alone",
    ),
    "explain_rule": ("依据:{article}", "rule: {article}"),
}
