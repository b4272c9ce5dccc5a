"""A progress bar on stderr for long commands (export, import), only on a terminal.

The work itself (``app/``) takes a plain callback ``(done, total)``; this module
turns it into a ``rich.progress`` bar when stderr is a terminal, and into
nothing otherwise (cron, pipes and files get no bar and pay nothing for one).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[[int, int | None], None]
"""Told ``(done, total)``; ``total`` None while it is not known (a bar without an end)."""


@contextmanager
def progress_bar(wanted: bool = True) -> Iterator[Callable[[str], Step] | None]:
    """``None`` when stderr is not a terminal (or no bar is ``wanted``); else a maker of
    bars: ``bar(label)`` is the callback of one bar (several in turn share one display,
    cleared at the end).

    The display starts at the first step, not before: what the command writes on stderr
    until then (the progress line of a cache being rebuilt) is not caught by Rich,
    which takes over stderr (and stdout) while it shows.
    """
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    shown = Progress(*columns, console=Console(stderr=True), transient=True)

    def bar(label: str) -> Step:
        task = shown.add_task(label, total=None)

        def step(done: int, total: int | None) -> None:
            if not shown.live.is_started:
                shown.start()
            shown.update(task, completed=done, total=total)

        return step

    try:
        yield bar
    finally:
        shown.stop()
