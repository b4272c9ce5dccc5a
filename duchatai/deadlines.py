"""Due dates from the category rules (第十六条): the design card's name for them.

The rules live in ``duchatai.core.deadlines``; this module re-exports its public
names so that ``from duchatai.deadlines import compute`` keeps working.
"""

from __future__ import annotations

from duchatai.core.deadlines import (
    DueDate,
    add_months,
    answer_kinds,
    answered_in_time,
    answered_on,
    answering_report,
    category_rule,
    compute,
    due_date,
    hard_cap,
    is_overdue,
    judged_due,
    quarter_end,
)

__all__ = [
    "DueDate",
    "add_months",
    "answer_kinds",
    "answered_in_time",
    "answered_on",
    "answering_report",
    "category_rule",
    "compute",
    "due_date",
    "hard_cap",
    "is_overdue",
    "judged_due",
    "quarter_end",
]
