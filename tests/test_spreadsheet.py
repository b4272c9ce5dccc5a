"""The ledger as the office's spreadsheet (台账.xlsx, CSV, JSON) and back (issue 7)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, commit_count, git_head, snapshot
from openpyxl import Workbook, load_workbook

from duchatai.app.spreadsheet_xlsx import RED_FILL, YELLOW_FILL

OFFICE_ORDER = [
    "序号", "编号", "事项名称", "类别", "来源", "主办单位", "协办单位", "责任人", "立项日期",
    "办理时限", "办理状态", "最新进展", "延期情况", "催办次数", "是否超期",
]  # fmt: skip
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "台账.xlsx"


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result
    return result


@pytest.fixture
def scenario(ledger: Path, run: Run) -> Path:
    """Four items seen on 2026-11-20: overdue (red), due soon (yellow), on track, new."""
    # fmt: off
    ok(run("register", "老旧小区改造批示", "-c", "leader-instruction", "--start", "2026-11-10",
           "--source", "市领导批示件〔2026〕61号", ledger=ledger, today="2026-11-10"))
    ok(run("assign", "DC-2026-0001", "--lead", "市住房城乡建设局", "--responsible", "刘洋",
           "--approved-by", "张秘书长", ledger=ledger, today="2026-11-10"))
    ok(run("urge", "DC-2026-0001", "--method", "phone", ledger=ledger))
    ok(run("register", "供暖不热问题集中整治", "-c", "other", "--start", "2026-11-18",
           "--due", "2026-11-24", "--lead", "市城市管理局", "--co", "热力集团",
           "--co", "历下区政府", "--responsible", "韩梅", "--method", "phone",
           "--method", "onsite", ledger=ledger, today="2026-11-18"))
    ok(run("assign", "DC-2026-0002", "--lead", "市城市管理局", ledger=ledger,
           today="2026-11-18"))
    ok(run("register", "校外培训收费文件落实", "-c", "document", "--start", "2026-11-02",
           "--due", "2026-12-31", "--lead", "市教育局", "--weekly", "--kind", "comprehensive",
           ledger=ledger, today="2026-11-02"))
    ok(run("assign", "DC-2026-0003", "--lead", "市教育局", ledger=ledger, today="2026-11-03"))
    ok(run("report", "DC-2026-0003", "--kind", "progress", "--text", "已完成摸底排查",
           ledger=ledger, today="2026-11-13"))
    ok(run("register", "农村供水工程冬季管护", "-c", "upper", "--start", "2026-11-19",
           ledger=ledger, today="2026-11-19"))
    # fmt: on
    return ledger


def show(run: Run, ledger: Path, item_id: str) -> dict[str, Any]:
    return dict(json.loads(ok(run("show", item_id, "--json", ledger=ledger)).stdout))


def listed(run: Run, ledger: Path) -> list[dict[str, Any]]:
    return list(json.loads(ok(run("list", "--json", ledger=ledger)).stdout))


# -- export ------------------------------------------------------------------------


def test_export_xlsx_reads_back(scenario: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    before = git_head(scenario)
    result = ok(run("export", "--format", "xlsx", "--output", str(target), ledger=scenario))
    assert "4" in result.stderr and git_head(scenario) == before
    book = load_workbook(target)
    assert book.sheetnames == ["督查台账", "各单位统计", "节点任务"]
    sheet = book["督查台账"]
    assert sheet["A1"].value == "测试督查室督查事项台账（截至 2026年11月20日）"
    headers = [c.value for c in sheet[2]]
    assert headers[: len(OFFICE_ORDER)] == OFFICE_ORDER
    assert {"督查方式", "办结日期", "交办日期"} <= set(headers)
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].width == 40
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=3)}
    assert list(rows) == ["DC-2026-0001", "DC-2026-0002", "DC-2026-0003", "DC-2026-0004"]
    col = {h: i for i, h in enumerate(headers)}
    first = rows["DC-2026-0001"]
    assert [first[col[h]].value for h in ("序号", "事项名称", "类别", "主办单位", "办理状态")] == [
        1, "老旧小区改造批示", "市领导批示", "市住房城乡建设局", "已交办",
    ]  # fmt: skip
    assert first[col["来源"]].value == "市领导批示件〔2026〕61号"
    assert first[col["催办次数"]].value == 1 and first[col["是否超期"]].value == "是"
    start, due = first[col["立项日期"]], first[col["办理时限"]]
    assert start.is_date and due.is_date and due.number_format == "yyyy-mm-dd"
    assert start.value == dt.datetime(2026, 11, 10) and due.value == dt.datetime(2026, 11, 13)
    second = rows["DC-2026-0002"]
    assert second[col["协办单位"]].value == "热力集团、历下区政府"
    assert second[col["督查方式"]].value == "电话督查、现场督查"
    third = rows["DC-2026-0003"]
    assert third[col["最新进展"]].value == "2026-11-13 进展情况报告：已完成摸底排查"
    assert third[col["是否超期"]].value == "否" and third[col["周报制"]].value == "是"
    # overdue red, due within 3 working days yellow, the rest unfilled
    assert all(c.fill.fgColor.rgb == RED_FILL for c in first)
    assert all(c.fill.fgColor.rgb == YELLOW_FILL for c in second)
    assert third[0].fill.fill_type is None and rows["DC-2026-0004"][0].fill.fill_type is None
    stats = book["各单位统计"]
    assert [c.value for c in stats[2]][:6] == ["单位", "事项数", "按时办结", "逾期办结",
                                               "超期未办结", "在办"]  # fmt: skip
    figures = {r[0].value: [c.value for c in r[1:6]] for r in stats.iter_rows(min_row=3)}
    assert figures["市住房城乡建设局"] == [1, 0, 0, 1, 1]
    assert figures["市城市管理局"] == [1, 0, 0, 0, 1]


def test_export_csv_has_bom_and_reads_back(scenario: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "台账.csv"
    ok(run("export", "--output", str(target), ledger=scenario))  # format from the suffix
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][: len(OFFICE_ORDER)] == OFFICE_ORDER
    assert [r[1] for r in rows[1:]] == [f"DC-2026-000{n}" for n in range(1, 5)]
    assert rows[1][8:10] == ["2026-11-10", "2026-11-13"]


def test_export_json_is_show_json(scenario: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "items.json"
    ok(run("export", "--format", "json", "--output", str(target), ledger=scenario))
    exported = json.loads(target.read_text("utf-8"))
    assert [i["id"] for i in exported] == [f"DC-2026-000{n}" for n in range(1, 5)]
    for item in exported:
        assert item == show(run, scenario, item["id"])


def test_export_filters_as_list(scenario: Path, run: Run) -> None:
    def ids(*args: str) -> list[str]:
        out = ok(run("export", "--format", "json", *args, ledger=scenario)).stdout
        return [i["id"] for i in json.loads(out)]

    assert ids("--status", "registered") == ["DC-2026-0004"]
    assert ids("--unit", "热力集团") == ["DC-2026-0002"]
    assert ids("--category", "document") == ["DC-2026-0003"]
    bad = run("export", "--format", "json", "--status", "done", ledger=scenario)
    assert bad.exit_code == 1 and "registered" in bad.stderr
    assert run("export", "--format", "xlsx", ledger=scenario).exit_code == 1  # needs --output
    assert run("export", "--format", "pdf", "--output", "x.pdf", ledger=scenario).exit_code == 1


# -- import ------------------------------------------------------------------------


HEADERS = ["序号", "编号", "事项名称", "类别", "主办单位", "协办单位", "责任人", "立项日期",
           "办理时限", "办理状态", "办结日期", "备注"]  # fmt: skip
GOOD_ROWS: list[list[Any]] = [
    [1, None, "大气污染防治攻坚", "上级批示交办", "市生态环境局", "市公安局,市交通运输局",
     "陈静", "2026年10月20日", "2026年11月30日", "办理中", None, ""],
    [2, None, "东站枢纽配套工程", "key-project", "市交通运输局", "历城区政府、章丘区政府",
     "马俊", dt.datetime(2026, 9, 15), "2026/12/31", "已交办", None, "周报"],
    [3, None, "优化营商环境措施", "常务会议决定", "市发展改革委", "", "王磊", "20261008",
     None, None, None, ""],
    [4, None, "增设停车泊位的建议", "人大代表建议", "市城市管理局", "", "孙丽",
     dt.date(2026, 6, 10), "2026.9.10", "已办结", "2026年9月8日", ""],
    [5, None, "规范校外培训收费", "重要文件事项", "", "", "", "2026-09-01",
     dt.datetime(2026, 12, 15), "已立项", None, ""],
]  # fmt: skip


def workbook(path: Path, rows: list[list[Any]], *, title: bool = True) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    if title:
        sheet.append(["某某市政府督查室 2026年督查事项台账"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_handmade_spreadsheet(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = workbook(tmp_path / "督查台账.xlsx", GOOD_ROWS)
    commits = commit_count(ledger)
    result = ok(run("import", str(source), ledger=ledger))
    assert "新增 5 项" in result.stdout and "备注" in result.stderr
    assert commit_count(ledger) == commits + 1
    items = {i["title"]: i for i in listed(run, ledger)}
    assert len(items) == 5
    air = show(run, ledger, items["大气污染防治攻坚"]["id"])
    assert (air["category"], air["status"], air["start"], air["due"]) == (
        "upper", "assigned", "2026-10-20", "2026-11-30")  # fmt: skip
    assert air["co_units"] == ["市公安局", "市交通运输局"]
    assert air["due_basis"]["basis"] == "explicit" and air["registered_by"] == "测试员"
    hub = show(run, ledger, items["东站枢纽配套工程"]["id"])
    assert (hub["category"], hub["start"], hub["due"]) == ("key-project", "2026-09-15",
                                                           "2026-12-31")  # fmt: skip
    assert hub["co_units"] == ["历城区政府", "章丘区政府"]
    # no 办理时限: the category rule (10 working days after the meeting) gives it
    meeting = show(run, ledger, items["优化营商环境措施"]["id"])
    assert (meeting["start"], meeting["due"], meeting["status"]) == (
        "2026-10-08", "2026-10-21", "assigned")  # fmt: skip
    assert meeting["due_basis"]["basis"] == "workdays"
    closed = show(run, ledger, items["增设停车泊位的建议"]["id"])
    assert (closed["status"], closed["closed_on"], closed["due"]) == (
        "closed", "2026-09-08", "2026-09-10")  # fmt: skip
    assert items["规范校外培训收费"]["status"] == "registered"
    assert ok(run("check", ledger=ledger)).stdout.startswith("台账校验通过")


def test_import_csv_with_english_headers(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = tmp_path / "items.csv"
    source.write_text(
        "id,title,category,lead_unit,start,due,status\n"
        "DC-2026-0042,Street lighting,other,City Works,2026-11-02,2026-11-27,assigned\n",
        encoding="utf-8",
    )
    ok(run("import", str(source), ledger=ledger))
    item = show(run, ledger, "DC-2026-0042")
    assert (item["title"], item["lead_unit"], item["due"]) == (
        "Street lighting", "City Works", "2026-11-27")  # fmt: skip


def test_three_bad_rows_refuse_the_whole_file(ledger: Path, run: Run, tmp_path: Path) -> None:
    rows = [
        *GOOD_ROWS[:2],
        [3, None, "坏日期", "其他交办事项", "市应急局", "", "", "2026年13月1日", "2026-12-01",
         "办理中", None, ""],
        [4, None, "坏类别", "随手交办", "市应急局", "", "", "2026-11-02", "2026-12-01",
         "办理中", None, ""],
        GOOD_ROWS[2],
        [6, None, "缺办结日期", "其他交办事项", "市应急局", "", "", "2026-10-02", "2026-11-01",
         "已办结", None, ""],
    ]  # fmt: skip
    source = workbook(tmp_path / "bad.xlsx", rows)
    before, head = snapshot(ledger), git_head(ledger)
    result = run("import", str(source), ledger=ledger)
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    problems = [line for line in lines if line.startswith("台账!")]
    assert [p.split(":")[0] for p in problems] == ["台账!5", "台账!6", "台账!8"]
    assert "2026年13月1日" in problems[0] and "随手交办" in problems[1]
    assert "办结日期" in problems[2]
    assert "导入被拒绝：3 行有误" in lines[-1] and "台账未作改动" in lines[-1]
    assert snapshot(ledger) == before and git_head(ledger) == head


def test_bad_csv_rows_name_the_file_as_sheet(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = tmp_path / "清单.csv"
    source.write_text("事项名称,类别,立项日期\n甲事项,其他交办事项,明天\n", encoding="utf-8-sig")
    result = run("import", str(source), ledger=ledger)
    assert result.exit_code == 1
    assert result.stderr.startswith("清单.csv!2: ")


def test_export_import_round_trip(scenario: Path, run: Run, tmp_path: Path) -> None:
    """Export, import into an empty ledger: the same items.

    What legitimately differs: ``path`` (none), ``due_basis`` (the imported due
    date is the one the sheet gives, basis ``explicit``), and the histories
    (``reports``, ``urges``): the sheet carries only their summary (最新进展,
    催办次数); the records themselves stay in the first ledger and its git log.
    """
    sheet = tmp_path / "台账.xlsx"
    ok(run("export", "--output", str(sheet), ledger=scenario))
    other = tmp_path / "other"
    ok(run("init", str(other)))
    result = ok(run("import", str(sheet), ledger=other))
    assert "新增 4 项" in result.stdout
    differ = {"due_basis", "reports", "urges"}
    for original in listed(run, scenario):
        mine, theirs = show(run, scenario, original["id"]), show(run, other, original["id"])
        assert {k: v for k, v in mine.items() if k not in differ} == {
            k: v for k, v in theirs.items() if k not in differ
        }
        assert theirs["due_basis"]["basis"] == "explicit"
        assert theirs["due_basis"]["due"] == mine["due"]
    # and exported again, the imported ledger gives the same rows but for the history columns
    again = tmp_path / "again.csv"
    ok(run("export", "--output", str(again), ledger=other))
    first = tmp_path / "first.csv"
    ok(run("export", "--output", str(first), ledger=scenario))
    history = {OFFICE_ORDER.index("最新进展"), OFFICE_ORDER.index("催办次数")}

    def cells(path: Path) -> list[list[str]]:
        rows = csv.reader(io.StringIO(path.read_text("utf-8-sig")))
        return [[c for i, c in enumerate(r) if i not in history] for r in rows]

    assert cells(again) == cells(first)


def test_reimport_does_not_duplicate(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = workbook(tmp_path / "台账.xlsx", GOOD_ROWS)
    ok(run("import", str(source), ledger=ledger))
    head, count = git_head(ledger), len(listed(run, ledger))
    again = ok(run("import", str(source), ledger=ledger))
    assert "5 项无变化" in again.stdout
    assert git_head(ledger) == head and len(listed(run, ledger)) == count
    # matched on 编号 when present: one changed cell updates that item alone, one commit
    rows = [list(r) for r in GOOD_ROWS]
    ids = {i["title"]: i["id"] for i in listed(run, ledger)}
    for row in rows:
        row[1] = ids[row[2]]
    rows[0][6] = "陈静、李强"
    edited = workbook(tmp_path / "台账2.xlsx", rows, title=False)
    commits = commit_count(ledger)
    result = ok(run("import", str(edited), ledger=ledger))
    assert "更新 1 项" in result.stdout and "responsible" in result.stdout
    assert commit_count(ledger) == commits + 1
    assert show(run, ledger, ids["大气污染防治攻坚"])["responsible"] == "陈静、李强"
    assert len(listed(run, ledger)) == count


def test_import_makes_exactly_one_commit(ledger: Path, run: Run, tmp_path: Path) -> None:
    import subprocess

    source = workbook(tmp_path / "台账.xlsx", GOOD_ROWS)
    commits = commit_count(ledger)
    ok(run("import", str(source), ledger=ledger))
    assert commit_count(ledger) == commits + 1
    subject = subprocess.run(["git", "log", "-1", "--format=%s%n%an"], cwd=ledger,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert subject.startswith("import 台账.xlsx: 5 items") and "测试员" in subject
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ledger,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert status == ""


def test_import_makes_its_files_durable_once_before_its_commit(
    ledger: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import writes its files without an fsync each (two a file were a minute for
    10,000 items) and makes them durable together, before the commit that records them."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("one sync(2) on Linux; elsewhere each file is fsynced")
    source = workbook(tmp_path / "台账.xlsx", GOOD_ROWS)
    commits = commit_count(ledger)
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(
        os, "sync", lambda: seen.append((commit_count(ledger), len(list(ledger.rglob("DC-*")))))
    )
    ok(run("import", str(source), ledger=ledger))
    assert seen == [(commits, 5)]  # once, every file in place, nothing committed yet
    assert commit_count(ledger) == commits + 1


def test_settle_fsyncs_each_file_and_folder_where_sync_may_return_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from duchatai.store import files

    paths = [tmp_path / "a" / "1.yaml", tmp_path / "a" / "2.yaml", tmp_path / "b" / "3.yaml"]
    for path in paths:
        files.atomic_write(path, b"x: 1\n", durable=False)
    synced: list[int] = []
    monkeypatch.setattr(files.sys, "platform", "darwin")
    monkeypatch.setattr(os, "fsync", synced.append)
    files.settle(paths)
    assert len(synced) == 5  # three files, two folders
    assert [p.read_bytes() for p in paths] == [b"x: 1\n"] * 3


def test_dry_run_changes_nothing(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = workbook(tmp_path / "台账.xlsx", GOOD_ROWS)
    before, head = snapshot(ledger), git_head(ledger)
    result = ok(run("import", str(source), "--dry-run", ledger=ledger))
    assert "试运行" in result.stdout and "新增 5 项" in result.stdout
    assert "台账!3: 新增 DC-2026-0001 大气污染防治攻坚" in result.stdout
    assert snapshot(ledger) == before and git_head(ledger) == head
    bad = workbook(tmp_path / "bad.xlsx", [[1, None, "无类别", None, "", "", "", "2026-11-02"]])
    refused = run("import", str(bad), "--dry-run", ledger=ledger)
    assert refused.exit_code == 1 and "台账!3: 类别不能为空" in refused.stderr


def test_import_refuses_a_status_change_and_archived_rows(
    scenario: Path, run: Run, tmp_path: Path
) -> None:
    rows = [
        [1, "DC-2026-0004", "农村供水工程冬季管护", "上级批示交办", "", "", "",
         "2026-11-19", None, "已办结", "2026-11-20", ""],
        [2, None, "旧事项", "其他交办事项", "市应急局", "", "", "2026-03-02", "2026-04-01",
         "已归档", "2026-04-01", ""],
    ]  # fmt: skip
    head = git_head(scenario)
    result = run("import", str(workbook(tmp_path / "x.xlsx", rows)), ledger=scenario)
    assert result.exit_code == 1
    assert "台账!3: 事项 DC-2026-0004 在台账中为“已立项”" in result.stderr
    assert "台账!4: 不能直接导入已归档事项" in result.stderr
    assert git_head(scenario) == head


def test_unreadable_files_are_one_line_errors(ledger: Path, run: Run, tmp_path: Path) -> None:
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("import", str(legacy), ledger=ledger)
    assert result.exit_code == 1 and ".xlsx" in result.stderr
    headless = tmp_path / "notes.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("import", str(headless), ledger=ledger)
    assert result.exit_code == 1 and "事项名称" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_example_spreadsheet_imports(ledger: Path, run: Run) -> None:
    result = ok(run("import", str(EXAMPLE), ledger=ledger))
    assert "新增 12 项" in result.stdout
    items = listed(run, ledger)
    assert len(items) == 12 and {i["status"] for i in items} == {"assigned", "closed", "registered"}
    assert ok(run("check", ledger=ledger)).stdout.startswith("台账校验通过")


def test_duplicate_rows_are_refused(ledger: Path, run: Run, tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], [9, *GOOD_ROWS[0][1:]]]
    result = run("import", str(workbook(tmp_path / "dup.xlsx", rows)), ledger=ledger)
    assert result.exit_code == 1
    assert result.stderr.startswith("台账!5: 与 台账!3 是同一事项")


def test_gbk_csv_from_excel_is_read(ledger: Path, run: Run, tmp_path: Path) -> None:
    source = tmp_path / "台账.csv"
    text = (
        "事项名称,类别,主办单位,立项日期,办理时限\n"
        "冬季供暖保障,其他交办事项,市城市管理局,11月2日,2026年11月27日\n"
    )
    source.write_bytes(text.encode("gb18030"))
    ok(run("import", str(source), ledger=ledger))
    item = show(run, ledger, "DC-2026-0001")
    assert (item["title"], item["start"], item["due"]) == (
        "冬季供暖保障", "2026-11-02", "2026-11-27")  # fmt: skip


@pytest.mark.parametrize("status", [None, "withdrawn"])
def test_list_json_is_written_as_one_indented_array(
    scenario: Path, run: Run, status: str | None
) -> None:
    """``list --json`` is written item by item, and reads as the one indented array
    ``json.dumps`` would make of them all: the same bytes, ``[]`` when none."""
    args = ["list", "--json", *(["--status", status] if status else [])]
    out = ok(run(*args, ledger=scenario)).stdout
    listed = json.loads(out)
    assert out == json.dumps(listed, ensure_ascii=False, indent=2) + "\n"
    assert len(listed) == (0 if status else 4)
