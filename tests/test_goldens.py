"""Golden outputs of every text report at 80 and at 120 columns (issue 15).

One small ledger, built once: long Chinese titles with ids, dates and numbers
such as 第0208号, an overdue item, a late milestone, urges, an extension, a
closed item and a criticism. Each report is compared with its golden file
(``tests/goldens/<report>-<width>.txt``; ``DUCHATAI_UPDATE_GOLDENS=1`` writes
them anew), and every line must fit the width and follow the line-breaking
rules: none starts with closing punctuation or ends with an opening bracket,
and no id or date is cut.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import BuiltLedger, Run

from duchatai.ui.cells import NO_END, NO_START, cells_of

GOLDENS = Path(__file__).parent / "goldens"
WIDTHS = (80, 120)
LONG = ("分管副市长批示：尽快解决中小学校舍安全隐患排查整治中群众反映的问题（第0208号），"
        "并于2026年11月30日前报送整改情况")
DOCUMENT = ("关于《城市道路积水点整治三年行动方案（2026—2028年）》落实情况的督查"
            "（济政办字〔2026〕12号）")
PROJECT = "重点项目：黄河大桥及连接线工程建设进度（DC-2026-0001号事项的配套工程）"


def _ok(run: Run, root: Path, *args: str, today: str) -> None:
    result = run(*args, ledger=root, today=today)
    assert result.exit_code == 0, result


def _build(run: Run, root: Path) -> None:
    _ok(run, root, "register", LONG, "--category", "leader-instruction",
        "--lead", "市教育局", today="2026-11-02")
    _ok(run, root, "assign", "DC-2026-0001", "--lead", "市教育局", today="2026-11-02")
    _ok(run, root, "register", DOCUMENT, "--category", "document", "--due", "2026-11-18",
        "--lead", "市城乡水务局", "--milestone", "2026-11-10 完成积水点排查（第一批共36处）",
        today="2026-11-03")
    _ok(run, root, "assign", "DC-2026-0002", "--lead", "市城乡水务局", today="2026-11-03")
    _ok(run, root, "urge", "DC-2026-0002", today="2026-11-19")
    _ok(run, root, "register", PROJECT, "--category", "key-project", "--due", "2026-11-25",
        "--lead", "市交通运输局", "--weekly", "--milestone", "2026-11-24 完成桥面铺装（第二标段）",
        today="2026-11-16")
    _ok(run, root, "assign", "DC-2026-0003", "--lead", "市交通运输局", today="2026-11-16")
    _ok(run, root, "extend", "DC-2026-0003", "--until", "2026-11-26", "--reason",
        "受雨雪天气影响，桥面铺装无法施工（气温低于5℃）", "--progress", "已完成70%",
        "--next-steps", "12月上旬完工", today="2026-11-18")
    _ok(run, root, "register", "校外培训机构专项治理", "--category", "document",
        "--due", "2026-11-30", "--lead", "市教育局", today="2026-11-04")
    _ok(run, root, "assign", "DC-2026-0004", "--lead", "市教育局", today="2026-11-04")
    _ok(run, root, "report", "DC-2026-0004", "--kind", "result", "--text", "已完成",
        "--signed-by", "张局长", "--sealed", today="2026-11-17")
    _ok(run, root, "review", "DC-2026-0004", "--accept", today="2026-11-17")
    _ok(run, root, "close", "DC-2026-0004", "--note", "已办结", today="2026-11-17")
    _ok(run, root, "criticize", "市教育局", "--reason", "超期未报（第0208号批示）",
        "--item", "DC-2026-0001", today="2026-11-19")


REPORTS = {
    "overdue": ("overdue",),
    "due": ("due", "--within", "5"),
    "list": ("list",),
    "show": ("show", "DC-2026-0001"),
    "weekly": ("weekly",),
    "stats": ("stats", "--year", "2026"),
    "escalation": ("escalation",),
    "suggest": ("overdue", "--suggest"),
    "show-closed": ("show", "DC-2026-0004"),
    "show-extended": ("show", "DC-2026-0003"),
}
_UNCUT = re.compile(r"DC-\d{4}-\d{4}|\d{4}-\d{2}-\d{2}|第\d+号|\d{4}年\d{1,2}月\d{1,2}日")


@pytest.fixture
def golden_ledger(run: Run, built_ledger: BuiltLedger) -> Path:
    return built_ledger("goldens", lambda root: _build(run, root))


def _checked(text: str, report: str, width: int) -> None:
    """Every line fits ``width`` and follows the rules of Chinese line breaking; the
    output is its golden file's."""
    for line in text.splitlines():
        assert cells_of(line) <= width, (report, width, line)
        if line.strip():
            assert line.strip()[0] not in NO_START, line
            assert line.rstrip()[-1] not in NO_END, line
    golden = GOLDENS / f"{report}-{width}.txt"
    if os.environ.get("DUCHATAI_UPDATE_GOLDENS"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), golden


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_matches_its_goldens_and_fits(
    run: Run, golden_ledger: Path, monkeypatch: pytest.MonkeyPatch, report: str
) -> None:
    tokens: list[Counter[str]] = []
    for width in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(width))
        result = run(*REPORTS[report], ledger=golden_ledger, today="2026-11-20")
        assert result.exit_code == 0, result
        _checked(result.stdout, report, width)
        tokens.append(Counter(_UNCUT.findall(result.stdout)))
    # The same ids, dates and numbers whole at 80 columns as at 120: none was cut.
    assert tokens[0] == tokens[1]
    assert tokens[0]


def test_weekly_html_page_is_its_golden_on_stdout_and_in_a_file(
    run: Run, golden_ledger: Path, tmp_path: Path
) -> None:
    """The HTML page, written a part at a time (to stdout, and to ``--output``), is byte
    for byte the page as it was made whole (``tests/goldens/weekly.html``, written by the
    joined page before it was written in parts)."""
    shown = run("weekly", "--format", "html", ledger=golden_ledger, today="2026-11-20")
    assert shown.exit_code == 0, shown
    page = tmp_path / "weekly.html"
    written = run("weekly", "--format", "html", "--output", str(page), ledger=golden_ledger,
                  today="2026-11-20")
    assert written.exit_code == 0, written
    golden = GOLDENS / "weekly.html"
    if os.environ.get("DUCHATAI_UPDATE_GOLDENS"):
        golden.write_bytes(page.read_bytes())
    assert page.read_bytes() == golden.read_bytes() == shown.stdout.encode("utf-8")
    for section in ("超期事项", "逾期节点任务", "本周通报批评", "各单位情况", "<svg"):
        assert section in shown.stdout, section
