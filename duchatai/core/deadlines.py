"""Due dates from the category rules (第十六条), with their explanation.

Pure functions: the calendar and the start date are passed in; nothing here
reads the clock, the ledger or the terminal.

Counting (民法典 第二百零一条 - 第二百零三条):

* ``workdays``: the Nth working day after the start date.
* ``quarter-end``: N calendar days after the end of the start's quarter
  (《政府工作报告》 tasks report within 15 days after each quarter).
* ``months``: N calendar months after the start, a missing month end clamped
  (11-30 + 3 months = 02-28/29); wide or hard items (``complex``) get the
  longer period; never past the hard cap (最迟不得超过6个月).
* ``explicit``: the date in the supervision notice or the meeting's node.

A calendar period whose last day is not a working day ends on the next
working day (第二百零三条), except that a hard cap is never crossed.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from typing import TypeVar

from duchatai.core.citation import cite
from duchatai.core.dates import check_bounds
from duchatai.core.duedate import DueDate
from duchatai.core.errors import InvalidInput
from duchatai.core.history import by_lead, effective_date, effective_event
from duchatai.core.messages import t
from duchatai.core.model import Item, Report
from duchatai.core.profile import CategoryRule, Profile
from duchatai.core.workdays import WorkCalendar


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months after ``start``; a missing month end clamps (01-31 + 1 = 02-28).

    The same as python-dateutil's ``start + relativedelta(months=months)`` (a
    hypothesis property in ``tests/test_deadlines.py`` holds them equal), at a
    fraction of its cost on the path of every due date.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter that holds ``day``."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    return add_months(dt.date(day.year, last_month, 1), 1) - dt.timedelta(days=1)


def hard_cap(rule: CategoryRule, start: dt.date) -> dt.date | None:
    """The latest due date the rules allow, that day included (e.g. start + 6 months)."""
    if rule.cap_months:
        return add_months(start, rule.cap_months)
    return None


def due_date(
    rule: CategoryRule,
    start: dt.date,
    calendar: WorkCalendar,
    *,
    complex_item: bool = False,
    explicit: dt.date | None = None,
    explain: bool = True,
) -> DueDate:
    """The due date of an item of ``rule``'s category started on ``start``.

    ``explicit`` is the date given in the notice (``--due``); it wins over the
    computed period but may not precede the start or pass a hard cap.
    Raises ``InvalidInput`` when the category needs a date and none is given.
    ``explain=False`` leaves out the holidays and adjusted workdays crossed
    (the costly part) when only the date is wanted.
    """
    # Both ends within 1900–2200: the start as typed, and the date a period
    # reaches (a rule of 120 months from 2200 would leave the accepted years).
    check_bounds(start, what="start")
    cap = hard_cap(rule, start)
    if explicit is not None:
        check_bounds(explicit, what="due")
        if explicit < start:
            raise InvalidInput(t("due_before_start", due=explicit, start=start))
        if cap is not None and explicit > cap:
            raise InvalidInput(t("due_past_cap", due=explicit, cap=cap, category=rule.key))
        return _explained(
            rule, start, explicit, calendar, basis="explicit", cap=cap, explain=explain
        )
    if rule.rule == "explicit":
        raise InvalidInput(t("needs_due", category=rule.key, article=cite(rule.article)))
    if rule.rule == "workdays":
        due = calendar.after(start, rule.days)
        return _explained(
            rule, start, due, calendar, basis="workdays", count=rule.days, explain=explain
        )
    period_end, count = _period_end(rule, start, complex_item=complex_item)
    check_bounds(period_end, what="due")
    due = calendar.on_or_after(period_end)
    capped = False
    if cap is not None and due > cap:
        # 最迟不得超过6个月: the cap is a hard limit, the roll-forward yields to it;
        # a cap on a day off gives the last working day before it.
        due, capped = calendar.on_or_before(cap), True
    return _explained(
        rule,
        start,
        due,
        calendar,
        basis=rule.rule,
        count=count,
        period_end=period_end,
        rolled_forward=due != period_end and not capped,
        capped=capped,
        cap=cap,
        explain=explain,
    )


def _period_end(rule: CategoryRule, start: dt.date, *, complex_item: bool) -> tuple[dt.date, int]:
    """Where a ``quarter-end`` or ``months`` period ends, and the days or months counted."""
    if rule.rule == "quarter-end":
        return quarter_end(start) + dt.timedelta(days=rule.days), rule.days
    count = rule.complex_months if complex_item and rule.complex_months else rule.months
    return add_months(start, count), count


def _explained(
    rule: CategoryRule,
    start: dt.date,
    due: dt.date,
    calendar: WorkCalendar,
    *,
    basis: str,
    count: int = 0,
    period_end: dt.date | None = None,
    rolled_forward: bool = False,
    capped: bool = False,
    cap: dt.date | None = None,
    explain: bool = True,
) -> DueDate:
    return DueDate(
        category=rule.key,
        start=start,
        due=due,
        basis=basis,
        article=rule.article,
        count=count,
        period_end=period_end,
        rolled_forward=rolled_forward,
        capped=capped,
        cap=cap,
        holidays=tuple(calendar.days_off_in(start, due)) if explain else (),
        adjusted_workdays=tuple(calendar.adjusted_workdays_in(start, due)) if explain else (),
        guessed_years=tuple(calendar.guessed_in(range(start.year, due.year + 1))),
    )


def compute(
    profile: Profile,
    category: str,
    start: dt.date,
    calendar: WorkCalendar,
    *,
    complex_item: bool = False,
    explicit: dt.date | None = None,
    explain: bool = True,
) -> DueDate:
    """``due_date`` for a category named by key; unknown keys are refused with the choices."""
    return due_date(
        category_rule(profile, category),
        start,
        calendar,
        complex_item=complex_item,
        explicit=explicit,
        explain=explain,
    )


def category_rule(profile: Profile, category: str) -> CategoryRule:
    """The rule of ``category`` (its key or a name people say, ``names.resolve``), or
    ``InvalidInput`` naming the valid keys and their Chinese names; ``.key`` is the key."""
    from duchatai.core import names

    key = names.resolve("category", category, profile.categories)
    if key is None:
        choices = names.choices("category", profile.categories)
        raise InvalidInput(t("unknown_category", category=category, choices=choices))
    return profile.rule(key)


# -- which report answers a deadline, and the date an item is judged against ----------
#
# The one home of these rules: the brief (and so the cache), the morning report,
# due-soon, the traffic lights, the figures (``stats``) and the exports all ask
# the functions below. The progress-reply rule (which reports answer, 第十六条)
# lives in ``answer_kinds`` and ``answering_report`` alone: change it there (a
# brief keeps one answer date per set of kinds ``answer_kinds`` can name).

RESULT_ONLY = ("result",)
RESULT_OR_PROGRESS = ("result", "progress")


def answer_kinds(rule: CategoryRule | None) -> tuple[str, ...]:
    """The kinds of report that answer a deadline under ``rule`` (第十六条).

    A result report; for 办结或回复进展情况 rules (``progress_satisfies``:
    ``upper``, ``leader-instruction``) a progress report too. Nothing answers
    an item of an unknown category (no rule).
    """
    if rule is None:
        return ()
    return RESULT_OR_PROGRESS if rule.progress_satisfies else RESULT_ONLY


def first_report(item: Item, kinds: tuple[str, ...]) -> Report | None:
    """The lead unit's first report of ``kinds`` not judged by a rejecting review (it answers
    no new date); a co-unit's report answers nothing (``history.by_lead``)."""
    for report in item.reports[item.last_rejection_seen() :]:
        if report.kind in kinds and by_lead(item, report):
            return report
    return None


def answering_report(item: Item, rule: CategoryRule | None) -> Report | None:
    """The report that answers the deadline in force, if any."""
    return first_report(item, answer_kinds(rule))


def answered_on(
    item: Item, rule: CategoryRule | None, *, as_recorded: bool = False
) -> dt.date | None:
    """When the deadline was answered: the answering report's date, else the closing day.

    An open item has no closing day, so for it this is the report's date or
    None. ``as_recorded`` takes the dates the records were really made
    (``history.effective_date``): the figures' view, in which a record
    backdated with ``--today`` does not answer a deadline that had passed
    when it was written. Without it, the business dates the ledger shows.
    """
    return answered_by(item, answer_kinds(rule), as_recorded=as_recorded)


def answered_by(
    item: Item, kinds: tuple[str, ...], *, as_recorded: bool = False
) -> dt.date | None:
    """``answered_on`` with the kinds of report that answer (``answer_kinds``) given: the
    cached facts keep one answer for each set of kinds, never the office's profile."""
    report = first_report(item, kinds)
    if as_recorded:
        if report is not None:
            return effective_date(report)
        return effective_event(item, "close", item.closed_on)
    return item.closed_on if report is None else report.date


def judged_due(item: Item) -> dt.date:
    """The due date an item is judged against: the due date in force, late extensions aside.

    第十八条 asks for an extension before the due date. One applied for late
    (``extend --late``, or really made — ``effective_date`` — on or after the
    due date it extended, as a hand edit may leave it) does not move the date
    the item is judged against: it was overdue from its previous due date, and
    stays so in the morning report and in the figures alike. Extensions in
    time move it; so does a rejecting review's new due date (a new limit:
    extensions made before it, ``until`` the due it replaced, no longer hold).
    """
    back = next((r for r in reversed(item.reviews) if not r.accepted and r.new_due), None)
    for extension in item.extensions:
        if back and (extension.date, extension.until != back.previous_due) < (back.date, True):
            continue  # made before the return (on its day: extended to the due it replaced)
        if extension.late or not effective_date(extension) < extension.previous_due:
            return extension.previous_due
    return item.due


_Day = TypeVar("_Day", int, dt.date)


def past_due_unanswered(today: _Day, due: _Day, answered: _Day | None) -> bool:
    """The contract's overdue rule for an open item, on dates or on date ordinals.

    Overdue on ``today`` when it is after the due date and nothing answered
    the deadline on or before that date. Not overdue on the due date itself.
    """
    return today > due and (answered is None or answered > due)


def is_overdue(item: Item, today: dt.date, profile: Profile, *, as_recorded: bool = False) -> bool:
    """Open, past the date it is judged against, and not answered by it (see ``answered_on``)."""
    kinds = answer_kinds(profile.categories.get(item.category))
    return overdue_under(item, today, kinds, as_recorded=as_recorded)


def overdue_under(
    item: Item, today: dt.date, kinds: tuple[str, ...], *, as_recorded: bool = False
) -> bool:
    """``is_overdue`` with the kinds of report that answer given (``answer_kinds``)."""
    if not item.is_open:
        return False
    answered = answered_by(item, kinds, as_recorded=as_recorded)
    return past_due_unanswered(today, judged_due(item), answered)


def answered_in_time(item: Item, profile: Profile, *, as_recorded: bool = False) -> bool:
    """Answered by the date it is judged against: "closed on time", unless overdue while open."""
    kinds = answer_kinds(profile.categories.get(item.category))
    return answered_in_time_under(item, kinds, as_recorded=as_recorded)


def answered_in_time_under(
    item: Item, kinds: tuple[str, ...], *, as_recorded: bool = False
) -> bool:
    """``answered_in_time`` with the kinds of report that answer given (``answer_kinds``)."""
    answered = answered_by(item, kinds, as_recorded=as_recorded)
    return answered is not None and answered <= judged_due(item)


ANSWER_VARIANTS = (RESULT_ONLY, RESULT_OR_PROGRESS, ())
"""Every set of kinds ``answer_kinds`` can name: the cached facts keep a value for each."""
