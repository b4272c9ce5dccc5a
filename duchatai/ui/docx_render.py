"""A ``core.documents.Document`` as a Word file in the format of GB/T 9704-2012
(党政机关公文格式), made with python-docx.

The page (7.1, 5.2): A4, margins 37 mm top, 35 mm bottom, 28 mm left (订口),
26 mm right, so the text block is 156 × 225 mm; the body in 3号 仿宋 (16 pt) on
22 lines a page (28.9 pt apart). The 版头 (7.2): the 发文机关标志 in red 小标宋,
as wide as the text block allows; the 发文字号 centred two lines below it; the
red separator line 4 mm under the number. The 主体 (7.3): the title in 2号 小标宋
centred, the 主送机关 flush left, the body indented two characters with 黑体 and
楷体 headings, the 附件说明, the 发文机关署名 and 成文日期 four characters from the
right. The 版记 (7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋 between rules, thick
first and last. Page numbers (7.5) ``— 1 —`` in 4号 宋体, right on odd pages,
left on even ones. Every footer also names the ledger commit the document was
made from, so any figure in it can be traced and made again.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import secrets
import zipfile
from typing import Any

from docx import Document as new_document
from docx.blkcntnr import BlockItemContainer
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from lxml import etree

from duchatai.core.documents import (
    BULLETIN,
    HEADING,
    PLAIN,
    SUBHEADING,
    Document,
    Para,
    Table,
    chinese_date,
)
from duchatai.ui.docx_parts import (
    FANGSONG,
    HEITI,
    KAITI,
    SONGTI,
    XIAOBIAOSONG,
    border,
    cell_margins,
    document_grid,
    no_hanging_punctuation,
    page_field,
    right_tab,
    set_font,
    style_fonts,
)

PAGE = (210, 297)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""Millimetres (GB/T 9704-2012, 5.2.1)."""
TEXT_WIDTH_MM = PAGE[0] - MARGINS["left"] - MARGINS["right"]  # 156
LINE = 28.9
"""Points from line to line: 225 mm of text block / 22 lines."""
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_5 = 22.0, 16.0, 14.0, 9.0
"""2号, 3号, 4号 and 小五 in points."""
CHAR = SIZE_3
"""One character of the body (indents are counted in them)."""


def render(doc: Document) -> bytes:
    """The .docx file's bytes."""
    word = new_document()
    _page(word, doc)
    _head(word, doc)
    _title(word, doc)
    runs = _body(word, doc)
    _closing(word, doc)
    _record(word, doc)
    _properties(word, doc)
    out = io.BytesIO()
    word.save(out)
    return _stamped(out.getvalue(), doc.date, runs, _Paragraphs(word))


_Runs = list[tuple[bytes, list[Para]]]
"""Each run of the body's paragraphs, with the placeholder paragraph standing for it in
``word/document.xml`` as saved."""


def _body(word: Any, doc: Document) -> _Runs:
    """The body: each table in place, each run of paragraphs as a placeholder that
    ``_stamped`` replaces with the paragraphs' XML as it writes the file.

    A year's bulletin lists tens of thousands of items, a paragraph each. Held in the
    document's tree they took 180 MB at 50,000 items (each w:p a dozen elements and
    attributes), and python-docx inserts a paragraph before the body's last child by
    finding it among all the others: its time grows with the square of their number
    (88 s of 120). Made one at a time (``_Paragraphs``) they are the same XML.
    """
    runs: _Runs = []
    nonce = secrets.token_hex(8)
    previous: object = None
    for block in doc.body:
        if isinstance(block, Table):
            _table(word, block)
        elif isinstance(previous, Para):
            runs[-1][1].append(block)
        else:
            mark = f"duchatai-paragraphs-{nonce}-{len(runs)}"
            word.add_paragraph(mark)  # serialised as below: no properties, one plain run
            runs.append((f"<w:p><w:r><w:t>{mark}</w:t></w:r></w:p>".encode(), [block]))
        previous = block
    return runs


class _Paragraphs:
    """Body paragraphs one at a time, as the XML ``_para`` would make of them in the tree.

    One paragraph of each style is made by ``_para`` in a scratch body; each paragraph is
    a copy of it with its text set as python-docx sets a run's text, serialised alone
    (where lxml declares the namespaces on it, which the document declares once).
    """

    def __init__(self, word: Any) -> None:
        self.scratch = BlockItemContainer(OxmlElement("w:body"), word)
        self.made: dict[str, tuple[Any, bytes]] = {}

    def xml(self, block: Para) -> bytes:
        """The paragraph's XML as in ``word/document.xml`` (UTF-8)."""
        if block.style not in self.made:
            model = _para(self.scratch, Para("", block.style))._p
            self.made[block.style] = model, _declared(etree.tostring(model, encoding="UTF-8"))
        model, opening = self.made[block.style]
        paragraph = copy.deepcopy(model)
        paragraph.r_lst[0].text = block.text
        alone = etree.tostring(paragraph, encoding="UTF-8")
        if not alone.startswith(opening):
            raise ValueError(f"unexpected paragraph XML: {alone[:200]!r}")
        return b"<w:p" + alone[len(opening) :]


def _declared(alone: bytes) -> bytes:
    """The opening of a paragraph serialised alone, up to its namespaces' declarations
    (a paragraph python-docx makes has no attribute)."""
    opening = alone[: alone.index(b">")]
    if not re.fullmatch(rb'<w:p(?: xmlns:\w+="[^"]*")+', opening):
        raise ValueError(f"unexpected paragraph XML: {alone[:200]!r}")
    return opening


def _stamped(data: bytes, day: dt.date, runs: _Runs, paragraphs: _Paragraphs) -> bytes:
    """The package with every member dated ``day``: the same document, the same bytes
    (python-docx stamps the moment of saving), so a file made again from its commit
    is identical. The body's paragraphs take their placeholders' places in
    ``word/document.xml``, made and written into the package one at a time."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            if member.filename != "word/document.xml":
                target.writestr(info, source.read(member))
                continue
            rest = source.read(member)
            with target.open(info, "w") as part:
                for mark, blocks in runs:
                    before, found, rest = rest.partition(mark)
                    if not found or mark in rest:
                        raise ValueError(f"no single placeholder {mark!r} in the document")
                    part.write(before)
                    for block in blocks:
                        part.write(paragraphs.xml(block))
                part.write(rest)
    return out.getvalue()


def _page(word: Any, doc: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(PAGE[0]), Mm(PAGE[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = Mm(15)
    section.footer_distance = Mm(12)
    document_grid(section, LINE)
    style_fonts(word.styles["Normal"], FANGSONG, SIZE_3)
    no_hanging_punctuation(word.styles["Normal"])
    for name in ("Footer", "Header"):
        style_fonts(word.styles[name], FANGSONG, SIZE_4)
    word.settings.odd_and_even_pages_header_footer = True
    _footer(section.footer, doc, WD_ALIGN_PARAGRAPH.RIGHT)
    _footer(section.even_page_footer, doc, WD_ALIGN_PARAGRAPH.LEFT)


def _footer(footer: Any, doc: Document, align: Any) -> None:
    """The page number (right on odd pages, left on even, one character in), and the
    ledger commit the document was made from."""
    number = footer.paragraphs[0]
    number.alignment = align
    fmt = number.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(SIZE_4)
    page_field(number, SONGTI, SIZE_4)
    source = footer.add_paragraph()
    source.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = f"台账提交 {doc.commit[:12] or '—'} · {doc.number} · duchatai"
    set_font(source.add_run(text), SONGTI, SIZE_SMALL_5, colour="808080")


def _line(word: Any, text: str = "", *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
          before: float = 0, first: float = 0) -> Any:
    """A paragraph on the body's grid: exact line spacing, no space after."""
    para = word.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE)
    fmt.space_before, fmt.space_after = Pt(before), Pt(0)
    if first:
        fmt.first_line_indent = Pt(first)
    if text:
        para.add_run(text)
    return para


def mark_size(text: str) -> float:
    """The 发文机关标志's size: large (at most 42 pt, 初号) but never wider than the text
    block (7.2.3: 以醒目、美观、庄重为原则)."""
    width_pt = TEXT_WIDTH_MM / 25.4 * 72
    return float(min(42, int(width_pt * 0.92 / max(len(text), 1))))


def _head(word: Any, doc: Document) -> None:
    """版头: the mark, the number and the separator line in the mark's colour."""
    size = mark_size(doc.mark)
    mark = word.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = mark.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size * 1.25)
    set_font(mark.add_run(doc.mark), XIAOBIAOSONG, size, colour=doc.colour,
             latin=XIAOBIAOSONG)
    if doc.note:
        note = _line(word, align=WD_ALIGN_PARAGRAPH.CENTER)
        set_font(note.add_run(f"（{doc.note}）"), HEITI, SIZE_3, colour=doc.colour)
    number = _line(word, align=WD_ALIGN_PARAGRAPH.CENTER, before=LINE)
    set_font(number.add_run(doc.number), FANGSONG, SIZE_3)
    if doc.kind == BULLETIN:
        # A bulletin's head (简报式): the issuing office left and the date right, then the line.
        number = _line(word, align=WD_ALIGN_PARAGRAPH.LEFT)
        right_tab(number, int(TEXT_WIDTH_MM / 25.4 * 1440))
        set_font(number.add_run(f"{doc.signer}\t{chinese_date(doc.date)}"), FANGSONG, SIZE_3)
    # 7.2.5: the separator line 4 mm under the number, as wide as the text block.
    border(number, "bottom", colour=doc.colour, eighths=18, space=11)


def _title(word: Any, doc: Document) -> None:
    title = _line(word, align=WD_ALIGN_PARAGRAPH.CENTER, before=LINE * 2)
    title.paragraph_format.line_spacing = Pt(SIZE_2 * 1.35)
    set_font(title.add_run(doc.title), XIAOBIAOSONG, SIZE_2, latin=XIAOBIAOSONG)
    if doc.addressee:
        to = _line(word, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE)
        set_font(to.add_run(doc.addressee), FANGSONG, SIZE_3)
    else:
        _line(word)


def _para(word: Any, block: Para) -> Any:
    align = WD_ALIGN_PARAGRAPH.LEFT if block.style == PLAIN else WD_ALIGN_PARAGRAPH.JUSTIFY
    para = _line(word, align=align, first=2 * CHAR)
    font = {HEADING: HEITI, SUBHEADING: KAITI}.get(block.style, FANGSONG)
    set_font(para.add_run(block.text), font, SIZE_3)
    return para


def _table(word: Any, block: Table) -> None:
    """A table on the text block's width, 4号 仿宋, header in 黑体; the first column
    (the row's name) narrower when there are two columns, wider when more."""
    table = word.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cell_margins(table, 80)
    columns = len(block.header)
    # The cells' inner margins (80 twips, 1.4 mm each side) are laid out past the
    # columns' widths: narrower columns keep the borders inside the text block.
    total = TEXT_WIDTH_MM - 2 * 80 / 1440 * 25.4 - 0.5
    first = 32.0 if columns == 2 else min(48.0, total / 2)
    rest = (total - first) / max(columns - 1, 1)
    widths = [Mm(first)] + [Mm(rest)] * (columns - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out by
    # Row by row: ``table.cell(r, c)`` lists every cell of the table at each call.
    for r, (row, values) in enumerate(zip(table.rows, (block.header, *block.rows), strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[c]
            para = cell.paragraphs[0]
            para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(2)
            if r == 0 or c > 0 and columns > 2:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(para.add_run(value), HEITI if r == 0 else FANGSONG, SIZE_4)
    _line(word)


def _closing(word: Any, doc: Document) -> None:
    """附件说明, 发文机关署名 and 成文日期 (7.3.4, 7.3.5): the date four characters from the
    right, the office centred over it."""
    for index, name in enumerate(doc.attachments):
        label = "附件：" if index == 0 else "　　　"
        _line(word, f"{label}{index + 1}. {name}", first=2 * CHAR, before=LINE if not index else 0)
    date = chinese_date(doc.date)
    pad = max(0, (len(date) - len(doc.signer)) / 2)
    signer = _line(word, align=WD_ALIGN_PARAGRAPH.RIGHT, before=LINE * 2)
    signer.paragraph_format.right_indent = Pt((4 + pad) * CHAR)
    set_font(signer.add_run(doc.signer), FANGSONG, SIZE_3)
    day = _line(word, align=WD_ALIGN_PARAGRAPH.RIGHT)
    day.paragraph_format.right_indent = Pt(4 * CHAR)
    set_font(day.add_run(date), FANGSONG, SIZE_3)


def _record(word: Any, doc: Document) -> None:
    """版记 (7.4): 抄送 and the printing office and date, between rules (thick outside)."""
    rows: list[Any] = []
    if doc.cc:
        cc = _line(word, align=WD_ALIGN_PARAGRAPH.LEFT, before=LINE * 2)
        set_font(cc.add_run(f"抄送：{'，'.join(doc.cc)}。"), FANGSONG, SIZE_4)
        rows.append(cc)
    printed = _line(word, align=WD_ALIGN_PARAGRAPH.LEFT, before=0 if doc.cc else LINE * 2)
    right_tab(printed, int((TEXT_WIDTH_MM / 25.4 - 2 * SIZE_4 / 72) * 1440))
    text = f"{doc.printer or doc.signer}\t{chinese_date(doc.date)}印发"
    set_font(printed.add_run(text), FANGSONG, SIZE_4)
    rows.append(printed)
    for row in rows:
        row.paragraph_format.left_indent = row.paragraph_format.right_indent = Pt(SIZE_4)
        row.paragraph_format.line_spacing = Pt(SIZE_4 * 1.9)
    # 0.35 mm ≈ 1 pt (8 eighths) for the first and last rule, 0.25 mm ≈ 0.75 pt between.
    border(rows[0], "top", eighths=8, space=2)
    if len(rows) > 1:
        border(rows[-1], "top", eighths=6, space=2)
    border(rows[-1], "bottom", eighths=8, space=2)


def _properties(word: Any, doc: Document) -> None:
    """The file's own properties: title, author (the office), the commit as a comment."""
    props = word.core_properties
    props.title = doc.title
    props.author = props.last_modified_by = doc.signer
    props.subject = doc.number
    props.comments = f"duchatai: ledger commit {doc.commit}"
    made = dt.datetime(doc.date.year, doc.date.month, doc.date.day)
    props.created = props.modified = made
    props.revision = 1
