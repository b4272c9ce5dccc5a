"""Every write is all or nothing (issue 12, deliverable 2: F4, F5, F9, F10, F16).

A write killed by any signal, failing on a full disk or a read-only file,
leaves the work tree, the index and HEAD exactly as they were, or finishes
whole; a writer killed outright leaves a journal the next command undoes.
Writes refuse uncommitted hand edits (unless ``--include-edits``), a detached
HEAD and a rebase/merge/cherry-pick/revert/bisect in progress; git pathspecs
are literal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, BuiltLedger, Run, commit_count, git_head, snapshot

import duchatai.store.change
import duchatai.store.git
import duchatai.store.journal
from duchatai.core.errors import GitError, LockTimeout
from duchatai.core.messages import t
from duchatai.store.interrupts import TEST_KILL_ENV
from duchatai.store.journal import JOURNAL_NAME, SPARE_NAME
from duchatai.store.ledger import Ledger
from duchatai.store.statedir import state_dir
from duchatai.store.yamlio import parse_yaml

LI = "leader-instruction"
ID1 = "DC-2026-0001"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result
    return result


def status(root: Path) -> str:
    """Everything git sees changed or untracked (ignored files aside)."""
    return git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=all")


def strays(root: Path) -> list[str]:
    """Temporary files, a journal or a git index lock left behind."""
    found = [str(p) for p in root.rglob("*.tmp") if ".git" not in p.parts]
    state = state_dir(root, create=False)
    if state is not None:
        kept = (state / JOURNAL_NAME, state / SPARE_NAME, state / f"{JOURNAL_NAME}.tmp")
        found += [str(p) for p in kept if p.exists()]
    git_dir = Path(git(root, "rev-parse", "--absolute-git-dir").strip())
    if (git_dir / "index.lock").exists():
        found.append("index.lock")
    return found


class Before:
    """The ledger as it stood: files, HEAD, status, the index."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = snapshot(root)
        self.head = git_head(root)
        self.status = status(root)
        self.index = git(root, "ls-files", "--stage")

    def unchanged(self) -> None:
        assert snapshot(self.root) == self.files
        assert git_head(self.root) == self.head
        assert status(self.root) == self.status
        assert git(self.root, "ls-files", "--stage") == self.index
        assert strays(self.root) == []


def cli(root: Path, *args: str, env: dict[str, str] | None = None, **popen: Any) -> Any:
    """``duchatai`` as a separate process (the one on PATH, i.e. the venv's)."""
    command = [
        shutil.which("duchatai") or "duchatai",
        "--ledger", str(root), "--today", TODAY, "--by", "测试员", *args,
    ]
    return subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.fixture
def assigned(built_ledger: BuiltLedger, run: Run) -> Path:
    """A ledger with one item in handling, ready to be urged."""

    def build(ledger: Path) -> None:
        ok(run("register", "批示", "--category", LI, ledger=ledger))
        ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))

    return built_ledger("txn-assigned", build)


def urges(root: Path) -> list[str]:
    data = parse_yaml((root / "items" / f"{ID1}.yaml").read_bytes())
    return [u.get("note") or "" for u in data.get("urges") or []]


# -- signals: SIGTERM and SIGHUP undo an import whole (F4) ----------------------------


def _big_csv(path: Path, rows: int) -> Path:
    lines = ["事项名称,类别,立项日期"]
    lines += [f"导入事项{i},{LI},2026-11-02" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_during_import_leaves_nothing_behind(
    assigned: Path, tmp_path: Path, signum: int
) -> None:
    source = _big_csv(tmp_path / "big.csv", 3000)
    before = Before(assigned)
    process = cli(assigned, "import", str(source))
    items = assigned / "items"
    deadline = time.monotonic() + 60
    while len(list(items.glob("*.yaml"))) < 20:  # the import is writing files
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import wrote no files in 60 s"
        time.sleep(0.02)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [t("txn_interrupted", signal=signum)]
    before.unchanged()


# -- SIGKILL: the next command undoes what a dead writer left (F9) --------------------


@pytest.mark.parametrize("step", ["journal", "written", "staged"])
def test_a_writer_killed_before_its_commit_is_undone_by_the_next_command(
    assigned: Path, run: Run, step: str
) -> None:
    before = Before(assigned)
    process = cli(assigned, "urge", ID1, "--note", "被杀", env={TEST_KILL_ENV: step})
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert strays(assigned) != [], "the dead writer must leave its journal"
    # A read finds the journal with the lock free, and undoes the change first.
    result = ok(run("list", ledger=assigned))
    assert t("txn_recovered", pid=process.pid) in result.stderr
    before.unchanged()
    # The next write commits its own change alone: no phantom urge rides along.
    ok(run("urge", ID1, "--note", "第二次", ledger=assigned))
    assert urges(assigned) == ["第二次"]
    assert commit_count(assigned) == before_count(before) + 1
    assert status(assigned) == ""


def before_count(before: Before) -> int:
    return int(git(before.root, "rev-list", "--count", before.head).strip())


def test_a_writer_killed_before_its_journal_leaves_nothing(assigned: Path, run: Run) -> None:
    before = Before(assigned)
    process = cli(assigned, "urge", ID1, env={TEST_KILL_ENV: "begun"})
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    result = ok(run("list", ledger=assigned))
    assert "Traceback" not in result.stderr and t("txn_recovered", pid=process.pid) not in (
        result.stderr
    )
    before.unchanged()


def test_recovery_unstages_only_the_dead_writers_files(assigned: Path, run: Run) -> None:
    ok(run("register", "另一事项", "--category", LI, ledger=assigned))
    process = cli(assigned, "urge", ID1, "--note", "被杀", env={TEST_KILL_ENV: "staged"})
    process.communicate(timeout=60)
    # Meanwhile a clerk stages an edit of another item by hand.
    other = assigned / "items" / "DC-2026-0002.yaml"
    other.write_text(other.read_text("utf-8") + "# 手工\n", "utf-8")
    git(assigned, "add", str(other))
    ok(run("list", ledger=assigned))
    assert status(assigned) == "M  items/DC-2026-0002.yaml\n"
    assert urges(assigned) == []


def test_a_writer_killed_after_its_commit_keeps_the_commit(assigned: Path, run: Run) -> None:
    head = git_head(assigned)
    process = cli(assigned, "urge", ID1, "--note", "已提交", env={TEST_KILL_ENV: "committed"})
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    result = ok(run("list", ledger=assigned))
    assert "Traceback" not in result.stderr
    assert git(assigned, "rev-parse", "HEAD~1").strip() == head
    assert urges(assigned) == ["已提交"]
    assert status(assigned) == "" and strays(assigned) == []


def test_a_stale_index_lock_of_a_killed_git_is_removed(assigned: Path, run: Run) -> None:
    before = Before(assigned)
    process = cli(assigned, "urge", ID1, env={TEST_KILL_ENV: "staged"})
    process.communicate(timeout=60)
    # As if git itself had died mid-commit, after the writer's journal was made.
    (assigned / ".git" / "index.lock").write_bytes(b"")
    ok(run("urge", ID1, "--note", "之后", ledger=assigned))
    assert urges(assigned) == ["之后"]
    assert git_head(assigned) != before.head
    assert status(assigned) == "" and strays(assigned) == []


def test_an_index_lock_older_than_the_change_is_left_alone(assigned: Path, run: Run) -> None:
    # A clerk's own git holds the index: not ours to remove, and the write fails cleanly.
    before = Before(assigned)
    lock = assigned / ".git" / "index.lock"
    lock.write_bytes(b"")
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert "index.lock" in result.stderr
    assert lock.exists()
    lock.unlink()
    before.unchanged()


def test_writers_killed_at_random_moments_never_leave_a_phantom(ledger: Path, run: Run) -> None:
    rng = random.Random(12)
    registered: set[str] = set()
    deadline = time.monotonic() + 45
    rounds = killed = 0
    while rounds < 20 and time.monotonic() < deadline:
        rounds += 1
        process = cli(ledger, "register", f"随机{rounds}", "--category", LI,
                      start_new_session=True)
        time.sleep(rng.uniform(0.0, 1.2))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the writer and its git, mid-way
        process.communicate(timeout=60)
        killed += process.returncode == -signal.SIGKILL
        result = run("list", "--json", ledger=ledger)
        assert result.exit_code == 0, result
        assert "Traceback" not in result.stderr
        assert status(ledger) == "", (rounds, status(ledger))
        assert strays(ledger) == [], rounds
        registered = {p.stem for p in (ledger / "items").glob("*.yaml")}
    # Each item is committed by its own register commit, holding that file alone.
    log = git(ledger, "log", "--format=%x00%s", "--name-only", "--", "items")
    for entry in filter(None, log.split("\x00")):
        subject, *names = [line for line in entry.splitlines() if line]
        if subject.startswith("init ledger"):
            continue
        assert subject.startswith("register "), subject
        assert len(names) == 1 and subject.split()[1].rstrip(":") in names[0], entry
    assert len(registered) == commit_count(ledger) - 1
    assert rounds >= 5, "too few rounds in the time allowed"
    assert killed >= 1, "no writer was killed: the test proved nothing"


# -- hand edits are never swept into a tool commit ------------------------------------


@pytest.mark.parametrize("staged", [False, True], ids=["worktree", "staged"])
def test_uncommitted_hand_edits_are_refused(assigned: Path, run: Run, staged: bool) -> None:
    path = assigned / "items" / f"{ID1}.yaml"
    path.write_text(path.read_text("utf-8") + "备注: 手工修改\n", "utf-8")
    if staged:
        git(assigned, "add", str(path))
    before = Before(assigned)
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_hand_edit", path=f"items/{ID1}.yaml")]
    assert "--include-edits" in result.stderr
    before.unchanged()


def test_include_edits_commits_the_hand_edit_with_the_change(assigned: Path, run: Run) -> None:
    path = assigned / "items" / f"{ID1}.yaml"
    path.write_text(path.read_text("utf-8") + "备注: 手工修改\n", "utf-8")
    head = git_head(assigned)
    ok(run("--include-edits", "urge", ID1, "--note", "一并提交", ledger=assigned))
    assert status(assigned) == ""
    diff = git(assigned, "diff", head, "HEAD")
    assert "+备注: 手工修改" in diff and "一并提交" in diff
    assert commit_count(assigned) == int(git(assigned, "rev-list", "--count", head)) + 1


def test_hand_edits_of_other_items_do_not_block_a_write(assigned: Path, run: Run) -> None:
    ok(run("register", "另一事项", "--category", LI, ledger=assigned))
    other = assigned / "items" / "DC-2026-0002.yaml"
    other.write_text(other.read_text("utf-8") + "# 草稿\n", "utf-8")
    ok(run("urge", ID1, ledger=assigned))
    assert status(assigned) == " M items/DC-2026-0002.yaml\n"


# -- detached HEAD and operations in progress (F10) -----------------------------------


def test_a_write_on_a_detached_head_is_refused(assigned: Path, run: Run) -> None:
    git(assigned, "checkout", "-q", "--detach")
    before = Before(assigned)
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_detached")]
    before.unchanged()


def test_a_write_during_a_rebase_is_refused(assigned: Path, run: Run) -> None:
    ok(run("urge", ID1, ledger=assigned))
    env = {**os.environ, "GIT_SEQUENCE_EDITOR": "sed -i -e s/^pick/edit/"}
    subprocess.run(["git", "rebase", "-q", "-i", "HEAD~1"], cwd=assigned, env=env, check=True,
                   capture_output=True)
    before = Before(assigned)
    result = run("urge", ID1, "--note", "变基中", ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_in_progress", operation="rebase")]
    before.unchanged()
    git(assigned, "rebase", "--abort")
    ok(run("urge", ID1, "--note", "之后", ledger=assigned))
    assert urges(assigned) == ["", "之后"]


@pytest.mark.parametrize(
    ("marker", "operation"),
    [("MERGE_HEAD", "merge"), ("CHERRY_PICK_HEAD", "cherry-pick"),
     ("REVERT_HEAD", "revert"), ("BISECT_LOG", "bisect")],
)
def test_a_write_during_a_git_operation_is_refused(
    assigned: Path, run: Run, marker: str, operation: str
) -> None:
    (assigned / ".git" / marker).write_text(git_head(assigned) + "\n")
    before = Before(assigned)
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_in_progress", operation=operation)]
    before.unchanged()


# -- literal pathspecs ------------------------------------------------------------------


def test_glob_characters_in_the_ledger_path_match_nothing_else(tmp_path: Path, run: Run) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in ("led1", "led[1]"):
        ok(run("init", str(repo / name)))
        ok(run("register", f"{name} 的事项", "--category", LI, ledger=repo / name))
    other = repo / "led1" / "items" / f"{ID1}.yaml"
    other.write_text(other.read_text("utf-8") + "# led1 的草稿\n", "utf-8")
    ok(run("assign", ID1, "--lead", "市住建局", ledger=repo / "led[1]"))
    assert git(repo, "show", "--name-only", "--format=").split() == [f"led[1]/items/{ID1}.yaml"]
    assert status(repo) == f" M led1/items/{ID1}.yaml\n"
    history = ok(run("log", ID1, ledger=repo / "led[1]")).stdout.splitlines()
    assert [line.split("  ")[-1].split()[0] for line in history] == ["register", "assign"]


# -- full disk (F5) -----------------------------------------------------------------------


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _tmp_then_enospc(path: Path, data: bytes) -> None:
    """A write cut short by a full disk, its temporary file left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / f".{path.name}.x1y2z3.tmp").write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def _git_failing_at(step: str) -> Any:
    real = duchatai.store.git.run_git

    def fake(root: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        if step in args:
            if step == "add":
                real(root, *args, **kwargs)  # staged, then out of space
            raise GitError(t("git_failed", error="fatal: unable to write: No space left on device"))
        return real(root, *args, **kwargs)

    return fake


@pytest.mark.parametrize(
    ("command", "step"),
    [
        (command, step)
        for command in ("urge", "register", "archive")
        for step in ("journal", "original", "write", "add", "commit")
        # An urge changes a tracked file: its commit takes it, with no ``git add``.
        if (command, step) != ("urge", "add")
    ],
)
def test_a_full_disk_at_any_step_changes_nothing(
    assigned: Path, run: Run, monkeypatch: pytest.MonkeyPatch, step: str, command: str
) -> None:
    if command == "archive":
        for args in (("report", ID1, "--kind", "result", "--text", "完成"),
                     ("review", ID1, "--accept"), ("close", ID1)):
            ok(run(*args, ledger=assigned))
    before = Before(assigned)
    if step == "journal":
        monkeypatch.setattr(duchatai.store.journal.Journal, "_save", _enospc)
    elif step == "original":
        monkeypatch.setattr(duchatai.store.journal, "_keep", _enospc)
    elif step == "write":
        monkeypatch.setattr(duchatai.store.change, "atomic_write", _tmp_then_enospc)
    else:
        monkeypatch.setattr(duchatai.store.git, "run_git", _git_failing_at(step))
    args = {"urge": ("urge", ID1), "register": ("register", "新事项", "--category", LI),
            "archive": ("archive", ID1)}[command]
    result = run(*args, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_disk_full")]
    before.unchanged()
    monkeypatch.undo()
    ok(run(*args, ledger=assigned))
    assert status(assigned) == ""


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    if not sys.platform.startswith("linux"):
        pytest.skip("tmpfs is Linux's")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()!r}")


@pytest.mark.parametrize("spare", [0, 1024, 2048])
def test_a_really_full_disk_changes_nothing(tmp_path: Path, run: Run, spare: int) -> None:
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "3m")
    try:
        ledger = disk / "ledger"
        ok(run("init", str(ledger)))
        ok(run("register", "批示", "--category", LI, ledger=ledger))
        ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))
        ok(run("list", ledger=ledger))
        before = Before(ledger)
        filler = disk / "filler"
        with open(filler, "wb", buffering=0) as handle, pytest.raises(OSError):
            while True:
                handle.write(b"\0" * 4096)
        with open(filler, "r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - spare))
        for args in (("urge", ID1, "--note", "满盘"), ("register", "新事项", "--category", LI)):
            result = run(*args, ledger=ledger)
            assert result.exit_code == 1, result
            assert "Traceback" not in result.stdout + result.stderr
            assert result.stderr.splitlines() == [t("txn_disk_full")], result
            before.unchanged()
        filler.unlink()
        ok(run("urge", ID1, "--note", "腾出空间后", ledger=ledger))
        assert urges(ledger) == ["腾出空间后"]
        assert status(ledger) == "" and strays(ledger) == []
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# -- read-only files, no state directory, the lock (F16) -----------------------------------


def test_a_read_only_file_is_one_line_and_changes_nothing(
    assigned: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = assigned / "items" / f"{ID1}.yaml"

    def denied(path: Path, data: bytes) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(duchatai.store.change, "atomic_write", denied)
    before = Before(assigned)
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_read_only", path=target)]
    before.unchanged()


def test_no_state_directory_refuses_writes_in_one_line(
    assigned: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duchatai.store.statedir

    monkeypatch.setattr(duchatai.store.statedir, "state_dir", lambda root, create=True: None)
    before = Before(assigned)
    result = run("urge", ID1, ledger=assigned)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_no_state", path=assigned / ".git")]
    before.unchanged()


def test_a_ledger_outside_git_refuses_writes(tmp_path: Path, assigned: Path, run: Run) -> None:
    loose = tmp_path / "loose"
    shutil.copytree(assigned, loose, ignore=shutil.ignore_patterns(".git"))
    result = run("urge", ID1, ledger=loose)
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == [t("txn_no_git", path=loose)]
    assert ok(run("list", ledger=loose)).stdout  # reads still work


def test_a_held_lock_times_out_with_its_own_error(assigned: Path) -> None:
    first, second = Ledger(assigned), Ledger(assigned)
    with first.lock():
        started = time.monotonic()
        with pytest.raises(LockTimeout) as refused:
            with second.lock(timeout=0.2):
                pass  # pragma: no cover - never reached
        assert time.monotonic() - started < 5
    assert refused.value.message == t("lock_timeout", seconds=0)
    assert refused.value.exit_code == 1
    with second.lock(timeout=0.2):  # released: free again
        pass


def test_a_signal_after_the_commit_keeps_the_change_whole(
    assigned: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duchatai.core.errors import Interrupted

    real = duchatai.store.change.commit
    head = git_head(assigned)

    def then_signal(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise Interrupted(signal.SIGTERM)  # the journal is not yet deleted

    monkeypatch.setattr(duchatai.store.change, "commit", then_signal)
    ok(run("urge", ID1, "--note", "已落地", ledger=assigned))
    assert git(assigned, "rev-parse", "HEAD~1").strip() == head
    assert urges(assigned) == ["已落地"]
    assert status(assigned) == "" and strays(assigned) == []
