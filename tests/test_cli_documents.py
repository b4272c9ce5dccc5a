"""The documents' commands (issue 18): each writes a .docx, registers it in
``documents/<year>.yaml`` with its number, all in one commit; a refusal changes nothing;
``check`` names a number used twice."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import BuiltLedger, Run, commit_count, git, snapshot
from docx import Document as open_docx
from docx.oxml.ns import qn

from duchatai.store.yamlio import parse_yaml

TODAY = "2026-11-20"
WATER, TRANSPORT = "市水务局", "市交通局"


def _build(run: Run, root: Path) -> None:
    def ok(*args: str, today: str = "2026-11-16") -> None:
        result = run(*args, ledger=root, today=today)
        assert result.exit_code == 0, (args, result)

    ok("register", "老旧小区加装电梯", "--category", "leader-instruction", "--lead", WATER,
       "--co", "市财政局", "--source", "市长批示")  # due 11-19: overdue on 11-20
    ok("register", "冬季取暖补贴发放", "--category", "document", "--lead", WATER,
       "--due", "2026-11-24")  # 2 working days left on 11-20
    ok("register", "道路积水点整治", "--category", "document", "--lead", TRANSPORT,
       "--due", "2026-12-31", "--weekly")
    ok("register", "误登记", "--category", "document", "--lead", WATER, "--due", "2026-12-31")
    for n in (1, 2, 3):
        ok("assign", f"DC-2026-000{n}", "--lead", TRANSPORT if n == 3 else WATER)
    ok("withdraw", "DC-2026-0004", "--reason", "重复登记")
    ok("report", "DC-2026-0002", "--kind", "progress", "--text", "正在发放", today="2026-11-18")


@pytest.fixture
def office(built_ledger: BuiltLedger, run: Run) -> Path:
    return built_ledger("documents", lambda root: _build(run, root))


def register(root: Path, year: int = 2026) -> list[dict[str, Any]]:
    return list(parse_yaml((root / "documents" / f"{year}.yaml").read_bytes())["documents"])


def text_of(path: Path) -> str:
    word = open_docx(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def last_subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s")


def test_notice_writes_registers_and_commits_once(run: Run, office: Path) -> None:
    before = commit_count(office)
    result = run("notice", "DC-2026-0001", "DC-2026-0002", ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    assert commit_count(office) == before + 1
    assert last_subject(office).startswith("notice DC-2026-0001, DC-2026-0002")
    [entry] = register(office)
    assert entry["number"] == 1 and entry["kind"] == "notice"
    assert entry["text"] == "济政督〔2026〕1号" and entry["unit"] == WATER
    assert entry["items"] == ["DC-2026-0001", "DC-2026-0002"]
    assert entry["commit"] == git(office, "rev-parse", "HEAD~1")
    kept = office / entry["file"]
    assert kept.name == "济政督〔2026〕1号督查通知.docx"
    assert git(office, "status", "--porcelain") == ""  # the file is committed with its entry
    text = text_of(kept)
    for needed in ("DC-2026-0001", "DC-2026-0002", "老旧小区加装电梯", "冬季取暖补贴发放",
                   "市水务局：", "抄送：市财政局。", "济政督〔2026〕1号"):
        assert needed in text, needed
    assert "济政督〔2026〕1号" in result.stdout


def test_numbers_follow_one_another_and_the_bulletin_counts_its_own(
    run: Run, office: Path
) -> None:
    for args in (("notice", "DC-2026-0003"), ("bulletin", "--week", "2026-W47"),
                 ("item-report", "DC-2026-0001"), ("bulletin", "--month", "2026-11")):
        assert run(*args, ledger=office, today=TODAY).exit_code == 0, args
    assert [(e["kind"], e["text"]) for e in register(office)] == [
        ("notice", "济政督〔2026〕1号"),
        ("bulletin", "2026年第1期"),
        ("item-report", "济政督〔2026〕2号"),
        ("bulletin", "2026年第2期"),
    ]
    assert last_subject(office) == "bulletin 2026-11: 督查专报 2026年第2期"


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("notice", "DC-2026-0001", "DC-2026-0003"), "--unit"),
        (("notice", "DC-2026-0001", "--unit", TRANSPORT), TRANSPORT),
        (("notice", "DC-2026-0004"), "已撤销"),
        (("notice", "DC-2026-0099"), "DC-2026-0099"),
        (("item-report", "DC-2026-0004"), "已撤销"),
        (("bulletin",), "--week"),
        (("bulletin", "--week", "2026-W47", "--year", "2026"), "--week"),
        (("bulletin", "--month", "2026-13"), "2026-13"),
        (("urge", "DC-2026-0001", "--output", "x.docx"), "--slip"),
        (("criticize", WATER, "--reason", "r", "--output", "x.docx"), "--document"),
        (("notice", "DC-2026-0001", "--output", "items/x.docx"), "items/x.docx"),
        (("urge", "DC-2026-0004", "--slip"), "DC-2026-0004"),
    ],
)
def test_refusals_change_nothing(run: Run, office: Path, args: tuple[str, ...],
                                 wanted: str) -> None:
    before, files = commit_count(office), snapshot(office)
    result = run(*args, ledger=office, today=TODAY)
    assert result.exit_code == 1, result
    assert wanted in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert commit_count(office) == before and snapshot(office) == files


def test_notice_to_a_co_unit_copies_the_lead(run: Run, office: Path) -> None:
    result = run("notice", "DC-2026-0001", "--unit", "市财政局", ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    text = text_of(office / register(office)[0]["file"])
    assert "市财政局：" in text and "抄送：市水务局。" in text


def colour_of(path: Path) -> str:
    word = open_docx(io.BytesIO(path.read_bytes()))
    return str(word.paragraphs[0].runs[0].font.color.rgb)


@pytest.mark.parametrize(
    ("item", "colour", "mark", "says"),
    [
        ("DC-2026-0001", "FF0000", "督办单", "已超过办理时限1个工作日"),
        ("DC-2026-0002", "E0A000", "催办单", "2个工作日内到期"),
        ("DC-2026-0003", "0070C0", "催办单", "蓝色提醒"),
    ],
)
def test_urge_slip_records_the_urge_and_its_coloured_slip_in_one_commit(
    run: Run, office: Path, item: str, colour: str, mark: str, says: str
) -> None:
    before = commit_count(office)
    result = run("urge", item, "--slip", "--method", "onsite", "--note", "请立即报送",
                 ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    assert commit_count(office) == before + 1
    assert last_subject(office) == f"urge {item} (onsite, #1); 催办单 济政督〔2026〕1号"
    shown = run("show", item, "--json", ledger=office, today=TODAY)
    assert '"method": "onsite"' in shown.stdout
    kept = office / register(office)[0]["file"]
    assert kept.name == "济政督〔2026〕1号催办单.docx"
    assert colour_of(kept) == colour
    text = text_of(kept)
    assert mark in text and says in text and "请立即报送" in text and "现场督查" in text


def test_criticize_document_in_one_commit_with_a_copy(
    run: Run, office: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "通报.docx"
    before = commit_count(office)
    result = run("criticize", WATER, "--reason", "超期未报", "--item", "DC-2026-0001",
                 "--rectify-by", "2026-12-10", "--document", "--output", str(copy),
                 ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    assert commit_count(office) == before + 1
    assert last_subject(office) == (
        f"criticize {WATER}: TB-2026-0001 (DC-2026-0001); 通报 济政督〔2026〕1号"
    )
    assert (office / "criticisms" / "2026" / "TB-2026-0001.yaml").is_file()
    [entry] = register(office)
    assert entry["kind"] == "criticism" and entry["unit"] == WATER
    kept = office / entry["file"]
    assert copy.read_bytes() == kept.read_bytes()
    text = text_of(copy)
    for needed in ("关于对市水务局予以通报批评的通报", "老旧小区加装电梯", "已超期1个工作日",
                   "2026年12月10日前", "超期未报"):
        assert needed in text, needed


def test_bulletin_reports_the_period(run: Run, office: Path) -> None:
    assert run("close", "DC-2026-0002", ledger=office, today=TODAY).exit_code == 1  # not reported
    result = run("bulletin", "--year", "2026", ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    text = text_of(office / register(office)[0]["file"])
    assert "督查专报" in text and "2026年第1期" in text and "2026年督查工作情况" in text
    assert "市水务局（1项）：" in text and "DC-2026-0001" in text
    assert "按期率" in text and "误登记" not in text  # withdrawn: in no figure


def test_item_report_tells_the_course(run: Run, office: Path) -> None:
    assert run("urge", "DC-2026-0002", ledger=office, today="2026-11-19").exit_code == 0
    result = run("item-report", "DC-2026-0002", ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    text = text_of(office / register(office)[0]["file"])
    assert "2026年11月19日，电话督查。" in text
    assert "2026年11月18日，市水务局报送进展情况报告：正在发放。" in text
    assert last_subject(office) == "item-report DC-2026-0002: 督查报告 济政督〔2026〕1号"


def test_check_names_a_number_used_twice(run: Run, office: Path) -> None:
    assert run("notice", "DC-2026-0001", ledger=office, today=TODAY).exit_code == 0
    assert run("notice", "DC-2026-0003", ledger=office, today=TODAY).exit_code == 0
    path = office / "documents" / "2026.yaml"
    # As two clerks' registers would meet in a merge: both entries numbered 1.
    text = path.read_text("utf-8").replace("number: 2", "number: 1").replace("〕2号", "〕1号")
    path.write_text(text, "utf-8")
    second = [n for n, x in enumerate(text.splitlines(), 1) if x.startswith("  - ")][1]
    result = run("check", ledger=office, today=TODAY)
    assert result.exit_code == 1, result
    [line] = [x for x in result.stdout.splitlines() if "documents[2]" in x]
    assert line.startswith(f"documents/2026.yaml:{second}: documents[2]: "), line
    assert "济政督〔2026〕1号 重复" in line


def test_a_broken_register_is_refused_by_name(run: Run, office: Path) -> None:
    folder = office / "documents"
    folder.mkdir()
    (folder / "2026.yaml").write_text("documents: [{number: x}]\n", "utf-8")
    git(office, "add", "-A")
    git(office, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "hand edit")
    before, files = commit_count(office), snapshot(office)
    result = run("notice", "DC-2026-0001", ledger=office, today=TODAY)
    assert result.exit_code == 1 and "documents/2026.yaml" in result.stderr, result
    assert commit_count(office) == before and snapshot(office) == files


def test_undo_takes_a_document_back(run: Run, office: Path) -> None:
    assert run("notice", "DC-2026-0001", ledger=office, today=TODAY).exit_code == 0
    result = run("undo", ledger=office, today=TODAY)
    assert result.exit_code == 0, result
    assert not (office / "documents" / "2026.yaml").exists()


def test_english_confirmation(run: Run, office: Path) -> None:
    result = run("notice", "DC-2026-0001", ledger=office, today=TODAY, lang="en")
    assert result.exit_code == 0, result
    assert "issued the supervision notice 济政督〔2026〕1号" in result.stdout


def test_the_red_line_in_the_file(run: Run, office: Path) -> None:
    assert run("notice", "DC-2026-0001", ledger=office, today=TODAY).exit_code == 0
    word = open_docx(io.BytesIO((office / register(office)[0]["file"]).read_bytes()))
    line = word.paragraphs[1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert line.get(qn("w:color")) == "FF0000"
