"""``check`` names the file, line and column of what is wrong, in the ledger's language
(issue 15): item text in, problems out; then the command line in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

from duchatai.app.checks import check_ledger
from duchatai.core.messages import set_lang

ITEM = """\
id: DC-2026-0001
title: 测试事项
category: upper
kind: routine
status: assigned
start: 2026-11-20
due: 2026-12-01
lead_unit: 市教育局
methods:
  - phone
reports:
  - date: 2026-11-23
    kind: progress
    text: 已启动
urges: []
"""


def _problems(root: Path, text: str, lang: str = "zh") -> list[tuple[int | None, int | None, str]]:
    """(line, column, message) of every problem of one item file holding ``text``."""
    (root / "items" / "DC-2026-0001.yaml").write_text(text, "utf-8")
    set_lang(lang)
    try:
        return [(p.line, p.column, p.message) for p in check_ledger(root)]
    finally:
        set_lang("zh")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A date that is no date: the line and column of its value, not line 1.
        ("due: 2026-12-01", "due: 2026-13-45",
         (7, 6, "due：“2026-13-45”不是 1900—2200 年间的日期（YYYY-MM-DD）")),
        ("category: upper", "category: 批示",
         (3, 11, "category：未知类别“批示”；可用：upper（上级批示交办）、")),
        ("status: assigned", "status: 在办",
         (5, 9, "status：“在办”不是以下之一：registered（已立项）、")),
        ("kind: routine", "kind: 日常",
         (4, 7, "kind：“日常”不是以下之一：routine（日常督查）、")),
        ("  - phone", "  - fax",
         (10, 5, "methods[1]：“fax”不是以下之一：written（书面督查）、phone（电话督查）、")),
        ("    kind: progress", "    kind: weekly-ish",
         (13, 11, "reports[1].kind：“weekly-ish”不是以下之一：")),
        ("title: 测试事项\n", "", (1, None, "title：缺少此项")),
        ("  - date: 2026-11-23\n    kind", "  - kind", (12, 5, "reports[1].date：缺少日期")),
        ("methods:\n  - phone", "methods: phone", (9, 10, "methods：应为列表")),
        ("title: 测试事项", "title: [甲, 乙]", (2, 8, "title：应为文本，不能是列表或映射")),
        ("urges: []", "urges: [1]", (15, 9, "urges[1]：应为映射（键值对）")),
        ("start: 2026-11-20", "start: 2026-11-20\n  bad: indent",
         (7, 6, "文件：不是可读取的 YAML：")),
        ("due: 2026-12-01", "due: 2026-11-19", (7, 6, "due：2026-11-19 早于立项日期 2026-11-20")),
    ],
)
def test_each_problem_is_named_at_its_line_and_column_in_chinese(
    ledger: Path, old: str, new: str, expected: tuple[int, int | None, str]
) -> None:
    assert old in ITEM
    found = _problems(ledger, ITEM.replace(old, new, 1))
    line, column, message = expected
    assert [(p[0], p[1]) for p in found] == [(line, column)], found
    assert found[0][2].startswith(message), found


def test_the_same_problems_in_english(ledger: Path) -> None:
    text = ITEM.replace("due: 2026-12-01", "due: 2026-13-45")
    assert _problems(ledger, text, "en") == [
        (7, 6, "due: '2026-13-45' is not a date YYYY-MM-DD within the years 1900-2200")
    ]
    text = ITEM.replace("  - phone", "  - fax")
    [(line, column, message)] = _problems(ledger, text, "en")
    assert (line, column) == (10, 5)
    assert message.startswith("methods[1]: 'fax' is not one of written, phone, ")
    text = ITEM.replace("title: 测试事项\n", "")
    assert _problems(ledger, text, "en") == [(1, None, "title: missing")]


def test_a_duplicate_key_is_named_at_its_second_line(ledger: Path) -> None:
    [(line, column, message)] = _problems(ledger, ITEM + "due: 2026-12-02\n")
    assert (line, column) == (16, 1)
    assert message.startswith("文件：不是可读取的 YAML：found duplicate key")


def test_a_duplicate_id_is_named_in_both_files(ledger: Path) -> None:
    (ledger / "archive" / "2026").mkdir(parents=True)
    archived = ITEM.replace("status: assigned", "status: archived") + "closed_on: 2026-11-25\n"
    (ledger / "archive" / "2026" / "DC-2026-0001.yaml").write_text(archived, "utf-8")
    found = _problems(ledger, ITEM)
    assert found == [
        (1, 5, "id：DC-2026-0001 也出现在 items/DC-2026-0001.yaml"),
        (1, 5, "id：DC-2026-0001 也出现在 archive/2026/DC-2026-0001.yaml"),
    ]


def test_a_year_without_holiday_data_is_a_warning_at_the_due_date(ledger: Path) -> None:
    text = ITEM.replace("due: 2026-12-01", "due: 2099-12-01")
    (ledger / "items" / "DC-2026-0001.yaml").write_text(text, "utf-8")
    problems = check_ledger(ledger)
    assert [(p.line, p.column, p.warning) for p in problems] == [(7, 6, True)]
    assert problems[0].message.startswith("警告：due：2099 年的法定节假日安排缺失")


# -- the command line ---------------------------------------------------------------------


def test_check_prints_path_line_column_in_chinese_and_english(run: Run, ledger: Path) -> None:
    path = ledger / "items" / "DC-2026-0001.yaml"
    path.write_text(ITEM.replace("due: 2026-12-01", "due: 2026-13-45"), "utf-8")
    zh = run("check", ledger=ledger)
    assert zh.exit_code == 1
    assert zh.stdout == (
        "items/DC-2026-0001.yaml:7: due：“2026-13-45”不是 1900—2200 年间的日期（YYYY-MM-DD）\n"
    )
    en = run("check", ledger=ledger, lang="en")
    assert en.exit_code == 1
    assert en.stdout == (
        "items/DC-2026-0001.yaml:7: due: '2026-13-45' is not a date YYYY-MM-DD "
        "within the years 1900-2200\n"
    )
    as_json = run("check", "--json", ledger=ledger, lang="en")
    [entry] = json.loads(as_json.stdout)
    assert (entry["line"], entry["column"], entry["severity"]) == (7, 6, "error")


def test_a_missing_future_year_is_a_warning_and_check_passes(run: Run, ledger: Path) -> None:
    path = ledger / "items" / "DC-2026-0001.yaml"
    path.write_text(ITEM.replace("due: 2026-12-01", "due: 2027-01-05"), "utf-8")
    zh = run("check", ledger=ledger, today="2026-12-28")
    assert zh.exit_code == 0, zh
    assert zh.stdout.splitlines() == [
        "items/DC-2026-0001.yaml:7: 警告：due：2027 年的法定节假日安排缺失，时限按周末推算；"
        "请在 duchatai.yaml 的 calendar: 中补充",
        "台账校验通过，另有 1 条警告。",
    ]
    en = run("check", ledger=ledger, today="2026-12-28", lang="en")
    assert en.exit_code == 0
    assert en.stdout.startswith("items/DC-2026-0001.yaml:7: warning: due: no holiday schedule")
    # With a real problem besides, check fails.
    path.write_text(ITEM.replace("due: 2026-12-01", "due: 2027-01-05")
                    .replace("kind: routine", "kind: nope"), "utf-8")
    assert run("check", ledger=ledger, today="2026-12-28").exit_code == 1


def test_a_config_setting_that_is_no_number_is_named_at_its_line(ledger: Path) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("warn_workdays: 3", "warn_workdays: 三"), "utf-8")
    line = next(n for n, x in enumerate(config.read_text("utf-8").splitlines(), 1)
                if x.startswith("warn_workdays:"))
    [problem] = check_ledger(ledger)
    assert (problem.line, problem.column) == (line, 16)
    assert problem.message == "warn_workdays：“三”不是整数"
