"""Several clerks through a real git server: a ``git daemon`` on 127.0.0.1 (and a plain
bare path), three clones; conflicts reported and resolved, ids renumbered, the server's
pre-receive guard, client hooks and signing honoured, file names printed as text."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run, commit_count, git, git_head, snapshot

DAY = "2026-11-17"


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A ``git daemon`` serving the folder it returns, and its ``git://`` base URL."""
    base = tmp_path / "served"
    base.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", f"--port={port}",
         f"--base-path={base}", "--export-all", "--enable=receive-pack",
         "--informative-errors", str(base)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("git daemon did not start")
                time.sleep(0.05)
        yield base, f"git://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def office(run: Run, tmp_path: Path, hub: Path, url: str, names: tuple[str, ...]) -> list[Path]:
    """A ledger with one assigned item shared through ``hub`` (reached at ``url``) and one
    clone per name, none with a clerk code: all hand out DC-2026-… ids."""
    first = tmp_path / "seed"
    assert run("init", str(first), "--office", "测试督查室").exit_code == 0
    assert run("register", "共同事项", "--category", "leader-instruction", "--lead", "市水务局",
               ledger=first, today="2026-11-16").exit_code == 0
    assert run("assign", "DC-2026-0001", "--lead", "市水务局", ledger=first,
               today="2026-11-16").exit_code == 0
    subprocess.run(["git", "clone", "-q", "--bare", str(first), str(hub)], check=True)
    clones = []
    for name in names:
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", url, str(clone)], check=True)
        clones.append(clone)
    return clones


def ids_of(clone: Path) -> list[str]:
    return sorted(p.stem for p in (clone / "items").glob("*.yaml"))


def test_three_clerks_through_git_daemon(
    daemon: tuple[Path, str], tmp_path: Path, run: Run
) -> None:
    served, url = daemon
    a, b, c = office(run, tmp_path, served / "ledger.git", f"{url}/ledger.git", ("a", "b", "c"))
    for clone, title in ((a, "甲登记"), (b, "乙登记"), (c, "丙登记")):
        assert run("register", title, "--category", "leader-instruction", ledger=clone,
                   today=DAY).exit_code == 0
    assert run("edit", "DC-2026-0001", "--title", "甲改的标题", ledger=a, by="甲").exit_code == 0
    assert run("edit", "DC-2026-0001", "--title", "丙改的标题", ledger=c, by="丙").exit_code == 0
    assert run("urge", "DC-2026-0001", "--note", "乙催办", ledger=b, today=DAY).exit_code == 0
    assert run("sync", ledger=a, by="甲").exit_code == 0
    said_b = run("sync", ledger=b, by="乙")
    assert said_b.exit_code == 0, said_b
    assert "DC-2026-0002" in said_b.stderr and "DC-2026-0003" in said_b.stderr
    said_c = run("sync", ledger=c, by="丙")
    assert said_c.exit_code == 4, said_c
    assert "DC-2026-0004" in said_c.stderr
    assert "本地为 丙改的标题（丙，" in said_c.stderr and "远端为 甲改的标题（甲，" in said_c.stderr
    settled = run("resolve", "DC-2026-0001", "--take", "title=商定的标题", ledger=c, by="丙")
    assert settled.exit_code == 0, settled
    for clone in (c, a, b, c):
        assert run("sync", ledger=clone).exit_code == 0
    assert git_head(a) == git_head(b) == git_head(c)
    titles = {}
    for clone in (a, b, c):
        assert ids_of(clone) == [f"DC-2026-000{n}" for n in range(1, 5)]
        assert run("check", ledger=clone).exit_code == 0
        assert git(clone, "status", "--porcelain") == ""
        text = (clone / "items" / "DC-2026-0001.yaml").read_text(encoding="utf-8")
        assert "title: 商定的标题" in text and "乙催办" in text and "conflicts" not in text
        titles[clone] = sorted(
            line.split(": ", 1)[1] for p in sorted((clone / "items").glob("*.yaml"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("title: ")
        )
    assert titles[a] == titles[b] == titles[c] == ["丙登记", "乙登记", "商定的标题", "甲登记"]


def test_conflicting_item_is_marked_in_every_report(
    tmp_path: Path, run: Run
) -> None:
    hub = tmp_path / "hub.git"
    a, b = office(run, tmp_path, hub, str(hub), ("a", "b"))
    assert run("extend", "DC-2026-0001", "--until", "2026-11-30", "--reason", "甲",
               ledger=a, today=DAY).exit_code == 0
    assert run("extend", "DC-2026-0001", "--until", "2026-12-04", "--reason", "乙",
               ledger=b, today=DAY).exit_code == 0
    assert run("sync", ledger=a).exit_code == 0
    assert run("sync", ledger=b).exit_code == 4
    for report in (("list",), ("show", "DC-2026-0001"), ("overdue", "--today", "2026-12-10"),
                   ("due", "--within", "20"), ("weekly", "--today", "2026-12-10")):
        shown = run(*report, ledger=b)
        assert shown.exit_code == 0, (report, shown)
        assert "DC-2026-0001 ⚠" in shown.stdout, (report, shown.stdout)
    # Resolving needs every field in conflict covered; a field not in conflict is refused.
    for takes, what in ((("title=x",), "没有冲突"), (("local", "remote"), "只能选一个"),
                        (("sideways",), "无效")):
        args = [a for take in takes for a in ("--take", take)]
        refused = run("resolve", "DC-2026-0001", *args, ledger=b)
        assert refused.exit_code == 1 and what in refused.stderr, refused
    refused = run("resolve", "DC-2026-0001", "--take", "due=not-a-date", ledger=b)
    assert refused.exit_code == 1 and "due" in refused.stderr
    assert run("resolve", "DC-2026-0001", "--take", "local", ledger=b).exit_code == 0
    assert "⚠" not in run("list", ledger=b).stdout
    nothing = run("resolve", "DC-2026-0001", "--take", "local", ledger=b)
    assert nothing.exit_code == 1 and "没有待解决的冲突" in nothing.stderr


def test_renumbering_follows_references_and_criticisms(tmp_path: Path, run: Run) -> None:
    hub = tmp_path / "hub.git"
    a, b = office(run, tmp_path, hub, str(hub), ("a", "b"))
    for clone, title in ((a, "甲登记"), (b, "乙登记")):
        assert run("register", title, "--category", "leader-instruction", "--lead", "市水务局",
                   ledger=clone, today=DAY).exit_code == 0
        assert run("criticize", "市水务局", "--reason", f"{title}超期", "--item", "DC-2026-0002",
                   ledger=clone, today=DAY).exit_code == 0
    assert run("sync", ledger=a).exit_code == 0
    result = run("sync", ledger=b)
    assert result.exit_code == 0, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines  # one line per record renumbered
    subjects = git(b, "log", "--format=%s")
    renumbered = [x for x in subjects.splitlines() if x.startswith("renumber ")]
    assert len(renumbered) == 1  # one commit, naming old and new ids
    assert "DC-2026-0002 -> DC-2026-0003" in renumbered[0]
    assert "TB-2026-0001 -> TB-2026-0002" in renumbered[0]
    moved = list((b / "criticisms").glob("*/TB-2026-0002.yaml"))
    assert len(moved) == 1
    text = moved[0].read_text(encoding="utf-8")
    assert "乙登记超期" in text and "DC-2026-0003" in text and "DC-2026-0002" not in text
    assert run("check", ledger=b).exit_code == 0


# -- the server guards itself ---------------------------------------------------------------


def _bad_item(clone: Path, how: str) -> str:
    """Break the ledger one way in a commit; the file the guard must name."""
    item = clone / "items" / "DC-2026-0001.yaml"
    text = item.read_text(encoding="utf-8")
    if how == "yaml":
        item.write_text(text + "reports: [unclosed\n", encoding="utf-8")
        name = "items/DC-2026-0001.yaml"
    elif how == "duplicate":
        copy = clone / "archive" / "2026" / "DC-2026-0001.yaml"
        copy.parent.mkdir(parents=True)
        copy.write_text(text.replace("status: assigned", "status: archived"), encoding="utf-8")
        name = "archive/2026/DC-2026-0001.yaml"
    elif how == "symlink":
        os.symlink("/etc/passwd", clone / "items" / "DC-2026-0002.yaml")
        name = "items/DC-2026-0002.yaml"
    elif how == "code":
        (clone / "duchatai").mkdir()
        (clone / "duchatai" / "__init__.py").write_text("raise SystemExit(0)\n", encoding="utf-8")
        name = "duchatai/__init__.py"
    elif how == "category":
        item.write_text(text.replace("leader-instruction", "no-such-category"), encoding="utf-8")
        name = "items/DC-2026-0001.yaml"
    else:
        item.write_text(text + "conflicts:\n  - field: title\n    local: 甲\n    remote: 乙\n",
                        encoding="utf-8")
        name = "items/DC-2026-0001.yaml"
    git(clone, "add", "-A")
    git(clone, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "hand edit")
    return name


@pytest.mark.parametrize("how", ["yaml", "duplicate", "category", "conflict", "symlink", "code"])
def test_the_server_refuses_a_push_that_fails_check(
    daemon: tuple[Path, str], tmp_path: Path, run: Run, how: str
) -> None:
    served, url = daemon
    hub = served / "ledger.git"
    (a,) = office(run, tmp_path, hub, f"{url}/ledger.git", ("a",))
    installed = run("hook", "install", "--server", str(hub))
    assert installed.exit_code == 0, installed
    hook = (hub / "hooks" / "pre-receive").read_text(encoding="utf-8")
    assert os.path.realpath(os.sys.executable) in hook or os.sys.executable in hook
    before = git(hub, "rev-parse", "HEAD")
    name = _bad_item(a, how)
    pushed = subprocess.run(["git", "push", "origin", "HEAD"], cwd=a, capture_output=True,
                            text=True)
    assert pushed.returncode != 0
    assert re.search(rf"remote: {re.escape(name)}:\d+: \S", pushed.stderr), pushed.stderr
    assert git(hub, "rev-parse", "HEAD") == before
    # Through duchatai: one line, exit 1, the hook's words.
    refused = run("sync", ledger=a)
    assert refused.exit_code == 1 and name in refused.stderr, refused
    assert git(hub, "rev-parse", "HEAD") == before


def test_the_server_accepts_a_good_push_and_install_is_guarded(
    daemon: tuple[Path, str], tmp_path: Path, run: Run
) -> None:
    served, url = daemon
    hub = served / "ledger.git"
    (a,) = office(run, tmp_path, hub, f"{url}/ledger.git", ("a",))
    assert run("hook", "install", "--server", str(hub)).exit_code == 0
    assert run("hook", "install", "--server", str(hub)).exit_code == 0  # renewed, not refused
    assert run("urge", "DC-2026-0001", "--note", "催", ledger=a, today=DAY).exit_code == 0
    assert run("sync", ledger=a).exit_code == 0
    assert git(hub, "rev-parse", "HEAD") == git_head(a)
    not_bare = run("hook", "install", "--server", str(a))
    assert not_bare.exit_code == 1 and "裸仓库" in not_bare.stderr
    foreign = tmp_path / "other.git"
    subprocess.run(["git", "init", "-q", "--bare", str(foreign)], check=True)
    (foreign / "hooks" / "pre-receive").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    refused = run("hook", "install", "--server", str(foreign))
    assert refused.exit_code == 1 and "pre-receive" in refused.stderr
    assert (foreign / "hooks" / "pre-receive").read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"


# -- the repository's own settings ------------------------------------------------------------


def test_a_failing_client_hook_refuses_the_change_and_leaves_nothing(
    ledger: Path, run: Run
) -> None:
    assert run("register", "事项", "--category", "leader-instruction", "--lead", "市水务局",
               ledger=ledger, today=DAY).exit_code == 0
    hook = ledger / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho '本周台账冻结，暂停提交' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before, head, count = snapshot(ledger), git_head(ledger), commit_count(ledger)
    for args in (("note", "DC-2026-0001", "催"),
                 ("register", "另一事项", "--category", "leader-instruction")):
        refused = run(*args, ledger=ledger, today=DAY)
        assert refused.exit_code == 1, refused
        assert len(refused.stderr.strip().splitlines()) == 1
        assert "本周台账冻结" in refused.stderr
        assert snapshot(ledger) == before
        assert git_head(ledger) == head and commit_count(ledger) == count
        assert git(ledger, "status", "--porcelain") == ""
        assert git(ledger, "diff", "--cached", "--name-only") == ""


def test_signing_policy_is_honoured(ledger: Path, run: Run) -> None:
    git(ledger, "config", "commit.gpgsign", "true")
    git(ledger, "config", "gpg.program", "false")  # a signer that always fails
    before, head = snapshot(ledger), git_head(ledger)
    refused = run("register", "事项", "--category", "leader-instruction", ledger=ledger)
    assert refused.exit_code == 1, refused
    assert snapshot(ledger) == before and git_head(ledger) == head
    assert git(ledger, "status", "--porcelain") == ""


def test_file_names_are_printed_as_text(tmp_path: Path, run: Run) -> None:
    hub = tmp_path / "hub.git"
    (a,) = office(run, tmp_path, hub, str(hub), ("a",))
    (a / "周报草稿.txt").write_text("草稿", encoding="utf-8")
    refused = run("sync", ledger=a)
    assert refused.exit_code == 1
    assert "周报草稿.txt" in refused.stderr and "\\345" not in refused.stderr


def test_resolve_settles_a_criticism_in_conflict(ledger: Path, run: Run) -> None:
    """Two clerks changed one criticism's reason differently: ``resolve TB-…`` settles it."""
    assert run("criticize", "市水务局", "--reason", "超期未报", ledger=ledger,
               today="2026-11-10").exit_code == 0
    path = ledger / "criticisms" / "2026" / "TB-2026-0001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "conflicts:\n  - field: reason\n    local: 超期未报\n    remote: 超期未报且未说明原因\n"
    ), encoding="utf-8")
    git(ledger, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "sync: merge")
    assert run("check", ledger=ledger).exit_code == 1
    refused = run("resolve", "TB-2026-0001", "--take", "rectify_by=x", ledger=ledger)
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    settled = run("resolve", "TB-2026-0001", "--take", "remote", ledger=ledger)
    assert settled.exit_code == 0, settled
    text = path.read_text(encoding="utf-8")
    assert "reason: 超期未报且未说明原因" in text and "conflicts" not in text
    assert git(ledger, "log", "-1", "--format=%s") == "resolve TB-2026-0001: reason=remote"
    assert run("check", ledger=ledger).exit_code == 0
