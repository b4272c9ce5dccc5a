"""This clone's own git settings: its clerk code and the merge driver.

Both live in the clone's local git config, which no fetch or pull can change and
nothing pushes. ``init`` writes them with the ledger's ``.gitattributes``
lines; ``sync`` and ``duchatai clerk`` keep them current. Kept in the store
(beside the ledger's files and git) so that ``init`` needs nothing from the
layer above it.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.store.git import run_git, sync_git

GITATTRIBUTES = (
    "# duchatai merges two clerks' versions of a ledger file field by field\n"
    "items/*.yaml merge=duchatai\n"
    "archive/*/*.yaml merge=duchatai\n"
    "criticisms/*/*.yaml merge=duchatai\n"
    "documents/*.yaml merge=duchatai\n"
    "reminders/*.yaml merge=duchatai\n"
)
CLERK_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")


def driver_command() -> str:
    """The merge driver's command line: this installation's code, whatever the cwd.

    Git runs the driver through the shell with the work tree as its current
    directory, and anything in the work tree may have been pulled from another
    clerk. ``python -m duchatai`` puts the current directory first on
    ``sys.path``, so a ``duchatai/`` package committed to the ledger would be
    imported instead of the installed one. So the driver is the installed
    console script next to this interpreter, by absolute path (its
    ``sys.path`` starts with its own bin directory); failing that, this
    interpreter by absolute path with ``-I`` (isolated: no current directory,
    no ``PYTHON*`` variables on ``sys.path``), or ``-P`` (no current directory
    only) when the package is installed in the user's site directory, which
    ``-I`` leaves out.
    """
    python = Path(os.path.abspath(sys.executable))
    script = python.with_name("duchatai")
    if script.is_file() and os.access(script, os.X_OK) and _is_our_script(script):
        return f"{shlex.quote(str(script))} merge-file %O %A %B %P"
    return f"{python_command()} merge-file %O %A %B %P"


def python_command() -> str:
    """This interpreter by absolute path running the installed duchatai, for a shell line:
    ``-I`` (isolated: no current directory, no ``PYTHON*`` variables on ``sys.path``),
    or ``-P`` (no current directory only) when installed in the user's site directory."""
    python = Path(os.path.abspath(sys.executable))
    flag = "-P" if _user_site_install() else "-I"
    return f"{shlex.quote(str(python))} {flag} -m duchatai"


def _is_our_script(script: Path) -> bool:
    """A console script of this interpreter (its ``#!`` line names it), not some other
    file that happens to be called ``duchatai``."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return False
    if not first.startswith(b"#!"):
        return False
    interpreter = first[2:].strip().split(b" ")[0]
    try:
        return os.path.samefile(interpreter, sys.executable)
    except OSError:
        return False


def _user_site_install() -> bool:
    """Whether this duchatai is imported from the user's site directory (``pip --user``)."""
    import site

    import duchatai

    try:
        user_site = Path(site.getusersitepackages()).resolve()
        return Path(duchatai.__file__).resolve().is_relative_to(user_site)
    except (OSError, TypeError, ValueError):
        return False


def register_driver(root: Path) -> None:
    """Register the merge driver in the clone's local git config (idempotent).

    Only the local config is written, which no fetch or pull can change; the
    command is replaced whenever it differs, so a clone registered by an older
    version (``python -m duchatai`` from the work tree) is fixed by its next
    ``sync``.
    """
    command = driver_command()
    current = run_git(root, "config", "--local", "--get", "merge.duchatai.driver", check=False)
    if current.stdout.strip() != command:
        sync_git(root, "config", "--local", "merge.duchatai.name", "duchatai field-by-field merge")
        sync_git(root, "config", "--local", "merge.duchatai.driver", command)


def clerk_code(root: Path) -> str | None:
    """This clone's clerk code (the id prefix of the items it registers), if set."""
    result = run_git(root, "config", "--local", "--get", "duchatai.clerk", check=False)
    code = result.stdout.strip()
    # One reader of the code (this clone's local config only: a code is never shared),
    # and only a code that makes valid ids: a hand-edited config cannot break them.
    return code if CLERK_PATTERN.match(code) else None


def set_clerk(root: Path, code: str) -> str:
    """Set this clone's clerk code; it becomes the prefix of the ids it hands out."""
    normal = code.strip().upper()
    if not CLERK_PATTERN.match(normal):
        raise InvalidInput(t("bad_clerk", code=code))
    sync_git(root, "config", "--local", "duchatai.clerk", normal)
    register_driver(root)
    return normal
