"""What the office reads, in Simplified Chinese (default) and English.

``set_lang`` is called once at the entry point (``--lang``, ``DUCHATAI_LANG``
or the ledger's ``lang``); library code builds user messages with ``t``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LANGS = ("zh", "en")
_lang = "zh"


def set_lang(lang: str) -> None:
    """Choose the language of everything ``t`` and the labels return."""
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "zh"


def lang() -> str:
    """The language in force."""
    return _lang


def is_zh() -> bool:
    """Whether what people read is in Chinese (the default)."""
    return _lang == "zh"


def _fmt(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def t(key: str, **kwargs: Any) -> str:
    """The message ``key`` in the current language, formatted with ``kwargs``."""
    zh, en = MESSAGES[key]
    template = en if _lang == "en" else zh
    return template.format(**{k: _fmt(v) for k, v in kwargs.items()})


def label(table: dict[str, tuple[str, str]], key: str) -> str:
    """A label from one of the label tables below; unknown keys print as themselves."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if _lang == "en" else pair[0]


CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "upper": ("上级批示交办", "Instructions from above"),
    "work-report": ("政府工作报告任务", "Government work report task"),
    "document": ("重要文件事项", "Important document"),
    "key-project": ("重点工程项目", "Key project"),
    "executive-meeting": ("常务会议决定", "Executive meeting decision"),
    "special-meeting": ("专题会议事项", "Special meeting item"),
    "plenary-meeting": ("全体会议决定", "Plenary meeting decision"),
    "leader-instruction": ("市领导批示", "City leader's instruction"),
    "npc-suggestion": ("人大代表建议", "NPC deputy suggestion"),
    "cppcc-proposal": ("政协提案", "CPPCC proposal"),
    "other": ("其他交办事项", "Other assigned item"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "registered": ("已立项", "registered"),
    "assigned": ("已交办", "assigned"),
    "reported": ("已报送", "reported"),
    "returned": ("退回重办", "returned"),
    "closed": ("已办结", "closed"),
    "archived": ("已归档", "archived"),
}

METHOD_LABELS: dict[str, tuple[str, str]] = {
    "written": ("书面督查", "written"),
    "phone": ("电话督查", "phone"),
    "meeting": ("会议督查", "meeting"),
    "onsite": ("现场督查", "on-site"),
    "joint": ("联合督查", "joint"),
    "ledger": ("对账督查", "ledger check"),
    "recheck": ("复核督查", "recheck"),
    "inspection": ("邀请视察", "inspection"),
    "research": ("督查调研", "research"),
}

REPORT_LABELS: dict[str, tuple[str, str]] = {
    "result": ("办理结果报告", "result report"),
    "progress": ("进展情况报告", "progress report"),
    "weekly": ("周报", "weekly report"),
}

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "assign": ("交办(assign)", "assign"),
    "urge": ("催办(urge)", "urge"),
    "report": ("报送报告(report)", "report"),
    "review": ("审核(review)", "review"),
    "extend": ("延期(extend)", "extend"),
    "close": ("办结(close)", "close"),
    "archive": ("归档(archive)", "archive"),
    "milestone": ("节点任务(milestone)", "milestone"),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "routine": ("日常督查", "routine"),
    "comprehensive": ("综合督查", "comprehensive"),
}

BASIS_LABELS: dict[str, tuple[str, str]] = {
    "workdays": ("工作日", "working days"),
    "quarter-end": ("季度结束后日历日", "calendar days after quarter end"),
    "months": ("个月", "months"),
    "explicit": ("通知/会议明确时限", "date set by the notice or meeting"),
}

LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "none": ("无", "none"),
    "criticism": ("通报批评", "criticism"),
    "admonition": ("诫勉谈话", "admonition talk"),
    "disciplinary": ("组织处理或纪律处分", "organisational/disciplinary handling"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # errors: what is wrong, what to do
    "bad_date": (
        "无法识别的{what}“{text}”;可用格式:{forms}",
        "cannot read {what} {text!r}; use one of: {forms}",
    ),
    "bad_week": (
        "无法识别的周“{text}”;请用 YYYY-Www 格式,如 2026-W48",
        "cannot read week {text!r}; use YYYY-Www, e.g. 2026-W48",
    ),
    "bad_number": (
        "{what}必须是正整数,收到“{text}”",
        "{what} must be a positive whole number, got {text!r}",
    ),
    "unknown_category": (
        "未知类别“{category}”;可选:{choices}",
        "unknown category {category!r}; choose one of: {choices}",
    ),
    "unknown_choice": (
        "{what}“{value}”无效;可选:{choices}",
        "invalid {what} {value!r}; choose one of: {choices}",
    ),
    "needs_due": (
        "类别 {category} 的时限由督查通知或会议确定({article}),请用 --due 指定办理时限",
        "category {category} takes its deadline from the notice or meeting ({article}); "
        "give it with --due",
    ),
    "due_before_start": (
        "办理时限 {due} 早于立项日期 {start};请检查 --due 或 --start",
        "due date {due} is before the start {start}; check --due or --start",
    ),
    "due_past_cap": (
        "办理时限 {due} 超过类别 {category} 的最长期限 {cap}(最迟不得超过6个月)",
        "due date {due} is past the hard cap {cap} of category {category} (at most 6 months)",
    ),
    "ledger_not_found": (
        "未找到督查台账(含 duchatai.yaml 的目录);请用 --ledger 指定,或运行 duchatai init 新建",
        "no ledger found (a directory holding duchatai.yaml); pass --ledger or run duchatai init",
    ),
    "ledger_missing_dir": (
        "台账目录 {path} 不存在或不含 duchatai.yaml;请检查 --ledger,或运行 duchatai init {path}",
        "{path} is not a ledger (no duchatai.yaml); check --ledger or run duchatai init {path}",
    ),
    "ledger_exists": (
        "{path} 已经是督查台账,未作改动",
        "{path} is already a ledger; nothing changed",
    ),
    "config_broken": (
        "{path}: 配置文件有误:{error};请修正后重试",
        "{path}: the config is invalid: {error}; fix it and retry",
    ),
    "item_broken": (
        "{path}: 事项文件无法读取:{error};请修正该文件(duchatai check 列出全部问题)",
        "{path}: the item file cannot be read: {error}; fix it (duchatai check lists all problems)",
    ),
    "bad_id": (
        "事项编号“{id}”格式不对;应形如 {example}",
        "item id {id!r} is malformed; it looks like {example}",
    ),
    "no_item": (
        "台账中没有事项 {id};用 duchatai list 查看现有事项",
        "no item {id} in the ledger; see duchatai list",
    ),
    "empty_text": (
        "{what}不能为空",
        "{what} must not be empty",
    ),
    "transition": (
        "事项 {id} 当前状态为“{status}”,不能{action};此状态下可以:{allowed}",
        "item {id} is {status}: cannot {action}; allowed now: {allowed}",
    ),
    "nothing_allowed": ("无", "nothing"),
    "extend_late": (
        "延期申请应在办理时限 {due} 之前提出(第十八条),今天是 {today};"
        "如督查室同意受理逾期申请,请加 --late",
        "an extension must be applied for before the due date {due} (第十八条), "
        "today is {today}; add --late if the office accepts it late",
    ),
    "extend_not_later": (
        "延期后的时限 {until} 应晚于当前时限 {due}",
        "the new due date {until} must be after the current one {due}",
    ),
    "file_broken": ("无法读取:{error}", "cannot be read: {error}"),
    "unknown_unit": (
        "未知单位“{unit}”;台账中的单位:{choices}",
        "unknown unit {unit!r}; the ledger's units: {choices}",
    ),
    "no_criticism": (
        "台账中没有通报批评 {id};用 duchatai escalation 查看",
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
        "事项 {id} 的办理报告尚未审核通过,不能办结;请先 duchatai review {id} --accept",
        "item {id} has no accepted review yet; run duchatai review {id} --accept first",
    ),
    "milestone_index": (
        "事项 {id} 没有第 {n} 个节点任务(共 {count} 个)",
        "item {id} has no milestone {n} (it has {count})",
    ),
    "milestone_done": (
        "事项 {id} 的第 {n} 个节点任务已于 {date} 完成",
        "milestone {n} of item {id} was already done on {date}",
    ),
    "archive_needs_ids": (
        "请给出要归档的事项编号,或用 --closed 归档全部已办结事项",
        "name the items to archive, or use --closed for every closed item",
    ),
    "git_failed": (
        "git 提交失败,改动已撤销:{error}",
        "git commit failed, the change was undone: {error}",
    ),
    "lock_timeout": (
        "另一个 duchatai 命令正在写入台账（等待 {seconds} 秒后放弃）；请稍后重试",
        "another duchatai command is writing to the ledger (gave up after {seconds} s); retry",
    ),
    "lang_invalid": (
        "不支持的语言“{value}”;可选:zh, en",
        "unsupported language {value!r}; choose zh or en",
    ),
    "bad_milestone": (
        '无法识别的节点任务“{text}”;格式为 "日期 标题",如 "2026-12-15 完成方案"',
        'cannot read milestone {text!r}; use "DATE title", e.g. "2026-12-15 draft plan"',
    ),
    "bad_month": (
        "无法识别的月份“{text}”;请用 YYYY-MM 格式",
        "cannot read month {text!r}; use YYYY-MM",
    ),
    "review_choose": (
        "请指定 --accept(审核通过)或 --reject --reason 理由(退回重办)之一",
        "give either --accept or --reject --reason TEXT",
    ),
    # confirmations (stdout)
    "initialised": ("已新建督查台账:{path}", "ledger created: {path}"),
    "registered": ("已立项 {id},办理时限 {due}", "registered {id}, due {due}"),
    "assigned": ("已交办 {id} → {unit}", "assigned {id} to {unit}"),
    "urged": ("已催办 {id}(第{n}次)", "urged {id} (#{n})"),
    "reported": ("已记录 {id} 的报告", "report recorded for {id}"),
    "review_accepted": ("{id} 审核通过,可以办结", "{id} accepted; it can be closed"),
    "review_returned": ("{id} 已退回重新办理,新时限 {due}", "{id} returned, new due date {due}"),
    "extended": ("{id} 已延期至 {due}", "{id} extended to {due}"),
    "closed": ("{id} 已办结", "{id} closed"),
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
    "bad_clerk": (
        "督查员代码“{code}”无效;应为1-10位大写字母或数字,以字母开头,如 LX",
        "clerk code {code!r} is invalid; use 1-10 capital letters or digits starting "
        "with a letter, e.g. LX",
    ),
    "clerk_unset": (
        "未设置督查员代码(编号使用台账前缀);多人共用台账时请运行 duchatai clerk 代码",
        "no clerk code set (ids use the ledger's prefix); set one with duchatai clerk CODE "
        "when several clerks share the ledger",
    ),
    "clerk_set": (
        "本机督查员代码:{code}(新事项编号形如 {code}-2026-0001)",
        "clerk code: {code} (new ids look like {code}-2026-0001)",
    ),
    "synced": (
        "同步完成({branch}):拉取 {pulled} 个提交,推送 {pushed} 个提交",
        "synced ({branch}): pulled {pulled} commits, pushed {pushed}",
    ),
    "sync_dirty": (
        "工作区有未提交的手工改动:{files};请先提交或撤销后再同步,未作任何改动",
        "the working tree has uncommitted changes: {files}; commit or undo them first; "
        "nothing changed",
    ),
    "sync_no_origin": (
        "台账仓库没有名为 origin 的远端;请先 git remote add origin 地址",
        "the ledger repository has no remote named origin; add one with git remote add origin URL",
    ),
    "sync_detached": (
        "仓库不在任何分支上(detached HEAD);请先 git switch 到台账分支",
        "the repository is on no branch (detached HEAD); git switch to the ledger's branch",
    ),
    "sync_conflict": (
        "与远端的修改无法自动合并:{files};同步已撤销,台账未改动。"
        "若是编号冲突,请用 duchatai clerk 代码 为本机设置不同的督查员代码",
        "cannot merge with the remote automatically: {files}; the sync was undone and "
        "nothing changed. If two clerks used one id, give this clone its own code with "
        "duchatai clerk CODE",
    ),
    "sync_push_failed": (
        "推送失败(重试 {attempts} 次);请稍后再同步",
        "push failed after {attempts} attempts; sync again later",
    ),
    "sync_git_failed": ("git {command} 失败:{error}", "git {command} failed: {error}"),
    "check_clean": ("台账校验通过,未发现问题。", "The ledger is valid: no problems found."),
    "written": ("已写入 {path}", "written: {path}"),
    "no_such_folder": ("目录不存在", "no such folder"),
    "cannot_write": ("无法写入 {path}:{error}", "cannot write {path}: {error}"),
    # the spreadsheet (台账.xlsx): export and import
    "exported": ("已导出 {n} 项到 {path}", "exported {n} items to {path}"),
    "export_needs_output": (
        "xlsx 是二进制文件,请用 --output 指定要写入的文件,如 --output 台账.xlsx",
        "xlsx is a binary file: name the file with --output, e.g. --output ledger.xlsx",
    ),
    "imp_unsupported": (
        "无法导入 {file}:仅支持 .xlsx 和 .csv 文件(.xls 请先在 Excel 中另存为 .xlsx)",
        "cannot import {file}: only .xlsx and .csv files (save an .xls as .xlsx first)",
    ),
    "imp_unreadable": ("无法读取 {file}:{error}", "cannot read {file}: {error}"),
    "imp_no_header": (
        "{file} 中没有找到表头行(须含“事项名称”列);请检查表头后重试",
        "no header row found in {file} (it needs a 事项名称/title column); check the headers",
    ),
    "imp_bad_id": (
        "编号“{value}”格式不对;应形如 {example},或留空由系统编号",
        "id {value!r} is malformed; it looks like {example}, or leave it empty to number it",
    ),
    "imp_missing": ("{column}不能为空", "{column} must not be empty"),
    "imp_duplicate": (
        "与 {other} 是同一事项 {id},请删除重复行",
        "the same item {id} as {other}; remove the duplicate row",
    ),
    "imp_broken": (
        "台账中的事项 {id} 无法读取({error}),请先修复该文件",
        "the ledger's item {id} cannot be read ({error}); fix that file first",
    ),
    "imp_needs_due": (
        "类别 {category} 的时限由督查通知或会议确定,请填写办理时限",
        "category {category} takes its deadline from the notice or meeting: fill in the due date",
    ),
    "imp_due_before_start": (
        "办理时限 {due} 早于立项日期 {start}",
        "the due date {due} is before the start {start}",
    ),
    "imp_before_start": (
        "日期 {date} 早于立项日期 {start}",
        "the date {date} is before the start {start}",
    ),
    "imp_archived": (
        "不能直接导入已归档事项;请按“已办结”导入后运行 duchatai archive",
        "archived items cannot be imported as such; import them as closed, then run "
        "duchatai archive",
    ),
    "imp_closed_needs_date": (
        "已办结事项须填写办结日期",
        "a closed item needs its closing date (办结日期)",
    ),
    "imp_status_change": (
        "事项 {id} 在台账中为“{old}”,表中为“{new}”;状态变化请用相应命令办理(assign、close 等)",
        "item {id} is {old} in the ledger but {new} in the sheet; change a status with its "
        "command (assign, close, ...)",
    ),
    "imp_archived_change": (
        "事项 {id} 已归档,不能通过导入修改",
        "item {id} is archived and cannot be changed by an import",
    ),
    "imp_refused": (
        "导入被拒绝:{rows} 行有误(共 {problems} 处问题,见上),台账未作改动",
        "import refused: {rows} rows have problems ({problems} in all, listed above); "
        "the ledger was not changed",
    ),
    "imp_ignored": (
        "注意:以下列不导入(由台账生成或无法识别):{columns}",
        "note: these columns are not imported (derived by the ledger or not recognised): {columns}",
    ),
    "imp_create": ("{ref}: 新增 {id} {title}", "{ref}: new {id} {title}"),
    "imp_update": ("{ref}: 更新 {id}({fields})", "{ref}: update {id} ({fields})"),
    "imp_done": (
        "已导入 {file}:新增 {created} 项,更新 {updated} 项,{unchanged} 项无变化",
        "imported {file}: {created} new, {updated} updated, {unchanged} unchanged",
    ),
    "imp_dry_run": (
        "试运行,未写入:{file} 将新增 {created} 项,更新 {updated} 项,{unchanged} 项无变化",
        "dry run, nothing written: {file} would add {created}, update {updated}, "
        "leave {unchanged} unchanged",
    ),
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
    # -- issue 12, part E: safe --output, honest backdating ------------------
    "output_refused": (
        "不能写入 {path}：{reason}；请换一个文件名",
        "will not write {path}: {reason}; choose another file name",
    ),
    "output_is_symlink": (
        "它是符号链接（不跟随链接写入）",
        "it is a symbolic link (links are not followed)",
    ),
    "output_is_folder": ("它是文件夹", "it is a folder"),
    "output_is_fifo": ("它是命名管道", "it is a named pipe"),
    "output_is_device": ("它是设备文件", "it is a device"),
    "output_is_special": ("它不是普通文件", "it is not a regular file"),
    "output_in_ledger": (
        "它属于台账的记录或配置（items/、archive/、criticisms/、duchatai.yaml）",
        "it is one of the ledger's records or its config "
        "(items/, archive/, criticisms/, duchatai.yaml)",
    ),
    "output_in_git_dir": (
        "它在台账仓库的 git 目录中",
        "it is inside the ledger repository's git directory",
    ),
    "output_git_file": (
        "它是 git 的控制文件（.gitattributes、.gitignore 等）",
        "it is one of git's own files (.gitattributes, .gitignore…)",
    ),
    "output_tracked": (
        "它是台账仓库中由 git 管理的文件（要提交的报告请写在台账的 reports/ 下）",
        "it is a file of the ledger that git tracks (write reports to commit under reports/)",
    ),
    "extend_late_real": (
        "延期申请应在办理时限 {due} 之前提出（第十八条），实际申请日期是 {real}"
        "（--today {today} 只用于补录）；如督查室同意受理逾期申请，请加 --late",
        "an extension must be applied for before the due date {due} (第十八条); "
        "it is really applied for on {real} (--today {today} only backdates the record); "
        "add --late if the office accepts it late",
    ),
    "recorded_on_note": ("（补录于 {date}）", " (recorded on {date})"),
    # -- input safety (issue 12, part C): bounded reads, clean text, import limits --
    "file_symlink": (
        "是符号链接，台账文件不跟随链接，已拒绝读取",
        "is a symbolic link: ledger files are never followed through links",
    ),
    "file_not_regular": (
        "不是普通文件（目录、管道或设备），已拒绝读取",
        "is not a regular file (a folder, pipe or device): not read",
    ),
    "file_too_big": (
        "文件超过 {limit} 上限，已拒绝读取；请检查该文件是否被误改",
        "is larger than the {limit} limit: not read; check the file was not damaged",
    ),
    "yaml_alias": (
        "含 YAML 别名（*名称），台账文件不允许使用锚点和别名；请写出完整内容",
        "holds a YAML alias (*name): anchors and aliases are not allowed "
        "in ledger files; write the value out",
    ),
    "text_control_char": (
        "{what}含控制字符 {code}，不能保存；请删去该字符后重试",
        "{what} holds the control character {code}: remove it and try again",
    ),
    "imp_too_many_rows": (
        "{file} 超过 {limit} 行的导入上限；请拆分为多个文件分别导入",
        "{file} has more than {limit} rows, the import limit: split it into several files",
    ),
    "imp_cell_too_long": (
        "{column}超过 {limit} 个字符的上限",
        "{column} is longer than the {limit}-character limit",
    ),
    "imp_field_too_long": (
        "{file} 第 {line} 行有超过 {limit} 个字符的字段，无法导入",
        "{file} line {line} has a field longer than {limit} characters: not imported",
    ),
    "imp_too_big": (
        "{file} 解压后超过 {limit} 上限，无法导入；请删去多余内容或拆分文件",
        "{file} unpacks to more than {limit}: not imported; remove what is not needed "
        "or split the file",
    ),
    # -- bounds: dates, numbers, the last-resort guard (issue 12, part D) --
    "date_out_of_range": (
        "{what}“{text}”超出可用范围；日期须在 {low}–{high} 年之间",
        "{what} {text!r} is out of range; dates must lie within the years {low}-{high}",
    ),
    "number_out_of_range": (
        "{what}“{text}”超出可用范围；须在 {low}–{high} 之间",
        "{what} {text!r} is out of range; it must lie within {low}-{high}",
    ),
    "workdays_out_of_range": (
        "从 {start} 起数 {n} 个工作日超出 {high} 年；请用更近的日期或更小的天数",
        "{n} working days after {start} run past the year {high}; use an earlier date "
        "or fewer days",
    ),
    "os_failed": (
        "无法{action}“{path}”：{error}；请检查该路径的权限、类型和磁盘空间后重试",
        "cannot {action} {path}: {error}; check the path's permissions, type and the free "
        "disk space, then try again",
    ),
    "os_action_read": ("读取", "read"),
    "os_action_write": ("写入", "write"),
    "os_action_use": ("访问", "use"),
    "internal_error": (
        "内部错误：{kind}：{error}；请报告此问题",
        "internal error: {kind}: {error}; please report it",
    ),
    "duplicate_id_skipped": (
        "编号 {id} 重复：{path} 未计入（已采用 {kept}）；请运行 duchatai check 并删除多余的文件",
        "id {id} is duplicated: {path} is not counted ({kept} is used); run duchatai check "
        "and remove the extra file",
    ),
    "nul_in_input": (
        "输入值含有空字符（\\x00），文件名和 git 记录都无法保存；请删除该字符后重试",
        "a value holds a NUL character (\\x00), which no file name or git record can hold; "
        "remove it and try again",
    ),
    "duplicate_id_once": (
        "编号 {id} 出现多次，只计一次；请运行 duchatai check 并删除多余的文件",
        "id {id} appears more than once and is counted once; run duchatai check and remove "
        "the extra file",
    ),
    # -- txn: every write all or nothing (journal, lock, refusals) --
    "txn_no_git": (
        "{path} 不在 git 仓库中，无法写入（每次改动都要提交到 git）；请先运行 duchatai init",
        "{path} is not inside a git repository: writes need git to commit; run duchatai init",
    ),
    "txn_no_state": (
        "无法在 {path} 中创建或写入 duchatai 的状态目录（只读？），改动被拒绝；请检查权限后重试",
        "cannot create or write duchatai's state directory in {path} (read-only?): "
        "nothing was changed; check the permissions and retry",
    ),
    "txn_in_progress": (
        "git 正在进行 {operation}，此时写入的改动会丢失；请先完成或中止 {operation} 后重试",
        "git is in the middle of a {operation}: a change written now would be lost; "
        "finish or abort the {operation} and retry",
    ),
    "txn_detached": (
        "HEAD 处于分离状态（detached HEAD），在此提交的改动会丢失；"
        "请先切换到分支（git switch 分支名）后重试",
        "HEAD is detached: a change committed here would be lost; "
        "switch to a branch (git switch BRANCH) and retry",
    ),
    "txn_hand_edit": (
        "{path} 有未提交的手工修改；请先提交（git commit）或放弃（git restore）该修改，"
        "或加 --include-edits 将其与本次改动一并提交",
        "{path} has uncommitted hand edits: commit them (git commit) or discard them "
        "(git restore), or pass --include-edits to commit them with this change",
    ),
    "txn_disk_full": (
        "磁盘已满：改动未写入，台账保持原样；请腾出空间后重试",
        "the disk is full: nothing was changed; free some space and retry",
    ),
    "txn_read_only": (
        "无法写入 {path}（只读或无权限）：改动未写入，台账保持原样；请检查权限后重试",
        "cannot write {path} (read-only or no permission): nothing was changed; "
        "check the permissions and retry",
    ),
    "txn_write_failed": (
        "写入 {path} 失败（{error}）：改动已撤销，台账保持原样",
        "writing {path} failed ({error}): the change was undone, nothing was changed",
    ),
    "txn_recovered": (
        "上次被中断的改动（进程 {pid}）已撤销，台账已恢复原样",
        "an interrupted change (process {pid}) was undone; the ledger is as it was before",
    ),
    "txn_journal_unreadable": (
        "改动日志 {path} 无法读取，已删除；请用 git status 检查台账",
        "the change journal {path} could not be read and was removed; check the ledger "
        "with git status",
    ),
    "txn_interrupted": (
        "收到信号 {signal}：改动已撤销，台账保持原样",
        "signal {signal} received: the change was undone, nothing was changed",
    ),
    # -- issue 12, part A: what arrives through git is data, never code --
    "tracked_code": (
        "git 跟踪了 {path}：台账不应包含程序或工具状态文件（同步后可能在他人电脑上运行代码），"
        "请核实后执行 git rm -r --cached -- '{path}' 并提交",
        "git tracks {path}: a ledger must not hold code or the tool's state (after a sync it "
        "could run on other clerks' machines); check it, then git rm -r --cached -- '{path}' "
        "and commit",
    ),
}
