"""Rendering of the reports: the morning overdue table, due-soon, stats,
escalation, and the weekly report as text, Markdown and self-contained HTML.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any

from duchatai.core.messages import LEVEL_LABELS, STATUS_LABELS, is_zh, label
from duchatai.core.text import visible, visible_line
from duchatai.reports.data import DueRow, OverdueRow, Suggestion, UnitStats, WeeklyReport
from duchatai.ui.grid import Line, grid


def _h(zh: str, en: str) -> str:
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
    title, due date, days/working days overdue, state and urge count. Overdue
    milestones (节点任务) follow their item.
    """
    groups: dict[str, list[OverdueRow]] = {}
    for row in rows:
        groups.setdefault(row.item.lead_unit, []).append(row)
    lines: list[Line | list[tuple[str, str]]] = []
    for unit, unit_rows in groups.items():
        head = unit or _h("(未交办)", "(unassigned)")
        head += _h(f"  超期 {len(unit_rows)} 项", f"  {len(unit_rows)} overdue")
        if unit and hints.get(unit):
            head += _h(f"  若通报批评:{hints[unit]}", f"  if criticised: {hints[unit]}")
        lines.append(Line(head, "bold"))
        for row in unit_rows:
            item = row.item
            lines.append(
                [
                    ("●", "bold red"),
                    (item.id, ""),
                    (item.title, ""),
                    (row.due.isoformat(), ""),
                    (f"{row.days_overdue}/{row.workdays_overdue}", "red"),
                    (label(STATUS_LABELS, item.status.value), ""),
                    (str(item.urge_count), ""),
                ]
            )
            for n, title, due in row.milestones:
                text = _h(f"└ 节点{n}:{title}", f"└ milestone {n}: {title}")
                lines.append(
                    [
                        ("", ""),
                        ("", ""),
                        (text, "red"),
                        (due.isoformat(), "red"),
                        (str((today - due).days), "red"),
                        ("", ""),
                        ("", ""),
                    ]
                )
    headers = [
        "",
        _h("编号", "ID"),
        _h("事项", "Title"),
        _h("时限", "Due"),
        _h("超期天/工作日", "Late d/wd"),
        _h("状态", "Status"),
        _h("催办", "Urged"),
    ]
    return grid(headers, lines, width=width, flex=2, right=(4, 6))


def overdue_summary(
    rows: Sequence[OverdueRow], today: dt.date, missing_weekly: int, due_soon: int
) -> str:
    """The one-line summary under the morning report."""
    units = len({r.item.lead_unit for r in rows})
    worst = rows[0].days_overdue if rows else 0
    if is_zh():
        return (
            f"{today.isoformat()}:超期 {len(rows)} 项,涉及 {units} 个单位,最长超期 {worst} 天\n"
            f"{today.isoformat()}:即将到期 {due_soon} 项,缺报周报 {missing_weekly} 项"
        )
    return (
        f"{today.isoformat()}: {len(rows)} overdue across {units} units, worst {worst} days\n"
        f"{today.isoformat()}: {due_soon} due soon, {missing_weekly} weekly reports missing"
    )


def due_table(rows: Sequence[DueRow]) -> Any:
    """Items due within N working days, soonest first."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column(_h("编号", "ID"), no_wrap=True)
    table.add_column(_h("事项", "Title"), overflow="fold", ratio=3)
    table.add_column(_h("主办单位", "Lead unit"), overflow="fold", ratio=2)
    table.add_column(_h("时限", "Due"), no_wrap=True)
    table.add_column(_h("剩余工作日", "Workdays left"), justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            Text("●", style="yellow"),
            row.item.id,
            row.item.title,
            row.item.lead_unit or "—",
            row.item.due.isoformat(),
            str(row.workdays_left),
        )
    return table


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def stats_table(rows: Sequence[UnitStats], commend: Sequence[str]) -> Any:
    """Per-unit figures for the year."""
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_h("单位", "Unit"), overflow="fold")
    for zh, en in (
        ("事项", "Items"),
        ("按时办结", "On time"),
        ("逾期办结", "Late"),
        ("在办超期", "Open overdue"),
        ("按时率", "On-time rate"),
    ):
        table.add_column(_h(zh, en), justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for row in rows:
        table.add_row(
            row.unit,
            str(row.items),
            str(row.closed_on_time),
            str(row.closed_late),
            str(row.open_overdue),
            _rate(row.on_time_rate),
            _h("★ 建议表扬", "★ commend") if row.unit in commend else "",
        )
    return table


def escalation_table(rows: Sequence[Any]) -> Any:
    """Per unit: criticisms this year, open rectifications, level and clause."""
    from rich.table import Table
    from rich.text import Text

    styles = {
        "none": "",
        "criticism": "yellow",
        "admonition": "bold red",
        "disciplinary": "bold magenta",
    }
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_h("单位", "Unit"), overflow="fold")
    table.add_column(_h("年度批评", "Criticisms"), justify="right", no_wrap=True)
    table.add_column(_h("待整改", "Open rectif."), justify="right", no_wrap=True)
    table.add_column(_h("问责层级", "Level"), no_wrap=True)
    table.add_column(_h("依据", "Clause"), overflow="fold")
    table.add_column(_h("再批评一次", "Next criticism"), overflow="fold")
    for row in rows:
        table.add_row(
            row.unit,
            str(row.count),
            str(len(row.open_rectifications)),
            Text(label(LEVEL_LABELS, row.level.value), style=styles[row.level.value]),
            row.clause,
            level_hint(row.count, row.next_level.value),
        )
    return table


def suggestion_table(rows: Sequence[Suggestion]) -> Any:
    """Units that are candidates for criticism today."""
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_h("单位", "Unit"), overflow="fold")
    table.add_column(_h("超期事项", "Overdue items"), overflow="fold")
    table.add_column(_h("最长超期(工作日)", "Worst (workdays)"), justify="right", no_wrap=True)
    table.add_column(_h("最多催办", "Most urges"), justify="right", no_wrap=True)
    table.add_column(_h("批评后", "Would reach"), no_wrap=True)
    for row in rows:
        table.add_row(
            row.unit,
            " ".join(row.items),
            str(row.worst_workdays),
            str(row.most_urges),
            label(LEVEL_LABELS, row.next_level),
        )
    return table


# -- the weekly report ------------------------------------------------------


def _sections(
    report: WeeklyReport, hints: dict[str, str]
) -> list[tuple[str, list[list[str]], list[str]]]:
    """(title, rows, headers) per section, shared by the text, Markdown and HTML forms."""
    id_title = [
        _h("编号", "ID"),
        _h("事项", "Title"),
        _h("主办单位", "Lead unit"),
        _h("时限", "Due"),
    ]
    sections = [
        (
            _h("本周新立项", "New this week"),
            [[i.id, i.title, i.lead_unit or "—", i.due.isoformat()] for i in report.new],
            id_title,
        ),
        (
            _h("本周办结", "Closed this week"),
            [
                [i.id, i.title, i.lead_unit or "—", (i.closed_on or i.due).isoformat()]
                for i in report.closed
            ],
            [*id_title[:3], _h("办结日期", "Closed on")],
        ),
        (
            _h("超期事项", "Overdue"),
            [
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
            ],
            [
                *id_title,
                _h("超期天数", "Days"),
                _h("超期工作日", "Workdays"),
                _h("催办", "Urged"),
                _h("问责提示", "If criticised"),
            ],
        ),
        (
            _h("缺报周报(第十七条)", "Weekly report missing (art. 17)"),
            [[i.id, i.title, i.lead_unit or "—", i.due.isoformat()] for i in report.missing_weekly],
            id_title,
        ),
        (
            _h("本周延期", "Extensions this week"),
            [
                [i.id, i.title, f"{e.previous_due} → {e.until}", e.reason]  # type: ignore[attr-defined]
                for i, e in report.extensions
            ],
            [*id_title[:2], _h("时限变更", "Due change"), _h("原因", "Reason")],
        ),
        (
            _h("本周催办", "Urges this week"),
            [
                [i.id, i.title, i.lead_unit or "—", u.date.isoformat()]  # type: ignore[attr-defined]
                for i, u in report.urges
            ],
            [*id_title[:3], _h("催办日期", "Urged on")],
        ),
        (
            _h("各单位情况", "Per unit"),
            [
                [
                    u.unit,
                    str(u.items),
                    str(u.closed_on_time),
                    str(u.closed_late),
                    str(u.open_overdue),
                    _rate(u.on_time_rate),
                ]
                for u in report.units
            ],
            [
                _h("单位", "Unit"),
                _h("事项", "Items"),
                _h("按时办结", "On time"),
                _h("逾期办结", "Late"),
                _h("在办超期", "Open overdue"),
                _h("按时率", "On-time rate"),
            ],
        ),
    ]
    return sections


def _title(report: WeeklyReport) -> str:
    office = report.office or _h("督查室", "Supervision office")
    if is_zh():
        return f"{office}督查周报 {report.week}({report.monday} 至 {report.sunday})"
    return f"{office} weekly supervision report {report.week} ({report.monday} to {report.sunday})"


def _counts(report: WeeklyReport) -> str:
    if is_zh():
        return (
            f"新立项 {len(report.new)} 项,办结 {len(report.closed)} 项,"
            f"超期 {len(report.overdue)} 项,"
            f"缺报周报 {len(report.missing_weekly)} 项,延期 {len(report.extensions)} 次,"
            f"催办 {len(report.urges)} 次。统计截至 {report.as_of}。"
        )
    return (
        f"{len(report.new)} new, {len(report.closed)} closed, {len(report.overdue)} overdue, "
        f"{len(report.missing_weekly)} weekly reports missing, "
        f"{len(report.extensions)} extensions, "
        f"{len(report.urges)} urges. As of {report.as_of}."
    )


def _commend_line(report: WeeklyReport) -> str:
    units = "、".join(report.commend) if is_zh() else ", ".join(report.commend)
    return _h(f"建议通报表扬(第十九条):{units}", f"Commendation candidates (art. 19): {units}")


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
            lines += [_h("无。", "None."), ""]
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
            console.print(_h("  无", "  none"))
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
        f'aria-label="{html.escape(_h("各单位按时办结率", "On-time rate per unit"))}">'
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
            f'<text x="{left + width + 6}" y="{y + 13}" font-size="12">{_rate(rate)}</text>'
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
        if index == 6:
            chart = _svg_chart(report.units)
            if chart:
                body.append(f"<figure>{chart}</figure>")
        if not rows:
            body.append(f'<p class="none">{esc(_h("无。", "None."))}</p>')
            continue
        row_class = ' class="overdue"' if index == 2 else ""
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
