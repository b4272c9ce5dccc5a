"""Reading the office's spreadsheet (台账.xlsx or .csv) into rows of item fields.

The first half of an import: read every sheet, find its header row (it may sit
below a title row; sheets without one, such as 各单位统计, are skipped), match
the headers in Chinese or English, and turn every non-empty cell into a field
value: categories and statuses by key or Chinese label, dates as real cells or
as people type them (``dates.parse_date``), units split on 、,，;；. Problems are
collected as ``sheet!row: message`` (the file name is the sheet of a CSV).
Columns derived on export (序号, 最新进展, 延期情况, 催办次数, 是否超期) are
skipped; unknown columns are named so the clerk knows they were not imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duchatai.app.spreadsheet import COLUMNS, DERIVED
from duchatai.core import names
from duchatai.core.dates import parse_date
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import CATEGORY_LABELS, KIND_LABELS, METHOD_LABELS, STATUS_LABELS, t
from duchatai.core.model import KINDS, METHODS, Status, valid_id
from duchatai.core.text import clean_text, restore_cell

if TYPE_CHECKING:
    from duchatai.app.step import Context

HEADER_SCAN_ROWS = 20

MAX_ROWS = 50_000
"""Data rows in one file (all sheets): more is refused whole. Reading stops as soon as
the file holds more non-blank rows than this and the title and header rows."""
MAX_CELL_CHARS = 10_000
"""Characters in one cell: a title or a note is never longer."""
MAX_FILE_BYTES = 100 * 1024 * 1024
"""The file itself, and for an xlsx the sum of its unpacked parts (a zip bomb is refused)."""

_ALIASES: dict[str, str] = {
    **{c.header: c.key for c in COLUMNS},
    **{c.key: c.key for c in COLUMNS},
    "事项编号": "id", "督查事项": "title", "事项": "title", "事项类别": "category",
    "来源文号": "source", "文号": "source", "牵头单位": "lead_unit", "责任单位": "lead_unit",
    "lead": "lead_unit", "配合单位": "co_units", "co": "co_units", "co_unit": "co_units",
    "登记日期": "start", "完成时限": "due", "截止日期": "due", "状态": "status",
    "method": "methods",
}  # fmt: skip
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", ""}
_SPLIT = re.compile(r"[、,，;；\n]+")


@dataclass
class Row:
    """A data row: where it is and the parsed fields its non-empty cells gave."""

    ref: str
    fields: dict[str, Any]
    bad: bool = False
    """A cell could not be read: already reported, not planned."""


# -- reading the file --------------------------------------------------------------


def read_sheets(path: Path) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    """The sheets of an xlsx or csv file as ``(name, [(row number, cells)])``."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise InvalidInput(t("imp_unsupported", file=path.name))
    data = _read_file(path)
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:  # Excel in a Chinese locale saves "CSV" in GBK
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise InvalidInput(
                    t("imp_unreadable", file=path, error="not UTF-8 or GBK text")
                ) from None
        del data  # the text is all that is needed now
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[tuple[int, list[Any]]] = []
        line = 1
        try:
            for cells in reader:
                if any(cells):  # blank lines are not kept (their numbers are)
                    rows.append((line, cells))
                    if len(rows) > _RAW_ROWS:
                        raise InvalidInput(
                            t("imp_too_many_rows", file=path.name, limit=MAX_ROWS)
                        )
                line = reader.line_num + 1
        except csv.Error as error:
            # csv refuses a field over csv.field_size_limit() (131,072 characters):
            # a clean refusal naming the line, never a traceback.
            if "field larger" in str(error):
                raise InvalidInput(
                    t("imp_field_too_long", file=path.name, line=line, limit=csv.field_size_limit())
                ) from None
            error_text = f"line {line}: {error}"
            raise InvalidInput(t("imp_unreadable", file=path, error=error_text)) from None
        return [(path.name, rows)]
    return _read_xlsx(path, data)


def _read_file(path: Path) -> bytes:
    """The bytes of the file to import: a regular file (a link to one is fine) of at most
    ``MAX_FILE_BYTES``, never read past the limit."""
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the open
            raise InvalidInput(t("imp_unreadable", file=path, error=t("file_not_regular")))
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InvalidInput(t("imp_unreadable", file=path, error=t("file_not_regular")))
            if info.st_size > MAX_FILE_BYTES:
                raise InvalidInput(
                    t("imp_too_big", file=path.name, limit=_megabytes(MAX_FILE_BYTES))
                )
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_FILE_BYTES:  # never past the limit, even if it grows meanwhile
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = b"".join(chunks)
    except OSError as error:
        raise InvalidInput(t("imp_unreadable", file=path, error=error.strerror)) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(t("imp_too_big", file=path.name, limit=_megabytes(MAX_FILE_BYTES)))
    return data


_RAW_ROWS = MAX_ROWS + 2 * HEADER_SCAN_ROWS
"""Non-blank rows read at most: the data rows, and room for title and header rows."""


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def _read_xlsx(path: Path, data: bytes) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    """The sheets of a workbook, streamed (openpyxl read-only), after its zip is checked.

    The unpacked size of every part is summed from the zip's directory before
    openpyxl opens anything: Python's zipfile never unpacks more than a part's
    declared size, so the sum bounds the work (a 1.5 MB file of 1.5 GB of
    blanks is refused at once).
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise InvalidInput(t("imp_unreadable", file=path, error=str(error)[:200])) from None
    if unpacked > MAX_FILE_BYTES:
        raise InvalidInput(t("imp_too_big", file=path.name, limit=_megabytes(MAX_FILE_BYTES)))
    from openpyxl import load_workbook

    sheets: list[tuple[str, list[tuple[int, list[Any]]]]] = []
    count = 0
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                rows: list[tuple[int, list[Any]]] = []
                for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                    if all(c is None or c == "" for c in cells):
                        continue  # a blank (or only formatted) row: not kept
                    count += 1
                    if count > _RAW_ROWS:
                        raise InvalidInput(
                            t("imp_too_many_rows", file=path.name, limit=MAX_ROWS)
                        )
                    rows.append((number, list(cells)))
                sheets.append((sheet.title, rows))
        finally:
            book.close()
    except InvalidInput:
        raise
    except Exception as error:  # a zip or XML error from a damaged or foreign file
        raise InvalidInput(t("imp_unreadable", file=path, error=str(error)[:200])) from None
    return sheets


def _header_key(cell: Any) -> str | None:
    if not isinstance(cell, str):
        return None
    # "办理时限(截止日期)", "* 事项名称", "Lead unit", "co-units" all name a column
    name = re.sub(r"[(（][^)）]*[)）]", "", cell).strip().strip("*").strip().lower()
    for candidate in (re.sub(r"\s+", "", name), re.sub(r"[\s-]+", "_", name)):
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return None


def find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str], list[str]] | None:
    """The header row's index in ``rows``, column → field, and the columns not imported."""
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [_header_key(c) for c in cells]
        if "title" in keys and len({k for k in keys if k}) >= 2:
            mapping: dict[int, str] = {}
            ignored: list[str] = []
            for column, (cell, key) in enumerate(zip(cells, keys, strict=True)):
                if key is None or key in DERIVED or key in mapping.values():
                    if key is None and cell not in (None, ""):
                        ignored.append(str(cell).strip())
                    continue
                mapping[column] = key
            return index, mapping, ignored
    return None


# -- cells to fields ---------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole numbers without ``.0``, dates as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value: Any, header: str, today: dt.date) -> dt.date:
    """A cell as a date: a date cell, ``20261103``, an Excel day number, or text as people
    type it (``dates.parse_date``); ``InvalidInput`` names ``header``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 29991231:  # 20261103 typed into a number cell
            return parse_date(str(int(value)), today, what=header)
        if 1 <= value < 2958466:  # an Excel day number in a cell not formatted as a date
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
    return parse_date(cell_text(value), today, what=header)


def _labelled(value: str, field: str, keys: Any) -> str | None:
    """The key a cell names: the one home of names (``core.names.resolve``)."""
    return names.resolve(field, value, keys)


def cell_bool(value: Any) -> bool | None:
    """是/否 (and yes/no, √/×…) as a bool; None when the cell says neither."""
    text = cell_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_cell(key: str, value: Any, header: str, ctx: Context) -> Any:
    """One cell as the field's value; ``InvalidInput`` says what is wrong with it."""
    profile = ctx.ledger.profile
    if key in ("start", "due", "assigned_on", "closed_on"):
        return cell_date(value, header, ctx.today)
    text = cell_text(value)
    if key in ("title", "source", "lead_unit", "co_units", "responsible", "approved_by"):
        # Free text: control characters refused as when typed (text.clean_text);
        # the co-units are split on newlines below, so a newline is fine there.
        text = clean_text(text, header, multiline=key == "co_units")
    if key == "id":
        normal = text.upper()
        if not valid_id(normal):
            example = f"{ctx.ledger.config.id_prefix}-{ctx.today.year}-0001"
            raise InvalidInput(t("imp_bad_id", value=text, example=example))
        return normal
    if key == "category":
        found = _labelled(text, "category", profile.categories)
        if found is None:
            choices = "、".join(CATEGORY_LABELS.get(k, (k,))[0] for k in profile.categories)
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return found
    if key == "status":
        found = _labelled(text, "status", [s.value for s in Status])
        if found is None:
            choices = "、".join(label for label, _ in STATUS_LABELS.values())
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return Status(found)
    if key == "kind":
        found = _labelled(text, "kind", KINDS)
        if found is None:
            choices = "、".join(KIND_LABELS[k][0] for k in KINDS)
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return found
    if key in ("weekly", "complex"):
        flag = cell_bool(value)
        if flag is None:
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices="是、否"))
        return flag
    if key in ("co_units", "methods"):
        parts = list(dict.fromkeys(p.strip() for p in _SPLIT.split(text) if p.strip()))
        if key == "co_units":
            for part in parts:
                clean_text(part, header)  # each unit one clean line
            return parts
        methods = []
        for part in parts:
            found = _labelled(part, "method", METHODS)
            if found is None:
                choices = "、".join(METHOD_LABELS[m][0] for m in METHODS)
                raise InvalidInput(t("unknown_choice", what=header, value=part, choices=choices))
            methods.append(found)
        return list(dict.fromkeys(methods))
    return text


def parse_rows(path: Path, ctx: Context) -> tuple[list[Row], list[str], list[str]]:
    """Every data row of every sheet with a header: rows, problems, columns not imported."""
    rows: list[Row] = []
    problems: list[str] = []
    ignored: list[str] = []
    headed = 0
    tables: list[tuple[str, list[tuple[int, list[Any]]], tuple[int, dict[int, str], list[str]]]]
    tables = []
    for name, cells_by_row in read_sheets(path):
        found = find_header(cells_by_row)
        if found is not None:  # else a sheet of figures or notes (各单位统计), not a 台账
            tables.append((name, cells_by_row, found))
    # Counted before any row is parsed: a file over the limit is refused at once.
    data_rows = sum(
        1
        for _, cells_by_row, (index, _, _) in tables
        for _, cells in cells_by_row[index + 1 :]
        if any(cell_text(c) for c in cells)
    )
    if data_rows > MAX_ROWS:
        raise InvalidInput(t("imp_too_many_rows", file=path.name, limit=MAX_ROWS))
    for name, cells_by_row, found in tables:
        headed += 1
        index, mapping, not_imported = found
        ignored += [c for c in not_imported if c not in ignored]
        headers = cells_by_row[index][1]
        for number, cells in cells_by_row[index + 1 :]:
            if all(cell_text(c) == "" for c in cells):
                continue
            ref = f"{name}!{number}"
            row = Row(ref, {})
            for column, key in mapping.items():
                # Undo the export's formula guard ("'=1+1" → "=1+1"): round trips are exact.
                value = restore_cell(cells[column]) if column < len(cells) else None
                if cell_text(value) == "":
                    continue
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    column_name = str(headers[column]).strip()
                    problems.append(
                        f"{ref}: "
                        + t("imp_cell_too_long", column=column_name, limit=MAX_CELL_CHARS)
                    )
                    row.bad = True
                    continue
                try:
                    row.fields[key] = parse_cell(key, value, str(headers[column]).strip(), ctx)
                except InvalidInput as error:
                    problems.append(f"{ref}: {error.message}")
                    row.bad = True
            rows.append(row)
    if not headed:
        raise InvalidInput(t("imp_no_header", file=path.name))
    return rows, problems, ignored
