"""``log ID``: each commit with the business date of what it recorded, the action in the
ledger's language and who acted; the commit subject last and unchanged."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from conftest import ItemFactory, Result, Run, git

from duchatai.core.itemlog import action_of, business_date, log_row
from duchatai.core.model import Milestone
from duchatai.core.records import Note, Report, Urge

D = dt.date
ID1 = "DC-2026-0001"
COMMITTED = D(2026, 11, 30)


def test_action_of_a_subject() -> None:
    assert action_of("report DC-2026-0001: result (市水务局)") == "report"
    assert action_of("undo assign DC-2026-0001 to 市水务局") == "undo"
    assert action_of("milestone done DC-2026-0001 #1") == "milestone"
    assert action_of("hand edit of the title") == "other"
    assert action_of("Merge branch 'main'") == "other"
    assert action_of("") == "other"


def test_every_action_is_named_in_both_languages() -> None:
    from duchatai.core.itemlog import STEPS, UNDO
    from duchatai.core.messages import MESSAGES

    for action in (*STEPS, UNDO, "other"):
        zh, en = MESSAGES[f"log_action_{action}"]
        assert zh != en and en.isascii()


def test_a_registration_is_dated_by_its_start(make_item: ItemFactory) -> None:
    item = make_item(start=D(2026, 11, 2), assigned=False)
    assert business_date(None, item, COMMITTED) == D(2026, 11, 2)


def test_a_record_is_dated_by_its_own_date(make_item: ItemFactory) -> None:
    """A report entered on the 30th for the 5th is the 5th's, whenever committed."""
    before = make_item(start=D(2026, 11, 2), urges=[Urge(D(2026, 11, 4))])
    after = copy.deepcopy(before)
    after.reports.append(Report(D(2026, 11, 5), "result", "完成"))
    assert business_date(before, after, COMMITTED) == D(2026, 11, 5)
    noted = copy.deepcopy(after)
    noted.notes.append(Note(D(2026, 11, 9), "电话联系"))
    assert business_date(after, noted, COMMITTED) == D(2026, 11, 9)


def test_item_dates_set_by_the_commit(make_item: ItemFactory) -> None:
    before = make_item(start=D(2026, 11, 2), assigned=False)
    assigned = copy.deepcopy(before)
    assigned.assigned_on = D(2026, 11, 3)
    assert business_date(before, assigned, COMMITTED) == D(2026, 11, 3)
    closed = make_item(start=D(2026, 11, 2), closed=D(2026, 11, 10))
    archived = copy.deepcopy(closed)
    archived.archived_on = D(2026, 11, 11)
    assert business_date(closed, archived, COMMITTED) == D(2026, 11, 11)


def test_a_milestone_marked_done(make_item: ItemFactory) -> None:
    before = make_item(start=D(2026, 11, 2))
    before.milestones = [Milestone("招标", D(2026, 11, 20))]
    after = copy.deepcopy(before)
    after.milestones[0].done = D(2026, 11, 18)
    assert business_date(before, after, COMMITTED) == D(2026, 11, 18)


def test_nothing_dated_recorded_is_the_commit_date(make_item: ItemFactory) -> None:
    """An undo takes records away; a re-assignment or a hand edit may add no date."""
    with_report = make_item(reports=[Report(D(2026, 11, 5), "result", "完成")])
    undone = make_item()
    assert business_date(with_report, undone, COMMITTED) == COMMITTED
    assert business_date(undone, copy.deepcopy(undone), COMMITTED) == COMMITTED
    assert business_date(undone, None, COMMITTED) == COMMITTED  # the file removed


def test_log_row(make_item: ItemFactory) -> None:
    before = make_item(start=D(2026, 11, 2))
    after = copy.deepcopy(before)
    after.urges.append(Urge(D(2026, 11, 4), "onsite"))
    row = log_row("a" * 40, "张三", "2026-11-30 09:15", "urge DC-2026-0001 (onsite, #1)",
                  before, after)  # fmt: skip
    assert (row.day, row.action, row.who, row.recorded) == (
        D(2026, 11, 4),
        "urge",
        "张三",
        "2026-11-30 09:15",
    )


# -- the command ----------------------------------------------------------------------


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result
    return result


@pytest.fixture
def history(run: Run, ledger: Path) -> Path:
    """An item registered, assigned, urged, reported on and reviewed on days before the
    commits were made (``--today`` in the past), then a hand commit."""
    steps = [
        ("2026-11-02", "register", "防汛物资储备检查", "-c", "leader-instruction", "--lead",
         "市水务局"),
        ("2026-11-03", "assign", ID1),
        ("2026-11-04", "urge", ID1, "--method", "onsite"),
        ("2026-11-05", "report", ID1, "--kind", "result", "--text", "已完成"),
        ("2026-11-06", "review", ID1, "--accept"),
    ]  # fmt: skip
    for today, *args in steps:
        ok(run(*args, ledger=ledger, today=today, by="张三"))
    path = ledger / "items" / f"{ID1}.yaml"
    path.write_text(path.read_text("utf-8") + "# 手工备注\n", "utf-8")
    git(ledger, "-c", "user.name=王五", "-c", "user.email=w@example.gov.cn",
        "commit", "-qam", "hand edit: a comment")  # fmt: skip
    return ledger


def test_log_shows_business_dates_and_actions(run: Run, history: Path) -> None:
    lines = ok(run("log", ID1, ledger=history)).stdout.splitlines()
    today = git(history, "log", "-1", "--format=%ad", "--date=format:%Y-%m-%d")
    assert [line.split()[:3] for line in lines] == [
        ["2026-11-02", "登记", "张三"],
        ["2026-11-03", "交办", "张三"],
        ["2026-11-04", "催办", "张三"],
        ["2026-11-05", "报告", "张三"],
        ["2026-11-06", "审核", "张三"],
        [today, "其他修改", "王五"],
    ]
    subjects = git(history, "log", "--reverse", "--format=%s").splitlines()[1:]
    assert [line.split("  ")[-1] for line in lines] == subjects  # unchanged, last
    assert all(f"提交于 {today}" in line for line in lines)


def test_log_in_english(run: Run, history: Path) -> None:
    lines = ok(run("log", ID1, ledger=history, lang="en")).stdout.splitlines()
    assert [line.split()[1] for line in lines] == [
        "register",
        "assign",
        "urge",
        "report",
        "review",
        "other",
    ]
    assert all(" committed " in line for line in lines)
    assert lines[3].startswith("2026-11-05  report    张三  committed ")


def test_log_follows_the_item_into_the_archive_and_back(run: Run, history: Path) -> None:
    ok(run("close", ID1, ledger=history, today="2026-11-10", by="张三"))
    ok(run("archive", ID1, ledger=history, today="2026-11-11", by="张三"))
    ok(run("undo", ledger=history, by="张三"))
    lines = ok(run("log", ID1, ledger=history)).stdout.splitlines()
    today = git(history, "log", "-1", "--format=%ad", "--date=format:%Y-%m-%d")
    assert [line.split()[:2] for line in lines[-3:]] == [
        ["2026-11-10", "办结"],
        ["2026-11-11", "归档"],
        [today, "撤回"],
    ]


def test_blobs_at_reads_exact_bytes_in_one_go(tmp_path: Path) -> None:
    from duchatai.store.gitlog import blobs_at

    git(tmp_path, "init", "-q")
    (tmp_path / "items").mkdir()
    versions = ["标题：一\n".encode(), b"\xff\xfe not utf-8\n\n", b"x" * 50 + b"\n"]
    commits = []
    for text in versions:
        (tmp_path / "items" / "a.yaml").write_bytes(text)
        git(tmp_path, "add", "-A")
        git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v")
        commits.append(git(tmp_path, "rev-parse", "HEAD"))
    wanted = [(c, "items/a.yaml") for c in commits] + [(commits[0], "items/none.yaml")]
    assert blobs_at(tmp_path, wanted, limit=40) == [*versions[:2], None, None]
    assert blobs_at(tmp_path, [], limit=40) == []
