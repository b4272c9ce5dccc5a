"""Unit names (主办单位, 协办单位) typed by a clerk: the one home of "is this a known unit".

``duchatai.yaml``'s ``units:`` list, when it is not empty, is the list of the
units the office supervises: a name not in it is refused, naming the nearest
listed names (a typo such as 市水物局 for 市水务局 would otherwise create a new
unit whose items and figures nobody looks at). With an empty list any name is
accepted, and one that no item names yet is said to be new.
"""

from __future__ import annotations

import difflib
from collections.abc import Container, Sequence

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import is_zh, t

SUGGESTIONS = 3
"""At most this many nearest names in a refusal."""

CUTOFF = 0.6
"""How alike (``difflib`` ratio) a listed name must be to be suggested."""


def nearest_units(name: str, known: Sequence[str]) -> list[str]:
    """The listed names nearest to ``name``, nearest first (at most ``SUGGESTIONS``)."""
    return difflib.get_close_matches(name, list(known), n=SUGGESTIONS, cutoff=CUTOFF)


def check_unit(name: str, listed: Sequence[str], seen: Container[str] = ()) -> bool:
    """Whether ``name`` is a new unit; ``InvalidInput`` when the list refuses it.

    ``listed`` is the config's ``units:``; ``seen`` the units the ledger's items
    name already. A non-empty list refuses any other name, suggesting the
    nearest listed ones; an empty list accepts every name, and a name in
    neither is new (True: the caller says so once).
    """
    if listed:
        if name in listed:
            return False
        near = nearest_units(name, listed)
        if near:
            shown = ("、" if is_zh() else ", ").join(near)
            raise InvalidInput(t("unknown_unit", unit=name, choices=shown))
        raise InvalidInput(t("unknown_unit_far", unit=name, count=len(listed)))
    return name not in seen
