"""Issue 15: correcting a registration (``edit``, 更正) and free notes (``note``, 备注).

Library tests on a real ledger (each step is one commit or nothing), the merge
of two clerks' corrections and notes, and one CLI test per command.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import TODAY, Run, commit_count, git, snapshot
from hypothesis import given
from hypothesis import strategies as st

from duchatai.app import assignment, procedure
from duchatai.app.corrections import Edits, edit, note
from duchatai.app.merge import merge_records
from duchatai.app.step import Context
from duchatai.core.deadlines import is_overdue
from duchatai.core.errors import InvalidInput, TransitionRefused
from duchatai.core.model import Correction, Item, Note
from duchatai.core.text import bad_character
from duchatai.store.git import Actor
from duchatai.store.ledger import Ledger

D = dt.date
ID = "DC-2026-0001"


def _ctx(root: Path, today: str = TODAY) -> Context:
    return Context(Ledger(root), D.fromisoformat(today), Actor("测试员", "t@x"))


def _registered(root: Path, category: str = "leader-instruction", **kw: object) -> Item:
    # 2026-11-20 is a Friday: leader-instruction's 3 working days end Wed 11-25.
    return procedure.register(_ctx(root), "防汛物资储备", category, lead="市水务局", **kw)  # type: ignore[arg-type]


def _subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s")


def test_edit_changes_only_the_fields_given_in_one_commit(ledger: Path) -> None:
    _registered(ledger)
    before = commit_count(ledger)
    done = edit(
        _ctx(ledger),
        ID,
        Edits(title="防汛物资储备检查", source="济政字〔2026〕5号", responsible="张三",
              kind="comprehensive", weekly=True, co=["市财政局", "市财政局"]),
    )
    assert done.fields == ["title", "source", "co_units", "responsible", "kind", "weekly"]
    item = Ledger(ledger).get(ID)
    assert (item.title, item.source) == ("防汛物资储备检查", "济政字〔2026〕5号")
    assert item.responsible == "张三"
    assert (item.kind, item.weekly, item.co_units) == ("comprehensive", True, ["市财政局"])
    assert item.lead_unit == "市水务局" and item.due == D(2026, 11, 25)  # untouched
    assert item.edits == [Correction(D(2026, 11, 20), done.fields, by="测试员")]
    assert commit_count(ledger) == before + 1
    assert _subject(ledger) == (
        f"edit {ID}: title, source, co_units, responsible, kind, weekly"
    )


def test_a_new_category_recomputes_the_due_date_and_explains_it(ledger: Path) -> None:
    _registered(ledger)
    done = edit(_ctx(ledger), ID, Edits(category="executive-meeting"))
    item = Ledger(ledger).get(ID)
    # 10 working days after Fri 11-20: Fri 12-04.
    assert done.fields == ["category", "due"] and item.due == D(2026, 12, 4)
    assert done.previous_due == D(2026, 11, 25)
    assert item.due_basis["category"] == "executive-meeting"
    assert item.due_basis["basis"] == "workdays" and item.due_basis["count"] == 10
    assert item.edits[-1].previous_due == D(2026, 11, 25)
    assert item.edits[-1].new_due == D(2026, 12, 4)
    assert _subject(ledger) == f"edit {ID}: category, due 2026-11-25 -> 2026-12-04"


def test_a_category_that_takes_the_notice_date_keeps_the_due_date(ledger: Path) -> None:
    _registered(ledger, "other", due=D(2026, 12, 31))
    done = edit(_ctx(ledger), ID, Edits(category="document"))
    item = Ledger(ledger).get(ID)
    assert done.fields == ["category"] and item.due == D(2026, 12, 31)
    assert item.due_basis["basis"] == "explicit" and item.due_basis["category"] == "document"


def test_the_due_date_only_with_a_reason_judged_against_the_new_date(ledger: Path) -> None:
    _registered(ledger)
    files, commits = snapshot(ledger), commit_count(ledger)
    with pytest.raises(InvalidInput, match="理由"):
        edit(_ctx(ledger), ID, Edits(due=D(2026, 12, 10)))
    assert snapshot(ledger) == files and commit_count(ledger) == commits
    edit(_ctx(ledger), ID, Edits(due=D(2026, 12, 10), reason="通知明确12月10日前办结"))
    item = Ledger(ledger).get(ID)
    assert item.due == D(2026, 12, 10)
    assert item.edits[-1] == Correction(
        D(2026, 11, 20), ["due"], "通知明确12月10日前办结", D(2026, 11, 25), D(2026, 12, 10),
        by="测试员",
    )
    profile = Ledger(ledger).profile
    assert not is_overdue(item, D(2026, 12, 1), profile)
    assert is_overdue(item, D(2026, 12, 11), profile)
    assert _subject(ledger) == (
        f"edit {ID}: due 2026-11-25 -> 2026-12-10 (reason: 通知明确12月10日前办结)"
    )


def test_nothing_to_change_writes_and_commits_nothing(ledger: Path) -> None:
    _registered(ledger)
    files, commits = snapshot(ledger), commit_count(ledger)
    done = edit(_ctx(ledger), ID, Edits(title="防汛物资储备", lead="市水务局", weekly=False))
    assert done.fields == [] and done.item.id == ID
    assert snapshot(ledger) == files and commit_count(ledger) == commits


@pytest.mark.parametrize(
    ("asked", "words"),
    [
        (Edits(title="  "), "不能为空"),
        (Edits(kind="daily"), "routine"),
        (Edits(category="meeting"), "未知类别"),
        (Edits(milestones=[(2, D(2026, 12, 1), "")]), "2"),
        (Edits(drop_milestones=[0]), "0"),
        # npc-suggestion from 11-20: never past 6 months (2027-05-20).
        (Edits(category="npc-suggestion", due=D(2027, 6, 30), reason="x"), "2027-05-20"),
    ],
)
def test_refusals_change_nothing(ledger: Path, asked: Edits, words: str) -> None:
    _registered(ledger, milestones=[("完成摸底", D(2026, 11, 24))])
    files, commits = snapshot(ledger), commit_count(ledger)
    with pytest.raises(InvalidInput, match=words):
        edit(_ctx(ledger), ID, asked)
    assert snapshot(ledger) == files and commit_count(ledger) == commits


def test_a_due_date_moved_by_an_extension_is_extends(ledger: Path) -> None:
    _registered(ledger)
    assignment.assign(_ctx(ledger), ID, lead="市水务局")
    procedure.extend(_ctx(ledger), ID, until=D(2026, 12, 4), reason="天气")
    with pytest.raises(InvalidInput, match="extend"):
        edit(_ctx(ledger), ID, Edits(due=D(2026, 12, 10), reason="更正"))
    with pytest.raises(InvalidInput, match="extend"):
        edit(_ctx(ledger), ID, Edits(category="upper"))  # 7 working days: 12-01
    assert edit(_ctx(ledger), ID, Edits(title="新标题")).fields == ["title"]


def test_units_go_through_the_configs_list(ledger: Path) -> None:
    config = ledger / "duchatai.yaml"
    text = config.read_text(encoding="utf-8").replace("units: []", "units: [市水务局, 市财政局]")
    config.write_text(text, encoding="utf-8")
    git(ledger, "-c", "user.name=文员", "-c", "user.email=clerk@office", "commit", "-qam", "units")
    _registered(ledger)
    with pytest.raises(InvalidInput, match="市水物局"):
        edit(_ctx(ledger), ID, Edits(lead="市水物局"))
    assert edit(_ctx(ledger), ID, Edits(co=["市财政局"])).fields == ["co_units"]


def test_milestones_are_re_dated_renamed_and_dropped(ledger: Path) -> None:
    _registered(
        ledger,
        milestones=[
            ("完成摸底", D(2026, 11, 24)),
            ("完成储备", D(2026, 11, 30)),
            ("误录", D(2026, 12, 1)),
        ],
    )
    done = edit(
        _ctx(ledger),
        ID,
        Edits(milestones=[(1, D(2026, 11, 27), ""), (2, D(2026, 12, 2), "完成物资储备")],
              drop_milestones=[3]),
    )
    assert done.fields == ["milestones"]
    item = Ledger(ledger).get(ID)
    assert [(m.title, m.due) for m in item.milestones] == [
        ("完成摸底", D(2026, 11, 27)),
        ("完成物资储备", D(2026, 12, 2)),
    ]


def test_edit_only_while_open_a_note_in_every_state(ledger: Path) -> None:
    _registered(ledger)
    procedure.withdraw(_ctx(ledger), ID, reason="重复立项")
    with pytest.raises(TransitionRefused):
        edit(_ctx(ledger), ID, Edits(title="新标题"))
    item = note(_ctx(ledger, "2026-11-23"), ID, "与 DC-2026-0002 重复\n已电话告知")
    assert item.notes == [Note(D(2026, 11, 23), "与 DC-2026-0002 重复\n已电话告知", "测试员")]
    assert _subject(ledger) == f"note {ID}: 与 DC-2026-0002 重复 已电话告知"
    with pytest.raises(InvalidInput, match="不能为空"):
        note(_ctx(ledger), ID, "  ")


def test_two_clerks_notes_and_corrections_merge_without_conflict() -> None:
    base = Item(ID, "事项", "other", D(2026, 11, 20), D(2026, 12, 31)).to_record()
    base["milestones"] = [{"title": "摸底", "due": D(2026, 11, 30), "done": None}]
    ours, theirs = dict(base), dict(base)
    ours["notes"] = [{"date": D(2026, 11, 23), "text": "甲的备注", "by": "甲"}]
    ours["title"] = "事项(更正)"
    ours["edits"] = [{"date": D(2026, 11, 23), "fields": ["title"], "by": "甲"}]
    theirs["notes"] = [{"date": D(2026, 11, 21), "text": "乙的备注", "by": "乙"}]
    theirs["milestones"] = [{"title": "摸底", "due": D(2026, 12, 2), "done": None}]
    theirs["edits"] = [{"date": D(2026, 11, 21), "fields": ["milestones"], "by": "乙"}]
    merged, conflicts = merge_records(base, ours, theirs)
    assert conflicts == []
    assert [n["text"] for n in merged["notes"]] == ["乙的备注", "甲的备注"]
    assert [e["fields"] for e in merged["edits"]] == [["milestones"], ["title"]]
    assert merged["title"] == "事项(更正)"
    assert merged["milestones"] == [{"title": "摸底", "due": D(2026, 12, 2), "done": None}]


_TEXT = st.text(min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and bad_character(s) is None
)
_DAY = st.dates(D(1990, 1, 1), D(2100, 12, 31))


@given(
    notes=st.lists(st.builds(Note, _DAY, _TEXT, _TEXT), max_size=3),
    edits=st.lists(
        st.builds(
            Correction,
            _DAY,
            st.lists(st.sampled_from(["title", "due", "co_units"]), min_size=1, unique=True),
            _TEXT,
            st.one_of(st.none(), _DAY),
            st.one_of(st.none(), _DAY),
            _TEXT,
        ),
        max_size=3,
    ),
)
def test_notes_and_corrections_round_trip(notes: list[Note], edits: list[Correction]) -> None:
    item = Item(ID, "事项", "other", D(2026, 11, 20), D(2026, 12, 31), notes=notes, edits=edits)
    again = Item.from_record(item.to_record())
    assert (again.notes, again.edits) == (notes, edits)


def test_cli_edit(run: Run, ledger: Path) -> None:
    assert run("register", "防汛物资储备", "-c", "leader-instruction", "--lead", "市水务局",
               ledger=ledger).exit_code == 0
    commits = commit_count(ledger)
    result = run("edit", ID, "--due", "2026-12-10", ledger=ledger)
    assert result.exit_code == 1 and "--reason" in result.stderr and result.stdout == ""
    assert commit_count(ledger) == commits
    result = run("edit", ID, "--title", "防汛物资储备检查", "--category", "executive-meeting",
                 ledger=ledger)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines()[:2] == [
        f"已更正 {ID}：事项名称、类别、办理时限",
        "  办理时限 2026-11-25 → 2026-12-04",
    ]
    assert "第 10 个工作日" in result.stdout
    result = run("edit", ID, "--due", "2026-12-10", "--reason", "通知明确时限", ledger=ledger)
    assert result.exit_code == 0, result
    assert commit_count(ledger) == commits + 2
    result = run("edit", ID, "--title", "防汛物资储备检查", ledger=ledger)
    assert result.exit_code == 0 and "没有需要更正的内容" in result.stdout
    assert commit_count(ledger) == commits + 2
    shown = run("show", ID, ledger=ledger).stdout
    assert "更正：办理时限；办理时限 2026-12-04 → 2026-12-10（理由：通知明确时限）" in shown
    as_json = json.loads(run("show", ID, "--json", ledger=ledger).stdout)
    assert as_json["due"] == "2026-12-10" and as_json["title"] == "防汛物资储备检查"
    assert [e["fields"] for e in as_json["edits"]] == [["title", "category", "due"], ["due"]]
    log = run("log", ID, ledger=ledger).stdout.splitlines()
    assert log[1].endswith(f"edit {ID}: title, category, due 2026-11-25 -> 2026-12-04")
    assert log[2].endswith(f"edit {ID}: due 2026-12-04 -> 2026-12-10 (reason: 通知明确时限)")
    english = run("edit", ID, "--responsible", "张三", ledger=ledger, lang="en").stdout
    assert english.splitlines() == [f"corrected {ID}: responsible"]


def test_cli_note(run: Run, ledger: Path) -> None:
    assert run("register", "防汛物资储备", "-c", "leader-instruction", ledger=ledger).exit_code == 0
    commits = commit_count(ledger)
    result = run("note", ID, "已电话联系，对方称下周报送", ledger=ledger, today="2026-11-23")
    assert result.exit_code == 0, result
    assert result.stdout.strip() == f"已为 {ID} 添加备注（2026-11-23）"
    assert commit_count(ledger) == commits + 1
    assert _subject(ledger) == f"note {ID}: 已电话联系，对方称下周报送"
    shown = run("show", ID, ledger=ledger).stdout
    assert "2026-11-23  备注：已电话联系，对方称下周报送" in shown
    result = run("note", "DC-2026-0099", "x", ledger=ledger)
    assert result.exit_code == 1 and commit_count(ledger) == commits + 1
