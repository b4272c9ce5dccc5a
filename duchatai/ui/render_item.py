"""``show``: everything about one item, as lines of styled runs, written without Rich.

Rich took about a third of ``show``'s own time (its import, 35–45 ms) to print
text this module has already folded to the width. The lines are a ``Grid`` of
styled runs (``ui.grid``): plain text when stdout is not a terminal, ANSI colours on
one, every character of data shown through ``text.visible`` as before.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

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
from duchatai.core.weeklyduty import WeeklyDuty, missed_weeks, week_label, weekly_duty
from duchatai.core.wording import listing
from duchatai.ui.cells import cells_of
from duchatai.ui.grid import Grid
from duchatai.ui.marks import LIGHT_MARK, LIGHT_STYLE, shown_id
from duchatai.ui.paragraph import field_lines, folded
from duchatai.ui.render_calendar import explanation_lines
from duchatai.ui.render_corrections import history_lines, recorded

Run = tuple[str, str]
"""A piece of a line and its style (``bold``, ``dim``, ``bold red``, …; "" for none)."""


class Styled(NamedTuple):
    """A line of ``show``: its text in runs, each run's style laid over the line's own
    (a heading is bold, a state after a milestone green or red)."""

    runs: list[Run]
    style: str = ""

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.runs)

    def shown(self) -> list[Run]:
        """The runs with the line's style laid under each (``bold`` under ``bold red`` is
        ``bold red``); a blank line before a heading is not styled."""
        out: list[Run] = []
        for text, style in self.runs:
            both = " ".join(dict.fromkeys(f"{self.style} {style}".split()))
            body = text.lstrip("\n")
            if body != text:
                out.append((text[: len(text) - len(body)], ""))
            out.append((body, both))
        return out


def plain_line(text: str, style: str = "") -> Styled:
    return Styled([(text, "")], style)


def item_detail(
    item: Item,
    today: dt.date,
    light: str | None,
    rule: CategoryRule | None = None,
    width: int = 80,
) -> Grid:
    """Everything ``show`` prints about one item (``rule``: its category's, for the weekly
    duty), every line folded to ``width`` (the terminal's) by the rules of Chinese text."""
    head = [plain_line(line, "bold") for line in _title_lines(item, width)]
    if light is not None:
        zh, en = LIGHT_MARK[light]
        mark = zh if is_zh() else en
        if cells_of(head[-1].plain + mark) + 2 > width:
            head.append(plain_line(" " * (cells_of(shown_id(item)) + 2)))  # under the title
        last = head[-1]
        last.runs.append(("  " + mark if last.plain.strip() else mark, LIGHT_STYLE[light]))
    parts = head
    if item.conflicted:
        fields = ", ".join(item.conflicts)
        parts += _folded(plain_line(t("show_conflicts", fields=fields, id=item.id), "bold yellow"),
                         width)
    duty = weekly_duty(item, rule)
    for line in field_lines(_fields(item, on_duty=duty is not None), width):
        if line.startswith(" "):  # a value's further line
            parts.append(plain_line(line))
        else:  # the label is dim
            name = line.split("  ", 1)[0]
            parts.append(Styled([(name, "dim"), (line[len(name) :], "")]))
    sections = [*_due_basis_lines(item), *_weekly_duty_lines(item, duty, rule, today),
                *_milestone_lines(item, today), *_reports_by_unit(item)]
    for section in sections:
        parts += _folded(section, width)
    history = history_lines(item)
    if history:
        parts.append(plain_line("\n" + ("办理记录" if is_zh() else "History"), "bold"))
        for event in history:  # "  2026-11-19  …", further lines under the text
            day, text = event.split("  ", 1)
            lines = folded(text, width, indent=14)
            lines[0] = f"  {day}  {lines[0][14:]}"
            parts += [plain_line(line) for line in lines]
    return Grid([line.shown() for line in parts])


def _title_lines(item: Item, width: int) -> list[str]:
    """``DC-2026-0001  title``, the title folded in the width after the id, under itself."""
    shown = shown_id(item)  # with ⚠ while a sync left it in conflict
    hang = cells_of(shown) + 2
    lines = folded(item.title, width, indent=hang)
    lines[0] = f"{shown}  {lines[0][hang:]}"
    return lines


def _folded(line: Styled, width: int) -> list[Styled]:
    """A line of ``show`` folded to ``width``, its further lines indented under its text,
    its style kept, and each styled word styled wherever it falls."""
    plain = line.plain
    body = plain.lstrip("\n")
    indent = len(body) - len(body.lstrip(" "))
    lines = folded(body.lstrip(" "), width, indent=indent, hang=indent + 2)
    lines[0] = "\n" * (len(plain) - len(body)) + lines[0]
    words = [(text.strip(), style) for text, style in line.runs if style and text.strip()]
    return [Styled(_styled_words(text, words), line.style) for text in lines]


def _styled_words(text: str, words: list[Run]) -> list[Run]:
    """``text`` in runs: every place a word of ``words`` occurs takes that word's style."""
    styles = [""] * len(text)
    for word, style in words:
        for found in re.finditer(re.escape(word), text):
            styles[found.start() : found.end()] = [style] * (found.end() - found.start())
    runs: list[Run] = []
    for char, style in zip(text, styles, strict=True):
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + char, style)
        else:
            runs.append((char, style))
    return runs or [("", "")]


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


def _due_basis_lines(item: Item) -> list[Styled]:
    """How the due date was set, when the item keeps a readable record of it."""
    lines: list[Styled] = []
    if item.due_basis:
        try:
            basis = DueDate.from_record(item.due_basis)
            title = "时限依据" if is_zh() else "How the due date was set"
            lines.append(plain_line(f"\n{title}", "bold"))
            lines.extend(plain_line("  " + line) for line in explanation_lines(basis))
        except (KeyError, ValueError, TypeError):
            pass  # a hand-edited record that no longer reads: the item is shown without it
    return lines


def _weekly_duty_lines(
    item: Item, duty: WeeklyDuty | None, rule: CategoryRule | None, today: dt.date
) -> list[Styled]:
    """Why and since when the item owes weekly reports (第十七条: its ``duty``, under
    ``rule``), and the weeks it missed."""
    if duty is None:
        return []
    lines = [plain_line("\n" + t("duty_title"), "bold")]
    if duty.reason == "progress":
        text = t("duty_after_progress", progress=duty.progress_on, since=duty.since)
    else:
        text = t("duty_registered", since=duty.since)
    lines.append(plain_line("  " + text))
    if duty.ended is not None:
        lines.append(plain_line("  " + t("duty_ended", ended=duty.ended)))
    else:
        lines.append(plain_line("  " + t("duty_until")))
    missed = missed_weeks(item, rule, today)
    if missed:
        weeks = listing(week_label(m) for m in missed)
        lines.append(plain_line("  " + t("duty_missed", n=len(missed), weeks=weeks), "yellow"))
    return lines


def _milestone_lines(item: Item, today: dt.date) -> list[Styled]:
    """The milestones (节点任务), each done, overdue or open as of ``today``."""
    from duchatai.core.brief import brief_of

    if not item.milestones:
        return []
    zh = is_zh()
    late = {n for n, _, _ in brief_of(item).overdue_milestones(today)}
    lines = [plain_line("\n" + ("节点任务" if zh else "Milestones"), "bold")]
    for n, ms in enumerate(item.milestones, 1):
        if ms.done:
            state, style = (f"已完成 {ms.done}" if zh else f"done {ms.done}"), "green"
            state += recorded(ms.recorded_on)
        elif n in late:
            state, style = ("已逾期" if zh else "overdue"), "bold red"
        else:
            state, style = ("未完成" if zh else "open"), ""
        lines.append(Styled([(f"  {n}. {ms.due.isoformat()}  {ms.title}  ", ""), (state, style)]))
    return lines


def _reports_by_unit(item: Item) -> list[Styled]:
    """The reports grouped by the unit that made them: the lead unit's (主办, which answer
    the deadline) first, then each co-unit's (协办, 第十二条), then any other name."""
    if not item.reports:
        return []
    zh = is_zh()
    grouped: dict[str, list[str]] = {u: [] for u in [item.lead_unit, *item.co_units] if u}
    for report in item.reports:
        unit = report.unit or item.lead_unit or "—"
        kind = label(REPORT_LABELS, report.kind)
        grouped.setdefault(unit, []).append(f"{report.date.isoformat()} {kind}")
    lines = [plain_line("\n" + ("各单位报告" if zh else "Reports by unit"), "bold")]
    for unit, reports in grouped.items():
        role = ("（主办）" if zh else " (lead)") if unit == item.lead_unit else ""
        if unit in item.co_units:
            role = "（协办）" if zh else " (co)"
        shown = listing(reports) or ("未报" if zh else "none")
        lines.append(plain_line(f"  {unit}{role}：{shown}" if zh else f"  {unit}{role}: {shown}"))
    return lines


def _dated(day: dt.date | None, item: Item, event: str) -> str:
    """An item-level date, with "(补录于 …)" when the event was written later."""
    if day is None:
        return ""
    return day.isoformat() + recorded(item.recorded_on.get(event))
