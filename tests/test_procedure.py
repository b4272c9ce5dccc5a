"""The procedure of 第七条 through the command line, on fresh ledgers.

Every successful change must leave exactly one commit authored by the actor
and a clean tree; every refusal must leave one line on stderr, exit 1, and the
ledger's files and HEAD exactly as they were.
"""

from __future__ import annotations

import getpass
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, Run, commit_count, git_head, snapshot

from duchatai.store.statedir import state_dir

LI = "leader-instruction"
ID1 = "DC-2026-0001"
ID2 = "DC-2026-0002"
ID3 = "DC-2026-0003"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- helpers ------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    """Run git in the ledger and return its stdout."""
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def last_author(root: Path) -> str:
    return git(root, "log", "-1", "--format=%an").strip()


def last_subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s").strip()


def porcelain(root: Path) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=all", "--", ".")


def change(
    run: Run, ledger: Path, *args: str, by: str = "测试员", today: str = "2026-11-20"
) -> Result:
    """A successful change: exit 0, one new commit by ``by``, a clean tree."""
    before = commit_count(ledger)
    result = run(*args, ledger=ledger, by=by, today=today)
    assert result.exit_code == 0, result
    assert "Traceback" not in result.stdout + result.stderr
    assert commit_count(ledger) == before + 1, "a change must make exactly one commit"
    assert last_author(ledger) == by
    assert porcelain(ledger) == ""
    return result


def refused(
    run: Run, ledger: Path, *args: str, says: tuple[str, ...], today: str = "2026-11-20",
    code: int = 1,
) -> Result:
    """A refusal: the exit code, one line on stderr giving the reason (each of ``says``
    in it), and nothing in the ledger changed."""
    files = snapshot(ledger)
    head = git_head(ledger)
    result = run(*args, ledger=ledger, today=today)
    assert result.exit_code == code, result
    assert "Traceback" not in result.stdout + result.stderr
    # A crash would show up as some other exception caught by the runner.
    assert isinstance(result.exception, SystemExit), result.exception
    if code == 1:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].strip(), result
        assert result.stdout == ""
    for word in says:
        assert word in result.stderr, (word, result.stderr)
    assert snapshot(ledger) == files
    assert git_head(ledger) == head
    assert porcelain(ledger) == ""
    return result


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result
    return result


def show(run: Run, ledger: Path, item_id: str = ID1, today: str = "2026-11-20") -> dict[str, Any]:
    result = ok(run("show", item_id, "--json", ledger=ledger, today=today))
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def register(
    run: Run,
    ledger: Path,
    *extra: str,
    title: str = "关于老旧小区改造的批示",
    category: str = LI,
    today: str = "2026-11-20",
) -> dict[str, Any]:
    result = ok(
        run("register", title, "--category", category, *extra, "--json", ledger=ledger, today=today)
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


STATES = ("registered", "assigned", "reported", "returned", "accepted", "closed", "archived")


def make_item(run: Run, ledger: Path, state: str, *extra: str, category: str = LI) -> str:
    """An item brought to ``state`` (``accepted``: reported with an accepted review)."""
    assert state in STATES
    item_id = str(register(run, ledger, *extra, category=category)["id"])
    steps: list[tuple[str, ...]] = [
        ("assign", item_id, "--lead", "市住建局"),
        ("report", item_id, "--kind", "result", "--text", "已完成"),
    ]
    if state == "returned":
        steps.append(("review", item_id, "--reject", "--reason", "材料不全"))
    elif state in ("accepted", "closed", "archived"):
        steps.append(("review", item_id, "--accept"))
        steps += [("close", item_id), ("archive", item_id)]
    upto = {
        "registered": 0,
        "assigned": 1,
        "reported": 2,
        "returned": 3,
        "accepted": 3,
        "closed": 4,
        "archived": 5,
    }[state]
    for step in steps[:upto]:
        ok(run(*step, ledger=ledger))
    return item_id


ItemLedger = Callable[..., Path]
_TEMPLATES: dict[tuple[str, ...], Path] = {}


@pytest.fixture
def item_ledger(run: Run, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> ItemLedger:
    """A ledger holding one item (DC-2026-0001) in a given state.

    Each state is driven through the CLI once per session; tests get a copy
    (repository included), which keeps the suite fast.
    """

    def make(state: str, *extra: str, category: str = LI) -> Path:
        key = (state, category, *extra)
        template = _TEMPLATES.get(key)
        if template is None:
            template = tmp_path_factory.mktemp("template") / "ledger"
            ok(run("init", str(template)))
            assert make_item(run, template, state, *extra, category=category) == ID1
            _TEMPLATES[key] = template
        target = tmp_path / "copy"
        shutil.copytree(template, target, symlinks=True)
        return target

    return make


# -- init ---------------------------------------------------------------------


def test_init_makes_one_commit_and_a_clean_tree(ledger: Path) -> None:
    assert commit_count(ledger) == 1
    assert porcelain(ledger) == ""
    assert last_author(ledger) == "测试员"
    assert (ledger / "duchatai.yaml").is_file()
    assert (ledger / "items").is_dir() and (ledger / "archive").is_dir()
    tracked = git(ledger, "ls-files").split()
    assert "duchatai.yaml" in tracked and ".gitignore" in tracked
    assert ".duchatai/" in (ledger / ".gitignore").read_text("utf-8").splitlines()


def test_the_lock_lives_in_the_git_directory_not_the_work_tree(ledger: Path, run: Run) -> None:
    change(run, ledger, "register", "事项", "--category", LI)
    state = state_dir(ledger, create=False)
    assert state is not None and (state / "lock").is_file()
    assert state.is_relative_to(ledger / ".git")
    assert not (ledger / ".duchatai" / "lock").exists()


def test_cache_directory_never_dirties_the_tree(ledger: Path, run: Run) -> None:
    change(run, ledger, "register", "事项", "--category", LI)
    assert porcelain(ledger) == ""


def test_init_works_with_no_identity_at_all(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "bare"
    # No --by, no DUCHATAI_USER (removed by the autouse fixture), no git identity.
    result = run("init", str(root), by=None, today=None)
    assert result.exit_code == 0, result
    assert commit_count(root) == 1
    assert porcelain(root) == ""
    no_name = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True)
    assert no_name.returncode != 0, "the test needs a repository without user.name"
    try:
        expected = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - depends on the machine
        expected = "duchatai"
    assert last_author(root) == expected
    # Later changes commit as well, still without an identity.
    before = commit_count(root)
    assert run("register", "事项", "--category", LI, ledger=root, by=None).exit_code == 0
    assert commit_count(root) == before + 1


def test_init_inside_an_existing_repository_commits_there(tmp_path: Path, run: Run) -> None:
    outer = tmp_path / "office"
    outer.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=outer, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@y",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "start",
        ],
        cwd=outer,
        check=True,
    )
    root = outer / "ledger"
    assert run("init", str(root)).exit_code == 0
    assert not (root / ".git").exists(), "no nested repository inside an existing one"
    assert commit_count(outer) == 2
    change(run, root, "register", "事项", "--category", LI)
    assert commit_count(outer) == 3
    log = ok(run("log", ID1, ledger=root))
    assert "register" in log.stdout


def test_init_refuses_an_existing_ledger(ledger: Path, run: Run) -> None:
    refused(run, ledger, "init", str(ledger), says=(str(ledger), "已经是督查台账"))


# -- register -------------------------------------------------------------------


def test_register_hands_out_ids_in_order(ledger: Path, run: Run) -> None:
    for n in range(1, 4):
        result = change(run, ledger, "register", f"事项{n}", "--category", LI, "--json")
        item_id = f"DC-2026-{n:04d}"
        assert json.loads(result.stdout)["id"] == item_id
        assert (ledger / "items" / f"{item_id}.yaml").is_file()
        assert last_subject(ledger).startswith(f"register {item_id}")


def test_register_json_has_exactly_the_contract_keys(ledger: Path, run: Run) -> None:
    result = change(run, ledger, "register", "批示", "--category", LI, "--json")
    assert json.loads(result.stdout) == {
        "id": ID1,
        "due": "2026-11-25",
        "status": "registered",
        "category": LI,
    }


@pytest.mark.parametrize(
    ("category", "today", "extra", "due"),
    [
        (LI, "2026-11-20", (), "2026-11-25"),  # 3 working days, over a weekend
        (LI, "2026-09-30", (), "2026-10-10"),  # over National Day, onto 调休 Saturday
        ("upper", "2026-11-20", (), "2026-12-01"),  # 7 working days
        ("executive-meeting", "2026-11-20", (), "2026-12-04"),  # 10 working days
        ("npc-suggestion", "2026-06-15", (), "2026-09-15"),  # 3 months
        ("npc-suggestion", "2026-06-15", ("--complex",), "2026-12-15"),  # 6 months
        ("cppcc-proposal", "2026-06-15", (), "2026-09-15"),
        ("work-report", "2026-05-06", (), "2026-07-15"),  # 15 days after the quarter
        # counted from --start (already past: a deliberate late entry)
        (LI, "2026-11-20", ("--start", "2026-11-02", "--backdate"), "2026-11-05"),
    ],
)
def test_register_due_follows_the_category_rule(
    ledger: Path, run: Run, category: str, today: str, extra: tuple[str, ...], due: str
) -> None:
    data = register(run, ledger, *extra, category=category, today=today)
    assert data["due"] == due
    assert show(run, ledger, str(data["id"]), today=today)["due"] == due


@pytest.mark.parametrize(
    "category", ["document", "key-project", "special-meeting", "plenary-meeting", "other"]
)
def test_explicit_categories_need_and_take_due(ledger: Path, run: Run, category: str) -> None:
    result = refused(run, ledger, "register", "通知事项", "--category", category,
                     says=(category, "请用 --due 指定办理时限"))
    assert "--due" in result.stderr
    data = register(run, ledger, "--due", "2026-12-31", category=category)
    assert data == {"id": ID1, "due": "2026-12-31", "status": "registered", "category": category}


def test_due_overrides_a_computed_rule(ledger: Path, run: Run) -> None:
    assert register(run, ledger, "--due", "2026-12-18")["due"] == "2026-12-18"


def test_register_records_every_option(ledger: Path, run: Run) -> None:
    change(
        run,
        ledger,
        "register",
        "老旧小区改造",
        "--category",
        LI,
        "--lead",
        "市住建局",
        "--co",
        "市财政局",
        "--co",
        "历下区政府",
        "--responsible",
        "李四",
        "--kind",
        "comprehensive",
        "--method",
        "phone",
        "--method",
        "onsite",
        "--weekly",
        "--source",
        "市领导批示〔2026〕12号",
        "--milestone",
        "2026-12-10 完成招标",
        "--milestone",
        "2026-12-20 开工",
        by="登记员",
    )
    item = show(run, ledger)
    assert item["title"] == "老旧小区改造"
    assert item["lead_unit"] == "市住建局"
    assert item["co_units"] == ["市财政局", "历下区政府"]
    assert item["responsible"] == "李四"
    assert item["kind"] == "comprehensive"
    assert item["weekly"] is True
    assert item["start"] == "2026-11-20"
    assert item.get("methods") == ["phone", "onsite"]
    assert item.get("source") == "市领导批示〔2026〕12号"
    milestones = [(m["due"], m["title"], m["done"]) for m in item["milestones"]]
    assert milestones == [("2026-12-10", "完成招标", None), ("2026-12-20", "开工", None)]
    assert item["status"] == "registered"


def test_register_without_weekly_is_not_weekly(ledger: Path, run: Run) -> None:
    register(run, ledger)
    assert show(run, ledger)["weekly"] is False


# -- assign, urge, report ----------------------------------------------------


def test_assign(ledger: Path, run: Run) -> None:
    register(run, ledger)
    change(
        run,
        ledger,
        "assign",
        ID1,
        "--lead",
        "市住建局",
        "--co",
        "市财政局",
        "--responsible",
        "李四",
        "--approved-by",
        "王秘书长",
        by="交办员",
        today="2026-11-21",
    )
    assert last_subject(ledger).startswith(f"assign {ID1}")
    item = show(run, ledger)
    assert item["status"] == "assigned"
    assert item["lead_unit"] == "市住建局"
    assert item["co_units"] == ["市财政局"]
    assert item["responsible"] == "李四"
    assert item.get("approved_by") == "王秘书长"
    assert item.get("assigned_on") == "2026-11-21"


def test_urge_records_method_note_and_actor(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    change(
        run,
        ledger,
        "urge",
        ID1,
        "--method",
        "written",
        "--note",
        "请尽快报送",
        by="催办员",
        today="2026-11-23",
    )
    assert last_subject(ledger).startswith(f"urge {ID1}")
    change(run, ledger, "urge", ID1, "--method", "onsite", by="督查员", today="2026-11-24")
    item = show(run, ledger)
    assert item["status"] == "assigned"
    urges = [(u["date"], u["method"], u["by"]) for u in item["urges"]]
    assert urges == [("2026-11-23", "written", "催办员"), ("2026-11-24", "onsite", "督查员")]
    assert item["urges"][0]["note"] == "请尽快报送"
    assert {"written", "onsite"} <= set(item.get("methods", []))


def test_progress_and_weekly_reports_keep_the_status(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    change(
        run,
        ledger,
        "report",
        ID1,
        "--kind",
        "progress",
        "--text",
        "已完成前期调研",
        "--signed-by",
        "张局长",
        "--sealed",
        by="承办员",
        today="2026-11-23",
    )
    assert last_subject(ledger).startswith(f"report {ID1}")
    change(run, ledger, "report", ID1, "--kind", "weekly", "--text", "本周推进", today="2026-11-24")
    item = show(run, ledger)
    assert item["status"] == "assigned"
    first, second = item["reports"]
    assert (first["date"], first["kind"], first["text"]) == (
        "2026-11-23",
        "progress",
        "已完成前期调研",
    )
    assert first["signed_by"] == "张局长" and first["sealed"] is True
    assert second["kind"] == "weekly" and second["sealed"] is False


def test_result_report_moves_to_reported(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    change(
        run,
        ledger,
        "report",
        ID1,
        "--kind",
        "result",
        "--text",
        "已办结",
        "--signed-by",
        "张局长",
        "--sealed",
    )
    item = show(run, ledger)
    assert item["status"] == "reported"
    assert item["reports"][-1]["signed_by"] == "张局长"
    assert item["reports"][-1]["sealed"] is True


# -- review ---------------------------------------------------------------------


def test_accept_keeps_status_reported(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("reported")
    change(run, ledger, "review", ID1, "--accept", by="审核员")
    assert last_subject(ledger).startswith(f"review {ID1}")
    item = show(run, ledger)
    assert item["status"] == "reported"
    assert item["reviews"][-1]["accepted"] is True
    assert item["reviews"][-1].get("by") == "审核员"


def test_reject_returns_with_a_due_counted_from_the_rejection(
    item_ledger: ItemLedger, run: Run
) -> None:
    ledger = item_ledger("reported")  # registered 2026-11-20, due 2026-11-25
    change(run, ledger, "review", ID1, "--reject", "--reason", "整改措施不具体", today="2026-11-27")
    item = show(run, ledger, today="2026-11-27")
    assert item["status"] == "returned"
    assert item["due"] == "2026-12-02"  # 3 working days after Friday 2026-11-27
    review = item["reviews"][-1]
    assert review["accepted"] is False
    assert review["reason"] == "整改措施不具体"
    # The returned item can be reported on again.
    change(run, ledger, "report", ID1, "--kind", "result", "--text", "补充材料", today="2026-12-01")
    assert show(run, ledger)["status"] == "reported"


def test_reject_with_explicit_due(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("reported")
    change(run, ledger, "review", ID1, "--reject", "--reason", "不符合要求", "--due", "2026-12-18")
    item = show(run, ledger)
    assert (item["status"], item["due"]) == ("returned", "2026-12-18")


def _npc_reported(run: Run, ledger: Path) -> None:
    """An npc-suggestion started 2026-06-15 (cap 2026-12-15), answered on 2026-09-10."""
    register(run, ledger, category="npc-suggestion", today="2026-06-15")
    ok(run("assign", ID1, "--lead", "市教育局", ledger=ledger, today="2026-06-16"))
    ok(run("report", ID1, "--kind", "result", "--text", "答复", ledger=ledger, today="2026-09-10"))


def test_reject_never_passes_the_npc_cap(ledger: Path, run: Run) -> None:
    _npc_reported(run, ledger)
    refused(
        run,
        ledger,
        "review",
        ID1,
        "--reject",
        "--reason",
        "不满意",
        "--due",
        "2026-12-16",
        today="2026-10-20",
        says=("2026-12-16", "最长期限 2026-12-15"),
    )
    change(
        run,
        ledger,
        "review",
        ID1,
        "--reject",
        "--reason",
        "不满意",
        "--due",
        "2026-12-15",
        today="2026-10-20",
    )
    item = show(run, ledger, today="2026-10-20")
    assert (item["status"], item["due"]) == ("returned", "2026-12-15")


def test_refused_reject_past_the_cap_is_one_line(ledger: Path, run: Run) -> None:
    _npc_reported(run, ledger)
    # 3 months from 2026-10-20 is 2027-01-20, past the cap 2026-12-15: refused.
    refused(run, ledger, "review", ID1, "--reject", "--reason", "不满意", today="2026-10-20",
            says=("2027-01-20", "最长期限 2026-12-15"))


def test_reject_due_before_the_rejection_is_refused(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("reported")
    refused(
        run,
        ledger,
        "review",
        ID1,
        "--reject",
        "--reason",
        "x",
        "--due",
        "2026-11-26",
        today="2026-11-27",
        says=("2026-11-26", "早于"),
    )


# -- extend -----------------------------------------------------------------------


def test_extend_before_due(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")  # due 2026-11-25
    change(
        run,
        ledger,
        "extend",
        ID1,
        "--until",
        "2026-12-04",
        "--reason",
        "需多部门协调",
        "--progress",
        "已完成一半",
        "--next-steps",
        "下周召开协调会",
        by="延期审批员",
        today="2026-11-24",
    )
    assert last_subject(ledger).startswith(f"extend {ID1}")
    item = show(run, ledger, today="2026-11-24")
    assert item["due"] == "2026-12-04"
    (ext,) = item["extensions"]
    assert ext["previous_due"] == "2026-11-25" and ext["until"] == "2026-12-04"
    assert ext["reason"] == "需多部门协调" and ext["late"] is False
    assert ext.get("progress") == "已完成一半"
    assert ext.get("next_steps") == "下周召开协调会"


@pytest.mark.parametrize("today", ["2026-11-25", "2026-11-26", "2026-12-10"])
def test_extend_on_or_after_due_needs_late(item_ledger: ItemLedger, run: Run, today: str) -> None:
    ledger = item_ledger("assigned")  # due 2026-11-25
    refused(run, ledger, "extend", ID1, "--until", "2026-12-31", "--reason", "迟报", today=today,
            says=("办理时限 2026-11-25 之前", f"今天是 {today}", "--late"))
    change(
        run,
        ledger,
        "extend",
        ID1,
        "--until",
        "2026-12-31",
        "--reason",
        "迟报",
        "--late",
        today=today,
    )
    item = show(run, ledger, today=today)
    assert item["due"] == "2026-12-31"
    assert item["extensions"][-1]["late"] is True


@pytest.mark.parametrize("until", ["2026-11-25", "2026-11-24", "2026-11-20"])
def test_extend_until_must_be_after_the_due(item_ledger: ItemLedger, run: Run, until: str) -> None:
    ledger = item_ledger("assigned")  # due 2026-11-25
    refused(run, ledger, "extend", ID1, "--until", until, "--reason", "r", today="2026-11-21",
            says=(until, "应晚于当前时限 2026-11-25"))


def test_npc_extension_never_passes_six_months(ledger: Path, run: Run) -> None:
    data = register(run, ledger, category="npc-suggestion", today="2026-06-15")
    assert data["due"] == "2026-09-15"  # cap: 2026-12-15, that day included
    ok(run("assign", ID1, "--lead", "市教育局", ledger=ledger, today="2026-06-16"))
    refused(
        run, ledger, "extend", ID1, "--until", "2026-12-16", "--reason", "r", today="2026-09-01",
        says=("2026-12-16", "最长期限 2026-12-15"),
    )
    # Late and past the cap: --late does not lift it.
    refused(
        run,
        ledger,
        "extend",
        ID1,
        "--until",
        "2026-12-16",
        "--reason",
        "r",
        "--late",
        today="2026-09-20",
        says=("2026-12-16", "最长期限 2026-12-15"),
    )
    change(
        run,
        ledger,
        "extend",
        ID1,
        "--until",
        "2026-12-15",
        "--reason",
        "r",
        "--late",
        today="2026-09-20",
    )
    assert show(run, ledger, today="2026-09-20")["due"] == "2026-12-15"
    refused(
        run,
        ledger,
        "extend",
        ID1,
        "--until",
        "2026-12-31",
        "--reason",
        "r",
        "--late",
        today="2026-12-20",
        says=("2026-12-31", "最长期限 2026-12-15"),
    )


def test_npc_explicit_due_past_the_cap_is_refused(ledger: Path, run: Run) -> None:
    refused(
        run,
        ledger,
        "register",
        "建议",
        "--category",
        "npc-suggestion",
        "--due",
        "2026-12-16",
        today="2026-06-15",
        says=("2026-12-16", "最长期限 2026-12-15"),
    )
    assert (
        register(run, ledger, "--due", "2026-12-15", category="npc-suggestion", today="2026-06-15")[
            "due"
        ]
        == "2026-12-15"
    )


# -- close and archive --------------------------------------------------------


def test_close_after_accepted_review(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("accepted")
    change(run, ledger, "close", ID1, "--note", "群众满意", by="办结员", today="2026-11-24")
    assert last_subject(ledger).startswith(f"close {ID1}")
    item = show(run, ledger)
    assert item["status"] == "closed"
    assert item.get("closed_on") == "2026-11-24"
    assert item.get("close_note") == "群众满意"


def test_close_needs_an_accepted_review(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("reported")
    refused(run, ledger, "close", ID1, says=(ID1, "尚未审核通过", "--accept"))
    # Rejected, reported again: the last review is a rejection.
    ok(run("review", ID1, "--reject", "--reason", "不符合", ledger=ledger))
    ok(run("report", ID1, "--kind", "result", "--text", "再次报送", ledger=ledger))
    assert show(run, ledger)["status"] == "reported"
    refused(run, ledger, "close", ID1, says=(ID1, "尚未审核通过", "--accept"))


def test_archive_moves_the_file_and_keeps_it_findable(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("closed")
    change(run, ledger, "archive", ID1, by="档案员", today="2026-11-30")
    assert last_subject(ledger).startswith("archive") and ID1 in last_subject(ledger)
    assert not (ledger / "items" / f"{ID1}.yaml").exists()
    assert (ledger / "archive" / "2026" / f"{ID1}.yaml").is_file()
    item = show(run, ledger)
    assert item["status"] == "archived"
    assert item.get("archived_on") == "2026-11-30"
    log = ok(run("log", ID1, ledger=ledger)).stdout
    assert "register" in log and "archive" in log
    listed = json.loads(ok(run("list", "--json", ledger=ledger)).stdout)
    assert listed == []
    archived = json.loads(ok(run("list", "--status", "archived", "--json", ledger=ledger)).stdout)
    assert [i["id"] for i in archived] == [ID1]


def test_archive_uses_the_year_of_closing(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("accepted")
    ok(run("close", ID1, ledger=ledger, today="2026-12-31"))
    change(run, ledger, "archive", ID1, today="2027-01-04")
    assert (ledger / "archive" / "2026" / f"{ID1}.yaml").is_file()


def test_archive_closed_takes_every_closed_item(ledger: Path, run: Run) -> None:
    make_item(run, ledger, "closed")
    make_item(run, ledger, "assigned")
    make_item(run, ledger, "closed")
    change(run, ledger, "archive", "--closed")
    subject = last_subject(ledger)
    assert subject.startswith("archive") and ID1 in subject and ID3 in subject
    assert ID2 not in subject
    assert sorted(p.name for p in (ledger / "archive" / "2026").iterdir()) == [
        f"{ID1}.yaml",
        f"{ID3}.yaml",
    ]
    assert (ledger / "items" / f"{ID2}.yaml").is_file()


def test_archive_refuses_when_any_item_is_not_closed(ledger: Path, run: Run) -> None:
    make_item(run, ledger, "closed")
    make_item(run, ledger, "reported")
    refused(run, ledger, "archive", ID1, ID2, says=(ID2, "不能归档"))
    assert (ledger / "items" / f"{ID1}.yaml").is_file()


def test_archive_needs_ids_or_closed(ledger: Path, run: Run) -> None:
    refused(run, ledger, "archive", says=("归档的事项编号", "--closed"))


# -- milestones -------------------------------------------------------------------


def test_milestone_add_and_done(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    change(run, ledger, "milestone", "add", ID1, "完成招标", "--due", "2026-12-10", by="甲")
    assert last_subject(ledger).startswith(f"milestone {ID1}")
    change(run, ledger, "milestone", "add", ID1, "开工建设", "--due", "2026-12-20", by="乙")
    change(run, ledger, "milestone", "done", ID1, "1", "--date", "2026-12-08", by="丙")
    change(run, ledger, "milestone", "done", ID1, "2", by="丁", today="2026-12-21")
    done = [(m["title"], m["due"], m["done"]) for m in show(run, ledger)["milestones"]]
    assert done == [
        ("完成招标", "2026-12-10", "2026-12-08"),
        ("开工建设", "2026-12-20", "2026-12-21"),
    ]


def test_milestone_done_refusals(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned", "--milestone", "2026-12-10 完成招标")
    refused(run, ledger, "milestone", "done", ID1, "2", says=("没有第 2 个节点任务", "共 1 个"))
    refused(run, ledger, "milestone", "done", ID1, "0", says=("没有第 0 个节点任务",))
    ok(run("milestone", "done", ID1, "1", ledger=ledger))
    refused(run, ledger, "milestone", "done", ID1, "1",
            says=("第 1 个节点任务已于 2026-11-20 完成",))


# -- reading --------------------------------------------------------------------

SHOW_KEYS = {
    "id",
    "title",
    "category",
    "status",
    "start",
    "due",
    "lead_unit",
    "co_units",
    "responsible",
    "kind",
    "weekly",
    "extensions",
    "reports",
    "urges",
    "reviews",
}


def test_show_json_has_the_contract_shape(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned", "--co", "市财政局", "--weekly")
    ok(run("urge", ID1, ledger=ledger, today="2026-11-23"))
    ok(
        run(
            "extend",
            ID1,
            "--until",
            "2026-12-04",
            "--reason",
            "r",
            ledger=ledger,
            today="2026-11-24",
        )
    )
    ok(run("report", ID1, "--kind", "result", "--text", "完成", ledger=ledger, today="2026-11-25"))
    ok(run("review", ID1, "--accept", ledger=ledger, today="2026-11-26"))
    item = show(run, ledger)
    assert SHOW_KEYS <= set(item)
    for key in ("start", "due"):
        assert DATE.match(item[key]), key
    for key in ("co_units", "extensions", "reports", "urges", "reviews"):
        assert isinstance(item[key], list) and len(item[key]) == 1, key
    assert item["extensions"][0]["until"] == "2026-12-04"
    assert item["reports"][0]["date"] == "2026-11-25"
    assert item["urges"][0]["date"] == "2026-11-23"
    assert item["reviews"][0]["date"] == "2026-11-26"
    assert (item["id"], item["category"], item["status"]) == (ID1, LI, "reported")
    assert item["weekly"] is True and item["kind"] == "routine"


def test_show_json_of_a_fresh_item_uses_empty_arrays(ledger: Path, run: Run) -> None:
    register(run, ledger)
    item = show(run, ledger)
    assert SHOW_KEYS <= set(item)
    for key in ("co_units", "extensions", "reports", "urges", "reviews"):
        assert item[key] == [], key
    assert item["lead_unit"] == "" or item["lead_unit"] is None


def test_show_accepts_a_lowercase_id(ledger: Path, run: Run) -> None:
    register(run, ledger)
    assert show(run, ledger, "dc-2026-0001")["id"] == ID1


LIST_KEYS = {"id", "title", "status", "due", "lead_unit", "category"}


def _list(run: Run, ledger: Path, *args: str) -> list[str]:
    result = ok(run("list", *args, "--json", ledger=ledger))
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    for row in rows:
        assert LIST_KEYS <= set(row)
    return sorted(row["id"] for row in rows)


def test_list_json_filters(ledger: Path, run: Run) -> None:
    register(run, ledger, "--lead", "市住建局", "--co", "市财政局")
    ok(run("assign", ID1, "--lead", "市住建局", "--co", "市财政局", ledger=ledger))
    register(run, ledger, "--due", "2026-12-31", category="document")
    ok(run("assign", ID2, "--lead", "市财政局", ledger=ledger))
    register(run, ledger, category="upper")
    assert _list(run, ledger) == [ID1, ID2, ID3]
    assert _list(run, ledger, "--status", "assigned") == [ID1, ID2]
    assert _list(run, ledger, "--status", "registered") == [ID3]
    assert _list(run, ledger, "--status", "closed") == []
    assert _list(run, ledger, "--unit", "市财政局") == [ID1, ID2]  # lead or co-unit
    assert _list(run, ledger, "--unit", "市住建局") == [ID1]
    assert _list(run, ledger, "--category", "document") == [ID2]
    assert _list(run, ledger, "--category", "upper", "--status", "registered") == [ID3]
    assert _list(run, ledger, "--category", "upper", "--status", "assigned") == []
    rows = json.loads(ok(run("list", "--json", ledger=ledger)).stdout)
    first = next(r for r in rows if r["id"] == ID1)
    assert (first["status"], first["due"], first["lead_unit"], first["category"]) == (
        "assigned",
        "2026-11-25",
        "市住建局",
        LI,
    )


def test_list_refuses_unknown_status_and_category(ledger: Path, run: Run) -> None:
    register(run, ledger)
    result = refused(run, ledger, "list", "--status", "finished", "--json",
                     says=("--status", "finished"))
    assert "assigned" in result.stderr  # names the valid choices
    result = refused(run, ledger, "list", "--category", "nope", "--json", says=("未知类别", "nope"))
    assert LI in result.stderr


def test_log_shows_the_items_commits_oldest_first(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    register(run, ledger, title="另一事项")  # its commits must not show up
    ok(run("urge", ID1, ledger=ledger))
    ok(run("extend", ID1, "--until", "2026-12-04", "--reason", "r", ledger=ledger))
    ok(run("report", ID1, "--kind", "result", "--text", "完成", ledger=ledger))
    ok(run("review", ID1, "--accept", ledger=ledger))
    ok(run("close", ID1, ledger=ledger))
    ok(run("archive", ID1, ledger=ledger))
    subjects = git(
        ledger,
        "log",
        "--reverse",
        "--format=%s",
        "--",
        f"items/{ID1}.yaml",
        f"archive/2026/{ID1}.yaml",
    ).splitlines()
    commands = ["register", "assign", "urge", "extend", "report", "review", "close", "archive"]
    assert [s.split()[0] for s in subjects] == commands
    assert all(ID1 in s for s in subjects)
    before = commit_count(ledger)
    lines = ok(run("log", ID1, ledger=ledger)).stdout.splitlines()
    assert len(lines) == len(subjects)
    for line, subject in zip(lines, subjects, strict=True):
        assert subject in line
    assert ID2 not in "".join(lines)
    assert commit_count(ledger) == before


def test_reads_make_no_commit(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("assigned")
    files, head = snapshot(ledger), git_head(ledger)
    for args in (
        ("show", ID1),
        ("show", ID1, "--json"),
        ("list",),
        ("list", "--json"),
        ("log", ID1),
    ):
        ok(run(*args, ledger=ledger))
    assert git_head(ledger) == head
    assert snapshot(ledger) == files
    assert porcelain(ledger) == ""


# -- refusals -----------------------------------------------------------------------

ID_COMMANDS: list[tuple[str, ...]] = [
    ("show", "{id}"),
    ("show", "{id}", "--json"),
    ("log", "{id}"),
    ("assign", "{id}", "--lead", "市住建局"),
    ("urge", "{id}"),
    ("report", "{id}", "--kind", "result", "--text", "完成"),
    ("review", "{id}", "--accept"),
    ("review", "{id}", "--reject", "--reason", "不符合"),
    ("extend", "{id}", "--until", "2026-12-31", "--reason", "需要时间"),
    ("close", "{id}"),
    ("archive", "{id}"),
    ("milestone", "add", "{id}", "节点", "--due", "2026-12-10"),
    ("milestone", "done", "{id}", "1"),
]


def _fill(template: tuple[str, ...], item_id: str) -> list[str]:
    return [part.replace("{id}", item_id) for part in template]


@pytest.mark.parametrize("template", ID_COMMANDS, ids=lambda t: " ".join(t[:2]))
def test_unknown_id_is_refused(
    item_ledger: ItemLedger, run: Run, template: tuple[str, ...]
) -> None:
    ledger = item_ledger("assigned", "--milestone", "2026-12-10 节点")
    result = refused(run, ledger, *_fill(template, "DC-2026-0099"), says=("没有事项",))
    assert "DC-2026-0099" in result.stderr


@pytest.mark.parametrize("template", ID_COMMANDS, ids=lambda t: " ".join(t[:2]))
def test_path_like_id_is_refused(
    item_ledger: ItemLedger, run: Run, template: tuple[str, ...]
) -> None:
    ledger = item_ledger("assigned")
    refused(run, ledger, *_fill(template, "../etc"), says=("“../etc”格式不对", "DC-2026-0001"))


BAD_IDS = [
    "../etc",
    "../../etc/passwd",
    "/etc/passwd",
    "items/DC-2026-0001",
    "DC-2026-0001/../../duchatai",
    "DC-2026-0001.yaml",
    "DC-2026-1",
    "DC_2026_0001",
    "2026-0001",
    "",
    "   ",
]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("command", ["show", "urge"])
def test_malformed_ids_are_refused(
    item_ledger: ItemLedger, run: Run, command: str, bad: str
) -> None:
    ledger = item_ledger("assigned")
    refused(run, ledger, command, bad, says=(f"“{bad}”格式不对",))


@pytest.mark.parametrize(
    "args",
    [
        ("register", "x", "--category", "document", "--due", "2026-02-30"),
        ("register", "x", "--category", "document", "--due", "明天"),
        ("register", "x", "--category", "document", "--due", "2026-12-32"),
        ("register", "x", "--category", LI, "--start", "2026-13-01"),
        ("register", "x", "--category", LI, "--milestone", "2026-02-30 节点"),
        ("register", "x", "--category", LI, "--milestone", "完成招标"),
        ("register", "x", "--category", LI, "--milestone", "2026-12-10"),
        ("register", "x", "--category", "document", "--due", "2026-11-19"),  # before start
        ("extend", ID1, "--until", "2026-02-30", "--reason", "r"),
        ("extend", ID1, "--until", "soon", "--reason", "r"),
        ("milestone", "add", ID1, "节点", "--due", "2026-02-30"),
        ("milestone", "done", ID1, "1", "--date", "2026-02-30"),
    ],
    ids=lambda a: " ".join(a),
)
def test_bad_dates_are_refused(item_ledger: ItemLedger, run: Run, args: tuple[str, ...]) -> None:
    ledger = item_ledger("assigned", "--milestone", "2026-12-10 节点")
    before_start = args[-1] == "2026-11-19"
    refused(run, ledger, *args, says=("早于立项日期",) if before_start else ("无法识别",))


def test_bad_today_is_refused(ledger: Path, run: Run) -> None:
    refused(run, ledger, "register", "x", "--category", LI, today="2026-02-30",
            says=("--today", "2026-02-30"))


def test_bad_review_due_is_refused(item_ledger: ItemLedger, run: Run) -> None:
    ledger = item_ledger("reported")
    refused(run, ledger, "review", ID1, "--reject", "--reason", "r", "--due", "2026-02-30",
            says=("--due", "2026-02-30"))


@pytest.mark.parametrize("category", ["nope", "", "Leader-Instruction", "leader_instruction"])
def test_unknown_category_is_refused_naming_the_choices(
    ledger: Path, run: Run, category: str
) -> None:
    result = refused(run, ledger, "register", "x", "--category", category, "--due", "2026-12-31",
                     says=(f"未知类别“{category}”",))
    assert LI in result.stderr and "npc-suggestion" in result.stderr


@pytest.mark.parametrize("title", ["", "   ", "\t", "\n"])
def test_empty_title_is_refused(ledger: Path, run: Run, title: str) -> None:
    refused(run, ledger, "register", title, "--category", LI, says=("事项名称不能为空",))


@pytest.mark.parametrize(
    "args",
    [
        ("register", "x", "--category", LI, "--method", "email"),
        ("register", "x", "--category", LI, "--kind", "big"),
        ("assign", ID1, "--lead", "  "),
        ("urge", ID1, "--method", "email"),
        ("report", ID1, "--kind", "final", "--text", "完成"),
        ("report", ID1, "--kind", "result", "--text", "   "),
        ("extend", ID1, "--until", "2026-12-31", "--reason", " "),
        ("milestone", "add", ID1, " ", "--due", "2026-12-10"),
    ],
    ids=lambda a: " ".join(a),
)
def test_invalid_values_are_refused(
    item_ledger: ItemLedger, run: Run, args: tuple[str, ...]
) -> None:
    ledger = item_ledger("assigned")
    blank = any(not arg.strip() for arg in args)
    refused(run, ledger, *args, says=("不能为空",) if blank else ("无效", "可选"))


@pytest.mark.parametrize(
    "args",
    [
        ("review", ID1),
        ("review", ID1, "--accept", "--reject", "--reason", "r"),
        ("review", ID1, "--reject"),
        ("review", ID1, "--reject", "--reason", "  "),
    ],
    ids=lambda a: " ".join(a),
)
def test_review_needs_one_verdict_and_a_reason(
    item_ledger: ItemLedger, run: Run, args: tuple[str, ...]
) -> None:
    ledger = item_ledger("reported")
    no_reason = args[-1] in ("--reject", "  ")
    says = ("退回理由不能为空",) if no_reason else ("--accept", "--reject")
    refused(run, ledger, *args, says=says)


WRONG_STATE: list[tuple[str, tuple[str, ...]]] = [
    ("registered", ("close", ID1)),
    ("registered", ("review", ID1, "--accept")),
    ("registered", ("urge", ID1)),
    ("registered", ("report", ID1, "--kind", "result", "--text", "t")),
    ("registered", ("archive", ID1)),
    ("assigned", ("review", ID1, "--accept")),
    ("assigned", ("review", ID1, "--reject", "--reason", "r")),
    ("assigned", ("close", ID1)),
    ("assigned", ("archive", ID1)),
    ("reported", ("assign", ID1, "--lead", "市财政局")),
    ("reported", ("urge", ID1)),
    ("reported", ("archive", ID1)),
    ("returned", ("review", ID1, "--accept")),
    ("returned", ("close", ID1)),
    ("accepted", ("archive", ID1)),
    ("closed", ("urge", ID1)),
    ("closed", ("report", ID1, "--kind", "progress", "--text", "t")),
    ("closed", ("review", ID1, "--accept")),
    ("closed", ("assign", ID1, "--lead", "市财政局")),
    ("closed", ("extend", ID1, "--until", "2026-12-31", "--reason", "r")),
    ("closed", ("close", ID1)),
    ("closed", ("milestone", "add", ID1, "节点", "--due", "2026-12-10")),
    ("archived", ("urge", ID1)),
    ("archived", ("close", ID1)),
    ("archived", ("archive", ID1)),
    ("archived", ("report", ID1, "--kind", "result", "--text", "t")),
]


@pytest.mark.parametrize(
    ("state", "args"), WRONG_STATE, ids=[f"{s}-{a[0]}" for s, a in WRONG_STATE]
)
def test_wrong_state_is_refused(
    item_ledger: ItemLedger, run: Run, state: str, args: tuple[str, ...]
) -> None:
    ledger = item_ledger(state)
    result = refused(run, ledger, *args, says=("当前状态为", f"（{args[0]}）"))
    assert ID1 in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("register", "x", "--category", LI, "--bogus"),
        ("register", "x"),  # --category is required
        ("show", ID1, "--colour"),
        ("urge", ID1, "--how", "phone"),
        ("list", "--statuss", "assigned"),
        ("nonsense-command",),
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2(item_ledger: ItemLedger, run: Run, args: tuple[str, ...]) -> None:
    ledger = item_ledger("assigned")
    missing = {("register", "x"): "--category", ("assign", ID1): "--lead"}.get(args)
    culprit = missing or [args[0], *(arg for arg in args if arg.startswith("--"))][-1]
    refused(run, ledger, *args, code=2, says=("错误：", culprit))


def test_no_ledger_found_is_one_line(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = run("list")
    assert result.exit_code == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "init" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
