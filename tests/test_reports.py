"""The reports (issue 4): overdue, due, stats, weekly, on one hand-built scenario.

The scenario is built once through the command line, every step with its own
``--today`` so that every date below can be checked by hand, then copied for
each test. Expected JSON is written out in full and compared exactly; the
human layouts are golden text at 80 columns.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, Run, commit_count, git_head, snapshot

from duchatai.core.workdays import WorkCalendar
from duchatai.ui import render

REPO = Path(__file__).resolve().parent.parent
CRON_SCRIPT = REPO / "examples" / "cron" / "duchatai-cron.sh"
CRONTAB = REPO / "examples" / "cron" / "crontab"

DOC, LI, UP, KP = "document", "leader-instruction", "upper", "key-project"
WATER, HOUSING, TRANSPORT = "市水务局", "市住建局", "市交通局"
EDUCATION, REFORM, CIVIL = "市教育局", "市发改委", "市民政局"


def ids(n: int) -> str:
    return f"DC-2026-{n:04d}"


# What happens, day by day (ids follow the order of registration):
#
#  0001 water      document, due 09-30 (before 国庆), never answered
#  0002 housing    leader-instruction registered Mon 11-02: 3 working days -> Thu 11-05
#  0003 transport  document due 11-10; a progress report 11-09 does NOT answer a document
#  0004 housing    upper registered 11-02: 7 working days -> 11-11; progress 11-10 answers it,
#                  and puts it on the weekly duty from W47 (no weekly report: missing in W47)
#  0005 education  document due 11-10, extended on 11-05 (in time) to 11-17, closed 11-16
#  0006 education  document due 11-06, extended --late on 11-11 to 11-13, closed 11-13
#  0007 reform     weekly duty, weekly reports 11-10 and 11-17 (W46, W47)
#  0008 water      weekly duty, weekly report 11-10 only: missing in W47
#  0009 transport  leader-instruction 11-16 -> 11-19; result 11-18 rejected 11-19, new due 11-19
#  0010 civil      weekly duty registered 11-16 (in W47: owes nothing for W47)
#  0011 civil      document due 11-24
#  0012 civil      document due 12-01
#  0013 civil      document registered 11-17, due 11-20 (the scenario's "today")
#  0014 housing    leader-instruction 11-19 -> 11-24, answered by progress the same day
#  TB-2026-0001    housing criticised on 11-19 about 0002
STEPS: list[tuple[str, tuple[str, ...]]] = []


def _item(day: str, title: str, category: str, unit: str, *extra: str) -> None:
    number = sum(1 for _, step in STEPS if step[0] == "register") + 1
    STEPS.append((day, ("register", title, "--category", category, "--lead", unit, *extra)))
    STEPS.append((day, ("assign", ids(number), "--lead", unit)))


def _step(day: str, *args: str) -> None:
    STEPS.append((day, args))


_item("2026-09-01", "中秋国庆期间安全生产检查", DOC, WATER, "--due", "2026-09-30")
_item("2026-11-02", "市长批示:老旧小区加装电梯进度", LI, HOUSING)
_item("2026-11-03", "城市道路积水点整治", DOC, TRANSPORT, "--due", "2026-11-10")
_step("2026-11-09", "report", ids(3), "--kind", "progress", "--text", "已完成排查")
_item("2026-11-02", "省政府督查通知:冬季供暖保障", UP, HOUSING)
_step("2026-11-10", "report", ids(4), "--kind", "progress", "--text", "已制定方案")
_item("2026-11-02", "教育系统安全隐患排查", DOC, EDUCATION, "--due", "2026-11-10")
_item("2026-11-02", "校外培训机构专项治理", DOC, EDUCATION, "--due", "2026-11-06")
_step("2026-11-05", "extend", ids(5), "--until", "2026-11-17", "--reason", "涉及学校较多")
_step("2026-11-11", "extend", ids(6), "--until", "2026-11-13", "--reason", "逾期申请", "--late")
_step("2026-11-12", "report", ids(6), "--kind", "result", "--text", "已办结")
_step("2026-11-13", "review", ids(6), "--accept")
_step("2026-11-13", "close", ids(6))
_item("2026-11-03", "全市营商环境优化专项行动", DOC, REFORM, "--due", "2026-12-31", "--weekly")
_item("2026-11-03", "黄河生态保护重点工程", KP, WATER, "--due", "2026-12-31", "--weekly")
_step("2026-11-10", "report", ids(7), "--kind", "weekly", "--text", "第一周")
_step("2026-11-10", "report", ids(8), "--kind", "weekly", "--text", "第一周")
_item("2026-11-16", "分管副市长批示:校园周边交通秩序", LI, TRANSPORT)
_item("2026-11-16", "社区养老服务提升", DOC, CIVIL, "--due", "2026-12-31", "--weekly")
_item("2026-11-16", "冬季取暖补贴发放", DOC, CIVIL, "--due", "2026-11-24")
_item("2026-11-16", "困难群众冬春救助", DOC, CIVIL, "--due", "2026-12-01")
_step("2026-11-16", "report", ids(5), "--kind", "result", "--text", "已办结")
_step("2026-11-16", "review", ids(5), "--accept")
_step("2026-11-16", "close", ids(5))
_item("2026-11-17", "养老机构消防检查", DOC, CIVIL, "--due", "2026-11-20")
_step("2026-11-17", "report", ids(7), "--kind", "weekly", "--text", "第二周")
_step("2026-11-18", "report", ids(9), "--kind", "result", "--text", "已整改")
_step("2026-11-19", "review", ids(9), "--reject", "--reason", "材料不全", "--due", "2026-11-19")
_item("2026-11-19", "市委书记批示:农贸市场改造", LI, HOUSING)
_step("2026-11-19", "report", ids(14), "--kind", "progress", "--text", "正在推进")
_step("2026-11-19", "criticize", HOUSING, "--reason", "老旧小区加装电梯超期未报", "--item", ids(2))

_TEMPLATE: dict[str, Path] = {}


@pytest.fixture
def scenario(
    run: Run, ledger: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A copy of the scenario ledger, built through the CLI on first use."""
    template = _TEMPLATE.get("ledger")
    if template is None:
        for day, args in STEPS:
            result = run(*args, ledger=ledger, today=day)
            assert result.exit_code == 0, (day, args, result)
        assert commit_count(ledger) == 1 + len(STEPS)
        template = tmp_path_factory.mktemp("scenario") / "ledger"
        shutil.copytree(ledger, template, symlinks=True)
        _TEMPLATE["ledger"] = template
    target = tmp_path / "scenario"
    shutil.copytree(template, target, symlinks=True)
    return target


def read_json(run: Run, root: Path, *args: str, today: str = "2026-11-20") -> Any:
    """Run a read command with ``--json`` style output: exit 0, valid JSON, no commit."""
    head = git_head(root)
    result = run(*args, ledger=root, today=today)
    assert result.exit_code == 0, result
    assert git_head(root) == head, "a read must not commit"
    return json.loads(result.stdout)


def overdue_json(run: Run, root: Path, today: str, *args: str) -> list[dict[str, Any]]:
    data = read_json(run, root, "overdue", "--json", *args, today=today)
    assert isinstance(data, list)
    return data


def row(
    n: int,
    title: str,
    unit: str,
    due: str,
    days: int,
    workdays: int,
    *,
    status: str = "assigned",
    category: str = DOC,
    urges: int = 0,
) -> dict[str, Any]:
    """One object of ``overdue --json``, in full (no milestones in this scenario)."""
    return {
        "id": ids(n),
        "title": title,
        "lead_unit": unit,
        "due": due,
        "status": status,
        "days_overdue": days,
        "workdays_overdue": workdays,
        "urges": urges,
        "category": category,
        "milestones_overdue": [],
    }


ROW1 = row(1, "中秋国庆期间安全生产检查", WATER, "2026-09-30", 51, 33)
ROW2 = row(2, "市长批示:老旧小区加装电梯进度", HOUSING, "2026-11-05", 15, 11, category=LI)
ROW3 = row(3, "城市道路积水点整治", TRANSPORT, "2026-11-10", 10, 8)
ROW9 = row(
    9, "分管副市长批示:校园周边交通秩序", TRANSPORT, "2026-11-19", 1, 1,
    status="returned", category=LI,
)


# -- overdue ---------------------------------------------------------------------------


def test_overdue_json_exact_most_overdue_first(run: Run, scenario: Path) -> None:
    assert overdue_json(run, scenario, "2026-11-20") == [ROW1, ROW2, ROW3, ROW9]


def test_overdue_counts_agree_with_the_calendar(run: Run, scenario: Path) -> None:
    calendar = WorkCalendar()
    today = dt.date(2026, 11, 20)
    for entry in overdue_json(run, scenario, "2026-11-20"):
        due = dt.date.fromisoformat(entry["due"])
        assert entry["days_overdue"] == (today - due).days
        assert entry["workdays_overdue"] == calendar.between(due, today)
    days = [e["days_overdue"] for e in overdue_json(run, scenario, "2026-11-20")]
    assert days == sorted(days, reverse=True)


def test_not_overdue_on_the_due_date_overdue_the_day_after(run: Run, scenario: Path) -> None:
    # 0013 is due Friday 2026-11-20.
    assert overdue_json(run, scenario, "2026-11-20", "--unit", CIVIL) == []
    fire = "养老机构消防检查"
    assert overdue_json(run, scenario, "2026-11-21", "--unit", CIVIL) == [
        row(13, fire, CIVIL, "2026-11-20", 1, 0)
    ]
    assert overdue_json(run, scenario, "2026-11-23", "--unit", CIVIL) == [
        row(13, fire, CIVIL, "2026-11-20", 3, 1)
    ]


@pytest.mark.parametrize(
    ("today", "days", "workdays"),
    [
        ("2026-10-01", 1, 0),  # 国庆 holiday
        ("2026-10-07", 7, 0),  # last day of the holiday
        ("2026-10-08", 8, 1),  # first working day after it
        ("2026-10-09", 9, 2),
        ("2026-10-10", 10, 3),  # Saturday, an adjusted working day (调休)
        ("2026-10-11", 11, 3),  # an ordinary Sunday
    ],
)
def test_overdue_across_national_day(
    run: Run, scenario: Path, today: str, days: int, workdays: int
) -> None:
    day = dt.date.fromisoformat(today)
    assert WorkCalendar().between(dt.date(2026, 9, 30), day) == workdays
    assert (day - dt.date(2026, 9, 30)).days == days
    # Only 0001 existed then: items registered in November are absent.
    expected = {**ROW1, "days_overdue": days, "workdays_overdue": workdays}
    assert overdue_json(run, scenario, today) == [expected]


def test_not_overdue_on_the_holiday_items_due_date(run: Run, scenario: Path) -> None:
    assert overdue_json(run, scenario, "2026-09-30") == []


def test_progress_answers_upper_and_leader_instruction_but_not_document(
    run: Run, scenario: Path
) -> None:
    # 2026-11-25: past the due dates of 0003 (document), 0004 (upper) and 0014 (leader
    # instruction); each had a progress report on or before its due date.
    found = [e["id"] for e in overdue_json(run, scenario, "2026-11-25")]
    assert ids(3) in found
    assert ids(4) not in found
    assert ids(14) not in found


def test_rejected_report_does_not_satisfy_the_new_due_date(run: Run, scenario: Path) -> None:
    # 0009's result report of 11-18 precedes the new due date 11-19 but was rejected.
    assert ids(9) not in [e["id"] for e in overdue_json(run, scenario, "2026-11-19")]
    assert overdue_json(run, scenario, "2026-11-20", "--unit", TRANSPORT) == [ROW3, ROW9]


def test_overdue_unit_filter(run: Run, scenario: Path) -> None:
    assert overdue_json(run, scenario, "2026-11-20", "--unit", HOUSING) == [ROW2]
    assert overdue_json(run, scenario, "2026-11-20", "--unit", EDUCATION) == []


def test_overdue_exit_codes(run: Run, scenario: Path) -> None:
    plain = run("overdue", ledger=scenario)
    assert plain.exit_code == 0, plain
    assert ids(1) in plain.stdout
    failing = run("overdue", "--fail-if-any", ledger=scenario)
    assert failing.exit_code == 3, failing
    assert ids(1) in failing.stdout, "the report is still printed"
    as_json = run("overdue", "--json", "--fail-if-any", ledger=scenario)
    assert as_json.exit_code == 3
    assert [e["id"] for e in json.loads(as_json.stdout)] == [ids(1), ids(2), ids(3), ids(9)]
    clean = run("overdue", "--fail-if-any", "--unit", EDUCATION, ledger=scenario)
    assert clean.exit_code == 0, clean
    early = run("overdue", "--fail-if-any", ledger=scenario, today="2026-09-30")
    assert early.exit_code == 0, early


def test_overdue_for_a_past_date_shows_the_ledger_as_it_was(run: Run, scenario: Path) -> None:
    # On 11-10, 0006 was overdue (due 11-06): its late extension (11-11), report and
    # closing came later. 0003 is due that very day; 0009 did not exist yet.
    assert overdue_json(run, scenario, "2026-11-10") == [
        {**ROW1, "days_overdue": 41, "workdays_overdue": 25},
        {**ROW2, "days_overdue": 5, "workdays_overdue": 3},
        row(6, "校外培训机构专项治理", EDUCATION, "2026-11-06", 4, 2),
    ]
    assert WorkCalendar().between(dt.date(2026, 9, 30), dt.date(2026, 11, 10)) == 25


def test_weekly_for_a_past_date(run: Run, scenario: Path) -> None:
    data = read_json(run, scenario, "weekly", "--week", "2026-W47", "--format", "json",
                     today="2026-11-17")
    assert data["as_of"] == "2026-11-17"
    assert data["new"] == [ids(n) for n in (9, 10, 11, 12, 13)]
    assert data["closed"] == [ids(5)]
    assert data["overdue"] == [ids(1), ids(2), ids(3)]
    # 0008's weekly report may still come before Sunday, but none came by 11-17; 0004
    # owes one from W47 on (its progress reply of 11-10).
    assert data["missing_weekly_reports"] == [ids(4), ids(8)]


# -- due -------------------------------------------------------------------------------


def test_due_within_default_three_workdays(run: Run, scenario: Path) -> None:
    # 0014 (due 11-24) is answered by its progress report: not listed.
    assert read_json(run, scenario, "due", "--json") == [
        {"id": ids(13), "title": "养老机构消防检查", "lead_unit": CIVIL,
         "due": "2026-11-20", "workdays_left": 0, "milestones_due": []},
        {"id": ids(11), "title": "冬季取暖补贴发放", "lead_unit": CIVIL,
         "due": "2026-11-24", "workdays_left": 2, "milestones_due": []},
    ]


def test_due_within_n(run: Run, scenario: Path) -> None:
    rows = read_json(run, scenario, "due", "--within", "7", "--json")
    assert [(r["id"], r["workdays_left"]) for r in rows] == [
        (ids(13), 0),
        (ids(11), 2),
        (ids(12), 7),
    ]
    assert WorkCalendar().between(dt.date(2026, 11, 20), dt.date(2026, 12, 1)) == 7
    assert [r["id"] for r in read_json(run, scenario, "due", "--within", "6", "--json")] == [
        ids(13),
        ids(11),
    ]
    assert [r["id"] for r in read_json(run, scenario, "due", "--within", "0", "--json")] == [
        ids(13)
    ]


def test_due_refuses_a_bad_window(run: Run, scenario: Path) -> None:
    result = run("due", "--within", "soon", ledger=scenario)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--within" in result.stderr and "“soon”" in result.stderr
    assert "Traceback" not in result.stderr


# -- stats -----------------------------------------------------------------------------


def stat(unit: str, items: int, on_time: int, late: int, overdue: int,
         rate: float | None, weeks_missed: int = 0) -> dict[str, Any]:
    return {"unit": unit, "items": items, "closed_on_time": on_time, "closed_late": late,
            "open_overdue": overdue, "on_time_rate": rate, "weeks_missed": weeks_missed,
            "reopened": 0}


STATS_1120 = [
    # 0005 extended in time and answered before the new date: on time. 0006 extended
    # late: judged against 11-06, answered 11-12: late.
    stat(EDUCATION, 2, 1, 1, 0, 0.5),
    stat(HOUSING, 3, 0, 0, 1, 0.0),
    stat(TRANSPORT, 2, 0, 0, 2, 0.0),
    stat(WATER, 2, 0, 0, 1, 0.0),
    stat(CIVIL, 4, 0, 0, 0, None),  # nothing was due yet: listed after every rated unit
    stat(REFORM, 1, 0, 0, 0, None),
]


def test_stats_json_exact(run: Run, scenario: Path) -> None:
    assert read_json(run, scenario, "stats", "--json") == STATS_1120
    assert read_json(run, scenario, "stats", "--year", "2026", "--json") == STATS_1120


def test_stats_of_a_year_without_items(run: Run, scenario: Path) -> None:
    assert read_json(run, scenario, "stats", "--year", "2025", "--json") == []


def test_stats_rate_is_null_when_nothing_was_due(run: Run, scenario: Path) -> None:
    # On 11-05 only 0001 (water) had been due; education's items were not due yet.
    data = read_json(run, scenario, "stats", "--json", today="2026-11-05")
    by_unit = {r["unit"]: r for r in data}
    assert by_unit[WATER] == stat(WATER, 2, 0, 0, 1, 0.0)
    assert by_unit[EDUCATION] == stat(EDUCATION, 2, 0, 0, 0, None)
    assert by_unit[HOUSING] == stat(HOUSING, 2, 0, 0, 0, None)


# -- weekly ----------------------------------------------------------------------------


def test_weekly_json_w47(run: Run, scenario: Path) -> None:
    data = read_json(run, scenario, "weekly", "--week", "2026-W47", "--format", "json")
    assert data["week"] == "2026-W47"
    assert data["new"] == [ids(n) for n in (9, 10, 11, 12, 13, 14)]
    assert data["closed"] == [ids(5)]
    assert data["overdue"] == [ids(1), ids(2), ids(3), ids(9)]
    assert data["missing_weekly_reports"] == [ids(4), ids(8)]
    assert data["units"] == STATS_1120
    for key in ("new", "closed", "overdue", "missing_weekly_reports"):
        assert all(isinstance(v, str) for v in data[key])


def test_weekly_duty_gaps(run: Run, scenario: Path) -> None:
    data = read_json(run, scenario, "weekly", "--week", "2026-W47", "--format", "json")
    missing = data["missing_weekly_reports"]
    assert ids(8) in missing  # registered before W47, last weekly report in W46
    assert ids(7) not in missing  # weekly report on 11-17
    assert ids(10) not in missing  # registered during W47
    assert ids(4) in missing  # progress reply 11-10 (W46): on the weekly duty from W47
    assert ids(14) not in missing  # progress reply 11-19: on the weekly duty from W48


def test_weekly_json_w46(run: Run, scenario: Path) -> None:
    data = read_json(run, scenario, "weekly", "--week", "2026-W46", "--format", "json")
    assert data["week"] == "2026-W46"
    assert data["as_of"] == "2026-11-15"
    assert data["new"] == []
    assert data["closed"] == [ids(6)]
    assert data["overdue"] == [ids(1), ids(2), ids(3)]
    assert data["missing_weekly_reports"] == []
    assert data["extensions"] == [ids(6)]


def test_weekly_refuses_a_bad_week(run: Run, scenario: Path) -> None:
    result = run("weekly", "--week", "2026-W60", ledger=scenario)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "“2026-W60”" in result.stderr and "YYYY-Www" in result.stderr


# -- golden layouts at 80 columns -----------------------------------------------------


@pytest.fixture
def columns80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    # Start from no console at all, whatever the tests run before left behind.
    monkeypatch.setattr(render, "_console", None)


OVERDUE_ZH = """\
测试督查室 超期事项晨报 2026-11-20
   编号          事项                  时限        超期天/工作日  状态      催办
市水务局  超期 1 项  若通报批评：第1次通报批评
●  DC-2026-0001  中秋国庆期间安全生产  2026-09-30          51/33  已交办       0
                 检查
市住建局  超期 1 项  若通报批评：第2次通报批评 → 诫勉谈话
●  DC-2026-0002  市长批示:老旧小区加   2026-11-05          15/11  已交办       0
                 装电梯进度
市交通局  超期 2 项  若通报批评：第1次通报批评
●  DC-2026-0003  城市道路积水点整治    2026-11-10           10/8  已交办       0
●  DC-2026-0009  分管副市长批示:校园   2026-11-19            1/1  退回重办     0
                 周边交通秩序
2026-11-20：超期 4 项，涉及 3 个单位，最长超期 51 天
2026-11-20：即将到期 2 项，缺报周报 0 项
"""

OVERDUE_EN = """\
测试督查室: overdue items, 2026-11-20
   ID            Title                    Due         Late d/wd  Status    Urged
市水务局  1 overdue  if criticised: criticism #1
●  DC-2026-0001  中秋国庆期间安全生产检   2026-09-30      51/33  assigned      0
                 查
市住建局  1 overdue  if criticised: criticism #2 → admonition talk
●  DC-2026-0002  市长批示:老旧小区加装电  2026-11-05      15/11  assigned      0
                 梯进度
市交通局  2 overdue  if criticised: criticism #1
●  DC-2026-0003  城市道路积水点整治       2026-11-10       10/8  assigned      0
●  DC-2026-0009  分管副市长批示:校园周边  2026-11-19        1/1  returned      0
                 交通秩序
2026-11-20: 4 overdue across 3 units, worst 51 days
2026-11-20: 2 due soon, 0 weekly reports missing
"""


def test_overdue_golden_zh(run: Run, scenario: Path, columns80: None) -> None:
    result = run("overdue", ledger=scenario)
    assert result.exit_code == 0, result
    assert result.stdout == OVERDUE_ZH


def test_overdue_golden_en(run: Run, scenario: Path, columns80: None) -> None:
    result = run("overdue", ledger=scenario, lang="en")
    assert result.exit_code == 0, result
    assert result.stdout == OVERDUE_EN


def test_overdue_table_fits_80_columns(run: Run, scenario: Path, columns80: None) -> None:
    from rich.cells import cell_len

    for lang in (None, "en"):
        lines = run("overdue", ledger=scenario, lang=lang).stdout.splitlines()
        # The table (between the title and the summary line) fits the terminal.
        assert max(cell_len(line) for line in lines[1:-1]) == 80
        assert all(line == line.rstrip() for line in lines)


def test_overdue_width_follows_columns_between_invocations(
    run: Run, scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process invocations (tests, library use) each follow their own COLUMNS."""
    from rich.cells import cell_len

    monkeypatch.setattr(render, "_console", None)
    monkeypatch.setenv("COLUMNS", "120")
    assert run("overdue", ledger=scenario).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("overdue", ledger=scenario).stdout.splitlines()
    assert max(cell_len(line) for line in lines[1:-1]) == 80


WEEKLY_MD = """\
# 测试督查室督查周报 2026-W47(2026-11-16 至 2026-11-22)

""" + (
    "新立项 6 项，办结 1 项，超期 4 项，逾期节点任务 0 个，缺报周报 2 项，延期 0 次，催办 0 次。"
    "统计截至 2026-11-20。\n"
) + """
## 本周新立项

| 编号 | 事项 | 主办单位 | 时限 |
|---|---|---|---|
| DC-2026-0009 | 分管副市长批示:校园周边交通秩序 | 市交通局 | 2026-11-19 |
| DC-2026-0010 | 社区养老服务提升 | 市民政局 | 2026-12-31 |
| DC-2026-0011 | 冬季取暖补贴发放 | 市民政局 | 2026-11-24 |
| DC-2026-0012 | 困难群众冬春救助 | 市民政局 | 2026-12-01 |
| DC-2026-0013 | 养老机构消防检查 | 市民政局 | 2026-11-20 |
| DC-2026-0014 | 市委书记批示:农贸市场改造 | 市住建局 | 2026-11-24 |

## 本周办结

| 编号 | 事项 | 主办单位 | 办结日期 |
|---|---|---|---|
| DC-2026-0005 | 教育系统安全隐患排查 | 市教育局 | 2026-11-16 |

## 超期事项

| 编号 | 事项 | 主办单位 | 时限 | 超期天数 | 超期工作日 | 催办 | 问责提示 |
|---|---|---|---|---|---|---|---|
""" + (
    "| DC-2026-0001 | 中秋国庆期间安全生产检查 | 市水务局 | 2026-09-30 | 51 | 33 | 0 | "
    "第1次通报批评 |\n"
    "| DC-2026-0002 | 市长批示:老旧小区加装电梯进度 | 市住建局 | 2026-11-05 | 15 | 11 | 0 | "
    "第2次通报批评 → 诫勉谈话 |\n"
    "| DC-2026-0003 | 城市道路积水点整治 | 市交通局 | 2026-11-10 | 10 | 8 | 0 | 第1次通报批评 |\n"
    "| DC-2026-0009 | 分管副市长批示:校园周边交通秩序 | 市交通局 | 2026-11-19 | 1 | 1 | 0 | "
    "第1次通报批评 |\n"
) + """
## 逾期节点任务（第八条）

无。

## 缺报周报（第十七条）

| 编号 | 事项 | 主办单位 | 时限 |
|---|---|---|---|
| DC-2026-0004 | 省政府督查通知:冬季供暖保障 | 市住建局 | 2026-11-11 |
| DC-2026-0008 | 黄河生态保护重点工程 | 市水务局 | 2026-12-31 |

## 本周延期

无。

## 本周催办

无。

## 各单位情况

| 单位 | 事项 | 按时办结 | 逾期办结 | 在办超期 | 按时率 |
|---|---|---|---|---|---|
| 市教育局 | 2 | 1 | 1 | 0 | 50.0% |
| 市住建局 | 3 | 0 | 0 | 1 | 0.0% |
| 市交通局 | 2 | 0 | 0 | 2 | 0.0% |
| 市水务局 | 2 | 0 | 0 | 1 | 0.0% |
| 市民政局 | 4 | 0 | 0 | 0 | — |
| 市发改委 | 1 | 0 | 0 | 0 | — |
"""


def test_weekly_markdown_golden(run: Run, scenario: Path, columns80: None) -> None:
    result = run("weekly", "--format", "markdown", "--week", "2026-W47", ledger=scenario)
    assert result.exit_code == 0, result
    assert result.stdout == WEEKLY_MD


def test_weekly_markdown_to_file_is_the_same(run: Run, scenario: Path, tmp_path: Path) -> None:
    target = tmp_path / "周报.md"
    result = run("weekly", "--format", "markdown", "--week", "2026-W47", "--output",
                 str(target), ledger=scenario)
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == WEEKLY_MD


# -- a broken file does not stop the reports -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("overdue",),
        ("overdue", "--json"),
        ("list",),
        ("list", "--json"),
        ("weekly", "--week", "2026-W47"),
        ("weekly", "--week", "2026-W47", "--format", "json"),
    ],
)
def test_broken_file_is_skipped_loudly(run: Run, scenario: Path, args: tuple[str, ...]) -> None:
    broken = scenario / "items" / "DC-2026-0099.yaml"
    broken.write_text("id: [DC-2026-0099\ntitle: : : {{\n\t- garbage\n", encoding="utf-8")
    result = run(*args, ledger=scenario)
    assert result.exit_code == 0, result
    assert "Traceback" not in result.stderr
    assert "DC-2026-0099.yaml" in result.stderr
    assert ids(1) in result.stdout
    assert "DC-2026-0099" not in result.stdout
    if "--json" in args or "json" in args:
        json.loads(result.stdout)


# -- the weekly report as a self-contained HTML page -----------------------------------


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_weekly_html_is_self_contained(run: Run, scenario: Path, tmp_path: Path) -> None:
    page = tmp_path / "weekly.html"
    result = run("weekly", "--format", "html", "--week", "2026-W47", "--output", str(page),
                 ledger=scenario)
    assert result.exit_code == 0, result
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    assert "<style>" in text and "<svg" in text
    for attr in ("src=", "href="):
        for scheme in ("http://", "https://", "//"):
            assert f'{attr}"{scheme}' not in text and f"{attr}'{scheme}" not in text
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert "测试督查室督查周报 2026-W47" in text
    assert ids(1) in text and ids(8) in text


def test_weekly_html_renders_in_headless_chromium(
    run: Run, scenario: Path, tmp_path: Path
) -> None:
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / "weekly.html"
    result = run("weekly", "--format", "html", "--week", "2026-W47", "--output", str(page),
                 ledger=scenario)
    assert result.exit_code == 0, result
    shot = tmp_path / "weekly.png"
    done = _chromium(f"--screenshot={shot}", "--window-size=1240,1754", page.as_uri(),
                     profile=tmp_path / "profile")
    assert shot.is_file(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000, "a blank page compresses to almost nothing"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1240, 1754)
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile2")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "测试督查室督查周报 2026-W47" in dom.stdout
    assert ids(1) in dom.stdout
    assert "本周通报批评" in dom.stdout and "TB-2026-0001" in dom.stdout
    assert "<svg" in dom.stdout
    if os.environ.get("DUCHATAI_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["DUCHATAI_KEEP_SCREENSHOT"])
    # The layout, measured by the browser at A4's width (794 px) and a phone's (390 px):
    # the 事项 column takes the width, numbers are right-aligned, nothing spills sideways.
    for width, least_chars in ((794, 12), (390, 8)):
        seen = _measure(page, width, tmp_path / f"profile-{width}")
        assert seen["page"] <= width, seen
        assert seen["wide"] and seen["num"] and set(seen["num"]) == {"right"}, seen
        for table in seen["wide"]:
            assert table["chars"] >= least_chars, (width, table)
            if width == 794:
                assert table["share"] >= 0.25, table


_MEASURE = """<style>html { width: %dpx; }</style><script>
const size = parseFloat(getComputedStyle(document.body).fontSize);
const wide = [...document.querySelectorAll("table")].filter(t => t.querySelector("td.wide"));
const seen = {
  page: Math.max(...[...document.querySelectorAll("h1, h2, p, .scroll, figure, footer")]
                  .map(e => e.getBoundingClientRect().right)),
  num: [...document.querySelectorAll("td.num")].map(c => getComputedStyle(c).textAlign),
  wide: wide.map(t => ({
    section: t.closest(".scroll").previousElementSibling.textContent,
    chars: t.querySelector("td.wide").getBoundingClientRect().width / size,
    share: t.querySelector("td.wide").getBoundingClientRect().width
           / t.getBoundingClientRect().width,
  })),
};
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(seen);
document.body.appendChild(out);
</script>"""


def _measure(page: Path, width: int, profile: Path) -> dict[str, Any]:
    """What the browser lays out at ``width`` px: a copy of the page with a script that
    writes the measures into the DOM, read back with ``--dump-dom``. Headless Chromium
    keeps its window at least 500 px wide, so the page itself is held to ``width``."""
    probe = page.with_name(f"probe-{width}.html")
    measure = _MEASURE % width
    probe.write_text(page.read_text("utf-8").replace("</body>", measure + "</body>"), "utf-8")
    dom = _chromium(f"--window-size={width},900", "--dump-dom", probe.as_uri(), profile=profile)
    assert dom.returncode == 0, dom.stderr[-2000:]
    start = dom.stdout.index('<pre id="measured">') + len('<pre id="measured">')
    text = dom.stdout[start : dom.stdout.index("</pre>", start)]
    return dict(json.loads(text.replace("&quot;", '"').replace("&amp;", "&")))


# -- the cron example ------------------------------------------------------------------


def _cron(scenario: Path, mode: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(CRON_SCRIPT), mode],
        env={
            **os.environ,
            "LEDGER": str(scenario),
            "DUCHATAI": f"{sys.executable} -m duchatai",
            "DUCHATAI_TODAY": "2026-11-20",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def test_cron_weekly_writes_and_commits_the_reports(scenario: Path) -> None:
    stray = scenario / "notes.txt"
    stray.write_text("a clerk's scratch file, not for the ledger\n", encoding="utf-8")
    before = commit_count(scenario)
    done = _cron(scenario, "weekly")
    assert done.returncode == 0, done.stderr
    html = scenario / "reports" / "周报-2026-W47.html"
    markdown = scenario / "reports" / "周报-2026-W47.md"
    assert html.is_file() and markdown.is_file()
    assert "<svg" in html.read_text(encoding="utf-8")
    assert markdown.read_text(encoding="utf-8") == WEEKLY_MD
    assert commit_count(scenario) == before + 1
    assert _git(scenario, "log", "-1", "--format=%s").startswith("weekly 2026-W47")
    committed = _git(scenario, "-c", "core.quotepath=false", "show", "--name-only",
                     "--format=", "HEAD").split()
    assert sorted(committed) == ["reports/周报-2026-W47.html", "reports/周报-2026-W47.md"]
    # Only the reports were committed; the stray file is left alone, untouched.
    status = _git(scenario, "status", "--porcelain", "--untracked-files=all")
    assert status.splitlines() == ["?? notes.txt"]
    assert stray.read_text(encoding="utf-8").startswith("a clerk's")
    # Run again: nothing new, no empty commit.
    again = _cron(scenario, "weekly")
    assert again.returncode == 0, again.stderr
    assert commit_count(scenario) == before + 1


def test_cron_morning_mails_the_overdue_report(scenario: Path, tmp_path: Path) -> None:
    mailbox = tmp_path / "mailbox"
    fake = tmp_path / "fake-mail"
    fake.write_text(
        '#!/usr/bin/env bash\n{ printf "%s\\n" "$@"; echo ---; cat; } > "$MAILBOX"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    head = git_head(scenario)
    done = _cron(scenario, "morning", MAIL_CMD=str(fake), MAIL_TO="a@example.cn b@example.cn",
                 MAILBOX=str(mailbox))
    assert done.returncode == 0, done.stderr
    sent = mailbox.read_text(encoding="utf-8")
    head_lines, _, body = sent.partition("---\n")
    assert head_lines.splitlines() == ["-s", "督查晨报 2026-11-20", "a@example.cn", "b@example.cn"]
    assert "测试督查室 超期事项晨报 2026-11-20" in body
    assert ids(1) in body
    assert git_head(scenario) == head


def test_cron_morning_is_silent_on_a_holiday(scenario: Path, tmp_path: Path) -> None:
    mailbox = tmp_path / "mailbox"
    done = _cron(scenario, "morning", DUCHATAI_TODAY="2026-10-05", MAIL_CMD="false",
                 MAIL_TO="a@example.cn", MAILBOX=str(mailbox))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    # An adjusted working Saturday (调休) gets its report.
    saturday = _cron(scenario, "morning", DUCHATAI_TODAY="2026-10-10", NO_MAIL="1")
    assert saturday.returncode == 0, saturday.stderr
    assert "督查晨报 2026-10-10" in saturday.stdout and ids(1) in saturday.stdout


def test_cron_files_are_sane() -> None:
    script = CRON_SCRIPT.read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert '--ledger "$LEDGER"' in script
    for word in ("rm ", "reset", "clean", "push", "--force", "checkout"):
        assert word not in script, word
    assert os.access(CRON_SCRIPT, os.X_OK)
    lines = [
        line for line in CRONTAB.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#") and "=" not in line.split()[0]
    ]
    schedules = {tuple(line.split()[:5]): line.split()[5:] for line in lines}
    assert schedules[("0", "8", "*", "*", "1-5")][-1] == "morning"
    assert schedules[("0", "17", "*", "*", "5")][-1] == "weekly"
    # An unescaped % in a crontab command line is a line break to cron.
    assert not any("%" in line for line in lines)


def test_cron_script_refuses_without_a_ledger() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LEDGER"}
    done = subprocess.run(["bash", str(CRON_SCRIPT), "weekly"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "LEDGER" in done.stderr


def test_reads_leave_the_ledger_unchanged(run: Run, scenario: Path) -> None:
    before, head = snapshot(scenario), git_head(scenario)
    for args in (("overdue",), ("due",), ("stats",), ("weekly",), ("escalation",)):
        result: Result = run(*args, ledger=scenario)
        assert result.exit_code == 0, (args, result)
    assert snapshot(scenario) == before
    assert git_head(scenario) == head


def test_report_into_a_missing_folder_is_refused_and_creates_nothing(
    ledger: Path, run: Run, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "周报.html"
    result = run("weekly", "--format", "html", "--output", str(target), ledger=ledger)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(target) in result.stderr and "目录不存在" in result.stderr
    assert not (tmp_path / "no").exists()
    sheet = target.with_name("台账.csv")  # the suffix must say the format
    exported = run("export", "--format", "csv", "--output", str(sheet), ledger=ledger)
    assert exported.exit_code == 1
    assert str(sheet) in exported.stderr and "目录不存在" in exported.stderr
    assert not (tmp_path / "no").exists()


def test_bad_filter_is_one_line_even_beside_a_broken_file(ledger: Path, run: Run) -> None:
    (ledger / "items" / "DC-2026-0099.yaml").write_text("id: [\n", encoding="utf-8")
    for command, reason in ((("list", "--status", "bogus"), "--status“bogus”无效"),
                            (("export", "--format", "json", "--category", "bogus"),
                             "未知类别“bogus”")):
        result = run(*command, ledger=ledger)
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert reason in result.stderr, result.stderr
