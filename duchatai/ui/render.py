"""Human output: text and tables for terminals, in the language in force (Rich only
where a command still needs it: ``out``; ``show`` is ``render_item``).

Colour follows Rich's rules: off when stdout is not a terminal or ``NO_COLOR``
is set. Functions take data and ``today``; they never read the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duchatai.core.messages import STATUS_LABELS, is_zh, label
from duchatai.core.model import Item
from duchatai.ui.marks import LIGHT_STYLE, id_cell

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
