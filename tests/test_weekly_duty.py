"""Issue 14, point 1: a progress reply answers the first limit, then the weekly duty.

For ``upper`` and ``leader-instruction`` (第十六条 办结或回复进展情况) a progress
reply within the limit answers it, but the item is not finished: from the week
after that reply it owes a weekly report every week (第十七条 周报制) until a
result report is accepted or the item is closed. Hand-computed across the 2026
National Day (10-01..10-07 off, Saturday 10-10 worked) and the Spring Festival
(02-15..02-23 off, Saturday 02-14 worked).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, build_item
from hypothesis import given, settings
from hypothesis import strategies as st

from duchatai.core.brief import brief_of
from duchatai.core.deadlines import is_overdue
from duchatai.core.model import Item, Report, Review
from duchatai.core.profile import DEFAULT_PROFILE, CategoryRule
from duchatai.core.weeklyduty import (
    missed_weeks,
    missing_weekly_report,
    owed_weekly_report,
    weekly_duty,
)
from duchatai.reports.figures import stats

D = dt.date
P = DEFAULT_PROFILE


def rule(item: Item) -> CategoryRule | None:
    return P.categories.get(item.category)


def weekly(day: dt.date) -> Report:
    return Report(date=day, kind="weekly", text="本周进展")


def progress(day: dt.date) -> Report:
    return Report(date=day, kind="progress", text="正在办理")


def national_day() -> Item:
    # leader-instruction registered Mon 09-28: 3 working days -> 09-29, 09-30, (holiday),
    # Thu 10-08. Progress reply Wed 09-30 (W40): duty from Mon 10-05 (W41). Weekly reports
    # on Sat 10-10 (W41, an adjusted workday) and Wed 10-21 (W43); none in W42.
    return build_item("leader-instruction", start=D(2026, 9, 28),
                      reports=[progress(D(2026, 9, 30)), weekly(D(2026, 10, 10)),
                               weekly(D(2026, 10, 21))])


def accepted() -> Item:
    # As national_day, then a result report 10-22 accepted 10-23: the duty ends on 10-23.
    item = national_day()
    item.reports.append(Report(date=D(2026, 10, 22), kind="result", text="已办结"))
    item.reviews.append(Review(date=D(2026, 10, 23), accepted=True, reports_seen=4))
    return item


def spring_festival() -> Item:
    # leader-instruction registered Thu 02-12: 02-13, Sat 02-14 (worked), (holiday), Tue
    # 02-24 due. Progress reply Sat 02-14 (W07): duty from Mon 02-16 (W08). One weekly
    # report 02-27 (W09); closed Wed 03-04 (W10, still owed: the week the duty ends).
    return build_item("leader-instruction", start=D(2026, 2, 12),
                      reports=[progress(D(2026, 2, 14)), weekly(D(2026, 2, 27))],
                      closed=D(2026, 3, 4))


def late_reply() -> Item:
    # upper registered Mon 11-02: 7 working days -> Wed 11-11. Progress Fri 11-13 (late).
    return build_item("upper", start=D(2026, 11, 2), reports=[progress(D(2026, 11, 13))])


def document() -> Item:
    # A document's progress report answers nothing and starts no duty.
    return build_item("document", start=D(2026, 9, 28), due=D(2026, 10, 30),
                      reports=[progress(D(2026, 9, 30))])


def no_reply() -> Item:
    return build_item("upper", start=D(2026, 9, 28))


def registered_weekly() -> Item:
    # Registered on the weekly duty Thu 02-12: from Mon 02-16, like any weekly item.
    item = build_item("document", start=D(2026, 2, 12), due=D(2026, 6, 30),
                      reports=[weekly(D(2026, 2, 25))])
    item.weekly = True
    return item


# (scenario, today, since, reason, ended, missed Mondays, overdue today)
CASES = [
    (national_day, D(2026, 10, 27), D(2026, 10, 5), "progress", None, [D(2026, 10, 12)], False),
    (national_day, D(2026, 10, 19), D(2026, 10, 5), "progress", None, [D(2026, 10, 12)], False),
    (national_day, D(2026, 10, 18), D(2026, 10, 5), "progress", None, [], False),  # W42 not over
    (accepted, D(2026, 12, 1), D(2026, 10, 5), "progress", D(2026, 10, 23), [D(2026, 10, 12)],
     False),
    (spring_festival, D(2026, 3, 20), D(2026, 2, 16), "progress", D(2026, 3, 4),
     [D(2026, 2, 16), D(2026, 3, 2)], False),
    (late_reply, D(2026, 11, 30), D(2026, 11, 16), "progress", None,
     [D(2026, 11, 16), D(2026, 11, 23)], True),
    (registered_weekly, D(2026, 3, 10), D(2026, 2, 16), "weekly", None, [D(2026, 2, 16),
                                                                      D(2026, 3, 2)], False),
]


@pytest.mark.parametrize(("make", "today", "since", "reason", "ended", "missed", "overdue"),
                         CASES)
def test_weekly_duty_scenarios(make: Callable[[], Item], today: dt.date, since: dt.date,
                               reason: str, ended: dt.date | None, missed: list[dt.date],
                               overdue: bool) -> None:
    item = make()
    duty = weekly_duty(item, rule(item))
    assert duty is not None
    assert (duty.since, duty.reason, duty.ended) == (since, reason, ended)
    assert missed_weeks(item, rule(item), today) == missed
    assert is_overdue(item, today, P) is overdue


@pytest.mark.parametrize("make", [document, no_reply])
def test_no_duty_without_a_reply_that_answers(make: Callable[[], Item]) -> None:
    item = make()
    assert weekly_duty(item, rule(item)) is None
    assert missed_weeks(item, rule(item), D(2026, 12, 31)) == []
    assert not owed_weekly_report(item, rule(item), D(2026, 10, 12))


def test_owed_weeks_begin_after_the_reply_and_end_with_the_acceptance() -> None:
    item = accepted()
    owed = [m for m in (D(2026, 9, 28) + dt.timedelta(weeks=w) for w in range(6))
            if owed_weekly_report(item, rule(item), m)]
    # W40 (the reply's week) not owed; W41..W43 owed; W44 (after the 10-23 acceptance) not.
    assert owed == [D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19)]


def test_the_morning_report_and_the_weekly_report_see_the_same_gap() -> None:
    item = national_day()
    week = (D(2026, 10, 12), D(2026, 10, 18))
    assert missing_weekly_report(item, rule(item), *week)
    assert brief_of(item).missing_weekly(*week, rule(item))
    week = (D(2026, 10, 5), D(2026, 10, 11))  # the 10-10 report (调休 Saturday) answers W41
    assert not missing_weekly_report(item, rule(item), *week)
    assert not brief_of(item).missing_weekly(*week, rule(item))


def test_stats_count_the_first_limit_on_time_and_the_weeks_missed() -> None:
    rows = stats([spring_festival()], 2026, D(2026, 3, 20), P)
    assert [r.to_json() for r in rows] == [
        {"unit": "市水务局", "items": 1, "closed_on_time": 1, "closed_late": 0,
         "open_overdue": 0, "on_time_rate": 1.0, "weeks_missed": 2, "reopened": 0}
    ]


@settings(max_examples=150, deadline=None)
@given(
    category=st.sampled_from(["upper", "leader-instruction", "document"]),
    flag=st.booleans(),
    kinds=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["progress", "weekly"])),
                   max_size=6),
    accepted_after=st.none() | st.integers(0, 80),
    week=st.integers(0, 12),
)
def test_brief_and_item_agree_on_every_week(category: str, flag: bool,
                                            kinds: list[tuple[int, str]],
                                            accepted_after: int | None, week: int) -> None:
    start = D(2026, 9, 24)
    reports = [Report(date=start + dt.timedelta(days=d), kind=k, text="x")
               for d, k in sorted(kinds)]
    item = build_item(category, start=start, due=D(2026, 10, 30), reports=reports)
    item.weekly = flag
    if accepted_after is not None:
        day = start + dt.timedelta(days=accepted_after)
        item.reviews.append(Review(date=day, accepted=True, reports_seen=len(reports)))
    monday = D(2026, 9, 21) + dt.timedelta(weeks=week)
    sunday = monday + dt.timedelta(days=6)
    found = missing_weekly_report(item, rule(item), monday, sunday)
    assert brief_of(item).missing_weekly(monday, sunday, rule(item)) is found
    if found:
        assert owed_weekly_report(item, rule(item), monday)


# -- the command line ---------------------------------------------------------------------


def test_cli_progress_reply_then_weekly_duty(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    assert run("init", str(root), "--office", "测试督查室").exit_code == 0
    steps = [
        ("2026-09-28", "register", "市长批示:背街小巷整治", "--category", "leader-instruction",
         "--lead", "市住建局", "--start", "2026-09-28"),
        ("2026-09-28", "assign", "DC-2026-0001", "--lead", "市住建局"),
        ("2026-09-30", "report", "DC-2026-0001", "--kind", "progress", "--text", "已制定方案"),
        ("2026-10-10", "report", "DC-2026-0001", "--kind", "weekly", "--text", "第一周"),
    ]
    for today, *args in steps:
        done = run(*args, ledger=root, today=today)
        assert done.exit_code == 0, done
    shown = run("show", "DC-2026-0001", "--json", ledger=root, today="2026-10-27")
    assert shown.exit_code == 0, shown
    record = json.loads(shown.stdout)
    assert record["due"] == "2026-10-08"
    assert record["overdue"] is False  # the progress reply answered the first limit
    assert record["weekly_duty"] == {
        "since": "2026-10-05", "reason": "progress", "progress_on": "2026-09-30",
        "ended": None, "missed_weeks": ["2026-W42", "2026-W43"],
    }
    text = run("show", "DC-2026-0001", ledger=root, today="2026-10-27").stdout
    assert "2026-09-30 已回复进展情况，答复了首个时限（第十六条），但事项尚未办结" in text
    assert "缺报周报 2 周：2026-W42、2026-W43" in text
    week = run("weekly", "--week", "2026-W42", "--format", "json", ledger=root,
               today="2026-10-27")
    assert json.loads(week.stdout)["missing_weekly_reports"] == ["DC-2026-0001"]
    morning = run("overdue", ledger=root, today="2026-10-20")
    assert morning.exit_code == 0, morning
    assert "DC-2026-0001" in morning.stdout and "缺报周报" in morning.stdout
    assert json.loads(run("overdue", "--json", ledger=root, today="2026-10-20").stdout) == []
    figures = json.loads(run("stats", "--json", ledger=root, today="2026-10-27").stdout)
    assert figures == [{"unit": "市住建局", "items": 1, "closed_on_time": 0, "closed_late": 0,
                        "open_overdue": 0, "on_time_rate": None, "weeks_missed": 2, "reopened": 0}]
    out = tmp_path / "ledger.csv"
    exported = run("export", "--format", "csv", "--output", str(out), ledger=root,
                   today="2026-10-27")
    assert exported.exit_code == 0, exported
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert "缺报周报" in header and "2026-W42、2026-W43" in row
