"""The escalation ladder (第十九条, 第二十条): the design card's name for it.

The rules live in ``duchatai.core.escalation``; this module re-exports its public
names so that ``from duchatai.escalation import standing`` keeps working.
"""

from __future__ import annotations

from duchatai.core.escalation import (
    ORDER,
    Level,
    Standing,
    level_for_count,
    standing,
    standings,
)

__all__ = ["ORDER", "Level", "Standing", "level_for_count", "standing", "standings"]
