"""The cache's manifest and the briefs the daily reports read from it (issue 6).

The morning report reads briefs from the cache's manifest instead of whole
items: it must say exactly what the items themselves say, on any day, and it
must never decode a closed item to say it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import Run, counting_reads
from hypothesis import given
from hypothesis import strategies as st

from duchatai.core.brief import Brief, brief_of
from duchatai.core.deadlines import is_overdue
from duchatai.core.history import as_of, units_named
from duchatai.core.line import Line, line_of
from duchatai.core.model import Status
from duchatai.reports import data as reports
from duchatai.store import codec, index
from duchatai.store import manifest as manifests
from duchatai.store.ledger import Ledger
from duchatai.store.statedir import state_dir

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
DAYS = [
    dt.date(2026, 3, 2),
    dt.date(2026, 6, 30),
    dt.date(2026, 9, 30),
    dt.date(2026, 10, 9),
    dt.date(2026, 11, 2),
    dt.date(2026, 11, 20),
    dt.date(2027, 2, 1),
]
"""Days before, during and after the demo's histories (its clock is 2026-11-20)."""


def _cache_file(demo: Path) -> Path:
    cache = index.cache_path(Ledger(demo))
    assert cache is not None and cache.exists()
    return cache


def _direct(ledger: Ledger, day: dt.date) -> list[Brief]:
    """The briefs of the items open on ``day``, straight from the YAML files."""
    items, problems = index.parse_all(ledger, None, lambda item: item)
    assert problems == []
    past = [as_of(i, day) for i in items]
    return [brief_of(p) for p in past if p is not None and p.is_open]


def _morning_json(ledger: Ledger, briefs: list[Brief], day: dt.date) -> object:
    morning = reports.morning(briefs, [], day, ledger.calendar, ledger.profile)
    return {
        "rows": [(r.to_json(), r.milestones) for r in morning.rows],
        "missing": [b.id for b in morning.missing_weekly],
        "soon": [r.to_json() for r in morning.due_soon],
    }


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_cached_briefs_say_what_the_files_say(demo: Path, day: dt.date) -> None:
    ledger = Ledger(demo)
    for _ in ("cold", "warm"):
        cached, problems = ledger.briefs(day)
        assert problems == []
        direct = _direct(ledger, day)
        assert sorted(cached, key=lambda b: b.id) == sorted(direct, key=lambda b: b.id)
        assert _morning_json(ledger, cached, day) == _morning_json(ledger, direct, day)


# The demo's morning report on 2026-11-20, read off its files by hand: the
# items open that day, past the date each is judged against, with no answering
# report by it. DC-2026-0004's extension (10-09, for a due date of 09-30) was
# applied for late: it stays judged against 09-30.
DEMO_OVERDUE = {
    "DC-2026-0004": "2026-09-30",
    "DC-2026-0009": "2026-10-15",
    "DC-2026-0030": "2026-11-04",
    "DC-2026-0022": "2026-11-06",
    "DC-2026-0011": "2026-11-10",
    "DC-2026-0014": "2026-11-10",
    "DC-2026-0032": "2026-11-12",
    "DC-2026-0035": "2026-11-12",
    "DC-2026-0018": "2026-11-13",
}


def test_the_demo_morning_report(demo: Path) -> None:
    ledger = Ledger(demo)
    day = dt.date(2026, 11, 20)
    briefs, _ = ledger.briefs(day)
    rows = reports.overdue(briefs, day, ledger.calendar, ledger.profile)
    assert {r.item.id: r.due.isoformat() for r in rows} == DEMO_OVERDUE
    items, _ = ledger.load_all()
    assert {i.id for i in items if is_overdue(i, day, ledger.profile)} == set(DEMO_OVERDUE)


def test_warm_morning_report_decodes_no_item(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    cold, _ = ledger.briefs(today)

    def refuse(*_: object) -> object:
        raise AssertionError("an item was decoded for the morning report")

    monkeypatch.setattr(codec.ItemCodec, "loads", refuse)
    warm, _ = ledger.briefs(today)
    assert sorted(warm, key=lambda b: b.id) == sorted(cold, key=lambda b: b.id)
    assert all(
        b.status in (Status.REGISTERED, Status.ASSIGNED, Status.REPORTED, Status.RETURNED)
        for b in warm
    )


def test_a_past_day_rolls_items_back(demo: Path) -> None:
    """An item closed after the report day is open in that day's report."""
    ledger = Ledger(demo)
    items, _ = ledger.load_all()
    closed = [i for i in items if i.closed_on is not None and i.closed_on > i.start]
    assert closed, "the demo has closed items"
    item = closed[0]
    day = item.closed_on - dt.timedelta(days=1)
    briefs, _ = ledger.briefs(day)
    assert item.id in {b.id for b in briefs}
    briefs, _ = ledger.briefs(item.closed_on)
    assert item.id not in {b.id for b in briefs}


def test_a_changed_file_is_seen_by_the_briefs(run: Run, demo: Path) -> None:
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    before, _ = ledger.briefs(today)
    rules = ledger.profile.categories
    target = next(b for b in before if b.is_overdue(today, rules.get(b.category)))
    path = demo / "items" / f"{target.id}.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f"title: {target.title}", "title: 改过的标题"), "utf-8")
    after, _ = ledger.briefs(today)
    assert {b.id: b.title for b in after}[target.id] == "改过的标题"
    path.unlink()
    gone, _ = ledger.briefs(today)
    assert target.id not in {b.id for b in gone}


def test_known_units_come_from_the_manifest_and_see_a_hand_edit(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What tells a new unit at registration: every unit the items name, read without
    decoding an item, and a file edited by hand is seen by the next run."""
    ledger = Ledger(demo)
    items, _ = index.parse_all(ledger, None, lambda item: item)
    named = list(dict.fromkeys(u for i in items for u in units_named(i)))
    assert index.load_units(ledger) == (named, [])

    def refuse(*_: object) -> object:
        raise AssertionError("an item was decoded to list the units")

    monkeypatch.setattr(codec.ItemCodec, "loads", refuse)
    assert index.load_units(ledger)[0] == named
    path = demo / "items" / "DC-2026-0004.yaml"
    path.write_text(path.read_text("utf-8").replace("lead_unit: 市交通运输局",
                                                    "lead_unit: 市新设局"), "utf-8")
    assert "市新设局" in index.load_units(ledger)[0]
    path.unlink()
    assert "市新设局" not in index.load_units(ledger)[0]


def test_known_units_see_a_git_pull(demo: Path, tmp_path: Path) -> None:
    """A unit named by an item that arrived with ``git pull`` is known at the next run."""
    ident = ["-c", "user.name=t", "-c", "user.email=t@x"]
    subprocess.run(["git", *ident, "add", "-A"], cwd=demo, check=True)
    subprocess.run(["git", *ident, "commit", "-qm", "demo"], cwd=demo, check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(demo), str(clone)], check=True)
    assert "市新设局" not in index.load_units(Ledger(clone))[0]  # the clone's cache is warm
    path = demo / "items" / "DC-2026-0004.yaml"
    path.write_text(path.read_text("utf-8").replace("lead_unit: 市交通运输局",
                                                    "lead_unit: 市新设局"), "utf-8")
    subprocess.run(["git", *ident, "commit", "-qam", "new unit"], cwd=demo, check=True)
    subprocess.run(["git", *ident, "pull", "-q", "--ff-only"], cwd=clone, check=True)
    assert "市新设局" in index.load_units(Ledger(clone))[0]


def test_a_broken_file_is_not_served_from_the_cache(demo: Path) -> None:
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    before, _ = ledger.briefs(today)
    victim = before[0].id
    (demo / "items" / f"{victim}.yaml").write_text("id: [unclosed\n", "utf-8")
    for _ in range(2):  # reported on every run, never served from the old row
        after, problems = ledger.briefs(today)
        assert victim not in {b.id for b in after}
        assert [p.path.stem for p in problems] == [victim]
        items, problems = ledger.load_all()
        assert victim not in {i.id for i in items}


def _keys(manifest: manifests.Manifest) -> set[str]:
    return {key for stamps in manifest.shards.values() for key in stamps}


def test_manifest_merges_what_another_run_stored(demo: Path) -> None:
    """Two runs that each parsed different files leave both in the manifest."""
    ledger = Ledger(demo)
    ledger.briefs(dt.date(2026, 11, 20))
    cache = _cache_file(demo)
    keys = sorted(manifests.all_keys(manifests.scan(ledger.items_dir, ledger.archive_dir)))
    victim = keys[0]
    with sqlite3.connect(cache, isolation_level=None) as connection:
        # Another run stores a file we never parsed: its entry must survive our write.
        assert index.store_rows(connection, [("items/X-2026-0001.yaml", "")])
        fake = manifests.Facts(closed={"items/X-2026-0001.yaml": 739000})
        fake.lines["items/X-2026-0001.yaml"] = Line(
            "X-2026-0001", "题", "other", "closed", "", (), 739000, True, False
        )
        manifests.store_manifest(connection, {"01": {"items/X-2026-0001.yaml": 12}}, {}, fake)
        shard = manifests.shard_of(victim)
        manifests.store_manifest(connection, {shard: {}}, {shard: {victim}}, manifests.Facts())
        manifest = manifests.read_manifest(connection)
    assert "items/X-2026-0001.yaml" in _keys(manifest)
    assert manifest.facts.closed["items/X-2026-0001.yaml"] == 739000
    assert victim not in _keys(manifest) and victim not in manifest.facts.keys()
    assert len(_keys(manifest)) == len(keys)
    assert manifest.facts.keys() == _keys(manifest)


def test_rows_not_stored_are_not_vouched_for(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold start stores rows in batches; a batch the cache refused is parsed again next time."""
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    monkeypatch.setattr(index, "BATCH", 4)
    store_rows = index.store_rows
    calls: list[int] = []

    def second_batch_refused(connection: sqlite3.Connection, rows: list[tuple[str, str]]) -> bool:
        calls.append(len(rows))
        return False if len(calls) == 2 else store_rows(connection, rows)

    monkeypatch.setattr(index, "store_rows", second_batch_refused)
    cold, _ = ledger.briefs(today)
    shards = manifests.scan(ledger.items_dir, ledger.archive_dir)
    assert calls[:2] == [4, 4] and sum(calls) == len(shards)
    parsed = counting_reads(monkeypatch)
    warm, _ = ledger.briefs(today)
    assert len(parsed) == 4  # the refused batch, and nothing else
    assert sorted(warm, key=lambda b: b.id) == sorted(cold, key=lambda b: b.id)
    parsed.clear()
    ledger.briefs(today)
    assert parsed == []


def test_unreadable_manifest_means_reparse(run: Run, demo: Path) -> None:
    first = run("overdue", "--json", ledger=demo)
    cache = _cache_file(demo)
    with sqlite3.connect(cache, isolation_level=None) as connection:
        changed = connection.execute("UPDATE meta SET value = x'00ff00' WHERE key LIKE 'm:%'")
        assert changed.rowcount > 10
    again = run("overdue", "--json", ledger=demo)
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, "")
    assert len(json.loads(again.stdout)) == len(DEMO_OVERDUE)


ordinals = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.toordinal)


@given(
    brief=st.builds(
        Brief,
        id=st.text(max_size=12),
        title=st.text(max_size=40),
        category=st.sampled_from(["upper", "npc-suggestion", "key-project"]),
        lead_unit=st.text(max_size=10),
        status_value=st.sampled_from([s.value for s in Status]),
        start_day=ordinals,
        due_day=ordinals,
        judged_day=ordinals,
        urge_count=st.integers(0, 20),
        answer_result_day=st.none() | ordinals,
        answer_any_day=st.none() | ordinals,
        weekly=st.booleans(),
        weekly_days=st.lists(ordinals, max_size=5).map(tuple),
        closed_day=st.none() | ordinals,
        milestone_days=st.lists(
            st.tuples(st.integers(1, 9), st.text(max_size=10), ordinals), max_size=3
        ).map(tuple),
        last_day=ordinals,
        progress_day=st.none() | ordinals,
        accepted_day=st.none() | ordinals,
    )
)
def test_brief_survives_the_manifest(brief: Brief) -> None:
    """What the manifest stores (a JSON array) comes back as the same brief."""
    from duchatai.core.brief import decode_brief

    again = decode_brief(json.loads(json.dumps(list(brief))))
    assert again == brief
    assert again.due == brief.due and again.milestones == brief.milestones
    assert again.status is brief.status


def test_manifest_read_before_another_runs_write_is_not_reused(demo: Path) -> None:
    """A run that read the manifest, then saw another run commit, merges with the new one."""
    ledger = Ledger(demo)
    ledger.briefs(dt.date(2026, 11, 20))
    cache = _cache_file(demo)
    x, y, z = "items/X-2026-0011.yaml", "items/Y-2026-0011.yaml", "items/Z-2026-0011.yaml"
    with (
        sqlite3.connect(cache, isolation_level=None) as ours,
        sqlite3.connect(cache, isolation_level=None) as theirs,
    ):
        read = manifests.read_manifest(ours)
        manifests.store_manifest(theirs, {"11": {x: 7}}, {}, manifests.Facts(closed={x: 1}))
        manifests.store_manifest(ours, {"11": {}}, {"11": {y}}, manifests.Facts(), read)
        assert x in _keys(manifests.read_manifest(ours))  # theirs survived our write
        # With no commit by anyone else in between, our own read is what we build on.
        read = manifests.read_manifest(ours)
        read.shards["11"][z] = 9  # what only our read says
        read.facts.closed[z] = 1
        manifests.store_manifest(ours, {"11": {}}, {}, manifests.Facts(), read)
        assert z in _keys(manifests.read_manifest(theirs))


def test_one_changed_file_rewrites_one_shard(demo: Path) -> None:
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    ledger.briefs(today)
    cache = _cache_file(demo)

    def shards() -> dict[str, str]:
        with sqlite3.connect(cache) as connection:
            return dict(connection.execute("SELECT key, value FROM meta"))

    before = shards()
    path = demo / "items" / "DC-2026-0004.yaml"
    path.write_text(path.read_text("utf-8").replace("title: ", "title: 改", 1), "utf-8")
    ledger.briefs(today)
    after = shards()
    assert before.keys() == after.keys() and len(after) > 10
    assert [k for k in after if after[k] != before[k]] == ["m:04"]


# -- the config and criticisms, parsed once ------------------------------------------------


def test_config_and_criticism_edits_are_seen(run: Run, demo: Path) -> None:
    first = run("escalation", "--json", ledger=demo)
    assert first.exit_code == 0, first
    state = state_dir(demo)
    assert state is not None and (state / "parsed.json").exists()
    config = demo / "duchatai.yaml"
    config.write_text(config.read_text("utf-8").replace("lang: zh", "lang: en"), "utf-8")
    criticism = demo / "criticisms" / "2026" / "TB-2026-0001.yaml"
    criticism.parent.mkdir(parents=True)
    text = (
        "id: TB-2026-0001\nunit: 市旧单位\ndate: 2026-11-02\nreason: 超期未报\n"
        "items: []\nrectify_by: 2026-11-30\nrectified_on:\nby: 测试员\n"
    )
    criticism.write_text(text, "utf-8")
    assert "市旧单位" in {
        row["unit"] for row in json.loads(run("escalation", "--json", ledger=demo).stdout)
    }
    criticism.write_text(text.replace("市旧单位", "市新单位"), "utf-8")
    units = {row["unit"] for row in json.loads(run("escalation", "--json", ledger=demo).stdout)}
    assert units >= {"市新单位"} and "市旧单位" not in units
    assert "overdue" in run("overdue", ledger=demo).stdout.lower()  # English now


def test_corrupt_parse_cache_is_ignored(run: Run, demo: Path) -> None:
    first = run("overdue", "--json", ledger=demo)
    state = state_dir(demo)
    assert state is not None
    (state / "parsed.json").write_bytes(b"\x80\x05garbage")
    again = run("overdue", "--json", ledger=demo)
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, "")


WARM_IMPORTS = """
import sys
from duchatai.cli import main
sys.argv = ["duchatai", "--ledger", sys.argv[1], "--today", "2026-11-20", "overdue"]
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in ("ruamel", "rich") if m in sys.modules)
sys.stderr.write("heavy=" + ",".join(heavy) + "\\n")
"""


def test_warm_morning_report_needs_no_yaml_library(demo: Path) -> None:
    """With nothing changed, the morning report parses nothing: ruamel is not even imported."""
    import subprocess
    import sys

    def heavy() -> str:
        done = subprocess.run(
            [sys.executable, "-c", WARM_IMPORTS, str(demo)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stderr.strip().splitlines()[-1]

    assert "ruamel" in heavy()  # cold: every file parsed
    assert heavy() == "heavy="


def test_rows_read_in_one_pass_survive_gaps_and_strays(demo: Path) -> None:
    """``load_all`` reads the rows in one ordered pass: a row missing (its file parsed
    and the row stored again), rows of files that are gone, and a row whose key is not
    text change nothing in what it returns."""
    ledger = Ledger(demo)
    before, _ = ledger.load_all()
    assert len(before) > 3
    cache = _cache_file(demo)
    with sqlite3.connect(cache, isolation_level=None) as connection:
        keys = [k for (k,) in connection.execute("SELECT path FROM items ORDER BY path")]
        missing = next(k for k in keys if k.startswith("items/"))
        connection.execute("DELETE FROM items WHERE path = ?", (missing,))
        strays = [("archive/0000/GONE.yaml", "[]"), ("items/A-GONE.yaml", "[]"),
                  ("items/zz-gone.yaml", "x"), (b"items/bytes.yaml", "[]")]
        connection.executemany("INSERT INTO items VALUES (?, ?)", strays)
    with pytest.MonkeyPatch.context() as patch:
        parsed = counting_reads(patch)
        after, problems = ledger.load_all()
    assert problems == []
    assert [i.id for i in after] == [i.id for i in before]
    assert after == before
    assert [p.relative_to(demo).as_posix() for p in parsed] == [missing]
    with sqlite3.connect(cache, isolation_level=None) as connection:
        assert connection.execute("SELECT 1 FROM items WHERE path = ?", (missing,)).fetchone()


def test_one_item_is_read_through_the_cache_only_while_its_file_is_unchanged(demo: Path) -> None:
    """``show`` takes an item from its cached row when the manifest's stamp is the file's
    own, and reads the file as soon as it changed or its row is not one the codec wrote."""
    ledger = Ledger(demo)
    items, _ = ledger.load_all()
    target = items[0]
    assert target.path is not None
    with pytest.MonkeyPatch.context() as patch:
        parsed = counting_reads(patch)
        assert ledger.get(target.id) == target
        assert parsed == []  # from the cache
        text = target.path.read_text("utf-8")
        target.path.write_text(text.replace(f"title: {target.title}", "title: 手改的标题"), "utf-8")
        assert ledger.get(target.id).title == "手改的标题"
        assert parsed == [target.path]
        ledger.load_all()  # the changed file cached again
        parsed.clear()
        key = target.path.relative_to(demo).as_posix()
        with sqlite3.connect(_cache_file(demo), isolation_level=None) as connection:
            connection.execute("UPDATE items SET item = '[\"garbage\"]' WHERE path = ?", (key,))
        assert ledger.get(target.id).title == "手改的标题"
        assert parsed == [target.path]


def test_a_bad_brief_is_never_served_though_whole_item_reads_skip_its_check(demo: Path) -> None:
    """Reads that serve no brief (``list``, ``show``, units) do not check the manifest's
    briefs; the morning report does, so a brief spoilt in the cache makes its shard a
    miss there: its files are parsed again and the briefs are right."""
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    items, _ = ledger.load_all()
    cache = _cache_file(demo)
    with sqlite3.connect(cache, isolation_level=None) as connection:
        name, text = next(
            (n, t) for n, t in connection.execute("SELECT key, value FROM meta WHERE key >= 'm:'")
            if json.loads(t)[1]
        )
        shard = json.loads(text)
        key = next(iter(shard[1]))
        shard[1][key][Brief._fields.index("status_value")] = "bogus"
        connection.execute("UPDATE meta SET value = ? WHERE key = ?", (json.dumps(shard), name))
    again, _ = ledger.load_all()
    assert again == items
    assert ledger.known_units() == ledger.known_units(items)
    briefs, problems = ledger.briefs(today)
    assert problems == []
    assert sorted(briefs, key=lambda b: b.id) == sorted(_direct(ledger, today), key=lambda b: b.id)


def test_lines_are_the_items_lines_without_decoding_an_item(demo: Path) -> None:
    """``list`` reads each item's line and the open ones' briefs from the manifest: the
    same as made from the items, with nothing decoded or parsed, and a hand edit seen."""
    ledger = Ledger(demo)
    items, _ = ledger.load_all()
    expected = [(line_of(i), brief_of(i) if i.is_open else None) for i in items]
    with pytest.MonkeyPatch.context() as patch:
        parsed = counting_reads(patch)
        patch.setattr(codec.ItemCodec, "loads", lambda *a: pytest.fail("an item was decoded"))
        lines, problems = ledger.lines()
    assert problems == [] and parsed == []
    assert lines == expected
    target = next(i for i in items if i.is_open)
    assert target.path is not None
    text = target.path.read_text("utf-8")
    target.path.write_text(text.replace(f"title: {target.title}", "title: 手改的标题"), "utf-8")
    lines, _ = ledger.lines()
    assert [line.title for line, _ in lines if line.id == target.id] == ["手改的标题"]


@pytest.mark.parametrize("read", ["items", "units", "briefs"])
def test_a_read_that_drops_unserved_facts_rewrites_shards_whole(demo: Path, read: str) -> None:
    """A read keeps only the facts it serves (whole items keep no brief nor line), yet a
    shard it rewrites after a hand edit keeps every other file's brief and line: the
    manifest then says what every file says."""
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    for source, copy in (("0004", "0104"), ("0014", "0204")):  # neighbours in shard 04
        text = (demo / "items" / f"DC-2026-{source}.yaml").read_text("utf-8")
        (demo / "items" / f"DC-2026-{copy}.yaml").write_text(
            text.replace(f"DC-2026-{source}", f"DC-2026-{copy}"), "utf-8")
    ledger.lines()  # warm, every fact stored
    path = demo / "items" / "DC-2026-0004.yaml"
    path.write_text(path.read_text("utf-8").replace("title: ", "title: 改", 1), "utf-8")
    {"items": ledger.load_all, "units": lambda: index.load_units(ledger),
     "briefs": lambda: ledger.briefs(today)}[read]()
    items, _ = index.parse_all(ledger, None, lambda item: item)
    with sqlite3.connect(_cache_file(demo)) as connection:
        stored = manifests.read_manifest(connection, lines=True).facts
    keys = {i.id: str(i.path.relative_to(demo)) for i in items if i.path is not None}
    assert stored.lines == {keys[i.id]: line_of(i) for i in items}
    assert stored.open == {keys[i.id]: brief_of(i) for i in items if i.is_open}
    assert stored.lines["items/DC-2026-0004.yaml"].title.startswith("改")


def test_the_morning_report_never_reads_the_tallies(demo: Path) -> None:
    """The tallies are rows of their own (``t:``): spoilt, the briefs are still served
    with nothing parsed again, while ``stats``' read finds them spoilt and parses."""
    ledger = Ledger(demo)
    today = dt.date(2026, 11, 20)
    expected, _ = ledger.briefs(today)
    ledger.tallies(today)
    with sqlite3.connect(_cache_file(demo)) as connection:
        spoilt = connection.execute("UPDATE meta SET value = '{x' WHERE key LIKE 't:%'")
        assert spoilt.rowcount > 10
    with pytest.MonkeyPatch.context() as patch:
        parsed = counting_reads(patch)
        served = ledger.briefs(today)[0]
        assert sorted(served) == sorted(expected) and parsed == []
        tallied, problems = ledger.tallies(today)
        assert problems == [] and len(parsed) > 10 and tallied
