"""A unit's open items and milestones as an iCalendar feed (RFC 5545), for the
calendars on the units' phones (``feed``).

Every event has a stable UID (the item id, and its milestone's number), so a
calendar that imports the file again updates its events instead of adding
copies; ``SEQUENCE`` counts the item's extensions, so a moved due date wins.
The file is made from the ledger and the clock alone: the same ledger on the
same day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from icalendar import Alarm, Calendar, Event

from duchatai.core.messages import CATEGORY_LABELS, label, t
from duchatai.core.model import Item
from duchatai.core.records import Milestone

PRODID = "-//duchatai//督查台//ZH"
UID_DOMAIN = "duchatai"


def unit_role(item: Item, unit: str) -> str | None:
    """``lead`` or ``co`` when ``unit`` has a part in the item, else None."""
    if item.lead_unit == unit:
        return "lead"
    return "co" if unit in item.co_units else None


def feed(items: Iterable[Item], unit: str, today: dt.date) -> bytes:
    """The calendar of ``unit``'s open items (lead or co-unit) and undone milestones."""
    return b"".join(feed_parts(items, unit, today))


def feed_parts(items: Iterable[Item], unit: str, today: dt.date) -> Iterator[bytes]:
    """``feed`` an event at a time: the calendar's opening and properties, each event,
    then its end. A unit that leads thousands of items gets as many events, and
    icalendar's objects for them took 290 MB at 50,000 items when built as one
    calendar; each is now made, written and dropped."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("feed_calendar_name", unit=unit))
    whole = calendar.to_ical()  # no event yet: the events go before its last line
    end = b"END:VCALENDAR\r\n"
    if not whole.endswith(end):
        raise ValueError(f"unexpected calendar ending: {whole[-40:]!r}")
    yield whole[: -len(end)]
    stamp = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    for item in sorted(items, key=lambda i: i.id):
        role = unit_role(item, unit)
        if role is None or not item.is_open:
            continue
        yield _due_event(item, role, stamp).to_ical()
        for number, milestone in enumerate(item.milestones, 1):
            if milestone.done is None:
                yield _milestone_event(item, number, milestone, stamp).to_ical()
    yield end


def _day_event(uid: str, day: dt.date, summary: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def _due_event(item: Item, role: str, stamp: dt.datetime) -> Event:
    event = _day_event(f"{item.id}-due", item.due, t("feed_due_summary", title=item.title), stamp)
    event.add("sequence", len(item.extensions))
    event.add("categories", [label(CATEGORY_LABELS, item.category)])
    event.add(
        "description",
        t(
            "feed_description",
            id=item.id,
            source=item.source or "—",
            category=label(CATEGORY_LABELS, item.category),
            lead=item.lead_unit or "—",
            co="、".join(item.co_units) or "—",
            role=t("feed_role_lead" if role == "lead" else "feed_role_co"),
            due=item.due,
        ),
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", t("feed_alarm", title=item.title))
    alarm.add("trigger", dt.timedelta(hours=-15))  # 9:00 the day before
    event.add_component(alarm)
    return event


def _milestone_event(
    item: Item, number: int, milestone: Milestone, stamp: dt.datetime
) -> Event:
    summary = t("feed_milestone_summary", milestone=milestone.title, title=item.title)
    event = _day_event(f"{item.id}-m{number}", milestone.due, summary, stamp)
    event.add("description", f"{item.id}: {item.title}")
    return event
