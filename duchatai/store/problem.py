"""A broken file found while reading: reported, never fatal for reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """A broken file found while reading: where, at which line (when known), and why."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}:1"
        return f"{where}: {self.message}"
