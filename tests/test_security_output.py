"""Issue 12, part E: ``--output`` writes only where it may (F15); backdating is recorded (F14).

``--output`` replaces only a regular file or creates a new one, never a link,
device, pipe or folder, never a file of the ledger, and always through a
temporary file and a rename. A write made with ``--today`` earlier than the
real date keeps its business date but says when it was really made
(``recorded_on``); an extension is judged against the real date, and the
figures count a backdated answer on the day it was made.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BuiltLedger, Run, commit_count, git_head

from duchatai.core.deadlines import judged_due
from duchatai.core.errors import InvalidInput
from duchatai.core.history import effective_date
from duchatai.core.model import Extension, Item, Report, Review, Status
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.reports import figures
from duchatai.store.output import write_output

D = dt.date
ID1 = "DC-2026-0001"
ID2 = "DC-2026-0002"
WATER = "市水务局"
ROADS = "市交通运输局"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def clean(root: Path) -> bool:
    return git(root, "status", "--porcelain", "--untracked-files=all") == ""


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _register(run: Run, ledger: Path) -> None:
    done = run("register", "城区排水改造", "--category", "leader-instruction",
               "--lead", WATER, ledger=ledger, today="2026-11-05")
    assert done.exit_code == 0, done


@pytest.fixture
def item_ledger(run: Run, built_ledger: BuiltLedger) -> Path:
    """A ledger holding one registered item, ``items/DC-2026-0001.yaml``."""
    return built_ledger("output-registered", lambda root: _register(run, root))


# -- --output: what may be replaced ------------------------------------------------


def _weekly(run: Run, ledger: Path, output: str | Path) -> object:
    return run("weekly", "--week", "2026-W47", "--format", "json", "--output", str(output),
               ledger=ledger)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("duchatai.yaml", "台账的记录或配置"),
        ("items/DC-2026-0001.yaml", "台账的记录或配置"),
        ("items/DC-2026-0099.yaml", "台账的记录或配置"),  # a new file the ledger would read
        (".git/config", "git 目录"),
        (".gitattributes", "git 的控制文件"),
    ],
)
def test_output_refuses_the_ledgers_own_files(
    run: Run, item_ledger: Path, target: str, reason: str
) -> None:
    path = item_ledger / target
    before = path.read_bytes() if path.exists() else None
    head, count = git_head(item_ledger), commit_count(item_ledger)
    result = _weekly(run, item_ledger, path)
    assert result.exit_code == 1, result  # type: ignore[attr-defined]
    line = result.stderr  # type: ignore[attr-defined]
    assert line.count("\n") == 1 and str(path) in line and reason in line
    assert "Traceback" not in line
    assert (path.read_bytes() if path.exists() else None) == before
    assert (git_head(item_ledger), commit_count(item_ledger)) == (head, count)
    assert clean(item_ledger)
    assert leftovers(path.parent) == []


def test_output_refuses_a_tracked_file_outside_the_record_folders(
    run: Run, item_ledger: Path
) -> None:
    readme = item_ledger / "README.md"
    readme.write_text("# 台账说明\n", encoding="utf-8")
    git(item_ledger, "add", "README.md")
    git(item_ledger, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "readme")
    result = _weekly(run, item_ledger, readme)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "由 git 管理" in result.stderr  # type: ignore[attr-defined]
    assert readme.read_text(encoding="utf-8") == "# 台账说明\n"


def test_output_through_a_symlinked_folder_into_the_ledger_is_refused(
    run: Run, item_ledger: Path, tmp_path: Path
) -> None:
    link = tmp_path / "shortcut"
    link.symlink_to(item_ledger)
    before = (item_ledger / "items" / f"{ID1}.yaml").read_bytes()
    result = _weekly(run, item_ledger, link / "items" / f"{ID1}.yaml")
    assert result.exit_code == 1 and "台账的记录或配置" in result.stderr  # type: ignore[attr-defined]
    assert (item_ledger / "items" / f"{ID1}.yaml").read_bytes() == before


def test_output_refuses_a_symlink_and_does_not_follow_it(
    run: Run, ledger: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(victim)
    result = _weekly(run, ledger, link)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "符号链接" in result.stderr and str(link) in result.stderr  # type: ignore[attr-defined]
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me\n"
    # A dangling link is refused too (it would create its target).
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere.json")
    assert _weekly(run, ledger, dangling).exit_code == 1  # type: ignore[attr-defined]
    assert not (tmp_path / "nowhere.json").exists() and dangling.is_symlink()
    assert leftovers(tmp_path) == []


def test_output_refuses_a_device_a_fifo_and_a_folder(
    run: Run, ledger: Path, tmp_path: Path
) -> None:
    null = _weekly(run, ledger, "/dev/null")
    assert null.exit_code == 1 and "设备文件" in null.stderr  # type: ignore[attr-defined]
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # Refused from lstat alone: opening a FIFO with no reader would hang here.
    piped = _weekly(run, ledger, fifo)
    assert piped.exit_code == 1 and "命名管道" in piped.stderr  # type: ignore[attr-defined]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "inside.txt").write_text("x", encoding="utf-8")
    result = run("export", "--format", "csv", "--output", str(folder), ledger=ledger)
    assert result.exit_code == 1 and "文件夹" in result.stderr
    assert folder.is_dir() and [p.name for p in folder.iterdir()] == ["inside.txt"]
    assert leftovers(tmp_path) == []


def test_output_writes_a_new_file_and_replaces_a_regular_one(
    run: Run, item_ledger: Path, tmp_path: Path
) -> None:
    new = tmp_path / "周报.json"
    result = _weekly(run, item_ledger, new)
    assert result.exit_code == 0, result
    assert json.loads(new.read_text(encoding="utf-8"))["week"] == "2026-W47"
    old = tmp_path / "台账.csv"
    old.write_text("old export\n", encoding="utf-8")
    old.chmod(0o640)
    done = run("export", "--format", "csv", "--output", str(old), ledger=item_ledger)
    assert done.exit_code == 0, done
    assert "城区排水改造" in old.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(old.stat().st_mode) == 0o640  # the clerk's permissions kept
    assert leftovers(tmp_path) == []


def test_output_inside_the_ledger_new_untracked_report_then_rewritten(
    run: Run, item_ledger: Path
) -> None:
    # The cron example: write reports/周报-W.html, commit it, rewrite it next run.
    (item_ledger / "reports").mkdir()
    html = item_ledger / "reports" / "周报-2026-W47.html"
    first = run("weekly", "--week", "2026-W47", "--format", "html", "--output", str(html),
                ledger=item_ledger)
    assert first.exit_code == 0, first
    git(item_ledger, "add", "reports")
    git(item_ledger, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "weekly")
    html.write_text("stale", encoding="utf-8")
    again = run("weekly", "--week", "2026-W47", "--format", "html", "--output", str(html),
                ledger=item_ledger)
    assert again.exit_code == 0, again
    assert "<html" in html.read_text(encoding="utf-8").lower()
    # An untracked scratch file next to the ledger's config is the clerk's to overwrite.
    scratch = item_ledger / "notes.md"
    scratch.write_text("draft", encoding="utf-8")
    assert _weekly(run, item_ledger, scratch).exit_code == 0  # type: ignore[attr-defined]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InvalidInput, match="No space left on device"):
        write_output(str(target), b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_output_in_parts_is_written_as_they_come_and_all_or_nothing(tmp_path: Path) -> None:
    """``weekly --format html --output``: the page's parts go to the temporary file as they
    are made (never joined in memory); a part that fails to come leaves the old file."""
    target = tmp_path / "周报.html"
    target.write_bytes(b"old")
    seen: list[int] = []

    def parts(fail: bool) -> Iterator[bytes]:
        for number in range(200):
            if number:  # what the file holds so far, the parts before this one all in it
                [temporary] = leftovers(tmp_path)
                seen.append((tmp_path / temporary).stat().st_size)
            yield b"<tr>%d</tr>" % number * 100
            if fail and number == 100:
                raise OSError(5, "Input/output error")

    with pytest.raises(InvalidInput, match="Input/output error"):
        write_output(str(target), parts(fail=True))
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []
    seen.clear()
    write_output(str(target), parts(fail=False))
    assert target.read_bytes() == b"".join(b"<tr>%d</tr>" % n * 100 for n in range(200))
    # Buffered, but written as it comes: the file grows while the parts are being made.
    assert len(seen) == 199 and seen[-1] > len(target.read_bytes()) // 2


def test_a_kill_mid_write_leaves_the_old_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "周报.html"
    target.write_bytes(b"<p>last week</p>")
    # The writer dies (SIGKILL, no clean-up possible) after writing all the new
    # bytes to disk and before the rename: the target must still be whole and old.
    script = (
        "import os, signal, sys\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from duchatai.store.output import write_output\n"
        "write_output(sys.argv[1], b'<p>this week</p>' * 100000)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], check=False,
                          capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert target.read_bytes() == b"<p>last week</p>"


# -- backdating (F14) -------------------------------------------------------------


def _show(run: Run, ledger: Path, item_id: str = ID1) -> dict[str, object]:
    result = run("show", item_id, "--json", ledger=ledger, today="2026-12-02")
    assert result.exit_code == 0, result
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _ok(run: Run, ledger: Path, *args: str, today: str) -> None:
    result = run(*args, ledger=ledger, today=today)
    assert result.exit_code == 0, result


def _assign(run: Run, ledger: Path) -> None:
    _register(run, ledger)
    _ok(run, ledger, "assign", ID1, "--lead", WATER, today="2026-11-05")
    assert _show(run, ledger)["due"] == "2026-11-10"


@pytest.fixture
def assigned(run: Run, built_ledger: BuiltLedger) -> Path:
    """DC-2026-0001, leader-instruction registered 2026-11-05 (Thu): due 11-10, assigned."""
    return built_ledger("output-assigned", lambda root: _assign(run, root))


def test_a_backdated_report_keeps_its_date_and_says_when_it_was_recorded(
    run: Run, assigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-12-02")
    _ok(run, assigned, "report", ID1, "--kind", "progress", "--text", "已开工",
        today="2026-11-10")
    _ok(run, assigned, "report", ID1, "--kind", "progress", "--text", "当天报送",
        today="2026-12-02")
    reports_ = _show(run, assigned)["reports"]
    assert isinstance(reports_, list)
    assert reports_[0]["date"] == "2026-11-10" and reports_[0]["recorded_on"] == "2026-12-02"
    # Written on its own date: nothing extra in the file.
    assert reports_[1]["date"] == "2026-12-02" and "recorded_on" not in reports_[1]
    text = (assigned / "items" / f"{ID1}.yaml").read_text(encoding="utf-8")
    assert text.count("recorded_on:") == 1
    shown = run("show", ID1, ledger=assigned, today="2026-12-02")
    assert "(补录于 2026-12-02)" in shown.stdout.replace("（", "(").replace("）", ")")
    english = run("show", ID1, ledger=assigned, today="2026-12-02", lang="en")
    assert "(recorded on 2026-12-02)" in english.stdout


def test_every_backdated_record_carries_the_real_date(
    run: Run, assigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(run, assigned, "milestone", "add", ID1, "完成设计", "--due", "2026-11-09",
        today="2026-11-05")
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-12-02")
    past = "2026-11-09"
    _ok(run, assigned, "urge", ID1, "--note", "请抓紧", today=past)
    _ok(run, assigned, "milestone", "done", ID1, "1", today=past)
    _ok(run, assigned, "report", ID1, "--kind", "result", "--text", "已完成", today=past)
    _ok(run, assigned, "review", ID1, "--accept", today=past)
    _ok(run, assigned, "close", ID1, today=past)
    _ok(run, assigned, "criticize", WATER, "--reason", "推进迟缓", today=past)
    data = _show(run, assigned)
    for key in ("urges", "reports", "reviews"):
        records = data[key]
        assert isinstance(records, list) and records[-1]["date"] == past, key
        assert records[-1]["recorded_on"] == "2026-12-02", key
    milestone = data["milestones"][0]  # type: ignore[index]
    assert milestone["done"] == past and milestone["recorded_on"] == "2026-12-02"
    assert data["closed_on"] == past
    assert data["recorded_on"] == {"close": "2026-12-02"}
    criticism = next((assigned / "criticisms").rglob("*.yaml")).read_text(encoding="utf-8")
    assert "date: 2026-11-09" in criticism and "recorded_on: 2026-12-02" in criticism


def test_a_later_today_is_not_backdating(run: Run, assigned: Path) -> None:
    # The suite pins the real date at 2000-01-01: --today after it records nothing.
    _ok(run, assigned, "report", ID1, "--kind", "result", "--text", "已完成",
        today="2026-11-09")
    text = (assigned / "items" / f"{ID1}.yaml").read_text(encoding="utf-8")
    assert "recorded_on" not in text


def test_extension_backdated_before_the_due_date_is_refused_as_late(
    run: Run, assigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-12-02")
    path = assigned / "items" / f"{ID1}.yaml"
    before, head = path.read_bytes(), git_head(assigned)
    args = ("extend", ID1, "--until", "2026-11-30", "--reason", "受天气影响")
    refused = run(*args, ledger=assigned, today="2026-11-06")
    assert refused.exit_code == 1, refused
    line = refused.stderr
    assert line.count("\n") == 1 and "2026-11-10" in line and "2026-12-02" in line
    assert "--late" in line and "Traceback" not in line
    assert path.read_bytes() == before and git_head(assigned) == head and clean(assigned)
    # The office accepts it late: recorded as late, with the real date.
    _ok(run, assigned, *args, "--late", today="2026-11-06")
    extension = _show(run, assigned)["extensions"][0]  # type: ignore[index]
    assert extension["late"] is True and extension["date"] == "2026-11-06"
    assert extension["recorded_on"] == "2026-12-02"


def test_extension_really_applied_before_the_due_date_is_not_late(
    run: Run, assigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-11-09")
    _ok(run, assigned, "extend", ID1, "--until", "2026-11-30", "--reason", "受天气影响",
        today="2026-11-06")
    extension = _show(run, assigned)["extensions"][0]  # type: ignore[index]
    assert extension["late"] is False and extension["recorded_on"] == "2026-11-09"


def test_stats_count_a_backdated_answer_as_late(
    run: Run, assigned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Item 2 (roads): the same dates, answered on time for real.
    _ok(run, assigned, "register", "道路修补", "--category", "leader-instruction",
        "--lead", ROADS, today="2026-11-05")
    _ok(run, assigned, "assign", ID2, "--lead", ROADS, today="2026-11-05")
    for step in (("report", ID2, "--kind", "result", "--text", "已完成"),
                 ("review", ID2, "--accept"), ("close", ID2)):
        _ok(run, assigned, *step, today="2026-11-09")
    # Item 1 (water): due 11-10, answered on 12-02 but entered as of 11-09.
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-12-02")
    for step in (("report", ID1, "--kind", "result", "--text", "已完成"),
                 ("review", ID1, "--accept"), ("close", ID1)):
        _ok(run, assigned, *step, today="2026-11-09")
    result = run("stats", "--year", "2026", "--json", ledger=assigned, today="2026-12-02")
    assert result.exit_code == 0, result
    by_unit = {r["unit"]: r for r in json.loads(result.stdout)}
    assert by_unit[ROADS] == {"unit": ROADS, "items": 1, "closed_on_time": 1,
                              "closed_late": 0, "open_overdue": 0, "on_time_rate": 1.0,
                              "weeks_missed": 0, "reopened": 0}
    assert by_unit[WATER] == {"unit": WATER, "items": 1, "closed_on_time": 0,
                              "closed_late": 1, "open_overdue": 0, "on_time_rate": 0.0,
                              "weeks_missed": 0, "reopened": 0}


def _item(**changes: object) -> Item:
    base = Item(id=ID1, title="t", category="leader-instruction", start=D(2026, 11, 5),
                due=D(2026, 11, 10), lead_unit=WATER, status=Status.ASSIGNED,
                assigned_on=D(2026, 11, 5))
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_stats_judge_open_items_and_extensions_on_recorded_dates() -> None:
    today = D(2026, 12, 2)
    # Open, answered by a result report dated 11-09 but written on 12-02: overdue.
    backdated = _item(status=Status.REPORTED, reports=[
        Report(D(2026, 11, 9), "result", "done", recorded_on=D(2026, 12, 2))])
    honest = _item(id=ID2, lead_unit=ROADS, status=Status.REPORTED,
                   reports=[Report(D(2026, 11, 9), "result", "done")])
    rows = {r.unit: r for r in figures.stats([backdated, honest], 2026, today, DEFAULT_PROFILE)}
    assert (rows[WATER].open_overdue, rows[WATER].on_time_rate) == (1, 0.0)
    assert (rows[ROADS].open_overdue, rows[ROADS].on_time_rate) == (0, None)
    # An extension written after the due it extended (a hand edit, no late flag)
    # does not move the due date the item is judged against.
    extension = Extension(D(2026, 11, 9), D(2026, 11, 10), D(2026, 11, 30), "r",
                          recorded_on=D(2026, 11, 12))
    closed = _item(due=D(2026, 11, 30), status=Status.CLOSED, closed_on=D(2026, 11, 20),
                   extensions=[extension],
                   reports=[Report(D(2026, 11, 20), "result", "done")],
                   reviews=[Review(D(2026, 11, 20), True, reports_seen=1)])
    assert judged_due(closed) == D(2026, 11, 10)
    row = figures.stats([closed], 2026, today, DEFAULT_PROFILE)[0]
    assert (row.closed_on_time, row.closed_late) == (0, 1)
    # Written on time, the same extension counts.
    extension.recorded_on = None
    assert judged_due(closed) == D(2026, 11, 30)


def test_recorded_on_round_trips_and_stays_out_of_files_when_unset() -> None:
    item = _item(reports=[Report(D(2026, 11, 9), "result", "x", recorded_on=D(2026, 12, 2)),
                          Report(D(2026, 11, 9), "progress", "y")],
                 closed_on=D(2026, 11, 9), recorded_on={"close": D(2026, 12, 2)})
    record = item.to_record()
    assert record["reports"][0]["recorded_on"] == D(2026, 12, 2)
    assert "recorded_on" not in record["reports"][1]
    assert Item.from_record(record) == item
    assert "recorded_on" not in _item().to_record()
    assert effective_date(item.reports[0]) == D(2026, 12, 2)
    assert effective_date(item.reports[1]) == D(2026, 11, 9)
    with pytest.raises(ValueError, match="recorded_on"):
        Item.from_record({**record, "recorded_on": {"party": "2026-12-02"}})
