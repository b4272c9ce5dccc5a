"""Allow ``python -m duchatai``."""

from __future__ import annotations

from duchatai.cli import main

if __name__ == "__main__":
    main()
