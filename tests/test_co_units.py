"""Issue 14, point 5: co-units (协办单位, 第十二条) report their part; only the lead unit's
report answers the deadline (``history.by_lead``), and ``show`` lists reports by unit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ItemFactory, Run, build_item, commit_count, git_head, snapshot

from duchatai.core.brief import brief_of
from duchatai.core.deadlines import answered_in_time, is_overdue
from duchatai.core.history import by_lead, status_of
from duchatai.core.model import Report, Status
from duchatai.core.profile import DEFAULT_PROFILE

D = dt.date
LEAD, CO = "市水务局", "市财政局"


def rep(day: dt.date, kind: str, unit: str) -> Report:
    return Report(day, kind, "报告", unit=unit)


# leader-instruction from Tue 2026-09-29: 09-30, (National Day 10-01..10-07), 10-08, 10-09:
# due Fri 2026-10-09. From Thu 2026-02-12: 02-13, 02-14 (Saturday worked, 调休),
# (Spring Festival 02-15..02-23), 02-24: due Tue 2026-02-24.
@pytest.mark.parametrize(
    ("start", "reports", "today", "overdue", "status"),
    [
        # A co-unit's progress reply within the limit answers nothing.
        (D(2026, 9, 29), [rep(D(2026, 9, 30), "progress", CO)], D(2026, 10, 12), True,
         Status.ASSIGNED),
        # The lead's on the due date answers it.
        (D(2026, 9, 29), [rep(D(2026, 10, 9), "progress", LEAD)], D(2026, 10, 12), False,
         Status.ASSIGNED),
        # A co-unit's result report does not make the item "reported", nor answer it;
        # the lead's progress after the date is late.
        (D(2026, 9, 29),
         [rep(D(2026, 9, 30), "result", CO), rep(D(2026, 10, 10), "progress", LEAD)],
         D(2026, 10, 12), True, Status.ASSIGNED),
        # The lead's result report, after a co-unit's: reported, answered in time.
        (D(2026, 9, 29),
         [rep(D(2026, 9, 30), "result", CO), rep(D(2026, 10, 8), "result", LEAD)],
         D(2026, 10, 12), False, Status.REPORTED),
        # A report without a unit (files older than co-unit reports) is the lead's.
        (D(2026, 9, 29), [rep(D(2026, 9, 30), "progress", "")], D(2026, 10, 12), False,
         Status.ASSIGNED),
        # Across the Spring Festival: the co-unit on 02-14, the lead only on 02-25.
        (D(2026, 2, 12),
         [rep(D(2026, 2, 14), "progress", CO), rep(D(2026, 2, 25), "progress", LEAD)],
         D(2026, 2, 25), True, Status.ASSIGNED),
        (D(2026, 2, 12), [rep(D(2026, 2, 24), "progress", LEAD)], D(2026, 2, 25), False,
         Status.ASSIGNED),
    ],
)
def test_only_the_lead_answers(
    make_item: ItemFactory, start: dt.date, reports: list[Report], today: dt.date,
    overdue: bool, status: Status,
) -> None:
    item = make_item(start=start, lead=LEAD, reports=reports)
    item.co_units = [CO]
    item.status = status_of(item)
    assert item.status == status
    assert is_overdue(item, today, DEFAULT_PROFILE) is overdue
    brief = brief_of(item)
    assert brief.is_overdue(today, DEFAULT_PROFILE.categories[item.category]) is overdue


def test_closed_item_judged_on_the_leads_report(make_item: ItemFactory) -> None:
    # The co-unit replied in time, the lead only after 10-09: closed late.
    item = make_item(start=D(2026, 9, 29), lead=LEAD, closed=D(2026, 10, 16), reports=[
        rep(D(2026, 9, 30), "progress", CO), rep(D(2026, 10, 12), "result", LEAD)])
    assert answered_in_time(item, DEFAULT_PROFILE) is False


def test_by_lead() -> None:
    item = build_item(lead=LEAD)
    assert by_lead(item, rep(D(2026, 10, 1), "result", LEAD))
    assert by_lead(item, rep(D(2026, 10, 1), "result", ""))
    assert not by_lead(item, rep(D(2026, 10, 1), "result", CO))


def test_cli_co_unit_reports(run: Run, ledger: Path) -> None:
    def ok(*args: str, today: str = "2026-09-29") -> str:
        result = run(*args, ledger=ledger, today=today)
        assert result.exit_code == 0, result
        return result.stdout

    ok("register", "防汛物资储备", "--category", "leader-instruction", "--lead", LEAD,
       "--co", CO)
    ok("assign", "DC-2026-0001", "--lead", LEAD, "--co", CO)
    said = ok("report", "DC-2026-0001", "--unit", CO, "--kind", "progress", "--text",
              "资金已落实", today="2026-09-30")
    assert said == f"已记录 DC-2026-0001 的报告（{CO}）\n"
    # A unit that is neither lead nor co-unit: one line, exit 1, nothing changed.
    before, head, count = snapshot(ledger), git_head(ledger), commit_count(ledger)
    refused = run("report", "DC-2026-0001", "--unit", "市交通运输局", "--kind", "progress",
                  "--text", "x", ledger=ledger, today="2026-09-30")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "“市交通运输局”不是事项 DC-2026-0001 的主办或协办单位（主办：市水务局；协办：市财政局）\n"
    )
    assert (snapshot(ledger), git_head(ledger), commit_count(ledger)) == (before, head, count)
    # The co-unit's reply does not answer the deadline of 10-09.
    overdue = json.loads(ok("overdue", "--json", today="2026-10-12"))
    assert [(r["id"], r["due"], r["workdays_overdue"]) for r in overdue] == [
        ("DC-2026-0001", "2026-10-09", 2)]  # 10-10 (Saturday worked) and 10-12
    ok("report", "DC-2026-0001", "--kind", "progress", "--text", "已部署", today="2026-10-09")
    assert json.loads(ok("overdue", "--json", today="2026-10-12")) == []
    shown = json.loads(ok("show", "DC-2026-0001", "--json", today="2026-10-12"))
    assert [(r["date"], r["kind"], r["unit"]) for r in shown["reports"]] == [
        ("2026-09-30", "progress", CO), ("2026-10-09", "progress", LEAD)]
    text = ok("show", "DC-2026-0001", today="2026-10-12")
    assert "各单位报告" in text
    assert "市水务局（主办）：2026-10-09 进展情况报告" in text
    assert "市财政局（协办）：2026-09-30 进展情况报告" in text
    log = git_log_subjects(ledger)
    assert log[-2:] == ["report DC-2026-0001: progress (市财政局)",
                        "report DC-2026-0001: progress (市水务局)"]


def git_log_subjects(root: Path) -> list[str]:
    from conftest import git

    return git(root, "log", "--reverse", "--format=%s").splitlines()


def test_weekly_duty_is_the_leads() -> None:
    """第十二条 with 第十七条: a co-unit's progress reply starts no weekly duty and its
    weekly report does not meet the lead's; cached brief and item agree."""
    from duchatai.core.weeklyduty import missed_weeks

    rule = DEFAULT_PROFILE.categories["leader-instruction"]
    # From Tue 09-29, due Fri 10-09. The lead replies with progress on Thu 10-08: duty from
    # Mon 10-12. Week of 10-12: only the co-unit's weekly report; week of 10-19: the lead's.
    item = build_item(
        start=D(2026, 9, 29), lead=LEAD,
        reports=[rep(D(2026, 9, 30), "progress", CO), rep(D(2026, 10, 8), "progress", LEAD),
                 rep(D(2026, 10, 14), "weekly", CO), rep(D(2026, 10, 21), "weekly", LEAD)],
    )  # fmt: skip
    assert missed_weeks(item, rule, D(2026, 10, 27)) == [D(2026, 10, 12)]
    brief = brief_of(item)
    assert brief.missing_weekly(D(2026, 10, 12), D(2026, 10, 18), rule)
    assert not brief.missing_weekly(D(2026, 10, 19), D(2026, 10, 25), rule)
    # Only the co-unit replied: no duty at all (and the item is overdue instead).
    only_co = build_item(start=D(2026, 9, 29), lead=LEAD,
                         reports=[rep(D(2026, 9, 30), "progress", CO)])
    assert missed_weeks(only_co, rule, D(2026, 10, 27)) == []
    assert not brief_of(only_co).missing_weekly(D(2026, 10, 12), D(2026, 10, 18), rule)
