"""The office's bulletin (《督查专报》, 第十九条): a week, a month or a year as a document.

Its figures are the weekly report's (``weekly.period_report``) over the span
asked for: what was closed, what is overdue by unit, the units commended and
those criticised, and the on-time table of the year (第十九条: results feed the
annual assessment). ``ui/docx_render.py`` lays it out.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.document_texts import Heading, numbered, zh
from duchatai.core.documents import BULLETIN, PLAIN, Block, Document, Para, Table, chinese_date
from duchatai.core.messages import CATEGORY_LABELS
from duchatai.reports.data import OverdueRow
from duchatai.reports.figures import UnitStats
from duchatai.reports.weekly import WeeklyReport


def period_name(first: dt.date, last: dt.date) -> str:
    """The span as the bulletin names it: 2026年第47周, 2026年11月, 2026年."""
    if first.month == 1 and first.day == 1 and (last - first).days >= 364:
        return f"{first.year}年"
    if (last - first).days == 6 and first.weekday() == 0:
        iso = first.isocalendar()
        return f"{iso.year}年第{iso.week}周"
    return f"{first.year}年{first.month}月"


def bulletin(report: WeeklyReport, title: str, head: Heading) -> Document:
    """《督查专报》 of the span of ``report``, titled ``title`` (``bulletin_title``)."""
    span = period_name(report.monday, report.sunday)
    body: list[Block] = [
        numbered(0, "总体情况"),
        Para(
            f"{span}（{chinese_date(report.monday)}至{chinese_date(report.sunday)}），"
            f"新立项督查事项{len(report.new)}项，办结{len(report.closed)}项；"
            f"截至{chinese_date(report.as_of)}，超期未办结{len(report.overdue)}项。"
        ),
        numbered(1, "办结事项"),
        *_closed(report),
        numbered(2, "超期未办结事项"),
        *_overdue(report.overdue),
        numbered(3, "通报表扬"),
        Para(
            f"{'、'.join(report.commend)}所承办事项全部按期办结，予以通报表扬（第十九条）。"
            if report.commend
            else "本期无。"
        ),
        numbered(4, "通报批评"),
        *(
            [Para(f"{c.unit}：{c.reason}（{c.id}，{chinese_date(c.date)}）。", PLAIN)
             for c in report.criticisms]
            or [Para("本期无。")]
        ),
        numbered(5, f"{report.as_of.year}年各单位按期办结情况"),
        _on_time_table(report.units),
    ]
    return head.document(BULLETIN, title, f"{span}督查工作情况", body)


def _closed(report: WeeklyReport) -> list[Block]:
    if not report.closed:
        return [Para("本期无。")]
    return [
        Para(
            f"{item.id}  {item.title}（{item.lead_unit or '—'}，"
            f"{zh(CATEGORY_LABELS, item.category)}），{chinese_date(item.closed_on)}办结。",
            PLAIN,
        )
        for item in report.closed
        if item.closed_on is not None
    ]


def _overdue(rows: list[OverdueRow]) -> list[Block]:
    """The overdue items grouped by lead unit, the unit with most first."""
    if not rows:
        return [Para("本期无。")]
    by_unit: dict[str, list[OverdueRow]] = {}
    for row in rows:
        by_unit.setdefault(row.item.lead_unit or "—", []).append(row)
    out: list[Block] = []
    for unit, group in sorted(by_unit.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        out.append(Para(f"{unit}（{len(group)}项）：", PLAIN))
        out += [
            Para(
                f"{row.item.id}  {row.item.title}，办理时限{chinese_date(row.due)}，"
                f"已超期{row.workdays_overdue}个工作日。",
                PLAIN,
            )
            for row in group
        ]
    return out


def _on_time_table(units: list[UnitStats]) -> Table:
    """按期办结率 by unit: the figures of ``stats`` (第十九条)."""
    rows = tuple(
        (
            row.unit,
            str(row.items),
            str(row.closed_on_time),
            str(row.closed_late),
            str(row.open_overdue),
            "—" if row.on_time_rate is None else f"{row.on_time_rate * 100:.1f}%",
        )
        for row in units
    )
    return Table(("单位", "事项", "按期办结", "逾期办结", "超期未办结", "按期率"), rows)
