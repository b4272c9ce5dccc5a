"""Text outside tables laid out to the width: ``show``'s fields and paragraphs, the
report's one-line notes, folded by the rules of Chinese line breaking (``cells.fold``).
"""

from __future__ import annotations

from collections.abc import Sequence

from duchatai.ui.cells import cells_of, fold, pad


def folded(text: str, width: int, *, indent: int = 0, hang: int | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` cells: the first after ``indent`` spaces, the
    others after ``hang`` (``indent`` when not given). Never narrower than 10 cells of text."""
    hang = indent if hang is None else hang
    room = max(10, width - max(indent, hang))
    pieces = fold(text, room) if text else [""]
    first = [" " * indent + pieces[0].rstrip()]
    return first + [" " * hang + piece.strip() for piece in pieces[1:] if piece.strip()]


def field_lines(rows: Sequence[tuple[str, str]], width: int, *, indent: int = 0) -> list[str]:
    """Labelled values, one row each: the labels in a column as wide as the widest, each
    value folded in the width left, its further lines under its first."""
    if not rows:
        return []
    labels = max(cells_of(name) for name, _ in rows)
    lines: list[str] = []
    for name, value in rows:
        lead = " " * indent + pad(name, labels) + "  "
        hang = cells_of(lead)
        body = folded(value, width, indent=hang, hang=hang)
        lines.append(lead + body[0][hang:])
        lines += body[1:]
    return lines
