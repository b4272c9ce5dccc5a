#!/usr/bin/env python3
"""(Re)make the pictures of the office's documents in ``examples/documents/`` (issue 18).

Usage::

    python examples/documents/make.py          # writes examples/documents/*.png
    python examples/documents/make.py OUTDIR   # writes elsewhere

It copies the demo ledger (``examples/demo``) into a temporary folder with its own
git repository, issues the five documents on the morning of 2026-11-20 with the
installed ``duchatai`` (a 督查通知, a 催办单, a 通报, the week's 《督查专报》 and a
督查报告), converts each .docx to PDF with LibreOffice (``soffice --headless``, a
fresh profile) and renders its first page to PNG with poppler's ``pdftoppm``.
The .docx files name the fonts of GB/T 9704-2012 (方正小标宋简体, 仿宋_GB2312,
黑体, 楷体); where they are not installed LibreOffice substitutes the CJK font the
machine has (here fonts-noto-cjk), so the pictures show the layout, not the
typefaces. Needs ``soffice`` and ``pdftoppm`` on the PATH (Debian:
libreoffice-writer-nogui, poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "demo"
TODAY = "2026-11-20"
DOCUMENTS = (
    ("notice", ("notice", "DC-2026-0017")),
    ("slip", ("urge", "DC-2026-0035", "--slip", "--method", "onsite",
              "--note", "请于11月24日前报送办理结果")),
    ("criticism", ("criticize", "市交通运输局", "--reason", "承办事项超期未办结",
                   "--item", "DC-2026-0004", "--item", "DC-2026-0011",
                   "--rectify-by", "2026-12-04", "--document")),
    ("bulletin", ("bulletin", "--week", "2026-W47")),
    ("item-report", ("item-report", "DC-2026-0021")),
)
"""The picture's name and the command that issues its document."""

SETTINGS = 'doc_prefix: 济政督\ncontact: "王明，0531-86000000"\n'


# Fixed commit dates: the same ledger commits (their ids are printed in every footer), so
# the pictures come out the same on every run.
ENV = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T09:00:00+08:00",
       "GIT_COMMITTER_DATE": "2026-11-20T09:00:00+08:00"}


def run(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False, env=ENV)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])}…: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def ledger_copy(work: Path) -> Path:
    """The demo ledger in its own repository, with a 发文字号 prefix and a contact."""
    root = work / "demo"
    shutil.copytree(DEMO, root)
    with open(root / "duchatai.yaml", "a", encoding="utf-8") as config:
        config.write(SETTINGS)
    for args in (("init", "-q"), ("add", "-A"),
                 ("-c", "user.name=示例", "-c", "user.email=demo@example.gov.cn",
                  "commit", "-qm", "示例台账")):
        run("git", *args, cwd=root)
    return root


def issue(root: Path, args: tuple[str, ...]) -> Path:
    """Issue one document; the .docx the ledger keeps."""
    before = set((root / "documents").rglob("*.docx")) if (root / "documents").is_dir() else set()
    duchatai = [sys.executable, "-m", "duchatai", "--ledger", str(root), "--today", TODAY,
                "--by", "示例督查员"]
    run(*duchatai, *args)
    [made] = set((root / "documents").rglob("*.docx")) - before
    return made


def first_page(docx: Path, name: str, out: Path, work: Path) -> Path:
    """The document's first page as ``out/<name>.png`` (LibreOffice, then pdftoppm)."""
    pdfs = work / "pdf"
    source = pdfs / f"{name}.docx"
    pdfs.mkdir(exist_ok=True)
    shutil.copy(docx, source)
    run("soffice", f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless",
        "--convert-to", "pdf", "--outdir", str(pdfs), str(source))
    target = out / name
    run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
        str(pdfs / f"{name}.pdf"), str(target))
    return target.with_suffix(".png")


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (libreoffice-writer-nogui, poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = ledger_copy(work)
        for name, args in DOCUMENTS:
            print(first_page(issue(root, args), name, out, work))


if __name__ == "__main__":
    main(sys.argv[1:])
