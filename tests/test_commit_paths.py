"""What a write commits, now that a change of a tracked file needs no ``git add``.

A write of an item already in the index is committed by ``git commit -- PATH``
alone; a new file (``register``, an archive's target) is staged first. Either
way the commit holds the command's files and nothing else, the clerk's own
staging is left as it was, and the repository's hooks run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BuiltLedger, Run, git, git_head

from duchatai.core.messages import t

LI = "leader-instruction"
ID1 = "DC-2026-0001"
ID2 = "DC-2026-0002"


def ok(result: object) -> object:
    assert getattr(result, "exit_code", None) == 0, result
    return result


def changed_by_head(root: Path) -> list[str]:
    """The files HEAD's commit changed, with A/M/D each."""
    out = git(root, "diff-tree", "--root", "--no-commit-id", "-r", "--name-status", "HEAD")
    return sorted(out.splitlines())


@pytest.fixture
def two(built_ledger: BuiltLedger, run: Run) -> Path:
    """Two items in handling."""

    def build(ledger: Path) -> None:
        ok(run("register", "批示一", "--category", LI, ledger=ledger))
        ok(run("register", "批示二", "--category", LI, ledger=ledger))
        ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))

    return built_ledger("commit-paths-two", build)


def test_an_urge_commits_its_item_alone_and_keeps_the_clerks_staging(two: Path, run: Run) -> None:
    other = two / "items" / f"{ID2}.yaml"
    other.write_text(other.read_text("utf-8") + "# 手工\n", "utf-8")
    git(two, "add", str(other))
    ok(run("urge", ID1, "--note", "催", ledger=two))
    assert changed_by_head(two) == [f"M\titems/{ID1}.yaml"]
    assert "催" in git(two, "show", f"HEAD:items/{ID1}.yaml")
    # The clerk's staged edit is still staged, not committed, not lost.
    assert git(two, "status", "--porcelain") == f"M  items/{ID2}.yaml"


def test_a_registration_stages_its_new_file_and_commits_it(two: Path, run: Run) -> None:
    ok(run("register", "新事项", "--category", LI, ledger=two))
    assert changed_by_head(two) == ["A\titems/DC-2026-0003.yaml"]
    assert git(two, "status", "--porcelain", "--untracked-files=all") == ""


def test_an_item_taken_out_of_the_index_is_a_hand_edit(two: Path, run: Run) -> None:
    git(two, "rm", "-q", "--cached", f"items/{ID1}.yaml")
    refused = run("urge", ID1, ledger=two)
    assert refused.exit_code == 1, refused
    assert refused.stderr.splitlines() == [t("txn_hand_edit", path=f"items/{ID1}.yaml")]
    # With --include-edits the file goes back into the index with the urge.
    ok(run("--include-edits", "urge", ID1, "--note", "补回", ledger=two))
    assert git(two, "ls-files", f"items/{ID1}.yaml") == f"items/{ID1}.yaml"
    assert "补回" in git(two, "show", f"HEAD:items/{ID1}.yaml")
    assert git(two, "status", "--porcelain", "--untracked-files=all") == ""


def test_archiving_commits_the_move_whole(two: Path, run: Run) -> None:
    for args in (("report", ID1, "--kind", "result", "--text", "完成"),
                 ("review", ID1, "--accept"), ("close", ID1), ("archive", ID1)):
        ok(run(*args, ledger=two))
    assert changed_by_head(two) == [f"A\tarchive/2026/{ID1}.yaml", f"D\titems/{ID1}.yaml"]
    assert git(two, "status", "--porcelain", "--untracked-files=all") == ""


def test_the_repositorys_pre_commit_hook_runs_and_sees_the_urge(two: Path, run: Run) -> None:
    seen = two.parent / "seen.txt"
    hook = two / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ngit diff --cached --name-only > '{seen}'\n", "utf-8")
    os.chmod(hook, 0o755)
    ok(run("urge", ID1, ledger=two))
    assert seen.read_text("utf-8").split() == [f"items/{ID1}.yaml"]
    # A hook that refuses: the urge is undone, one line says why.
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", "utf-8")
    head = git_head(two)
    before = (two / "items" / f"{ID1}.yaml").read_bytes()
    refused = run("urge", ID1, ledger=two)
    assert refused.exit_code == 1, refused
    assert "no commits today" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert git_head(two) == head
    assert (two / "items" / f"{ID1}.yaml").read_bytes() == before
    assert git(two, "status", "--porcelain", "--untracked-files=all") == ""
