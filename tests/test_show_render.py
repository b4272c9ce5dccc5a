"""``show`` as lines of styled runs (``ui.render_item``), written without Rich.

The layout itself (fields, sections, history, each language and width) is held
byte for byte by the CLI tests of ``show``; here: the colours a terminal gets,
the lines no wider than the terminal, and that ``show``, ``stats`` and
``escalation`` print without importing Rich's console.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ItemFactory

import duchatai
from duchatai.core.records import Milestone
from duchatai.ui.cells import cells_of
from duchatai.ui.render_item import Styled, item_detail

TODAY = dt.date(2026, 12, 2)


def test_on_a_terminal_the_title_is_bold_and_the_light_keeps_its_colour(
    make_item: ItemFactory,
) -> None:
    item = make_item(start=dt.date(2026, 9, 1))
    text = item_detail(item, TODAY, "red", width=80).render(color=True)
    first = text.splitlines()[0]
    assert first.startswith("\x1b[1mDC-2026-0001  测试事项\x1b[0m")
    assert first.endswith("\x1b[1;31m  ● 红\x1b[0m")  # bold once, not "1;1;31"
    assert "\x1b[2m类别\x1b[0m" in text  # the labels are dim


def test_a_blank_line_before_a_heading_is_not_styled(make_item: ItemFactory) -> None:
    item = make_item(start=dt.date(2026, 9, 1))
    item.milestones = [
        Milestone("完成设计", dt.date(2026, 10, 9), done=dt.date(2026, 10, 8)),
        Milestone("竣工验收", dt.date(2026, 11, 30)),
    ]
    text = item_detail(item, TODAY, "red", width=80).render(color=True)
    assert "\n\n\x1b[1m节点任务\x1b[0m\n" in text
    assert "完成设计  \x1b[32m已完成 2026-10-08\x1b[0m" in text
    assert "竣工验收  \x1b[1;31m已逾期\x1b[0m" in text


def test_a_styled_word_keeps_its_style_on_the_line_it_folds_to() -> None:
    line = Styled([("  1. 2026-10-09  " + "很长的节点任务名称" * 4 + "  ", ""), ("已逾期", "red")])
    from duchatai.ui.render_item import _folded

    lines = _folded(line, 40)
    assert len(lines) > 1
    assert lines[-1].runs[-1] == ("已逾期", "red")
    assert all(cells_of(x.plain) <= 40 for x in lines)


@pytest.mark.parametrize("width", [30, 40, 80])
def test_every_line_fits_the_terminal_the_conflict_line_too(
    make_item: ItemFactory, width: int
) -> None:
    item = make_item(start=dt.date(2026, 9, 1))
    item.conflicts = ["title", "due", "lead_unit"]
    text = item_detail(item, TODAY, "yellow", width=width).render(color=False)
    assert "resolve DC-2026-0001" in text.replace("\n  ", " ")
    assert max(cells_of(line) for line in text.splitlines()) <= width


def test_control_characters_of_a_hand_edit_are_shown_not_sent(make_item: ItemFactory) -> None:
    item = make_item(title="标题\x1b[31m红\x07")
    for color in (False, True):
        text = item_detail(item, TODAY, None, width=80).render(color=color)
        assert "\x07" not in text and "\x1b[31m红" not in text


NO_RICH = """
import sys
from duchatai.cli import main
sys.argv = ["duchatai", "--ledger", sys.argv[1], "--today", "2026-11-20", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
# rich.cells alone (a table of character widths) may measure an unusual character.
heavy = ("rich.console", "rich.text", "rich.table", "rich.segment")
sys.stderr.write("rich=" + ",".join(sorted(m for m in heavy if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "argv", [["show", "DC-2026-0004"], ["stats"], ["escalation"]], ids=" ".join
)
def test_show_stats_and_escalation_print_without_rich(demo: Path, argv: list[str]) -> None:
    root = str(Path(duchatai.__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", NO_RICH, str(demo), *argv],
        env={**os.environ, "PYTHONPATH": root},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip(), done.stderr
    assert done.stderr.splitlines()[-1] == "rich=", done.stderr[-2000:]
