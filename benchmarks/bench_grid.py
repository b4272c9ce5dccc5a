#!/usr/bin/env python3
"""How long the morning report's table takes to lay out and print, before and after.

Usage::

    python benchmarks/bench_grid.py [--rows 4000] [--width 80] [--repeats 5] [--seed 2026]
                                    [--unique-titles]

Builds the cells of an overdue-like table the way ``overdue_table`` does: rows
grouped under unit header lines, realistic Chinese titles from
``benchmarks/generate.py`` (12-40 characters, with 《》（）：“” and digits;
about 1,500 distinct ones in 4,000 rows, or all distinct with
``--unique-titles``, which numbers them), one row in twelve followed by one or
two overdue milestones. Then times ``grid()`` + ``Grid.render(color=False)``
(what ``duchatai overdue`` writes to a file or a pipe) against the same work
done by the implementation of commit f613fe2, copied below as the baseline:
the two alternate, run by run, and the medians are printed. It first checks
the output: the same bytes as the baseline, with and without colours, at a
width where no title folds; where titles fold (the baseline cut them anywhere,
``grid`` follows Chinese line breaking: ``cells.breakable``), that every line
fits and every cut is one the rules allow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (a sibling script, not a package)

from duchatai.core.messages import STATUS_LABELS  # noqa: E402
from duchatai.ui.cells import breakable, cells_of, fold  # noqa: E402
from duchatai.ui.grid import _SGR, Line, grid  # noqa: E402

# -- the baseline: grid() and Grid.render() as of commit f613fe2 -------------------


def _old_cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return int(cell_len(text))


def _old_fold(text: str, width: int) -> list[str]:
    if _old_cells(text) <= width and "\n" not in text:
        return [text]
    from rich.cells import get_character_cell_size

    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        current, used = "", 0
        for char in paragraph:
            size = get_character_cell_size(char)
            if used + size > width and current:
                lines.append(current)
                current, used = "", 0
            current += char
            used += size
        lines.append(current)
    return lines


def _old_pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - _old_cells(text))
    return gap + text if right else text + gap


def old_render(lines: list[list[tuple[str, str]]], color: bool) -> str:
    out: list[str] = []
    for line in lines:
        for text, style in line:
            codes = ";".join(_SGR[w] for w in style.split() if w in _SGR) if color else ""
            out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        out.append("\n")
    return "".join(out)


def old_grid(
    headers: Sequence[str],
    rows: Sequence[Line | Sequence[tuple[str, str]]],
    *,
    width: int,
    flex: int,
    right: Sequence[int] = (),
) -> list[list[tuple[str, str]]]:
    cell_rows = [r for r in rows if not isinstance(r, Line)]
    widths = [_old_cells(h) for h in headers]
    for row in cell_rows:
        for index, (text, _) in enumerate(row):
            if index != flex:
                widths[index] = max(widths[index], _old_cells(text))
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(headers) - 1)
    widths[flex] = max(10, width - fixed)
    out: list[list[tuple[str, str]]] = []

    def emit(cells: Sequence[tuple[str, str]]) -> None:
        pieces = [
            _old_fold(text, widths[i]) if i == flex else [text]
            for i, (text, _) in enumerate(cells)
        ]
        for line_no in range(max(len(p) for p in pieces)):
            segments = [
                (
                    _old_pad(
                        pieces[i][line_no] if line_no < len(pieces[i]) else "",
                        widths[i],
                        i in right,
                    ),
                    style,
                )
                for i, (_, style) in enumerate(cells)
            ]
            while segments and not segments[-1][0].strip():
                segments.pop()
            if segments:
                segments[-1] = (segments[-1][0].rstrip(), segments[-1][1])
            line: list[tuple[str, str]] = []
            for index, segment in enumerate(segments):
                if index:
                    line.append(("  ", ""))
                line.append(segment)
            out.append(line)

    emit([(h, "bold") for h in headers])
    for entry in rows:
        if isinstance(entry, Line):
            out.append([(entry.text, entry.style)])
        else:
            emit(entry)
    return out


# -- the table ---------------------------------------------------------------------

HEADERS = ["", "编号", "事项", "时限", "超期天/工作日", "状态", "催办"]


def make_rows(n: int, seed: int, unique: bool = False) -> list[Line | list[tuple[str, str]]]:
    """``n`` overdue rows under unit headers, shaped like ``overdue_table``'s input."""
    rng = random.Random(seed)
    categories = list(generate.CATEGORY_WEIGHTS)
    weights = list(generate.CATEGORY_WEIGHTS.values())
    statuses = [zh for key, (zh, _) in STATUS_LABELS.items() if key not in ("closed", "archived")]
    today = generate.TODAY
    by_unit: dict[str, list[list[tuple[str, str]]]] = {}
    for number in range(1, n + 1):
        category = rng.choices(categories, weights)[0]
        start = today - dt.timedelta(days=rng.randint(20, 400))
        title, _ = generate.title_and_source(category, start, rng)
        if unique:
            title += f"（{number}）"
        due = start + dt.timedelta(days=rng.randint(10, 15))
        days = (today - due).days
        rows = by_unit.setdefault(rng.choice(generate.UNIT_NAMES), [])
        rows.append(
            [
                ("●", "bold red"),
                (f"DC-{start.year}-{number:04d}", ""),
                (title, ""),
                (due.isoformat(), ""),
                (f"{days}/{days * 5 // 7}", "red"),
                (rng.choice(statuses), ""),
                (str(rng.choice((0, 0, 0, 1, 2, 3))), ""),
            ]
        )
        if rng.random() < 1 / 12:
            for ms_no, name in enumerate(("完成前期手续", "主体工程完工")[: rng.randint(1, 2)]):
                ms_due = due - dt.timedelta(days=5 - ms_no)
                rows.append(
                    [
                        ("", ""),
                        ("", ""),
                        (f"└ 节点{ms_no + 1}:{name}", "red"),
                        (ms_due.isoformat(), "red"),
                        (str((today - ms_due).days), "red"),
                        ("", ""),
                        ("", ""),
                    ]
                )
    lines: list[Line | list[tuple[str, str]]] = []
    for unit, rows in sorted(by_unit.items(), key=lambda kv: -len(kv[1])):
        hint = "若通报批评:第2次通报批评 → 诫勉谈话"
        lines.append(Line(f"{unit}  超期 {len(rows)} 项  {hint}", "bold"))
        lines.extend(rows)
    return lines


def check_output(rows: list[Line | list[tuple[str, str]]], kwargs: dict[str, Any],
                 width: int) -> None:
    """The new grid against the baseline: the same bytes where no title folds (with and
    without colours); where titles fold, every line fits and each title's pieces put
    together are the title, cut only where Chinese line breaking allows."""
    wide = max(cells_of(r[2][0]) for r in rows if not isinstance(r, Line)) + 80
    new = grid(HEADERS, rows, **{**kwargs, "width": wide})
    for color in (False, True):
        assert new.render(color) == old_render(old_grid(HEADERS, rows, **{**kwargs,
                                                                           "width": wide}), color)
    for columns in (width, width + 40):
        text = grid(HEADERS, rows, **{**kwargs, "width": columns}).render(color=False)
        assert all(cells_of(line) <= columns for line in text.splitlines()), columns
        for title in {r[2][0] for r in rows if not isinstance(r, Line)}:
            for size in (20, 31):
                pieces = fold(title, size)
                assert "".join(pieces) == title
                cut = 0
                for piece in pieces[:-1]:
                    cut += len(piece)
                    fits = cells_of(piece) <= size
                    assert fits and (breakable(title, cut) or not any(
                        breakable(title, at) for at in range(cut - len(piece) + 1, cut)
                    )), (title, pieces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4000, help="overdue items in the table")
    parser.add_argument("--width", type=int, default=80, help="terminal columns")
    parser.add_argument("--repeats", type=int, default=5, help="runs; the median is shown")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--unique-titles", action="store_true", help="no two titles alike")
    args = parser.parse_args()

    rows = make_rows(args.rows, args.seed, args.unique_titles)
    kwargs: dict[str, Any] = {"width": args.width, "flex": 2, "right": (4, 6)}

    check_output(rows, kwargs, args.width)

    def run_old() -> str:
        return old_render(old_grid(HEADERS, rows, **kwargs), color=False)

    def run_new() -> str:
        return grid(HEADERS, rows, **kwargs).render(color=False)

    run_old(), run_new()  # warm up: imports, Rich's caches
    times: dict[str, list[float]] = {"baseline": [], "now": []}
    for _ in range(args.repeats):  # alternating, so that a burst of load hits both alike
        for name, run in (("baseline", run_old), ("now", run_new)):
            began = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - began)
    old, new_s = (statistics.median(times[name]) for name in ("baseline", "now"))
    lines = run_new().count("\n")
    distinct = len({r[2][0] for r in rows if not isinstance(r, Line)})
    print(
        f"{args.rows:,} rows ({distinct:,} distinct titles), {lines:,} lines at "
        f"{args.width} columns: grid() + render(color=False), median of {args.repeats} runs"
    )
    print(f"{'':10}{'seconds':>10}{'µs/line':>10}")
    for name, seconds in (("baseline", old), ("now", new_s)):
        print(f"{name:10}{seconds:10.4f}{seconds / lines * 1e6:10.2f}")
    pairs = sorted(o / n for o, n in zip(times["baseline"], times["now"], strict=True))
    print(
        f"speed-up  {old / new_s:.1f}x (checked output); run by run {pairs[0]:.1f}x to "
        f"{pairs[-1]:.1f}x, median {statistics.median(pairs):.1f}x"
    )


if __name__ == "__main__":
    main()
