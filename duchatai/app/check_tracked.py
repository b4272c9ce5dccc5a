"""What no ledger should hold: code or the tool's state tracked by git (part of ``check``)."""

from __future__ import annotations

from pathlib import Path

from duchatai.core.errors import GitError
from duchatai.core.messages import t
from duchatai.store.git import run_git
from duchatai.store.problem import Problem


def _shadowing_names() -> list[str]:
    """What at the ledger root Python would import as ``duchatai`` from there (a package
    folder, ``duchatai.py``, a compiled module), and the old in-tree state folder."""
    import importlib.machinery

    names = [".duchatai", "duchatai"]
    names += [f"duchatai{suffix}" for suffix in importlib.machinery.all_suffixes()]
    return names


def check_tracked_code(root: Path) -> list[Problem]:
    """A problem for every file git tracks that no ledger should hold: anything under
    ``.duchatai/`` (the tool's state, never shared) and a ``duchatai`` Python package or
    module at the ledger root (it would be imported instead of the installed tool by a
    ``python -m duchatai`` started there). A file pushed by one clerk arrives in every
    clone, so each is named with what to do. Outside git: nothing to check."""
    try:
        names = _shadowing_names()
        listed = run_git(root, "ls-files", "-z", "--", *names, check=False, literal=True)
    except (OSError, GitError):
        return []
    if listed.returncode != 0:
        return []  # not a git repository: nothing can arrive through it
    return code_problems(root, [n for n in listed.stdout.split("\0") if n])


def code_problems(root: Path, tracked: list[str]) -> list[Problem]:
    """The problems of ``check_tracked_code`` among ``tracked`` (paths relative to root):
    ``hook pre-receive`` asks it of a pushed tree."""
    names = _shadowing_names()
    bad = [p for p in tracked if any(p == n or p.startswith(n + "/") for n in names)]
    return [Problem(root / name, None, t("tracked_code", path=name)) for name in bad]
