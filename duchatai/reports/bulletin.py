"""The office's bulletin (《督查专报》, 第十九条): a week, a month or a year as a document.

Its figures are the weekly report's over the span asked for (``Facts``, read as
``weekly`` reads them): how many items were registered, what was closed, what is
overdue by unit, the units commended and those criticised, and the on-time table
of the year (第十九条: results feed the annual assessment). ``ui/docx_render.py``
lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from duchatai.core.criticism import Criticism
from duchatai.core.document_texts import Heading, numbered, zh
from duchatai.core.documents import BULLETIN, PLAIN, Block, Document, Para, Table, chinese_date
from duchatai.core.messages import CATEGORY_LABELS
from duchatai.core.profile import Profile
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.data import OverdueRow, overdue
from duchatai.reports.figures import UnitStats, commendation_candidates, tally_stats
from duchatai.reports.weekly import Source, closed_in, criticisms_in, new_in, report_day


class Closed(NamedTuple):
    """An item closed in the span, as the bulletin names it."""

    id: str
    title: str
    lead_unit: str
    category: str
    closed_on: dt.date


READ_AT_ONCE = 500
"""Closed items read whole at a time, each then kept as its ``Closed`` line: a year's are
thousands (15,000 of 50,000), and all whole at once they took 40 MB. (The cache looks up
as many rows by key, ``store.rows.Rows.fetch``; more it reads in a pass over all.)"""


@dataclass
class Facts:
    """What a bulletin of a span says: the weekly report's lists and figures over it, the
    items registered in it only counted (a year's are every item of the year)."""

    first: dt.date
    last: dt.date
    as_of: dt.date
    """The day the span is reported as of: its last day, or today if earlier."""
    new: int
    closed: list[Closed]
    """Closed in the span, by id: the only items read whole (``READ_AT_ONCE`` at a time)."""
    overdue: list[OverdueRow]
    units: list[UnitStats]
    commend: list[str]
    criticisms: list[Criticism]


def facts(
    source: Source,
    period: tuple[dt.date, dt.date],
    today: dt.date,
    calendar: WorkCalendar,
    profile: Profile,
    *,
    criticisms: Iterable[Criticism] = (),
) -> Facts:
    """The bulletin's facts of ``period`` from what a report on its day reads (``Source``:
    the cache's tallies and briefs for the command). Only the items closed in the span
    are read whole; what ``weekly.tallied_report`` would list of the span, save the
    weekly gaps, extensions and urges the bulletin does not print."""
    first, last = period
    day = report_day(period, today)
    start, end = first.toordinal(), last.toordinal()
    closed = {t.id for t in source.tallies if closed_in(t, start, end)}
    units = tally_stats(source.tallies, day.year, day, profile)
    return Facts(
        first=first,
        last=last,
        as_of=day,
        new=sum(1 for t in source.tallies if new_in(t, start, end)),
        closed=_closed_in(source, closed),
        overdue=overdue(source.briefs, day, calendar, profile),
        units=units,
        commend=commendation_candidates(units, profile.commend_min_items),
        criticisms=criticisms_in(criticisms, first, day),
    )


def _closed_in(source: Source, ids: set[str]) -> list[Closed]:
    """The items of ``ids`` as the bulletin lists them, by id."""
    wanted = sorted(ids)
    found: list[Closed] = []
    for at in range(0, len(wanted), READ_AT_ONCE):
        found += (
            Closed(i.id, i.title, i.lead_unit, i.category, i.closed_on)
            for i in source.fetch(set(wanted[at : at + READ_AT_ONCE]))
            if i.closed_on is not None
        )
    return sorted(found, key=lambda c: c.id)


def period_name(first: dt.date, last: dt.date) -> str:
    """The span as the bulletin names it: 2026年第47周, 2026年11月, 2026年."""
    if first.month == 1 and first.day == 1 and (last - first).days >= 364:
        return f"{first.year}年"
    if (last - first).days == 6 and first.weekday() == 0:
        iso = first.isocalendar()
        return f"{iso.year}年第{iso.week}周"
    return f"{first.year}年{first.month}月"


def bulletin(report: Facts, title: str, head: Heading) -> Document:
    """《督查专报》 of the span of ``report``, titled ``title`` (``bulletin_title``)."""
    span = period_name(report.first, report.last)
    body: list[Block] = [
        numbered(0, "总体情况"),
        Para(
            f"{span}（{chinese_date(report.first)}至{chinese_date(report.last)}），"
            f"新立项督查事项{report.new}项，办结{len(report.closed)}项；"
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


def _closed(report: Facts) -> list[Block]:
    if not report.closed:
        return [Para("本期无。")]
    return [
        Para(
            f"{item.id}  {item.title}（{item.lead_unit or '—'}，"
            f"{zh(CATEGORY_LABELS, item.category)}），{chinese_date(item.closed_on)}办结。",
            PLAIN,
        )
        for item in report.closed
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
