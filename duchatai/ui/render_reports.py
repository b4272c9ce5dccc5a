"""Rendering of the reports: the morning overdue table, due-soon, stats,
escalation and criticism suggestions (the weekly report is ``render_weekly.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from duchatai.core.messages import LEVEL_LABELS, STATUS_LABELS, is_zh, label
from duchatai.reports.data import DueRow, OverdueRow
from duchatai.reports.figures import Suggestion, UnitStats
from duchatai.reports.milestones import LateMilestone, MilestoneDue
from duchatai.ui.grid import Line, grid
from duchatai.ui.marks import id_cell


def zh_en(zh: str, en: str) -> str:
    """``zh`` in Chinese, ``en`` in English (the reports' headings and labels)."""
    return zh if is_zh() else en


def level_hint(standing_count: int, next_level: str) -> str:
    """What one more criticism would bring: ``第2次通报批评 → 诫勉谈话``."""
    n = standing_count + 1
    head = f"第{n}次通报批评" if is_zh() else f"criticism #{n}"
    if next_level == "criticism":
        return head
    return f"{head} → {label(LEVEL_LABELS, next_level)}"


def overdue_table(
    rows: Sequence[OverdueRow], hints: dict[str, str], today: dt.date, width: int = 80
) -> Any:
    """The morning report: overdue items grouped by lead unit, worst unit first.

    Each unit's header line carries its escalation hint; each item row its id,
    title, due date, days/working days overdue, state and urge count. Late
    milestones (节点任务) are a table of their own (``late_milestone_table``),
    the items late or not.
    """
    groups: dict[str, list[OverdueRow]] = {}
    for row in rows:
        groups.setdefault(row.item.lead_unit, []).append(row)
    lines: list[Line | list[tuple[str, str]]] = []
    for unit, unit_rows in groups.items():
        head = unit or zh_en("（未交办）", "(unassigned)")
        head += zh_en(f"  超期 {len(unit_rows)} 项", f"  {len(unit_rows)} overdue")
        if unit and hints.get(unit):
            head += zh_en(f"  若通报批评：{hints[unit]}", f"  if criticised: {hints[unit]}")
        lines.append(Line(head, "bold"))
        for row in unit_rows:
            item = row.item
            lines.append(
                [
                    ("●", "bold red"),
                    id_cell(item),
                    (item.title, ""),
                    (row.due.isoformat(), ""),
                    (f"{row.days_overdue}/{row.workdays_overdue}", "red"),
                    (label(STATUS_LABELS, item.status.value), ""),
                    (str(item.urge_count), ""),
                ]
            )
    headers = [
        "",
        zh_en("编号", "ID"),
        zh_en("事项", "Title"),
        zh_en("时限", "Due"),
        zh_en("超期天/工作日", "Late d/wd"),
        zh_en("状态", "Status"),
        zh_en("催办", "Urged"),
    ]
    return grid(headers, lines, width=width, flex=2, right=(4, 6))


def milestone_text(number: int, title: str) -> str:
    """A milestone as the reports name it: ``节点2：完成招标``."""
    return zh_en(f"节点{number}：{title}", f"milestone {number}: {title}")


def late_milestone_table(rows: Sequence[LateMilestone], width: int = 80) -> Any:
    """Late milestones (节点任务) grouped by lead unit, then by item, the latest first.

    A unit's line counts its late milestones; an item's row gives its id and
    title, each milestone below it its title, date and days/working days late.
    """
    units: dict[str, dict[str, list[LateMilestone]]] = {}
    for row in rows:
        units.setdefault(row.item.lead_unit, {}).setdefault(row.item.id, []).append(row)
    lines: list[Line | list[tuple[str, str]]] = []
    for unit, items in units.items():
        count = sum(len(m) for m in items.values())
        head = unit or zh_en("（未交办）", "(unassigned)")
        lines.append(Line(head + zh_en(f"  逾期节点 {count} 个", f"  {count} late"), "bold"))
        for late in items.values():
            lines.append([("●", "bold yellow"), id_cell(late[0].item), (late[0].item.title, "")])
            for m in late:
                lines.append(
                    [
                        ("", ""),
                        ("", ""),
                        ("└ " + milestone_text(m.number, m.title), "red"),
                        (m.due.isoformat(), "red"),
                        (f"{m.days_late}/{m.workdays_late}", "red"),
                    ]
                )
    headers = [
        "",
        zh_en("编号", "ID"),
        zh_en("事项 / 节点任务", "Item / milestone"),
        zh_en("节点时限", "Due"),
        zh_en("逾期天/工作日", "Late d/wd"),
    ]
    return grid(headers, lines, width=width, flex=2, right=(4,))


def overdue_summary(
    rows: Sequence[OverdueRow], today: dt.date, missing_weekly: int, due_soon: int
) -> str:
    """The one-line summary under the morning report."""
    units = len({r.item.lead_unit for r in rows})
    worst = rows[0].days_overdue if rows else 0
    if is_zh():
        return (
            f"{today.isoformat()}：超期 {len(rows)} 项，涉及 {units} 个单位，最长超期 {worst} 天\n"
            f"{today.isoformat()}：即将到期 {due_soon} 项，缺报周报 {missing_weekly} 项"
        )
    return (
        f"{today.isoformat()}: {len(rows)} overdue across {units} units, worst {worst} days\n"
        f"{today.isoformat()}: {due_soon} due soon, {missing_weekly} weekly reports missing"
    )


def due_table(rows: Sequence[DueRow], width: int = 80) -> Any:
    """Items due within N working days, soonest first: a ``grid`` whose title column
    takes the width the others do not need."""
    lines: list[Line | list[tuple[str, str]]] = [
        [
            ("●", "yellow"),
            id_cell(row.item),
            (row.item.title, ""),
            (row.item.lead_unit or "—", ""),
            (row.item.due.isoformat(), ""),
            (str(row.workdays_left), ""),
        ]
        for row in rows
    ]
    headers = [
        "",
        zh_en("编号", "ID"),
        zh_en("事项", "Title"),
        zh_en("主办单位", "Lead unit"),
        zh_en("时限", "Due"),
        zh_en("剩余工作日", "Workdays left"),
    ]
    return grid(headers, lines, width=width, flex=2, right=(5,))


def milestone_due_table(rows: Sequence[MilestoneDue], width: int = 80) -> Any:
    """Milestones due within N working days, soonest first: each item's title, then
    its milestone on the line below (``└``), as in the morning report."""
    lines: list[Line | list[tuple[str, str]]] = []
    for row in rows:
        lines.append([("●", "yellow"), id_cell(row.item), (row.item.title, ""),
                      (row.item.lead_unit or "—", "")])
        lines.append([("", ""), ("", ""), ("└ " + milestone_text(row.number, row.title), ""),
                      ("", ""), (row.due.isoformat(), ""), (str(row.workdays_left), "")])
    headers = [
        "",
        zh_en("编号", "ID"),
        zh_en("事项 / 节点任务", "Item / milestone"),
        zh_en("主办单位", "Lead unit"),
        zh_en("节点时限", "Due"),
        zh_en("剩余工作日", "Workdays left"),
    ]
    return grid(headers, lines, width=width, flex=2, right=(5,))


def rate_text(value: float | None) -> str:
    """An on-time rate as shown: ``87.5%``, or ``—`` when nothing was due."""
    return "—" if value is None else f"{value * 100:.1f}%"


def stats_table(rows: Sequence[UnitStats], commend: Sequence[str], width: int = 80) -> Any:
    """Per-unit figures for the year; a unit's name folds when the width is short."""
    figures = (
        ("事项", "Items"),
        ("按时办结", "On time"),
        ("逾期办结", "Late"),
        ("在办超期", "Open overdue"),
        ("按时率", "On-time rate"),
    )
    headers = [zh_en("单位", "Unit"), *(zh_en(zh, en) for zh, en in figures), ""]
    star = zh_en("★ 建议表扬", "★ commend")
    lines = [
        [
            (row.unit, ""),
            (str(row.items), ""),
            (str(row.closed_on_time), ""),
            (str(row.closed_late), ""),
            (str(row.open_overdue), ""),
            (rate_text(row.on_time_rate), ""),
            (star if row.unit in commend else "", "green"),
        ]
        for row in rows
    ]
    return grid(headers, lines, width=width, flex=0, right=range(1, 6), fit=True)


_LEVEL_STYLES = {
    "none": "",
    "criticism": "yellow",
    "admonition": "bold red",
    "disciplinary": "bold magenta",
}


def escalation_table(rows: Sequence[Any], width: int = 80) -> Any:
    """Per unit: criticisms this year, open rectifications, level and what one more
    criticism brings; the clause that applies on a line of its own under the unit's row
    (the full width: a clause is a sentence, too long for a column at 80)."""
    headers = [
        zh_en("单位", "Unit"),
        zh_en("年度批评", "Criticisms"),
        zh_en("待整改", "Open rectif."),
        zh_en("问责层级", "Level"),
        zh_en("再批评一次", "Next criticism"),
    ]
    lines: list[Line | list[tuple[str, str]]] = []
    for row in rows:
        lines.append([
            (row.unit, ""),
            (str(row.count), ""),
            (str(len(row.open_rectifications)), ""),
            (label(LEVEL_LABELS, row.level.value), _LEVEL_STYLES[row.level.value]),
            (level_hint(row.count, row.next_level.value), ""),
        ])
        if row.clause:
            lines.append(Line(zh_en(f"  依据：{row.clause}", f"  under {row.clause}")))
    return grid(headers, lines, width=width, flex=4, right=(1, 2), fit=True)


def suggestion_table(rows: Sequence[Suggestion], width: int = 80) -> Any:
    """Units that are candidates for criticism today; their overdue items fold."""
    headers = [
        zh_en("单位", "Unit"),
        zh_en("超期事项", "Overdue items"),
        zh_en("最长超期（工作日）", "Worst (workdays)"),
        zh_en("最多催办", "Most urges"),
        zh_en("批评后", "Would reach"),
    ]
    lines = [
        [
            (row.unit, ""),
            (" ".join(row.items), ""),
            (str(row.worst_workdays), ""),
            (str(row.most_urges), ""),
            (label(LEVEL_LABELS, row.next_level), ""),
        ]
        for row in rows
    ]
    return grid(headers, lines, width=width, flex=1, right=(2, 3), fit=True)
