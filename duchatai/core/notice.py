"""The State Council's yearly holiday notice, read as text (``calendar import``).

国务院办公厅关于YYYY年部分节假日安排的通知 is published each autumn; its
numbered lines give each holiday as a range of days off and the adjusted
weekend workdays (调休) as a list::

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

Older notices say 星期 for 周, "放假公休", "与周末连休", "不调休", and name a
Monday off with 补休. Full-width and half-width punctuation are both read.
Nothing is guessed: every numbered line must be read whole, every weekday
given must be the date's, every "共N天" must count the days, an adjusted
workday must be a weekend day; any other line that names a day is refused.
``NoticeUnreadable`` names the line.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, NamedTuple

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t


class NoticeUnreadable(InvalidInput):
    """A line of the notice that cannot be read whole (its number and text in the message)."""


class Holiday(NamedTuple):
    """One run of days off, ``first``..``last`` inclusive, under the notice's name."""

    name: str
    first: dt.date
    last: dt.date


class Notice(NamedTuple):
    """What a notice says: its year, its days off and its adjusted workdays."""

    year: int
    holidays: tuple[Holiday, ...]
    workdays: tuple[dt.date, ...]


_TITLE = re.compile(r"关于(\d{4})年(?:部分)?节假日安排的通知")
_ITEM = re.compile(r"^[一二三四五六七八九十]+、(.+?):(.+)$")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?"
_DATE_RE = re.compile(_DATE)
_RANGE = re.compile(rf"^{_DATE}(?:(?:至|—|–|-|~|－)+{_DATE})?放假(?:调休|公休)?(?:(\d+)天)?$")
_SPAN = re.compile(r"^共(\d+)天$")
_LIEU = re.compile(rf"^{_DATE}补休$")
_WORK = re.compile(rf"^{_DATE}(?:(?:、|,|和){_DATE})*上班$")
_SIGNED = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_WEEKDAYS = "一二三四五六日"
_QUIET = ("不调休", "与周末连休")


def parse_notice(text: str) -> Notice:
    """Read a notice's text; ``NoticeUnreadable`` names the first line not read whole."""
    lines = [_normal(line) for line in text.splitlines()]
    year = next((int(m.group(1)) for line in lines if (m := _TITLE.search(line))), None)
    if year is None:
        raise NoticeUnreadable(t("notice_no_year"))
    holidays: list[Holiday] = []
    workdays: list[dt.date] = []
    for number, line in enumerate(lines, start=1):
        item = _ITEM.match(line)
        if item is None:
            if _DATE_RE.search(line) and not _SIGNED.match(line) and not _TITLE.search(line):
                raise _unreadable(number, text)
            continue
        try:
            found, worked = _read_item(year, item.group(1).strip(), item.group(2))
        except ValueError:
            raise _unreadable(number, text) from None
        holidays.extend(found)
        workdays.extend(worked)
    if not holidays:
        raise NoticeUnreadable(t("notice_no_holidays", year=year))
    off = {d for h in holidays for d in _days(h.first, h.last)}
    both = sorted(off & set(workdays))
    if both:
        raise NoticeUnreadable(t("notice_day_both", date=both[0]))
    return Notice(year, tuple(holidays), tuple(sorted(set(workdays))))


def _normal(line: str) -> str:
    """Half-width punctuation and digits, no spaces, 。 as '.'."""
    text = unicodedata.normalize("NFKC", line).replace("。", ".").replace("．", ".")
    return "".join(text.split())


def _unreadable(number: int, text: str) -> NoticeUnreadable:
    shown = text.splitlines()[number - 1].strip()
    if len(shown) > 60:
        shown = shown[:60] + "…"
    return NoticeUnreadable(t("notice_unreadable", line=number, text=shown))


class _Dates:
    """Dates of one line: a missing year or month is the previous date's."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.month: int | None = None

    def take(self, groups: tuple[Any, ...]) -> dt.date:
        year_text, month_text, day_text, note = groups
        if year_text:
            self.year = int(year_text)
        if month_text:
            self.month = int(month_text)
        if self.month is None:
            raise ValueError("a day without its month")
        day = dt.date(self.year, self.month, int(day_text))  # ValueError when there is none
        _check_weekday(day, note)
        return day


def _check_weekday(day: dt.date, note: str | None) -> None:
    """A weekday given in brackets (周一, 星期日) must be the date's."""
    for part in re.split(r"[、,]", note or ""):
        match = re.fullmatch(r"(?:周|星期)([一二三四五六日天])", part)
        if match and _WEEKDAYS[day.weekday()] != match.group(1).replace("天", "日"):
            raise ValueError("the weekday is not the date's")


def _read_item(year: int, name: str, body: str) -> tuple[list[Holiday], list[dt.date]]:
    """One numbered line: its sentences of days off and of workdays, each read whole."""
    dates = _Dates(year)
    holidays: list[Holiday] = []
    workdays: list[dt.date] = []
    sentences = [s for s in body.split(".") if s]
    if not sentences:
        raise ValueError("a line without days")
    for sentence in sentences:
        worked = _WORK.match(sentence)
        if worked:
            listed = [dates.take(m.groups()) for m in _DATE_RE.finditer(sentence[:-2])]
            if any(day.weekday() < 5 for day in listed):
                raise ValueError("an adjusted workday is a weekend day")
            workdays.extend(listed)
            continue
        holidays.extend(_read_days_off(name, sentence, dates))
    return holidays, workdays


def _read_days_off(name: str, sentence: str, dates: _Dates) -> list[Holiday]:
    """A day or days off ("A至B放假调休,共N天") with its clauses (不调休, 与周末连休, X补休)."""
    clauses = _clauses(sentence)
    head = _RANGE.match(clauses[0])
    if head is None:
        raise ValueError("not a range of days off")
    groups = head.groups()
    first = dates.take(groups[0:4])
    last = dates.take(groups[4:8]) if groups[6] else first
    if last < first:
        raise ValueError("the range ends before it starts")
    runs = [Holiday(name, first, last)]
    counts = [int(groups[8])] if groups[8] else []
    for clause in clauses[1:]:
        span = _SPAN.match(clause)
        lieu = _LIEU.match(clause)
        if span:
            counts.append(int(span.group(1)))
        elif lieu:
            day = dates.take(lieu.groups())
            runs.append(Holiday(name, day, day))
        elif clause not in _QUIET:
            raise ValueError("an unknown clause")
    total = sum((h.last - h.first).days + 1 for h in runs)
    if any(count != total for count in counts):
        raise ValueError("共N天 does not count the days")
    return runs


def _clauses(sentence: str) -> list[str]:
    """The sentence split at commas outside brackets."""
    parts, depth, current = [], 0, ""
    for ch in sentence:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def calendar_sections(notice: Notice) -> dict[int, dict[str, Any]]:
    """The notice as ``calendar:`` sections of ``duchatai.yaml``, by year.

    The notice's own year is ``complete: true``; a day of the year before (元旦
    from 12-30, a 12-31 workday) goes to that year's section, not complete.
    """
    sections: dict[int, dict[str, Any]] = {}
    for holiday in notice.holidays:
        for year in range(holiday.first.year, holiday.last.year + 1):
            first = max(holiday.first, dt.date(year, 1, 1))
            last = min(holiday.last, dt.date(year, 12, 31))
            key = first.isoformat() if first == last else f"{first}..{last}"
            section = sections.setdefault(year, {})
            section.setdefault("holidays", []).append({key: holiday.name})
    for day in notice.workdays:
        sections.setdefault(day.year, {}).setdefault("workdays", []).append(day)
    own = sections.setdefault(notice.year, {})
    sections[notice.year] = {
        "complete": True,
        "holidays": own.get("holidays", []),
        "workdays": own.get("workdays", []),
    }
    return sections
