"""The annual assessment (考核, 第十九条): ``assess`` (issue 19)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- assess (考核) -------------------------------------------------------------
    "assess_title": ("{year}年度督查考核得分", "Supervision assessment {year}"),
    "assess_formula": (
        "计分办法：基础分{base}，按时办结率满分{rate}；逐项扣分见 assess --explain 单位",
        "Formula: base {base}, {rate} for a 100 % on-time rate; see assess --explain UNIT. "
        "Days: working days overdue; Weeks: weekly reports missing; Crit.: criticisms; "
        "Reop.: reopened after recheck",
    ),
    "assess_none": ("{year}年度没有可考核的单位", "no unit to assess in {year}"),
    "assess_unknown_unit": (
        "{unit} 在{year}年度没有考核记录；有记录的单位：{units}",
        "{unit} has nothing to assess in {year}; units assessed: {units}",
    ),
    "assess_bad_formula": (
        "duchatai.yaml 的考核计分办法有误：{error}",
        "the assessment formula in duchatai.yaml is wrong: {error}",
    ),
    "assess_explain_head": (
        "{unit} {year}年度考核得分：{total}",
        "{unit}: assessment score {total} for {year}",
    ),
    "assess_base": ("基础分", "base"),
    "assess_total": ("合计（限{floor}～{ceiling}分）", "total (kept within {floor}–{ceiling})"),
    "assess_term_on_time_rate": ("按时办结率", "on-time rate"),
    "assess_term_late_closing": ("逾期办结", "closed late"),
    "assess_term_overdue_workday": ("超期工作日", "working days overdue"),
    "assess_term_missed_week": ("未报周进展", "weekly reports missing"),
    "assess_term_criticism": ("通报批评", "criticisms"),
    "assess_term_reopened": ("复核重启", "reopened after recheck"),
    "assess_rate_none": ("无到期事项，计满分", "nothing due: full points"),
    "assess_rate_split": ("按时：{on_time}；未按时：{late}", "on time: {on_time}; not: {late}"),
    "assess_col_on_time_rate": ("按时率", "On time"),
    "assess_col_late_closing": ("逾期办结", "Late"),
    "assess_col_overdue_workday": ("超期日", "Days"),
    "assess_col_missed_week": ("缺周报", "Weeks"),
    "assess_col_criticism": ("批评", "Crit."),
    "assess_col_reopened": ("重启", "Reop."),
    "assess_key_unknown": (
        "assessment.{name} 不是计分项；可用：{keys}",
        "assessment.{name}: unknown; use one of {keys}",
    ),
    "assess_key_not_number": (
        "assessment.{name} 的值 {value} 不是数字",
        "assessment.{name}: {value} is not a number",
    ),
    "assess_key_range": (
        "assessment.{name} 的值 {value} 超出范围",
        "assessment.{name}: {value} is out of range",
    ),
    "assess_floor_above": (
        "assessment.floor 高于 assessment.ceiling",
        "assessment.floor is above assessment.ceiling",
    ),
    "assess_rank": ("名次", "Rank"),
    "assess_unit": ("单位", "Unit"),
    "assess_score": ("得分", "Score"),
}
