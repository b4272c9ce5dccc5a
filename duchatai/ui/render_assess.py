"""The annual assessment (``assess``): the ranking, one unit's score explained line by
line with the records behind each point, and the JSON of both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from duchatai.core.messages import is_zh, t
from duchatai.core.scoring import FACTS, Formula, Score, Term
from duchatai.ui.cells import fold
from duchatai.ui.grid import grid
from duchatai.ui.render_reports import rate_text

_COLUMNS = ("on_time_rate", *FACTS)


def _number(value: float) -> str:
    """``12``, ``2.4``: no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def _signed(value: float) -> str:
    return ("-" if value < 0 and round(value, 2) else "+") + f"{abs(value):.2f}"


def ranking(scores: Sequence[Score], year: int, weights: Formula, width: int) -> str:
    """Rank, unit, score, and each term's count (the rate as a percentage)."""
    headers = [t("assess_rank"), t("assess_unit"), t("assess_score"),
               *(t(f"assess_col_{name}") for name in _COLUMNS)]
    rows = []
    for rank, s in enumerate(scores, 1):
        terms = {term.name: term for term in s.terms}
        rows.append([str(rank), s.unit, f"{s.total:.2f}", rate_text(s.rate),
                     *(_number(terms[name].count) for name in _COLUMNS[1:])])
    table = grid(headers, [[(c, "") for c in row] for row in rows], width=width, flex=1,
                 right=[0, *range(2, len(headers))])
    head = t("assess_title", year=year)
    note = t("assess_formula", base=_number(weights["base"]), rate=_number(weights["on_time_rate"]))
    lines = [head, "", table.render(color=False).rstrip("\n"), "", *fold(note, width)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def explain(s: Score, year: int, weights: Formula, width: int) -> str:
    """One unit's score: base, each term (count × weight = points) and the records behind
    it, the total."""
    lines = [t("assess_explain_head", unit=s.unit, total=f"{s.total:.2f}", year=year), ""]
    lines.append(f"  {t('assess_base')}  {_signed(s.base)}")
    for term in s.terms:
        lines += [f"  {_term_line(term, s.rate)}"]
        if term.sources:
            lines += ["    " + piece for piece in fold(_sources(term), max(width - 4, 20))]
    total = t("assess_total", floor=_number(weights["floor"]), ceiling=_number(weights["ceiling"]))
    lines += ["", f"  {total}  {s.total:.2f}"]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _term_line(term: Term, rate: float | None) -> str:
    label = t(f"assess_term_{term.name}")
    if term.name == "on_time_rate":
        shown = t("assess_rate_none") if rate is None else rate_text(rate)
        return f"{label}  {shown} × {_number(term.weight)} = {_signed(term.points)}"
    return f"{label}  {_number(term.count)} × {_number(term.weight)} = {_signed(term.points)}"


def _sources(term: Term) -> str:
    joiner = "、" if is_zh() else ", "
    if term.name == "on_time_rate":  # each judged item: 1 on time, 0 not
        on_time = joiner.join(r for r, n in term.sources if n) or "—"
        late = joiner.join(r for r, n in term.sources if not n) or "—"
        return t("assess_rate_split", on_time=on_time, late=late)
    if all(n == 1 for _, n in term.sources):
        return joiner.join(record for record, _ in term.sources)
    return joiner.join(f"{record}（{_number(n)}）" if is_zh() else f"{record} ({_number(n)})"
                       for record, n in term.sources)


def to_json(s: Score, rank: int) -> dict[str, Any]:
    """A unit's score as ``assess --json`` gives it: every term with its records."""
    return {
        "rank": rank,
        "unit": s.unit,
        "score": s.total,
        "on_time_rate": s.rate,
        "base": s.base,
        "terms": [
            {
                "term": term.name,
                "count": term.count,
                "weight": term.weight,
                "points": round(term.points, 4) + 0.0,  # never -0.0
                "records": [{"id": record, "count": n} for record, n in term.sources],
            }
            for term in s.terms
        ],
    }
