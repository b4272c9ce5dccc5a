"""The weekly report (周报) as one self-contained HTML page: inline CSS and SVG, no
script, no link; laid out for A4 print and for a phone's width.

The sections are ``render_weekly``'s, shared with the text and Markdown forms; the
page adds the week's criticisms (通报批评) and lays each column out by what it
holds: the 事项 column takes the width, ids and dates stay on one line, numbers
are right-aligned.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from duchatai.core.messages import is_zh
from duchatai.core.text import visible
from duchatai.reports.figures import UnitStats
from duchatai.reports.weekly import WeeklyReport
from duchatai.ui.render_reports import rate_text, zh_en
from duchatai.ui.render_weekly import _LATE, _UNITS, _commend_line, _counts, _sections, _title

CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       color: #222; margin: 0 auto; padding: 0 8px; max-width: 190mm; font-size: 11pt; }
h1 { font-size: 16pt; text-align: center; border-bottom: 2px solid #b71c1c; padding-bottom: 6px; }
h2 { font-size: 12.5pt; margin-top: 18px; border-left: 4px solid #b71c1c; padding-left: 6px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; page-break-inside: auto; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; white-space: nowrap; }
th.num, th.text { white-space: normal; min-width: 2.2em; }  /* headers wrap, titles keep room */
td.code, td.num { white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wide { width: 50%; min-width: 9em; }
td.text { min-width: 4.5em; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
.overdue td { background: #fdecea; }
.summary { background: #fff8e1; padding: 6px 10px; border: 1px solid #ffe082; }
.none { color: #777; }
figure { margin: 4px 0; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 16px; font-size: 9pt; color: #777; text-align: right; }
@media (max-width: 600px) {
  body { font-size: 10.5pt; }
  th, td { padding: 2px 4px; }
  h1 { font-size: 14pt; }
}
"""

_NUMBER = re.compile(r"-?\d+(\.\d+)?%?")
_CODE = re.compile(r"[A-Z]{2}-\d{4}-\d{4}|\d{4}-\d{2}-\d{2}( → \d{4}-\d{2}-\d{2})?")
_HtmlSection = tuple[str, list[list[str]], list[str], int | None]


def column_kinds(rows: Sequence[Sequence[str]], wide: int | None) -> list[str]:
    """The class of each column: ``wide`` (the one that takes the width), ``num``
    (every cell a number, a rate or "—": right-aligned), ``code`` (ids and dates: on
    one line) or ``text`` (wraps)."""
    kinds = []
    for index in range(len(rows[0]) if rows else 0):
        cells = [row[index] for row in rows if row[index] not in ("", "—")]
        if index == wide:
            kinds.append("wide")
        elif not cells:
            kinds.append("code")
        elif cells and all(_NUMBER.fullmatch(c) for c in cells):
            kinds.append("num")
        elif cells and all(_CODE.fullmatch(c) for c in cells):
            kinds.append("code")
        else:
            kinds.append("text")
    return kinds


def criticism_section(report: WeeklyReport) -> _HtmlSection:
    """The week's criticisms (本周通报批评, 第二十条): the wide column is the reason."""
    rows = [
        [
            c.id,
            c.unit,
            c.date.isoformat(),
            c.reason or "—",
            ("、" if is_zh() else ", ").join(c.items) or "—",
            c.rectify_by.isoformat() if c.rectify_by else "—",
            c.rectified_on.isoformat() if c.rectified_on else "—",
        ]
        for c in report.criticisms
    ]
    headers = [
        zh_en("编号", "ID"),
        zh_en("被通报单位", "Unit"),
        zh_en("通报日期", "Date"),
        zh_en("事由", "Reason"),
        zh_en("涉及事项", "Items"),
        zh_en("整改期限", "Rectify by"),
        zh_en("整改完成", "Rectified on"),
    ]
    return zh_en("本周通报批评(第二十条)", "Criticisms this week (art. 20)"), rows, headers, 3


def svg_chart(units: Sequence[UnitStats]) -> str:
    """An inline SVG bar chart of per-unit on-time rates (scaled down on a narrow page)."""
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


def _esc(text: str) -> str:
    return html.escape(visible(text))  # every piece of data, and no raw control characters


def _table(
    rows: list[list[str]], headers: list[str], wide: int | None, late: bool
) -> Iterator[str]:
    """A section's table, a row at a time (a week's overdue items can be tens of
    thousands of rows: the page is never held whole)."""
    kinds = column_kinds(rows, wide)
    row_class = ' class="overdue"' if late else ""
    head = "".join(
        f'<th class="{kind}">{_esc(h)}</th>' for h, kind in zip(headers, kinds, strict=True)
    )
    yield f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>'
    for row in rows:
        cells = "".join(
            f'<td class="{kind}">{_esc(c)}</td>' for c, kind in zip(row, kinds, strict=True)
        )
        yield f"<tr{row_class}>{cells}</tr>"
    yield "</tbody></table></div>"


def weekly_html(report: WeeklyReport, hints: dict[str, str]) -> str:
    """The weekly report as one self-contained HTML page (inline CSS and SVG; A4 print)."""
    return "".join(weekly_html_parts(report, hints))


def weekly_html_parts(report: WeeklyReport, hints: dict[str, str]) -> Iterator[str]:
    """``weekly_html`` in the order it is written, a heading, paragraph or table row at a
    time: ``weekly --format html`` writes each part as it comes. At 50,000 items the page
    is 11 MB; held whole as well as its rows, it took 185 MB where the other formats take
    149 MB (``benchmarks/README.md``)."""
    sections: list[tuple[int, _HtmlSection]] = [
        (index, (title, rows, headers, None if index == _UNITS else 1))
        for index, (title, rows, headers) in enumerate(_sections(report, hints))
    ]
    sections.insert(_UNITS, (-1, criticism_section(report)))
    page_lang = "zh-CN" if is_zh() else "en"
    yield (
        f'<!DOCTYPE html>\n<html lang="{page_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(_title(report))}</title><style>{CSS}</style></head><body>"
    )
    yield f"<h1>{_esc(_title(report))}</h1>"
    yield f'<p class="summary">{_esc(_counts(report))}</p>'
    for index, (title, rows, headers, wide) in sections:
        yield f"<h2>{_esc(title)}</h2>"
        if index == _UNITS:
            chart = svg_chart(report.units)
            if chart:
                yield f"<figure>{chart}</figure>"
        if not rows:
            yield f'<p class="none">{_esc(zh_en("无。", "None."))}</p>'
            continue
        yield from _table(rows, headers, wide, index in _LATE)
    if report.commend:
        yield f"<p>{_esc(_commend_line(report))}</p>"
    yield f"<footer>duchatai · {_esc(report.as_of.isoformat())}</footer>"
    yield "</body></html>\n"
