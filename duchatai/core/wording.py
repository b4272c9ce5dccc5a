"""How words are joined and rules cited in the language in force: Chinese text takes
the enumeration comma and full-width brackets (``第十六条（三）``), English ``, ``."""

from __future__ import annotations

from collections.abc import Iterable

from duchatai.core.messages import is_zh

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ";": "；", ":": "："})


def listing(words: Iterable[object], *, between: str = "、") -> str:
    """``words`` as one enumeration: ``甲、乙`` in Chinese, ``a, b`` in English
    (``between="；"`` for items that hold commas themselves: ``a; b`` in English)."""
    if is_zh():
        return between.join(map(str, words))
    return ("; " if between == "；" else ", ").join(map(str, words))


def cite(article: str) -> str:
    """A rule's article as cited in the language in force: ``第十六条(三)``, as profiles
    store it, is ``第十六条（三）`` in Chinese text."""
    return article.translate(_FULL_WIDTH) if is_zh() else article
