"""``stats`` and ``weekly`` from the items' tallies (issue 17).

The year's figures and the weekly report are counted from each item's ``Tally``
(``assessment.tally_of``), kept in the cache's manifest; only the items a report
lists are read whole. They must say exactly what the whole items say: the oracle
here is the code that counted them from whole items before (``_items_stats``,
``_items_report``, kept verbatim but for the names), asked of random histories on
random days, and of the demo ledger through the cache.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, build_item, counting_decodes, counting_reads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duchatai.core.assessment import closed_on_time, overdue_some_day, tally_of
from duchatai.core.brief import Brief, brief_of
from duchatai.core.deadlines import is_overdue
from duchatai.core.followup import reopened_in
from duchatai.core.history import as_of, status_of
from duchatai.core.model import Extension, Item, Recheck, Report, Review, Urge
from duchatai.core.profile import DEFAULT_PROFILE, Profile
from duchatai.core.tally import TALLY_CHECKS, Tally, decode_tally
from duchatai.core.weeklyduty import missed_weeks, missing_weekly_report
from duchatai.core.workdays import WorkCalendar
from duchatai.reports import bulletin
from duchatai.reports.data import OverdueRow, overdue
from duchatai.reports.figures import UnitStats, commendation_candidates, stats, tally_stats
from duchatai.reports.milestones import late_milestones
from duchatai.reports.weekly import period_report, source_of
from duchatai.store import index
from duchatai.store.ledger import Ledger

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
CAL = WorkCalendar()
UNITS = ("市水务局", "市教育局", "市财政局")
CO = "市住建局"


# -- the oracle: the figures and the weekly report as counted from whole items before ----


def _in_year(item: Item, year: int, today: dt.date, profile: Profile) -> bool:
    if item.due.year == year:
        return True
    if item.closed_on is not None and item.closed_on.year == year:
        return True
    return overdue_some_day(item, D(year, 1, 1), min(today, D(year, 12, 31)), profile)


def _items_stats(items: Iterable[Item], year: int, today: dt.date, profile: Profile) -> Any:
    table: dict[str, UnitStats] = {}
    for item in items:
        if not _in_year(item, year, today, profile):
            continue
        unit = item.lead_unit or "—"
        row = table.setdefault(unit, UnitStats(unit))
        row.items += 1
        rule = profile.categories.get(item.category)
        missed = sum(1 for m in missed_weeks(item, rule, today) if m.year == year)
        if missed:
            row.weeks_missed += missed
            row.missed_by_item[item.id] = missed
        if reopened_in(item, year):
            row.reopened_ids.append(item.id)
        if item.is_open:
            row.open += 1
            if is_overdue(item, today, profile, as_recorded=True):
                row.open_overdue += 1
                row.overdue_ids.append(item.id)
            continue
        if closed_on_time(item, profile):
            row.closed_on_time += 1
            row.on_time_ids.append(item.id)
        else:
            row.closed_late += 1
            row.late_ids.append(item.id)
    return sorted(
        table.values(),
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.items, r.unit),
    )


def _items_report(
    items: Iterable[Item], period: tuple[dt.date, dt.date], today: dt.date, profile: Profile
) -> dict[str, object]:
    first, last = period
    day = min(last, today)
    past = [p for p in (as_of(i, day) for i in items) if p is not None]
    monday = first - dt.timedelta(days=first.weekday())
    new, closed, missing, extensions, urges = [], [], [], [], []
    for item in past:
        if first <= item.start <= last:
            new.append(item.id)
        if item.closed_on and first <= item.closed_on <= last:
            closed.append(item.id)
        if missing_weekly_report(item, profile.categories.get(item.category), monday, day):
            missing.append(item.id)
        extensions += [(item.id, e) for e in item.extensions if first <= e.date <= last]
        urges += [(item.id, u) for u in item.urges if first <= u.date <= last]
    briefs = [brief_of(i) for i in past if i.is_open]
    rows: list[OverdueRow] = overdue(briefs, day, CAL, profile)
    units = _items_stats(past, day.year, day, profile)
    return {
        "new": sorted(new),
        "closed": sorted(closed),
        "missing": sorted(missing),
        "extensions": extensions,
        "urges": urges,
        "overdue": [r.item.id for r in rows],
        "milestones": [m.to_report_json() for m in late_milestones(briefs, day, CAL)],
        "units": [u.to_json() for u in units],
        "commend": commendation_candidates(units, profile.commend_min_items),
    }


def _report(items: list[Item], period: tuple[dt.date, dt.date], today: dt.date) -> object:
    report = period_report(items, period, today, CAL, DEFAULT_PROFILE, label="W")
    return {
        "new": [i.id for i in report.new],
        "closed": [i.id for i in report.closed],
        "missing": [i.id for i in report.missing_weekly],
        "extensions": [(i.id, e) for i, e in report.extensions],
        "urges": [(i.id, u) for i, u in report.urges],
        "overdue": [r.item.id for r in report.overdue],
        "milestones": [m.to_report_json() for m in report.milestones],
        "units": [u.to_json() for u in report.units],
        "commend": report.commend,
    }


def _rows(rows: list[UnitStats]) -> list[object]:
    """Everything a row says, the items behind each figure included."""
    return [
        (r.to_json(), sorted(r.on_time_ids), sorted(r.late_ids), sorted(r.overdue_ids),
         sorted(r.reopened_ids), sorted(r.missed_by_item.items()))
        for r in rows
    ]


# -- random histories ---------------------------------------------------------------------

_BASE = D(2025, 10, 1)
CATEGORIES = ("leader-instruction", "upper", "document", "key-project", "no-such-category")
"""Rules where a progress reply answers, where only a result does, and no rule at all."""


def _later(draw: st.DrawFn, day: dt.date, most: int) -> dt.date:
    return day + dt.timedelta(days=draw(st.integers(0, most)))


def _recorded(draw: st.DrawFn, day: dt.date) -> dt.date | None:
    """Sometimes a record written days after its business date (``--today`` backdating)."""
    return _later(draw, day, 20) if draw(st.integers(0, 4)) == 0 else None


@st.composite
def histories(draw: st.DrawFn, number: int = 1) -> Item:
    """An item's history: progress, weekly and result reports (some by a co-unit, some
    backdated), urges, an extension in time or late, a rejection, a close, a reopening."""
    category = draw(st.sampled_from(CATEGORIES))
    start = _later(draw, _BASE, 420)
    due = _later(draw, start, 60)
    extensions: list[Extension] = []
    if draw(st.booleans()):
        day = _later(draw, start, 90)
        until = max(due, day) + dt.timedelta(days=draw(st.integers(1, 60)))
        extensions.append(Extension(day, due, until, "理由", late=day >= due,
                                    recorded_on=_recorded(draw, day)))
    current = extensions[0].until if extensions else due
    last = max([start, *(e.date for e in extensions)])
    reports: list[Report] = []
    for _ in range(draw(st.integers(0, 5))):
        day = _later(draw, last, 25)
        kind = draw(st.sampled_from(("progress", "weekly", "weekly", "result")))
        unit = CO if draw(st.integers(0, 5)) == 0 else ""
        reports.append(Report(day, kind, "进展", recorded_on=_recorded(draw, day), unit=unit))
        last = day
    reviews: list[Review] = []
    if reports and draw(st.booleans()):
        day = _later(draw, last, 20)
        new_due = _later(draw, day, 60)
        reviews.append(Review(day, False, "退回", reports_seen=len(reports),
                              previous_due=current, new_due=new_due))
        last = day
        if draw(st.booleans()):
            reports.append(Report(_later(draw, last, 60), "result", "结果"))
            last = reports[-1].date
    urges = [Urge(_later(draw, start, 120)) for _ in range(draw(st.integers(0, 2)))]
    closed = None
    if reports and reports[-1].date >= last and draw(st.integers(0, 3)):
        closed = _later(draw, last, 30)
    item = build_item(
        category, start=start, due=due, extensions=extensions, reports=reports,
        reviews=reviews, urges=urges, closed=closed, lead=draw(st.sampled_from(UNITS)),
        item_id=f"DC-2026-{number:04d}",
    )
    item.co_units = [CO]
    item.weekly = draw(st.integers(0, 3)) == 0
    if closed is not None and draw(st.integers(0, 3)) == 0:  # 复核 reopened it
        on, again = _later(draw, closed, 40), _later(draw, closed, 80)
        item.rechecks.append(Recheck(on, "仍有问题", False, closed, "", again))
        item.reviews.append(Review(on, False, "仍有问题", reports_seen=len(item.reports),
                                   previous_due=item.due, new_due=again))
        item.due, item.closed_on = again, None
        item.status = status_of(item)
    return item


@st.composite
def ledgers(draw: st.DrawFn) -> list[Item]:
    return [draw(histories(n)) for n in range(1, draw(st.integers(1, 6)) + 1)]


DAYS = st.builds(lambda n: _BASE + dt.timedelta(days=n), st.integers(0, 640))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), DAYS)
def test_the_figures_from_tallies_are_the_items_figures(items: list[Item], day: dt.date) -> None:
    """``stats`` of a year (this one, as of the day; the last, as of its last day) from the
    tallies of the items as they stood is what the whole items said."""
    for year, taken in ((day.year, day), (day.year - 1, D(day.year - 1, 12, 31))):
        past = [p for p in (as_of(i, taken) for i in items) if p is not None]
        expected = _rows(_items_stats(past, year, taken, DEFAULT_PROFILE))
        tallies = [tally_of(p) for p in past]
        assert _rows(tally_stats(tallies, year, taken, DEFAULT_PROFILE)) == expected
        assert _rows(stats(past, year, taken, DEFAULT_PROFILE)) == expected
        # What the cache keeps (a JSON array, checked) makes the same figures.
        kept = [decode_tally(json.loads(json.dumps(list(t)))) for t in tallies]
        assert kept == tallies


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), DAYS, st.integers(0, 6), st.sampled_from((0, 6, 30)))
def test_the_weekly_report_from_tallies_is_the_items_report(
    items: list[Item], day: dt.date, back: int, length: int
) -> None:
    """A week (or a month's span, the bulletin's), as of its last day or an earlier today:
    the same lists and figures as counted from every whole item."""
    first = day - dt.timedelta(days=day.weekday() + 7 * back)
    period = (first, first + dt.timedelta(days=length))
    assert _report(items, period, day) == _items_report(items, period, day, DEFAULT_PROFILE)


def _bulletin(facts: Any) -> dict[str, object]:
    """What a bulletin says, in ``_items_report``'s terms."""
    return {
        "new": facts.new,
        "closed": [c.id for c in facts.closed],
        "overdue": [r.item.id for r in facts.overdue],
        "units": [u.to_json() for u in facts.units],
        "commend": facts.commend,
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), DAYS, st.integers(0, 6), st.sampled_from((6, 30, 364)))
def test_the_bulletins_facts_from_tallies_are_the_items_report(
    items: list[Item], day: dt.date, back: int, length: int
) -> None:
    """A bulletin's week, month or year (``bulletin.facts``): the count of the items new in
    it, those closed in it, the overdue and the figures, as counted from every whole item."""
    first = day - dt.timedelta(days=day.weekday() + 7 * back)
    period = (first, first + dt.timedelta(days=length))
    expected = _items_report(items, period, day, DEFAULT_PROFILE)
    new = expected["new"]
    assert isinstance(new, list)
    found = _bulletin(bulletin.facts(source_of(items, min(period[1], day)), period, day, CAL,
                                     DEFAULT_PROFILE))
    assert found == {**{k: expected[k] for k in found}, "new": len(new)}


# -- through the cache ----------------------------------------------------------------------

CACHE_DAYS = [D(2026, 3, 2), D(2026, 9, 30), D(2026, 10, 9), D(2026, 11, 20), D(2027, 2, 1)]


def _direct(ledger: Ledger, day: dt.date) -> list[Tally]:
    items, problems = index.parse_all(ledger, None, lambda item: item)
    assert problems == []
    return [tally_of(p) for p in (as_of(i, day) for i in items) if p is not None]


@pytest.mark.parametrize("day", CACHE_DAYS, ids=str)
def test_cached_tallies_are_the_items_tallies(demo: Path, day: dt.date) -> None:
    ledger = Ledger(demo)
    items, _ = index.parse_all(ledger, None, lambda item: item)
    past = [p for p in (as_of(i, day) for i in items) if p is not None]
    briefs = sorted((brief_of(p) for p in past if p.is_open), key=lambda b: b.id)
    for _ in ("cold", "warm"):
        tallied, problems = ledger.tallies(day, briefs=True)
        assert problems == []
        assert sorted(t for _, t, _ in tallied) == sorted(_direct(ledger, day))
        assert all(key.endswith(f"{t.id}.yaml") for key, t, _ in tallied)
        assert sorted((b for _, _, b in tallied if b), key=lambda b: b.id) == briefs
        assert sorted(ledger.briefs(day)[0], key=lambda b: b.id) == briefs
        assert [b for _, _, b in ledger.tallies(day)[0]] == [None] * len(tallied)


def test_stats_decode_no_item_and_weekly_only_those_it_lists(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duchatai.commands.common import read_source
    from duchatai.reports.weekly import listed, tallied_report

    ledger = Ledger(demo)
    day = D(2026, 11, 20)
    ledger.load_all()  # a warm cache
    parsed = counting_reads(monkeypatch)
    decoded = counting_decodes(monkeypatch)
    tallied, _ = ledger.tallies(D(2026, 12, 31))
    assert tallied and decoded == [] and parsed == []

    class State:  # what read_source asks of the session
        def ledger(self) -> Ledger:
            return ledger

    period = (D(2026, 11, 16), D(2026, 11, 22))
    source = read_source(State(), day)
    assert decoded == [] and parsed == []
    report = tallied_report(source, period, day, ledger.calendar, ledger.profile, label="W")
    wanted = listed(source.tallies, period, day, ledger.profile)
    assert wanted and sorted(decoded) == sorted(wanted) and parsed == []
    whole = [*report.new, *report.closed, *(i for i in report.missing_weekly if not i.is_open)]
    shown = {i.id for i in whole} | {i.id for i, _ in (*report.extensions, *report.urges)}
    assert shown == wanted
    # An open item missing its weekly report is listed from its brief, never read whole.
    gaps = [i for i in report.missing_weekly if i.is_open]
    assert gaps and all(isinstance(i, Brief) for i in gaps)


@pytest.mark.parametrize("period", [(D(2026, 1, 1), D(2026, 12, 31)),
                                    (D(2026, 11, 1), D(2026, 11, 30))], ids=str)
def test_the_bulletin_decodes_only_the_items_it_closed(
    demo: Path, monkeypatch: pytest.MonkeyPatch, period: tuple[dt.date, dt.date]
) -> None:
    """``bulletin`` reads what ``weekly`` reads (tallies and briefs) and decodes whole only
    the items closed in its span, a few at a time; what it says is the whole items'."""
    from duchatai.commands.common import read_source

    ledger = Ledger(demo)
    today = D(2026, 11, 20)
    day = min(period[1], today)
    items, _ = ledger.load_all()  # a warm cache

    class State:  # what read_source asks of the session
        def ledger(self) -> Ledger:
            return ledger

    monkeypatch.setattr(bulletin, "READ_AT_ONCE", 2)
    parsed = counting_reads(monkeypatch)
    decoded = counting_decodes(monkeypatch)
    source = read_source(State(), day)
    asked: list[int] = []

    def fetch(ids: set[str]) -> list[Item]:
        asked.append(len(ids))
        return source.fetch(ids)

    found = bulletin.facts(source._replace(fetch=fetch), period, today, ledger.calendar,
                           ledger.profile)
    closed = [c.id for c in found.closed]
    assert closed and sorted(decoded) == closed and parsed == []
    assert max(asked) <= 2 and sum(asked) == len(closed)  # a few at a time
    whole = bulletin.facts(source_of(items, day), period, today, ledger.calendar,
                           ledger.profile)
    assert found == whole
    report = period_report(items, period, today, ledger.calendar, ledger.profile, label="Y")
    assert _bulletin(found) == {
        "new": len(report.new), "closed": [i.id for i in report.closed],
        "overdue": [r.item.id for r in report.overdue],
        "units": [u.to_json() for u in report.units], "commend": report.commend,
    }


def _cli(run: Run, root: Path, today: str, *args: str) -> str:
    done = run(*args, ledger=root, today=today)
    assert done.exit_code == 0, done
    return str(done.stdout)


def _expected_stats(root: Path, year: int, day: dt.date) -> list[object]:
    items, _ = index.parse_all(Ledger(root), None, lambda item: item)
    past = [p for p in (as_of(i, day) for i in items) if p is not None]
    return [r.to_json() for r in _items_stats(past, year, day, DEFAULT_PROFILE)]


def test_stats_and_weekly_see_a_hand_edit(run: Run, demo: Path) -> None:
    """A file edited by hand is read again: the next ``stats`` and ``weekly`` count it."""
    today = "2026-11-20"
    before = json.loads(_cli(run, demo, today, "stats", "--json"))
    assert before == _expected_stats(demo, 2026, D(2026, 11, 20))
    weekly = json.loads(_cli(run, demo, today, "weekly", "--format", "json"))
    target = next(demo.glob("items/*.yaml"))
    text = target.read_text("utf-8")
    unit = next(line.split(": ", 1)[1] for line in text.splitlines()
                if line.startswith("lead_unit: "))
    target.write_text(text.replace(f"lead_unit: {unit}", "lead_unit: 市手改局"), "utf-8")
    after = json.loads(_cli(run, demo, today, "stats", "--json"))
    assert after != before and "市手改局" in {r["unit"] for r in after}
    assert after == _expected_stats(demo, 2026, D(2026, 11, 20))
    again = json.loads(_cli(run, demo, today, "weekly", "--format", "json"))
    assert "市手改局" in {u["unit"] for u in again["units"]}
    assert again["units"] != weekly["units"]


@pytest.mark.parametrize("year,today", [("2026", "2026-11-20"), ("2025", "2026-11-20"),
                                        ("2026", "2027-02-01"), ("2026", "2026-10-09")])
def test_stats_at_the_command_line_are_the_items_figures(
    run: Run, demo: Path, year: str, today: str
) -> None:
    found = json.loads(_cli(run, demo, today, "stats", "--json", "--year", year))
    day = min(D.fromisoformat(today), D(int(year), 12, 31))
    assert found == _expected_stats(demo, int(year), day)


# -- the cache is hostile data --------------------------------------------------------------


def test_every_tally_field_is_checked() -> None:
    from duchatai.core import brief as brief_module

    assert [n for n, c in zip(Tally._fields, TALLY_CHECKS, strict=True)
            if c is brief_module._unknown] == []


def _damage(demo: Path, spoil: Any) -> None:
    cache = index.cache_path(Ledger(demo))
    assert cache is not None
    with sqlite3.connect(cache, isolation_level=None) as connection:
        name, text = next(  # a shard's tallies: a row of their own
            (n, t) for n, t in connection.execute("SELECT key, value FROM meta WHERE key >= 't:'")
            if json.loads(t)
        )
        tallies = json.loads(text)
        spoil(tallies, next(iter(tallies)))
        connection.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(tallies), name))


def _set(field: str, value: object) -> Any:
    def spoil(tallies: dict[str, list[object]], key: str) -> None:
        tallies[key][Tally._fields.index(field)] = value
    return spoil


SPOILS = {
    "bad ordinal": _set("due_day", 0),
    "huge ordinal": _set("judged_day", 10**9),
    "text for a day": _set("closed_day", "2026-11-20"),
    "float": _set("lowest_due_day", 739000.5),
    "bool for a day": _set("start_day", True),
    "number for a unit": _set("lead_unit", 7),
    "not a flag": _set("open_item", 1),
    "not a list": _set("weekly_days", 739000),
    "bad in a list": _set("overdue_result_eves", [739000, None]),
    "short": lambda tallies, key: tallies[key].pop(),
    "long": lambda tallies, key: tallies[key].append(1),
    "not an array": lambda tallies, key: tallies.__setitem__(key, {"id": key}),
    "missing": lambda tallies, key: tallies.pop(key),
    "stray": lambda tallies, key: tallies.__setitem__("items/DC-2026-9999.yaml", tallies[key]),
}


@pytest.mark.parametrize("spoil", SPOILS.values(), ids=list(SPOILS))
def test_a_damaged_tally_is_a_miss(run: Run, demo: Path, spoil: Any) -> None:
    """A tally damaged in the cache is never served, never an error: its shard is a miss
    and its files are parsed again."""
    day = D(2026, 11, 20)
    expected = _expected_stats(demo, 2026, day)
    _cli(run, demo, "2026-11-20", "stats", "--json")
    _damage(demo, spoil)
    tallied, problems = Ledger(demo).tallies(day)
    assert problems == []
    assert sorted(t for _, t, _ in tallied) == sorted(_direct(Ledger(demo), day))
    assert json.loads(_cli(run, demo, "2026-11-20", "stats", "--json")) == expected


def test_a_tally_survives_the_manifest() -> None:
    item = build_item("leader-instruction", start=D(2026, 10, 8),
                      reports=[Report(D(2026, 10, 20), "progress", "进展")])
    tally = tally_of(item)
    assert decode_tally(json.loads(json.dumps(list(tally)))) == tally
    with pytest.raises(ValueError):
        decode_tally([*list(tally)[:-1]])


def test_a_copy_under_the_same_id_is_skipped_as_whole_item_reads_skip_it(demo: Path) -> None:
    """Two files of one id: the tallies keep the one ``load_all`` keeps (``items/`` first)
    and say so in the same words."""
    source = next(demo.glob("items/*.yaml"))
    (demo / "archive" / "2026").mkdir(parents=True, exist_ok=True)
    shutil.copy(source, demo / "archive" / "2026" / source.name)
    ledger = Ledger(demo)
    items, whole = ledger.load_all()
    day = D(2026, 11, 20)
    for _ in ("cold", "warm"):
        tallied, problems = ledger.tallies(day)
        assert [p.message for p in problems] == [p.message for p in whole] != []
        assert [key for key, _, _ in tallied if source.stem in key] == [f"items/{source.name}"]
        expected = [tally_of(p) for p in (as_of(i, day) for i in items) if p is not None]
        assert sorted(t for _, t, _ in tallied) == sorted(expected)


def test_without_a_cache_the_same_reports(run: Run, demo: Path, tmp_path: Path) -> None:
    """Outside git there is no cache: every file is parsed and tallied, same outputs."""
    plain = tmp_path / "plain"
    shutil.copytree(DEMO, plain, ignore=shutil.ignore_patterns(".duchatai", ".git"))
    for args in (("stats", "--json"), ("weekly", "--format", "json"),
                 ("weekly", "--week", "2026-W40"), ("stats", "--year", "2025")):
        assert _cli(run, plain, "2026-11-20", *args) == _cli(run, demo, "2026-11-20", *args)
