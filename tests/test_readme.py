"""The README tells the truth (issue 15): its commands are the CLI's, its links stay inside."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Run, commit_count, git

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_readme_links_stay_in_the_repository() -> None:
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if re.match(r"[a-z]+://", target) or target.startswith("#"):
            continue
        path = (ROOT / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), target


def test_readme_milestone_commands_run(ledger: Path, run: Run) -> None:
    lines = re.findall(r"^duchatai (milestone .*)$", README, re.MULTILINE)
    assert lines, "the tour shows milestone"
    assert all(line.split()[1] in ("add", "done") for line in lines), lines
    for title in ("供暖整治", "供水改造"):  # the README's milestones are DC-2026-0002's
        result = run("register", title, "--category", "other", "--start", "2026-11-02",
                     "--due", "2026-12-31", ledger=ledger)  # fmt: skip
        assert result.exit_code == 0, result
    for line in lines:
        args = re.findall(r'"[^"]*"|\S+', line.split("#")[0])
        result = run(*[a.strip('"') for a in args], ledger=ledger)
        assert result.exit_code == 0, (line, result)


def test_weekly_output_writes_the_file_and_commits_nothing(ledger: Path, run: Run) -> None:
    (ledger / "reports").mkdir(exist_ok=True)
    target = ledger / "reports" / "周报-2026-W47.html"
    before = commit_count(ledger)
    result = run("weekly", "--format", "html", "--output", str(target), ledger=ledger)
    assert result.exit_code == 0, result
    assert target.is_file() and commit_count(ledger) == before
    assert "周报-2026-W47.html" in git(
        ledger, "-c", "core.quotePath=false", "status", "--porcelain", "-uall"
    )
