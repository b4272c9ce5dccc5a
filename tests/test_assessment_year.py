"""The assessment year (第十九条, issue 14 point 6): which items a year's figures count.

An item counts in year Y when its due date in force falls in Y, or it was
closed in Y, or it was open and overdue on some day of Y — whatever year it
was registered in. A past year is taken as it stood on its last day.

Every date below was worked out by hand from the holiday notices: 2026's
元旦 is 01-01..01-03 off with Sunday 01-04 worked, so a leader instruction
(3 working days) of Wednesday 2025-12-31 is due Tuesday 2026-01-06 (01-04,
01-05, 01-06); the Spring Festival is 02-15..02-23 off with Saturdays 02-14
and 02-28 worked, so a leader instruction of Thursday 2026-02-12 is due
02-24 (02-13, 02-14, 02-24) and a 3-month NPC suggestion of 2025-11-14 ends
on Saturday 2026-02-14, a working day, not rolled; 国庆 is 10-01..10-07 off
with 10-10 worked, so one of 2026-09-29 is due 10-09.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Run, build_item, git_head
from hypothesis import given, settings
from hypothesis import strategies as st

from duchatai.core.assessment import assessed_on, closed_on_time, in_year, overdue_some_day
from duchatai.core.deadlines import answered_in_time, is_overdue, judged_due
from duchatai.core.history import as_of
from duchatai.core.model import Extension, Item, Report, Review
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.reports import figures

D = dt.date
LI, DOC, NPC = "leader-instruction", "document", "npc-suggestion"
TODAY = D(2027, 3, 1)
YEARS = (2025, 2026, 2027)


def result(day: dt.date) -> Report:
    return Report(day, "result", "已办结")


def test_the_hand_computed_dates_hold() -> None:
    calendar = WorkCalendar()
    assert calendar.after(D(2025, 12, 31), 3) == D(2026, 1, 6)
    assert calendar.after(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert calendar.after(D(2026, 9, 29), 3) == D(2026, 10, 9)
    assert build_item(NPC, start=D(2025, 11, 14)).due == D(2026, 2, 14)
    assert build_item(LI, start=D(2025, 12, 31)).due == D(2026, 1, 6)
    assert assessed_on(2025, TODAY) == D(2025, 12, 31)
    assert assessed_on(2027, TODAY) == TODAY


ON_TIME, LATE, OVERDUE, OPEN = "closed on time", "closed late", "open overdue", "open"

IN_TIME_EXT = Extension(D(2025, 12, 18), D(2025, 12, 19), D(2026, 1, 30), "涉及多部门")
LATE_EXT = Extension(D(2025, 12, 24), D(2025, 12, 19), D(2026, 1, 30), "逾期申请", late=True)
REJECTED_TO_2027 = Review(D(2026, 1, 12), False, "材料不全", reports_seen=1,
                          previous_due=D(2025, 12, 19), new_due=D(2027, 1, 15))


@dataclass(frozen=True)
class Case:
    """One item's whole history and its verdict in each year's figures (None: not counted)."""

    name: str
    item: Item
    verdicts: tuple[str | None, str | None, str | None]  # 2025, 2026, 2027


def doc(start: dt.date, due: dt.date, **records: object) -> Item:
    return build_item(DOC, start=start, due=due, **records)  # type: ignore[arg-type]


CASES = [
    Case("registered 12-31, due after 元旦: counts in 2026 only",
         build_item(LI, start=D(2025, 12, 31), reports=[result(D(2026, 1, 5))],
                    closed=D(2026, 1, 7)),
         (None, ON_TIME, None)),
    Case("due 2025, never answered: overdue in every year since",
         doc(D(2025, 11, 10), D(2025, 12, 15)), (OVERDUE, OVERDUE, OVERDUE)),
    Case("due 2025, answered in time, closed 2026",
         doc(D(2025, 11, 10), D(2025, 12, 15), reports=[result(D(2025, 12, 10))],
             closed=D(2026, 1, 5)),
         (OPEN, ON_TIME, None)),
    Case("due 2025, answered in time, still awaiting review",
         doc(D(2025, 11, 10), D(2025, 12, 15), reports=[result(D(2025, 12, 10))]),
         (OPEN, None, None)),
    Case("closed late within 2025",
         doc(D(2025, 11, 10), D(2025, 12, 15), reports=[result(D(2025, 12, 22))],
             closed=D(2025, 12, 30)),
         (LATE, None, None)),
    Case("extended in time into 2026",
         doc(D(2025, 12, 1), D(2025, 12, 19), extensions=[IN_TIME_EXT],
             reports=[result(D(2026, 1, 20))], closed=D(2026, 1, 23)),
         (None, ON_TIME, None)),
    Case("extended late (--late) into 2026: overdue in 2025, late in 2026",
         doc(D(2025, 12, 1), D(2025, 12, 19), extensions=[LATE_EXT],
             reports=[result(D(2026, 1, 20))], closed=D(2026, 1, 23)),
         (OVERDUE, LATE, None)),
    Case("overdue in January 2026, then returned with a due date in 2027",
         doc(D(2025, 11, 10), D(2025, 12, 19), reports=[result(D(2026, 1, 8))],
             reviews=[REJECTED_TO_2027]),
         (OVERDUE, OPEN, OVERDUE)),
    Case("answered late, returned, answered again in time: still late",
         doc(D(2025, 11, 10), D(2025, 12, 15),
             reports=[result(D(2025, 12, 22)), result(D(2026, 1, 15))],
             reviews=[Review(D(2026, 1, 5), False, "材料不全", reports_seen=1,
                             previous_due=D(2025, 12, 15), new_due=D(2026, 1, 20))],
             closed=D(2026, 1, 16)),
         (OVERDUE, LATE, None)),
    Case("NPC suggestion due on the Spring Festival's worked Saturday, answered that day",
         build_item(NPC, start=D(2025, 11, 14), reports=[result(D(2026, 2, 14))]),
         (None, OPEN, None)),
    Case("instruction across the Spring Festival, never answered",
         build_item(LI, start=D(2026, 2, 12)), (None, OVERDUE, OVERDUE)),
    Case("instruction across 国庆, answered on the worked Saturday 10-10",
         build_item(LI, start=D(2026, 9, 29), reports=[result(D(2026, 10, 10))],
                    closed=D(2026, 10, 20)),
         (None, LATE, None)),
    Case("registered 2026, due 2027: not 2026's",
         doc(D(2026, 11, 2), D(2027, 1, 29)), (None, None, OVERDUE)),
]


def verdict(item: Item, year: int) -> str | None:
    """The item's line in ``year``'s figures, as ``stats`` counts it."""
    day = assessed_on(year, TODAY)
    past = as_of(item, day)
    rows = figures.stats([past] if past is not None else [], year, day, DEFAULT_PROFILE)
    if not rows:
        return None
    row = rows[0]
    assert row.items == 1
    found = [name for name, n in ((ON_TIME, row.closed_on_time), (LATE, row.closed_late),
                                  (OVERDUE, row.open_overdue)) if n]
    return found[0] if found else OPEN


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_which_year_counts_an_item(case: Case) -> None:
    for year, expected in zip(YEARS, case.verdicts, strict=True):
        day = assessed_on(year, TODAY)
        past = as_of(case.item, day)
        member = past is not None and in_year(past, year, day, DEFAULT_PROFILE)
        assert member is (expected is not None), year
        assert verdict(case.item, year) == expected, year


def test_the_registration_year_does_not_decide() -> None:
    """Under the old rule (registered in Y) the first case was 2025's and the second not 2026's."""
    late_year = CASES[0].item
    assert late_year.start.year == 2025 and verdict(late_year, 2025) is None
    carried = CASES[1].item
    assert carried.start.year == 2025 and verdict(carried, 2026) == OVERDUE


def test_a_return_sets_a_new_limit_over_a_late_extension() -> None:
    """Due 10-09 (after 国庆), extended late on 10-12 to 10-20, answered 10-16, returned on
    10-19 with 10-30: overdue 10-10..10-18, judged against 10-30 from the return on."""
    late = Extension(D(2026, 10, 12), D(2026, 10, 9), D(2026, 10, 20), "逾期申请", late=True)
    back = Review(D(2026, 10, 19), False, "材料不全", reports_seen=1,
                  previous_due=D(2026, 10, 20), new_due=D(2026, 10, 30))
    whole = build_item(LI, start=D(2026, 9, 29), extensions=[late], reviews=[back],
                       reports=[result(D(2026, 10, 16)), result(D(2026, 10, 28))],
                       closed=D(2026, 10, 29))
    assert judged_due(whole) == D(2026, 10, 30)
    for day, overdue in ((D(2026, 10, 12), True), (D(2026, 10, 18), True),
                         (D(2026, 10, 19), False), (D(2026, 10, 28), False)):
        past = as_of(whole, day)
        assert past is not None and is_overdue(past, day, DEFAULT_PROFILE) is overdue, day
    assert verdict(whole, 2026) == LATE  # it was overdue before the return
    # Extended on the day of the return: after it (from the new date), in time; before it
    # (to the date the return replaced), no longer held.
    after = Extension(D(2026, 10, 19), D(2026, 10, 30), D(2026, 11, 6), "再延期")
    extended = build_item(LI, start=D(2026, 9, 29), reviews=[back], extensions=[after])
    extended.due = after.until  # build_item applies the return last; here it came first
    assert judged_due(extended) == D(2026, 11, 6)
    before = Extension(D(2026, 10, 19), D(2026, 10, 9), D(2026, 10, 20), "逾期申请", late=True)
    assert judged_due(build_item(LI, start=D(2026, 9, 29), extensions=[before],
                                 reviews=[back])) == D(2026, 10, 30)


# -- the overdue clause: a few days asked stand for every day of the year --------------

_BASE = D(2025, 10, 1)


@st.composite
def histories(draw: st.DrawFn) -> Item:
    """An item's history: maybe an extension (in time or late), a result, a rejection, a close."""
    start = _BASE + dt.timedelta(days=draw(st.integers(0, 300)))
    due = start + dt.timedelta(days=draw(st.integers(0, 60)))
    extensions, reports, reviews = [], [], []
    if draw(st.booleans()):
        day = start + dt.timedelta(days=draw(st.integers(0, 90)))
        until = max(due, day) + dt.timedelta(days=draw(st.integers(1, 60)))
        extensions.append(Extension(day, due, until, "理由", late=day >= due))
    current = extensions[0].until if extensions else due
    last = max([start, *(e.date for e in extensions)])
    closed = None
    if draw(st.booleans()):
        reports.append(result(last + dt.timedelta(days=draw(st.integers(0, 120)))))
        last = reports[-1].date
        if draw(st.booleans()):
            day = last + dt.timedelta(days=draw(st.integers(0, 20)))
            new_due = day + dt.timedelta(days=draw(st.integers(0, 60)))
            reviews.append(Review(day, False, "退回", reports_seen=1,
                                  previous_due=current, new_due=new_due))
            last = day
            if draw(st.booleans()):
                reports.append(result(last + dt.timedelta(days=draw(st.integers(0, 60)))))
                last = reports[-1].date
        if reports[-1].date >= last and draw(st.integers(0, 3)):
            closed = last + dt.timedelta(days=draw(st.integers(0, 30)))
    return build_item(DOC, start=start, due=due, extensions=extensions, reports=reports,
                      reviews=reviews, closed=closed)


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 1), st.integers(0, 400))
def test_overdue_some_day_asks_few_days_for_all(item: Item, later: int, offset: int) -> None:
    """Asked on its few days, the answer is the one that asking every day of the year gives."""
    first = D(item.start.year + later, 1, 1)
    last = min(D(first.year, 12, 31), item.start + dt.timedelta(days=offset))
    every_day = any(
        is_overdue(past, day, DEFAULT_PROFILE, as_recorded=True)
        for day in (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        if (past := as_of(item, day)) is not None
    )
    assert overdue_some_day(item, first, last, DEFAULT_PROFILE) is every_day


@settings(max_examples=100, deadline=None)
@given(histories())
def test_closed_on_time_means_never_overdue_while_open(item: Item) -> None:
    """The figures' verdict: answered in time and not overdue on any day while open."""
    if item.closed_on is None:
        return
    days = (item.start + dt.timedelta(days=n) for n in range((item.closed_on - item.start).days))
    never = not any(
        is_overdue(past, day, DEFAULT_PROFILE, as_recorded=True)
        for day in days
        if (past := as_of(item, day)) is not None
    )
    in_time = answered_in_time(item, DEFAULT_PROFILE, as_recorded=True)
    assert closed_on_time(item, DEFAULT_PROFILE) is (in_time and never)


# -- at the command line ----------------------------------------------------------------

WATER, EDUCATION, FINANCE = "市水务局", "市教育局", "市财政局"


def _stats(run: Run, root: Path, today: str, *args: str) -> dict[str, list[int]]:
    head = git_head(root)
    done = run("stats", "--json", *args, ledger=root, today=today)
    assert done.exit_code == 0, done
    assert git_head(root) == head
    return {r["unit"]: [r["items"], r["closed_on_time"], r["closed_late"], r["open_overdue"]]
            for r in json.loads(done.stdout)}


def _do(run: Run, root: Path, today: str, *args: str) -> None:
    done = run(*args, ledger=root, today=today)
    assert done.exit_code == 0, (args, done)


def test_stats_counts_the_assessment_year(run: Run, ledger: Path) -> None:
    # 0001 water: registered 2025-12-31, due 2026-01-06, never answered.
    _do(run, ledger, "2025-12-31", "register", "跨年批示", "-c", LI, "--lead", WATER)
    # 0002 education: due 2025-12-15, answered 2026-01-20, closed 2026-01-23.
    _do(run, ledger, "2025-11-10", "register", "年底文件", "-c", DOC, "--lead", EDUCATION,
        "--due", "2025-12-15")
    _do(run, ledger, "2025-11-10", "assign", "DC-2025-0002", "--lead", EDUCATION)
    _do(run, ledger, "2026-01-20", "report", "DC-2025-0002", "--kind", "result", "--text", "完成")
    _do(run, ledger, "2026-01-23", "review", "DC-2025-0002", "--accept")
    _do(run, ledger, "2026-01-23", "close", "DC-2025-0002")
    # 2025, as of 12-31: 0001 is not yet due (not 2025's); 0002 is open and overdue.
    assert _stats(run, ledger, "2026-03-02", "--year", "2025") == {EDUCATION: [1, 0, 0, 1]}
    # 2026: 0001 due in it and overdue; 0002 closed in it, late.
    assert _stats(run, ledger, "2026-03-02") == {WATER: [1, 0, 0, 1], EDUCATION: [1, 0, 1, 0]}
    help_text = run("stats", "--help").stdout
    assert "不论哪年立项" in help_text and "whatever year it" in help_text


def test_a_late_extension_is_late_in_the_morning_report_and_in_stats(
    run: Run, ledger: Path
) -> None:
    """``extend --late`` across the new year: overdue from 12-19 in both, then closed late."""
    item = "DC-2025-0001"
    _do(run, ledger, "2025-12-01", "register", "年终检查", "-c", DOC, "--lead", FINANCE,
        "--due", "2025-12-19")
    _do(run, ledger, "2025-12-01", "assign", item, "--lead", FINANCE)
    _do(run, ledger, "2025-12-24", "extend", item, "--until", "2026-01-30", "--reason", "逾期申请",
        "--late")
    for day, days_overdue in (("2025-12-31", 12), ("2026-01-05", 17)):
        morning = json.loads(run("overdue", "--json", ledger=ledger, today=day).stdout)
        assert [(r["id"], r["due"], r["days_overdue"]) for r in morning] == [
            (item, "2025-12-19", days_overdue)
        ]
        assert json.loads(run("due", "--within", "30", "--json", ledger=ledger,
                              today=day).stdout) == []
        assert _stats(run, ledger, day) == {FINANCE: [1, 0, 0, 1]}
    _do(run, ledger, "2026-01-20", "report", item, "--kind", "result", "--text", "完成")
    _do(run, ledger, "2026-01-23", "review", item, "--accept")
    _do(run, ledger, "2026-01-23", "close", item)
    assert _stats(run, ledger, "2026-03-02", "--year", "2025") == {FINANCE: [1, 0, 0, 1]}
    assert _stats(run, ledger, "2026-03-02") == {FINANCE: [1, 0, 1, 0]}
