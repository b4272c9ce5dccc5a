"""The hand-aligned table renderer of the reports: exact with wide Chinese characters.

Rich's ``Table`` costs about 1 ms a row; the morning report prints thousands
of rows, so ``grid`` lays them out as plain text (with ANSI colours on a
terminal), measuring text with ``cells.py``: without Rich whenever it can.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat, zip_longest
from operator import itemgetter
from typing import Any, ParamSpec, TypeVar

from duchatai.core.text import visible
from duchatai.ui.cells import cells_of, fold_all, pad

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class Line:
    """A full-width line inside a grid (a group header)."""

    text: str
    style: str = ""


_SGR = {"bold": "1", "dim": "2", "reverse": "7", "red": "31", "green": "32", "yellow": "33",
        "blue": "34", "magenta": "35"}


_Cell = tuple[str, str]
_NEWLINE: list[_Cell] = [("\n", "")]


@dataclass
class Grid:
    """Aligned lines of styled segments, printed without Rich's per-cell layout cost.

    Rich's ``Table`` costs about 1 ms a row; thousands of overdue rows are
    written here as plain text (or with ANSI colours on a terminal) instead.
    """

    lines: list[list[tuple[str, str]]]

    def render(self, color: bool) -> str:
        """The grid as text, with ANSI colours when ``color``."""
        # Data may hold control characters (hand-edited files): they are shown
        # visibly (text.visible), never written raw; newlines are the grid's own.
        if not color:
            # Styles only become escape codes: without colours the texts are all there is.
            return visible("".join([text for line in self.lines for text, _ in line + _NEWLINE]))
        sgr: dict[str, str] = {}  # style → its escape code, worked out once per style
        out: list[str] = []
        for line in self.lines:
            for text, style in line:
                code = sgr.get(style)
                if code is None:
                    codes = ";".join(_SGR[w] for w in style.split() if w in _SGR)
                    code = sgr[style] = f"\x1b[{codes}m" if codes else ""
                text = visible(text)
                out.append(f"{code}{text}\x1b[0m" if code else text)
            out.append("\n")
        return "".join(out)

    def __rich__(self) -> Any:
        from rich.text import Text

        text = Text(no_wrap=True, overflow="ignore")
        for line in self.lines:
            for segment, style in line:
                text.append(segment, style=style)
            text.append("\n")
        text.rstrip()
        return text


def _gc_paused(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """``build``, with the cyclic garbage collector paused while it runs.

    For builders of many small lists and tuples that cannot form a cycle: the
    collector would walk them again and again for nothing (at 4,000 rows it
    took a fifth of ``grid``'s time). Reference counting still frees garbage.
    """

    @functools.wraps(build)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_gc_paused
def grid(
    headers: Sequence[str],
    rows: Sequence[Line | Sequence[tuple[str, str]]],
    *,
    width: int,
    flex: int,
    right: Sequence[int] = (),
    fit: bool = False,
) -> Grid:
    """A hand-aligned table: fast, and exact with wide Chinese characters.

    ``rows`` holds either cells ``(text, style)`` or a full-width ``Line``.
    Column ``flex`` takes the width left over and folds (with ``fit``, no more
    than its widest cell needs); the others are as wide as their widest cell.
    """
    # Built column by column, for thousands of rows: each distinct cell is
    # measured and padded once (the ids are unique, but dates, counts, states
    # and the ● repeat on every other row), and each row's line is then zipped
    # together from per-column look-ups, in C rather than a Python loop per cell.
    header_row = [(h, "bold") for h in headers]
    cell_rows = [header_row, *(r for r in rows if not isinstance(r, Line))]
    # Short rows get empty cells: blank at the end of a line, they are stripped.
    columns = list(zip_longest(*cell_rows, fillvalue=("", "")))
    distinct = [dict.fromkeys(column) for column in columns]
    widths, sizes = _widths(headers, distinct, width, flex)
    if fit:
        widths[flex] = min(widths[flex], max(cells_of(text) for text, _ in distinct[flex]))
    segments: list[dict[_Cell, _Cell]] = []
    continued: dict[_Cell, list[_Cell | None]] = {}
    for index, cells in enumerate(distinct):
        if index != flex:
            column = _fixed_segments(cells, sizes[index], widths[index], index in right)
        else:
            column = _flex_segments(cells, widths[index], index in right, continued)
        if index == len(headers) - 1:  # no trailing blanks at the end of a line
            column = {cell: (text.rstrip(), style) for cell, (text, style) in column.items()}
        segments.append(column)
    built = _built_rows(columns, distinct, segments, continued, widths, flex)
    return Grid(_lines(header_row, rows, built))


def _widths(
    headers: Sequence[str], distinct: Sequence[dict[_Cell, None]], width: int, flex: int
) -> tuple[list[int], list[list[int]]]:
    """Each column's width, and the cells of each distinct cell outside column ``flex``.

    A fixed column is as wide as its widest cell (header included); column
    ``flex`` gets what is left of ``width``, 10 cells at least.
    """
    widths = [cells_of(h) for h in headers]
    sizes: list[list[int]] = [[] for _ in distinct]
    for index, cells in enumerate(distinct):
        if index != flex:
            sizes[index] = [len(text) if text.isascii() else cells_of(text) for text, _ in cells]
            widths[index] = max(widths[index], *sizes[index])
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(10, width - fixed)
    return widths, sizes


def _fixed_segments(
    cells: dict[_Cell, None], sizes: list[int], column_width: int, flush_right: bool
) -> dict[_Cell, _Cell]:
    """Cell → its segment on the row's line, padded to the column."""
    column: dict[_Cell, _Cell] = {}
    for cell, size in zip(cells, sizes, strict=True):
        if size == column_width:  # as wide as its column: the cell is its own segment
            column[cell] = cell
        else:
            column[cell] = (pad(cell[0], column_width, flush_right, size), cell[1])
    return column


def _flex_segments(
    cells: dict[_Cell, None],
    column_width: int,
    flush_right: bool,
    continued: dict[_Cell, list[_Cell | None]],
) -> dict[_Cell, _Cell]:
    """Cell → the first piece of its folded text, padded; each further piece goes
    (stripped) on a line of its own, kept in ``continued`` (None when blank: that
    line is empty)."""
    column: dict[_Cell, _Cell] = {}
    folded = fold_all([text for text, _ in cells], column_width)
    for cell, pieces in zip(cells, folded, strict=True):
        style = cell[1]
        first, size = pieces[0]
        column[cell] = (pad(first, column_width, flush_right, size), style)
        if len(pieces) > 1:
            continued[cell] = [
                (
                    pad(piece, column_width, True, size).rstrip()
                    if flush_right
                    else piece.rstrip(),
                    style,
                )
                if piece.strip()
                else None
                for piece, size in pieces[1:]
            ]
    return column


_GUTTER: _Cell = ("  ", "")


def _built_rows(
    columns: Sequence[tuple[_Cell, ...]],
    distinct: Sequence[dict[_Cell, None]],
    segments: Sequence[dict[_Cell, _Cell]],
    continued: dict[_Cell, list[_Cell | None]],
    widths: Sequence[int],
    flex: int,
) -> Iterator[tuple[list[_Cell], list[_Cell | None] | None, tuple[_Cell, ...]]]:
    """Per cell row (the header first): its line, its folded pieces and their lead.

    A row's line is the segments of its cells with a gutter between each two,
    zipped from per-column look-ups. A folded line starts with the columns left
    of ``flex``: blank, in their styles (the lead).
    """
    gutters = repeat(_GUTTER)
    parts: list[Iterator[_Cell]] = []
    for index, column_cells in enumerate(columns):
        if index:
            parts.append(gutters)
        parts.append(map(segments[index].__getitem__, column_cells))
    firsts = map(list, zip(*parts, strict=False))  # (the gutters never run out)
    lead_parts: list[Iterator[_Cell]] = []
    for index in range(flex):
        blank = " " * widths[index]
        by_style = {style: (blank, style) for _, style in distinct[index]}
        lead_parts += [map(by_style.__getitem__, map(itemgetter(1), columns[index])), gutters]
    leads = zip(*lead_parts, strict=False) if flex else repeat(())
    return zip(firsts, map(continued.get, columns[flex]), leads, strict=False)


def _lines(
    header_row: list[_Cell],
    rows: Sequence[Line | Sequence[tuple[str, str]]],
    built: Iterator[tuple[list[_Cell], list[_Cell | None] | None, tuple[_Cell, ...]]],
) -> list[list[_Cell]]:
    """The grid's lines in order: ``Line`` rows as they are, cell rows from ``built``."""
    out: list[list[_Cell]] = []
    for entry in (header_row, *rows):
        if isinstance(entry, Line):
            out.append([(entry.text, entry.style)])
            continue
        line, more, lead = next(built)
        if not line[-1][0]:  # a blank last column: the line ends at its last non-blank cell
            kept = line[::2]
            while kept and not kept[-1][0].strip():
                kept.pop()
            if kept:
                kept[-1] = (kept[-1][0].rstrip(), kept[-1][1])
            line = [_GUTTER] * (2 * len(kept) - 1)
            line[::2] = kept
        out.append(line)
        if more:
            for piece in more:
                out.append([*lead, piece] if piece else [])
    return out
