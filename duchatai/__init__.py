"""duchatai (督查台): a command-line ledger for a government supervision office."""

from __future__ import annotations

__version__ = "0.1.0"
