"""``export`` writes each item as the ledger hands it over (issue 17): an export of
50,000 items holds one item at a time, writes what the whole list used to make, and a
failure half-way leaves no file (``store.output.output_file``, with ``write_output``'s
refusals).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from duchatai.app import spreadsheet, spreadsheet_export, spreadsheet_xlsx
from duchatai.app.spreadsheet import item_json, row_values, select
from duchatai.commands.common import EACH_RUN, read_each
from duchatai.core.errors import InvalidInput
from duchatai.core.model import Item
from duchatai.core.text import neutralise_cell
from duchatai.reports.data import as_of_all
from duchatai.reports.figures import stats
from duchatai.session import State
from duchatai.store.ledger import Ledger
from duchatai.store.output import output_file, write_output

D = dt.date(2026, 11, 20)
FILTERS: list[dict[str, Any]] = [
    {},
    {"status": "closed"},
    {"status": "已归档"},
    {"unit": "市财政局"},  # lead unit of some, co-unit of others
    {"category": "executive-meeting"},
    {"archived": True},
    {"unit": "市财政局", "category": "key-project", "archived": True},
]


def _export(ledger: Ledger, fmt: str, each: Any = None, **filters: Any) -> bytes:
    out = io.BytesIO()
    spreadsheet_export.export(ledger, each or ledger.each_item, D, fmt, out, **filters)
    return out.getvalue()


def _items_alive() -> int:
    gc.collect()
    return sum(type(o) is Item for o in gc.get_objects())


# -- one item at a time --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_no_item_is_held_while_exporting(demo: Path, fmt: str) -> None:  # noqa: F811
    """Counted after each item is written: the one in hand at most, never the ledger."""
    ledger = Ledger(demo)
    ledger.load_all()  # warm
    before = _items_alive()
    alive: list[int] = []

    def counted(keep: list[Item] | None) -> Callable[[Callable[[Item], None]], object]:
        def each(sink: Callable[[Item], None]) -> object:
            def take(item: Item) -> None:
                sink(item)
                if keep is not None:
                    keep.append(item)
                alive.append(_items_alive() - before)

            return ledger.each_item(take)

        return each

    _export(ledger, fmt, counted(None), archived=True)
    assert len(alive) > 30 and max(alive) <= 2
    held: list[Item] = []
    alive.clear()
    _export(ledger, fmt, counted(held), archived=True)  # the count can tell: kept, they count
    assert max(alive) >= len(held) > 30


def test_read_each_holds_a_run_of_items_not_the_ledger(demo: Path) -> None:  # noqa: F811
    """The command's read hands the items over in runs (``EACH_RUN``), every one, in order."""
    ledger = Ledger(demo)
    expected = [i.id for i in sorted(ledger.load_all()[0], key=lambda i: i.id)]
    assert len(expected) > EACH_RUN
    before = _items_alive()
    seen: list[str] = []
    alive: list[int] = []

    def sink(item: Item) -> None:
        seen.append(item.id)
        alive.append(_items_alive() - before)

    read_each(State(str(demo), D.isoformat(), None, None), sink)
    assert seen == expected and max(alive) <= EACH_RUN + 1


# -- the same output -------------------------------------------------------------------


def _whole_csv(ledger: Ledger, chosen: list[Item]) -> bytes:
    """The CSV as the export made it of the whole list before issue 17."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in spreadsheet.COLUMNS])
    for number, item in enumerate(chosen, 1):
        writer.writerow(
            [v.isoformat() if isinstance(v, dt.date) else "" if v is None else neutralise_cell(v)
             for v in row_values(item, number, D, ledger)]
        )  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(map(str, f.values())) or "all")
def test_csv_and_json_are_what_the_whole_list_made(
    demo: Path,  # noqa: F811
    filters: dict[str, Any],
) -> None:
    ledger = Ledger(demo)
    items, problems = ledger.load_all()
    assert problems == []
    chosen = select(items, ledger, **filters)
    assert chosen or filters  # the demo has some of each
    whole = json.dumps([item_json(i, D, ledger) for i in chosen], ensure_ascii=False, indent=2)
    assert _export(ledger, "json", **filters) == (whole + "\n").encode("utf-8")
    assert _export(ledger, "csv", **filters) == _whole_csv(ledger, chosen)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(map(str, f.values())) or "all")
def test_workbook_rows_figures_and_milestones_are_the_whole_lists(
    demo: Path,  # noqa: F811
    filters: dict[str, Any],
) -> None:
    """The rows in id order, numbered from 1; the figures ``stats`` makes of every item of
    the chosen units and categories (whatever their status) as they stood on the day; the
    chosen items' milestones. The layout, cell by cell: ``test_spreadsheet_layout``."""
    ledger = Ledger(demo)
    items, _ = ledger.load_all()
    chosen = select(items, ledger, **filters)
    book = load_workbook(io.BytesIO(_export(ledger, "xlsx", **filters)))
    rows = list(book["督查台账"].iter_rows(min_row=3, max_col=2, values_only=True))
    assert rows == [(n, i.id) for n, i in enumerate(chosen, 1)]
    narrow = {k: v for k, v in filters.items() if k in ("unit", "category")}
    pool = select(items, ledger, **narrow) + select(items, ledger, status="archived", **narrow)
    figures = stats(as_of_all(pool, D), D.year, D, ledger.profile)
    assert figures or narrow  # the demo's items count in 2026
    assert list(book["各单位统计"].iter_rows(min_row=3, values_only=True)) == [
        (u.unit, u.items, u.closed_on_time, u.closed_late, u.open_overdue, u.open,
         u.on_time_rate) for u in figures
    ]  # fmt: skip
    milestones = list(book["节点任务"].iter_rows(min_row=3, max_col=5, values_only=True))
    assert milestones == [tuple(r[:5]) for r, _ in spreadsheet_xlsx.milestone_rows(chosen, D)]


def test_export_json_is_list_json(demo: Path, run: Any) -> None:  # noqa: F811
    """One writer: ``export --format json`` prints what ``list --json`` prints."""
    for args in ([], ["--unit", "市财政局"], ["--status", "withdrawn"]):
        listed = run("list", "--json", *args, ledger=demo)
        exported = run("export", "--format", "json", *args, ledger=demo)
        assert listed.exit_code == exported.exit_code == 0, exported
        assert exported.stdout == listed.stdout and exported.stdout.startswith("[")


def test_csv_on_stdout_is_the_file_without_its_bom(
    demo: Path,  # noqa: F811
    run: Any,
    tmp_path: Path,
) -> None:
    target = tmp_path / "台账.csv"
    assert run("export", "--output", str(target), ledger=demo).exit_code == 0
    shown = run("export", "--format", "csv", ledger=demo)
    data = target.read_bytes()
    assert data[:3] == b"\xef\xbb\xbf" and b"\r\n" in data
    # (the test runner's stdout reads \r\n as \n)
    assert shown.exit_code == 0 and shown.stdout == data[3:].decode("utf-8").replace("\r\n", "\n")


# -- a failure half-way ------------------------------------------------------------------


def _failing_on_third(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The third item's row (or JSON) fails, as a bug or a full disk would."""
    module, name = {
        "csv": (spreadsheet_export, "row_values"),
        "json": (spreadsheet, "item_json"),
        "xlsx": (spreadsheet_xlsx, "row_values"),
    }[fmt]
    real, calls = getattr(module, name), [0]

    def failing(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:
            raise RuntimeError("half-way")
        return real(*args)

    monkeypatch.setattr(module, name, failing)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_half_way_leaves_no_file(
    demo: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    existing: bool,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"台账.{fmt}"
    if existing:
        target.write_bytes(b"last week's")
    _failing_on_third(monkeypatch, fmt)
    ledger = Ledger(demo)
    with pytest.raises(RuntimeError, match="half-way"), output_file(str(target), demo) as out:
        spreadsheet_export.export(ledger, ledger.each_item, D, fmt, out)
    assert (target.read_bytes() if target.exists() else None) == (
        b"last week's" if existing else None
    )
    assert _leftovers(out_dir) == [] and sorted(os.listdir(out_dir)) == (
        [target.name] if existing else []
    )


def test_the_command_failing_half_way_says_one_line_and_writes_nothing(
    demo: Path,  # noqa: F811
    run: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _failing_on_third(monkeypatch, "xlsx")
    result = run("export", "--output", str(out_dir / "台账.xlsx"), ledger=demo)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result
    assert "half-way" in result.stderr and "Traceback" not in result.stderr
    assert list(out_dir.iterdir()) == []


# -- where the file may go: write_output's rules, before anything is read ----------------


def _targets(demo: Path, tmp_path: Path) -> dict[str, Path]:  # noqa: F811
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    return {
        "symlink": link,
        "folder": folder,
        "fifo": fifo,
        "device": Path("/dev/null"),
        "no folder": tmp_path / "missing" / "x.csv",
        "ledger record": demo / "items" / "x.csv",
        "ledger config": demo / "duchatai.yaml",
        "git directory": demo / ".git" / "x.csv",
    }


@pytest.mark.parametrize(
    "kind",
    ["symlink", "folder", "fifo", "device", "no folder", "ledger record", "ledger config",
     "git directory"],
)  # fmt: skip
def test_output_file_refuses_what_write_output_refuses(
    demo: Path,  # noqa: F811
    tmp_path: Path,
    kind: str,
) -> None:
    target = _targets(demo, tmp_path)[kind]
    before = sorted(os.listdir(target.parent)) if target.parent.is_dir() else None
    with pytest.raises(InvalidInput) as written:
        write_output(str(target), b"x", demo)
    entered = []
    with pytest.raises(InvalidInput) as streamed, output_file(str(target), demo):
        entered.append(True)  # never: refused before the first byte is made
    assert streamed.value.message == written.value.message and not entered
    assert (sorted(os.listdir(target.parent)) if target.parent.is_dir() else None) == before
    assert not (tmp_path / "nowhere.csv").exists()


def test_an_os_error_writing_names_the_output_and_one_reading_passes_on(tmp_path: Path) -> None:
    target = tmp_path / "台账.csv"
    target.write_bytes(b"old")
    with pytest.raises(InvalidInput, match="No space left on device") as full:
        with output_file(str(target)) as out:
            out.write(b"new")
            raise OSError(28, "No space left on device")
    assert str(target) in full.value.message
    elsewhere = FileNotFoundError(2, "No such file or directory", "/elsewhere/item.yaml")
    with pytest.raises(FileNotFoundError), output_file(str(target)):
        raise elsewhere
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []
