"""Issue 14, point 7: a registration made by mistake is withdrawn (撤销), never deleted.

It keeps its file and history, and leaves every list, report and figure: the one
place that says so is ``history.in_reports``, asked by ``history.as_of`` (through
which every report rolls its items) and by ``select`` (``list``, ``export``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ItemFactory, Run, commit_count, git, git_head, snapshot

from duchatai.core.brief import brief_of
from duchatai.core.errors import TransitionRefused
from duchatai.core.history import as_of, in_reports, status_of
from duchatai.core.model import Item, Status
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.data import as_of_all
from duchatai.reports.figures import stats
from duchatai.reports.weekly import weekly

D = dt.date
UNIT = "市水务局"


def withdrawn(item: Item, on: dt.date) -> Item:
    item.withdrawn_on = on
    item.withdraw_reason = "重复立项"
    item.status = status_of(item)
    return item


def test_status_and_procedure(make_item: ItemFactory) -> None:
    item = withdrawn(make_item(start=D(2026, 9, 29)), D(2026, 9, 30))
    assert item.status == Status.WITHDRAWN and not item.is_open and not in_reports(item)
    assert item.allowed() == ("note",)  # a note (备注) only
    with pytest.raises(TransitionRefused):
        item.require("report")
    assert not brief_of(item).is_open
    closed = make_item(start=D(2026, 9, 29), closed=D(2026, 10, 9))
    with pytest.raises(TransitionRefused):
        closed.require("withdraw")


@pytest.mark.parametrize(
    "day",
    # Before it was withdrawn (while it was overdue), on the day, after: never in a report.
    [D(2026, 9, 29), D(2026, 10, 12), D(2026, 10, 20), D(2026, 10, 21), D(2027, 1, 4)],
)
def test_as_of_leaves_it_out_on_every_day(make_item: ItemFactory, day: dt.date) -> None:
    item = withdrawn(make_item(start=D(2026, 9, 29)), D(2026, 10, 20))
    assert as_of(item, day) is None
    assert as_of_all([item], day) == []


def _two(make_item: ItemFactory) -> tuple[Item, Item]:
    # Both due Fri 2026-10-09 (National Day 10-01..10-07 between), both unanswered.
    kept = make_item(start=D(2026, 9, 29), lead=UNIT, item_id="DC-2026-0001")
    gone = make_item(start=D(2026, 9, 29), lead=UNIT, item_id="DC-2026-0002")
    return kept, withdrawn(gone, D(2026, 10, 12))


def test_stats_count_it_nowhere(make_item: ItemFactory) -> None:
    kept, gone = _two(make_item)
    today = D(2026, 10, 16)
    rows = stats(as_of_all([kept, gone], today), 2026, today, DEFAULT_PROFILE)
    assert [r.to_json() for r in rows] == [
        {"unit": UNIT, "items": 1, "closed_on_time": 0, "closed_late": 0, "open_overdue": 1,
         "on_time_rate": 0.0, "weeks_missed": 0, "reopened": 0}
    ]
    # Its unit alone: no row at all.
    assert stats(as_of_all([gone], today), 2026, today, DEFAULT_PROFILE) == []


def test_weekly_leaves_it_out(make_item: ItemFactory) -> None:
    kept, gone = _two(make_item)
    gone.weekly = kept.weekly = True
    # The week of 2026-10-12: both overdue since 10-09, no weekly report.
    report = weekly([kept, gone], D(2026, 10, 12), D(2026, 10, 16), WorkCalendar(),
                    DEFAULT_PROFILE)
    data = report.to_json()
    assert data["overdue"] == ["DC-2026-0001"]
    assert data["missing_weekly_reports"] == ["DC-2026-0001"]
    assert [u["items"] for u in data["units"]] == [1]  # type: ignore[index]
    # The week it was registered in: only the other one is new.
    first = weekly([kept, gone], D(2026, 9, 28), D(2026, 10, 4), WorkCalendar(),
                   DEFAULT_PROFILE)
    assert first.to_json()["new"] == ["DC-2026-0001"]


def test_cli_withdraw(run: Run, ledger: Path) -> None:
    def ok(*args: str, today: str = "2026-10-12") -> str:
        result = run(*args, ledger=ledger, today=today)
        assert result.exit_code == 0, result
        return result.stdout

    for title in ("防汛物资储备", "防汛物资储备(重复)"):
        ok("register", title, "--category", "leader-instruction", "--lead", UNIT,
           today="2026-09-29")
        ok("assign", f"DC-2026-000{1 if '重复' not in title else 2}", "--lead", UNIT,
           today="2026-09-29")
    count = commit_count(ledger)
    said = ok("withdraw", "DC-2026-0002", "--reason", "与DC-2026-0001重复立项")
    assert said == "DC-2026-0002 已撤销（不计入任何报表与统计，文件与历史保留）\n"
    assert commit_count(ledger) == count + 1
    subject = git(ledger, "log", "-1", "--format=%s")
    assert subject == "withdraw DC-2026-0002: 与DC-2026-0001重复立项"
    assert (ledger / "items" / "DC-2026-0002.yaml").is_file()
    ok("check")  # a withdrawn item is a valid file
    # Out of every list and report; found by --status withdrawn.
    ids = [i["id"] for i in json.loads(ok("list", "--json"))]
    assert ids == ["DC-2026-0001"]
    found = json.loads(ok("list", "--status", "withdrawn", "--json"))
    assert [(i["id"], i["status"], i["withdrawn_on"], i["withdraw_reason"]) for i in found] == [
        ("DC-2026-0002", "withdrawn", "2026-10-12", "与DC-2026-0001重复立项")]
    assert [r["id"] for r in json.loads(ok("overdue", "--json"))] == ["DC-2026-0001"]
    assert [r["id"] for r in json.loads(ok("overdue", "--json", today="2026-10-10"))] == [
        "DC-2026-0001"]  # a past day too: it never counted
    assert json.loads(ok("stats", "--json")) == [
        {"unit": UNIT, "items": 1, "closed_on_time": 0, "closed_late": 0, "open_overdue": 1,
         "on_time_rate": 0.0, "weeks_missed": 0, "reopened": 0}]
    week = json.loads(ok("weekly", "--format", "json", "--week", "2026-W40"))
    assert week["new"] == ["DC-2026-0001"]
    csv = ok("export", "--format", "csv")
    assert "DC-2026-0001" in csv and "DC-2026-0002" not in csv
    # show says it was withdrawn, and why.
    shown = ok("show", "DC-2026-0002")
    assert "已撤销" in shown and "撤销理由" in shown and "与DC-2026-0001重复立项" in shown
    # Withdrawn: nothing more can be done with it; one line, exit 1, nothing changed.
    before, head = snapshot(ledger), git_head(ledger)
    for args in (("withdraw", "DC-2026-0002", "--reason", "再次"),
                 ("report", "DC-2026-0002", "--kind", "result", "--text", "x")):
        refused = run(*args, ledger=ledger, today="2026-10-12")
        assert refused.exit_code == 1
        assert refused.stderr.startswith("事项 DC-2026-0002 当前状态为“已撤销”"), refused.stderr
        assert len(refused.stderr.splitlines()) == 1
    assert (snapshot(ledger), git_head(ledger)) == (before, head)
    # Nor can it ground a criticism.
    refused = run("criticize", UNIT, "--reason", "超期", "--item", "DC-2026-0002",
                  ledger=ledger, today="2026-10-12")
    assert (refused.exit_code, refused.stderr) == (
        1, "事项 DC-2026-0002 已撤销，不能作为通报批评的依据\n")


def test_cli_escalation_skips_a_unit_named_only_by_a_withdrawn_item(run: Run, ledger: Path) -> None:
    for args in (("register", "误登记", "--category", "leader-instruction", "--lead", "市错误局"),
                 ("register", "防汛", "--category", "leader-instruction", "--lead", UNIT),
                 ("withdraw", "DC-2026-0001", "--reason", "单位填错")):
        result = run(*args, ledger=ledger, today="2026-09-29")
        assert result.exit_code == 0, result
    result = run("escalation", "--json", ledger=ledger, today="2026-09-29")
    assert [r["unit"] for r in json.loads(result.stdout)] == [UNIT]
