"""The console script ``duchatai`` (named in pyproject.toml): the Typer app, as every way in."""

from __future__ import annotations

from duchatai.cli import main

__all__ = ["main"]
