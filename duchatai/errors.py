"""One error hierarchy; each subclass carries the exit code the CLI uses.

Library code raises these with a message a clerk can act on (what is wrong,
what to do). ``cli.py`` turns them into one line on stderr and the exit code.
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


class LedgerNotFound(DuchataiError):
    """No ledger directory could be found."""


class ItemNotFound(DuchataiError):
    """The named item does not exist in the ledger."""


class TransitionRefused(DuchataiError):
    """The procedure (第七条) does not allow this step in the item's current state."""


class LedgerBroken(DuchataiError):
    """A ledger file cannot be read or does not follow the schema."""


class GitError(DuchataiError):
    """A git operation failed; the change was rolled back."""
