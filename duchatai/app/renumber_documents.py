"""Document numbers (发文字号, 期数) taken twice are repaired at ``sync``, like ids.

Two clerks who issue documents offline in the same year both take the next number
of the year's register (``documents/<year>.yaml``). At ``sync``, before the merge,
every entry added here since the last common commit whose number (in its
sequence) upstream also added is given the next number free on both sides: the
entry's number, text and file name change, the kept .docx is renamed and the
number printed in it is replaced, in one commit that names old and new numbers.
The register itself then merges entry by entry (``merge.APPEND_ONLY``).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from duchatai.app.documents import FOLDER, parse_register
from duchatai.app.renumber import Renumbered, ledger_prefix
from duchatai.core.documents import Issued, number_text
from duchatai.store.git import Actor, run_git, sync_git
from duchatai.store.ledger import Ledger


def _entries(top: Path, ref: str, path: str) -> list[Issued]:
    """The register ``path`` at ``ref``, read as data (none when absent or unreadable)."""
    shown = run_git(top, "show", f"{ref}:{path}", check=False)
    try:
        return parse_register(shown.stdout) if shown.returncode == 0 else []
    except Exception:
        return []  # ``check`` names a broken register


def _registers(top: Path, prefix: str, refs: tuple[str, ...]) -> list[str]:
    """The registers (``documents/<year>.yaml``) in the trees of ``refs``."""
    names: set[str] = set()
    for ref in refs:
        out = run_git(top, "ls-tree", "-z", "--name-only", f"{ref}:{prefix}{FOLDER}", check=False)
        names.update(n for n in out.stdout.split("\0") if n.endswith(".yaml"))
    return sorted(f"{prefix}{FOLDER}/{n}" for n in names)


def clashes(top: Path, prefix: str, upstream: str) -> dict[str, list[Issued]]:
    """Per register path: the entries added here since the merge base whose number
    (in its sequence) upstream also added since then."""
    base = sync_git(top, "merge-base", "HEAD", upstream).stdout.strip()
    found: dict[str, list[Issued]] = {}
    for path in _registers(top, prefix, ("HEAD", upstream)):
        before = _entries(top, base, path)
        mine = [e for e in _entries(top, "HEAD", path) if e not in before]
        theirs = {(e.series, e.number) for e in _entries(top, upstream, path) if e not in before}
        taken = [e for e in mine if (e.series, e.number) in theirs]
        if taken:
            found[path] = taken
    return found


def repair_documents(
    ledger: Ledger, actor: Actor, held: Path, top: Path, upstream: str
) -> list[Renumbered]:
    """Renumber every local document whose number upstream took, in one commit."""
    prefix = ledger_prefix(ledger.root, top)
    found = clashes(top, prefix, upstream)
    if not found:
        return []
    done: list[Renumbered] = []
    with ledger.change("", actor, held=held) as change:
        for path, taken in found.items():
            register = top / path
            here = _entries(top, "HEAD", path)
            numbers = {(e.series, e.number) for e in here + _entries(top, upstream, path)}
            year = int(PurePosixPath(path).stem)
            for old in taken:
                number = 1 + max(n for s, n in numbers if s == old.series)
                numbers.add((old.series, number))
                new = _renumbered(ledger, change, old, number, year)
                here = [new if e == old else e for e in here]
                done.append(Renumbered(old.text, new.text))
            change.write_record(register, {"documents": [e.to_record() for e in here]})
        change.message = "renumber " + ", ".join(f"{r.old} -> {r.new}" for r in done)
    return done


def _renumbered(ledger: Ledger, change: Any, old: Issued, number: int, year: int) -> Issued:
    """``old`` with its new number: the kept .docx renamed, the number in it replaced."""
    text = number_text(old.kind, ledger.config.doc_prefix, year, number)
    new = replace(old, number=number, text=text)
    if old.file:
        source = ledger.root / old.file
        target = source.with_name(source.name.replace(old.text, text, 1))
        if source.is_file() and not source.is_symlink():
            data = _retitled(source.read_bytes(), old.text, text)
            change.move(source, target)
            change.write_bytes(target, data)
        new = replace(new, file=target.relative_to(ledger.root).as_posix())
    return new


def _retitled(data: bytes, old: str, new: str) -> bytes:
    """The .docx with every ``old`` number in its body, headers and footers made ``new``."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts: list[Any] = [document]
    for section in document.sections:
        parts += [section.header, section.footer, section.first_page_header,
                  section.first_page_footer]
    for part in parts:
        for paragraph in _paragraphs(part):
            for run in paragraph.runs:
                if old in run.text:
                    run.text = run.text.replace(old, new)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(part: Any) -> list[Any]:
    """Every paragraph of a document part, those in its tables included."""
    found = list(part.paragraphs)
    for table in part.tables:
        for row in table.rows:
            for cell in row.cells:
                found += _paragraphs(cell)
    return found
