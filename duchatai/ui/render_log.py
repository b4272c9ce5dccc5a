"""``log ID``'s lines: each change of an item with its business date, its action in the
ledger's language and who made it, then when it was committed and its subject."""

from __future__ import annotations

from collections.abc import Sequence

from duchatai.core.itemlog import LogRow
from duchatai.core.messages import t
from duchatai.core.text import visible_line
from duchatai.ui.cells import cells_of, pad


def log_lines(rows: Sequence[LogRow]) -> list[str]:
    """One line a change, oldest first: ``date  action  who  committed …  subject``.

    The subject is the commit's first line, last and unchanged, so a script can
    still read the command and the id from it (the contract's commit subject).
    Author and subject come from commits anyone could push: shown, never raw.
    """
    actions = [t(f"log_action_{row.action}") for row in rows]
    authors = [visible_line(row.who) for row in rows]
    action_width = max(map(cells_of, actions), default=0)
    author_width = max(map(cells_of, authors), default=0)
    return [
        "  ".join(
            (
                row.day.isoformat(),
                pad(action, action_width),
                pad(author, author_width),
                t("log_committed", when=row.recorded, commit=row.commit[:10]),
                visible_line(row.subject),
            )
        )
        for row, action, author in zip(rows, actions, authors, strict=True)
    ]
