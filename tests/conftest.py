"""Shared fixtures: an isolated environment, a fresh ledger, a CLI runner."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duchatai.cli import app
from duchatai.core.messages import set_lang

TODAY = "2026-11-20"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global git identity, no ledger or clock from the developer's shell."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "DUCHATAI_LEDGER",
        "DUCHATAI_TODAY",
        "DUCHATAI_USER",
        "DUCHATAI_LANG",
        "DUCHATAI_EMAIL",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    # The tests' fixed --today dates (2026-11-20 and earlier) are not backdating:
    # the real date is pinned before them (test_security_output sets its own).
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2000-01-01")
    set_lang("zh")


Run = Callable[..., "Result"]



class Result:
    """What a CLI invocation gave: exit code, stdout, stderr."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    def __repr__(self) -> str:
        return f"Result({self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process: ``run("list", "--json", today=..., ledger=...)``."""

    def invoke(*args: str, ledger: Path | None = None, today: str | None = TODAY,
               by: str | None = "测试员", lang: str | None = None) -> Result:
        argv: list[str] = []
        if ledger is not None:
            argv += ["--ledger", str(ledger)]
        if today is not None:
            argv += ["--today", today]
        if by is not None:
            argv += ["--by", by]
        if lang is not None:
            argv += ["--lang", lang]
        runner = CliRunner()
        result = runner.invoke(app, [*argv, *args])
        set_lang("zh")
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    return invoke


@pytest.fixture
def ledger(tmp_path: Path, run: Run) -> Path:
    """A freshly initialised, empty ledger with its own git repository."""
    root = tmp_path / "ledger"
    result = run("init", str(root), "--office", "测试督查室")
    assert result.exit_code == 0, result
    return root


def git_head(root: Path) -> str:
    """The commit at HEAD of the ledger's repository."""
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


def commit_count(root: Path) -> int:
    """How many commits the ledger's repository holds."""
    out = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True,
        check=True,
    ).stdout
    return int(out.strip())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the ledger outside .git and .duchatai, by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".duchatai" not in p.parts
    }
