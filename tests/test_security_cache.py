"""Issue 12, part A: what arrives through git is data, never code (F1–F3).

A clerk who can push to the shared ledger can put any file in every other
clerk's work tree (``git add -f`` ignores ``.gitignore``). These tests play
that clerk against a bare hub and a victim's clone: a crafted pickle as the
parse cache (F1), a crafted SQLite cache (F2), a ``duchatai`` package at the
ledger root while the merge driver runs (F3). Nothing of theirs may run, and
the victim's work must survive. Then the cache itself: where it lives, that it
holds plain data and is checked when read, and the merge driver's notion of
"the same item".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import marshal
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run, clones_without_clerk_codes, counting_reads, git, shared_office
from hypothesis import given
from hypothesis import strategies as st

from duchatai.app.merge import merge_records, same_record
from duchatai.core import brief as brief_module
from duchatai.core.errors import IdCollision
from duchatai.store import index, plain
from duchatai.store.codec import _record_codec, _shape, item_codec, schema_version
from duchatai.store.config import ParsedSmallFiles
from duchatai.store.gitconfig import driver_command
from duchatai.store.ledger import Ledger
from duchatai.store.statedir import state_dir

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
DAY = "2026-11-17"


class _Evil:
    """Unpickling this creates ``marker`` (``open(marker, "w")``): proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


@pytest.fixture
def office(tmp_path: Path, run: Run) -> tuple[Path, Path, Path]:
    """A hub (bare repository), a hostile clerk's clone (EV) and a victim's (VI),
    sharing one assigned item EV-2026-0001."""
    return shared_office(run, tmp_path, ("hostile", "EV"), ("victim", "VI"))


def _push_files(hostile: Path, files: dict[str, bytes], message: str = "tools") -> None:
    """The hostile clerk force-adds ``files`` (ignored or not) and pushes them."""
    for name, data in files.items():
        path = hostile / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        git(hostile, "add", "-f", "--", name)
    git(hostile, "-c", "user.name=ev", "-c", "user.email=ev@x", "commit", "-q", "-m", message)
    git(hostile, "push", "-q", "origin", "HEAD")


def _victim_works(run: Run, victim: Path) -> None:
    """The victim's ordinary day: pull, read, write, check (the hostile files are named)."""
    synced = run("sync", ledger=victim, today=DAY)
    assert synced.exit_code == 0, synced
    for args in (("overdue",), ("list", "--json"), ("show", "EV-2026-0001", "--json"),
                 ("due",), ("stats", "--json"), ("escalation", "--json")):
        result = run(*args, ledger=victim, today=DAY)
        assert result.exit_code == 0, (args, result)
    listed = json.loads(run("list", "--json", ledger=victim, today=DAY).stdout)
    assert [i["id"] for i in listed] == ["EV-2026-0001"]
    registered = run("register", "受害方事项", "--category", "leader-instruction",
                     ledger=victim, today=DAY)
    assert registered.exit_code == 0, registered
    listed = json.loads(run("list", "--json", ledger=victim, today=DAY).stdout)
    assert [i["id"] for i in listed] == ["EV-2026-0001", "VI-2026-0001"]


def test_f1_a_pushed_parse_pickle_never_runs(
    office: tuple[Path, Path, Path], run: Run, tmp_path: Path
) -> None:
    _, hostile, victim = office
    marker = tmp_path / "F1-ran"
    payload = pickle.dumps(_Evil(marker))
    _push_files(hostile, {".duchatai/parsed.pickle": payload, ".duchatai/parsed.json": payload})
    _victim_works(run, victim)
    assert (victim / ".duchatai" / "parsed.pickle").read_bytes() == payload  # it did arrive
    assert not marker.exists()
    checked = run("check", ledger=victim, today=DAY)
    assert checked.exit_code == 1
    assert ".duchatai/parsed.pickle" in checked.stdout
    assert not marker.exists()


def _hostile_cache(path: Path, marker: Path, version: int) -> None:
    """An item cache as an older duchatai wrote it, every payload crafted: pickled rows
    and marshalled manifest shards (one holding a code object)."""
    payload = pickle.dumps(_Evil(marker))
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w')", "x", "exec"))
    key = "items/EV-2026-0001.yaml"
    shard = marshal.dumps(({key: 1}, {key: payload}, {}))
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE items (path TEXT PRIMARY KEY, item BLOB)")
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
        connection.execute("INSERT INTO items VALUES (?, ?)", ("items/EV-2026-0001.yaml", payload))
        connection.execute("INSERT INTO meta VALUES (?, ?)", ("m:01", shard))
        connection.execute("INSERT INTO meta VALUES (?, ?)", ("m:02", code))
        connection.execute(f"PRAGMA user_version={version}")


@pytest.mark.parametrize("version", [6, schema_version()], ids=["old", "current"])
def test_f2_a_pushed_sqlite_cache_never_runs(
    office: tuple[Path, Path, Path], run: Run, tmp_path: Path, version: int
) -> None:
    _, hostile, victim = office
    marker = tmp_path / "F2-ran"
    crafted = tmp_path / "crafted.sqlite"
    _hostile_cache(crafted, marker, version)
    _push_files(hostile, {".duchatai/index.sqlite": crafted.read_bytes()})
    _victim_works(run, victim)
    assert (victim / ".duchatai" / "index.sqlite").exists()  # it did arrive
    assert not marker.exists()
    checked = run("check", ledger=victim, today=DAY)
    assert checked.exit_code == 1 and ".duchatai/index.sqlite" in checked.stdout


HOSTILE_PACKAGE = """
import pathlib
pathlib.Path({marker!r}).write_text("ran")
"""

HOSTILE_MAIN = """
import pathlib, sys
pathlib.Path({marker!r}).write_text("ran")
sys.exit(0)  # "merged": the victim's side would be silently dropped
"""


@pytest.mark.parametrize("driver", ["console-script", "isolated-python"])
def test_f3_a_pushed_duchatai_package_is_not_the_merge_driver(
    office: tuple[Path, Path, Path],
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    driver: str,
) -> None:
    _, hostile, victim = office
    if driver == "isolated-python":  # no console script beside the interpreter
        monkeypatch.setattr("duchatai.store.gitconfig._is_our_script", lambda script: False)
    marker = tmp_path / "F3-ran"
    assert run("urge", "EV-2026-0001", "--note", "恶意方催办", ledger=hostile,
               today=DAY).exit_code == 0
    git(hostile, "push", "-q", "origin", "HEAD")
    _push_files(hostile, {
        "duchatai/__init__.py": HOSTILE_PACKAGE.format(marker=str(marker)).encode(),
        "duchatai/__main__.py": HOSTILE_MAIN.format(marker=str(marker)).encode(),
        "duchatai.py": HOSTILE_PACKAGE.format(marker=str(marker)).encode(),
    })
    # The victim edits the same item: the merge needs the merge driver.
    assert run("urge", "EV-2026-0001", "--note", "受害方催办", ledger=victim,
               today=DAY).exit_code == 0
    synced = run("sync", ledger=victim, today=DAY)
    assert synced.exit_code == 0, synced
    assert not marker.exists()
    command = git(victim, "config", "--local", "--get", "merge.duchatai.driver")
    assert command == driver_command()
    assert os.path.isabs(command.split()[0].strip("'"))
    if driver == "isolated-python":
        assert " -I -m duchatai " in command or " -P -m duchatai " in command
    shown = json.loads(run("show", "EV-2026-0001", "--json", ledger=victim).stdout)
    assert sorted(u["note"] for u in shown["urges"]) == ["受害方催办", "恶意方催办"]
    assert "urge EV-2026-0001" in git(victim, "log", "-1", "--no-merges", "--format=%s")
    assert git(victim, "status", "--porcelain") == ""
    checked = run("check", ledger=victim)
    assert checked.exit_code == 1
    for name in ("duchatai/__init__.py", "duchatai/__main__.py", "duchatai.py"):
        assert name in checked.stdout
    assert "duchatai.yaml" not in checked.stdout  # the config is the ledger's own


ISOLATION_PROBE = "import duchatai, sys; sys.stdout.write(duchatai.__file__)"


def test_isolated_mode_ignores_a_package_in_the_current_directory(tmp_path: Path) -> None:
    """What the fallback driver relies on, on this Python: ``-I`` keeps the current
    directory off ``sys.path``; without it the planted package is imported."""
    planted = tmp_path / "duchatai"
    planted.mkdir()
    (planted / "__init__.py").write_text("", "utf-8")

    def imported(*flags: str) -> Path:
        done = subprocess.run([sys.executable, *flags, "-c", ISOLATION_PROBE], cwd=tmp_path,
                              capture_output=True, text=True, check=True)
        return Path(done.stdout).resolve()

    assert imported() == (planted / "__init__.py").resolve()  # the danger is real
    for flags in (("-I",), ("-P",)):
        assert imported(*flags) == (ROOT / "duchatai" / "__init__.py").resolve()


def test_old_clones_driver_is_replaced_by_sync(office: tuple[Path, Path, Path], run: Run) -> None:
    _, _, victim = office
    old = f"{sys.executable} -m duchatai merge-file %O %A %B %P"
    git(victim, "config", "--local", "merge.duchatai.driver", old)
    assert run("sync", ledger=victim).exit_code == 0
    assert git(victim, "config", "--local", "--get", "merge.duchatai.driver") == driver_command()
    assert driver_command() != old


# -- where the cache lives and what it holds ------------------------------------------------


def _outputs(run: Run, demo: Path) -> list[str]:
    commands = (("list", "--json"), ("list",), ("list", "--status", "closed"),
                ("overdue", "--json"), ("due", "--json"), ("stats", "--json"), ("weekly",),
                ("escalation", "--json"))
    results = [run(*args, ledger=demo) for args in commands]
    for result in results:
        assert (result.exit_code, result.stderr) == (0, ""), result
    return [r.stdout for r in results]


def test_cache_lives_in_the_git_directory_only(run: Run, demo: Path) -> None:
    _outputs(run, demo)
    state = state_dir(demo, create=False)
    assert state is not None and state.is_relative_to(demo / ".git" / "duchatai")
    assert (state / "index.sqlite").is_file() and (state / "parsed.json").is_file()
    in_tree = [p for p in demo.rglob("*") if ".git" not in p.relative_to(demo).parts
               and (p.name.startswith(("index.sqlite", "parsed.")) or p.suffix == ".pickle")]
    assert in_tree == []


def test_no_git_no_cache(run: Run, tmp_path: Path) -> None:
    """Outside any git repository there is no state directory: every file is parsed,
    and nothing is written beside the ledger."""
    copy = tmp_path / "plain"
    shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns(".duchatai", ".git"))
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    ledger = Ledger(copy)
    assert index.cache_path(ledger) is None
    first = run("list", "--json", ledger=copy)
    again = run("list", "--json", ledger=copy)
    assert first.exit_code == 0 and again.stdout == first.stdout
    assert len(json.loads(first.stdout)) == len(list((copy / "items").glob("*.yaml")))
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def _cache(demo: Path) -> Path:
    cache = index.cache_path(Ledger(demo))
    assert cache is not None and cache.is_file()
    return cache


def test_rows_are_json_and_never_unpickled(run: Run, demo: Path, tmp_path: Path) -> None:
    good = _outputs(run, demo)
    marker = tmp_path / "row-ran"
    with sqlite3.connect(_cache(demo)) as connection:
        rows = connection.execute("SELECT item FROM items").fetchall()
        assert rows and all(isinstance(json.loads(r[0]), list) for r in rows)
        shards = connection.execute("SELECT value FROM meta").fetchall()
        assert all(type(json.loads(s[0])) in (list, dict) for s in shards)  # m: and t: rows
        connection.execute("UPDATE items SET item = ?", (pickle.dumps(_Evil(marker)),))
    assert _outputs(run, demo) == good
    assert not marker.exists()


def _tamper(cache: Path, change: str) -> None:
    """Rewrite every stored value with one kind of damage, stamps kept (the files
    still look unchanged): the damage itself must be caught."""
    with sqlite3.connect(cache) as connection:
        stored = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        for key, text in stored.items():
            if not key.startswith("m:"):
                continue  # a shard's tallies (``t:``) are damaged with its other facts
            tallied = f"t:{key[2:]}"
            stamps, open_, closed, units, lines = json.loads(text)
            tallies = json.loads(stored[tallied])
            shard = [stamps, open_, closed, units, lines, tallies]
            if change == "garbage":
                value = "{not json"
            elif change == "bad-status":
                shard[1] = {k: [*b[:4], "bogus", *b[5:]] for k, b in open_.items()}
                shard[4] = {k: [*b[:3], "bogus", *b[4:]] for k, b in lines.items()}
            elif change == "bad-day":
                shard[1] = {k: [*b[:6], 0, *b[7:]] for k, b in open_.items()}
                shard[4] = {k: [*b[:6], 0, *b[7:]] for k, b in lines.items()}
                shard[5] = {k: [*b[:6], 0, *b[7:]] for k, b in tallies.items()}
            elif change == "short-brief":
                shard[1] = {k: b[:-1] for k, b in open_.items()}
                shard[4] = {k: b[:-1] for k, b in lines.items()}
                shard[5] = {k: b[:-1] for k, b in tallies.items()}
            elif change == "foreign-key":
                shard[1] = {**open_, "items/../../etc/passwd": []}
                shard[5] = {**tallies, "items/../../etc/passwd": []}
            elif change == "bad-units":
                shard[3] = {k: [1] for k in stamps}
            elif change == "line-units":
                shard[4] = {k: [*b[:5], [1], *b[6:]] for k, b in lines.items()}
            elif change == "tally-flag":  # a tally's open_item, not a boolean
                shard[5] = {k: [*b[:4], 1, *b[5:]] for k, b in tallies.items()}
            values = [value] * 2 if change == "garbage" else map(json.dumps, (shard[:5], shard[5]))
            for name, value in zip((key, tallied), values, strict=True):
                connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, name))
        for key, text in connection.execute("SELECT path, item FROM items").fetchall():
            row = json.loads(text)
            if change == "tally-flag":
                break  # the rows are good: the tallies alone must be caught
            if change == "garbage":
                value = "[[["
            elif change in ("bad-status", "short-brief"):
                value = json.dumps([*row[:5], "bogus", *row[6:]])
            elif change == "bad-day":
                value = json.dumps([*row[:3], "2026-01-01", *row[4:]])
            elif change == "foreign-key":
                value = json.dumps(["DC-2099-9999", *row[1:]])
            else:
                value = json.dumps(row[:-1])
            connection.execute("UPDATE items SET item = ? WHERE path = ?", (value, key))


@pytest.mark.parametrize(
    "change", ["garbage", "bad-status", "bad-day", "short-brief", "foreign-key", "short-row",
               "bad-units", "line-units", "tally-flag"]
)
def test_a_damaged_cache_is_a_miss_with_correct_results(
    run: Run, demo: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _outputs(run, demo)
    _tamper(_cache(demo), change)
    assert _outputs(run, demo) == good
    parsed = counting_reads(monkeypatch)
    assert _outputs(run, demo) == good
    assert parsed == []  # repaired by the first run, not parsed on every run


def test_a_damaged_parse_cache_is_a_miss(run: Run, demo: Path) -> None:
    good = _outputs(run, demo)
    state = state_dir(demo)
    assert state is not None
    stored = json.loads((state / "parsed.json").read_text("utf-8"))
    for entry in stored["entries"].values():
        entry[1] = json.dumps(["m", "office", ["l"], "lang", ["x", 1]])
    (state / "parsed.json").write_text(json.dumps(stored), "utf-8")
    assert _outputs(run, demo) == good
    (state / "parsed.json").write_text('{"format": 7, "entries": []}', "utf-8")
    assert _outputs(run, demo) == good


def test_parse_cache_gives_back_exactly_what_yaml_gave(demo: Path) -> None:
    """Dates as keys and values (the config's calendar) come back as dates."""
    config = demo / "duchatai.yaml"
    config.write_text(
        config.read_text("utf-8")
        + "\nextra:\n  2026-10-01: 国庆\n  when: 2026-10-08\n  at: 2026-10-08 08:30:00\n"
        "  n: [1, 2.5, true, null, '2026-10-09']\n",
        "utf-8",
    )
    first = ParsedSmallFiles(demo)
    parsed = first.parse(config)
    first.save()
    second = ParsedSmallFiles(demo)
    assert str(config) in second.entries
    again = second.parse(config)
    assert not second.changed  # served from the cache
    assert again == parsed and repr(again) == repr(parsed)
    assert again["extra"][dt.date(2026, 10, 1)] == "国庆"
    assert type(again["extra"]["when"]) is dt.date
    assert type(again["extra"]["at"]) is dt.datetime


def test_pickle_is_never_imported_by_the_daily_commands(demo: Path) -> None:
    """No duchatai module imports pickle, marshal or shelve, and the commands that touch
    the cache most (with no rich output) run without the pickle module loaded at all."""
    for source in (ROOT / "duchatai").rglob("*.py"):
        text = source.read_text("utf-8")
        for module in ("pickle", "marshal", "shelve", "dill"):
            assert f"import {module}" not in text, source
            assert f"from {module} " not in text, source
    probe = (
        "import sys\nfrom duchatai.entry import main\n"
        "sys.argv = ['duchatai', '--ledger', sys.argv[1], '--today', '2026-11-20', *sys.argv[2:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('pickle=' + str('pickle' in sys.modules) + '\\n')\n"
    )
    for args in (["overdue"], ["list", "--json"], ["show", "DC-2026-0004", "--json"],
                 ["overdue"]):  # cold, then warm
        done = subprocess.run([sys.executable, "-c", probe, str(demo), *args],
                              capture_output=True, text=True)
        assert done.stderr.strip().splitlines()[-1] == "pickle=False", (args, done.stderr)


# -- the stored shapes --------------------------------------------------------------------


def test_every_brief_field_is_checked() -> None:
    """A field added to ``Brief`` needs a checker, or every cached brief is a miss."""
    unknown = [name for name, check in zip(brief_module.Brief._fields,
                                           brief_module.BRIEF_CHECKS, strict=True)
               if check is brief_module._unknown]
    assert unknown == []


def test_items_round_trip_exactly(demo: Path) -> None:
    codec = item_codec()
    assert codec is not None  # every field of Item has a stored form
    items, problems = index.parse_all(Ledger(demo), None, lambda item: item)
    assert problems == [] and items
    for item in items:
        assert item.path is not None
        text = codec.dumps(item)
        assert text is not None
        back = codec.loads(text, item.path)
        assert back == item and back.path == item.path
        assert back.due_basis == item.due_basis
        assert codec.loads(text, item.path.with_name("DC-2099-0001.yaml")) is None


def test_a_new_field_is_stored_and_changes_the_version() -> None:
    """The codec and the version follow the dataclasses: a ``recorded_on`` added to a
    record needs no hand-written code and no hand-bumped version."""
    old = dataclasses.make_dataclass("Rec", [("date", dt.date), ("text", str)])
    new = dataclasses.make_dataclass(
        "Rec", [("date", dt.date), ("text", str), ("recorded_on", dt.date | None)]
    )
    assert _shape(old, set()) != _shape(new, set())
    encode, decode = _record_codec(new)
    value = new(dt.date(2026, 11, 2), "x", dt.date(2026, 11, 20))
    assert decode(json.loads(json.dumps(encode(value)))) == value
    with pytest.raises(ValueError):
        decode([739000, "x"])  # a row stored before the field existed
    assert schema_version() > 0


scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
           | st.floats(allow_nan=False) | st.dates()
           | st.datetimes(timezones=st.none() | st.just(dt.UTC)).map(lambda d: d.replace(fold=0)))
keys = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates()
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def _typed(value: object) -> object:
    """``value`` with every type spelled out (1 == True == 1.0 in plain equality)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


@given(values)
def test_plain_values_round_trip_exactly(value: object) -> None:
    assert _typed(plain.loads(plain.dumps(value))) == _typed(value)


@pytest.mark.parametrize("text", ['["x"]', '["m", ["l"], 1]', '["m", 1]', '["d", 5]',
                                  '["d", "2026-02-30"]', "{}", "[", '"\\ud800"x'])
def test_plain_refuses_what_it_never_wrote(text: str) -> None:
    with pytest.raises(plain.Malformed):
        plain.loads(text)


def test_plain_does_not_store_what_it_cannot_give_back() -> None:
    for value in (b"bytes", {1, 2}, (1, 2), {"k": object()}, dt.datetime(2026, 1, 1, fold=1)):
        with pytest.raises(plain.Unencodable):
            plain.dumps(value)


# -- the merge driver: one id, two items --------------------------------------------------


REGISTERED = {
    "id": "DC-2026-0007", "title": "同名事项", "category": "leader-instruction",
    "kind": "routine", "status": "registered", "start": dt.date(2026, 11, 17),
    "due": dt.date(2026, 12, 1), "weekly": False, "complex": False, "source": "",
    "lead_unit": "市水务局", "co_units": [], "responsible": "", "registered_by": "甲",
    "reports": [], "urges": [],
}


@pytest.mark.parametrize("field, value", [
    ("lead_unit", "市交通运输局"), ("registered_by", "乙"), ("category", "upper"),
    ("source", "另一通知"), ("co_units", ["历下区政府"]), ("kind", "comprehensive"),
])
def test_same_title_same_day_different_registration_collides(field: str, value: object) -> None:
    theirs = {**REGISTERED, field: value}
    assert not same_record(REGISTERED, theirs)
    with pytest.raises(IdCollision):
        merge_records(None, REGISTERED, theirs)


def test_the_same_item_added_on_both_sides_still_merges() -> None:
    ours = {**REGISTERED, "urges": [{"date": dt.date(2026, 11, 18), "note": "甲催"}]}
    theirs = {**REGISTERED, "urges": [{"date": dt.date(2026, 11, 19), "note": "乙催"}]}
    merged, conflicts = merge_records(None, ours, theirs)
    assert conflicts == []
    assert [u["note"] for u in merged["urges"]] == ["甲催", "乙催"]


def test_two_criticisms_under_one_id_collide() -> None:
    ours = {"id": "TB-2026-0001", "unit": "市水务局", "date": dt.date(2026, 11, 2),
            "reason": "超期", "items": [], "by": "甲"}
    with pytest.raises(IdCollision):
        merge_records(None, ours, {**ours, "reason": "未报送"})
    merged, _ = merge_records(None, ours, {**ours, "items": ["DC-2026-0001"]})
    assert merged["items"] == ["DC-2026-0001"]


def test_two_clones_registering_one_title_for_two_units_are_two_items(
    tmp_path: Path, run: Run
) -> None:
    """Without clerk codes both clones hand out DC-2026-0001: the sync renumbers the
    unshared one instead of merging two units' items into one."""
    first, second = clones_without_clerk_codes(run, tmp_path)
    for clone, unit in ((first, "市水务局"), (second, "市交通运输局")):
        assert run("register", "同名事项", "--category", "leader-instruction", "--lead", unit,
                   ledger=clone, by="同一人", today=DAY).exit_code == 0
    assert run("sync", ledger=first).exit_code == 0
    result = run("sync", ledger=second)
    assert result.exit_code == 0, result
    assert "DC-2026-0001" in result.stderr and "DC-2026-0002" in result.stderr
    units = [json.loads(run("show", i, "--json", ledger=second).stdout)["lead_unit"]
             for i in ("DC-2026-0001", "DC-2026-0002")]
    assert units == ["市水务局", "市交通运输局"]
    assert git(second, "status", "--porcelain") == ""


def test_check_names_tracked_state_and_code(ledger: Path, run: Run) -> None:
    assert run("check", ledger=ledger).exit_code == 0
    planted = {".duchatai/index.sqlite": b"x", "duchatai/__init__.py": b"",
               "duchatai/sub/mod.py": b"", "duchatai.cpython-311-x86_64-linux-gnu.so": b""}
    for name, data in planted.items():
        (ledger / name).parent.mkdir(parents=True, exist_ok=True)
        (ledger / name).write_bytes(data)
    (ledger / "duchatai.pyc").write_bytes(b"")  # present but not tracked: not git's doing
    git(ledger, "add", "-f", "--", *planted)
    git(ledger, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "plant")
    result = run("check", ledger=ledger)
    assert result.exit_code == 1
    named = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert sorted(named) == sorted(planted)
    assert "git rm -r --cached" in result.stdout
    as_json = json.loads(run("check", "--json", ledger=ledger).stdout)
    assert sorted(p["path"] for p in as_json) == sorted(planted)
