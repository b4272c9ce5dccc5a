"""The office's documents (issue 18) at library level: numbers, what each document says,
and the Word file read back with python-docx (page, margins, fonts, the red 版头)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from conftest import ItemFactory
from docx import Document as open_docx
from docx.oxml.ns import qn

from duchatai.core import document_texts as texts
from duchatai.core.dates import month_span
from duchatai.core.documents import (
    BULLETIN,
    CRITICISM,
    HEADING,
    NOTICE,
    PLAIN,
    SLIP,
    SUBHEADING,
    Block,
    Document,
    Issued,
    Para,
    Table,
    duplicate_numbers,
    next_number,
    number_text,
)
from duchatai.core.errors import InvalidInput
from duchatai.core.model import Report, Review, Urge
from duchatai.ui.docx_render import mark_size, render

DAY = dt.date(2026, 11, 20)
HEAD = texts.Heading("济政督〔2026〕12号", DAY, "济南市人民政府督查室", "0123456789ab" * 3 + "cdef",
                     "王明，0531-12345678")


def entry(number: int, kind: str = NOTICE) -> Issued:
    return Issued(number, kind, number_text(kind, "济政督", 2026, number), DAY)


# -- numbers ------------------------------------------------------------------------


def test_numbers_as_printed() -> None:
    assert number_text(NOTICE, "济政督", 2026, 12) == "济政督〔2026〕12号"
    assert number_text(BULLETIN, "济政督", 2026, 3) == "2026年第3期"


def test_the_bulletin_has_its_own_sequence() -> None:
    issued = [entry(1), entry(2, SLIP), entry(1, BULLETIN), entry(3, CRITICISM)]
    assert next_number(issued, NOTICE) == 4
    assert next_number(issued, SLIP) == 4  # 发文字号 shared by notice, slip, 通报, report
    assert next_number(issued, BULLETIN) == 2
    assert next_number([], NOTICE) == 1


def test_a_number_used_twice_in_its_sequence_is_found() -> None:
    issued = [entry(1), entry(1, BULLETIN), entry(2), entry(2, SLIP), entry(1, BULLETIN)]
    assert [index for index, _ in duplicate_numbers(issued)] == [3, 4]


def test_register_entries_round_trip_and_bad_ones_are_named() -> None:
    one = Issued(4, SLIP, "济政督〔2026〕4号", DAY, ("DC-2026-0001",), "市水务局",
                 "documents/2026/x.docx", "ab" * 20, "测试员")
    assert Issued.from_record(one.to_record()) == one
    with pytest.raises(ValueError, match="kind"):
        Issued.from_record({**one.to_record(), "kind": "memo"})
    with pytest.raises(ValueError, match="number"):
        Issued.from_record({**one.to_record(), "number": 0})
    with pytest.raises(ValueError, match="date"):
        Issued.from_record({**one.to_record(), "date": "soon"})


def test_month_span() -> None:
    assert month_span("2026-02") == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert month_span("2026-12") == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert month_span("2026年11月")[1] == dt.date(2026, 11, 30)
    for bad in ("2026-13", "2026-1-1", "11", "0000-01", "9999-12", "２０２６-01"):
        with pytest.raises(InvalidInput):
            month_span(bad)


# -- what the documents say --------------------------------------------------------


def test_a_notice_names_every_item_its_rule_the_duty_and_the_contact(
    make_item: ItemFactory,
) -> None:
    first = make_item("leader-instruction", start=dt.date(2026, 11, 16), title="老旧小区改造")
    first.due_basis = {"basis": "workdays", "article": "第十六条(六)", "count": 3}
    first.co_units = ["市财政局"]
    second = make_item("document", due=dt.date(2026, 12, 31), item_id="DC-2026-0002",
                       title="黄河生态保护重点工程")
    second.weekly = True
    doc = texts.notice([first, second], "市水务局", HEAD)
    text = doc.text()
    assert doc.addressee == "市水务局：" and doc.cc == ["市财政局"]
    assert "关于督办“老旧小区改造”等2项督查事项的通知" == doc.title
    for needed in ("DC-2026-0001", "DC-2026-0002", "2026年11月19日前", "第十六条(六)，3个工作日",
                   "2026年12月31日前", "实行周报制", "加盖公章", "王明，0531-12345678"):
        assert needed in text, needed


def test_a_slip_is_coloured_by_urgency(make_item: ItemFactory) -> None:
    item = make_item(urges=[Urge(DAY, "onsite", "请立即报送")])
    red = texts.slip(item, "red", 0, 5, HEAD)
    assert (red.colour, red.mark, red.note) == ("red", "督办单", "红色督办")
    assert "已超过办理时限5个工作日" in red.text() and "现场督查" in red.text()
    assert "请立即报送" in red.text() and "第1次" in red.text()
    yellow = texts.slip(item, "yellow", 2, 0, HEAD)
    assert (yellow.colour, yellow.mark) == ("yellow", "催办单")
    assert "2个工作日内到期" in yellow.text()
    assert texts.slip(item, "blue", 9, 0, HEAD).note == "蓝色提醒"


def test_a_criticism_states_the_facts_and_the_deadline(make_item: ItemFactory) -> None:
    item = make_item(urges=[Urge(DAY, "phone")], title="城市道路积水点整治")
    doc = texts.criticism("市水务局", "超期未报", [texts.Fact(item, 4)], dt.date(2026, 12, 10),
                          HEAD)
    text = doc.text()
    assert doc.title == "关于对市水务局予以通报批评的通报"
    for needed in ("城市道路积水点整治", "DC-2026-0001", "经催办1次", "已超期4个工作日",
                   "2026年12月10日前", "第二十条", "诫勉谈话"):
        assert needed in text, needed


def test_an_item_report_tells_the_whole_course(make_item: ItemFactory) -> None:
    item = make_item(
        "leader-instruction",
        start=dt.date(2026, 11, 2),
        urges=[Urge(dt.date(2026, 11, 6), "phone", "电话催促")],
        reports=[Report(dt.date(2026, 11, 9), "result", "已完成", signed_by="张局长", sealed=True)],
        reviews=[Review(dt.date(2026, 11, 10), False, reason="材料不全",
                        new_due=dt.date(2026, 11, 13))],
        closed=dt.date(2026, 11, 13),
    )
    text = texts.item_report(item, HEAD).text()
    for needed in ("2026年11月6日，电话督查：电话催促", "市水务局报送办理结果报告：已完成",
                   "张局长审签，已盖章", "退回重新办理：材料不全", "2026年11月13日办结",
                   "审核通过"):
        assert needed in text, needed


# -- the Word file -----------------------------------------------------------------


def read(doc: Any) -> Any:
    return open_docx(io.BytesIO(render(doc)))


def east_asian(run: Any) -> str | None:
    fonts = run._element.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_standard_margins(make_item: ItemFactory) -> None:
    word = read(texts.notice([make_item()], "市水务局", HEAD))
    section = word.sections[0]
    # Stored in twips (1/1440 inch): equal to a tenth of a millimetre.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin,
               section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37, 35, 28, 26]


def test_the_head_is_red_with_the_number_and_the_red_line(make_item: ItemFactory) -> None:
    word = read(texts.notice([make_item()], "市水务局", HEAD))
    mark, number = word.paragraphs[0], word.paragraphs[1]
    assert mark.text == "济南市人民政府督查室文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert east_asian(mark.runs[0]) == "方正小标宋简体"
    assert number.text == "济政督〔2026〕12号"
    line = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert line.get(qn("w:color")) == "FF0000" and int(line.get(qn("w:sz"))) >= 12


def test_fonts_are_the_standards_with_east_asian_settings(make_item: ItemFactory) -> None:
    word = read(texts.notice([make_item()], "市水务局", HEAD))
    by_text = {p.text: p for p in word.paragraphs}
    title = by_text["关于督办“测试事项”的通知"]
    assert east_asian(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22  # 2号
    heading = by_text["一、测试事项"]
    assert east_asian(heading.runs[0]) == "黑体"
    body = next(p for p in word.paragraphs if p.text.startswith("事项编号"))
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    normal = word.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_every_footer_has_the_page_number_and_the_commit(make_item: ItemFactory) -> None:
    word = read(texts.notice([make_item()], "市水务局", HEAD))
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml
        assert HEAD.commit[:12] in xml
    assert HEAD.commit in word.core_properties.comments


def test_the_record_and_signature_close_the_document(make_item: ItemFactory) -> None:
    item = make_item()
    item.co_units = ["市财政局", "市民政局"]
    word = read(texts.notice([item], "市水务局", HEAD))
    texts_ = [p.text for p in word.paragraphs]
    assert "抄送：市财政局，市民政局。" in texts_
    assert "济南市人民政府督查室\t2026年11月20日印发" in texts_
    signer = texts_.index("济南市人民政府督查室")
    assert texts_[signer + 1] == "2026年11月20日"


def test_a_slip_and_its_table(make_item: ItemFactory) -> None:
    word = read(texts.slip(make_item(), "yellow", 2, 0, HEAD))
    assert str(word.paragraphs[0].runs[0].font.color.rgb) == "E0A000"
    cells = [c.text for row in word.tables[0].rows for c in row.cells]
    assert "DC-2026-0001" in cells and "市水务局" in cells


def test_the_mark_never_runs_past_the_text_block() -> None:
    assert mark_size("督查专报") == 42
    long = "济南市人民政府办公厅督查室督查工作领导小组文件"
    assert mark_size(long) * len(long) <= 156 / 25.4 * 72


def test_the_same_document_makes_the_same_bytes(make_item: ItemFactory) -> None:
    """A document made again from its commit is the same file (python-docx would stamp
    the moment of saving into the package)."""
    first = render(texts.item_report(make_item(), HEAD))
    assert render(texts.item_report(make_item(), HEAD)) == first
    changed = texts.Heading(HEAD.number, DAY, HEAD.office, "f" * 40)
    assert render(texts.item_report(make_item(), changed)) != first


# -- the body's paragraphs, made one at a time -----------------------------------------


def _built_in_the_tree(doc: Document) -> bytes:
    """The oracle: every block added to the document's tree by python-docx, as ``render``
    made the file before the body's paragraphs were made one at a time."""
    from docx import Document as new_document

    from duchatai.ui import docx_render as made

    word = new_document()
    made._page(word, doc)
    made._head(word, doc)
    made._title(word, doc)
    for block in doc.body:
        if isinstance(block, Table):
            made._table(word, block)
        else:
            made._para(word, block)
    made._closing(word, doc)
    made._record(word, doc)
    made._properties(word, doc)
    out = io.BytesIO()
    word.save(out)
    return made._stamped(out.getvalue(), doc.date, [], made._Paragraphs(word))


TRICKY = [
    Para("  spaces before and after  ", PLAIN),
    Para("a tab\there, a line\nbreak, a return\rand & < > \" ' ]]>", HEADING),
    Para(""),
    Para("😀 𠀋 第0208号（2026年11月20日）", SUBHEADING),
    Para("\t"),
]


def test_paragraphs_made_one_at_a_time_are_those_python_docx_builds_in_the_tree(
    make_item: ItemFactory,
) -> None:
    item = make_item(urges=[Urge(DAY, "onsite", "请立即报送")], title="城市 & <道路> 积水点")
    table = Table(("单位", "事项"), (("市水务局", "3"), ("市教育局", "—")))
    documents = [
        texts.notice([item], "市水务局", HEAD),
        texts.slip(item, "red", 0, 5, HEAD),
        texts.criticism("市水务局", "超期未报", [texts.Fact(item, 4)], dt.date(2026, 12, 10), HEAD),
        texts.item_report(item, HEAD),
        HEAD.document(BULLETIN, "督查专报", "2026年督查工作情况",
                      [*TRICKY, table, table, *TRICKY, table]),
        HEAD.document(BULLETIN, "督查专报", "无正文", []),
    ]
    for doc in documents:
        assert render(doc) == _built_in_the_tree(doc), doc.title


def test_a_long_body_is_never_in_the_documents_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year's bulletin lists tens of thousands of items: held in the tree, they took
    180 MB, and python-docx's insertion of each before the body's last child took a time
    growing with the square of their number (88 s at 50,000 items)."""
    from docx.document import Document as WordDocument

    saved: list[int] = []
    save = WordDocument.save

    def counting(word: WordDocument, stream: Any) -> None:
        saved.append(len(word.element.body))
        save(word, stream)

    monkeypatch.setattr(WordDocument, "save", counting)
    body: list[Block] = [
        Para(f"DC-2026-{n:05d}  城区排水改造，已超期{n}个工作日。", PLAIN) for n in range(3000)
    ]
    data = render(HEAD.document(BULLETIN, "督查专报", "2026年督查工作情况", body))
    assert saved and saved[0] < 30
    paragraphs = [p.text for p in open_docx(io.BytesIO(data)).paragraphs]
    assert [t for t in paragraphs if t.startswith("DC-2026-")] == [
        b.text for b in body if isinstance(b, Para)
    ]
