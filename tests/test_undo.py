"""Issue 15: ``undo`` (a new commit, never a rewrite), ``register --backdate``, and
``assign`` (the registered lead unit by default, whom a re-assignment took the item
from, and "nothing to change" instead of git's empty-commit error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Run, commit_count, git, git_head, shared_office, snapshot
from hypothesis import given
from hypothesis import strategies as st

from duchatai.core.backdating import implausible_dates, year_before
from duchatai.core.messages import set_lang

D = dt.date
ID = "DC-2026-0001"
TODAY = "2026-11-20"


# -- the rule (core/backdating.py) ----------------------------------------------


def test_implausible_dates() -> None:
    set_lang("en")
    try:
        today = D(2026, 11, 20)
        assert implausible_dates(D(2025, 11, 20), D(2026, 11, 20), today) is None
        assert "more than a year ago" in (implausible_dates(D(2025, 11, 19), today, today) or "")
        assert "already passed" in (implausible_dates(today, D(2026, 11, 19), today) or "")
        assert year_before(D(2028, 2, 29)) == D(2027, 2, 28)
    finally:
        set_lang("zh")


@given(
    today=st.dates(D(1950, 1, 1), D(2150, 12, 31)),
    back=st.integers(0, 800),
    ahead=st.integers(-30, 30),
)
def test_implausible_dates_property(today: dt.date, back: int, ahead: int) -> None:
    start = today - dt.timedelta(days=back)
    due = today + dt.timedelta(days=ahead)
    refused = implausible_dates(start, due, today) is not None
    assert refused == (start < year_before(today) or due < today)
    assert (today - year_before(today)).days in (365, 366)


# -- undo ---------------------------------------------------------------------


def _register_assign(run: Run, ledger: Path) -> None:
    for args in (
        ("register", "防汛物资储备", "-c", "leader-instruction", "--lead", "市水务局"),
        ("assign", ID),
    ):
        result = run(*args, ledger=ledger, today=TODAY)
        assert result.exit_code == 0, result


def _refused(run: Run, ledger: Path, words: str, **options: str) -> None:
    head, files = git_head(ledger), snapshot(ledger)
    result = run("undo", ledger=ledger, **options)
    assert result.exit_code == 1, result
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert git_head(ledger) == head and snapshot(ledger) == files


def test_cli_undo(run: Run, ledger: Path) -> None:
    _register_assign(run, ledger)
    registered = (ledger / "items" / f"{ID}.yaml").read_bytes()
    assert run("assign", ID, "--lead", "市财政局", ledger=ledger, today=TODAY).exit_code == 0
    assigned_twice = git_head(ledger)
    count = commit_count(ledger)
    # No remote: every local commit is unsynced. The undo is a new commit.
    result = run("undo", ledger=ledger, today=TODAY)
    assert result.exit_code == 0, result
    assert (
        "assign DC-2026-0001 to 市财政局" in result.stdout and assigned_twice[:7] in result.stdout
    )
    assert commit_count(ledger) == count + 1
    assert (
        git(ledger, "log", "-1", "--format=%s")
        == "undo assign DC-2026-0001 to 市财政局 (from 市水务局)"
    )
    assert assigned_twice in git(ledger, "log", "-1", "--format=%b")
    assert git(ledger, "rev-parse", "HEAD~1") == assigned_twice  # history kept
    assert "市水务局" in (ledger / "items" / f"{ID}.yaml").read_text(encoding="utf-8")
    assert git(ledger, "status", "--porcelain") == ""
    # The last change is now an undo: undo goes back one step only.
    _refused(run, ledger, "本身就是撤销")
    # Another clerk's change is not this clerk's to undo.
    assert run("urge", ID, ledger=ledger, today=TODAY, by="王五").exit_code == 0
    _refused(run, ledger, "这是 王五 的操作")
    # A hand commit is not a duchatai change.
    (ledger / "notes.txt").write_text("x", encoding="utf-8")
    git(ledger, "add", "notes.txt")
    git(ledger, "-c", "user.name=测试员", "-c", "user.email=a@b", "commit", "-qm", "hand notes")
    _refused(run, ledger, "不是 duchatai 的操作")
    assert registered  # the first version stays in git's history
    assert run("withdraw", ID, "--reason", "重复", ledger=ledger, today=TODAY).exit_code == 0
    assert run("undo", ledger=ledger, today=TODAY, lang="en").exit_code == 0


def test_cli_undo_register_removes_the_file(run: Run, ledger: Path) -> None:
    result = run("register", "误录", "-c", "leader-instruction", ledger=ledger, today=TODAY)
    assert result.exit_code == 0
    assert run("undo", ledger=ledger, today=TODAY).exit_code == 0
    assert not (ledger / "items" / f"{ID}.yaml").exists()
    assert git(ledger, "status", "--porcelain") == ""
    assert run("list", "--json", ledger=ledger, today=TODAY).stdout.strip() == "[]"


def test_cli_undo_refuses_a_synced_change(run: Run, tmp_path: Path) -> None:
    _, one, _ = shared_office(run, tmp_path, ("one", "LX"), ("two", "WF"))
    # LX's assign is in origin: synced, so not undone.
    _refused(run, one, "已同步到 origin/", by="测试员")
    # The first commit of a ledger is no change to undo.
    fresh = tmp_path / "fresh"
    assert run("init", str(fresh)).exit_code == 0
    _refused(run, fresh, "没有可撤销的操作")


# -- register --backdate ----------------------------------------------------------


def test_cli_register_backdate(run: Run, ledger: Path) -> None:
    for args, words in (
        (("-c", "leader-instruction", "--start", "2025-11-19"), "早于一年前"),
        (("-c", "document", "--start", "2026-10-01", "--due", "2026-11-19"), "已过"),
    ):
        head, files = git_head(ledger), snapshot(ledger)
        result = run("register", "旧事项", *args, ledger=ledger, today=TODAY)
        assert result.exit_code == 1 and words in result.stderr and "--backdate" in result.stderr
        assert git_head(ledger) == head and snapshot(ledger) == files
        result = run("register", "旧事项", *args, "--backdate", ledger=ledger, today=TODAY)
        assert result.exit_code == 0, result
    # A year ago to the day, and a due date of today, are no backdating.
    ok = run(
        "register",
        "x",
        "-c",
        "document",
        "--start",
        "2025-11-20",
        "--due",
        TODAY,
        ledger=ledger,
        today=TODAY,
    )
    assert ok.exit_code == 0, ok


# -- assign ---------------------------------------------------------------------


def test_cli_assign_nothing_to_change(run: Run, ledger: Path) -> None:
    _register_assign(run, ledger)
    head, files = git_head(ledger), snapshot(ledger)
    result = run("assign", ID, "--lead", "市水务局", ledger=ledger, today=TODAY)
    assert result.exit_code == 0, result
    assert "无需修改" in result.stdout and "nothing to commit" not in result.stdout + result.stderr
    assert git_head(ledger) == head and snapshot(ledger) == files
    english = run("assign", ID, ledger=ledger, today=TODAY, lang="en")
    assert english.exit_code == 0 and "nothing to change" in english.stdout


def test_cli_assign_defaults_to_the_registered_lead(run: Run, ledger: Path) -> None:
    _register_assign(run, ledger)  # ``assign ID`` without --lead
    shown = (ledger / "items" / f"{ID}.yaml").read_text(encoding="utf-8")
    assert "lead_unit: 市水务局" in shown and "assigned_on: 2026-11-20" in shown
    assert git(ledger, "log", "-1", "--format=%s") == f"assign {ID} to 市水务局"
    # No lead unit at registration: refused, nothing changed.
    assert (
        run("register", "无主办", "-c", "leader-instruction", ledger=ledger, today=TODAY).exit_code
        == 0
    )
    head = git_head(ledger)
    refused = run("assign", "DC-2026-0002", ledger=ledger, today=TODAY)
    assert (
        refused.exit_code == 1 and "--lead" in refused.stderr and "没有主办单位" in refused.stderr
    )
    assert git_head(ledger) == head


def test_cli_reassign_says_whom_from(run: Run, ledger: Path) -> None:
    _register_assign(run, ledger)
    result = run("assign", ID, "--lead", "市财政局", ledger=ledger, today=TODAY)
    assert result.exit_code == 0, result
    assert result.stdout.strip() == "已交办 DC-2026-0001 → 市财政局（改自 市水务局）"
    english = run("assign", ID, "--lead", "市水务局", ledger=ledger, today=TODAY, lang="en")
    assert "assigned DC-2026-0001 to 市水务局 (taken from 市财政局)" in english.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_undo_help(run: Run, lang: str) -> None:
    assert run("undo", "--help", today=None, lang=lang).exit_code == 0
