"""Accountability (issue 5, 第十九条 / 第二十条): the ladder, pure and through the CLI.

通报批评 → 诫勉谈话 (2 criticisms in a year, or no rectification in time)
→ 组织处理或纪律处分 (3 criticisms in a year).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import BuiltLedger, Result, Run, commit_count, git_head, snapshot

from duchatai.core.criticism import Criticism
from duchatai.core.escalation import Level, level_for_count, standing, standings
from duchatai.core.profile import DEFAULT_PROFILE, build_profile

LADDER = DEFAULT_PROFILE.ladder
UNIT = "市住建局"
OTHER = "市交通局"
D = dt.date


def crit(
    n: int,
    day: dt.date,
    unit: str = UNIT,
    *,
    rectify_by: dt.date | None = None,
    rectified_on: dt.date | None = None,
) -> Criticism:
    return Criticism(
        id=f"TB-{day.year}-{n:04d}",
        unit=unit,
        date=day,
        reason="超期未办结",
        rectify_by=rectify_by,
        rectified_on=rectified_on,
    )


def spread(count: int, year: int = 2026, unit: str = UNIT) -> list[Criticism]:
    """``count`` criticisms of ``unit`` in ``year``, one a month from February."""
    return [crit(n, D(year, 1 + n, 10), unit) for n in range(1, count + 1)]


# -- the ladder, pure --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "level"),
    [
        (0, Level.NONE),
        (1, Level.CRITICISM),
        (2, Level.ADMONITION),
        (3, Level.DISCIPLINARY),
        (4, Level.DISCIPLINARY),
        (10, Level.DISCIPLINARY),
    ],
)
def test_level_for_count(count: int, level: Level) -> None:
    assert level_for_count(count, LADDER) == level


@pytest.mark.parametrize(
    ("count", "level", "clause", "next_level"),
    [
        (0, "none", "", "criticism"),
        (1, "criticism", "第二十条（一）通报批评", "admonition"),
        (2, "admonition", "第二十条（二）年度内被通报批评2次", "disciplinary"),
        (3, "disciplinary", "第二十条（三）年度内被通报批评3次", "disciplinary"),
        (4, "disciplinary", "第二十条（三）年度内被通报批评4次", "disciplinary"),
    ],
)
def test_standing_by_count(count: int, level: str, clause: str, next_level: str) -> None:
    got = standing(UNIT, 2026, spread(count), LADDER, D(2026, 12, 31))
    assert got.count == count
    assert got.level.value == level
    assert got.clause == clause
    assert got.next_level.value == next_level
    assert [c.id for c in got.criticisms] == [f"TB-2026-{n:04d}" for n in range(1, count + 1)]


def test_only_the_asked_year_counts() -> None:
    both = [*spread(2, 2025), *spread(1, 2026)]
    assert standing(UNIT, 2025, both, LADDER, D(2026, 11, 20)).level == Level.ADMONITION
    this_year = standing(UNIT, 2026, both, LADDER, D(2026, 11, 20))
    assert this_year.count == 1
    assert this_year.level == Level.CRITICISM
    assert this_year.next_level == Level.ADMONITION
    # Year boundaries: 12-31 belongs to the old year, 01-01 to the new one.
    edge = [crit(1, D(2025, 12, 31)), crit(2, D(2025, 12, 31)), crit(1, D(2026, 1, 1))]
    assert standing(UNIT, 2026, edge, LADDER, D(2026, 1, 1)).count == 1
    assert standing(UNIT, 2025, edge, LADDER, D(2026, 1, 1)).level == Level.ADMONITION


def test_other_units_and_later_criticisms_do_not_count() -> None:
    mixed = [*spread(2, unit=OTHER), crit(9, D(2026, 3, 1))]
    got = standing(UNIT, 2026, mixed, LADDER, D(2026, 12, 31))
    assert got.count == 1 and got.level == Level.CRITICISM
    # As of a day before the criticism: nothing yet.
    assert standing(UNIT, 2026, mixed, LADDER, D(2026, 2, 28)).level == Level.NONE


@pytest.mark.parametrize(
    ("today", "rectified_on", "level", "overdue"),
    [
        (D(2026, 3, 9), None, Level.CRITICISM, False),  # before the deadline
        (D(2026, 3, 10), None, Level.CRITICISM, False),  # on the deadline: still in time
        (D(2026, 3, 11), None, Level.ADMONITION, True),  # the day after: 整改不力
        (D(2026, 3, 20), D(2026, 3, 10), Level.CRITICISM, False),  # rectified in time
        (D(2026, 3, 20), D(2026, 3, 15), Level.ADMONITION, True),  # rectified late
        (D(2026, 3, 12), D(2026, 3, 15), Level.ADMONITION, True),  # not yet, as of 03-12
    ],
)
def test_unrectified_criticism_past_its_deadline_brings_admonition(
    today: dt.date, rectified_on: dt.date | None, level: Level, overdue: bool
) -> None:
    one = [crit(1, D(2026, 3, 1), rectify_by=D(2026, 3, 10), rectified_on=rectified_on)]
    got = standing(UNIT, 2026, one, LADDER, today)
    assert got.count == 1
    assert got.level == level
    assert bool(got.overdue_rectifications) is overdue
    if overdue:
        assert got.clause.startswith("第二十条（二）")
        assert "整改" in got.clause
    else:
        assert got.clause == "第二十条（一）通报批评"


def test_open_rectifications() -> None:
    one = [crit(1, D(2026, 3, 1), rectify_by=D(2026, 3, 10), rectified_on=D(2026, 3, 8))]
    assert [c.id for c in standing(UNIT, 2026, one, LADDER, D(2026, 3, 5)).open_rectifications] == [
        "TB-2026-0001"
    ]
    assert standing(UNIT, 2026, one, LADDER, D(2026, 3, 8)).open_rectifications == []
    # No deadline: nothing to rectify by a date, never overdue.
    bare = [crit(1, D(2026, 3, 1))]
    late = standing(UNIT, 2026, bare, LADDER, D(2026, 12, 31))
    assert late.open_rectifications == [] and late.level == Level.CRITICISM


def test_overdue_rectification_does_not_lower_a_higher_level() -> None:
    three = [
        crit(1, D(2026, 2, 1), rectify_by=D(2026, 2, 10)),
        crit(2, D(2026, 3, 1)),
        crit(3, D(2026, 4, 1)),
    ]
    got = standing(UNIT, 2026, three, LADDER, D(2026, 5, 1))
    assert got.level == Level.DISCIPLINARY
    assert got.clause == "第二十条（三）年度内被通报批评3次"


def test_custom_ladder() -> None:
    ladder = build_profile({"ladder": {"admonition": 3, "disciplinary": 5}}).ladder
    assert [level_for_count(n, ladder).value for n in range(7)] == [
        "none",
        "criticism",
        "criticism",
        "admonition",
        "admonition",
        "disciplinary",
        "disciplinary",
    ]
    two = standing(UNIT, 2026, spread(2), ladder, D(2026, 12, 31))
    assert (two.level, two.next_level) == (Level.CRITICISM, Level.ADMONITION)
    three = standing(UNIT, 2026, spread(3), ladder, D(2026, 12, 31))
    assert three.level == Level.ADMONITION
    assert three.clause == "第二十条（二）年度内被通报批评3次"
    assert three.next_level == Level.ADMONITION
    assert standing(UNIT, 2026, spread(4), ladder, D(2026, 12, 31)).next_level == (
        Level.DISCIPLINARY
    )


def test_custom_ladder_must_be_numbers() -> None:
    with pytest.raises(ValueError):
        build_profile({"ladder": {"admonition": "two"}})


def test_standings_order_and_json_shape() -> None:
    criticisms = [*spread(2, unit=OTHER), *spread(1)]
    rows = standings([UNIT, OTHER, "市教育局", UNIT], 2026, criticisms, LADDER, D(2026, 12, 31))
    assert [(r.unit, r.level.value) for r in rows] == [
        (OTHER, "admonition"),
        (UNIT, "criticism"),
        ("市教育局", "none"),
    ]
    data = rows[0].to_json()
    assert {"unit", "year", "criticisms", "level"} <= set(data)
    assert (data["unit"], data["year"], data["criticisms"], data["level"]) == (
        OTHER,
        2026,
        2,
        "admonition",
    )


# -- through the command line --------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def ok(run: Run, root: Path, *args: str, today: str = "2026-11-20") -> Result:
    result = run(*args, ledger=root, today=today)
    assert result.exit_code == 0, result
    return result


@pytest.fixture
def units(run: Run, built_ledger: BuiltLedger) -> Path:
    """Three units with one item each: 0001 overdue (11 workdays), 0002 urged 3 times."""
    return built_ledger("escalation-units", lambda root: _three_units(run, root))


def _three_units(run: Run, ledger: Path) -> None:
    ok(run, ledger, "register", "市长批示:老旧小区加装电梯进度", "--category",
       "leader-instruction", "--lead", UNIT, today="2026-11-02")  # due 11-05
    ok(run, ledger, "assign", "DC-2026-0001", "--lead", UNIT, today="2026-11-02")
    ok(run, ledger, "register", "城市道路积水点整治", "--category", "document", "--due",
       "2026-11-18", "--lead", OTHER, today="2026-11-02")
    ok(run, ledger, "assign", "DC-2026-0002", "--lead", OTHER, today="2026-11-02")
    for day in ("2026-11-19", "2026-11-19", "2026-11-20"):
        ok(run, ledger, "urge", "DC-2026-0002", today=day)
    ok(run, ledger, "register", "校外培训机构专项治理", "--category", "document", "--due",
       "2026-12-31", "--lead", "市教育局", today="2026-11-02")


def criticize_once(run: Run, root: Path, *extra: str, today: str = "2026-11-10") -> Result:
    before = commit_count(root)
    result = ok(run, root, "criticize", UNIT, "--reason", "加装电梯超期未报", *extra, today=today)
    assert commit_count(root) == before + 1, "exactly one commit"
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    return result


def test_criticize_makes_one_commit_and_a_file(run: Run, units: Path) -> None:
    criticize_once(run, units, "--item", "DC-2026-0001", "--rectify-by", "2026-11-17")
    subject = git(units, "log", "-1", "--format=%s").strip()
    assert subject.startswith("criticize")
    assert UNIT in subject
    assert git(units, "log", "-1", "--format=%an").strip() == "测试员"
    path = units / "criticisms" / "2026" / "TB-2026-0001.yaml"
    assert path.is_file()
    assert sorted(p.relative_to(units).as_posix() for p in (units / "criticisms").rglob("*")
                  if p.is_file()) == ["criticisms/2026/TB-2026-0001.yaml"]
    text = path.read_text(encoding="utf-8")
    for fragment in (UNIT, "DC-2026-0001", "2026-11-17", "2026-11-10", "加装电梯超期未报"):
        assert fragment in text
    # A second one gets the next number.
    criticize_once(run, units, today="2026-11-11")
    assert (units / "criticisms" / "2026" / "TB-2026-0002.yaml").is_file()


def entry(unit: str, count: int, level: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "unit": unit,
        "year": 2026,
        "criticisms": count,
        "level": level,
        "clause": "",
        "criticism_ids": [],
        "open_rectifications": [],
        "overdue_rectifications": [],
        "next_level": "criticism",
    }
    out.update(extra)
    return out


NONE_ROWS = [entry(OTHER, 0, "none"), entry("市教育局", 0, "none")]


def escalation_json(run: Run, root: Path, today: str, *args: str) -> list[dict[str, Any]]:
    head = git_head(root)
    data = json.loads(ok(run, root, "escalation", "--json", *args, today=today).stdout)
    assert git_head(root) == head
    return data


def test_escalation_json_exact(run: Run, units: Path) -> None:
    # Nobody criticised yet: by name (code point order: 交 < 住 < 教).
    assert escalation_json(run, units, "2026-11-09") == [
        entry(OTHER, 0, "none"), entry(UNIT, 0, "none"), entry("市教育局", 0, "none")
    ]
    criticize_once(run, units, "--item", "DC-2026-0001", "--rectify-by", "2026-11-17")
    ids = ["TB-2026-0001"]
    in_time = entry(UNIT, 1, "criticism", clause="第二十条（一）通报批评", criticism_ids=ids,
                    open_rectifications=ids, next_level="admonition")
    assert escalation_json(run, units, "2026-11-17") == [in_time, *NONE_ROWS]
    late = entry(UNIT, 1, "admonition", clause="第二十条（二）整改不力（逾期未整改）",
                 criticism_ids=ids, open_rectifications=ids, overdue_rectifications=ids,
                 next_level="admonition")
    assert escalation_json(run, units, "2026-11-18") == [late, *NONE_ROWS]


def test_rectify_in_time(run: Run, units: Path) -> None:
    criticize_once(run, units, "--rectify-by", "2026-11-17")
    before = commit_count(units)
    ok(run, units, "rectify", "TB-2026-0001", today="2026-11-16")
    assert commit_count(units) == before + 1
    subject = git(units, "log", "-1", "--format=%s").strip()
    assert subject.startswith("rectify") and UNIT in subject
    assert "rectified_on: 2026-11-16" in (
        units / "criticisms" / "2026" / "TB-2026-0001.yaml"
    ).read_text(encoding="utf-8")
    done = entry(UNIT, 1, "criticism", clause="第二十条（一）通报批评",
                 criticism_ids=["TB-2026-0001"], next_level="admonition")
    assert escalation_json(run, units, "2026-11-20") == [done, *NONE_ROWS]


def test_rectify_late_is_still_admonition(run: Run, units: Path) -> None:
    criticize_once(run, units, "--rectify-by", "2026-11-17")
    ok(run, units, "rectify", "TB-2026-0001", today="2026-11-19")
    rows = escalation_json(run, units, "2026-11-20")
    assert rows[0]["unit"] == UNIT
    assert rows[0]["level"] == "admonition"
    assert rows[0]["open_rectifications"] == []
    assert rows[0]["overdue_rectifications"] == ["TB-2026-0001"]


def test_rectify_refusals(run: Run, units: Path) -> None:
    criticize_once(run, units)
    ok(run, units, "rectify", "TB-2026-0001", today="2026-11-12")
    again = refused(run, units, "rectify", "TB-2026-0001")
    assert "TB-2026-0001 已于 2026-11-12 整改完成" in again.stderr
    missing = refused(run, units, "rectify", "TB-2026-0042")
    assert "没有通报批评 TB-2026-0042" in missing.stderr


def test_escalation_counts_the_calendar_year(run: Run, ledger: Path) -> None:
    ok(run, ledger, "register", "旧事项", "--category", "document", "--due", "2025-12-31",
       "--lead", UNIT, today="2025-12-01")
    for day in ("2025-12-29", "2025-12-30"):
        ok(run, ledger, "criticize", UNIT, "--reason", "超期", today=day)
    ok(run, ledger, "criticize", UNIT, "--reason", "超期", today="2026-01-05")
    assert (ledger / "criticisms" / "2025" / "TB-2025-0002.yaml").is_file()
    assert (ledger / "criticisms" / "2026" / "TB-2026-0001.yaml").is_file()
    this_year = escalation_json(run, ledger, "2026-11-20")
    assert [(r["unit"], r["year"], r["criticisms"], r["level"]) for r in this_year] == [
        (UNIT, 2026, 1, "criticism")
    ]
    last_year = escalation_json(run, ledger, "2026-11-20", "--year", "2025")
    assert [(r["unit"], r["year"], r["criticisms"], r["level"]) for r in last_year] == [
        (UNIT, 2025, 2, "admonition")
    ]


def test_overdue_hint_names_the_next_level(run: Run, units: Path) -> None:
    fresh = ok(run, units, "overdue")
    assert "第1次通报批评" in fresh.stdout
    assert "诫勉谈话" not in fresh.stdout
    criticize_once(run, units, "--item", "DC-2026-0001")
    lines = ok(run, units, "overdue").stdout.splitlines()
    unit_line = next(line for line in lines if line.startswith(UNIT))
    assert "第2次通报批评 → 诫勉谈话" in unit_line
    other_line = next(line for line in lines if line.startswith(OTHER))
    assert "第1次通报批评" in other_line and "→" not in other_line
    criticize_once(run, units, today="2026-11-12")
    lines = ok(run, units, "overdue").stdout.splitlines()
    unit_line = next(line for line in lines if line.startswith(UNIT))
    assert "第3次通报批评 → 组织处理或纪律处分" in unit_line


def test_overdue_suggest_json(run: Run, units: Path) -> None:
    data = json.loads(ok(run, units, "overdue", "--suggest", "--json").stdout)
    # 0001: 11 working days overdue (beyond the 5 of grace); 0002: 2 days but urged 3 times.
    assert data == [
        {"unit": UNIT, "items": ["DC-2026-0001"], "workdays_overdue": 11, "urges": 0,
         "next_level": "criticism"},
        {"unit": OTHER, "items": ["DC-2026-0002"], "workdays_overdue": 2, "urges": 3,
         "next_level": "criticism"},
    ]
    criticize_once(run, units, "--item", "DC-2026-0001")
    data = json.loads(ok(run, units, "overdue", "--suggest", "--json").stdout)
    assert data[0]["unit"] == UNIT and data[0]["next_level"] == "admonition"
    # Before the third urge and within the grace, 0002 is no candidate.
    early = json.loads(ok(run, units, "overdue", "--suggest", "--json",
                          today="2026-11-19").stdout)
    assert [s["unit"] for s in early] == [UNIT]


def refused(run: Run, root: Path, *args: str) -> Result:
    before, head = snapshot(root), git_head(root)
    result = run(*args, ledger=root, today="2026-11-20")
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert snapshot(root) == before
    assert git_head(root) == head
    return result


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        # With no units: list any unit is accepted (issue 14), but an item grounds a
        # criticism of its own units only.
        (("criticize", OTHER, "--reason", "超期", "--item", "DC-2026-0001"),
         ("DC-2026-0001", OTHER, UNIT, "不能因此事项批评")),
        (("criticize", UNIT, "--reason", "超期", "--item", "DC-2026-0099"),
         ("没有事项", "DC-2026-0099")),
        (("criticize", UNIT, "--reason", "超期", "--item", "../../etc/passwd"),
         ("格式不对", "DC-2026-0001")),
        (("criticize", UNIT, "--reason", ""), ("批评理由不能为空",)),
        (("criticize", UNIT, "--reason", "   "), ("批评理由不能为空",)),
        (("criticize", "", "--reason", "超期"), ("单位不能为空",)),
        (("criticize", UNIT, "--reason", "超期", "--rectify-by", "2026-11-19"),
         ("2026-11-19", "早于", "2026-11-20")),
        (("criticize", UNIT, "--reason", "超期", "--rectify-by", "2026-13-01"),
         ("--rectify-by", "2026-13-01", "YYYY-MM-DD")),
    ],
)
def test_criticize_refusals(
    run: Run, units: Path, args: tuple[str, ...], reason: tuple[str, ...]
) -> None:
    result = refused(run, units, *args)
    assert not (units / "criticisms").exists() or not any((units / "criticisms").rglob("*.yaml"))
    for word in reason:
        assert word in result.stderr, (word, result.stderr)


def test_criticism_survives_archiving_its_item(run: Run, units: Path) -> None:
    criticize_once(run, units, "--item", "DC-2026-0001")
    ok(run, units, "report", "DC-2026-0001", "--kind", "result", "--text", "已完成",
       today="2026-11-12")
    ok(run, units, "review", "DC-2026-0001", "--accept", today="2026-11-13")
    ok(run, units, "close", "DC-2026-0001", today="2026-11-13")
    ok(run, units, "archive", "DC-2026-0001", today="2026-11-14")
    assert (units / "archive" / "2026" / "DC-2026-0001.yaml").is_file()
    path = units / "criticisms" / "2026" / "TB-2026-0001.yaml"
    assert "DC-2026-0001" in path.read_text(encoding="utf-8")
    rows = escalation_json(run, units, "2026-11-20")
    assert (rows[0]["unit"], rows[0]["criticisms"], rows[0]["criticism_ids"]) == (
        UNIT,
        1,
        ["TB-2026-0001"],
    )
    # The archived item's unit may still be criticised.
    criticize_once(run, units, "--item", "DC-2026-0001", today="2026-11-20")
    assert escalation_json(run, units, "2026-11-20")[0]["level"] == "admonition"


def test_escalation_table_in_both_languages(run: Run, units: Path) -> None:
    criticize_once(run, units)
    zh = ok(run, units, "escalation").stdout
    assert UNIT in zh and "通报批评" in zh and "第二十条（一）" in zh
    en = run("escalation", ledger=units, lang="en")
    assert en.exit_code == 0, en
    assert UNIT in en.stdout and "criticism" in en.stdout.lower()


@pytest.mark.parametrize("day", ["2026-11-01", "2026-12-01"])
def test_rectify_refuses_a_date_before_the_criticism_or_after_today(
    run: Run, units: Path, day: str
) -> None:
    criticize_once(run, units, "--rectify-by", "2026-11-17")  # made on 2026-11-10
    result = refused(run, units, "rectify", "TB-2026-0001", "--date", day)
    for word in (day, "2026-11-10", "2026-11-20", "整改完成日期"):
        assert word in result.stderr, (word, result.stderr)
