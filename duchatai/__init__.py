"""duchatai (督查台): a command-line ledger for a government supervision office.

``__version__`` is the version's one home: ``pyproject.toml`` reads it at build time.
"""

from __future__ import annotations

__version__ = "0.1.0"
