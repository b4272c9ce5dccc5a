"""A first end-to-end check: init, register, show."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run, commit_count


def test_register_and_show(ledger: Path, run: Run) -> None:
    result = run("register", "关于老旧小区改造的批示", "--category", "leader-instruction",
                 "--json", ledger=ledger, today="2026-09-30")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout) == {
        "id": "DC-2026-0001", "due": "2026-10-10", "status": "registered",
        "category": "leader-instruction",
    }
    assert commit_count(ledger) == 2
    shown = run("show", "DC-2026-0001", "--json", ledger=ledger)
    assert json.loads(shown.stdout)["due"] == "2026-10-10"
