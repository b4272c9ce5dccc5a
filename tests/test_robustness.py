"""Robustness (issue 6): broken files, killed writers, concurrent writers, the cache.

The ledger is the office's official record: a broken file is reported and
skipped, never fatal for the reports; a writer killed at any moment leaves
every file parseable; concurrent writers lose nothing; the disposable cache is
never trusted wrongly and never an error for the user.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from conftest import Run, commit_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duchatai.core.model import Item
from duchatai.store.ledger import Ledger
from duchatai.store.yamlio import _safe_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
VICTIM = "DC-2026-0002"
"""The item file the fuzz breaks; the other three must carry on."""
OTHERS = ["DC-2026-0001", "DC-2026-0003", "DC-2026-0004"]
BROKEN_LINE = re.compile(rf"^items/{VICTIM}\.yaml:\d+(:\d+)?: \S")


def _populate(run: Run, ledger: Path) -> None:
    """Four executive-meeting items started 2026-10-09: all overdue on 2026-11-20."""
    for n, unit in enumerate(["市交通运输局", "市教育局", "市财政局", "市水务局"], 1):
        result = run(
            "register",
            f"常务会议决定事项：测试事项{n}",
            "-c",
            "executive-meeting",
            "--start",
            "2026-10-09",
            "--backdate",
            "--lead",
            unit,
            ledger=ledger,
        )
        assert result.exit_code == 0, result
    result = run("assign", "DC-2026-0001", "--lead", "市交通运输局", ledger=ledger)
    assert result.exit_code == 0, result


@pytest.fixture(scope="module")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four-item ledger, made once per module (each commit costs a git run)."""
    from typer.testing import CliRunner

    from duchatai.cli import app
    from duchatai.core.messages import set_lang

    root = tmp_path_factory.mktemp("template") / "ledger"
    home = root.parent / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")

        def run(*args: str, ledger: Path | None = None) -> object:
            argv = ["--ledger", str(ledger)] if ledger else []
            argv += ["--today", "2026-11-20", "--by", "测试员", *args]
            result = CliRunner().invoke(app, argv)
            set_lang("zh")
            return result

        result = run("init", str(root), "--office", "测试督查室")
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        _populate(run, root)  # type: ignore[arg-type]
    return root


@pytest.fixture
def small(small_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the four-item ledger (one of them assigned), git history included."""
    root = tmp_path / "small"
    shutil.copytree(small_template, root, symlinks=True)
    shutil.rmtree(root / ".duchatai", ignore_errors=True)
    shutil.rmtree(root / ".git" / "duchatai", ignore_errors=True)  # the template's cache
    return root


def _replace(path: Path, data: bytes) -> None:
    """Put new bytes in place the way an editor saving a copy does (a new inode)."""
    tmp = path.with_name(f".{path.name}.edit")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _ids(stdout: str) -> list[str]:
    return sorted(entry["id"] for entry in json.loads(stdout))


def _no_crash(result: object) -> None:
    exception = getattr(result, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in getattr(result, "stdout", "") + getattr(result, "stderr", "")


def _assert_reported_and_skipped(run: Run, ledger: Path) -> None:
    checked = run("check", ledger=ledger)
    _no_crash(checked)
    assert checked.exit_code == 1, checked
    lines = checked.stdout.splitlines()
    assert lines, checked
    for line in lines:
        assert BROKEN_LINE.match(line), line  # only the victim, as path:line[:column]: message
    for command in ("overdue", "list"):
        result = run(command, "--json", ledger=ledger)
        _no_crash(result)
        assert result.exit_code == 0, result
        assert _ids(result.stdout) == OTHERS
        assert f"items/{VICTIM}.yaml" in result.stderr


# -- (a) fuzz: random bytes in one item file ------------------------------------------


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=3000))
def test_random_bytes_in_an_item_file_are_reported_and_skipped(
    run: Run, small: Path, data: bytes
) -> None:
    _replace(small / "items" / f"{VICTIM}.yaml", data)
    _assert_reported_and_skipped(run, small)


def _handcrafted(valid: bytes) -> dict[str, bytes]:
    text = valid.decode("utf-8")
    return {
        "empty": b"",
        "a YAML list": b"- id: DC-2026-0002\n- title: x\n",
        "a mapping without due": "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith("due:")
        ).encode("utf-8"),
        "invalid UTF-8": valid.replace("测试事项".encode(), b"\xff\xfe\xfd", 1),
        "a huge line": valid + b"x" * 1_000_000 + b"\n",  # a key without its colon
        "an unclosed quote": valid.replace(b"title: ", b'title: "', 1),
        "a tab indent": valid.replace(b"\n  ", b"\n\t", 1),
        "a date that is no date": valid.replace(b"start: 2026-10-09", b"start: 2026-13-45", 1),
        "a bad status": valid.replace(b"status: registered", b"status: lost", 1),
    }


@pytest.mark.parametrize(
    "case",
    [
        "empty",
        "a YAML list",
        "a mapping without due",
        "invalid UTF-8",
        "a huge line",
        "an unclosed quote",
        "a tab indent",
        "a date that is no date",
        "a bad status",
    ],
)
def test_handcrafted_broken_file_is_reported_and_skipped(
    run: Run, small: Path, case: str
) -> None:
    path = small / "items" / f"{VICTIM}.yaml"
    data = _handcrafted(path.read_bytes())[case]
    assert data != path.read_bytes()
    _replace(path, data)
    _assert_reported_and_skipped(run, small)


def test_check_survives_a_scalar_due_basis(run: Run, small: Path) -> None:
    """Regression: ``dict(5)``'s TypeError got past check_item_file_data's ValueError."""
    path = small / "items" / f"{VICTIM}.yaml"
    text = path.read_text("utf-8")
    start = text.index("due_basis:")
    end = text.index("milestones:")
    _replace(path, (text[:start] + "due_basis: 5\n" + text[end:]).encode("utf-8"))
    _assert_reported_and_skipped(run, small)


def test_check_survives_a_start_date_at_the_end_of_time(run: Run, small: Path) -> None:
    """Regression: WorkCalendar._table(9999) built date(10000, 1, 1) inside checks._check_due."""
    path = small / "items" / f"{VICTIM}.yaml"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^start: .*$", "start: 9999-12-30", text)
    text = re.sub(r"(?m)^due: .*$", "due: 9999-12-31", text)
    _replace(path, text.encode("utf-8"))
    checked = run("check", ledger=small)
    _no_crash(checked)
    assert checked.exit_code == 1


def test_working_days_up_to_the_last_representable_year() -> None:
    """Regression: an open item due 9999-12-31 (a typo) killed ``overdue`` in due_within."""
    from duchatai.core.workdays import WorkCalendar

    assert WorkCalendar().between(dt.date(9999, 12, 1), dt.date(9999, 12, 31)) > 0


# -- (b) SIGKILL during a write loop -----------------------------------------------------

WRITER = """
import datetime as dt, itertools, random, sys
from pathlib import Path
from duchatai.store.files import atomic_write
from duchatai.store.yamlio import dump_record, parse_yaml
from duchatai.core.model import Item, Urge

files = sorted(Path(sys.argv[1]).glob("DC-*.yaml"))
rng = random.Random(int(sys.argv[2]))
print("ready", flush=True)
for n in itertools.count():
    path = rng.choice(files)
    data = path.read_bytes()
    item = Item.from_record(parse_yaml(data), path)
    item.urges.append(Urge(dt.date(2026, 11, 20), "phone", f"n{n}" * rng.randint(1, 300)))
    if len(item.urges) > 4:  # shrink too, so sizes go both ways
        item.urges = item.urges[-1:]
    atomic_write(path, dump_record(item.to_record(), data))
"""


def test_sigkill_during_a_write_loop_leaves_every_file_parseable(
    run: Run, small: Path
) -> None:
    items_dir = small / "items"
    rng = random.Random(6)
    for attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(items_dir), str(attempt)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read()
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()  # still writing
        for path in sorted(items_dir.glob("DC-*.yaml")):
            item = Item.from_record(parse_yaml(path.read_bytes()), path)
            assert item.id == path.stem
    # A writer killed between mkstemp and rename leaves a temp file; make sure one
    # exists (half-written) and that it is never read as an item.
    (items_dir / f".{VICTIM}.yaml.killed.tmp").write_bytes(b"id: DC-2026-0002\ntitle: \xe6")
    items, problems = Ledger(small).load_all()
    assert problems == []
    assert sorted(i.id for i in items) == sorted([VICTIM, *OTHERS])
    listed = run("list", "--json", ledger=small)
    assert listed.exit_code == 0, listed
    assert _ids(listed.stdout) == sorted([VICTIM, *OTHERS])
    assert listed.stderr == ""
    assert run("check", ledger=small).exit_code == 0


# -- (c) 16 concurrent writers ------------------------------------------------------------


def _spawn(ledger: Path, by: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "duchatai", "--ledger", str(ledger), "--today", "2026-11-20",
         "--by", by, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def _git_clean(ledger: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=ledger, capture_output=True, text=True, check=True
    ).stdout


def test_sixteen_concurrent_urges_lose_nothing(run: Run, small: Path) -> None:
    before = commit_count(small)
    procs = [_spawn(small, f"w{i}", "urge", "DC-2026-0001", "--note", f"n{i}") for i in range(16)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    item = Ledger(small).get("DC-2026-0001")
    assert sorted(u.note for u in item.urges) == sorted(f"n{i}" for i in range(16))
    assert sorted(u.by for u in item.urges) == sorted(f"w{i}" for i in range(16))
    assert commit_count(small) == before + 16
    assert _git_clean(small) == ""


def test_sixteen_concurrent_registers_get_distinct_ids(run: Run, ledger: Path) -> None:
    before = commit_count(ledger)
    procs = [
        _spawn(ledger, f"w{i}", "register", f"并发登记{i}", "-c", "upper", "--json")
        for i in range(16)
    ]
    ids = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        ids.append(json.loads(out)["id"])
    assert len(set(ids)) == 16
    assert sorted(p.stem for p in (ledger / "items").glob("DC-*.yaml")) == sorted(ids)
    titles = {Ledger(ledger).get(i).title for i in ids}
    assert titles == {f"并发登记{i}" for i in range(16)}
    assert commit_count(ledger) == before + 16
    assert _git_clean(ledger) == ""


# -- (d) the cache ---------------------------------------------------------------------------


def _cache(ledger: Path) -> Path:
    """The item cache, in the ledger's state directory inside the git directory."""
    from duchatai.store.statedir import state_dir

    state = state_dir(ledger)
    assert state is not None
    return state / "index.sqlite"


def _drop_cache(ledger: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_cache(ledger)}{suffix}").unlink(missing_ok=True)


def test_warm_results_equal_cold_results(run: Run, small: Path) -> None:
    _drop_cache(small)
    cold = [run(c, "--json", ledger=small) for c in ("list", "overdue", "due", "stats")]
    assert _cache(small).exists()
    warm = [run(c, "--json", ledger=small) for c in ("list", "overdue", "due", "stats")]
    for a, b in zip(cold, warm, strict=True):
        assert a.exit_code == b.exit_code == 0, (a, b)
        assert a.stdout == b.stdout
    assert len(json.loads(warm[0].stdout)) == 4


def test_same_size_hand_edit_is_seen(run: Run, small: Path) -> None:
    assert run("list", "--json", ledger=small).exit_code == 0  # the cache is warm
    path = small / "items" / "DC-2026-0003.yaml"
    before = path.read_bytes()
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # in place: same inode, same size
        handle.write(before.replace("测试事项3".encode(), "测试事项8".encode(), 1))
    assert path.stat().st_size == size
    listed = run("list", "--json", ledger=small)
    titles = {e["id"]: e["title"] for e in json.loads(listed.stdout)}
    assert titles["DC-2026-0003"] == "常务会议决定事项：测试事项8"


def test_same_size_edit_keeping_the_mtime_is_seen(run: Run, small: Path) -> None:
    """An in-place edit that keeps size and mtime (cp -p, touch -r) still moves the ctime."""
    assert run("list", "--json", ledger=small).exit_code == 0
    path = small / "items" / "DC-2026-0003.yaml"
    stat = path.stat()
    data = path.read_bytes().replace("测试事项3".encode(), "测试事项8".encode(), 1)
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    listed = run("list", "--json", ledger=small)
    titles = {e["id"]: e["title"] for e in json.loads(listed.stdout)}
    assert titles["DC-2026-0003"] == "常务会议决定事项：测试事项8"


def test_corrupt_cache_is_rebuilt_silently(run: Run, small: Path) -> None:
    good = run("list", "--json", ledger=small)
    assert good.exit_code == 0
    _drop_cache(small)
    _cache(small).write_bytes(bytes(random.Random(1).randrange(256) for _ in range(8192)))
    again = run("list", "--json", ledger=small)
    assert (again.exit_code, again.stdout, again.stderr) == (0, good.stdout, "")
    with sqlite3.connect(_cache(small)) as connection:  # a real database again
        assert connection.execute("SELECT count(*) FROM items").fetchone()[0] == 4
    # Garbage over a live cache (header intact, pages not) is not trusted either.
    data = bytearray(_cache(small).read_bytes())
    data[200:] = b"\x00garbage" * ((len(data) - 200) // 8) + b"\x00" * ((len(data) - 200) % 8)
    _cache(small).write_bytes(bytes(data))
    third = run("list", "--json", ledger=small)
    assert (third.exit_code, third.stdout, third.stderr) == (0, good.stdout, "")


LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive-mode":
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("DELETE FROM items WHERE 0")
print("locked", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""


@pytest.mark.parametrize("mode", ["begin-exclusive", "exclusive-mode"])
def test_locked_cache_does_not_fail_the_read(run: Run, small: Path, mode: str) -> None:
    good = run("list", "--json", ledger=small)
    assert good.exit_code == 0
    path = small / "items" / "DC-2026-0004.yaml"
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(_cache(small)), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert locker.stdout is not None
        assert locker.stdout.readline().strip() == b"locked"
        # A changed file makes the reader want to write its row: it cannot.
        _replace(path, path.read_bytes().replace("测试事项4".encode(), "测试事项九".encode()))
        expected = good.stdout.replace("测试事项4", "测试事项九")
        for _ in range(2):
            result = run("list", "--json", ledger=small)
            assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    finally:
        locker.communicate(b"", timeout=10)
    after = run("list", "--json", ledger=small)
    assert (after.exit_code, after.stdout, after.stderr) == (0, expected, "")


def test_index_rebuild(run: Run, small: Path) -> None:
    good = run("list", "--json", ledger=small)
    result = run("index", "rebuild", ledger=small)
    assert result.exit_code == 0, result
    assert "4" in result.stdout
    assert _cache(small).exists()
    again = run("list", "--json", ledger=small)
    assert again.stdout == good.stdout


def test_deleted_item_file_drops_out(run: Run, small: Path) -> None:
    assert _ids(run("list", "--json", ledger=small).stdout) == sorted([VICTIM, *OTHERS])
    (small / "items" / f"{VICTIM}.yaml").unlink()
    for command in ("list", "overdue"):
        result = run(command, "--json", ledger=small)
        assert result.exit_code == 0, result
        assert _ids(result.stdout) == OTHERS
    with sqlite3.connect(_cache(small)) as connection:
        paths = [p for (p,) in connection.execute("SELECT path FROM items")]
    assert len(paths) == 3 and not any(VICTIM in p for p in paths)


# -- (e) the C parser ----------------------------------------------------------------------


def test_the_c_parser_is_in_use() -> None:
    import _ruamel_yaml  # ruamel.yaml.clib

    assert _safe_yaml().Parser is _ruamel_yaml.CParser
    assert parse_yaml(b"start: 2026-11-20\n") == {"start": dt.date(2026, 11, 20)}


# -- (f) check on a generated ledger -------------------------------------------------------


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _line_of(path: Path, prefix: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.startswith(prefix):
            return number
    raise AssertionError(f"{prefix} not in {path}")


def test_check_on_a_generated_ledger(run: Run, tmp_path: Path) -> None:
    generate = _generate_module()
    root = tmp_path / "generated"
    items = generate.generate(200, root, git=False, verify=200)  # byte-exact vs dump_record
    assert len(items) == 200
    clean = run("check", ledger=root)
    assert clean.exit_code == 0, clean.stdout
    late = run("overdue", "--json", ledger=root)
    assert late.exit_code == 0 and late.stderr == ""
    assert 0.3 <= len(json.loads(late.stdout)) / 200 <= 0.5

    files = sorted((root / "items").glob("DC-*.yaml"))
    explicit = [p for p in files if "basis: explicit" in p.read_text("utf-8")]
    first = files[0]
    second = next(p for p in explicit if p != first)
    third = next(p for p in files if p not in (first, second))
    text = first.read_text("utf-8")
    first.write_text(re.sub(r"(?m)^category: .*$", "category: no-such-category", text), "utf-8")
    text = second.read_text("utf-8")
    start = re.search(r"(?m)^start: (.*)$", text)
    assert start is not None
    earlier = dt.date.fromisoformat(start.group(1)) - dt.timedelta(days=1)
    second.write_text(re.sub(r"(?m)^due: .*$", f"due: {earlier}", text, count=1), "utf-8")
    text = third.read_text("utf-8")
    third.write_text(text.replace(f"id: {third.stem}", "id: DC-2026-9999", 1), "utf-8")

    broken = run("check", ledger=root, lang="en")
    assert broken.exit_code == 1
    lines = broken.stdout.splitlines()
    expected = [
        (first, "category:", "category: unknown category 'no-such-category'; known: upper, "),
        (second, "due:", f"due: {earlier} is before start {start.group(1)}"),
        (third, "id:", f"id: DC-2026-9999 does not match the file name {third.name}"),
    ]
    for path, key, message in expected:
        # The line of the value (the contract's path:line; the column is in --json).
        where = f"items/{path.name}:{_line_of(path, key)}: {message}"
        assert any(line.startswith(where) for line in lines), (where, lines)
    assert len(lines) == 3, lines
