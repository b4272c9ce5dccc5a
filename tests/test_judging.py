"""Which report answers a deadline, and the date it is judged against: hand-computed tables.

Every expected value below was worked out by hand from the 2026 holiday notice
(国庆节、中秋节: 10-01..10-07 off; Sunday 09-28 and Saturday 10-10 worked), not
from the code: a leader instruction (市领导批示, 3 working days) registered on
Tuesday 2026-09-29 is due on Friday 10-09 (09-30 is the 1st working day, 10-08
the 2nd, 10-09 the 3rd). Items are built directly, no CLI and no git.

Each case is one item's whole history. It is judged on several days as it
stood then (``history.as_of``): open, through ``deadlines.is_overdue`` and
through the cached form (``brief_of(...).is_overdue``), each against the
table; and once closed, through ``stats``. The last test states what makes
them agree by construction: an item is counted closed late exactly when it
was overdue on some day while open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from conftest import build_item

from duchatai.core.brief import brief_of
from duchatai.core.deadlines import answering_report, is_overdue, judged_due
from duchatai.core.history import as_of, status_of
from duchatai.core.model import Extension, Item, Report, Review, Status
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.reports import figures

D = dt.date
LI, DOC = "leader-instruction", "document"
START, DUE = D(2026, 9, 29), D(2026, 10, 9)
CLOSED_ON = D(2026, 10, 30)
YEAR_END = D(2026, 12, 31)


def test_the_hand_computed_dates_hold() -> None:
    """The dates the tables rest on, worked out by hand from the holiday notice."""
    calendar = WorkCalendar()
    assert calendar.after(START, 3) == DUE  # 09-30, 10-08, 10-09
    assert calendar.after(DUE, 3) == D(2026, 10, 13)  # 10-10 (调休 Saturday), 10-12, 10-13
    assert calendar.between(DUE, D(2026, 10, 12)) == 2  # 10-10, 10-12


def result(day: dt.date) -> Report:
    return Report(day, "result", "已办结")


def progress(day: dt.date) -> Report:
    return Report(day, "progress", "正在推进")


def item(
    category: str = LI,
    *,
    reports: tuple[Report, ...] = (),
    reviews: tuple[Review, ...] = (),
    extensions: tuple[Extension, ...] = (),
    closed: bool = False,
) -> Item:
    """An assigned item registered 09-29, due 10-09 unless its records moved the date."""
    return build_item(category, start=START, due=DUE, reports=reports, reviews=reviews,
                      extensions=extensions, closed=CLOSED_ON if closed else None)


REJECTED = Review(
    D(2026, 10, 9), False, "材料不全", reports_seen=1,
    previous_due=DUE, new_due=D(2026, 10, 13),
)
IN_TIME = Extension(D(2026, 9, 30), DUE, D(2026, 10, 20), "涉及多部门")
LATE = Extension(D(2026, 10, 12), DUE, D(2026, 10, 20), "逾期申请", late=True)


@dataclass(frozen=True)
class Case:
    """One history: the date it is judged against, overdue by day while open, and the verdict."""

    name: str
    records: dict[str, object]
    judged: dt.date
    overdue_on: dict[dt.date, bool]
    closed_late: bool


CASES = [
    Case("result on the due date", {"reports": (result(DUE),)}, DUE,
         {DUE: False, D(2026, 10, 10): False, D(2026, 10, 29): False}, closed_late=False),
    Case("result the day after (the 调休 Saturday)", {"reports": (result(D(2026, 10, 10)),)},
         DUE, {DUE: False, D(2026, 10, 10): True, D(2026, 10, 12): True}, closed_late=True),
    Case("no report by the due date", {"reports": (result(D(2026, 10, 20)),)}, DUE,
         {D(2026, 9, 30): False, DUE: False, D(2026, 10, 10): True, D(2026, 10, 20): True},
         closed_late=True),
    Case("progress answers a leader instruction",
         {"reports": (progress(D(2026, 10, 8)), result(D(2026, 10, 20)))}, DUE,
         {D(2026, 10, 10): False, D(2026, 10, 21): False}, closed_late=False),
    Case("progress does not answer a document",
         {"category": DOC, "reports": (progress(D(2026, 10, 8)), result(D(2026, 10, 20)))},
         DUE, {D(2026, 10, 8): False, D(2026, 10, 10): True, D(2026, 10, 21): True},
         closed_late=True),
    Case("rejected, answered again by the new due date",
         {"reports": (result(D(2026, 10, 8)), result(D(2026, 10, 13))), "reviews": (REJECTED,)},
         D(2026, 10, 13),
         {DUE: False, D(2026, 10, 10): False, D(2026, 10, 13): False, D(2026, 10, 14): False},
         closed_late=False),
    Case("rejected, answered again after the new due date",
         {"reports": (result(D(2026, 10, 8)), result(D(2026, 10, 14))), "reviews": (REJECTED,)},
         D(2026, 10, 13), {D(2026, 10, 13): False, D(2026, 10, 14): True}, closed_late=True),
    Case("extended in time, answered by the new date",
         {"reports": (result(D(2026, 10, 16)),), "extensions": (IN_TIME,)}, D(2026, 10, 20),
         {D(2026, 10, 10): False, D(2026, 10, 16): False, D(2026, 10, 21): False},
         closed_late=False),
    Case("extended in time, answered after the new date",
         {"reports": (result(D(2026, 10, 21)),), "extensions": (IN_TIME,)}, D(2026, 10, 20),
         {D(2026, 10, 20): False, D(2026, 10, 21): True}, closed_late=True),
    Case("extended late (--late): still judged against 10-09",
         {"reports": (result(D(2026, 10, 16)),), "extensions": (LATE,)}, DUE,
         {DUE: False, D(2026, 10, 10): True, D(2026, 10, 12): True, D(2026, 10, 16): True},
         closed_late=True),
]


def _judge(case: Case, *, closed: bool) -> Item:
    records = dict(case.records)
    category = str(records.pop("category", LI))
    return item(category, closed=closed, **records)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_overdue_while_open(case: Case) -> None:
    whole = _judge(case, closed=True)
    assert judged_due(whole) == case.judged
    rule = DEFAULT_PROFILE.categories[whole.category]
    for day, expected in case.overdue_on.items():
        past = as_of(whole, day)
        assert past is not None and past.is_open, day
        assert is_overdue(past, day, DEFAULT_PROFILE) is expected, day
        assert brief_of(past).is_overdue(day, rule) is expected, day
        stats = figures.stats([past], 2026, day, DEFAULT_PROFILE)[0]
        assert stats.open_overdue == expected, day


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_closed_on_time_or_late(case: Case) -> None:
    closed = _judge(case, closed=True)
    assert closed.status is Status.CLOSED
    assert is_overdue(closed, YEAR_END, DEFAULT_PROFILE) is False
    row = figures.stats([closed], 2026, YEAR_END, DEFAULT_PROFILE)[0]
    late = int(case.closed_late)
    assert (row.closed_on_time, row.closed_late) == (1 - late, late)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_closed_late_exactly_when_overdue_some_day_while_open(case: Case) -> None:
    closed = _judge(case, closed=True)
    days = (START + dt.timedelta(days=n) for n in range((CLOSED_ON - START).days))
    was_overdue = any(
        is_overdue(past, day, DEFAULT_PROFILE)
        for day in days
        if (past := as_of(closed, day)) is not None
    )
    assert was_overdue is case.closed_late


def test_which_report_answers() -> None:
    first, second = progress(D(2026, 10, 8)), result(D(2026, 10, 9))
    assert answering_report(item(LI, reports=(first, second)), DEFAULT_PROFILE.rule(LI)) is first
    assert answering_report(item(DOC, reports=(first, second)), DEFAULT_PROFILE.rule(DOC)) is second
    # Nothing answers an item of a category the profile does not know.
    assert answering_report(item(reports=(second,)), None) is None
    rejected = item(reports=(result(D(2026, 10, 8)),), reviews=(REJECTED,))
    assert answering_report(rejected, DEFAULT_PROFILE.rule(LI)) is None


@pytest.mark.parametrize(
    ("records", "status"),
    [
        ({}, Status.ASSIGNED),
        ({"reports": (progress(D(2026, 10, 8)),)}, Status.ASSIGNED),
        ({"reports": (result(D(2026, 10, 8)),)}, Status.REPORTED),
        ({"reports": (result(D(2026, 10, 8)),), "reviews": (REJECTED,)}, Status.RETURNED),
        ({"reports": (result(D(2026, 10, 8)), progress(D(2026, 10, 9))), "reviews": (REJECTED,)},
         Status.RETURNED),
        ({"reports": (result(D(2026, 10, 8)), result(D(2026, 10, 12))), "reviews": (REJECTED,)},
         Status.REPORTED),
        ({"reports": (result(D(2026, 10, 8)),), "closed": True}, Status.CLOSED),
    ],
)
def test_status_follows_the_records(records: dict[str, object], status: Status) -> None:
    assert item(**records).status is status  # type: ignore[arg-type]
    unassigned = item(**records)  # type: ignore[arg-type]
    if status is Status.ASSIGNED:
        unassigned.assigned_on = None
        assert status_of(unassigned) is Status.REGISTERED
    unassigned.archived_on = D(2026, 11, 1)
    assert status_of(unassigned) is Status.ARCHIVED
