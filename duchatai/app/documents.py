"""Issuing the office's documents (issue 18): number, file, register, one commit.

A document takes the next number of its year's sequence (``core.documents``:
the 发文字号, or the bulletin's 第N期) under the ledger's lock, is made from the
ledger as it stands at HEAD (its footer names that commit), and is kept in the
ledger with its entry in the year's register, both in the same commit:
``documents/2026/济政督〔2026〕12号督查通知.docx`` beside ``documents/2026.yaml``
(the office's file copy, 存档; tracked, so ``sync`` shares it and never meets an
untracked file). ``--output FILE`` writes a copy where the clerk wants it too; a
copy written before a failed commit is removed again.

The layout is the caller's (``render``: ``ui.docx_render.render`` from the
command line), so that this layer does not depend on the user interface.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from duchatai.app.step import Context
from duchatai.core.document_texts import Heading
from duchatai.core.documents import (
    KIND_NAMES,
    Document,
    Issued,
    duplicate_numbers,
    next_number,
    number_text,
)
from duchatai.core.errors import InvalidInput, LedgerBroken
from duchatai.core.history import in_reports
from duchatai.core.messages import STATUS_LABELS, is_zh, label, t
from duchatai.core.messages.documents import KIND_EN
from duchatai.core.model import Item
from duchatai.store.change import Change
from duchatai.store.git import current_head
from duchatai.store.ledger import Ledger
from duchatai.store.output import check_output, write_output
from duchatai.store.problem import Problem
from duchatai.store.safefile import read_bounded
from duchatai.store.yamlio import first_line, parse_yaml, yaml_error_line

Render = Callable[[Document], bytes]
"""Lays a document out as a file's bytes (``ui.docx_render.render``)."""
Build = Callable[[Heading], Document]
"""Makes a document's content once its number and source commit are known."""

FOLDER = "documents"


@dataclass(frozen=True)
class Made:
    """A document issued: its register entry, where its file was written, and the register."""

    issued: Issued
    path: Path
    register: Path


def register_path(ledger: Ledger, year: int) -> Path:
    """The year's register of documents (``documents/2026.yaml``)."""
    return ledger.root / FOLDER / f"{year}.yaml"


def read_register(path: Path) -> list[Issued]:
    """The entries of a register file (none when it does not exist); ``ValueError`` or the
    YAML error when it cannot be read."""
    if not path.exists():
        return []
    return parse_register(read_bounded(path))


def parse_register(data: bytes | str) -> list[Issued]:
    """The entries of a register's text (a file, or a version of it from git): data only,
    a hostile file refused with ``ValueError`` or the YAML error."""
    raw = parse_yaml(data) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("documents") or [], list):
        raise ValueError("documents: a list of entries expected")
    return [Issued.from_record(entry) for entry in raw.get("documents") or []]


def load_register(ledger: Ledger, year: int) -> list[Issued]:
    """The year's register, or ``LedgerBroken`` naming the file when it cannot be read."""
    path = register_path(ledger, year)
    try:
        return read_register(path)
    except Exception as error:
        where = ledger.relative(path)
        line = yaml_error_line(error)
        where = f"{where}:{line}" if line else where
        raise LedgerBroken(
            t("document_register_broken", path=where, error=first_line(error))
        ) from None


def register_problems(ledger: Ledger) -> list[Problem]:
    """``check``: every register that cannot be read, and every number used twice in a
    year (two clerks' documents met in ``sync``)."""
    folder = ledger.root / FOLDER
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            issued = read_register(path)
        except Exception as error:
            problems.append(Problem(path, yaml_error_line(error) or 1, first_line(error)))
            continue
        for index, entry in duplicate_numbers(issued):
            first = next(
                n for n, e in enumerate(issued)
                if (e.series, e.number) == (entry.series, entry.number)
            )
            message = t(
                "document_duplicate_number",
                number=entry.text or entry.number,
                kind=KIND_NAMES[entry.kind],
                first=first + 1,
            )
            problems.append(Problem(path, _entry_line(path, index), f"documents[{index + 1}]: "
                                    + message))
    return problems


def _entry_line(path: Path, index: int) -> int | None:
    """The line where entry ``index`` of a register starts (for ``path:line``)."""
    seen = -1
    for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
        if line.lstrip().startswith("- ") and line.startswith(("- ", "  - ")):
            seen += 1
            if seen == index:
                return number
    return None


def default_name(doc: Document, issued: Issued) -> str:
    """The file's name when ``--output`` is not given: its number and kind."""
    if issued.kind == "bulletin":
        return f"{doc.mark}{issued.text}.docx"
    return f"{issued.text}{KIND_NAMES[issued.kind]}.docx"


Written = list[tuple[Path, bytes | None]]
"""Files a change wrote outside the ledger, with what they held before (None: new)."""


@contextlib.contextmanager
def put_back_on_failure() -> Iterator[Written]:
    """Around a change that writes a document: when it fails (the commit included), each
    file it wrote is put back as it was, a new one removed."""
    written: Written = []
    try:
        yield written
    except BaseException:
        for path, before in reversed(written):
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(before)
        raise


def issue_in(
    change: Change,
    ctx: Context,
    written: Written,
    kind: str,
    build: Build,
    render: Render,
    *,
    output: str | None,
    items: Sequence[str] = (),
    unit: str = "",
) -> Made:
    """Number, make, write and register one document inside an open change (the caller
    commits and sets the message; ``written`` is ``put_back_on_failure``'s list)."""
    ledger = ctx.ledger
    year = ctx.today.year
    register = register_path(ledger, year)
    issued_before = load_register(ledger, year)
    number = next_number(issued_before, kind)
    text = number_text(kind, ledger.config.doc_prefix, year, number)
    commit = current_head(ledger.root) or ""
    head = Heading(text, ctx.today, ledger.config.office, commit, ledger.config.contact)
    doc = build(head)
    data = render(doc)
    entry = Issued(number, kind, text, ctx.today, tuple(items), unit, "", commit, ctx.actor.name)
    copy = check_output(output, ledger.root) if output else None
    kept = register.parent / str(year) / default_name(doc, entry)
    entry = replace(entry, file=kept.relative_to(ledger.root).as_posix())
    records = [e.to_record() for e in issued_before] + [entry.to_record()]
    change.write_record(register, {"documents": records})
    change.write_bytes(kept, data)
    path = kept
    if copy is not None and output is not None:
        before = copy.read_bytes() if copy.is_file() and not copy.is_symlink() else None
        written.append((copy, before))
        path = write_output(output, data, ledger.root)
    return Made(entry, path, register)


def commit_line(made: Made) -> str:
    """What a document adds to its commit's first line: its kind and number."""
    return f"{KIND_NAMES[made.issued.kind]} {made.issued.text}"


def kind_name(kind: str) -> str:
    """What a kind of document is called in the language of messages."""
    return KIND_NAMES[kind] if is_zh() else KIND_EN[kind]


def said(made: Made, ledger: Ledger) -> str:
    """The confirmation line of a document issued."""
    return t(
        "document_written",
        kind=kind_name(made.issued.kind),
        number=made.issued.text,
        path=ledger.relative(made.path),
        register=ledger.relative(made.register),
    )


def refuse_state(item: Item, kind: str) -> None:
    """A withdrawn item (撤销) is in no document."""
    if not in_reports(item):
        raise InvalidInput(
            t(
                "document_item_state",
                id=item.id,
                status=label(STATUS_LABELS, item.status.value),
                kind=kind_name(kind),
            )
        )
