"""Export: the chosen items as CSV, as JSON or as the 台账 workbook (``spreadsheet_xlsx``).

The columns and the cells of a row are ``spreadsheet.py``'s; this module only
lays them out in a file format, item by item as the ledger hands them over (issue 17:
an export of 50,000 items never holds them all). Library only: functions write to
the file they are given, never print.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from duchatai.app.spreadsheet import (
    COLUMNS,
    Each,
    Progress,
    Sink,
    chooser,
    each_chosen,
    json_items,
    row_values,
)
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.core.model import Item
from duchatai.core.text import neutralise_cell

if TYPE_CHECKING:
    from duchatai.store.ledger import Ledger

FORMATS = ("xlsx", "csv", "json")


def choose_format(given: str | None, output: str | None) -> str:
    """The export's format: ``--format``, else the output file's suffix, else xlsx.

    An unknown format is refused, and so is an output file whose suffix says
    otherwise (``--format csv --output 台账.xlsx``) or says no format at all
    (``--output x.txt``): the file's name must not lie about what it holds.
    A file without a suffix takes ``--format`` (xlsx when absent).
    """
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if given is None:
        if suffix and suffix not in FORMATS:
            raise InvalidInput(t("export_suffix_unknown", path=output, suffix=suffix))
        return suffix or "xlsx"
    fmt = given.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            t("unknown_choice", what="--format", value=given, choices=", ".join(FORMATS))
        )
    if suffix and suffix != fmt:
        raise InvalidInput(t("export_suffix_contradicts", path=output, suffix=suffix, fmt=fmt))
    return fmt


def export(
    ledger: Ledger,
    each: Each,
    today: dt.date,
    fmt: str,
    out: Sink,
    *,
    status: str | None = None,
    unit: str | None = None,
    category: str | None = None,
    archived: bool = False,
    progress: Progress | None = None,
) -> int:
    """The chosen items written to ``out`` as ``fmt`` (xlsx, csv or json); how many.

    The items come from ``each`` one at a time, in id order, and none is kept
    (``Ledger.each_item``): an export of 50,000 items holds one item at a time, and
    its rows as they are written. ``archived`` (``export --all``) adds the archived
    items to the open and closed ones; withdrawn items never count.
    ``progress(done, total)`` is told of the rows as they are read (``total`` None)
    and of an xlsx's rows as they are laid out.
    """
    fmt = choose_format(fmt, None)
    if archived and status is not None:
        raise InvalidInput(t("export_all_with_status"))
    chosen = chooser(ledger, status=status, unit=unit, category=category, archived=archived)
    if fmt == "json":
        return write_json(each, chosen, today, ledger, out, progress)
    if fmt == "csv":
        return write_csv(each, chosen, today, ledger, out, progress)
    # The unit figures count every item of the year for the chosen units and
    # categories, archived ones included: the status filter narrows the rows only.
    current = chooser(ledger, unit=unit, category=category)
    stored = chooser(ledger, status="archived", unit=unit, category=category)
    # Only here: the workbook's modules (openpyxl, the figures) cost a CSV's start-up.
    from duchatai.app.spreadsheet_xlsx import write_xlsx

    return write_xlsx(
        each, chosen, lambda i: current(i) or stored(i), today, ledger, out, progress
    )


def write_json(
    each: Each,
    chosen: Callable[[Item], bool],
    today: dt.date,
    ledger: Ledger,
    out: Sink,
    progress: Progress | None = None,
) -> int:
    """The items' ``item_json`` as ``list --json`` writes them (``json_items``), in UTF-8."""
    with json_items(lambda text: out.write(text.encode("utf-8")), today, ledger) as put:
        return each_chosen(each, chosen, lambda item, _: put(item), progress)


def write_csv(
    each: Each,
    chosen: Callable[[Item], bool],
    today: dt.date,
    ledger: Ledger,
    out: Sink,
    progress: Progress | None = None,
) -> int:
    """UTF-8 with a BOM (so that Excel reads it as UTF-8), header first, ISO dates."""
    out.write(codecs.BOM_UTF8)
    writer = csv.writer(_Utf8(out), lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])

    def put(item: Item, number: int) -> None:
        # Text that a spreadsheet would run as a formula gets a ' in front
        # (OWASP CSV injection); import takes it off again.
        writer.writerow(
            [
                v.isoformat() if isinstance(v, dt.date) else "" if v is None else neutralise_cell(v)
                for v in row_values(item, number, today, ledger)
            ]
        )

    return each_chosen(each, chosen, put, progress)


class _Utf8:
    """What ``csv.writer`` writes to: its text, as UTF-8, to ``out``."""

    def __init__(self, out: Sink) -> None:
        self.out = out

    def write(self, text: str) -> object:
        return self.out.write(text.encode("utf-8"))


