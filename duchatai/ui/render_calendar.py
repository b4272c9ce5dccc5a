"""The working-day calendar as shown: a due date's explanation and a month's grid.

``show`` prints the explanation under an item, ``calendar explain`` on its own,
``calendar month`` the grid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from duchatai.core.citation import cite
from duchatai.core.dates import day_runs
from duchatai.core.duedate import DueDate
from duchatai.core.messages import CATEGORY_LABELS, is_zh, label, t
from duchatai.core.wording import listing


def explanation_lines(basis: DueDate) -> list[str]:
    """The due date's explanation, one line per fact (what ``show`` prints)."""
    lines: list[str] = []
    if basis.basis == "workdays":
        lines.append(t("explain_workdays", start=basis.start, count=basis.count))
    elif basis.basis == "quarter-end":
        lines.append(
            t("explain_quarter", start=basis.start, count=basis.count, period_end=basis.period_end)
        )
    elif basis.basis == "months":
        lines.append(
            t("explain_months", start=basis.start, count=basis.count, period_end=basis.period_end)
        )
    else:
        lines.append(t("explain_explicit"))
    if basis.rolled_forward and basis.period_end:
        lines.append(t("explain_rolled", period_end=basis.period_end, due=basis.due))
    if basis.capped and basis.cap:
        lines.append(t("explain_capped", cap=basis.cap))
        if basis.due < basis.cap:
            lines.append(t("explain_cap_day_off", cap=basis.cap, due=basis.due))
    if basis.holidays:
        days = _ranges([(d, n) for d, n in basis.holidays])
        lines.append(t("explain_holidays", days=days))
    if basis.adjusted_workdays:
        adjusted = listing(d.isoformat() for d in basis.adjusted_workdays)
        lines.append(t("explain_adjusted", days=adjusted))
    if basis.guessed_years:
        lines.append(t("explain_guessed", years=listing(basis.guessed_years)))
    if basis.article:
        lines.append(t("explain_rule", article=cite(basis.article)))
    return lines


def _ranges(days: Sequence[tuple[dt.date, str]]) -> str:
    """Consecutive holidays of one name as ranges: ``国庆节 2026-10-01..10-07``."""
    parts = []
    for first, last, name in day_runs(days):
        shown = holiday_name(name)
        span = first.isoformat() if first == last else f"{first.isoformat()}..{last:%m-%d}"
        parts.append(f"{shown} {span}")
    return listing(parts, between="；")


HOLIDAY_NAMES = {
    "New Year's Day": ("元旦", "New Year's Day"),
    "Spring Festival": ("春节", "Spring Festival"),
    "Tomb-sweeping Day": ("清明节", "Tomb-sweeping Day"),
    "Labour Day": ("劳动节", "Labour Day"),
    "Dragon Boat Festival": ("端午节", "Dragon Boat Festival"),
    "National Day": ("国庆节", "National Day"),
    "Mid-autumn Festival": ("中秋节", "Mid-autumn Festival"),
    "Anti-Fascist 70th Day": ("抗战胜利纪念日", "Victory Day"),
    "假日": ("假日", "holiday"),  # a ledger's holiday given without a name
}
_BY_CHINESE = {zh: pair for pair in HOLIDAY_NAMES.values() for zh in pair[:1]}


def holiday_name(name: str) -> str:
    """A holiday's name in the language in force: the package's English names and the
    notice's Chinese ones (``calendar import``) are both known; any other as written."""
    pair = HOLIDAY_NAMES.get(name) or _BY_CHINESE.get(name) or (name, name)
    return pair[0] if is_zh() else pair[1]


def explanation(basis: DueDate) -> str:
    """The explanation as a block of text (``calendar explain``)."""
    name = t("show_category", name=label(CATEGORY_LABELS, basis.category), code=basis.category)
    head = f"{name} → {basis.due.isoformat()}"
    return "\n".join([head, *("  " + line for line in explanation_lines(basis))])


def month_grid(calendar: Any, year: int, month: int, today: dt.date) -> Any:
    """A month of the working-day calendar: holidays red, adjusted workdays yellow."""
    import calendar as stdcal

    from rich.table import Table
    from rich.text import Text

    zh = is_zh()
    heads = (
        ["一", "二", "三", "四", "五", "六", "日"]
        if zh
        else ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    )
    title = f"{year}年{month}月" if zh else f"{stdcal.month_name[month]} {year}"
    table = Table(title=title, box=None, show_edge=False, pad_edge=False)
    for head in heads:
        table.add_column(head, justify="right", no_wrap=True)
    for week in stdcal.Calendar().monthdatescalendar(year, month):
        cells = []
        for day in week:
            if day.month != month:
                cells.append(Text(""))
                continue
            text = f"{day.day:>2}"
            if calendar.is_adjusted_workday(day):
                style, mark = "bold yellow", "班" if zh else "w"
            elif not calendar.is_workday(day):
                style = "bold red" if calendar.holiday_name(day) else "dim"
                mark = ("休" if zh else "h") if calendar.holiday_name(day) else " "
            else:
                style, mark = "", " "
            if day == today:
                style += " reverse"
            cells.append(Text(f"{text}{mark}", style=style.strip()))
        table.add_row(*cells)
    legend = (
        "红色休 = 法定节假日，黄色班 = 调休上班日，反色 = 今天"
        if zh
        else "red h = official holiday, yellow w = adjusted workday, reversed = today"
    )
    from rich.console import Group

    return Group(table, Text(legend, style="dim"))
