"""The weekly report (周报) as plain text, laid out to the terminal's width.

The sections are ``render_weekly``'s; each is a ``grid`` whose title column
(事项; the unit in the per-unit figures) takes the width the other columns do
not need and folds by the rules of Chinese line breaking. Columns that would
crowd it out at 80 columns go under the title: a milestone, an extension's
reason; the overdue section's escalation hints follow its table, once a unit.
"""

from __future__ import annotations

from duchatai.core.messages import is_zh
from duchatai.core.text import visible
from duchatai.reports.weekly import WeeklyReport
from duchatai.ui.cells import cells_of, fold
from duchatai.ui.grid import grid
from duchatai.ui.render_reports import zh_en
from duchatai.ui.render_weekly import _commend_line, _counts, _sections, _title

_OVERDUE, _MILESTONES, _EXTENSIONS, _UNITS = 2, 3, 5, 7
_RIGHT: dict[int, range | tuple[int, ...]] = {0: (), 1: (), _OVERDUE: (4, 5),
                                              _MILESTONES: (4,), 4: (), _EXTENSIONS: (), 6: ()}
"""The columns flush right, by section: counts and figures."""


def weekly_text(report: WeeklyReport, hints: dict[str, str], width: int | None = None) -> str:
    """The weekly report as plain text, no line wider than ``width`` (the terminal's)."""
    if width is None:
        from duchatai.ui.render import term_width

        width = term_width()
    out: list[str] = [*_folded(_title(report), width), *_folded(_counts(report), width)]
    for index, (title, rows, headers) in enumerate(_sections(report, hints)):
        out += ["", f"【{title}】" if is_zh() else f"== {title} =="]
        if not rows:
            out.append(zh_en("  无", "  none"))
            continue
        headers, rows, notes = _narrowed(index, headers, rows)
        flex = 0 if index == _UNITS else 1
        right = _RIGHT.get(index, range(1, len(headers)))
        table = grid(headers, [[(c, "") for c in row] for row in rows],
                     width=min(width, _natural(headers, rows)), flex=flex, right=right)
        out.append(table.render(color=False).rstrip("\n"))
        out += [piece for note in notes for piece in _folded(note, width)]
    if report.commend:
        out += ["", *_folded(_commend_line(report), width)]
    # Mailed and cron output too: never a raw escape from the data.
    return visible("\n".join(out) + "\n")


def _folded(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, without blanks at their ends."""
    return [piece.rstrip() for piece in fold(text, width)]


def _natural(headers: list[str], rows: list[list[str]]) -> int:
    """The width of a table none of whose cells folds: no column wider than it needs."""
    widths = [
        max(cells_of(line) for cell in column for line in cell.split("\n"))
        for column in zip(headers, *rows, strict=True)
    ]
    return sum(widths) + 2 * (len(widths) - 1)


def _narrowed(
    index: int, headers: list[str], rows: list[list[str]]
) -> tuple[list[str], list[list[str]], list[str]]:
    """A section's headers and rows for the text form, and the lines that follow its table."""
    if index == _OVERDUE:  # id, title, unit, due, days, workdays, urged, hint
        hints = dict.fromkeys(f"{r[2]}：{r[7]}" if is_zh() else f"{r[2]}: {r[7]}"
                              for r in rows if r[7])
        heads = [*headers[:4], zh_en("超期天/工作日", "Days/workdays"), headers[6]]
        notes = [f"{headers[7]}：" if is_zh() else f"{headers[7]}:"] if hints else []
        notes += [f"  {hint}" for hint in hints]
        return heads, [[*r[:4], f"{r[4]}/{r[5]}", r[6]] for r in rows], notes
    if index == _MILESTONES:  # id, title, unit, milestone, due, days, workdays
        heads = [headers[0], f"{headers[1]} / {headers[3]}", headers[2], headers[4],
                 zh_en("逾期天/工作日", "Days/workdays late")]
        return heads, [[r[0], f"{r[1]}\n└ {r[3]}", r[2], r[4], f"{r[5]}/{r[6]}"]
                       for r in rows], []
    if index == _EXTENSIONS:  # id, title, due change, reason
        heads = [headers[0], f"{headers[1]} / {headers[3]}", headers[2]]
        return heads, [[r[0], f"{r[1]}\n{headers[3]}：{r[3]}" if is_zh()
                        else f"{r[1]}\n{headers[3]}: {r[3]}", r[2]] for r in rows], []
    return headers, rows, []
