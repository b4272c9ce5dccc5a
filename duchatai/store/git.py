"""Git, run from one place: ``run_git``, and what the ledger asks of git through it.

Every git command the tool runs (commits, status, log, config, sync) goes through
``run_git``: the same environment handling, the same decoding, and the same one
line when git is missing or fails.
"""

from __future__ import annotations

import getpass
import os
import subprocess
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from duchatai.core.errors import GitError, SyncError
from duchatai.core.messages import t
from duchatai.core.text import clean_text
from duchatai.store.interrupts import checkpoint

GIT_MISSING = "git is not installed; install git and retry"

GitProcess = subprocess.Popen[str]
"""A git running in the background (``start_git``)."""

PATHSPEC_ARGS_MAX = 200
"""More paths than this go to git on stdin (an import may write 50,000 files)."""


def run_git(
    root: Path,
    *args: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    literal: bool = False,
    errors: str = "replace",
) -> subprocess.CompletedProcess[str]:
    """Run ``git ARGS`` in ``root``, its output captured as text.

    ``env`` is added to this process's environment; ``literal`` adds
    ``--literal-pathspecs`` (a path holding ``*`` or ``[`` matches only itself);
    ``errors="surrogateescape"`` keeps the output's bytes exactly (``blobs_at``).
    With ``check``, a failure raises ``GitError`` with git's own words; a
    missing git (or folder to run it in) raises ``GitError`` whatever ``check``.
    """
    # File names are printed as text (``core.quotePath=false``): a clerk reads
    # ``reports/周报.html``, never git's octal escapes.
    command = ["git", "-c", "core.quotePath=false"]
    command += ["--literal-pathspecs", *args] if literal else list(args)
    try:
        result = subprocess.run(
            command,
            cwd=root,
            input=stdin,
            capture_output=True,
            text=True,
            errors=errors,  # a stray byte in a file name is shown, never a crash
            env={**os.environ, **env} if env else None,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(GIT_MISSING) from None
    if check and result.returncode != 0:
        raise GitError(t("git_failed", error=git_said(result)))
    return result


def start_git(root: Path, *args: str, literal: bool = False) -> GitProcess:
    """Start ``git ARGS`` in ``root`` in the background, its output piped as text, so
    that this process works on while git does (``finish_git`` reads what it said)."""
    command = ["git", "-c", "core.quotePath=false"]
    command += ["--literal-pathspecs", *args] if literal else list(args)
    try:
        return subprocess.Popen(
            command,
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except FileNotFoundError:
        raise GitError(GIT_MISSING) from None


def finish_git(process: GitProcess) -> str:
    """Wait for a git ``start_git`` started and return its stdout; ``GitError`` with
    git's own words when it failed, as ``run_git``."""
    out, err = process.communicate()
    result = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    if result.returncode != 0:
        raise GitError(t("git_failed", error=git_said(result)))
    return out


def stop_git(process: GitProcess) -> None:
    """End a git ``start_git`` started whose answer is no longer wanted."""
    if process.poll() is None:
        process.kill()
    process.communicate()


def git_said(result: subprocess.CompletedProcess[str]) -> str:
    """What git (or a hook it ran) printed on failure, as one line of at most 300 characters."""
    return " ".join((result.stderr or result.stdout).split())[:300]


def sync_git(
    root: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``run_git`` as sync and the clone's config say a failure: ``SyncError`` naming
    the git command and the last two lines it printed."""
    result = run_git(root, *args, check=False, env=env)
    if result.returncode != 0:
        raise SyncError(t("sync_git_failed", command=args[0], error=last_lines(result)))
    return result


def last_lines(result: subprocess.CompletedProcess[str]) -> str:
    """The last two lines git printed (its error, where it says one), as one line."""
    return " ".join((result.stderr or result.stdout).strip().splitlines()[-2:])


def tree_files(root: Path, commit_id: str, wanted: Callable[[str], bool], limit: int) -> list[
    tuple[str, bytes | None]
]:
    """The files of ``commit_id``'s tree whose path ``wanted`` accepts, read as data
    (``git cat-file``; nothing is checked out): (path, bytes), bytes None for an entry
    that is not a regular file or is larger than ``limit``."""
    listing = run_git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", commit_id).stdout
    found: list[tuple[str, bytes | None]] = []
    blobs: list[tuple[str, str]] = []
    for entry in filter(None, listing.split("\0")):
        head, _, path = entry.partition("\t")
        parts = head.split()
        if len(parts) != 4 or not wanted(path):
            continue
        mode, kind, oid, size = parts
        if kind != "blob" or mode not in ("100644", "100755") or int(size) > limit:
            found.append((path, None))
        else:
            blobs.append((path, oid))
    if not blobs:
        return found
    try:
        batch = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input="".join(f"{oid}\n" for _, oid in blobs).encode(),
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise GitError(t("git_failed", error=str(error))) from None
    at = 0
    for path, _ in blobs:
        end = batch.index(b"\n", at)
        length = int(batch[at:end].split()[2])
        found.append((path, batch[end + 1 : end + 1 + length]))
        at = end + 1 + length + 1
    return found


def in_git_repo(path: Path) -> bool:
    """Whether ``path`` lies inside a git work tree."""
    result = run_git(path, "rev-parse", "--is-inside-work-tree", check=False)
    return result.returncode == 0 and result.stdout.strip() == "true"


def current_head(root: Path) -> str | None:
    """The commit at HEAD ("" before the first commit); None when git cannot tell."""
    try:
        result = run_git(root, "rev-parse", "-q", "--verify", "HEAD", check=False)
        if result.returncode == 0:
            return result.stdout.strip()
        # No commit yet is exit 1 with nothing printed; anything else is unknown.
        unborn = run_git(root, "symbolic-ref", "-q", "HEAD", check=False)
    except (OSError, GitError):
        return None
    return "" if unborn.returncode == 0 else None


# -- who acts -------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who acts: the commit author."""

    name: str
    email: str


def git_identity(root: Path) -> tuple[str, str]:
    """``user.name`` and ``user.email`` from git config, empty when unset."""
    result = run_git(root, "config", "--get-regexp", r"^user\.(name|email)$", check=False)
    name = email = ""
    for line in result.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "user.name":
            name = value.strip()
        elif key == "user.email":
            email = value.strip()
    return name, email


def resolve_actor(by: str | None, env: Mapping[str, str], root: Path) -> Actor:
    """``--by`` / ``$DUCHATAI_USER``, else the git identity, else the OS user."""
    # A name is stored in the record and given to git as the author: one clean
    # line (git would silently drop a newline, and the two would disagree).
    by = clean_text(by, "--by") if by else by
    user = clean_text(env.get("DUCHATAI_USER"), "DUCHATAI_USER")
    said_email = env.get("DUCHATAI_EMAIL")
    # git is asked only for what was not said (a process less for a clerk who says both).
    git_name, git_email = ("", "") if (by or user) and said_email else git_identity(root)
    name = (by or user or git_name or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "duchatai"
    email = said_email or git_email or "duchatai@localhost"
    return Actor(name=name, email=email)


# -- status and commit ----------------------------------------------------------


def commit(
    root: Path,
    paths: list[Path],
    message: str,
    actor: Actor,
    *,
    indexed: Collection[Path] = (),
) -> None:
    """Commit ``paths`` alone, authored (and committed) by ``actor``.

    ``git commit -- PATHS`` (``--only``) takes the work tree's content of every
    path already in the index, a deletion too; the paths not in ``indexed``
    (new files) are staged first with ``git add``, the one case that needs it.
    Pathspecs are literal: a ledger in ``led[1]`` never matches ``led1``.
    """
    env = {
        "GIT_AUTHOR_NAME": actor.name,
        "GIT_AUTHOR_EMAIL": actor.email,
        "GIT_COMMITTER_NAME": actor.name,
        "GIT_COMMITTER_EMAIL": actor.email,
    }
    known = set(indexed)
    new = [p for p in paths if p not in known]
    if new:
        specs, stdin = _pathspecs(new)
        run_git(root, "add", "-A", *specs, stdin=stdin, literal=True)
    checkpoint("staged")
    # The repository's own settings hold: its hooks run and its signing policy
    # applies. A hook that refuses fails the commit (``GitError`` with its words)
    # and the change is undone by its journal.
    specs, stdin = _pathspecs(paths)
    run_git(root, "commit", "-q", "-m", message, *specs, env=env, stdin=stdin, literal=True)


def _pathspecs(paths: list[Path]) -> tuple[list[str], str | None]:
    """The arguments naming ``paths`` for git, and its stdin: on the command line,
    or (more than ``PATHSPEC_ARGS_MAX``) NUL-separated on stdin."""
    specs = [str(p) for p in paths]
    if len(specs) > PATHSPEC_ARGS_MAX:
        return ["--pathspec-from-file=-", "--pathspec-file-nul"], "\0".join(specs)
    return ["--", *specs], None


# -- history --------------------------------------------------------------------


@dataclass(frozen=True)
class LastCommit:
    """HEAD: its commit, author, subject, parents and the files it changed
    (paths relative to the work tree's top, with ``A``/``M``/``D`` each)."""

    commit: str
    author: str
    subject: str
    parents: tuple[str, ...]
    changed: tuple[tuple[str, str], ...]


def last_commit(root: Path) -> LastCommit | None:
    """The commit at HEAD of the repository at ``root``, or None before the first."""
    if not current_head(root):
        return None
    head = run_git(root, "log", "-1", "--format=%H%x1f%an%x1f%P%x1f%s", "HEAD").stdout
    sha, author, parents, subject = head.rstrip("\n").split("\x1f", 3)
    out = run_git(
        root,
        "diff-tree",
        "--root",
        "--no-commit-id",
        "-r",
        "--no-renames",
        "--name-status",
        "-z",
        "HEAD",
    ).stdout.split("\0")
    changed = tuple((out[i][:1], out[i + 1]) for i in range(0, len(out) - 1, 2) if out[i])
    return LastCommit(sha, author, subject, tuple(parents.split()), changed)


def upstream_of(root: Path) -> str | None:
    """The branch HEAD is shared to: its upstream, else ``origin/<branch>`` when that
    exists; None when there is none (no remote, or the branch was never pushed)."""
    found = run_git(
        root, "rev-parse", "-q", "--verify", "--symbolic-full-name", "@{upstream}", check=False
    )
    if found.returncode == 0 and found.stdout.strip():
        return run_git(root, "rev-parse", "--abbrev-ref", "@{upstream}").stdout.strip()
    branch = run_git(root, "rev-parse", "--abbrev-ref", "HEAD", check=False).stdout.strip()
    remote = f"origin/{branch}"
    known = run_git(root, "rev-parse", "-q", "--verify", f"refs/remotes/{remote}", check=False)
    return remote if branch and branch != "HEAD" and known.returncode == 0 else None


def is_ancestor(root: Path, commit_id: str, of: str) -> bool:
    """Whether ``commit_id`` is in the history of ``of`` (already synced there)."""
    return run_git(root, "merge-base", "--is-ancestor", commit_id, of, check=False).returncode == 0


def restore(top: Path, commit_id: str, paths: list[str]) -> None:
    """Put ``paths`` (relative to the work tree's top ``top``) back in the work tree
    as they were at ``commit_id``, byte for byte; the index is left to the commit."""
    run_git(top, "restore", f"--source={commit_id}", "--worktree", "--", *paths, literal=True)
