"""The office's documents (公文, GB/T 9704-2012) as content, and their numbers.

What leaves the office (第七条(三)(七), 第八条(一), 第十九条, 第二十条): the
督查通知, the 催办单, the 通报 (通报批评), the 督查报告 (一事一报) and the
bulletin (《督查专报》, 第N期). Each is a ``Document``: what it says, block by
block, with no notion of fonts or pages (``ui/docx_render.py`` lays it out). Its
number comes from a per-year sequence kept in the ledger (``documents/<year>.yaml``,
one ``Issued`` entry per document): the 发文字号 (济政督〔2026〕12号) for the
first four kinds, the issue (第N期) for the bulletin. Numbers run without gaps or
repeats (``next_number``); a repeat that arrives through git is a problem ``check``
names (``duplicate_numbers``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from duchatai.core.fields import count_field, list_field, required_date, text_field

NOTICE, SLIP, CRITICISM, BULLETIN, ITEM_REPORT = (
    "notice",
    "slip",
    "criticism",
    "bulletin",
    "item-report",
)
KINDS = (NOTICE, SLIP, CRITICISM, BULLETIN, ITEM_REPORT)

KIND_NAMES = {
    NOTICE: "督查通知",
    SLIP: "催办单",
    CRITICISM: "通报",
    BULLETIN: "督查专报",
    ITEM_REPORT: "督查报告",
}
"""What each kind is called on paper and in file names (公文 are written in Chinese)."""

WENHAO, ISSUE = "wenhao", "issue"
"""The two sequences of a year: the 发文字号 and the bulletin's 期数."""

RED, YELLOW, BLUE = "red", "yellow", "blue"
"""The colour of a document's mark: red for 公文; a 催办单 by urgency (蓝/黄/红)."""


def series(kind: str) -> str:
    """The sequence a kind takes its number from: the bulletin its own 期数."""
    return ISSUE if kind == BULLETIN else WENHAO


def number_text(kind: str, prefix: str, year: int, number: int) -> str:
    """The number as printed: ``济政督〔2026〕12号`` or, for the bulletin, ``2026年第3期``."""
    if series(kind) == ISSUE:
        return f"{year}年第{number}期"
    return f"{prefix}〔{year}〕{number}号"


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 (7.3.5.1) writes it: 2026年11月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Issued:
    """One document issued, as the year's register (``documents/<year>.yaml``) keeps it."""

    number: int
    kind: str
    text: str
    """The number as printed (``济政督〔2026〕12号``)."""
    date: dt.date
    items: tuple[str, ...] = ()
    unit: str = ""
    file: str = ""
    commit: str = ""
    """The ledger commit the document was made from (printed in its footer)."""
    by: str = ""

    @property
    def series(self) -> str:
        return series(self.kind)

    def to_record(self) -> dict[str, Any]:
        """The entry as a plain mapping (empty fields left out)."""
        out: dict[str, Any] = {
            "number": self.number,
            "kind": self.kind,
            "text": self.text,
            "date": self.date,
            "items": list(self.items),
            "unit": self.unit,
            "file": self.file,
            "commit": self.commit,
            "by": self.by,
        }
        return {k: v for k, v in out.items() if v not in ("", [])}

    @classmethod
    def from_record(cls, raw: Any) -> Issued:
        """Build from one entry of ``documents:``; ``ValueError`` names the bad field."""
        if not isinstance(raw, dict):
            raise ValueError("an entry of documents: is not a mapping")
        kind = text_field(raw, "kind", required=True)
        if kind not in KINDS:
            raise ValueError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
        number = count_field(raw, "number")
        if number < 1:
            raise ValueError("number: a whole number from 1 expected")
        return cls(
            number=number,
            kind=kind,
            text=text_field(raw, "text"),
            date=required_date(raw, "date"),
            items=tuple(str(i) for i in list_field(raw, "items")),
            unit=text_field(raw, "unit"),
            file=text_field(raw, "file"),
            commit=text_field(raw, "commit"),
            by=text_field(raw, "by"),
        )


def next_number(issued: list[Issued], kind: str) -> int:
    """The next number of ``kind``'s sequence in a year's register: one past the highest."""
    wanted = series(kind)
    return max((i.number for i in issued if i.series == wanted), default=0) + 1


def duplicate_numbers(issued: list[Issued]) -> list[tuple[int, Issued]]:
    """Every entry (by its index) whose number an earlier entry of its sequence holds."""
    seen: set[tuple[str, int]] = set()
    out: list[tuple[int, Issued]] = []
    for index, entry in enumerate(issued):
        key = (entry.series, entry.number)
        if key in seen:
            out.append((index, entry))
        seen.add(key)
    return out


# -- the content of a document -------------------------------------------------------

BODY, HEADING, SUBHEADING, PLAIN = "body", "heading", "subheading", "plain"
"""Paragraph styles: 正文 (indented two characters), 一级标题 (黑体, 一、), 二级标题
(楷体, （一）), and a paragraph flush left (a list line, a table's caption)."""


@dataclass(frozen=True)
class Para:
    """A paragraph of the body."""

    text: str
    style: str = BODY


@dataclass(frozen=True)
class Table:
    """A table of the body: a header row and rows of cells (text)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | Table


@dataclass
class Document:
    """What one document says, in the parts GB/T 9704-2012 names (版头, 主体, 版记)."""

    kind: str
    mark: str
    """发文机关标志 (``济南市人民政府督查室文件``), or the bulletin's or slip's title line."""
    number: str
    """发文字号 (``济政督〔2026〕12号``) or 期数."""
    title: str
    """标题."""
    date: dt.date
    """成文日期."""
    signer: str
    """发文机关署名."""
    commit: str
    """The ledger commit the document was made from."""
    addressee: str = ""
    """主送机关 ("" for none)."""
    body: list[Block] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    """附件说明: the names of the attachments."""
    cc: list[str] = field(default_factory=list)
    """抄送机关."""
    printer: str = ""
    """印发机关 (the office, by default the signer)."""
    colour: str = RED
    """The mark's colour (a 催办单 by urgency; red otherwise)."""
    note: str = ""
    """A line under the mark (the slip's urgency: 红色督办)."""

    def text(self) -> str:
        """Everything the document says, as plain text (for tests and search)."""
        parts = [self.mark, self.number, self.title, self.addressee]
        for block in self.body:
            if isinstance(block, Para):
                parts.append(block.text)
            else:
                parts += ["\t".join(block.header), *("\t".join(r) for r in block.rows)]
        parts += [*self.attachments, self.signer, chinese_date(self.date), *self.cc]
        return "\n".join(p for p in parts if p)
