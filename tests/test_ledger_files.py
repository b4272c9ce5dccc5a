"""The ledger's files: hand edits survive, YAML round-trips, writes are atomic,
concurrent clerks lose nothing, and a failed commit leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, commit_count, git_head, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import duchatai.store.change
import duchatai.store.files
import duchatai.store.init
from duchatai.core.errors import GitError
from duchatai.core.model import Item, Report, Status
from duchatai.store.files import atomic_write
from duchatai.store.yamlio import dump_record, parse_yaml

LI = "leader-instruction"
ID1 = "DC-2026-0001"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def git_commit_all(root: Path, message: str) -> None:
    """Commit by hand, as a clerk would after editing a file."""
    git(root, "-c", "user.name=文员", "-c", "user.email=clerk@office", "commit", "-qam", message)


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result
    return result


def stray_files(root: Path) -> list[str]:
    """Temporary or unexpected files the tool may have left in the ledger."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file()
        and ".git" not in p.parts
        and (
            p.name.endswith(".tmp")
            or (
                p.name.startswith(".")
                and p.name
                not in {
                    ".gitignore",
                    ".gitattributes",
                    ".gitkeep",
                    "lock",
                }
            )
        )
    )


# -- (a) a clerk's hand edits survive a change --------------------------------------


def test_comments_and_unknown_keys_survive_changes(ledger: Path, run: Run) -> None:
    ok(run("register", "关于老旧小区改造的批示", "--category", LI, ledger=ledger))
    ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))
    path = ledger / "items" / f"{ID1}.yaml"
    text = path.read_text("utf-8")
    assert "\ntitle: 关于老旧小区改造的批示\n" in text
    text = text.replace(
        "\ntitle: 关于老旧小区改造的批示\n", "\ntitle: 关于老旧小区改造的批示  # 按批示原文\n"
    )
    text += "# 办公室手工注释:请周五前电话确认\n备注: 手工添加\n"
    path.write_text(text, "utf-8")
    git_commit_all(ledger, "手工补充备注")

    ok(run("urge", ID1, "--method", "written", "--note", "请尽快", ledger=ledger))

    after = path.read_text("utf-8")
    assert "# 办公室手工注释:请周五前电话确认" in after
    assert "备注: 手工添加" in after
    assert "# 按批示原文" in after
    data = parse_yaml(after)
    assert data["备注"] == "手工添加"
    assert [u["method"] for u in data["urges"]] == ["written"]
    # The diff is small: only the lines that changed are removed.
    removed = [
        line
        for line in git(ledger, "diff", "HEAD~1", "HEAD", "--", f"items/{ID1}.yaml").splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    assert all(line.startswith(("-urges:", "-methods:")) for line in removed), removed


def test_hand_edits_follow_the_item_into_the_archive(ledger: Path, run: Run) -> None:
    ok(run("register", "批示", "--category", LI, ledger=ledger))
    path = ledger / "items" / f"{ID1}.yaml"
    path.write_text(path.read_text("utf-8") + "# 档案备注\n备注: 手工添加\n", "utf-8")
    git_commit_all(ledger, "手工补充备注")
    for args in (
        ("assign", ID1, "--lead", "市住建局"),
        ("report", ID1, "--kind", "result", "--text", "已完成"),
        ("review", ID1, "--accept"),
        ("close", ID1),
        ("archive", ID1),
    ):
        ok(run(*args, ledger=ledger))
    archived = (ledger / "archive" / "2026" / f"{ID1}.yaml").read_text("utf-8")
    assert "# 档案备注" in archived and "备注: 手工添加" in archived
    assert parse_yaml(archived)["status"] == "archived"


# -- (b) YAML round trip ----------------------------------------------------------

TRICKY = [
    "2026-12-01",
    "2026-12-01 10:00:00",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "True",
    "null",
    "Null",
    "~",
    "",
    " ",
    "a: b",
    "a:b",
    "- item",
    "? key",
    "# not a comment",
    "text # with hash",
    "'single'",
    '"double"',
    "{a: 1}",
    "[1, 2]",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`back`",
    "|",
    ">",
    "---",
    "...",
    "0x1F",
    "0o17",
    "017",
    "1e3",
    "1_000",
    ".inf",
    "-.nan",
    "12:30",
    "3.14",
    "  leading",
    "trailing  ",
    "\ttab",
    "tab\t",
    "a\tb",
    "line1\nline2",
    "line1\n\nline3\n",
    "\nstarts with newline",
    "  indented\nnext",
    "trailing space \nnext",
    "中文\n第二行:冒号",
    "全角空格\u3000",
    "\u3000开头全角空格",
    "emoji 🎉",
    "nbsp\u00a0x",
    "line\u2028separator",
    "next\u0085line",
    "bom\ufeff",
    "cr\rlf",
    "crlf\r\nline",
    "bell\x07",
    "nul\x00",
    "del\x7f",
]

texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4).map("\n".join),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4).map("".join),
)


def sample_record(title: str, text: str) -> dict[str, Any]:
    """A record shaped like an item's, carrying the text in several places."""
    return {
        "id": ID1,
        "title": title,
        "start": dt.date(2026, 11, 20),
        "due": dt.date(2026, 11, 25),
        "weekly": True,
        "co_units": [title, "市财政局"],
        "due_basis": {"basis": "workdays", "note": text},
        "reports": [
            {"date": dt.date(2026, 11, 24), "kind": "result", "text": text, "sealed": True},
            {"date": dt.date(2026, 11, 25), "kind": "progress", "text": title, "sealed": False},
        ],
        "close_note": text,
        "closed_on": None,
    }


def roundtrip(record: Mapping[str, Any], existing: bytes | None = None) -> Any:
    return parse_yaml(dump_record(record, existing))


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(title=texts, text=texts)
def test_fresh_record_reads_back_identical(title: str, text: str) -> None:
    record = sample_record(title, text)
    assert roundtrip(record) == record


@SETTINGS
@given(old_title=texts, old_text=texts, title=texts, text=texts)
def test_updated_record_reads_back_identical(
    old_title: str, old_text: str, title: str, text: str
) -> None:
    existing = dump_record(sample_record(old_title, old_text), None)
    record = sample_record(title, text)
    assert roundtrip(record, existing) == record
    # A longer list of reports (what a new report does) also reads back.
    grown = sample_record(title, text)
    grown["reports"].append(
        {"date": dt.date(2026, 11, 26), "kind": "weekly", "text": old_text, "sealed": False}
    )
    assert roundtrip(grown, dump_record(record, existing)) == grown


@SETTINGS
@given(title=texts.filter(lambda s: s != ""), text=texts)
def test_item_reads_back_identical(title: str, text: str) -> None:
    item = Item(
        id=ID1,
        title=title,
        category=LI,
        start=dt.date(2026, 11, 20),
        due=dt.date(2026, 11, 25),
        status=Status.REPORTED,
        lead_unit=title,
        reports=[Report(date=dt.date(2026, 11, 24), kind="result", text=text, signed_by=title)],
        close_note=text,
    )
    assert Item.from_record(roundtrip(item.to_record())) == item


# -- (c) atomic writes ----------------------------------------------------------------


def test_atomic_write_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "items" / "DC-2026-0001.yaml"
    atomic_write(target, b"first\n")
    atomic_write(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_failed_atomic_write_keeps_the_old_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "items" / "DC-2026-0001.yaml"
    target.parent.mkdir()
    target.write_bytes(b"old\n")

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(duchatai.store.files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "f.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    atomic_write(target, b"new\n")
    assert target.stat().st_mode & 0o777 == 0o640


def test_commands_leave_no_temporary_files(ledger: Path, run: Run) -> None:
    for args in (
        ("register", "批示", "--category", LI, "--milestone", "2026-12-10 节点"),
        ("assign", ID1, "--lead", "市住建局"),
        ("urge", ID1),
        ("extend", ID1, "--until", "2026-12-04", "--reason", "r"),
        ("milestone", "done", ID1, "1"),
        ("report", ID1, "--kind", "result", "--text", "完成"),
        ("review", ID1, "--accept"),
        ("close", ID1),
        ("archive", ID1),
    ):
        ok(run(*args, ledger=ledger))
    run("urge", "DC-2026-0099", ledger=ledger)  # a refusal
    assert stray_files(ledger) == []
    assert sorted(snapshot(ledger)) == sorted(
        [
            ".gitattributes",
            ".gitignore",
            "archive/.gitkeep",
            f"archive/2026/{ID1}.yaml",
            "duchatai.yaml",
            "items/.gitkeep",
        ]
    )


# -- (d) concurrent clerks ----------------------------------------------------------


def _cli(ledger: Path, *args: str, by: str = "并发员") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "duchatai",
            "--ledger",
            str(ledger),
            "--today",
            "2026-11-20",
            "--by",
            by,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _at_once(count: int, job: Any) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(job, range(count)))


def test_concurrent_registers_get_distinct_ids(ledger: Path) -> None:
    before = commit_count(ledger)
    results = _at_once(
        8, lambda i: _cli(ledger, "register", f"T{i}", "--category", LI, "--json", by=f"员{i}")
    )
    for result in results:
        assert result.returncode == 0, result.stderr
    ids = [json.loads(r.stdout)["id"] for r in results]
    assert sorted(ids) == [f"DC-2026-{n:04d}" for n in range(1, 9)]
    assert len(list((ledger / "items").glob("*.yaml"))) == 8
    assert commit_count(ledger) == before + 8
    titles = {parse_yaml((ledger / "items" / f"{i}.yaml").read_bytes())["title"] for i in ids}
    assert titles == {f"T{i}" for i in range(8)}
    assert git(ledger, "status", "--porcelain") == ""


def test_concurrent_urges_lose_no_write(ledger: Path, run: Run) -> None:
    ok(run("register", "批示", "--category", LI, ledger=ledger))
    ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))
    before = commit_count(ledger)
    results = _at_once(8, lambda i: _cli(ledger, "urge", ID1, "--note", f"第{i}次", by=f"员{i}"))
    for result in results:
        assert result.returncode == 0, result.stderr
    urges = parse_yaml((ledger / "items" / f"{ID1}.yaml").read_bytes())["urges"]
    assert sorted(u["note"] for u in urges) == sorted(f"第{i}次" for i in range(8))
    assert commit_count(ledger) == before + 8
    assert git(ledger, "status", "--porcelain") == ""


# -- (e) a failure in git leaves nothing behind -------------------------------------


@pytest.fixture
def broken_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(duchatai.store.change, "commit", _raise_boom)
    monkeypatch.setattr(duchatai.store.init, "commit", _raise_boom)


def _assert_failed_cleanly(result: Any, ledger: Path, files: dict[str, bytes], head: str) -> None:
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == ["boom"]
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(ledger) == files
    assert git_head(ledger) == head
    assert git(ledger, "status", "--porcelain", "--untracked-files=all") == ""


def test_failed_commit_of_a_new_item_leaves_no_file(
    ledger: Path, run: Run, broken_git: None
) -> None:
    files, head = snapshot(ledger), git_head(ledger)
    result = run("register", "批示", "--category", LI, ledger=ledger)
    _assert_failed_cleanly(result, ledger, files, head)
    assert not (ledger / "items" / f"{ID1}.yaml").exists()


def test_failed_commit_of_a_change_restores_the_file(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("register", "批示", "--category", LI, ledger=ledger))
    ok(run("assign", ID1, "--lead", "市住建局", ledger=ledger))
    files, head = snapshot(ledger), git_head(ledger)
    monkeypatch.setattr(duchatai.store.change, "commit", _raise_boom)
    result = run("urge", ID1, ledger=ledger)
    _assert_failed_cleanly(result, ledger, files, head)


def test_failed_commit_of_an_archive_leaves_the_item_in_place(
    ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (
        ("register", "批示", "--category", LI),
        ("assign", ID1, "--lead", "市住建局"),
        ("report", ID1, "--kind", "result", "--text", "完成"),
        ("review", ID1, "--accept"),
        ("close", ID1),
    ):
        ok(run(*args, ledger=ledger))
    files, head = snapshot(ledger), git_head(ledger)
    monkeypatch.setattr(duchatai.store.change, "commit", _raise_boom)
    result = run("archive", ID1, ledger=ledger)
    _assert_failed_cleanly(result, ledger, files, head)
    assert not (ledger / "archive" / "2026").exists()
    # Once git works again the same command succeeds.
    monkeypatch.undo()
    ok(run("archive", ID1, ledger=ledger))
    assert (ledger / "archive" / "2026" / f"{ID1}.yaml").is_file()


def test_failed_commit_of_init_leaves_no_ledger(tmp_path: Path, run: Run, broken_git: None) -> None:
    root = tmp_path / "new"
    result = run("init", str(root))
    assert result.exit_code == 1, result
    assert result.stderr.splitlines() == ["boom"]
    assert not (root / ".git").exists()
    assert [p for p in root.rglob("*") if p.is_file()] == []


def _raise_boom(*args: Any, **kwargs: Any) -> None:
    raise GitError("boom")
