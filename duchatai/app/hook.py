"""The shared remote guards itself: a ``pre-receive`` hook that runs ``check``.

``duchatai hook install --server PATH.git`` writes the hook into a bare
repository. The hook is a two-line shell script that runs the installed
duchatai by its interpreter's absolute path (``-I``: nothing from the current
directory is imported); for each branch pushed, it reads the ledger's files of
the pushed tree as data (``git ls-tree`` and ``git cat-file``; nothing is
checked out, imported or run), puts them in a private temporary folder and
runs the same ``check_ledger`` as ``duchatai check``. Any problem (broken YAML,
a duplicate id, an unknown category, an unresolved conflict) refuses the whole
push, naming the file and line.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from duchatai.app.check_tracked import code_problems
from duchatai.app.checks import check_ledger
from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.store.discovery import CONFIG_NAME
from duchatai.store.files import atomic_write
from duchatai.store.git import run_git, tree_files
from duchatai.store.gitconfig import python_command
from duchatai.store.safefile import MAX_FILE_BYTES

MARK = "# duchatai pre-receive guard"
"""The line that says a hook is ours (``install`` replaces only its own)."""

LEDGER_FILES = (("items", "*"), ("archive", "*", "*"), ("criticisms", "*", "*"))
"""The folders of the ledger's records below its root: the files ``check`` reads."""

ZERO = "0" * 40


def install(server: Path) -> Path:
    """Install (or renew) the guard in the bare repository ``server``; its path."""
    bare = run_git(server, "rev-parse", "--is-bare-repository", check=False)
    if not server.is_dir() or bare.returncode != 0 or bare.stdout.strip() != "true":
        raise InvalidInput(t("hook_not_bare", path=server))
    hooks = run_git(server, "rev-parse", "--git-path", "hooks").stdout.strip()
    hook = (server / hooks / "pre-receive").resolve()
    if hook.exists() and MARK not in hook.read_text(encoding="utf-8", errors="replace"):
        raise InvalidInput(t("hook_foreign", path=hook))
    script = f"#!/bin/sh\n{MARK}\nexec {python_command()} hook pre-receive\n"
    atomic_write(hook, script.encode("utf-8"))
    os.chmod(hook, 0o755)
    return hook


def _ledger_file(path: str, prefix: str) -> bool:
    """Whether ``path`` (in the pushed tree) is the config or a record ``check`` reads."""
    if not path.startswith(prefix):
        return False
    parts = PurePosixPath(path[len(prefix) :]).parts
    if parts == (CONFIG_NAME,):
        return True
    if not parts or not parts[-1].endswith(".yaml") or any(p in ("..", ".") for p in parts):
        return False
    return any(
        len(parts) == len(shape) and parts[0] == shape[0] for shape in LEDGER_FILES
    )


def _prefix(paths: list[str]) -> str | None:
    """Where the ledger sits in the pushed tree: the folder of its shallowest config."""
    configs = [p for p in paths if PurePosixPath(p).name == CONFIG_NAME]
    if not configs:
        return None
    shallowest = min(configs, key=lambda p: (p.count("/"), p))
    return shallowest[: -len(CONFIG_NAME)]


def check_commit(git_dir: Path, commit: str) -> list[str]:
    """``path:line: message`` for every problem of the ledger in ``commit``'s tree."""
    listing = run_git(git_dir, "ls-tree", "-r", "-z", "--name-only", commit).stdout
    paths = [p for p in listing.split("\0") if p]
    prefix = _prefix(paths)
    if prefix is None:
        return []  # not a ledger: nothing to guard
    files = tree_files(git_dir, commit, lambda p: _ledger_file(p, prefix), MAX_FILE_BYTES)
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="duchatai-push-") as folder:
        root = Path(folder)
        for path, data in files:
            relative = path[len(prefix) :]
            if data is None:
                lines.append(f"{relative}:1: file: not a regular file or larger than "
                             f"{MAX_FILE_BYTES} bytes")
                continue
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        tracked = [p[len(prefix) :] for p in paths if p.startswith(prefix)]
        for problem in check_ledger(root) + code_problems(root, tracked):
            where = problem.path.relative_to(root) if problem.path.is_relative_to(root) else ""
            lines.append(f"{where}:{problem.line or 1}: {problem.message}")
    return lines


def pre_receive(git_dir: Path, updates: Iterable[str]) -> list[str]:
    """The guard's verdict on a push: the problem lines (refused when there is any)."""
    out: list[str] = []
    for update in updates:
        parts = update.split()
        if len(parts) != 3:
            continue
        _, new, ref = parts
        if new == ZERO or not ref.startswith("refs/heads/"):
            continue  # a deleted branch, a tag: no ledger to check
        problems = check_commit(git_dir, new)
        if problems:
            out.append(t("hook_refused", ref=ref.removeprefix("refs/heads/"), n=len(problems)))
            out += problems
    return out
