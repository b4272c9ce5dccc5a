"""The spreadsheet (台账.xlsx or .csv): export, and import checked row by row.

A row's problems, the refusal of the whole file, and the summary of what was
(or, in a dry run, would be) written.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "exported": ("已导出 {n} 项到 {path}", "exported {n} items to {path}"),
    "export_needs_output": (
        "xlsx 是二进制文件，请用 --output 指定要写入的文件，如 --output 台账.xlsx",
        "xlsx is a binary file: name the file with --output, e.g. --output ledger.xlsx",
    ),
    "imp_unsupported": (
        "无法导入 {file}：仅支持 .xlsx 和 .csv 文件（.xls 请先在 Excel 中另存为 .xlsx）",
        "cannot import {file}: only .xlsx and .csv files (save an .xls as .xlsx first)",
    ),
    "imp_unreadable": ("无法读取 {file}:{error}", "cannot read {file}: {error}"),
    "imp_no_header": (
        "{file} 中没有找到表头行（须含“事项名称”列）；请检查表头后重试",
        "no header row found in {file} (it needs a 事项名称/title column); check the headers",
    ),
    "imp_bad_id": (
        "编号“{value}”格式不对；应形如 {example}，或留空由系统编号",
        "id {value!r} is malformed; it looks like {example}, or leave it empty to number it",
    ),
    "imp_missing": ("{column}不能为空", "{column} must not be empty"),
    "imp_duplicate": (
        "与 {other} 是同一事项 {id}，请删除重复行",
        "the same item {id} as {other}; remove the duplicate row",
    ),
    "imp_broken": (
        "台账中的事项 {id} 无法读取（{error}），请先修复该文件",
        "the ledger's item {id} cannot be read ({error}); fix that file first",
    ),
    "imp_needs_due": (
        "类别 {category} 的时限由督查通知或会议确定，请填写办理时限",
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
        "不能直接导入已归档事项；请按“已办结”导入后运行 duchatai archive",
        "archived items cannot be imported as such; import them as closed, then run "
        "duchatai archive",
    ),
    "imp_closed_needs_date": (
        "已办结事项须填写办结日期",
        "a closed item needs its closing date (办结日期)",
    ),
    "imp_status_change": (
        "事项 {id} 在台账中为“{old}”，表中为“{new}”；状态变化请用相应命令办理（assign、close 等）",
        "item {id} is {old} in the ledger but {new} in the sheet; change a status with its "
        "command (assign, close, ...)",
    ),
    "imp_withdrawn": (
        "不能导入已撤销事项；请按原状态导入后运行 duchatai withdraw",
        "withdrawn items cannot be imported as such; import them, then run duchatai withdraw",
    ),
    "imp_archived_change": (
        "事项 {id} 已归档，不能通过导入修改",
        "item {id} is archived and cannot be changed by an import",
    ),
    "imp_refused": (
        "导入被拒绝：{rows} 行有误（共 {problems} 处问题，见上），台账未作改动",
        "import refused: {rows} rows have problems ({problems} in all, listed above); "
        "the ledger was not changed",
    ),
    "imp_ignored": (
        "注意：以下列不导入（由台账生成或无法识别）：{columns}",
        "note: these columns are not imported (derived by the ledger or not recognised): {columns}",
    ),
    "imp_create": ("{ref}: 新增 {id} {title}", "{ref}: new {id} {title}"),
    "imp_update": ("{ref}: 更新 {id}({fields})", "{ref}: update {id} ({fields})"),
    "imp_done": (
        "已导入 {file}：新增 {created} 项，更新 {updated} 项，{unchanged} 项无变化",
        "imported {file}: {created} new, {updated} updated, {unchanged} unchanged",
    ),
    "imp_dry_run": (
        "试运行，未写入：{file} 将新增 {created} 项，更新 {updated} 项，{unchanged} 项无变化",
        "dry run, nothing written: {file} would add {created}, update {updated}, "
        "leave {unchanged} unchanged",
    ),
}
