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

from duchatai.dates import parse_date
from duchatai.errors import InvalidInput
from duchatai.messages import CATEGORY_LABELS, KIND_LABELS, METHOD_LABELS, STATUS_LABELS, t
from duchatai.model import KINDS, METHODS, Status, valid_id
from duchatai.spreadsheet import COLUMNS, DERIVED

if TYPE_CHECKING:
    from duchatai.procedure import Context

HEADER_SCAN_ROWS = 20

_ALIASES: dict[str, str] = {
    **{c.header: c.key for c in COLUMNS},
    **{c.key: c.key for c in COLUMNS},
    "事项编号": "id", "督查事项": "title", "事项": "title", "事项类别": "category",
    "来源文号": "source", "文号": "source", "牵头单位": "lead_unit", "责任单位": "lead_unit",
    "lead": "lead_unit", "配合单位": "co_units", "co": "co_units", "co_unit": "co_units",
    "登记日期": "start", "完成时限": "due", "截止日期": "due", "状态": "status",
    "method": "methods",
}  # fmt: skip
_STATUS_WORDS: dict[str, str] = {
    "办理中": "assigned", "在办": "assigned", "待交办": "registered", "未交办": "registered",
    "立项": "registered", "交办": "assigned", "已完成": "closed", "办结": "closed",
    "完成": "closed", "退回": "returned", "已退回": "returned", "归档": "archived",
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
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(t("imp_unreadable", file=path, error=error.strerror)) from None
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
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[tuple[int, list[Any]]] = []
        line = 1
        for cells in reader:
            rows.append((line, list(cells)))
            line = reader.line_num + 1
        return [(path.name, rows)]
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # a zip or XML error from a damaged or foreign file
        raise InvalidInput(t("imp_unreadable", file=path, error=str(error)[:200])) from None
    return [
        (sheet.title, [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), 1)])
        for sheet in book.worksheets
    ]


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(value: Any, header: str, today: dt.date) -> dt.date:
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
    return parse_date(_text(value), today, what=header)


def _labelled(value: str, keys: Any, labels: dict[str, tuple[str, str]]) -> str | None:
    wanted = value.strip().lower()
    for key in keys:
        names = {key.lower(), *(n.lower() for n in labels.get(key, ()))}
        if wanted in names:
            return str(key)
    return None


def _bool(value: Any) -> bool | None:
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_cell(key: str, value: Any, header: str, ctx: Context) -> Any:
    """One cell as the field's value; ``InvalidInput`` says what is wrong with it."""
    profile = ctx.ledger.profile
    if key in ("start", "due", "assigned_on", "closed_on"):
        return _date(value, header, ctx.today)
    text = _text(value)
    if key == "id":
        normal = text.upper()
        if not valid_id(normal):
            example = f"{ctx.ledger.config.id_prefix}-{ctx.today.year}-0001"
            raise InvalidInput(t("imp_bad_id", value=text, example=example))
        return normal
    if key == "category":
        found = _labelled(text, profile.categories, CATEGORY_LABELS)
        if found is None:
            choices = "、".join(CATEGORY_LABELS.get(k, (k,))[0] for k in profile.categories)
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return found
    if key == "status":
        found = _labelled(text, [s.value for s in Status], STATUS_LABELS)
        found = found or _STATUS_WORDS.get(text)
        if found is None:
            choices = "、".join(label for label, _ in STATUS_LABELS.values())
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return Status(found)
    if key == "kind":
        found = _labelled(text, KINDS, KIND_LABELS)
        if found is None:
            choices = "、".join(KIND_LABELS[k][0] for k in KINDS)
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices=choices))
        return found
    if key in ("weekly", "complex"):
        flag = _bool(value)
        if flag is None:
            raise InvalidInput(t("unknown_choice", what=header, value=text, choices="是、否"))
        return flag
    if key in ("co_units", "methods"):
        parts = list(dict.fromkeys(p.strip() for p in _SPLIT.split(text) if p.strip()))
        if key == "co_units":
            return parts
        methods = []
        for part in parts:
            found = _labelled(part, METHODS, METHOD_LABELS)
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
    for name, cells_by_row in read_sheets(path):
        found = find_header(cells_by_row)
        if found is None:
            continue  # a sheet of figures or notes (各单位统计), not a 台账
        headed += 1
        index, mapping, not_imported = found
        ignored += [c for c in not_imported if c not in ignored]
        headers = cells_by_row[index][1]
        for number, cells in cells_by_row[index + 1 :]:
            if all(_text(c) == "" for c in cells):
                continue
            ref = f"{name}!{number}"
            row = Row(ref, {})
            for column, key in mapping.items():
                value = cells[column] if column < len(cells) else None
                if _text(value) == "":
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
