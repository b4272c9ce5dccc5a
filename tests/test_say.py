"""A write command's one line is printed without Rich when Rich would print it unchanged.

``commands.output.say`` skips Rich's import for a short, plain line; whatever it
writes must be what ``ui.render.out`` (Rich) writes: long lines still wrap at
the width Rich takes, control characters are shown, emoji codes and tabs are
left to Rich.
"""

from __future__ import annotations

import io
import sys

import pytest

from duchatai.commands.output import say
from duchatai.ui import render

LINES = [
    "已催办 DC-2026-0001（第2次）",
    "已立项 DC-2026-0001，办理时限 2026-12-07",
    "registered DC-2026-0001: due 2026-12-07",
    "x" * 39,
    "x" * 41,
    "x" * 100,
    "已立项 DC-2026-10001，办理时限 2026-12-07 " + "长" * 60,
    "word " * 30,
    "a\tb  ",
    "  leading and trailing  ",
    "e\x1b[31mx\x07",
    "[bold]not markup[/]",
    "a :smile: b",
    "\u202eevil",
    "é and 零宽\u200b",
]


def printed(write: object, text: str) -> str:
    buffer = io.StringIO()
    saved = sys.stdout
    render._console = None  # a console made anew for this buffer's width
    sys.stdout = buffer
    try:
        write(text)  # type: ignore[operator]
    finally:
        sys.stdout = saved
        render._console = None
    return buffer.getvalue()


@pytest.mark.parametrize("columns", ["120", "80", "30"])
@pytest.mark.parametrize("text", LINES)
def test_a_line_is_printed_as_rich_prints_it(
    text: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert printed(say, text) == printed(render.out, text)


def test_a_long_line_still_wraps_at_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    assert printed(say, "长" * 20).splitlines() == ["长" * 15, "长" * 5]
