"""Refusals and errors: what is wrong and what to do about it.

Bad input (dates, numbers, ids, choices), a ledger or an item that cannot be
found or read, and the procedure's refusals (a step the item's state does not
allow, a late extension, a close before an accepted review).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_date": (
        "无法识别的{what}“{text}”；可用格式：{forms}",
        "cannot read {what} {text!r}; use one of: {forms}",
    ),
    "bad_week": (
        "无法识别的周“{text}”；请用 YYYY-Www 格式，如 2026-W48",
        "cannot read week {text!r}; use YYYY-Www, e.g. 2026-W48",
    ),
    "bad_number": (
        "{what}必须是正整数，收到“{text}”",
        "{what} must be a positive whole number, got {text!r}",
    ),
    "unknown_category": (
        "未知类别“{category}”；可选：{choices}",
        "unknown category {category!r}; choose one of: {choices}",
    ),
    "unknown_choice": (
        "{what}“{value}”无效；可选：{choices}",
        "invalid {what} {value!r}; choose one of: {choices}",
    ),
    "needs_due": (
        "类别 {category} 的时限由督查通知或会议确定（{article}），请用 --due 指定办理时限",
        "category {category} takes its deadline from the notice or meeting ({article}); "
        "give it with --due",
    ),
    "due_before_start": (
        "办理时限 {due} 早于立项日期 {start}；请检查 --due 或 --start",
        "due date {due} is before the start {start}; check --due or --start",
    ),
    "due_past_cap": (
        "办理时限 {due} 超过类别 {category} 的最长期限 {cap}（最迟不得超过6个月）",
        "due date {due} is past the hard cap {cap} of category {category} (at most 6 months)",
    ),
    "ledger_not_found": (
        "未找到督查台账（含 duchatai.yaml 的目录）；请用 --ledger 指定，或运行 duchatai init 新建",
        "no ledger found (a directory holding duchatai.yaml); pass --ledger or run duchatai init",
    ),
    "ledger_missing_dir": (
        "台账目录 {path} 不存在或不含 duchatai.yaml；请检查 --ledger，或运行 duchatai init {path}",
        "{path} is not a ledger (no duchatai.yaml); check --ledger or run duchatai init {path}",
    ),
    "ledger_exists": (
        "{path} 已经是督查台账，未作改动",
        "{path} is already a ledger; nothing changed",
    ),
    "config_broken": (
        "{path}: 配置文件有误：{error}；请修正后重试",
        "{path}: the config is invalid: {error}; fix it and retry",
    ),
    "item_broken": (
        "{path}: 事项文件无法读取：{error}；请修正该文件（duchatai check 列出全部问题）",
        "{path}: the item file cannot be read: {error}; fix it (duchatai check lists all problems)",
    ),
    "bad_id": (
        "事项编号“{id}”格式不对；应形如 {example}",
        "item id {id!r} is malformed; it looks like {example}",
    ),
    "no_item": (
        "台账中没有事项 {id}；用 duchatai list 查看现有事项",
        "no item {id} in the ledger; see duchatai list",
    ),
    "empty_text": (
        "{what}不能为空",
        "{what} must not be empty",
    ),
    "transition": (
        "事项 {id} 当前状态为“{status}”，不能{action}；此状态下可以：{allowed}",
        "item {id} is {status}: cannot {action}; allowed now: {allowed}",
    ),
    "nothing_allowed": ("无", "nothing"),
    "extend_late": (
        "延期申请应在办理时限 {due} 之前提出（第十八条），今天是 {today}；"
        "如督查室同意受理逾期申请，请加 --late",
        "an extension must be applied for before the due date {due} (第十八条), "
        "today is {today}; add --late if the office accepts it late",
    ),
    "extend_not_later": (
        "延期后的时限 {until} 应晚于当前时限 {due}",
        "the new due date {until} must be after the current one {due}",
    ),
    "file_broken": ("无法读取：{error}", "cannot be read: {error}"),
    "unknown_unit": (
        "未知单位“{unit}”，是否为：{choices}？",
        "unknown unit {unit!r}; did you mean: {choices}?",
    ),
    "unknown_unit_far": (
        "未知单位“{unit}”；duchatai.yaml 的 units 列表（{count} 个单位）中没有相近的名称，"
        "请检查拼写或把它加入 units",
        "unknown unit {unit!r}: nothing like it among the {count} units of duchatai.yaml; "
        "check the spelling or add it to units",
    ),
    "report_unit_not_on_item": (
        "“{unit}”不是事项 {id} 的主办或协办单位（主办：{lead}；协办：{co}）",
        "{unit!r} is neither the lead unit nor a co-unit of item {id} (lead: {lead}; co: {co})",
    ),
    "criticize_item_not_unit": (
        "事项 {id} 的主办、协办单位中没有“{unit}”（主办：{lead}；协办：{co}），不能因此事项批评它",
        "item {id} is not {unit!r}'s (lead: {lead}; co: {co}); it cannot ground this criticism",
    ),
    "criticize_item_withdrawn": (
        "事项 {id} 已撤销，不能作为通报批评的依据",
        "item {id} was withdrawn; it cannot ground a criticism",
    ),
    "no_criticism": (
        "台账中没有通报批评 {id}；用 duchatai escalation 查看",
        "no criticism {id} in the ledger; see duchatai escalation",
    ),
    "rectify_date": (
        "整改完成日期 {date} 应在批评日期 {criticised} 与今天 {today} 之间",
        "the rectification date {date} must lie between the criticism ({criticised}) "
        "and today ({today})",
    ),
    "already_rectified": (
        "通报批评 {id} 已于 {date} 整改完成",
        "criticism {id} was already rectified on {date}",
    ),
    "close_needs_accept": (
        "事项 {id} 的办理报告尚未审核通过，不能办结；请先 duchatai review {id} --accept",
        "item {id} has no accepted review yet; run duchatai review {id} --accept first",
    ),
    "milestone_index": (
        "事项 {id} 没有第 {n} 个节点任务（共 {count} 个）",
        "item {id} has no milestone {n} (it has {count})",
    ),
    "milestone_done": (
        "事项 {id} 的第 {n} 个节点任务已于 {date} 完成",
        "milestone {n} of item {id} was already done on {date}",
    ),
    "archive_needs_ids": (
        "请给出要归档的事项编号，或用 --closed 归档全部已办结事项",
        "name the items to archive, or use --closed for every closed item",
    ),
    "git_failed": (
        "git 提交失败，改动已撤销：{error}",
        "git commit failed, the change was undone: {error}",
    ),
    "lock_timeout": (
        "另一个 duchatai 命令正在写入台账（等待 {seconds} 秒后放弃）；请稍后重试",
        "another duchatai command is writing to the ledger (gave up after {seconds} s); retry",
    ),
    "lang_invalid": (
        "不支持的语言“{value}”；可选：zh, en",
        "unsupported language {value!r}; choose zh or en",
    ),
    "bad_milestone": (
        '无法识别的节点任务“{text}”；格式为 "日期 标题"，如 "2026-12-15 完成方案"',
        'cannot read milestone {text!r}; use "DATE title", e.g. "2026-12-15 draft plan"',
    ),
    "bad_month": (
        "无法识别的月份“{text}”；请用 YYYY-MM 格式",
        "cannot read month {text!r}; use YYYY-MM",
    ),
    "review_choose": (
        "请指定 --accept（审核通过）或 --reject --reason 理由（退回重办）之一",
        "give either --accept or --reject --reason TEXT",
    ),
}
