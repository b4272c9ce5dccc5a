"""Many clerks, one ledger: sync through a bare repository, merge driver, clerk ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run, clones_without_clerk_codes, git, git_head, shared_office, snapshot

from duchatai.app.merge import merge_records
from duchatai.core.errors import IdCollision
from duchatai.store.gitconfig import GITATTRIBUTES


@pytest.fixture
def office(tmp_path: Path, run: Run) -> tuple[Path, Path, Path]:
    """A hub (bare repository) and two clerks' clones, clerk codes LX and WF."""
    return shared_office(run, tmp_path, ("lx", "LX"), ("wf", "WF"))


def ids(run: Run, ledger: Path) -> list[str]:
    result = run("list", "--json", ledger=ledger)
    assert result.exit_code == 0, result
    return [i["id"] for i in json.loads(result.stdout)]


def shown(run: Run, ledger: Path, item_id: str) -> dict[str, object]:
    result = run("show", item_id, "--json", ledger=ledger)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


@pytest.mark.parametrize("order", ["lx-first", "wf-first"])
def test_two_clerks_register_and_report_then_sync(
    office: tuple[Path, Path, Path], run: Run, order: str
) -> None:
    _, lx, wf = office
    day = "2026-11-17"
    assert run("register", "历下事项", "--category", "leader-instruction", ledger=lx,
               today=day).exit_code == 0
    assert run("register", "文峰事项", "--category", "leader-instruction", ledger=wf,
               today=day).exit_code == 0
    assert run("urge", "LX-2026-0001", "--note", "LX催办", ledger=lx, today=day).exit_code == 0
    assert run("report", "LX-2026-0001", "--kind", "progress", "--text", "WF记录的进展",
               ledger=wf, today=day).exit_code == 0
    assert run("urge", "LX-2026-0001", "--note", "WF催办", ledger=wf, today=day).exit_code == 0
    first, second = (lx, wf) if order == "lx-first" else (wf, lx)
    for clone in (first, second, first):
        result = run("sync", ledger=clone, today=day)
        assert result.exit_code == 0, result
    assert ids(run, lx) == ids(run, wf) == ["LX-2026-0001", "LX-2026-0002", "WF-2026-0001"]
    for clone in (lx, wf):
        item = shown(run, clone, "LX-2026-0001")
        assert sorted(u["note"] for u in item["urges"]) == ["LX催办", "WF催办"]  # type: ignore[union-attr,index]
        assert [r["text"] for r in item["reports"]] == ["WF记录的进展"]  # type: ignore[union-attr,index]
        assert run("check", ledger=clone).exit_code == 0
        assert git(clone, "status", "--porcelain") == ""
    assert git_head(lx) == git_head(wf)
    subjects = git(lx, "log", "--format=%s")
    for subject in ("register LX-2026-0002", "register WF-2026-0001", "report LX-2026-0001"):
        assert subject in subjects


def test_sync_refuses_a_dirty_tree_and_changes_nothing(
    office: tuple[Path, Path, Path], run: Run
) -> None:
    _, lx, _ = office
    (lx / "items" / "LX-2026-0001.yaml").write_text("# 手工改了一半\n", encoding="utf-8")
    before, head = snapshot(lx), git_head(lx)
    result = run("sync", ledger=lx)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "LX-2026-0001.yaml" in result.stderr
    assert snapshot(lx) == before and git_head(lx) == head


def test_sync_without_origin_is_refused(ledger: Path, run: Run) -> None:
    result = run("sync", ledger=ledger)
    assert result.exit_code == 1
    assert "没有名为 origin 的远端" in result.stderr


def test_a_real_conflict_is_reported_kept_and_resolved(
    office: tuple[Path, Path, Path], run: Run
) -> None:
    _, lx, wf = office
    assert run("extend", "LX-2026-0001", "--until", "2026-11-30", "--reason", "甲", ledger=lx,
               today="2026-11-17", by="李四").exit_code == 0
    assert run("extend", "LX-2026-0001", "--until", "2026-12-04", "--reason", "乙", ledger=wf,
               today="2026-11-17", by="王五").exit_code == 0
    assert run("sync", ledger=lx).exit_code == 0
    result = run("sync", ledger=wf, by="王五")
    assert result.exit_code == 4, result
    assert git(wf, "status", "--porcelain") == ""
    line = next(x for x in result.stderr.splitlines() if "LX-2026-0001" in x)
    # The syncing clerk's own value is local, the other clerk's remote; each with who.
    assert "本地为 2026-12-04（王五，" in line and "远端为 2026-11-30（李四，" in line
    assert "退出码 4" in result.stderr
    # The clerk's own change is not lost: the field holds the local value until resolved.
    assert shown(run, wf, "LX-2026-0001")["due"] == "2026-12-04"
    problems = run("check", ledger=wf)
    assert problems.exit_code == 1
    assert "items/LX-2026-0001.yaml" in problems.stdout
    assert "due 有冲突" in problems.stdout
    assert "⚠" in run("list", ledger=wf).stdout
    # Both extensions were kept: the append-only history loses nothing.
    assert len(shown(run, wf, "LX-2026-0001")["extensions"]) == 2  # type: ignore[arg-type]
    before = int(git(wf, "rev-list", "--count", "HEAD"))
    settled = run("resolve", "LX-2026-0001", "--take", "remote", ledger=wf)
    assert settled.exit_code == 0, settled
    assert int(git(wf, "rev-list", "--count", "HEAD")) == before + 1
    assert git(wf, "log", "-1", "--format=%s").startswith("resolve LX-2026-0001: due=remote")
    assert shown(run, wf, "LX-2026-0001")["due"] == "2026-11-30"
    assert run("check", ledger=wf).exit_code == 0
    assert "⚠" not in run("list", ledger=wf).stdout
    assert run("sync", ledger=wf).exit_code == 0
    assert run("sync", ledger=lx).exit_code == 0
    assert shown(run, lx, "LX-2026-0001")["due"] == "2026-11-30"
    assert run("check", ledger=lx).exit_code == 0


def test_same_id_from_two_clones_without_clerk_codes_is_renumbered(
    tmp_path: Path, run: Run
) -> None:
    first, second = clones_without_clerk_codes(run, tmp_path)
    for clone, title in ((first, "甲事项"), (second, "乙事项")):
        assert run("register", title, "--category", "leader-instruction",
                   ledger=clone).exit_code == 0
    assert run("note", "DC-2026-0001", "乙的备注", ledger=second).exit_code == 0
    assert run("sync", ledger=first).exit_code == 0
    result = run("sync", ledger=second)
    assert result.exit_code == 0, result
    said = [x for x in result.stderr.splitlines() if "DC-2026-0001" in x]
    assert len(said) == 1 and "DC-2026-0002" in said[0]
    assert "renumber DC-2026-0001 -> DC-2026-0002" in git(second, "log", "--format=%s")
    assert run("sync", ledger=first).exit_code == 0
    for clone in (first, second):
        assert ids(run, clone) == ["DC-2026-0001", "DC-2026-0002"]
        assert shown(run, clone, "DC-2026-0001")["title"] == "甲事项"
        moved = shown(run, clone, "DC-2026-0002")
        assert moved["title"] == "乙事项"
        assert "乙的备注" in json.dumps(moved["notes"], ensure_ascii=False)
        assert run("check", ledger=clone).exit_code == 0
    assert git_head(first) == git_head(second)


def test_merge_records_rules() -> None:
    base = {"id": "X", "title": "t", "due": "2026-12-01", "status": "assigned",
            "urges": [{"date": "2026-11-01", "note": "a"}]}
    ours = {**base, "status": "reported",
            "urges": [*base["urges"], {"date": "2026-11-03", "note": "ours"}]}  # type: ignore[list-item]
    theirs = {**base, "title": "t2",
              "urges": [*base["urges"], {"date": "2026-11-02", "note": "theirs"}]}  # type: ignore[list-item]
    merged, conflicts = merge_records(base, ours, theirs)
    assert conflicts == []
    assert merged["status"] == "reported" and merged["title"] == "t2"
    assert [u["note"] for u in merged["urges"]] == ["a", "theirs", "ours"]
    merged, conflicts = merge_records(base, {**base, "due": "2026-12-05"},
                                      {**base, "due": "2026-12-09"})
    assert merged["due"] == "2026-12-05"
    assert conflicts == [{"field": "due", "local": "2026-12-05", "remote": "2026-12-09",
                          "base": "2026-12-01"}]
    # A conflict one side resolved stays resolved; one either side added is kept.
    entry = {"field": "title", "local": "a", "remote": "b", "base": "t"}
    merged, _ = merge_records({**base, "conflicts": [entry]}, base, {**base, "conflicts": [entry]})
    assert "conflicts" not in merged
    merged, _ = merge_records(base, base, {**base, "conflicts": [entry]})
    assert merged["conflicts"] == [entry]
    with pytest.raises(IdCollision):
        merge_records(None, {"id": "X", "title": "甲"}, {"id": "X", "title": "乙"})


def test_append_only_records_added_on_both_sides_never_conflict() -> None:
    base = {"id": "X", "title": "t", "notes": [], "milestones": [
        {"title": "招标", "due": "2026-12-10", "done": None}]}
    local = {**base, "notes": [{"date": "2026-11-02", "text": "本地备注"}],
             "milestones": [*base["milestones"], {"title": "验收", "due": "2026-12-20"}]}
    remote = {**base, "notes": [{"date": "2026-11-01", "text": "远端备注"}],
              "milestones": [{"title": "招标", "due": "2026-12-10", "done": "2026-11-03"},
                             {"title": "开工", "due": "2026-12-15"}]}
    merged, conflicts = merge_records(base, local, remote)
    assert conflicts == [] and "conflicts" not in merged
    assert [n["text"] for n in merged["notes"]] == ["远端备注", "本地备注"]
    assert [m["title"] for m in merged["milestones"]] == ["招标", "验收", "开工"]
    assert merged["milestones"][0]["done"] == "2026-11-03"


def test_bad_clerk_code_is_refused(ledger: Path, run: Run) -> None:
    result = run("clerk", "../x", ledger=ledger)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "“../x”无效" in result.stderr and "LX" in result.stderr


def test_registers_and_sent_logs_added_on_both_sides_keep_every_entry() -> None:
    """documents/<year>.yaml and reminders/<year>.yaml, both new on two clones: merged."""
    local = {"sent": [{"date": "2026-11-20", "unit": "市水务局", "digest": "a"}]}
    remote = {"sent": [{"date": "2026-11-19", "unit": "市财政局", "digest": "b"}]}
    merged, conflicts = merge_records(None, local, remote)
    assert conflicts == []
    assert [e["unit"] for e in merged["sent"]] == ["市财政局", "市水务局"]
    base = {"documents": [{"number": 1, "date": "2026-11-02"}]}
    here = {"documents": [*base["documents"], {"number": 2, "date": "2026-11-20"}]}
    there = {"documents": [*base["documents"], {"number": 3, "date": "2026-11-21"}]}
    merged, conflicts = merge_records(base, here, there)
    assert conflicts == [] and [e["number"] for e in merged["documents"]] == [1, 2, 3]
    assert "documents/*.yaml merge=duchatai" in GITATTRIBUTES
    assert "reminders/*.yaml merge=duchatai" in GITATTRIBUTES
