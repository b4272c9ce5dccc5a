"""The command-line framework's own words, said in the ledger's language: usage errors
("Missing option", "No such command"…), the usage line and ``--help``'s headings
(``commands/usage.py`` renders them), and ``log``'s actions (issue 15)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- usage errors (exit 2) and the hint after them ------------------------
    "cli_error": ("错误：{message}", "Error: {message}"),
    "cli_usage": ("用法：", "Usage: "),
    "cli_try_help": ("请运行“{command}”查看帮助", "Try '{command}' for help."),
    "cli_name": ("“{name}”", "'{name}'"),
    "cli_missing_option": ("缺少选项{name}", "Missing option {name}"),
    "cli_missing_argument": ("缺少参数{name}", "Missing argument {name}"),
    "cli_missing_command": ("缺少子命令", "Missing command"),
    "cli_no_such_command": ("没有命令{name}", "No such command {name}"),
    "cli_no_such_option": ("没有选项{name}", "No such option: {name}"),
    "cli_did_you_mean": ("，是否为{names}？", ". Did you mean {names}?"),
    "cli_requires_argument": ("选项{name}需要一个值", "Option {name} requires an argument"),
    "cli_requires_arguments": (
        "选项{name}需要 {count} 个值",
        "Option {name} requires {count} arguments",
    ),
    "cli_takes_no_value": ("选项{name}不带值", "Option {name} does not take a value"),
    "cli_extra_arguments": ("多余的参数：{args}", "Got unexpected extra argument(s): {args}"),
    "cli_invalid_value": ("{name}的值无效：{reason}", "Invalid value for {name}: {reason}"),
    "cli_not_a_number": ("“{value}”不是整数", "'{value}' is not a whole number"),
    "cli_aborted": ("已中止", "Aborted!"),
    # -- --help ----------------------------------------------------------------
    "cli_heading_options": ("选项", "Options"),
    "cli_heading_commands": ("命令", "Commands"),
    "cli_heading_arguments": ("参数", "Arguments"),
    "cli_help_option": ("显示本帮助并退出", "Show this message and exit."),
    "cli_required": ("必填", "required"),
    "cli_default": ("默认：{value}", "default: {value}"),
    "cli_options_metavar": ("[选项]", "[OPTIONS]"),
    "cli_command_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    # -- log ID: the actions of the commits, and when each was committed ------
    "log_committed": ("提交于 {when} {commit}", "committed {when} {commit}"),
    "log_action_register": ("登记", "register"),
    "log_action_assign": ("交办", "assign"),
    "log_action_urge": ("催办", "urge"),
    "log_action_report": ("报告", "report"),
    "log_action_review": ("审核", "review"),
    "log_action_extend": ("延期", "extend"),
    "log_action_close": ("办结", "close"),
    "log_action_archive": ("归档", "archive"),
    "log_action_withdraw": ("撤销", "withdraw"),
    "log_action_edit": ("更正", "edit"),
    "log_action_note": ("备注", "note"),
    "log_action_milestone": ("节点任务", "milestone"),
    "log_action_undo": ("撤回", "undo"),
    "log_action_import": ("导入", "import"),
    "log_action_resolve": ("处理冲突", "resolve"),
    "log_action_recheck": ("复核", "recheck"),
    "log_action_criticize": ("通报批评", "criticize"),
    "log_action_rectify": ("整改", "rectify"),
    "log_action_calendar": ("节假日安排", "calendar"),
    "log_action_notice": ("督查通知", "notice"),
    "log_action_bulletin": ("督查专报", "bulletin"),
    "log_action_item-report": ("督查报告", "item report"),
    "log_action_replies": ("反馈表报告", "packet replies"),
    "log_action_other": ("其他修改", "other"),
    # -- escalation: the clause of 第二十条 that a unit's level rests on -------
    "clause_criticism": ("第二十条（一）通报批评", "art. 20(1): criticism"),
    "clause_admonition": (
        "第二十条（二）年度内被通报批评{count}次",
        "art. 20(2): criticised {count} times this year",
    ),
    "clause_disciplinary": (
        "第二十条（三）年度内被通报批评{count}次",
        "art. 20(3): criticised {count} times this year",
    ),
    "clause_rectification_late": (
        "第二十条（二）整改不力（逾期未整改）",
        "art. 20(2): rectification not done in time",
    ),
}
