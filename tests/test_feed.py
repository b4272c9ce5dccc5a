"""Issue 19, point 2: a unit's open items and milestones as an iCalendar feed (RFC 5545),
with stable UIDs so that a calendar importing it again updates rather than duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ItemFactory, Run
from icalendar import Calendar

from duchatai.core.model import Extension
from duchatai.core.records import Milestone
from duchatai.ui.render_ics import feed

D = dt.date
TODAY = D(2026, 11, 20)


def _events(data: bytes) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(data)
    return {
        str(e["UID"]): {
            "start": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "summary": str(e["SUMMARY"]),
            "sequence": int(e.get("SEQUENCE", 0)),
            "description": str(e.get("DESCRIPTION", "")),
        }
        for e in calendar.walk("VEVENT")
    }


def test_feed_has_the_units_open_items_and_undone_milestones(make_item: ItemFactory) -> None:
    led = make_item("key-project", start=D(2026, 11, 2), due=D(2026, 12, 31), title="重点工程")
    led.milestones = [
        Milestone("招标", D(2026, 12, 1)),
        Milestone("设计", D(2026, 11, 9), D(2026, 11, 9)),
    ]
    helped = make_item(item_id="DC-2026-0002", lead="市财政局", start=D(2026, 11, 16), title="协办")
    helped.co_units = ["市水务局"]
    closed = make_item(item_id="DC-2026-0003", start=D(2026, 11, 2), closed=D(2026, 11, 4))
    other = make_item(item_id="DC-2026-0004", lead="市财政局", start=D(2026, 11, 2))
    events = _events(feed([led, helped, closed, other], "市水务局", TODAY))
    assert set(events) == {
        "DC-2026-0001-due@duchatai",
        "DC-2026-0001-m1@duchatai",
        "DC-2026-0002-due@duchatai",
    }
    due = events["DC-2026-0001-due@duchatai"]
    assert due["start"] == D(2026, 12, 31) and due["end"] == D(2027, 1, 1)
    assert due["summary"] == "【督查】重点工程（办理时限）"
    assert "本单位：牵头单位" in str(due["description"])
    assert "本单位：协办单位" in str(events["DC-2026-0002-due@duchatai"]["description"])
    assert events["DC-2026-0001-m1@duchatai"]["start"] == D(2026, 12, 1)
    calendar = Calendar.from_ical(feed([led], "市水务局", TODAY))
    assert str(calendar["X-WR-CALNAME"]) == "市水务局 督查事项"
    (alarm,) = calendar.walk("VALARM")
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=-15)


def test_same_ledger_same_bytes_and_an_extension_updates_the_event(
    make_item: ItemFactory,
) -> None:
    item = make_item("key-project", start=D(2026, 11, 2), due=D(2026, 12, 31))
    first = feed([item], "市水务局", TODAY)
    assert first == feed([item], "市水务局", TODAY)
    item.extensions.append(
        Extension(D(2026, 12, 20), D(2026, 12, 31), D(2027, 1, 29), "受天气影响")
    )
    item.due = D(2027, 1, 29)
    moved = _events(feed([item], "市水务局", TODAY))["DC-2026-0001-due@duchatai"]
    assert moved["start"] == D(2027, 1, 29) and moved["sequence"] == 1
    assert _events(first)["DC-2026-0001-due@duchatai"]["sequence"] == 0


def test_cli_feed_writes_a_file_that_parses_back(run: Run, ledger: Path, tmp_path: Path) -> None:
    ok = run("register", "关于河道治理的批示", "--category", "leader-instruction",
             "--lead", "市水务局", "--co", "市财政局", ledger=ledger, today="2026-11-18")
    assert ok.exit_code == 0, ok
    out = tmp_path / "市财政局.ics"
    done = run("feed", "--unit", "市财政局", "--output", str(out), ledger=ledger)
    assert done.exit_code == 0, done
    assert "1个日程" in done.stderr
    assert set(_events(out.read_bytes())) == {"DC-2026-0001-due@duchatai"}
    shown = run("feed", "--unit", "市财政局", ledger=ledger, lang="en")
    assert shown.stdout.startswith("BEGIN:VCALENDAR") and "[Supervision]" in shown.stdout
    unknown = run("feed", "--unit", "市财政厅", ledger=ledger)
    assert unknown.exit_code == 1 and "市财政局" in unknown.stderr  # the nearest name
