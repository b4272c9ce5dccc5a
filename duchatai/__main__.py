"""Allow ``python -m duchatai``."""

from __future__ import annotations

from duchatai.entry import main

if __name__ == "__main__":
    main()
