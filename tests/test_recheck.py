"""Issue 19, point 4: 复核 / 回头看 (第八条(七)) after closure. A reopened item is back in
supervision with its history; ``stats`` and the assessment count it; ``list
--recheck-due`` lists closed items whose follow-up visit is due."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ItemFactory, Run, commit_count, git, snapshot

from duchatai.core.deadlines import is_overdue, judged_due
from duchatai.core.followup import recheck_due, recheck_due_on, reopened_in
from duchatai.core.history import as_of, status_of
from duchatai.core.model import Item, Report, Status
from duchatai.core.profile import DEFAULT_PROFILE, build_profile
from duchatai.core.records import Recheck, Review
from duchatai.core.scoring import formula
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.assessment import assess
from duchatai.reports.figures import stats

D = dt.date
CAL = WorkCalendar()
RULE = DEFAULT_PROFILE.categories["leader-instruction"]


def _reopened(item: Item, on: dt.date, due: dt.date) -> Item:
    """What ``recheck --reopen`` does to the records."""
    closed = item.closed_on
    item.rechecks.append(Recheck(on, "仍有积水", False, closed, "", due))
    item.reviews.append(Review(on, False, "仍有积水", reports_seen=len(item.reports),
                               previous_due=item.due, new_due=due))
    item.due, item.closed_on = due, None
    item.status = status_of(item)
    return item


def test_a_reopened_item_is_back_in_supervision(make_item: ItemFactory) -> None:
    item = make_item(start=D(2026, 11, 2), closed=D(2026, 11, 4))
    _reopened(item, D(2026, 12, 10), D(2026, 12, 20))
    assert item.status is Status.RETURNED and item.is_open
    assert judged_due(item) == D(2026, 12, 20)
    assert not is_overdue(item, D(2026, 12, 18), DEFAULT_PROFILE)
    assert is_overdue(item, D(2026, 12, 21), DEFAULT_PROFILE)
    item.reports.append(Report(D(2026, 12, 18), "result", "已整改"))
    item.status = status_of(item)
    assert item.status is Status.REPORTED and not is_overdue(item, D(2026, 12, 21), DEFAULT_PROFILE)


def test_as_of_shows_it_closed_before_the_recheck(make_item: ItemFactory) -> None:
    item = _reopened(make_item(start=D(2026, 11, 2), closed=D(2026, 11, 4)),
                     D(2026, 12, 10), D(2026, 12, 20))
    before = as_of(item, D(2026, 12, 9))
    assert before is not None and before.status is Status.CLOSED
    assert before.closed_on == D(2026, 11, 4) and before.due == D(2026, 11, 5)
    assert before.rechecks == []
    after = as_of(item, D(2026, 12, 10))
    assert after is not None and after.status is Status.RETURNED


def test_follow_up_visit_due_after_the_working_days_of_the_category(
    make_item: ItemFactory,
) -> None:
    item = make_item(start=D(2026, 11, 2), closed=D(2026, 11, 4))
    assert recheck_due_on(item, RULE, CAL) == CAL.after(D(2026, 11, 4), 20) == D(2026, 12, 2)
    assert not recheck_due(item, RULE, D(2026, 12, 1), CAL)
    assert recheck_due(item, RULE, D(2026, 12, 2), CAL)
    office = build_profile({"categories": {"leader-instruction": {"recheck_workdays": 5}}})
    assert recheck_due_on(item, office.categories["leader-instruction"], CAL) == D(2026, 11, 11)
    item.rechecks.append(Recheck(D(2026, 12, 3), "整改到位", True, item.closed_on))
    assert recheck_due_on(item, RULE, CAL) is None
    assert recheck_due_on(make_item(start=D(2026, 11, 2)), RULE, CAL) is None  # open
    with pytest.raises(ValueError, match="recheck_workdays"):
        build_profile({"categories": {"leader-instruction": {"recheck_workdays": -1}}})


def test_stats_and_the_assessment_count_reopened_items(make_item: ItemFactory) -> None:
    item = _reopened(make_item(start=D(2026, 11, 2), closed=D(2026, 11, 4)),
                     D(2026, 12, 10), D(2026, 12, 20))
    assert reopened_in(item, 2026) == [D(2026, 12, 10)] and reopened_in(item, 2027) == []
    (row,) = stats([item], 2026, D(2026, 12, 11), DEFAULT_PROFILE)
    assert row.reopened == 1 and row.to_json()["reopened"] == 1
    (score,) = assess([item], [], 2026, D(2026, 12, 11), CAL, DEFAULT_PROFILE, formula(None))
    reopened = next(t for t in score.terms if t.name == "reopened")
    assert reopened.sources == ((item.id, 1.0),) and reopened.points == -3.0


def _closed(root: Path, run: Run) -> None:
    steps = [
        ("register", "关于老旧小区改造的批示", "--category", "leader-instruction",
         "--lead", "市水务局", "2026-11-02"),
        ("assign", "DC-2026-0001", "2026-11-02"),
        ("report", "DC-2026-0001", "--kind", "result", "--text", "已完成", "--signed-by",
         "张局长", "--sealed", "2026-11-04"),
        ("review", "DC-2026-0001", "--accept", "2026-11-04"),
        ("close", "DC-2026-0001", "--note", "已办结", "2026-11-05"),
    ]
    for *args, day in steps:
        assert run(*args, ledger=root, today=day).exit_code == 0, args


@pytest.fixture
def closed(built_ledger: Any, run: Run) -> Path:
    return built_ledger("recheck-closed", lambda root: _closed(root, run))


def _listed(run: Run, root: Path, today: str) -> list[str]:
    out = run("list", "--recheck-due", "--json", ledger=root, today=today)
    assert out.exit_code == 0, out
    return [i["id"] for i in json.loads(out.stdout)]


def test_cli_held_and_reopen(closed: Path, run: Run) -> None:
    assert _listed(run, closed, "2026-12-02") == []  # 20 working days after 11-05: 12-03
    assert _listed(run, closed, "2026-12-03") == ["DC-2026-0001"]
    before = commit_count(closed)
    held = run("recheck", "DC-2026-0001", "--finding", "整改到位，群众满意", "--held",
               ledger=closed, today="2026-12-04")
    assert held.exit_code == 0 and "办结成立" in held.stdout
    assert git(closed, "log", "-1", "--format=%s") == "recheck DC-2026-0001: held"
    assert _listed(run, closed, "2026-12-04") == []
    reopened = run("recheck", "DC-2026-0001", "--finding", "又有积水", "--reopen", "--due",
                   "2026-12-20", ledger=closed, today="2026-12-10")
    assert reopened.exit_code == 0, reopened
    assert commit_count(closed) == before + 2
    data = json.loads(run("show", "DC-2026-0001", "--json", ledger=closed).stdout)
    assert data["status"] == "returned" and data["due"] == "2026-12-20"
    shown = run("show", "DC-2026-0001", ledger=closed, today="2026-12-10").stdout
    assert "复核：重新交办，新时限 2026-12-20。又有积水" in shown
    assert "复核：办结成立。整改到位，群众满意" in shown and "审核退回" not in shown
    late = run("overdue", "--json", ledger=closed, today="2026-12-22")
    assert [r["id"] for r in json.loads(late.stdout)] == ["DC-2026-0001"]


def test_cli_refusals_change_nothing(closed: Path, run: Run) -> None:
    before = snapshot(closed)
    for args in (
        ("--held", "--reopen", "--due", "2026-12-20"),
        (),
        ("--reopen",),
        ("--reopen", "--due", "2026-12-01"),
    ):
        refused = run("recheck", "DC-2026-0001", "--finding", "x", *args, ledger=closed,
                      today="2026-12-10")
        assert refused.exit_code == 1, (args, refused)
        assert "Traceback" not in refused.stderr
    early = run("recheck", "DC-2026-0001", "--finding", "x", "--held", ledger=closed,
                today="2026-11-04")
    assert early.exit_code == 1 and "早于办结日期" in early.stderr
    assert snapshot(closed) == before
    assert run("register", "另一事项", "--category", "leader-instruction", "--lead", "市水务局",
               ledger=closed, today="2026-12-10").exit_code == 0
    still_open = run("recheck", "DC-2026-0002", "--finding", "x", "--held", ledger=closed,
                     today="2026-12-10")
    assert still_open.exit_code == 1 and "复核" in still_open.stderr
