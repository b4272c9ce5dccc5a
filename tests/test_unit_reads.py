"""``assess``, ``escalation``, ``feed`` and ``packet`` read only what they show (issue 17).

At 50,000 items each read every item whole (190 to 212 MB). Now ``assess`` counts
from the tallies (``reports.assessment.tally_assess``, beside ``stats``),
``escalation`` takes the units from the cache's manifest, and a unit's calendar and
packet decode only the items that name the unit (``Ledger.naming``). What they
show must not change: the oracle is the same rule asked of every item.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import Run, counting_decodes, counting_reads

from duchatai.app.packet import packet_items
from duchatai.core.history import as_of, units_named
from duchatai.core.scoring import formula
from duchatai.reports.assessment import assess, tally_assess
from duchatai.reports.data import as_of_all
from duchatai.store import index
from duchatai.store.ledger import Ledger
from duchatai.ui.render_ics import feed

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
DAYS = (D(2026, 3, 20), D(2026, 9, 30), D(2026, 10, 9), D(2026, 11, 20), D(2027, 2, 1))


def _all_items(ledger: Ledger) -> list:
    items, problems = index.parse_all(ledger, None, lambda item: item)
    assert problems == []
    return items


def _units(items: list) -> list[str]:
    return sorted({unit for item in items for unit in units_named(item)})


# -- assess ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_assessment_from_tallies_is_the_items_assessment(demo: Path, day: dt.date) -> None:
    ledger = Ledger(demo)
    weights = formula(ledger.config.assessment)
    expected = assess(
        as_of_all(_all_items(ledger), day), [], day.year, day, ledger.calendar,
        ledger.profile, weights,
    )
    tallies = [tally for _, tally, _ in ledger.tallies(day)[0]]
    found = tally_assess(tallies, [], day.year, day, ledger.calendar, ledger.profile, weights)
    assert found == expected
    if day == D(2026, 11, 20):  # the days of lateness are counted from the tallies too
        late = [t.count for s in found for t in s.terms if t.name == "overdue_workday"]
        assert any(late), "the demo has overdue items on this day"


def test_assess_decodes_no_item(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run("assess", "--json", ledger=demo, today="2026-11-20")
    assert first.exit_code == 0, first.stderr
    parsed = counting_reads(monkeypatch)
    decoded = counting_decodes(monkeypatch)
    again = run("assess", "--json", ledger=demo, today="2026-11-20")
    assert again.stdout == first.stdout and json.loads(again.stdout)
    assert decoded == [] and parsed == []


def test_escalation_reads_no_item(run: Run, demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run("escalation", "--json", ledger=demo, today="2026-11-20")
    assert first.exit_code == 0, first.stderr
    parsed = counting_reads(monkeypatch)
    decoded = counting_decodes(monkeypatch)
    again = run("escalation", "--json", ledger=demo, today="2026-11-20")
    assert again.stdout == first.stdout
    assert decoded == [] and parsed == []


# -- a unit's own papers: feed and packet -----------------------------------------------------


def test_rolled_back_an_item_keeps_its_units() -> None:
    """What ``Ledger.naming`` rests on: on any day an item names the units it names now
    (or, not existing yet or withdrawn, none)."""
    items = _all_items(Ledger(DEMO))
    day = D(2026, 1, 1)
    while day <= D(2027, 1, 31):
        for item in items:
            past = as_of(item, day)
            assert past is None or units_named(past) == units_named(item)
        day += dt.timedelta(days=9)


def test_naming_decodes_exactly_the_items_that_name_the_unit(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger(demo)
    items = _all_items(ledger)
    ledger.load_all()  # a warm cache
    parsed = counting_reads(monkeypatch)
    decoded = counting_decodes(monkeypatch)
    for unit in _units(items):
        decoded.clear()
        found, problems = ledger.naming(unit)
        wanted = sorted(i.id for i in items if unit in units_named(i))
        assert problems == [] and parsed == []
        assert [i.id for i in found] == wanted == sorted(decoded)
        assert len(wanted) < len(items)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_units_calendar_and_packet_are_those_of_every_item(
    run: Run, demo: Path, tmp_path: Path, day: dt.date
) -> None:
    ledger = Ledger(demo)
    items = as_of_all(_all_items(ledger), day)
    units = _units(_all_items(ledger))
    shown = 0
    for unit in units:
        out = tmp_path / f"{unit}.ics"
        done = run("feed", "--unit", unit, "--output", str(out), ledger=demo,
                   today=day.isoformat())
        assert done.exit_code == 0, done.stderr
        assert out.read_bytes() == feed(items, unit, day)
        shown += out.read_bytes().count(b"BEGIN:VEVENT")
        past = as_of_all(ledger.naming(unit)[0], day)
        assert packet_items(past, unit) == packet_items(items, unit)
    assert shown or day == D(2026, 3, 20)


def test_a_copy_under_the_same_id_is_skipped_as_load_all_skips_it(demo: Path) -> None:
    source = next(demo.glob("items/*.yaml"))
    (demo / "archive" / "2026").mkdir(parents=True, exist_ok=True)
    shutil.copy(source, demo / "archive" / "2026" / source.name)
    ledger = Ledger(demo)
    items, whole = ledger.load_all()
    unit = next(i.lead_unit for i in items if i.id == source.stem)
    for _ in ("cold", "warm"):
        found, problems = ledger.naming(unit)
        assert [p.message for p in problems] == [p.message for p in whole] != []
        copies = [i.path for i in found if i.id == source.stem]
        assert copies == [demo / "items" / source.name]


def _without_unit_list(root: Path) -> None:
    """No ``units:`` list in the config: the units known are those the items name."""
    config = root / "duchatai.yaml"
    lines, skipping = [], False
    for line in config.read_text("utf-8").splitlines():
        if line.startswith("units:"):
            lines.append("units: []")
            skipping = True
        elif not (skipping and line.startswith("  - ")):
            skipping = False
            lines.append(line)
    config.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.mark.parametrize("listed", [True, False], ids=["unit list", "no unit list"])
def test_a_typo_is_refused_and_a_ledger_without_a_cache_says_the_same(
    run: Run, demo: Path, tmp_path: Path, listed: bool
) -> None:
    plain = tmp_path / "plain"  # outside git there is no cache: every file is parsed
    shutil.copytree(DEMO, plain, ignore=shutil.ignore_patterns(".duchatai", ".git"))
    if not listed:
        _without_unit_list(demo)
        _without_unit_list(plain)
    assert bool(Ledger(demo).config.units) is listed
    unit = _units(_all_items(Ledger(DEMO)))[0]
    for args in (("feed", "--unit", unit), ("escalation",), ("assess", "--json")):
        cached = run(*args, ledger=demo, today="2026-11-20")
        assert cached.exit_code == 0, cached.stderr
        assert run(*args, ledger=plain, today="2026-11-20").stdout == cached.stdout
    for root in (demo, plain):
        typo = run("feed", "--unit", unit[:-1], ledger=root, today="2026-11-20")
        assert typo.exit_code == 1 and unit in typo.stderr
        assert typo.stderr.count("\n") == 1


def _feed_whole(items: list, unit: str, day: dt.date) -> bytes:
    """The calendar as it was made before it was written an event at a time: one
    icalendar ``Calendar`` holding every event (the oracle)."""
    from icalendar import Calendar

    from duchatai.core.messages import t
    from duchatai.ui import render_ics

    calendar = Calendar()
    calendar.add("prodid", render_ics.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t("feed_calendar_name", unit=unit))
    stamp = dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
    for item in sorted(items, key=lambda i: i.id):
        role = render_ics.unit_role(item, unit)
        if role is None or not item.is_open:
            continue
        calendar.add_component(render_ics._due_event(item, role, stamp))
        for number, milestone in enumerate(item.milestones, 1):
            if milestone.done is None:
                calendar.add_component(render_ics._milestone_event(item, number, milestone, stamp))
    return calendar.to_ical()


def test_a_calendar_is_written_an_event_at_a_time() -> None:
    """``feed_parts`` gives the whole calendar's bytes, but no part holds more than one
    event: 290 MB at 50,000 items when icalendar held them all."""
    from duchatai.ui.render_ics import feed_parts

    day = D(2026, 11, 20)
    items = as_of_all(_all_items(Ledger(DEMO)), day)
    for unit in _units(items):
        parts = list(feed_parts(items, unit, day))
        assert b"".join(parts) == _feed_whole(items, unit, day)
        events = b"".join(parts).count(b"BEGIN:VEVENT")
        assert len(parts) == events + 2
        assert all(part.count(b"BEGIN:VEVENT") == 1 for part in parts[1:-1])
        assert parts[-1] == b"END:VCALENDAR\r\n"
