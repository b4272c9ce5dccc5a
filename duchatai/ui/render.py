"""Human output: Rich tables and text for terminals, in the language in force.

Colour follows Rich's rules: off when stdout is not a terminal or ``NO_COLOR``
is set. Functions take data and ``today``; they never read the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from duchatai.core.duedate import DueDate
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
from duchatai.core.profile import CategoryRule
from duchatai.core.weeklyduty import missed_weeks, week_label, weekly_duty
from duchatai.ui.marks import id_cell, shown_id
from duchatai.ui.render_calendar import explanation_lines
from duchatai.ui.render_corrections import history_events

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
    """Write a ``Grid`` straight to stdout, coloured when ``use_color`` says so."""
    import sys

    if _console is not None:
        _console[1].file.flush()
    sys.stdout.write(table.render(color=use_color()))
    sys.stdout.flush()


def light_text(light: str | None) -> Any:
    """The traffic light as coloured text (``● 红``); empty for a closed item (None)."""
    from rich.text import Text

    if light is None:
        return Text("")
    zh, en = LIGHT_MARK[light]
    return Text(zh if is_zh() else en, style=LIGHT_STYLE[light])


def item_detail(
    item: Item, today: dt.date, light: str | None, rule: CategoryRule | None = None
) -> Any:
    """Everything ``show`` prints about one item (``rule``: its category's, for the weekly duty)."""
    from rich.console import Group
    from rich.text import Text

    zh = is_zh()
    head = Text()
    head.append(f"{shown_id(item)}  ", style="bold")
    head.append(item.title, style="bold")
    head.append("  ")
    head.append_text(light_text(light))
    duty = weekly_duty(item, rule)
    parts: list[Any] = [head]
    if item.conflicted:
        fields = ", ".join(item.conflicts)
        parts.append(Text(t("show_conflicts", fields=fields, id=item.id), style="bold yellow"))
    parts.append(_fields(item, on_duty=duty is not None))
    parts += _due_basis_lines(item)
    parts += _weekly_duty_lines(item, rule, today)
    parts += _milestone_lines(item, today)
    parts += _reports_by_unit(item)
    history = _history(item)
    if history:
        parts.append(Text("\n" + ("办理记录" if zh else "History"), style="bold"))
        parts.extend(Text("  " + line) for line in history)
    return Group(*parts)


def _fields(item: Item, *, on_duty: bool = False) -> Any:
    """The item's fields, one labelled row each; empty ones are left out."""
    from rich.table import Table

    zh = is_zh()
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
    row("周报制", "Weekly duty", ("是" if zh else "yes") if item.weekly or on_duty else "")
    row("情况复杂", "Complex", ("是" if zh else "yes") if item.complex else "")
    methods = [label(METHOD_LABELS, m) for m in item.methods]
    row("督查方式", "Methods", "、".join(methods) if zh else ", ".join(methods))
    row("办结日期", "Closed on", _dated(item.closed_on, item, "close"))
    row("办结说明", "Close note", item.close_note)
    row("归档日期", "Archived on", _dated(item.archived_on, item, "archive"))
    row("撤销日期", "Withdrawn on", _dated(item.withdrawn_on, item, "withdraw"))
    row("撤销理由", "Withdrawn because", item.withdraw_reason)
    return fields


def _due_basis_lines(item: Item) -> list[Any]:
    """How the due date was set, when the item keeps a readable record of it."""
    from rich.text import Text

    lines: list[Any] = []
    if item.due_basis:
        try:
            basis = DueDate.from_record(item.due_basis)
            title = "时限依据" if is_zh() else "How the due date was set"
            lines.append(Text(f"\n{title}", style="bold"))
            lines.extend(Text("  " + line) for line in explanation_lines(basis))
        except (KeyError, ValueError, TypeError):
            pass  # a hand-edited record that no longer reads: the item is shown without it
    return lines


def _weekly_duty_lines(item: Item, rule: CategoryRule | None, today: dt.date) -> list[Any]:
    """Why and since when the item owes weekly reports (第十七条), and the weeks it missed."""
    from rich.text import Text

    duty = weekly_duty(item, rule)
    if duty is None:
        return []
    lines: list[Any] = [Text("\n" + t("duty_title"), style="bold")]
    if duty.reason == "progress":
        text = t("duty_after_progress", progress=duty.progress_on, since=duty.since)
    else:
        text = t("duty_registered", since=duty.since)
    lines.append(Text("  " + text))
    if duty.ended is not None:
        lines.append(Text("  " + t("duty_ended", ended=duty.ended)))
    else:
        lines.append(Text("  " + t("duty_until")))
    missed = missed_weeks(item, rule, today)
    if missed:
        weeks = "、".join(week_label(m) for m in missed)
        lines.append(Text("  " + t("duty_missed", n=len(missed), weeks=weeks), style="yellow"))
    return lines


def _milestone_lines(item: Item, today: dt.date) -> list[Any]:
    """The milestones (节点任务), each done, overdue or open as of ``today``."""
    from rich.text import Text

    from duchatai.core.brief import brief_of

    if not item.milestones:
        return []
    zh = is_zh()
    late = {n for n, _, _ in brief_of(item).overdue_milestones(today)}
    lines: list[Any] = [Text("\n" + ("节点任务" if zh else "Milestones"), style="bold")]
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
        lines.append(line)
    return lines


def _reports_by_unit(item: Item) -> list[Any]:
    """The reports grouped by the unit that made them: the lead unit's (主办, which answer
    the deadline) first, then each co-unit's (协办, 第十二条), then any other name."""
    from rich.text import Text

    if not item.reports:
        return []
    zh = is_zh()
    grouped: dict[str, list[str]] = {u: [] for u in [item.lead_unit, *item.co_units] if u}
    for report in item.reports:
        unit = report.unit or item.lead_unit or "—"
        kind = label(REPORT_LABELS, report.kind)
        grouped.setdefault(unit, []).append(f"{report.date.isoformat()} {kind}")
    lines: list[Any] = [Text("\n" + ("各单位报告" if zh else "Reports by unit"), style="bold")]
    for unit, reports in grouped.items():
        role = ("（主办）" if zh else " (lead)") if unit == item.lead_unit else ""
        if unit in item.co_units:
            role = "（协办）" if zh else " (co)"
        shown = ("、" if zh else ", ").join(reports) or ("未报" if zh else "none")
        lines.append(Text(f"  {unit}{role}：{shown}" if zh else f"  {unit}{role}: {shown}"))
    return lines


def _history(item: Item) -> list[str]:
    """Reports, urges, reviews, extensions, corrections and notes merged by date."""
    zh = is_zh()
    events: list[tuple[dt.date, int, str]] = []
    for n, urge in enumerate(item.urges, 1):
        note = f":{urge.note}" if urge.note and zh else (f": {urge.note}" if urge.note else "")
        what = (
            f"第{n}次催办（{label(METHOD_LABELS, urge.method)}）"
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
        if report.unit and report.unit != item.lead_unit:
            kind += f"({report.unit})" if zh else f" ({report.unit})"
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
                f"审核退回：{review.reason}；新时限 {review.new_due}"
                if zh
                else f"review: returned ({review.reason}); new due {review.new_due}"
            )
        events.append((review.date, 3, text + _recorded(review.recorded_on)))
    for ext in item.extensions:
        late = ("（逾期申请）" if zh else " (applied late)") if ext.late else ""
        text = (
            f"延期 {ext.previous_due} → {ext.until}{late}:{ext.reason}"
            if zh
            else f"extended {ext.previous_due} → {ext.until}{late}: {ext.reason}"
        )
        events.append((ext.date, 4, text + _recorded(ext.recorded_on)))
    events += history_events(item)  # corrections (更正) and notes (备注)
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
            id_cell(item),
            (item.title, ""),
            (item.lead_unit or "—", ""),
            (item.due.isoformat(), ""),
            (label(STATUS_LABELS, item.status.value), ""),
        ]
        for item, light in rows
    ]
    return grid(headers, lines, width=width, flex=2)
