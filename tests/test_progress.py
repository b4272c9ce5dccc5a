"""Progress bars of export and import: on a terminal's stderr only (issue 17)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"


def _ledger(tmp_path: Path) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns(".duchatai", ".git"))
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "demo"]):
        subprocess.run(["git", *args], cwd=copy, check=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})
    return copy


def _cli(ledger: Path, *args: str, tty: bool) -> tuple[int, str]:
    """Run duchatai with stderr on a pseudo-terminal (or a pipe); its stderr as text."""
    argv = [sys.executable, "-m", "duchatai", "--ledger", str(ledger), "--today", "2026-11-20",
            "--by", "测试员", *args]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    if not tty:
        done = subprocess.run(argv, capture_output=True, env=env, cwd=ledger)
        return done.returncode, done.stderr.decode("utf-8", "replace")
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=follower, env=env,
                               cwd=ledger)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(30), b"".join(chunks).decode("utf-8", "replace")


def test_export_and_import_show_a_bar_on_a_terminal_only(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    count = len(list((ledger / "items").glob("*.yaml")))
    code, shown = _cli(ledger, "export", "--output", str(tmp_path / "a.xlsx"), tty=True)
    assert code == 0 and "正在导出" in shown and f"{count}/{count}" in shown
    code, piped = _cli(ledger, "export", "--output", str(tmp_path / "b.xlsx"), tty=False)
    assert code == 0 and "正在导出" not in piped and "已导出" in piped
    code, shown = _cli(ledger, "import", str(tmp_path / "a.xlsx"), "--dry-run", tty=True)
    assert code == 0 and "正在校验" in shown
    code, piped = _cli(ledger, "import", str(tmp_path / "a.xlsx"), "--dry-run", tty=False)
    assert code == 0 and "正在校验" not in piped
