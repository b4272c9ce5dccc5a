"""Recurring items: a 《政府工作报告》 task (``work-report``, 第十六条(二): reported within
15 days after each quarter) is registered once for the year (``register --quarterly``),
and each quarter's report is a due date of its own.

The duties are the item's milestones marked ``duty: quarterly``, one per quarter
from the quarter it was registered in to the year's last, each due as the
category's rule makes it for that quarter. So each is late on its own in the
morning report, due soon in ``due``, shown in ``show``, the spreadsheet and a
unit's calendar, like any milestone; the item's own due date is the last
quarter's. A report of the lead unit (progress or result) does the earliest duty
still open whose window has opened (dated after the previous duty's due date): a
late report does its own quarter's duty, late, and the next quarter still needs
its own report. Pure: the calendar is passed in.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.deadlines import add_months, due_date
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput
from duchatai.core.history import by_lead
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.core.profile import CategoryRule, Profile
from duchatai.core.records import Milestone, Report
from duchatai.core.workdays import WorkCalendar

QUARTERLY = "quarterly"
ANSWERING_KINDS = ("progress", "result")


def quarter_starts(start: dt.date) -> list[dt.date]:
    """Where each quarter begins, from ``start`` (its own quarter: ``start`` itself) to the
    year's last."""
    first = dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    starts = [start]
    day = add_months(first, 3)
    while day.year == start.year:
        starts.append(day)
        day = add_months(day, 3)
    return starts


def quarterly_duties(rule: CategoryRule, start: dt.date, calendar: WorkCalendar) -> list[Milestone]:
    """The report due after each quarter, from ``start``'s to the year's last."""
    return [
        Milestone(
            title=t("duty_quarter", n=t(f"quarter_{(day.month - 1) // 3 + 1}"), year=day.year),
            due=due_date(rule, day, calendar, explain=False).due,
            duty=QUARTERLY,
        )
        for day in quarter_starts(start)
    ]


def recurring_due(
    rule: CategoryRule,
    start: dt.date,
    due: dt.date | None,
    profile: Profile,
    calendar: WorkCalendar,
) -> tuple[DueDate, list[Milestone]]:
    """A recurring item's due date (the year's last quarter's, explained) and its quarterly
    duties; refused for a category not reported by quarter, or with a typed due date."""
    if rule.rule != "quarter-end":
        quarter_rules = profile.categories.values()
        article = next((r.article for r in quarter_rules if r.rule == "quarter-end"), "")
        raise InvalidInput(t("quarterly_needs_quarter_rule", article=article, category=rule.key))
    if due is not None:
        raise InvalidInput(t("quarterly_with_due"))
    last = quarter_starts(start)[-1]
    return due_date(rule, last, calendar), quarterly_duties(rule, start, calendar)


def answer_duty(item: Item, report: Report) -> Milestone | None:
    """Mark done the quarterly duty ``report`` answers, if any; the duty marked."""
    if item.recurring != QUARTERLY or report.kind not in ANSWERING_KINDS:
        return None
    if not by_lead(item, report):
        return None
    opened_after = item.start - dt.timedelta(days=1)
    for duty in (m for m in item.milestones if m.duty == QUARTERLY):
        if duty.done is None and report.date > opened_after:
            duty.done, duty.recorded_on = report.date, report.recorded_on
            return duty
        opened_after = duty.due
    return None
