"""Corrections (更正, ``edit``) and free notes (备注, ``note``): what the clerk reads."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "edited": ("已更正 {id}：{fields}", "corrected {id}: {fields}"),
    "edited_due": (
        "办理时限 {previous} → {due}",
        "due date {previous} → {due}",
    ),
    "edit_nothing": (
        "{id} 没有需要更正的内容（所给的值与登记的相同）",
        "nothing to change in {id} (the values given are those registered)",
    ),
    "edit_due_needs_reason": (
        "更正办理时限须说明理由：请加 --reason",
        "a corrected due date needs its reason: add --reason",
    ),
    "edit_due_moved": (
        "{id} 的办理时限已由延期或退回重办改变，不能再更正；请用 extend 延期",
        "the due date of {id} was moved by an extension or a return and cannot be "
        "corrected; use extend",
    ),
    "edit_bad_milestone": (
        "无法识别的节点任务更正“{text}”；格式：“序号 日期 [新标题]”，如“2 2026-12-10 完成验收”",
        "cannot read the milestone correction {text!r}; use \"N DATE [new title]\", "
        "e.g. \"2 2026-12-10 acceptance\"",
    ),
    "noted": ("已为 {id} 添加备注（{date}）", "note added to {id} ({date})"),
    "history_edit": ("更正：{fields}", "corrected: {fields}"),
    "history_edit_due": (
        "更正：{fields}；办理时限 {previous} → {due}",
        "corrected: {fields}; due date {previous} → {due}",
    ),
    "history_reason": ("（理由：{reason}）", " (reason: {reason})"),
    "history_note": ("备注：{text}", "note: {text}"),
    "field_title": ("事项名称", "title"),
    "field_source": ("来源", "source"),
    "field_category": ("类别", "category"),
    "field_due": ("办理时限", "due date"),
    "field_lead_unit": ("主办单位", "lead unit"),
    "field_co_units": ("协办单位", "co-units"),
    "field_responsible": ("责任人", "responsible"),
    "field_kind": ("督查类型", "kind"),
    "field_weekly": ("周报制", "weekly duty"),
    "field_milestones": ("节点任务", "milestones"),
}
