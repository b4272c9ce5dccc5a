"""An article of the rules (济政办发〔2016〕30号) as cited in the language in force:
``第十六条（四）`` in Chinese text (full-width brackets), ``art. 16(4)`` in English.

The rule profile keeps its articles in Chinese (``core.profile``, and a ledger's
``rules:`` may name its own); English output reads them back here, so that
``--lang en`` shows no Chinese a clerk did not type.
"""

from __future__ import annotations

import re

from duchatai.core.messages import is_zh

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = "[一二三四五六七八九十百]+"
_ARTICLE = re.compile(f"第({_NUMERAL})条")
_ITEM = re.compile(f"[（(]({_NUMERAL})[）)]")


def chinese_number(text: str) -> int:
    """A Chinese numeral below 1,000 as written in article numbers: 六, 十六, 二十, 一百零二."""
    total, digit = 0, 0
    for char in text.replace("零", ""):
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (digit or 1) * (100 if char == "百" else 10)
            digit = 0
    return total + digit


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ";": "；", ":": "："})


def cite(article: str) -> str:
    """``article`` as cited in the language in force: ``第十六条(三)``, as profiles store
    it, is ``第十六条（三）`` in Chinese text and ``art. 16(3)`` in English."""
    if is_zh():
        return article.translate(_FULL_WIDTH)
    shown = _ARTICLE.sub(lambda m: f"art. {chinese_number(m[1])}", article)
    return _ITEM.sub(lambda m: f"({chinese_number(m[1])})", shown)
