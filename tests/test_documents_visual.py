"""The five documents as a printer would see them (issue 18): converted to PDF by
LibreOffice headless and rasterised by poppler's pdftoppm, then measured: the page
count, the red separator line where GB/T 9704 puts it, and nothing dark past the
margins. Skipped, saying why, where soffice or pdftoppm is not installed (``.ci/run``
installs them: libreoffice-writer-nogui, poppler-utils)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ItemFactory

from duchatai.core import document_texts as texts
from duchatai.core.documents import Document
from duchatai.core.model import Report, Urge
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.bulletin import bulletin, facts
from duchatai.reports.weekly import source_of
from duchatai.ui.docx_render import render

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) or poppler (pdftoppm) is not installed: "
    "apt-get install libreoffice-writer-nogui poppler-utils",
)

DPI = 40
MM = DPI / 25.4
"""Pixels a millimetre."""
DAY = dt.date(2026, 11, 20)
HEAD = texts.Heading("济政督〔2026〕12号", DAY, "济南市人民政府督查室", "c0ffee" * 6 + "abcd",
                     "王明，0531-12345678")


def documents(make_item: ItemFactory) -> dict[str, tuple[Document, int]]:
    """The five documents and the pages each should take."""
    item = make_item(
        "leader-instruction",
        start=dt.date(2026, 11, 2),
        title="市长批示：老旧小区加装电梯进度",
        urges=[Urge(dt.date(2026, 11, 9), "onsite", "请立即报送")],
        reports=[Report(dt.date(2026, 11, 10), "progress", "已完成方案", signed_by="张局长")],
    )
    item.co_units = ["市财政局"]
    other = make_item("document", due=dt.date(2026, 11, 10), item_id="DC-2026-0002",
                      title="城市道路积水点整治", lead="市交通局")
    report = facts(source_of([item, other], DAY), (dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
                   DAY, WorkCalendar(), DEFAULT_PROFILE)
    return {
        "notice": (texts.notice([item], "市水务局", HEAD), 2),
        "slip": (texts.slip(item, "red", 0, 8, HEAD), 2),
        "criticism": (texts.criticism("市水务局", "超期未报", [texts.Fact(item, 8)],
                                      dt.date(2026, 12, 10), HEAD), 2),
        "bulletin": (bulletin(report, "督查专报", HEAD), 2),
        "item-report": (texts.item_report(item, HEAD), 2),
    }


def read_ppm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (what pdftoppm writes by default)."""
    data = path.read_bytes()
    fields: list[bytes] = []
    at = 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    assert fields[0] == b"P6" and fields[3] == b"255"
    return int(fields[1]), int(fields[2]), data[at + 1:]


def rows_of_red(width: int, height: int, rgb: bytes) -> list[int]:
    """Rows where more than half the text block's width is pure red."""
    out = []
    for y in range(height):
        row = rgb[y * width * 3:(y + 1) * width * 3]
        red = sum(1 for x in range(0, len(row), 3)
                  if row[x] > 200 and row[x + 1] < 90 and row[x + 2] < 90)
        if red > 156 * MM / 2:
            out.append(y)
    return out


def dark_outside(width: int, height: int, rgb: bytes) -> list[tuple[int, int]]:
    """Dark pixels past the margins: left 28 mm, top 37 mm (less a millimetre of
    anti-aliasing); right 26 mm less half a character, as LibreOffice hangs a line-end
    ，or 。 into the margin whatever the file says (Word keeps it in: ``w:overflowPunct``
    is off in the file); below, only the footer's band (page numbers and the commit)
    may print, never the last 8 mm."""
    left, right = int((28 - 1) * MM), int((210 - 26 + 3) * MM)
    top, bottom = int((37 - 1) * MM), int((297 - 8) * MM)
    found = []
    for y in range(height):
        for x in range(width):
            inside = left <= x <= right and top <= y <= bottom
            if inside:
                continue
            at = (y * width + x) * 3
            if sum(rgb[at:at + 3]) < 3 * 128:
                found.append((x, y))
    return found


def test_the_documents_print_within_the_margins_with_the_red_line(
    make_item: ItemFactory, tmp_path: Path
) -> None:
    made = documents(make_item)
    for name, (doc, _) in made.items():
        (tmp_path / f"{name}.docx").write_bytes(render(doc))
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         *(str(tmp_path / f"{name}.docx") for name in made)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert converted.returncode == 0, converted.stderr[-2000:]
    for name, (_, pages) in made.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file(), (name, converted.stdout, converted.stderr[-2000:])
        subprocess.run(["pdftoppm", "-r", str(DPI), str(pdf), str(tmp_path / name)],
                       check=True, timeout=120)
        shots = sorted(tmp_path.glob(f"{name}-*.ppm"))
        assert len(shots) == pages, (name, len(shots))
        width, height, rgb = read_ppm(shots[0])
        assert (abs(width - 210 * MM) < 2, abs(height - 297 * MM) < 2) == (True, True)
        red = rows_of_red(width, height, rgb)
        # The separator line: red, under the mark and the number (and a slip's urgency),
        # 50 to 120 mm from the top edge; one line, a few pixels thick.
        assert red, name
        assert 50 * MM < red[0] < 120 * MM, (name, red[0] / MM)
        assert red[-1] - red[0] <= 3, (name, red)
        for shot in shots:
            assert dark_outside(*read_ppm(shot)) == [], (name, shot.name)
