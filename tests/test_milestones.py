"""Late milestones (节点任务, 第八条(六) 对账) in every report: hand-computed tables.

Issue 14, point 2. The dates were worked out by hand from the 2026 holiday
notices, not from the code:

- 中秋节、国庆节: 09-25..09-27 and 10-01..10-07 off; Saturday 10-10 worked
  (10-08 and 10-09 are ordinary working days). Working days in (09-30, 10-12]:
  10-08, 10-09, 10-10, 10-12 (4).
- 春节: 02-15..02-23 off; Saturdays 02-14 and 02-28 worked. Working days in
  (02-13, 02-24]: 02-14, 02-24 (2).

A milestone is late from the day after its date while it is not done and its
item is open (``core.milestones``), whether or not the item itself is late.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from conftest import Run, build_item, git_head
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from duchatai.app.spreadsheet_read import find_header
from duchatai.app.spreadsheet_xlsx import milestone_rows
from duchatai.core.brief import brief_of
from duchatai.core.history import as_of
from duchatai.core.milestones import (
    DONE,
    DONE_LATE,
    DROPPED,
    OVERDUE,
    PENDING,
    milestone_overdue,
    milestone_state,
)
from duchatai.core.model import Item, Milestone
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.reports import data
from duchatai.reports.milestones import late_milestones, milestones_due_within
from duchatai.reports.weekly import weekly

D = dt.date
CALENDAR = WorkCalendar()
KP, DOC = "key-project", "document"
WATER, TRANSPORT = "市水务局", "市交通局"


def test_the_hand_computed_dates_hold() -> None:
    assert CALENDAR.between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert CALENDAR.between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert CALENDAR.is_workday(D(2026, 10, 10)) and CALENDAR.is_workday(D(2026, 2, 14))
    assert not CALENDAR.is_workday(D(2026, 10, 1)) and not CALENDAR.is_workday(D(2026, 2, 23))


def with_milestones(item: Item, *milestones: tuple[str, dt.date, dt.date | None]) -> Item:
    item.milestones = [Milestone(title, due, done) for title, due, done in milestones]
    return item


def project(*milestones: tuple[str, dt.date, dt.date | None], **kwargs: Any) -> Item:
    """A key project due at the end of the year: never late itself in these tables."""
    kwargs.setdefault("start", D(2026, 1, 5))
    kwargs.setdefault("due", D(2026, 12, 31))
    return with_milestones(build_item(KP, **kwargs), *milestones)


# -- the rule ---------------------------------------------------------------------------

STATES = [
    # due, done, today, item open → state
    (D(2026, 9, 30), None, D(2026, 9, 30), True, PENDING),  # on its date: in time
    (D(2026, 9, 30), None, D(2026, 10, 1), True, OVERDUE),  # the day after: late
    (D(2026, 10, 1), None, D(2026, 10, 7), True, OVERDUE),  # a holiday date: no roll-forward
    (D(2026, 9, 30), D(2026, 9, 30), D(2026, 10, 12), True, DONE),
    (D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 12), True, DONE_LATE),
    (D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 8), True, OVERDUE),  # done after that day
    (D(2026, 9, 30), None, D(2026, 10, 12), False, DROPPED),  # its item closed
    (D(2026, 9, 30), D(2026, 10, 9), D(2026, 10, 12), False, DONE_LATE),
    (D(2026, 2, 14), None, D(2026, 2, 14), True, PENDING),  # 调休 Saturday
    (D(2026, 2, 14), None, D(2026, 2, 15), True, OVERDUE),
]


@pytest.mark.parametrize(("due", "done", "today", "open_", "state"), STATES)
def test_milestone_state(
    due: dt.date, done: dt.date | None, today: dt.date, open_: bool, state: str
) -> None:
    assert milestone_state(due, done, today, item_open=open_) == state
    assert milestone_overdue(due, done, today, item_open=open_) == (state == OVERDUE)


# -- late milestones: the morning report's section -----------------------------------------

LATE = [
    # today, milestones (title, due, done), item closed on → (number, days, workdays) late
    (D(2026, 10, 12), [("招标", D(2026, 9, 30), None)], None, [(1, 12, 4)]),
    (D(2026, 10, 8), [("招标", D(2026, 9, 30), None)], None, [(1, 8, 1)]),
    (D(2026, 10, 7), [("招标", D(2026, 10, 1), None)], None, [(1, 6, 0)]),
    (D(2026, 9, 30), [("招标", D(2026, 9, 30), None)], None, []),
    (D(2026, 10, 12), [("招标", D(2026, 9, 30), D(2026, 10, 9))], None, []),
    # the first done late, the second still open: numbered among all milestones
    (
        D(2026, 10, 12),
        [("招标", D(2026, 9, 30), D(2026, 10, 9)), ("开工", D(2026, 10, 9), None)],
        None,
        [(2, 3, 2)],
    ),
    (D(2026, 10, 12), [("招标", D(2026, 9, 30), None)], D(2026, 10, 9), []),  # item closed
    (D(2026, 2, 24), [("方案", D(2026, 2, 13), None)], None, [(1, 11, 2)]),
    (D(2026, 2, 23), [("方案", D(2026, 2, 13), None)], None, [(1, 10, 1)]),
]


@pytest.mark.parametrize(("today", "milestones", "closed", "expected"), LATE)
def test_late_milestones_table(
    today: dt.date,
    milestones: list[tuple[str, dt.date, dt.date | None]],
    closed: dt.date | None,
    expected: list[tuple[int, int, int]],
) -> None:
    item = project(*milestones, closed=closed)
    past = as_of(item, today)
    assert past is not None
    rows = late_milestones([brief_of(past)], today, CALENDAR)
    assert [(r.number, r.days_late, r.workdays_late) for r in rows] == expected
    assert all(r.item.id == item.id and r.title == milestones[r.number - 1][0] for r in rows)


def test_late_milestones_of_items_late_or_not_latest_first_and_by_unit() -> None:
    today = D(2026, 10, 12)
    late_item = with_milestones(
        build_item(DOC, start=D(2026, 9, 24), due=D(2026, 10, 9), lead=TRANSPORT,
                   item_id="DC-2026-0002"),
        ("制定方案", D(2026, 10, 8), None),
    )  # fmt: skip
    on_track = project(("开工", D(2026, 10, 9), None), ("招标", D(2026, 9, 30), None))
    briefs = [brief_of(late_item), brief_of(on_track)]
    rows = late_milestones(briefs, today, CALENDAR)
    assert [(r.item.id, r.number, r.days_late, r.workdays_late) for r in rows] == [
        ("DC-2026-0001", 2, 12, 4),
        ("DC-2026-0002", 1, 4, 3),
        ("DC-2026-0001", 1, 3, 2),
    ]
    assert [r.item.id for r in late_milestones(briefs, today, CALENDAR, unit=TRANSPORT)] == [
        "DC-2026-0002"
    ]


# -- due --within: milestones due soon ---------------------------------------------------

DUE_SOON = [
    # today, within, milestone due, done, closed → workdays left, or None (not listed)
    (D(2026, 9, 28), 3, D(2026, 9, 28), None, None, 0),  # due today
    (D(2026, 9, 28), 3, D(2026, 9, 30), None, None, 2),  # 09-29, 09-30
    (D(2026, 9, 28), 3, D(2026, 10, 8), None, None, 3),  # 09-29, 09-30, 10-08
    (D(2026, 9, 28), 3, D(2026, 10, 9), None, None, None),  # the 4th working day
    (D(2026, 9, 28), 3, D(2026, 9, 24), None, None, None),  # late, not due
    (D(2026, 9, 28), 3, D(2026, 9, 30), D(2026, 9, 28), None, None),  # done
    (D(2026, 9, 28), 3, D(2026, 9, 30), None, D(2026, 9, 28), None),  # item closed
    (D(2026, 2, 13), 2, D(2026, 2, 24), None, None, 2),  # 02-14 (调休), 02-24
    (D(2026, 2, 13), 2, D(2026, 2, 25), None, None, None),
]


@pytest.mark.parametrize(("today", "within", "due", "done", "closed", "left"), DUE_SOON)
def test_milestones_due_within_table(
    today: dt.date,
    within: int,
    due: dt.date,
    done: dt.date | None,
    closed: dt.date | None,
    left: int | None,
) -> None:
    item = project(("节点", due, done), start=D(2026, 1, 5), closed=closed)
    past = as_of(item, today)
    assert past is not None
    rows = milestones_due_within([brief_of(past)], today, CALENDAR, within)
    assert [r.workdays_left for r in rows] == ([] if left is None else [left])


# -- JSON: the contract's rows, with the milestones ------------------------------------------


def test_overdue_json_rows_are_the_overdue_items_with_their_milestones() -> None:
    today = D(2026, 10, 12)
    late_item = with_milestones(
        build_item(DOC, start=D(2026, 9, 24), due=D(2026, 10, 9), lead=TRANSPORT,
                   item_id="DC-2026-0002", title="文件落实"),
        ("制定方案", D(2026, 10, 8), None),
    )  # fmt: skip
    on_track = project(("招标", D(2026, 9, 30), None), title="重点项目")
    quiet = build_item(DOC, start=D(2026, 9, 24), due=D(2026, 12, 1), item_id="DC-2026-0003")
    briefs = [brief_of(i) for i in (on_track, late_item, quiet)]
    morning = data.morning(briefs, [], today, CALENDAR, DEFAULT_PROFILE)
    assert [r.item.id for r in morning.rows] == ["DC-2026-0002"]  # the overdue items only
    assert [r.to_json() for r in morning.rows] == [
        {
            "id": "DC-2026-0002", "title": "文件落实", "lead_unit": TRANSPORT,
            "due": "2026-10-09", "status": "assigned", "days_overdue": 3,
            "workdays_overdue": 2, "urges": 0, "category": DOC,
            "milestones_overdue": [
                {"number": 1, "title": "制定方案", "due": "2026-10-08", "days_late": 4,
                 "workdays_late": 3},
            ],
        },
    ]  # fmt: skip
    # The on-track item's late milestone is in the morning report's milestone list,
    # not among the rows: the rows stay the contract's overdue items.
    assert [(m.item.id, m.number) for m in morning.milestones] == [
        ("DC-2026-0001", 1), ("DC-2026-0002", 1),
    ]


def test_due_rows_are_the_items_due_with_their_milestones() -> None:
    today = D(2026, 9, 28)
    due_soon = with_milestones(
        build_item(DOC, start=D(2026, 9, 24), due=D(2026, 9, 30), item_id="DC-2026-0002"),
        ("节点", D(2026, 9, 29), None),
    )
    on_track = project(("招标", D(2026, 9, 30), None))
    briefs = [brief_of(on_track), brief_of(due_soon)]
    rows = data.due_within(briefs, today, CALENDAR, DEFAULT_PROFILE, 3)
    milestones = milestones_due_within(briefs, today, CALENDAR, 3)
    out = [r.to_json() for r in data.due_rows(rows, milestones)]
    assert [(r["id"], r["workdays_left"]) for r in out] == [("DC-2026-0002", 2)]
    assert out[0]["milestones_due"] == [
        {"number": 1, "title": "节点", "due": "2026-09-29", "workdays_left": 1}
    ]
    # The on-track item's milestone due soon is in the milestone list, not a row.
    assert [(m.item.id, m.workdays_left) for m in milestones] == [
        ("DC-2026-0002", 1), ("DC-2026-0001", 2),
    ]


def test_weekly_report_lists_late_milestones_as_of_its_day() -> None:
    # W41 (10-05..10-11) seen on 10-20: judged as of Sunday 10-11; the milestone done
    # on 10-15 was still late then.
    item = project(("招标", D(2026, 9, 30), D(2026, 10, 15)), ("开工", D(2026, 10, 12), None))
    report = weekly([item], D(2026, 10, 5), D(2026, 10, 20), CALENDAR, DEFAULT_PROFILE)
    assert report.to_json()["milestones"] == [
        {"id": "DC-2026-0001", "title": "测试事项", "lead_unit": WATER, "number": 1,
         "milestone": "招标", "due": "2026-09-30", "days_late": 11, "workdays_late": 3},
    ]  # fmt: skip
    assert report.to_json()["overdue"] == []


def test_milestone_sheet_rows() -> None:
    today = D(2026, 10, 12)
    item = project(
        ("招标", D(2026, 9, 30), D(2026, 9, 29)),
        ("开工", D(2026, 9, 30), D(2026, 10, 9)),
        ("验收", D(2026, 10, 9), None),
        ("结算", D(2026, 12, 1), None),
    )
    closed = project(("收尾", D(2026, 9, 30), None), item_id="DC-2026-0002", closed=D(2026, 10, 9))
    rows = milestone_rows([item, closed], today)
    assert [(v[3], v[6], v[7], v[8], state) for v, state in rows] == [
        (1, D(2026, 9, 29), "按期完成", None, DONE),
        (2, D(2026, 10, 9), "逾期完成", 9, DONE_LATE),
        (3, None, "逾期未完成", 3, OVERDUE),
        (4, None, "未到期", None, PENDING),
        (1, None, "未完成（事项已办结）", None, DROPPED),
    ]
    headers = [[None, "编号", "所属事项", "主办单位", "节点序号", "节点任务"]]
    assert find_header([(2, h) for h in headers]) is None  # import never reads it as items


# -- properties ---------------------------------------------------------------------------

DAYS = st.dates(D(2026, 1, 1), D(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    milestones=st.lists(st.tuples(DAYS, st.none() | DAYS), max_size=4),
    today=DAYS,
    closed=st.none() | DAYS,
)
def test_every_report_agrees_with_the_rule(
    milestones: list[tuple[dt.date, dt.date | None]], today: dt.date, closed: dt.date | None
) -> None:
    """The brief (what the cache keeps), the report rows and the sheet all say what the
    rule says; days late count with chinese_calendar's own data."""
    item = project(*((f"节点{i}", due, done) for i, (due, done) in enumerate(milestones, 1)),
                   start=D(2026, 1, 1), closed=closed)  # fmt: skip
    past = as_of(item, today)
    assume_open = past is not None and past.is_open
    expected = [
        n
        for n, (due, done) in enumerate(milestones, 1)
        if milestone_overdue(due, done, today, item_open=assume_open)
    ]
    briefs = [brief_of(past)] if past is not None else []
    rows = late_milestones(briefs, today, CALENDAR)
    assert sorted(r.number for r in rows) == expected
    for row in rows:
        assert row.days_late == (today - row.due).days >= 1
        span = chinese_calendar.get_workdays(row.due + dt.timedelta(days=1), today)
        assert row.workdays_late == len(span)
    if past is not None:
        sheet = milestone_rows([past], today)
        assert [v[3] for v, state in sheet if state == OVERDUE] == expected


# -- the command line -----------------------------------------------------------------------

STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("2026-09-24", ("register", "重点项目推进", "-c", KP, "--due", "2026-12-31", "--lead", WATER,
                    "--milestone", "2026-09-30 完成招标", "--milestone", "2026-10-09 开工建设")),
    ("2026-09-24", ("assign", "DC-2026-0001", "--lead", WATER)),
    ("2026-09-24", ("register", "文件落实", "-c", DOC, "--due", "2026-10-09", "--lead", TRANSPORT,
                    "--milestone", "2026-10-08 制定方案")),
    ("2026-09-24", ("assign", "DC-2026-0002", "--lead", TRANSPORT)),
    ("2026-09-24", ("register", "无节点事项", "-c", DOC, "--due", "2026-10-30", "--lead", WATER)),
    ("2026-10-09", ("milestone", "done", "DC-2026-0001", "1")),
]  # fmt: skip


@pytest.fixture
def milestone_ledger(ledger: Path, run: Run) -> Path:
    for day, args in STEPS:
        result = run(*args, ledger=ledger, today=day)
        assert result.exit_code == 0, (args, result)
    return ledger


def _json(run: Run, root: Path, today: str, *args: str, code: int = 0) -> Any:
    head = git_head(root)
    result = run(*args, ledger=root, today=today)
    assert result.exit_code == code, result
    assert git_head(root) == head
    return json.loads(result.stdout)


def _late(number: int, title: str, due: str, days: int, workdays: int) -> dict[str, Any]:
    return {"number": number, "title": title, "due": due, "days_late": days,
            "workdays_late": workdays}  # fmt: skip


MORNING_SECTION = """\
逾期节点任务（第八条 对账）：2 个
   编号          事项 / 节点任务                                 节点时限    逾期天/工作日
市交通局  逾期节点 1 个
●  DC-2026-0002  文件落实
                 └ 节点1：制定方案                               2026-10-08            4/3
市水务局  逾期节点 1 个
●  DC-2026-0001  重点项目推进
                 └ 节点2：开工建设                               2026-10-09            3/2
"""


def test_cli_late_milestones_in_every_report(
    run: Run, milestone_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = milestone_ledger
    assert "仅节点任务逾期不计" in run("overdue", "--help").stdout  # what --fail-if-any counts
    # 10-08: nothing is overdue, one milestone is (done only on 10-09): shown, no row, no exit 3.
    assert _json(run, root, "2026-10-08", "overdue", "--json", "--fail-if-any") == []
    assert "完成招标" in run("overdue", ledger=root, today="2026-10-08").stdout
    # 10-12: 0002 overdue itself (exit 3); 0001's late milestone is not a row.
    rows = _json(run, root, "2026-10-12", "overdue", "--json", "--fail-if-any", code=3)
    assert [(r["id"], r["days_overdue"], r["milestones_overdue"]) for r in rows] == [
        ("DC-2026-0002", 3, [_late(1, "制定方案", "2026-10-08", 4, 3)]),
    ]
    monkeypatch.setenv("COLUMNS", "90")
    text = run("overdue", ledger=root, today="2026-10-12").stdout
    start = text.index("逾期节点任务")
    assert text[start : text.index("2026-10-12：超期")] == MORNING_SECTION
    # due --within 3 on 09-28: two milestones due soon, their items not.
    assert _json(run, root, "2026-09-28", "due", "--json") == []  # no item due soon
    due_text = run("due", ledger=root, today="2026-09-28").stdout
    assert "3 个工作日内没有到期事项" in due_text and "节点1：制定方案" in due_text
    # weekly W41, as of Sunday 10-11
    week = _json(run, root, "2026-10-12", "weekly", "--week", "2026-W41", "--format", "json")
    assert week["milestones"] == [
        {"id": "DC-2026-0002", "title": "文件落实", "lead_unit": TRANSPORT, "number": 1,
         "milestone": "制定方案", "due": "2026-10-08", "days_late": 3, "workdays_late": 2},
        {"id": "DC-2026-0001", "title": "重点项目推进", "lead_unit": WATER, "number": 2,
         "milestone": "开工建设", "due": "2026-10-09", "days_late": 2, "workdays_late": 1},
    ]  # fmt: skip
    markdown = run("weekly", "--week", "2026-W41", "--format", "markdown", ledger=root,
                   today="2026-10-12").stdout  # fmt: skip
    row = "| DC-2026-0002 | 文件落实 | 市交通局 | 节点1：制定方案 | 2026-10-08 | 3 | 2 |"
    assert row in markdown
    # the 台账: a column in the main sheet, and the 节点任务 sheet
    target = tmp_path / "台账.xlsx"
    assert run("export", "--output", str(target), ledger=root, today="2026-10-12").exit_code == 0
    book = load_workbook(target)
    main = [[c.value for c in r] for r in book["督查台账"].iter_rows(min_row=2)]
    column = main[0].index("逾期节点任务")
    assert [r[column] for r in main[1:]] == [
        "节点2 开工建设（2026-10-09，逾期3天）", "节点1 制定方案（2026-10-08，逾期4天）", None,
    ]  # fmt: skip
    sheet = [[c.value for c in r] for r in book["节点任务"].iter_rows(min_row=3)]
    assert sheet == [
        ["DC-2026-0001", "重点项目推进", WATER, 1, "完成招标", dt.datetime(2026, 9, 30),
         dt.datetime(2026, 10, 9), "逾期完成", 9],
        ["DC-2026-0001", "重点项目推进", WATER, 2, "开工建设", dt.datetime(2026, 10, 9), None,
         "逾期未完成", 3],
        ["DC-2026-0002", "文件落实", TRANSPORT, 1, "制定方案", dt.datetime(2026, 10, 8), None,
         "逾期未完成", 4],
    ]  # fmt: skip
    dry = run("import", str(target), "--dry-run", ledger=root, today="2026-10-12")
    assert dry.exit_code == 0 and "新增 0 项" in dry.stdout + dry.stderr
