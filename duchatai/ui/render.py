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
from duchatai.core.wording import listing
from duchatai.ui.cells import cells_of
from duchatai.ui.marks import id_cell, shown_id
from duchatai.ui.render_calendar import explanation_lines
from duchatai.ui.render_corrections import history_lines, recorded

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
    item: Item,
    today: dt.date,
    light: str | None,
    rule: CategoryRule | None = None,
    width: int | None = None,
) -> Any:
    """Everything ``show`` prints about one item (``rule``: its category's, for the weekly
    duty), every line folded to ``width`` (the terminal's) by the rules of Chinese text."""
    from rich.console import Group
    from rich.text import Text

    from duchatai.ui.paragraph import field_lines, folded

    width = width or term_width()
    zh = is_zh()
    head = [Text(line, style="bold") for line in _title_lines(item, width)]
    mark = light_text(light)
    if mark.plain and cells_of(head[-1].plain + mark.plain) + 2 > width:
        head.append(Text(" " * (cells_of(shown_id(item)) + 2)))  # the light under the title
    if mark.plain:
        head[-1].append("  " + mark.plain if head[-1].plain.strip() else mark.plain, mark.style)
    duty = weekly_duty(item, rule)
    parts: list[Any] = head
    if item.conflicted:
        fields = ", ".join(item.conflicts)
        parts.append(Text(t("show_conflicts", fields=fields, id=item.id), style="bold yellow"))
    for line in field_lines(_fields(item, on_duty=duty is not None), width):
        parts.append(Text(line))
        if not line.startswith(" "):  # a label (dim), not a value's further line
            parts[-1].stylize("dim", 0, len(line.split("  ", 1)[0]))
    sections = [*_due_basis_lines(item), *_weekly_duty_lines(item, rule, today),
                *_milestone_lines(item, today), *_reports_by_unit(item)]
    for section in sections:
        parts += _folded_text(section, width)
    history = history_lines(item)
    if history:
        parts.append(Text("\n" + ("办理记录" if zh else "History"), style="bold"))
        for event in history:  # "  2026-11-19  …", further lines under the text
            day, text = event.split("  ", 1)
            lines = folded(text, width, indent=14)
            lines[0] = f"  {day}  {lines[0][14:]}"
            parts += [Text(line) for line in lines]
    return Group(*parts)


def _title_lines(item: Item, width: int) -> list[str]:
    """``DC-2026-0001  title``, the title folded in the width after the id, under itself."""
    from duchatai.ui.paragraph import folded

    shown = shown_id(item)  # with ⚠ while a sync left it in conflict
    hang = cells_of(shown) + 2
    lines = folded(item.title, width, indent=hang)
    lines[0] = f"{shown}  {lines[0][hang:]}"
    return lines


def _folded_text(text: Any, width: int) -> list[Any]:
    """A line of ``show`` folded to ``width``, its further lines indented under its text,
    its style and the style of each word kept."""
    from rich.text import Text

    from duchatai.ui.paragraph import folded

    plain = text.plain
    body = plain.lstrip("\n")
    indent = len(body) - len(body.lstrip(" "))
    lines = folded(body.lstrip(" "), width, indent=indent, hang=indent + 2)
    out = [Text("\n" * (len(plain) - len(body)) + lines[0]), *(Text(x) for x in lines[1:])]
    for part in out:
        part.style = text.style
        for span in text.spans:
            word = plain[span.start : span.end].strip()
            if word:
                part.highlight_words([word], span.style)
    return out


def _fields(item: Item, *, on_duty: bool = False) -> list[tuple[str, str]]:
    """The item's fields, one labelled row each; empty ones are left out."""
    zh = is_zh()
    fields: list[tuple[str, str]] = []

    def row(zh_label: str, en_label: str, value: Any) -> None:
        if value not in (None, "", []):
            fields.append((zh_label if zh else en_label, str(value)))

    row("类别", "Category", t("show_category", name=label(CATEGORY_LABELS, item.category),
                            code=item.category))
    row("状态", "Status", label(STATUS_LABELS, item.status.value))
    row("督查类型", "Kind", label(KIND_LABELS, item.kind))
    row("来源", "Source", item.source)
    row("立项日期", "Start", item.start.isoformat() + recorded(item.recorded_on.get("register")))
    row("办理时限", "Due", item.due.isoformat())
    row("主办单位", "Lead unit", item.lead_unit)
    row("协办单位", "Co-units", listing(item.co_units))
    row("责任人", "Responsible", item.responsible)
    row("审定人", "Approved by", item.approved_by)
    row("交办日期", "Assigned on", _dated(item.assigned_on, item, "assign"))
    row("周报制", "Weekly duty", ("是" if zh else "yes") if item.weekly or on_duty else "")
    row("情况复杂", "Complex", ("是" if zh else "yes") if item.complex else "")
    methods = [label(METHOD_LABELS, m) for m in item.methods]
    row("督查方式", "Methods", listing(methods))
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
        weeks = listing(week_label(m) for m in missed)
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
            state += recorded(ms.recorded_on)
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
        shown = listing(reports) or ("未报" if zh else "none")
        lines.append(Text(f"  {unit}{role}：{shown}" if zh else f"  {unit}{role}: {shown}"))
    return lines


def _dated(day: dt.date | None, item: Item, event: str) -> str:
    """An item-level date, with "(补录于 …)" when the event was written later."""
    if day is None:
        return ""
    return day.isoformat() + recorded(item.recorded_on.get(event))


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
