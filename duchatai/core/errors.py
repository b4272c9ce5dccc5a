"""One error hierarchy; each subclass carries the exit code the CLI uses.

Library code raises these with a message a clerk can act on (what is wrong,
what to do). ``commands.common.guard`` (and ``cli.py`` for the global options)
turns them into one line on stderr and the exit code.
"""

from __future__ import annotations


class DuchataiError(Exception):
    """A refused request or invalid input: the ledger is left unchanged."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DuchataiError):
    """A value typed by the user is not acceptable (bad date, unknown category...)."""


class NothingToChange(DuchataiError):
    """The step would write what is already there: said on stdout, exit 0, no commit."""

    exit_code = 0


class LedgerNotFound(DuchataiError):
    """No ledger directory could be found."""


class ItemNotFound(DuchataiError):
    """The named item does not exist in the ledger."""


class TransitionRefused(DuchataiError):
    """The procedure (第七条) does not allow this step in the item's current state."""


class LedgerBroken(DuchataiError):
    """A ledger file cannot be read or does not follow the schema."""


class ImportRefused(InvalidInput):
    """Rows with problems: the summary is the message, ``problems`` the ``sheet!row:`` lines."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class IdCollision(DuchataiError):
    """Two different items (or criticisms) arrived under one id from two clones."""


class SyncError(DuchataiError):
    """The sync could not complete; the repository is as it was before it."""


class GitError(DuchataiError):
    """A git operation failed; the change was rolled back."""


class LockTimeout(DuchataiError):
    """Another duchatai command held the ledger's lock for too long: retry."""


class WriteRefused(DuchataiError):
    """A write cannot be made safely here (no state directory, detached HEAD,
    a rebase in progress, uncommitted hand edits): nothing was changed."""


class WriteFailed(DuchataiError):
    """A write failed on the way (disk full, read-only files): it was undone whole."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived during a change; raised so that the change is undone.

    A ``BaseException`` like ``KeyboardInterrupt``: no ``except Exception``
    swallows it on its way out. The command line exits with ``128 + signum``.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
