"""What the tool refuses to read or write, and why.

A safe ``--output`` and honest backdating (issue 12, part E), bounded reads and
clean text (part C), date and number bounds and the last-resort guard (part D),
writes that happen all or nothing (the journal and the lock), and code tracked
by git in a ledger (part A).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- issue 12, part E: safe --output, honest backdating ------------------
    "no_such_folder": ("目录不存在", "no such folder"),
    "cannot_write": ("无法写入 {path}:{error}", "cannot write {path}: {error}"),
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
        "它属于台账的记录或配置（{places}）",
        "it is one of the ledger's records or its config ({places})",
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
