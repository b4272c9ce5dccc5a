"""Where the ledger is: ``--ledger``, ``$DUCHATAI_LEDGER``, or the working directory's.

Kept apart from ``duchatai.store.ledger`` (YAML, git, the item model) and written with
``os.path`` so that a command run outside any ledger (``calendar after``) can
look for one without paying for either.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from duchatai.core.errors import LedgerNotFound

if TYPE_CHECKING:
    from pathlib import Path

CONFIG_NAME = "duchatai.yaml"


def find_root(explicit: str | None, env: Mapping[str, str], cwd: str | os.PathLike[str]) -> Path:
    """The ledger directory: ``--ledger``, ``$DUCHATAI_LEDGER``, then cwd and its parents.

    An explicit directory is returned resolved; a found one as it was reached
    from ``cwd``. Raises ``LedgerNotFound`` naming what to do.
    """
    from duchatai.core.messages import t

    given = explicit or env.get("DUCHATAI_LEDGER")
    if given:
        path = os.path.expanduser(given)
        if not os.path.isfile(os.path.join(path, CONFIG_NAME)):
            raise LedgerNotFound(t("ledger_missing_dir", path=given))
        return _path(os.path.realpath(path))
    directory = os.fspath(cwd)
    while True:
        if os.path.isfile(os.path.join(directory, CONFIG_NAME)):
            return _path(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            raise LedgerNotFound(t("ledger_not_found"))
        directory = parent


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)
