"""A broken file found while reading: reported, never fatal for reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """A broken file found while reading: where (line, and column when known), and why.

    A ``warning`` (a future year without holiday data) is said by ``check``
    without failing it.
    """

    path: Path
    line: int | None
    message: str
    column: int | None = None
    warning: bool = False

    @property
    def place(self) -> str:
        """The 1-based line (1 when not known): the contract's ``path:line: message``.
        The column, when known, is in ``check --json`` only."""
        return str(self.line or 1)

    def __str__(self) -> str:
        return f"{self.path}:{self.place}: {self.message}"
