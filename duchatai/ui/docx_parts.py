"""The small pieces of WordprocessingML that python-docx has no call for: East-Asian
fonts, paragraph borders (the red separator line, the 版记 lines), page-number
fields, the document grid.

Font names are those GB/T 9704-2012 names (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体); Word and WPS use them where installed and substitute otherwise, so the
tool needs no font of its own.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体"
SONGTI = "宋体"
LATIN = "Times New Roman"
"""Digits and Latin letters in the body, as offices set them beside 仿宋."""

COLOURS = {"red": "FF0000", "yellow": "E0A000", "blue": "0070C0", "black": "000000"}
"""The colours of marks and lines (a 催办单's yellow darkened to print legibly)."""


_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
"""What follows ``w:pBdr`` in a paragraph's properties (ECMA-376 CT_PPrBase)."""


def set_font(run: Any, east_asian: str, size: float, *, bold: bool = False,
             colour: str | None = None, latin: str = LATIN) -> None:
    """A run's fonts (East-Asian and Latin), size in points, weight and colour."""
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(COLOURS.get(colour, colour))
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def style_fonts(style: Any, east_asian: str, size: float, latin: str = LATIN) -> None:
    """A style's fonts (the document's defaults for text without its own)."""
    style.font.name = latin
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def no_hanging_punctuation(style: Any) -> None:
    """Keep a line-end ，。 inside the text block: no punctuation hung into the margin
    (``w:overflowPunct`` off; GB/T 9704's text block is the limit of the print)."""
    ppr = style.element.get_or_add_pPr()
    node = OxmlElement("w:overflowPunct")
    node.set(qn("w:val"), "0")
    after = _AFTER_PBDR[_AFTER_PBDR.index("w:overflowPunct") + 1 :]
    ppr.insert_element_before(node, *after)


def border(paragraph: Any, side: str, *, colour: str = "black", eighths: int = 8,
           space: int = 1) -> None:
    """A line along one side (``top``/``bottom``) of a paragraph, as wide as the text
    column: ``eighths`` of a point thick, ``space`` points from the text."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # The schema's order: Word refuses a pPr whose children are out of it.
        ppr.insert_element_before(borders, *_AFTER_PBDR)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), COLOURS.get(colour, colour))
    if side == "top":
        borders.insert(0, line)
    else:
        borders.append(line)


def page_field(paragraph: Any, east_asian: str, size: float) -> None:
    """``— N —``: the page number field between two 一字线 (GB/T 9704 7.5)."""
    def text(value: str) -> None:
        set_font(paragraph.add_run(value), east_asian, size, latin=east_asian)

    text("— ")
    for kind, value in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                        ("end", None)):
        run = paragraph.add_run()
        set_font(run, east_asian, size, latin=east_asian)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif value == " PAGE ":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = value
            run._element.append(code)
        else:
            run.text = value
    text(" —")


def document_grid(section: Any, line_pitch_pt: float) -> None:
    """The section's line grid: ``line_pitch_pt`` a line (22 lines a page, 7.1)."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(line_pitch_pt * 20)))


def right_tab(paragraph: Any, position_twips: int) -> None:
    """A right-aligned tab stop (印发机关 left, 印发日期 right on one line)."""
    ppr = paragraph._p.get_or_add_pPr()
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(position_twips))
    tabs.append(tab)
    ppr.insert_element_before(tabs, *_AFTER_PBDR[2:])


def cell_margins(table: Any, twips: int) -> None:
    """Inner left and right margins of every cell of ``table``."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(twips))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
