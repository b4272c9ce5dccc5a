"""A unit's digest (催办提醒) as the plain text of a letter: subject and body.

The text is what the unit reads in its mail and what ``remind`` shows before
sending; its facts come from ``reports.digest``.
"""

from __future__ import annotations

import datetime as dt

from duchatai.core.messages import is_zh, t
from duchatai.reports.digest import UnitDigest
from duchatai.reports.milestones import LateMilestone, MilestoneDue

_ZH_NUMBERS = "一二三四五六七八九十"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if is_zh() else day.isoformat()


def _section_number(n: int) -> str:
    return _ZH_NUMBERS[n - 1] if is_zh() and n <= len(_ZH_NUMBERS) else str(n)


def subject(digest: UnitDigest) -> str:
    """The mail's subject: the unit and its counts."""
    counts = [
        ("digest_summary_overdue", len(digest.overdue)),
        ("digest_summary_due", len(digest.due_soon)),
        ("digest_summary_milestones", len(digest.late_milestones) + len(digest.milestones_due)),
        ("digest_summary_weekly", len(digest.missing_weekly)),
    ]
    joiner = "，" if is_zh() else ", "
    summary = joiner.join(t(key, n=n) for key, n in counts if n)
    return t("digest_subject", unit=digest.unit, summary=summary, date=_day(digest.today))


def body(digest: UnitDigest, office: str) -> str:
    """The letter: greeting, one numbered section per kind of duty, closing and signature."""
    lines = [t("digest_greeting", unit=digest.unit), "", t("digest_intro", date=_day(digest.today))]
    sections = [
        ("digest_overdue", _overdue_lines(digest)),
        ("digest_due", _due_lines(digest)),
        ("digest_milestones", _milestone_lines(digest)),
        ("digest_weekly", _weekly_lines(digest)),
    ]
    number = 0
    for key, entries in sections:
        if not entries:
            continue
        number += 1
        lines += ["", t(key, n=_section_number(number), count=len(entries)), *entries]
    lines += ["", t("digest_closing", office=office), "", office, _day(digest.today)]
    return "\n".join(lines) + "\n"


def _overdue_lines(digest: UnitDigest) -> list[str]:
    return [
        t(
            "digest_overdue_line",
            i=i,
            id=row.item.id,
            title=row.item.title,
            due=_day(row.due),
            workdays=row.workdays_overdue,
        )
        for i, row in enumerate(digest.overdue, 1)
    ]


def _due_lines(digest: UnitDigest) -> list[str]:
    return [
        t(
            "digest_due_line",
            i=i,
            id=row.item.id,
            title=row.item.title,
            due=_day(row.item.due),
            workdays=row.workdays_left,
        )
        for i, row in enumerate(digest.due_soon, 1)
    ]


def _milestone_lines(digest: UnitDigest) -> list[str]:
    entries: list[tuple[str, LateMilestone | MilestoneDue, dict[str, int]]] = [
        ("digest_milestone_late", m, {"workdays": m.workdays_late}) for m in digest.late_milestones
    ]
    entries += [("digest_milestone_due", m, {}) for m in digest.milestones_due]
    return [
        t(key, i=i, id=m.item.id, title=m.item.title, milestone=m.title, due=_day(m.due), **more)
        for i, (key, m, more) in enumerate(entries, 1)
    ]


def _week(monday: dt.date | None) -> str:
    """Last week as the unit knows it: 2026年第46周（11月9日—11月15日）."""
    if monday is None:
        return ""
    iso = monday.isocalendar()
    sunday = monday + dt.timedelta(days=6)
    if not is_zh():
        return f"{iso.year}-W{iso.week:02d} ({monday.isoformat()} to {sunday.isoformat()})"
    span = f"{monday.month}月{monday.day}日—{sunday.month}月{sunday.day}日"
    return f"{iso.year}年第{iso.week}周（{span}）"


def _weekly_lines(digest: UnitDigest) -> list[str]:
    week = _week(digest.missing_week)
    return [
        t("digest_weekly_line", i=i, id=b.id, title=b.title, week=week)
        for i, b in enumerate(digest.missing_weekly, 1)
    ]
