"""Cells of an xlsx sheet written row by row (openpyxl's write-only mode): text that
is never a formula, a few looks styled once and shared, a sheet's title and header,
and the page set-up the office prints with.

Used by ``spreadsheet_export`` (the 台账) and ``packet`` (a unit's locked workbook:
``set_text``, ``print_ready``). Library only: no printing.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from duchatai.core.text import neutralise_cell, xlsx_safe

HEADER_FILL = "FFD9E1F2"


Look = tuple[Any, Any]
"""A cell's style arrays without and with the quote prefix (``Cells.look``)."""


class Cells:
    """The cells of one write-only sheet, each in one of a few looks.

    Styling a cell through openpyxl's descriptors hashes every style object each
    time (it was half of an export of 10,000 items): each look is styled once, on
    a cell of its own, and its style array is then shared by every cell that wears
    it. A shared array must never change: a cell that needs the quote prefix takes
    the look's second array instead of setting it (``set_text`` would).
    """

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.sheet = sheet
        self._new = WriteOnlyCell

    def look(
        self,
        *,
        font: Any = None,
        fill: Any = None,
        alignment: Any = None,
        number_format: str | None = None,
    ) -> Look:
        """The style arrays of a cell so styled, plain and with the quote prefix."""
        cell = self._new(self.sheet)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        plain = copy.copy(cell._style)
        cell.quotePrefix = True
        return plain, cell._style

    def __call__(self, value: Any, look: Look) -> Any:
        """A cell holding ``value`` as ``set_text`` puts it (text never a formula)."""
        cell = self._new(self.sheet)
        if isinstance(value, str):
            value = xlsx_safe(value)
            cell._style = look[neutralise_cell(value) is not value]
            cell.value = value
            cell.data_type = "s"
        else:
            cell._style = look[0]  # before the value: a date keeps the look's format
            cell.value = value
        return cell


def head(
    cells: Cells,
    title: str,
    columns: Sequence[tuple[str, int]],
    *,
    title_look: Look,
    header: Any,
    rows: int,
    filtered: bool = True,
) -> None:
    """A sheet's set-up, its title row (merged across) and its header row, before its
    ``rows`` rows; ``filtered``: a filter on the header.

    A write-only sheet sends its size, widths, frozen panes and page set-up out
    with its first row: they are all set here, before it.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = cells.sheet
    last = get_column_letter(len(columns))
    for index, (_, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The size (<dimension>) that a sheet held in memory states: openpyxl's writer
    # asks the sheet for it, and readers such as openpyxl's read-only mode (import)
    # pad every row to its width.
    size = f"A1:{last}{rows + 2}"
    sheet.calculate_dimension = lambda: size
    sheet.freeze_panes = "A3"
    if filtered:
        sheet.auto_filter.ref = f"A2:{last}{max(2, rows + 2)}"
    print_ready(sheet)
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.append([cells(title, title_look)])
    look = cells.look(
        font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL), alignment=header
    )
    sheet.append([cells(name, look) for name, _ in columns])


def print_ready(sheet: Any) -> None:
    """Set ``sheet`` up to print as the office files it: A4 landscape, every column
    on the page's width (as many pages down as it takes), the title and header rows
    (1–2) repeated at the top of every page, the page number in the footer."""
    from openpyxl.worksheet.worksheet import Worksheet

    # The class's constants: a write-only sheet (export) does not carry them.
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: no limit on the pages down
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in ``cell``; text always as text, never as a formula.

    openpyxl takes any string starting with ``=`` for a formula: text is
    stored as a string cell instead, and a cell that a spreadsheet would read as
    a formula (``=``, ``+``, ``-``, ``@``…) gets Excel's own guard, the quote
    prefix (what typing a leading ``'`` does: shown without the ``'``, never
    run). Characters XML cannot hold (hand edits) are shown visibly, as
    openpyxl would refuse the whole workbook.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    text = xlsx_safe(value)
    cell.value = text
    cell.data_type = "s"
    if neutralise_cell(text) is not text:
        cell.quotePrefix = True
