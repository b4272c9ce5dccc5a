"""Issue 19, point 6: a 《政府工作报告》 task registered once for the year; each quarter's
report is a due date of its own, overdue on its own, until the year's last quarter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import ItemFactory, Run, snapshot

from duchatai.core.history import as_of
from duchatai.core.model import Report
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.recurring import QUARTERLY, answer_duty, quarter_starts, quarterly_duties
from duchatai.core.workdays import WorkCalendar

D = dt.date
CAL = WorkCalendar()
RULE = DEFAULT_PROFILE.categories["work-report"]


def test_one_duty_per_quarter_to_the_years_last() -> None:
    assert quarter_starts(D(2026, 2, 10)) == [D(2026, 2, 10), D(2026, 4, 1), D(2026, 7, 1),
                                              D(2026, 10, 1)]
    assert quarter_starts(D(2026, 11, 5)) == [D(2026, 11, 5)]
    duties = quarterly_duties(RULE, D(2026, 2, 10), CAL)
    assert [(m.title, m.due) for m in duties] == [
        ("2026年第一季度报告", D(2026, 4, 15)),
        ("2026年第二季度报告", D(2026, 7, 15)),
        ("2026年第三季度报告", D(2026, 10, 15)),
        ("2026年第四季度报告", D(2027, 1, 15)),
    ]
    assert all(m.duty == QUARTERLY and m.done is None for m in duties)


def _recurring(make_item: ItemFactory) -> object:
    item = make_item("work-report", start=D(2026, 2, 10), due=D(2027, 1, 15))
    item.recurring = QUARTERLY
    item.milestones = quarterly_duties(RULE, item.start, CAL)
    return item


def test_each_report_does_the_earliest_open_duty_of_its_window(make_item: ItemFactory) -> None:
    item = _recurring(make_item)
    on_time = Report(D(2026, 4, 10), "progress", "一季度")
    assert answer_duty(item, on_time).title == "2026年第一季度报告"  # type: ignore[union-attr]
    co_unit = Report(D(2026, 5, 1), "progress", "协办", unit="市财政局")
    assert answer_duty(item, co_unit) is None  # only the lead unit answers (issue 14)
    weekly = Report(D(2026, 5, 2), "weekly", "周报")
    assert answer_duty(item, weekly) is None
    early = Report(D(2026, 4, 12), "progress", "又一份")  # Q2's window opens after 04-15
    assert answer_duty(item, early) is None
    late = Report(D(2026, 7, 25), "progress", "二季度迟报")
    assert answer_duty(item, late).due == D(2026, 7, 15)  # type: ignore[union-attr]
    states = [(m.due, m.done) for m in item.milestones]  # type: ignore[attr-defined]
    assert states[:3] == [(D(2026, 4, 15), D(2026, 4, 10)), (D(2026, 7, 15), D(2026, 7, 25)),
                          (D(2026, 10, 15), None)]
    plain = make_item("work-report", start=D(2026, 2, 10), due=D(2026, 4, 15))
    assert answer_duty(plain, on_time) is None  # not recurring
    past = as_of(item, D(2026, 7, 20))  # type: ignore[arg-type]
    assert past is not None and [m.done for m in past.milestones][:2] == [D(2026, 4, 10), None]
    assert past.milestones[1].duty == QUARTERLY


def test_cli_register_once_report_each_quarter(run: Run, ledger: Path) -> None:
    made = run("register", "政府工作报告：老旧小区改造", "--category", "政府工作报告",
               "--lead", "市住房城乡建设局", "--quarterly", "--json", ledger=ledger,
               today="2026-02-10")
    assert made.exit_code == 0, made
    assert json.loads(made.stdout)["due"] == "2027-01-15"
    assert run("assign", "DC-2026-0001", ledger=ledger, today="2026-02-10").exit_code == 0
    assert run("report", "DC-2026-0001", "--kind", "progress", "--text", "一季度完成三成",
               ledger=ledger, today="2026-04-10").exit_code == 0
    late = run("overdue", "--json", ledger=ledger, today="2026-07-20")
    assert json.loads(late.stdout) == []  # the item is not overdue: its duty is
    text = run("overdue", ledger=ledger, today="2026-07-20").stdout
    assert "2026年第二季度报告" in text and "2026年第一季度报告" not in text
    coming = run("due", "--within", "5", ledger=ledger, today="2026-10-10").stdout
    assert "2026年第三季度报告" in coming and "2026年第四季度报告" not in coming
    shown = run("show", "DC-2026-0001", ledger=ledger, today="2026-07-20").stdout
    assert "2026年第一季度报告  已完成 2026-04-10" in shown


def test_cli_quarterly_refusals(run: Run, ledger: Path) -> None:
    before = snapshot(ledger)
    wrong = run("register", "批示", "--category", "leader-instruction", "--lead", "市水务局",
                "--quarterly", ledger=ledger)
    assert wrong.exit_code == 1 and "--quarterly 只用于按季度报送的类别" in wrong.stderr
    both = run("register", "任务", "--category", "work-report", "--lead", "市水务局",
               "--quarterly", "--due", "2026-12-31", ledger=ledger)
    assert both.exit_code == 1 and "不能同时给出 --due" in both.stderr
    assert snapshot(ledger) == before
