"""What ``check`` says about a file, and why a stored field cannot be read
(issue 15: ``check`` in the ledger's language, at the offending line)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- one problem: the field, then what is wrong with it ------------------
    "check_at": ("{field}：{message}", "{field}: {message}"),
    "check_warning": ("警告：{message}", "warning: {message}"),
    "check_clean_warnings": (
        "台账校验通过，另有 {n} 条警告。",
        "The ledger is valid, with {n} warning(s).",
    ),
    "check_file": ("文件", "file"),
    "check_list_sep": ("、", ", "),
    "check_yaml": ("不是可读取的 YAML：{error}", "not readable YAML: {error}"),
    "check_yaml_context": (
        "{problem}（{context}，始于第 {line} 行）",
        "{problem} ({context} from line {line})",
    ),
    "check_crashed": ("无法校验（{kind}：{error}）", "cannot be checked ({kind}: {error})"),
    # -- reading a stored field (core.fields, model) -------------------------
    "field_missing": ("缺少此项", "missing"),
    "field_missing_date": ("缺少日期", "missing date"),
    "field_text": ("应为文本，不能是列表或映射", "text expected"),
    "field_list": ("应为列表", "a list expected"),
    "field_mapping": ("应为映射（键值对）", "a mapping expected"),
    "field_not_date": ("“{value}”不是日期（YYYY-MM-DD）", "{value!r} is not a date YYYY-MM-DD"),
    "field_date_range": (
        "“{value}”不是 {low}—{high} 年间的日期（YYYY-MM-DD）",
        "{value!r} is not a date YYYY-MM-DD within the years {low}-{high}",
    ),
    "field_date_outside": (
        "{value} 超出 {low}—{high} 年的范围",
        "{value} is outside the years {low}-{high}",
    ),
    "field_count": (
        "“{value}”不是 0—1000000 之间的整数",
        "{value!r} is not a whole number 0-1000000",
    ),
    "field_whole": ("“{value}”不是整数", "{value!r} is not a whole number"),
    "field_one_of": ("“{value}”不是以下之一：{choices}", "{value!r} is not one of {choices}"),
    "file_not_mapping": (
        "文件内容不是字段与值的映射", "the file does not hold a mapping of fields"
    ),
    # -- the values of an item or criticism ----------------------------------
    "check_file_name_id": (
        "文件名“{name}”不是规范编号（如 DC-2026-0001，半角大写字母和数字）",
        "file name {name!r} is not a canonical id such as DC-2026-0001 "
        "(ASCII capitals and digits)",
    ),
    "check_id_canonical": (
        "“{id}”不是规范编号（如 DC-2026-0001，半角大写字母和数字）",
        "{id!r} is not a canonical id such as DC-2026-0001 (ASCII capitals and digits)",
    ),
    "check_id_file": (
        "{id} 与文件名 {name} 不符",
        "{id} does not match the file name {name}",
    ),
    "check_id_twice": ("{id} 也出现在 {others}", "{id} is also in {others}"),
    "check_category": (
        "未知类别“{value}”；可用：{choices}", "unknown category {value!r}; known: {choices}"
    ),
    "check_before_start": ("{day} 早于立项日期 {start}", "{day} is before start {start}"),
    "check_in_archive": (
        "文件在 archive/ 中，但状态是 {status}",
        "the file is in archive/ but the status is {status}",
    ),
    "check_not_in_archive": (
        "状态为已归档，但文件不在 archive/ 中",
        "archived, but the file is not under archive/",
    ),
    "check_closed_on": ("已办结的事项缺少 closed_on", "a closed item without closed_on"),
    "check_withdrawn_on": (
        "withdrawn_on 与状态 withdrawn（已撤销）须同时存在",
        "withdrawn_on and the status withdrawn go together",
    ),
    "check_unit_listed": (
        "单位“{unit}”不在配置的 units 名单中",
        "unit {unit!r} is not in the config's units list",
    ),
    "check_unit_unknown": ("未知单位“{unit}”", "unknown unit {unit!r}"),
    "check_item_unknown": ("未知事项 {id}", "unknown item {id}"),
    "check_no_calendar": (
        "{year} 年的法定节假日安排缺失，时限按周末推算；请在 {config} 的 calendar: 中补充",
        "no holiday schedule for {year}, counted from weekends alone: add it to {config} "
        "calendar:",
    ),
    "check_due_rule": (
        "{due} 不符合 {category} 从 {start} 起算的时限（应为 {expected}）",
        "{due} does not follow the {category} rule from {start} (expected {expected})",
    ),
    "check_conflicts_list": ("应为冲突条目的列表", "a list of conflict entries expected"),
    "check_conflict_entry": ("应为一条冲突记录", "a conflict entry expected"),
    "check_conflict": (
        "{field} 有冲突：本地 {local}，远端 {remote}；请运行 duchatai resolve {id} "
        "--take local|remote|字段=值",
        "conflict in {field}: local {local}, remote {remote}; run duchatai resolve {id} "
        "--take local|remote|FIELD=VALUE",
    ),
    # -- show ----------------------------------------------------------------
    "show_category": ("{name}（{code}）", "{name} ({code})"),
    "history_urge": ("第{n}次催办（{method}）", "urge #{n} ({method})"),
    "history_says": ("{what}：{text}", "{what}: {text}"),
    "history_unit": ("（{unit}）", " ({unit})"),
    "history_signed": ("（{name}签发）", " [signed by {name}]"),
    "history_signed_sealed": ("（{name}签发·已盖章）", " [signed by {name}, sealed]"),
    "history_sealed": ("（已盖章）", " [sealed]"),
    "history_extended": ("延期 {previous} → {until}", "extended {previous} → {until}"),
    "history_late": ("（逾期申请）", " (applied late)"),
}
