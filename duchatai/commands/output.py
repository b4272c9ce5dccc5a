"""The output format, chosen once per command from ``--json``: a human one and a JSON one.

As todoman's ``Formatter``: a command asks its formatter for ``.item(item)``,
``.items(items)``, ``.overdue(morning, …)`` and never branches on ``--json``
itself. Both formats write to stdout; the human one through ``ui.render``
(Rich or the plain grid), the JSON one as indented UTF-8 JSON.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from duchatai.core.messages import t
from duchatai.core.text import visible
from duchatai.core.wording import listing
from duchatai.session import State


def level_hints(standings: dict[str, Any]) -> dict[str, str]:
    """Per unit, what one more criticism would bring (``第2次通报批评 → 诫勉谈话``)."""
    from duchatai.ui.render_reports import level_hint

    return {unit: level_hint(s.count, s.next_level.value) for unit, s in standings.items()}


_RICH_EMOJI = re.compile(r":\S*:")
"""What Rich would take for an emoji code (``:smile:``) and replace."""


def say(text: str) -> None:
    """One line of what a command did, on stdout, exactly as ``render.out`` prints it.

    Rich costs about 35 ms to import, a tenth of a write command; a line Rich
    would print unchanged (no control character, tab, newline or emoji code,
    and short enough that it cannot wrap even if every character were two
    columns wide) is written directly. Any other line goes through Rich.
    """
    plain = (
        "\n" not in text
        and visible(text) == text
        and not _RICH_EMOJI.search(text)
        and 2 * len(text) <= _narrowest_width()
    )
    if plain:
        sys.stdout.write(text + "\n")  # Rich writes to the same stream: the order holds
    else:
        from duchatai.ui import render

        render.out(text)


def _narrowest_width() -> int:
    """A width Rich's console cannot be narrower than: the least of 80, ``COLUMNS`` and
    the size of any standard stream that is a terminal (Rich asks stdin and stderr
    too), less the column a legacy Windows console keeps."""
    import os

    widths = [80]
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        widths.append(int(columns))
    for stream in (0, 1, 2):
        try:
            size = os.get_terminal_size(stream).columns
        except (OSError, ValueError):
            continue
        if size > 0:
            widths.append(size)
    return min(widths) - 1


def formatter(as_json: bool, state: State) -> Formatter:
    """The output format of one command: ``JsonFormatter`` for ``--json``, else the human one."""
    return JsonFormatter(state) if as_json else HumanFormatter(state)


class Formatter:
    """Writes what a command found; one method per kind of result."""

    def __init__(self, state: State) -> None:
        self.state = state

    def registered(self, item: Any) -> None:
        """A newly registered item."""
        raise NotImplementedError

    def item(self, item: Any) -> None:
        """One item in full (``show``)."""
        raise NotImplementedError

    def items(self, items: list[Any]) -> None:
        """Items chosen by ``list``."""
        raise NotImplementedError

    @contextlib.contextmanager
    def each_item(self) -> Iterator[Callable[[Any], None]]:
        """``items``, handed over one at a time in order: gathered, then shown."""
        gathered: list[Any] = []
        yield gathered.append
        self.items(gathered)

    def lines(self, lines: list[Any], briefs: dict[str, Any]) -> None:
        """The lines of the items chosen by ``list`` (the table only), with the open
        ones' briefs by id."""
        raise NotImplementedError

    def explanation(self, basis: Any) -> None:
        """How a due date is found (``calendar explain``)."""
        raise NotImplementedError

    def overdue(self, morning: Any, suggestions: list[Any] | None) -> None:
        """The morning report; with ``suggestions`` when ``--suggest`` asked for them."""
        raise NotImplementedError

    def due(self, rows: list[Any], days: int, milestones: list[Any]) -> None:
        """Items due within ``days`` working days (``reports.data.due_rows``) and the
        milestones due within them."""
        raise NotImplementedError

    def stats(self, rows: list[Any], commend: list[str], year: int) -> None:
        """A year's per-unit statistics and the units to commend."""
        raise NotImplementedError

    def escalation(self, escalation: Any) -> None:
        """A year's per-unit criticisms and the accountability level reached."""
        raise NotImplementedError

    def problems(self, problems: list[Any], relative: Callable[[Path], str]) -> None:
        """What ``check`` found, each with its path (made ``relative``) and line."""
        raise NotImplementedError


class JsonFormatter(Formatter):
    """``--json``: the reports' own JSON shapes, indented, non-ASCII kept as it is."""

    def _write(self, data: Any) -> None:
        import json

        from duchatai.core.dates import json_default

        text = json.dumps(data, ensure_ascii=False, indent=2, default=json_default)
        sys.stdout.write(text + "\n")

    def _item_json(self, item: Any) -> dict[str, Any]:
        from duchatai.app.spreadsheet import item_json

        return item_json(item, self.state.today, self.state.ledger())

    def registered(self, item: Any) -> None:
        """The new item's id, due date, status and category."""
        self._write(
            {"id": item.id, "due": item.due, "status": item.status.value, "category": item.category}
        )

    def item(self, item: Any) -> None:
        """The item as ``app.spreadsheet.item_json`` gives it."""
        self._write(self._item_json(item))

    def items(self, items: list[Any]) -> None:
        """A list of ``item_json``."""
        with self.each_item() as put:
            for item in items:
                put(item)

    @contextlib.contextmanager
    def each_item(self) -> Iterator[Callable[[Any], None]]:
        """Each item's ``item_json`` written as it comes (``app.spreadsheet.json_items``,
        as ``export --format json`` writes it): the text ``_write`` would write of the
        whole list, without 50,000 items (or their JSON) in memory at once."""
        from duchatai.app.spreadsheet import json_items

        with json_items(sys.stdout.write, self.state.today, self.state.ledger()) as put:
            yield put

    def explanation(self, basis: Any) -> None:
        """The basis as it is recorded in an item."""
        self._write(basis.to_record())

    def overdue(self, morning: Any, suggestions: list[Any] | None) -> None:
        """The suggestions when asked for, else the overdue rows, most overdue first, each
        with its late milestones (``milestones_overdue``)."""
        if suggestions is not None:
            self._write([r.to_json() for r in suggestions])
            return
        self._write([r.to_json() for r in morning.rows])

    def due(self, rows: list[Any], days: int, milestones: list[Any]) -> None:
        """The items due soon, each with its milestones due soon (``milestones_due``)."""
        self._write([r.to_json() for r in rows])

    def stats(self, rows: list[Any], commend: list[str], year: int) -> None:
        """The per-unit rows (the commendations are the reader's to derive)."""
        self._write([r.to_json() for r in rows])

    def escalation(self, escalation: Any) -> None:
        """The per-unit standings."""
        self._write([r.to_json() for r in escalation.rows])

    def problems(self, problems: list[Any], relative: Callable[[Path], str]) -> None:
        """``path``, ``line``, ``column`` (null when not known), ``message`` and
        ``severity`` (``error`` or ``warning``) of each problem."""
        self._write(
            [
                {"path": relative(p.path), "line": p.line or 1, "column": p.column,
                 "message": p.message, "severity": "warning" if p.warning else "error"}
                for p in problems
            ]
        )


class HumanFormatter(Formatter):
    """Tables and sentences in the ledger's language, sized to the terminal."""

    def _light(self, item: Any) -> str | None:
        from duchatai.reports.data import light

        ledger = self.state.ledger()
        return light(
            item,
            self.state.today,
            ledger.calendar,
            ledger.profile,
            warn_workdays=ledger.config.warn_workdays,
            approach_workdays=ledger.config.approach_workdays,
        )

    def registered(self, item: Any) -> None:
        """One line: the id and due date."""
        say(t("registered", id=item.id, due=item.due))

    def item(self, item: Any) -> None:
        """The item's detail: fields, due date's explanation, history."""
        from duchatai.ui import render
        from duchatai.ui.render_item import item_detail

        rule = self.state.ledger().profile.categories.get(item.category)
        render.write_grid(
            item_detail(item, self.state.today, self._light(item), rule, render.term_width())
        )

    def items(self, items: list[Any]) -> None:
        """A grid with a traffic light per item, and the count."""
        from duchatai.ui import render

        table = render.item_list([(i, self._light(i)) for i in items], width=render.term_width())
        render.write_grid(table)
        render.write_line(t("list_total", n=len(items)))

    def lines(self, lines: list[Any], briefs: dict[str, Any]) -> None:
        """``items`` from the cache's lines, each open one's light from its brief."""
        from duchatai.ui import render

        rows = [(line, self._light(briefs[line.id]) if line.id in briefs else None)
                for line in lines]
        render.write_grid(render.item_list(rows, width=render.term_width()))
        render.write_line(t("list_total", n=len(lines)))

    def explanation(self, basis: Any) -> None:
        """The rule, the start, the days counted and the due date."""
        from duchatai.ui import render
        from duchatai.ui.render_calendar import explanation

        render.out(explanation(basis))

    def overdue(self, morning: Any, suggestions: list[Any] | None) -> None:
        """The morning report: overdue grid, missing weekly reports, suggestions, summary."""
        from duchatai.ui import render
        from duchatai.ui import render_reports as rr

        today = self.state.today
        # The morning report avoids Rich (slow to import, ~1 ms a table row).
        render.write_line(t("overdue_title", office=self.state.ledger().config.office, today=today))
        if morning.rows:
            hints = level_hints(morning.standings)
            render.write_grid(
                rr.overdue_table(morning.rows, hints, today, width=render.term_width())
            )
        else:
            render.write_line(t("overdue_none"))
        if morning.milestones:
            render.write_line(t("milestones_late_title", n=len(morning.milestones)), style="bold")
            render.write_grid(rr.late_milestone_table(morning.milestones, render.term_width()))
        if morning.missing_weekly:
            from duchatai.ui.paragraph import folded

            ids = " ".join(i.id for i in morning.missing_weekly)
            for line in folded(t("missing_weekly", ids=ids), render.term_width(), hang=2):
                render.write_line(line, style="yellow")
        if suggestions is not None:
            render.write_line(t("suggest_title"))
            if suggestions:
                render.write_grid(rr.suggestion_table(suggestions, render.term_width()))
            else:
                render.write_line(t("suggest_none"))
        summary = rr.overdue_summary(
            morning.rows, today, len(morning.missing_weekly), len(morning.due_soon)
        )
        for line in summary.splitlines():
            render.write_line(line, style="bold")

    def due(self, rows: list[Any], days: int, milestones: list[Any]) -> None:
        """A table of the items due, or a line saying there are none; then the milestones."""
        from duchatai.ui import render
        from duchatai.ui import render_reports as rr

        if rows:
            render.write_grid(rr.due_table(rows, render.term_width()))
        else:
            render.write_line(t("due_none", n=days))
        if milestones:
            render.write_line(t("milestones_due_title", n=days))
            render.write_grid(rr.milestone_due_table(milestones, render.term_width()))

    def stats(self, rows: list[Any], commend: list[str], year: int) -> None:
        """A title, the table and the units to commend."""
        from duchatai.core.assessment import assessed_on
        from duchatai.ui import render
        from duchatai.ui import render_reports as rr

        say(t("stats_title", year=year, today=assessed_on(year, self.state.today)))
        render.write_grid(rr.stats_table(rows, commend, render.term_width()))
        if commend:
            say(t("commend", units=listing(commend)))

    def escalation(self, escalation: Any) -> None:
        """A title with the year and cut-off date, and the table."""
        from duchatai.ui import render
        from duchatai.ui import render_reports as rr

        say(t("escalation_title", year=escalation.year, today=escalation.as_of))
        render.write_grid(rr.escalation_table(escalation.rows, render.term_width()))

    def problems(self, problems: list[Any], relative: Callable[[Path], str]) -> None:
        """One ``path:line: message`` per problem (the contract's form), or a line saying the ledger
        is clean (warnings alone leave it clean)."""
        for problem in problems:
            where = f"{relative(problem.path)}:{problem.place}"
            sys.stdout.write(visible(f"{where}: {problem.message}") + "\n")
        if problems and all(p.warning for p in problems):
            sys.stdout.write(t("check_clean_warnings", n=len(problems)) + "\n")
        elif not problems:
            sys.stdout.write(t("check_clean") + "\n")
