"""Human output: Rich tables and text for terminals, in the language in force.

Colour follows Rich's rules: off when stdout is not a terminal or ``NO_COLOR``
is set. Functions take data and ``today``; they never read the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from duchatai.core.deadlines import DueDate
from duchatai.core.messages import (
    CATEGORY_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    REPORT_LABELS,
    STATUS_LABELS,
    is_zh,
    label,
    t,
)
from duchatai.core.model import Item

LIGHT_STYLE = {"red": "bold red", "yellow": "yellow", "blue": "blue", "green": "green"}
LIGHT_MARK = {
    "red": ("● 红", "● red"),
    "yellow": ("● 黄", "● yellow"),
    "blue": ("● 蓝", "● blue"),
    "green": ("● 绿", "● green"),
}

_console: Any = None


def console() -> Any:
    """The stdout console, made anew when the terminal's width setting changed.

    (Created on first use: Rich is slow to import.)
    """
    global _console
    import os

    key = (os.environ.get("COLUMNS"), os.environ.get("NO_COLOR"))
    if _console is None or _console[0] != key:
        _console = (key, _safe_console())
    return _console[1]


def _safe_console() -> Any:
    """A Rich console whose text never carries raw control characters from data.

    Files may hold what the tool refuses to store (hand edits): ESC, BEL, C1
    controls, bidi overrides. Every text segment is shown through
    ``text.visible`` just before it is written; only Rich's own control
    segments and the colour codes it adds around the text pass unchanged.
    """
    from rich.console import Console
    from rich.segment import Segment

    from duchatai.core.text import visible

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Any) -> str:
            return str(
                super()._render_buffer(
                    segment if segment.control else Segment(visible(segment.text), segment.style)
                    for segment in buffer
                )
            )

    # No markup: data such as "[/]" or "[link=…]" in a title is text, not a Rich tag.
    return SafeConsole(highlight=False, soft_wrap=False, markup=False)


def out(*renderables: Any) -> None:
    """Print to stdout through Rich."""
    console().print(*renderables)


def term_width() -> int:
    """The output width as Rich would take it: ``COLUMNS``, the terminal, else 80."""
    import os
    import shutil
    import sys

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return 80


def use_color() -> bool:
    """Colours only on a terminal, and not when ``NO_COLOR`` is set or ``TERM=dumb``."""
    import os
    import sys

    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def write_line(text: str, style: str = "") -> None:
    """One line to stdout, styled with ANSI codes on a colour terminal, without Rich."""
    from duchatai.ui.grid import Grid

    write_grid(Grid([[(text, style)]]))


def write_grid(table: Any) -> None:
    """Write a ``Grid`` straight to stdout: colours only on a terminal without NO_COLOR."""
    import sys

    if _console is not None:
        _console[1].file.flush()
    sys.stdout.write(table.render(color=use_color()))
    sys.stdout.flush()


def light_text(light: str | None) -> Any:
    from rich.text import Text

    if light is None:
        return Text("")
    zh, en = LIGHT_MARK[light]
    return Text(zh if is_zh() else en, style=LIGHT_STYLE[light])


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
    if basis.holidays:
        days = _ranges([(d, n) for d, n in basis.holidays])
        lines.append(t("explain_holidays", days=days))
    if basis.adjusted_workdays:
        adjusted = ", ".join(d.isoformat() for d in basis.adjusted_workdays)
        lines.append(t("explain_adjusted", days=adjusted))
    if basis.guessed_years:
        lines.append(t("explain_guessed", years=", ".join(map(str, basis.guessed_years))))
    if basis.article:
        lines.append(t("explain_rule", article=basis.article))
    return lines


def _ranges(days: Sequence[tuple[dt.date, str]]) -> str:
    """Consecutive holidays of one name as ranges: ``国庆节 2026-10-01..10-07``."""
    groups: list[tuple[str, dt.date, dt.date]] = []
    for day, name in days:
        if groups and groups[-1][0] == name and (day - groups[-1][2]).days == 1:
            groups[-1] = (name, groups[-1][1], day)
        else:
            groups.append((name, day, day))
    parts = []
    for name, first, last in groups:
        shown = HOLIDAY_NAMES.get(name, (name, name))[0 if is_zh() else 1]
        span = first.isoformat() if first == last else f"{first.isoformat()}..{last:%m-%d}"
        parts.append(f"{shown} {span}")
    return "; ".join(parts)


HOLIDAY_NAMES = {
    "New Year's Day": ("元旦", "New Year's Day"),
    "Spring Festival": ("春节", "Spring Festival"),
    "Tomb-sweeping Day": ("清明节", "Tomb-sweeping Day"),
    "Labour Day": ("劳动节", "Labour Day"),
    "Dragon Boat Festival": ("端午节", "Dragon Boat Festival"),
    "National Day": ("国庆节", "National Day"),
    "Mid-autumn Festival": ("中秋节", "Mid-autumn Festival"),
    "Anti-Fascist 70th Day": ("抗战胜利纪念日", "Victory Day"),
}


def explanation(basis: DueDate) -> str:
    """The explanation as a block of text (``calendar explain``)."""
    head = f"{label(CATEGORY_LABELS, basis.category)} ({basis.category}) → {basis.due.isoformat()}"
    return "\n".join([head, *("  " + line for line in explanation_lines(basis))])


def item_detail(item: Item, today: dt.date, light: str | None) -> Any:
    """Everything ``show`` prints about one item."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    zh = is_zh()
    head = Text()
    head.append(f"{item.id}  ", style="bold")
    head.append(item.title, style="bold")
    head.append("  ")
    head.append_text(light_text(light))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()

    def row(zh_label: str, en_label: str, value: Any) -> None:
        if value not in (None, "", []):
            fields.add_row(zh_label if zh else en_label, value)

    row("类别", "Category", f"{label(CATEGORY_LABELS, item.category)} ({item.category})")
    row("状态", "Status", label(STATUS_LABELS, item.status.value))
    row("督查类型", "Kind", label(KIND_LABELS, item.kind))
    row("来源", "Source", item.source)
    row("立项日期", "Start", item.start.isoformat() + _recorded(item.recorded_on.get("register")))
    row("办理时限", "Due", item.due.isoformat())
    row("主办单位", "Lead unit", item.lead_unit)
    row("协办单位", "Co-units", "、".join(item.co_units) if zh else ", ".join(item.co_units))
    row("责任人", "Responsible", item.responsible)
    row("审定人", "Approved by", item.approved_by)
    row("交办日期", "Assigned on", _dated(item.assigned_on, item, "assign"))
    row("周报制", "Weekly duty", ("是" if zh else "yes") if item.weekly else "")
    row("情况复杂", "Complex", ("是" if zh else "yes") if item.complex else "")
    methods = [label(METHOD_LABELS, m) for m in item.methods]
    row("督查方式", "Methods", "、".join(methods) if zh else ", ".join(methods))
    row("办结日期", "Closed on", _dated(item.closed_on, item, "close"))
    row("办结说明", "Close note", item.close_note)
    row("归档日期", "Archived on", _dated(item.archived_on, item, "archive"))
    parts: list[Any] = [head, fields]
    if item.due_basis:
        try:
            basis = DueDate.from_record(item.due_basis)
            title = "时限依据" if zh else "How the due date was set"
            parts.append(Text(f"\n{title}", style="bold"))
            parts.extend(Text("  " + line) for line in explanation_lines(basis))
        except (KeyError, ValueError, TypeError):
            pass
    from duchatai.core.brief import brief_of

    late = {n for n, _, _ in brief_of(item).overdue_milestones(today)}
    if item.milestones:
        parts.append(Text("\n" + ("节点任务" if zh else "Milestones"), style="bold"))
        for n, ms in enumerate(item.milestones, 1):
            if ms.done:
                state, style = (f"已完成 {ms.done}" if zh else f"done {ms.done}"), "green"
                state += _recorded(ms.recorded_on)
            elif n in late:
                state, style = ("已逾期" if zh else "overdue"), "bold red"
            else:
                state, style = ("未完成" if zh else "open"), ""
            line = Text(f"  {n}. {ms.due.isoformat()}  {ms.title}  ")
            line.append(state, style=style)
            parts.append(line)
    history = _history(item)
    if history:
        parts.append(Text("\n" + ("办理记录" if zh else "History"), style="bold"))
        parts.extend(Text("  " + line) for line in history)
    return Group(*parts)


def _history(item: Item) -> list[str]:
    """Reports, urges, reviews and extensions merged by date."""
    zh = is_zh()
    events: list[tuple[dt.date, int, str]] = []
    for n, urge in enumerate(item.urges, 1):
        note = f":{urge.note}" if urge.note and zh else (f": {urge.note}" if urge.note else "")
        what = (
            f"第{n}次催办({label(METHOD_LABELS, urge.method)})"
            if zh
            else (f"urge #{n} ({label(METHOD_LABELS, urge.method)})")
        )
        events.append((urge.date, 1, f"{what}{note}{_recorded(urge.recorded_on)}"))
    for report in item.reports:
        signer = ""
        if report.signed_by:
            signer = f"[{report.signed_by}签发" if zh else f"[signed by {report.signed_by}"
            signer += ("·已盖章]" if zh else ", sealed]") if report.sealed else "]"
        elif report.sealed:
            signer = "[已盖章]" if zh else "[sealed]"
        kind = label(REPORT_LABELS, report.kind)
        events.append(
            (
                report.date,
                2,
                (f"{kind}{signer}:{report.text}" if zh else f"{kind} {signer}: {report.text}")
                + _recorded(report.recorded_on),
            )
        )
    for review in item.reviews:
        if review.accepted:
            text = "审核通过" if zh else "review: accepted"
        else:
            text = (
                f"审核退回:{review.reason};新时限 {review.new_due}"
                if zh
                else f"review: returned ({review.reason}); new due {review.new_due}"
            )
        events.append((review.date, 3, text + _recorded(review.recorded_on)))
    for ext in item.extensions:
        late = ("(逾期申请)" if zh else " (applied late)") if ext.late else ""
        text = (
            f"延期 {ext.previous_due} → {ext.until}{late}:{ext.reason}"
            if zh
            else f"extended {ext.previous_due} → {ext.until}{late}: {ext.reason}"
        )
        events.append((ext.date, 4, text + _recorded(ext.recorded_on)))
    events.sort(key=lambda e: (e[0], e[1]))
    return [f"{day.isoformat()}  {text}" for day, _, text in events]


def _recorded(day: dt.date | None) -> str:
    """"(补录于 …)" after a record written later than its date (``recorded_on``)."""
    return t("recorded_on_note", date=day.isoformat()) if day is not None else ""


def _dated(day: dt.date | None, item: Item, event: str) -> str:
    """An item-level date, with "(补录于 …)" when the event was written later."""
    if day is None:
        return ""
    return day.isoformat() + _recorded(item.recorded_on.get(event))


def item_list(rows: Sequence[tuple[Item, str | None]], width: int = 80) -> Any:
    """The ``list`` table: light, id, title (folded to fit), lead unit, due, status."""
    from duchatai.ui.grid import grid

    zh = is_zh()
    headers = [
        "",
        "编号" if zh else "ID",
        "事项" if zh else "Title",
        "主办单位" if zh else "Lead unit",
        "时限" if zh else "Due",
        "状态" if zh else "Status",
    ]
    lines = [
        [
            ("●" if light else "", LIGHT_STYLE.get(light or "", "")),
            (item.id, ""),
            (item.title, ""),
            (item.lead_unit or "—", ""),
            (item.due.isoformat(), ""),
            (label(STATUS_LABELS, item.status.value), ""),
        ]
        for item, light in rows
    ]
    return grid(headers, lines, width=width, flex=2)


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
                style, mark = "bold yellow", "班"
            elif not calendar.is_workday(day):
                style = "bold red" if calendar.holiday_name(day) else "dim"
                mark = "休" if calendar.holiday_name(day) else " "
            else:
                style, mark = "", " "
            if day == today:
                style += " reverse"
            cells.append(Text(f"{text}{mark}", style=style.strip()))
        table.add_row(*cells)
    legend = (
        "红色休 = 法定节假日, 黄色班 = 调休上班日, 反色 = 今天"
        if zh
        else "red 休 = official holiday, yellow 班 = adjusted workday, reversed = today"
    )
    from rich.console import Group

    return Group(table, Text(legend, style="dim"))
