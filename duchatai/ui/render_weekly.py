"""Rendering of the weekly report (周报) as plain text, Markdown and self-contained HTML.

The three forms share their sections (title, rows, headers), built once here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from duchatai.core.messages import is_zh
from duchatai.core.text import visible, visible_line
from duchatai.reports.figures import UnitStats
from duchatai.reports.weekly import WeeklyReport
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
            [[i.id, i.title, i.lead_unit or "—", i.due.isoformat()] for i in report.new],
            id_title,
        ),
        (
            zh_en("本周办结", "Closed this week"),
            [
                [i.id, i.title, i.lead_unit or "—", (i.closed_on or i.due).isoformat()]
                for i in report.closed
            ],
            [*id_title[:3], zh_en("办结日期", "Closed on")],
        ),
    ]


def _overdue_section(report: WeeklyReport, hints: dict[str, str]) -> _Section:
    """Overdue as of the report's day, with each unit's escalation hint (section 2)."""
    rows = [
        [
            r.item.id,
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
            m.item.id,
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
            [[i.id, i.title, i.lead_unit or "—", i.due.isoformat()] for i in report.missing_weekly],
            id_title,
        ),
        (
            zh_en("本周延期", "Extensions this week"),
            [
                [i.id, i.title, f"{e.previous_due} → {e.until}", e.reason]  # type: ignore[attr-defined]
                for i, e in report.extensions
            ],
            [*id_title[:2], zh_en("时限变更", "Due change"), zh_en("原因", "Reason")],
        ),
        (
            zh_en("本周催办", "Urges this week"),
            [
                [i.id, i.title, i.lead_unit or "—", u.date.isoformat()]  # type: ignore[attr-defined]
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
    units = "、".join(report.commend) if is_zh() else ", ".join(report.commend)
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


def weekly_text(report: WeeklyReport, hints: dict[str, str], width: int = 100) -> str:
    """The weekly report as plain text (Rich tables rendered without colour)."""
    import io

    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, no_color=True, highlight=False, force_terminal=False,
        markup=False,  # data such as "[/]" is text, not a Rich tag
    )
    console.print(_title(report))
    console.print(_counts(report))
    for title, rows, headers in _sections(report, hints):
        console.print()
        console.print(f"【{title}】" if is_zh() else f"== {title} ==")
        if not rows:
            console.print(zh_en("  无", "  none"))
            continue
        table = Table(box=None, show_edge=False, pad_edge=False, header_style="")
        for head in headers:
            table.add_column(head, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    if report.commend:
        console.print()
        console.print(_commend_line(report))
    # Mailed and cron output too: never a raw escape from the data.
    return visible(buffer.getvalue())


def _svg_chart(units: Sequence[UnitStats]) -> str:
    """An inline SVG bar chart of per-unit on-time rates."""
    rated = [u for u in units if u.on_time_rate is not None][:20]
    if not rated:
        return ""
    bar_h, gap, left, width = 18, 6, 190, 360
    height = len(rated) * (bar_h + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + width + 70}" '
        f'height="{height}" viewBox="0 0 {left + width + 70} {height}" '
        f'aria-label="{html.escape(zh_en("各单位按时办结率", "On-time rate per unit"))}">'
    ]
    for index, unit in enumerate(rated):
        y = 10 + index * (bar_h + gap)
        rate = unit.on_time_rate or 0.0
        color = "#2e7d32" if rate >= 0.9 else "#f9a825" if rate >= 0.6 else "#c62828"
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{html.escape(visible(unit.unit))}</text>"
        )
        parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="{bar_h}" fill="#eeeeee"/>')
        parts.append(
            f'<rect x="{left}" y="{y}" width="{rate * width:.1f}" height="{bar_h}" fill="{color}"/>'
        )
        parts.append(
            f'<text x="{left + width + 6}" y="{y + 13}" font-size="12">{rate_text(rate)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       color: #222; margin: 0 auto; max-width: 190mm; font-size: 11pt; }
h1 { font-size: 16pt; text-align: center; border-bottom: 2px solid #b71c1c; padding-bottom: 6px; }
h2 { font-size: 12.5pt; margin-top: 18px; border-left: 4px solid #b71c1c; padding-left: 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; page-break-inside: auto; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th, td.nowrap { white-space: nowrap; }
th { background: #f3f3f3; }
tr { page-break-inside: avoid; }
.overdue td { background: #fdecea; }
.summary { background: #fff8e1; padding: 6px 10px; border: 1px solid #ffe082; }
.none { color: #777; }
footer { margin-top: 16px; font-size: 9pt; color: #777; text-align: right; }
"""


def weekly_html(report: WeeklyReport, hints: dict[str, str]) -> str:
    """The weekly report as one self-contained HTML page (inline CSS and SVG; A4 print)."""
    def esc(text: str) -> str:
        return html.escape(visible(text))  # every piece of data, and no raw control characters

    body = [f"<h1>{esc(_title(report))}</h1>", f'<p class="summary">{esc(_counts(report))}</p>']
    for index, (title, rows, headers) in enumerate(_sections(report, hints)):
        body.append(f"<h2>{esc(title)}</h2>")
        if index == _UNITS:
            chart = _svg_chart(report.units)
            if chart:
                body.append(f"<figure>{chart}</figure>")
        if not rows:
            body.append(f'<p class="none">{esc(zh_en("无。", "None."))}</p>')
            continue
        row_class = ' class="overdue"' if index in _LATE else ""
        body.append("<table><thead><tr>")
        body.append("".join(f"<th>{esc(h)}</th>" for h in headers))
        body.append("</tr></thead><tbody>")
        for row in rows:
            # Ids, dates, numbers and unit names stay on one line; titles wrap.
            cells = "".join(
                f'<td class="nowrap">{esc(c)}</td>' if len(c) <= 12 else f"<td>{esc(c)}</td>"
                for c in row
            )
            body.append(f"<tr{row_class}>{cells}</tr>")
        body.append("</tbody></table>")
    if report.commend:
        body.append(f"<p>{esc(_commend_line(report))}</p>")
    body.append(f"<footer>duchatai · {esc(report.as_of.isoformat())}</footer>")
    page_lang = "zh-CN" if is_zh() else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{page_lang}"><head><meta charset="utf-8">'
        f"<title>{esc(_title(report))}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
