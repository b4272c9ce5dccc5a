"""Offices run Windows as well as Linux: no module may need a POSIX-only call to import.

Linux is what CI runs; this keeps the Windows path free of what Windows lacks:
every module of the package imports with ``fcntl`` (and ``os.fchmod``,
``os.fchown``) unavailable, as on Windows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duchatai

PACKAGE = Path(duchatai.__file__).parent

IMPORT_ALL_WITHOUT_POSIX = r"""
import importlib, os, pkgutil, sys
sys.modules["fcntl"] = None          # "import fcntl" now raises ImportError
for name in ("fchmod", "fchown"):
    if hasattr(os, name):
        delattr(os, name)
import duchatai
failed = []
for info in pkgutil.walk_packages(duchatai.__path__, "duchatai."):
    try:
        importlib.import_module(info.name)
    except Exception as error:  # report every failure, not just the first
        failed.append(f"{info.name}: {type(error).__name__}: {error}")
print("\n".join(failed))
print(f"imported {len(list(pkgutil.walk_packages(duchatai.__path__, 'duchatai.')))} modules")
"""


def test_every_module_imports_without_posix_only_calls() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_WITHOUT_POSIX],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("imported "), result.stdout
    assert int(lines[-1].split()[1]) >= 30  # the walk really found the package
    assert lines[:-1] == [], "\n".join(lines[:-1])


def test_no_module_calls_fcntl_or_fchmod() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if ("import fcntl" in line or "os.fchmod(" in line or "os.fchown(" in line)
        and not line.lstrip().startswith("#")
    ]
    assert offenders == []
