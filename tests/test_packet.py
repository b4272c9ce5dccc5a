"""Issue 19, point 3: unit packets. ``packet --unit U`` writes the unit's open items with
columns to fill and the rest locked; ``replies FILE`` records what came back as reports,
all rows or none, refusing rows whose items changed since, naming sheet and row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import ItemFactory, Run, commit_count, git, snapshot
from openpyxl import load_workbook

from duchatai.app.packet import checksum, packet_items
from duchatai.core.model import Urge

D = dt.date


def test_checksum_follows_every_change(make_item: ItemFactory) -> None:
    item = make_item(start=D(2026, 11, 2))
    before = checksum(item)
    assert checksum(make_item(start=D(2026, 11, 2))) == before
    item.urges.append(Urge(D(2026, 11, 6), "phone"))
    assert checksum(item) != before


def test_packet_holds_the_units_open_lead_items(make_item: ItemFactory) -> None:
    mine = make_item(start=D(2026, 11, 2), item_id="DC-2026-0002")
    earlier = make_item(start=D(2026, 10, 9), item_id="DC-2026-0003")
    closed = make_item(start=D(2026, 11, 2), item_id="DC-2026-0004", closed=D(2026, 11, 3))
    theirs = make_item(start=D(2026, 11, 2), item_id="DC-2026-0005", lead="市财政局")
    chosen = packet_items([mine, earlier, closed, theirs], "市水务局")
    assert [i.id for i in chosen] == ["DC-2026-0003", "DC-2026-0002"]  # by due date


def _office(root: Path, run: Run) -> None:
    for title, lead in (("甲批示", "市水务局"), ("乙批示", "市水务局"), ("丙批示", "市财政局")):
        assert run("register", title, "--category", "leader-instruction", "--lead", lead,
                   ledger=root, today="2026-11-16").exit_code == 0
    for n in (1, 2, 3):
        assert run("assign", f"DC-2026-000{n}", ledger=root, today="2026-11-16").exit_code == 0


@pytest.fixture
def office(built_ledger: Any, run: Run) -> Path:
    return built_ledger("packet-office", lambda root: _office(root, run))


def _packet(run: Run, office: Path, tmp_path: Path) -> Path:
    out = tmp_path / "packet.xlsx"
    made = run("packet", "--unit", "市水务局", "--output", str(out), ledger=office)
    assert made.exit_code == 0, made
    assert "2项在办事项" in made.stderr
    return out


def _fill(packet: Path, rows: dict[int, tuple[Any, ...]], target: Path) -> Path:
    book = load_workbook(packet)
    sheet = book["反馈表"]
    for row, values in rows.items():
        for column, value in zip("FGHIJ", values, strict=True):
            cell = sheet[f"{column}{row}"]
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed as text, as Excel keeps '=… (not a formula)
    book.save(target)
    return target


def test_packet_locks_all_but_the_columns_to_fill(run: Run, office: Path, tmp_path: Path) -> None:
    before = commit_count(office)
    book = load_workbook(_packet(run, office, tmp_path))
    sheet = book["反馈表"]
    assert sheet.protection.sheet and book["packet"].sheet_state == "hidden"
    assert [sheet[f"A{r}"].value for r in (4, 5)] == ["DC-2026-0001", "DC-2026-0002"]
    assert sheet["A6"].value is None  # 市财政局's item is not in it
    assert sheet["A4"].protection.locked and sheet["K4"].protection.locked
    assert not any(sheet[f"{c}4"].protection.locked for c in "FGHIJ")
    assert sheet.column_dimensions["K"].hidden and len(str(sheet["K4"].value)) == 16
    assert commit_count(office) == before  # making a packet records nothing


def test_replies_become_reports_in_one_commit(run: Run, office: Path, tmp_path: Path) -> None:
    filled = _fill(_packet(run, office, tmp_path), {
        4: ("结果", "已办结，详见附件", D(2026, 11, 18), "王局长", "是"),
        5: ("进展", "=已完成七成", "2026-11-19", None, "否"),
    }, tmp_path / "back.xlsx")
    before = commit_count(office)
    done = run("replies", str(filled), ledger=office)
    assert done.exit_code == 0, done
    assert "已记录 市水务局 的2份报告：DC-2026-0001、DC-2026-0002" in done.stderr
    assert commit_count(office) == before + 1
    assert git(office, "log", "-1", "--format=%s") == "replies back.xlsx: 2 report(s) from 市水务局"
    shown = run("show", "DC-2026-0001", "--json", ledger=office).stdout
    assert '"kind": "result"' in shown and '"date": "2026-11-18"' in shown
    assert '"signed_by": "王局长"' in shown and '"sealed": true' in shown
    second = run("show", "DC-2026-0002", "--json", ledger=office).stdout
    assert '"text": "=已完成七成"' in second  # a formula-looking text is text, never run
    again = run("replies", str(filled), ledger=office)
    assert again.exit_code == 1 and "反馈表!4: DC-2026-0001 在反馈表生成后已有变动" in again.stderr
    assert commit_count(office) == before + 1


def test_one_bad_row_refuses_them_all_naming_each(run: Run, office: Path, tmp_path: Path) -> None:
    filled = _fill(_packet(run, office, tmp_path), {
        4: ("结论", "已办结", D(2026, 11, 18), "王局长", "是"),
        5: ("结果", "已办结", D(2026, 11, 30), None, "也许"),
    }, tmp_path / "back.xlsx")
    before = snapshot(office)
    refused = run("replies", str(filled), ledger=office)
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert lines[0].startswith("反馈表!4: 报告类型“结论”无法识别")
    assert lines[1].startswith("反馈表!5: 日期 2026-11-30 晚于今天")
    assert lines[-1] == "back.xlsx 有2处问题（见上），未记录任何报告；请改正后重新交回"
    assert snapshot(office) == before


def test_an_item_changed_since_is_refused(run: Run, office: Path, tmp_path: Path) -> None:
    packet = _packet(run, office, tmp_path)
    assert run("urge", "DC-2026-0002", "--method", "phone", ledger=office).exit_code == 0
    filled = _fill(packet, {4: ("进展", "推进中", D(2026, 11, 18), None, "否"),
                            5: ("进展", "推进中", D(2026, 11, 18), None, "否")},
                   tmp_path / "back.xlsx")
    before = commit_count(office)
    refused = run("replies", str(filled), ledger=office, lang="en")
    assert refused.exit_code == 1
    assert "反馈表!5: DC-2026-0002 changed after the packet was made" in refused.stderr
    assert "反馈表!4" not in refused.stderr and commit_count(office) == before


def test_not_a_packet_and_empty_packets(run: Run, office: Path, tmp_path: Path) -> None:
    export = tmp_path / "台账.xlsx"
    assert run("export", "--output", str(export), ledger=office).exit_code == 0
    refused = run("replies", str(export), ledger=office)
    assert refused.exit_code == 1 and "不是 duchatai packet 生成的反馈表" in refused.stderr
    empty = run("replies", str(_packet(run, office, tmp_path)), ledger=office)
    assert empty.exit_code == 1 and "没有填写任何报告" in empty.stderr
    nobody = run("packet", "--unit", "市财政局", "--output", str(tmp_path / "x.xlsx"),
                 ledger=office, today="2026-11-16")
    assert nobody.exit_code == 0
    assert run("packet", "--unit", "市水务", ledger=office).exit_code == 1
