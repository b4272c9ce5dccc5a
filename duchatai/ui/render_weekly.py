"""Rendering of the weekly report (周报) as plain text, Markdown and self-contained HTML.

The three forms share their sections (title, rows, headers), built once here; the
HTML page is ``render_weekly_html.py``'s.
"""

from __future__ import annotations

import html

from duchatai.core.messages import is_zh
from duchatai.core.text import visible_line
from duchatai.core.wording import listing
from duchatai.reports.weekly import WeeklyReport
from duchatai.ui.marks import shown_id
from duchatai.ui.render_reports import milestone_text, rate_text, zh_en

_Section = tuple[str, list[list[str]], list[str]]


def _sections(report: WeeklyReport, hints: dict[str, str]) -> list[_Section]:
    """(title, rows, headers) per section, shared by the text, Markdown and HTML forms.

    The order is fixed: ``weekly_html`` finds the overdue sections (``_LATE``: items
    and milestones) and the per-unit one (``_UNITS``) by their index.
    """
    return [
        *_item_sections(report),
        _overdue_section(report, hints),
        _milestone_section(report),
        *_event_sections(report),
        _units_section(report),
    ]


_LATE, _UNITS = (2, 3), 7
"""The indexes in ``_sections`` of the overdue items and late milestones, and of the
per-unit figures."""


def _id_title() -> list[str]:
    """The headers that begin most sections: ID, title, lead unit, due."""
    return [
        zh_en("编号", "ID"),
        zh_en("事项", "Title"),
        zh_en("主办单位", "Lead unit"),
        zh_en("时限", "Due"),
    ]


def _item_sections(report: WeeklyReport) -> list[_Section]:
    """New and closed this week (sections 0 and 1)."""
    id_title = _id_title()
    return [
        (
            zh_en("本周新立项", "New this week"),
            [[shown_id(i), i.title, i.lead_unit or "—", i.due.isoformat()] for i in report.new],
            id_title,
        ),
        (
            zh_en("本周办结", "Closed this week"),
            [
                [shown_id(i), i.title, i.lead_unit or "—", (i.closed_on or i.due).isoformat()]
                for i in report.closed
            ],
            [*id_title[:3], zh_en("办结日期", "Closed on")],
        ),
    ]


def _overdue_section(report: WeeklyReport, hints: dict[str, str]) -> _Section:
    """Overdue as of the report's day, with each unit's escalation hint (section 2)."""
    rows = [
        [
            shown_id(r.item),
            r.item.title,
            r.item.lead_unit or "—",
            r.due.isoformat(),
            str(r.days_overdue),
            str(r.workdays_overdue),
            str(r.item.urge_count),
            hints.get(r.item.lead_unit, ""),
        ]
        for r in report.overdue
    ]
    headers = [
        *_id_title(),
        zh_en("超期天数", "Days"),
        zh_en("超期工作日", "Workdays"),
        zh_en("催办", "Urged"),
        zh_en("问责提示", "If criticised"),
    ]
    return zh_en("超期事项", "Overdue"), rows, headers


def _milestone_section(report: WeeklyReport) -> _Section:
    """Late milestones (节点任务) as of the report's day, the items late or not (section 3)."""
    rows = [
        [
            shown_id(m.item),
            m.item.title,
            m.item.lead_unit or "—",
            milestone_text(m.number, m.title),
            m.due.isoformat(),
            str(m.days_late),
            str(m.workdays_late),
        ]
        for m in report.milestones
    ]
    headers = [
        *_id_title()[:3],
        zh_en("节点任务", "Milestone"),
        zh_en("节点时限", "Due"),
        zh_en("逾期天数", "Days late"),
        zh_en("逾期工作日", "Workdays late"),
    ]
    return zh_en("逾期节点任务（第八条）", "Late milestones (art. 8)"), rows, headers


def _event_sections(report: WeeklyReport) -> list[_Section]:
    """Weekly reports missing, extensions and urges this week (sections 4 to 6)."""
    id_title = _id_title()
    return [
        (
            zh_en("缺报周报（第十七条）", "Weekly report missing (art. 17)"),
            [
                [shown_id(i), i.title, i.lead_unit or "—", i.due.isoformat()]
                for i in report.missing_weekly
            ],
            id_title,
        ),
        (
            zh_en("本周延期", "Extensions this week"),
            [
                [shown_id(i), i.title, f"{e.previous_due} → {e.until}", e.reason]  # type: ignore[attr-defined]
                for i, e in report.extensions
            ],
            [*id_title[:2], zh_en("时限变更", "Due change"), zh_en("原因", "Reason")],
        ),
        (
            zh_en("本周催办", "Urges this week"),
            [
                [shown_id(i), i.title, i.lead_unit or "—", u.date.isoformat()]  # type: ignore[attr-defined]
                for i, u in report.urges
            ],
            [*id_title[:3], zh_en("催办日期", "Urged on")],
        ),
    ]


def _units_section(report: WeeklyReport) -> _Section:
    """The per-unit figures of the year (section 7)."""
    rows = [
        [
            u.unit,
            str(u.items),
            str(u.closed_on_time),
            str(u.closed_late),
            str(u.open_overdue),
            rate_text(u.on_time_rate),
        ]
        for u in report.units
    ]
    headers = [
        zh_en("单位", "Unit"),
        zh_en("事项", "Items"),
        zh_en("按时办结", "On time"),
        zh_en("逾期办结", "Late"),
        zh_en("在办超期", "Open overdue"),
        zh_en("按时率", "On-time rate"),
    ]
    return zh_en("各单位情况", "Per unit"), rows, headers


def _title(report: WeeklyReport) -> str:
    office = report.office or zh_en("督查室", "Supervision office")
    if is_zh():
        return f"{office}督查周报 {report.week}({report.monday} 至 {report.sunday})"
    return f"{office} weekly supervision report {report.week} ({report.monday} to {report.sunday})"


def _counts(report: WeeklyReport) -> str:
    if is_zh():
        return (
            f"新立项 {len(report.new)} 项，办结 {len(report.closed)} 项，"
            f"超期 {len(report.overdue)} 项，逾期节点任务 {len(report.milestones)} 个，"
            f"缺报周报 {len(report.missing_weekly)} 项，延期 {len(report.extensions)} 次，"
            f"催办 {len(report.urges)} 次。统计截至 {report.as_of}。"
        )
    return (
        f"{len(report.new)} new, {len(report.closed)} closed, {len(report.overdue)} overdue, "
        f"{len(report.milestones)} late milestones, "
        f"{len(report.missing_weekly)} weekly reports missing, "
        f"{len(report.extensions)} extensions, "
        f"{len(report.urges)} urges. As of {report.as_of}."
    )


def _commend_line(report: WeeklyReport) -> str:
    units = listing(report.commend)
    return zh_en(
        f"建议通报表扬（第十九条）：{units}", f"Commendation candidates (art. 19): {units}"
    )


def _md(text: str) -> str:
    """Data as Markdown text: HTML (``<``, ``>``, ``&``) and table pipes escaped, one line,
    no raw control characters. A title such as ``<img src=x onerror=…>`` stays text
    in every Markdown viewer that passes HTML through."""
    text = visible_line(text)
    if any(ch in text for ch in "&<>|"):
        text = html.escape(text, quote=False).replace("|", "\\|")
    return text


def weekly_markdown(report: WeeklyReport, hints: dict[str, str]) -> str:
    """The weekly report as Markdown (for mail and wikis)."""
    lines = [f"# {_md(_title(report))}", "", _md(_counts(report)), ""]
    for title, rows, headers in _sections(report, hints):
        lines += [f"## {title}", ""]
        if not rows:
            lines += [zh_en("无。", "None."), ""]
            continue
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---" for _ in headers) + "|")
        for row in rows:
            cells = [_md(c) for c in row]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if report.commend:
        lines += [_md(_commend_line(report)), ""]
    return "\n".join(lines)
