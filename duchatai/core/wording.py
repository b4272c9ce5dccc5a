"""How words are joined in the language in force: Chinese text takes the enumeration
comma (``甲、乙``), English ``, ``. Rules are cited by ``citation.cite``."""

from __future__ import annotations

from collections.abc import Iterable

from duchatai.core.messages import is_zh


def listing(words: Iterable[object], *, between: str = "、") -> str:
    """``words`` as one enumeration: ``甲、乙`` in Chinese, ``a, b`` in English
    (``between="；"`` for items that hold commas themselves: ``a; b`` in English)."""
    if is_zh():
        return between.join(map(str, words))
    return ("; " if between == "；" else ", ").join(map(str, words))
