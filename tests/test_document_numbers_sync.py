"""Issue 18: two clerks who issue documents offline take the same number; ``sync``
repairs it like an id collision (``app.renumber_documents``), through a real bare hub."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import Run, git, shared_office
from docx import Document as open_docx

from duchatai.store.yamlio import parse_yaml


def _numbers(root: Path) -> list[tuple[int, str, str]]:
    listed = parse_yaml((root / "documents" / "2026.yaml").read_bytes())["documents"]
    return sorted((e["number"], e["text"], e["file"]) for e in listed)


def _text(path: Path) -> str:
    word = open_docx(io.BytesIO(path.read_bytes()))
    return "\n".join(p.text for p in word.paragraphs)


def test_a_number_taken_upstream_is_renumbered_at_sync(run: Run, tmp_path: Path) -> None:
    _, one, two = shared_office(run, tmp_path, ("one", "LX"), ("two", "WF"))
    assert run("sync", ledger=two).exit_code == 0
    ok = run("register", "第二个事项", "--category", "leader-instruction", "--lead", "市财政局",
             ledger=two, today="2026-11-17", by="王五")
    assert ok.exit_code == 0, ok
    for clone, item, clerk in ((one, "LX-2026-0001", "张三"), (two, "WF-2026-0001", "王五")):
        made = run("notice", item, ledger=clone, today="2026-11-17", by=clerk)
        assert made.exit_code == 0, made
    assert run("sync", ledger=one, today="2026-11-17").exit_code == 0
    synced = run("sync", ledger=two, today="2026-11-17")
    assert synced.exit_code == 0, synced
    assert "督〔2026〕1号" in synced.stderr and "督〔2026〕2号" in synced.stderr
    numbers = _numbers(two)
    assert [n for n, _, _ in numbers] == [1, 2]
    mine = next(f for n, _, f in numbers if n == 2)
    assert "〔2026〕2号" in mine and (two / mine).is_file()
    assert "〔2026〕2号" in _text(two / mine) and "〔2026〕1号" not in _text(two / mine)
    subjects = git(two, "log", "--format=%s", "-5")
    assert "renumber " in subjects and " -> " in subjects
    assert run("check", ledger=two).exit_code == 0
    assert run("sync", ledger=one, today="2026-11-17").exit_code == 0
    assert _numbers(one) == numbers  # both clerks now hold the same register
