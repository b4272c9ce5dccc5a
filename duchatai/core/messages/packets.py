"""Unit packets: ``packet`` and ``replies`` (issue 19)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "packet_instructions": (
        "填写说明：请在黄色列填写本单位的办理情况——报告类型（进展或结果）、进展/结果、日期、"
        "签发人（报送结果须填写）、是否盖章；其他列请勿修改。每个事项一行；不需报送的事项留空。"
        "填好后原文件交回督查室。",
        "How to fill in: in the yellow columns give your report — kind (progress or result), "
        "the progress or result, the date, who signed it (needed for a result) and whether it "
        "is sealed; do not change the other columns. One row per item; leave a row empty to "
        "send nothing for it. Return this file to the supervision office.",
    ),
    "packet_kind_hint": ("请选择“进展”或“结果”", "choose 进展 (progress) or 结果 (result)"),
    "packet_date_hint": ("请填写日期，如 2026-11-20", "enter a date such as 2026-11-20"),
    "packet_written": (
        "已写出：{path}（{unit}，{n}项在办事项）",
        "written: {path} ({unit}, {n} open item(s))",
    ),
    "packet_empty": (
        "{unit} 没有在办的牵头事项，不生成反馈表",
        "{unit} leads no open item: no packet made",
    ),
    "replies_not_packet": (
        "{file} 不是 duchatai packet 生成的反馈表（缺少“反馈表”或隐藏的 packet 页）",
        "{file} is not a packet made by duchatai packet (no 反馈表 sheet or hidden packet sheet)",
    ),
    "replies_no_header": (
        "“{sheet}”页找不到表头（事项编号、报告类型、进展/结果、日期、签发人、是否盖章、校验码）",
        "no header row in sheet “{sheet}” (事项编号, 报告类型, 进展/结果, 日期, 签发人, "
        "是否盖章, 校验码)",
    ),
    "replies_refused": (
        "{file} 有{n}处问题（见上），未记录任何报告；请改正后重新交回",
        "{file} has {n} problem(s) (above); no report recorded; correct them and try again",
    ),
    "replies_bad_kind": (
        "报告类型“{value}”无法识别；请填写“进展”或“结果”",
        "report kind “{value}” is not known; write 进展 (progress) or 结果 (result)",
    ),
    "replies_missing": ("缺少{what}", "{what} is missing"),
    "replies_col_text": ("进展/结果", "the progress or result"),
    "replies_col_date": ("日期", "the date"),
    "replies_col_signed": ("签发人（报送结果须填写）", "who signed it (needed for a result)"),
    "replies_bad_sealed": (
        "是否盖章“{value}”无法识别；请填写“是”或“否”",
        "sealed “{value}” is not known; write 是 (yes) or 否 (no)",
    ),
    "replies_future": (
        "日期 {date} 晚于今天（{today}）",
        "the date {date} is after today ({today})",
    ),
    "replies_twice": ("{id} 填写了两行；每个事项只填一行", "{id} has two rows; one row per item"),
    "replies_not_units": (
        "{id} 不是 {unit} 牵头的事项（牵头单位：{lead}）",
        "{id} is not led by {unit} (lead unit: {lead})",
    ),
    "replies_changed": (
        "{id} 在反馈表生成后已有变动；请重新生成反馈表（duchatai packet --unit 单位）",
        "{id} changed after the packet was made; make a new packet (duchatai packet --unit U)",
    ),
    "replies_empty": ("{file} 没有填写任何报告", "{file} has no report filled in"),
    "replies_recorded": (
        "已记录 {unit} 的{n}份报告：{ids}",
        "recorded {n} report(s) from {unit}: {ids}",
    ),
}
