"""Terminal cells of text (wide Chinese characters count 2), measured without Rich
whenever it can be; text folded and padded to a width in cells, for ``grid.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

# Widths without Rich.  ``rich.cells.cell_len`` costs a table bisect a
# character and importing Rich costs ~3 ms; the morning report measures
# tens of thousands of strings that are printable ASCII and Chinese.  For those
# the width follows from the UTF-8 length: ASCII is 1 byte and 1 cell, and every
# character below is 3 bytes in UTF-8 and 2 cells, so cells = (chars + bytes) / 2.
#
# The ranges are the East Asian Wide/Fullwidth blocks of the BMP, less every
# code point that any of Rich's width tables (Unicode 4.1 to 17; Rich follows
# UNICODE_VERSION) does not measure 2: combining tone and kana marks, the
# Hangul filler, characters added after Unicode 4.1 (U+4DB6.., U+9FBC..), holes.
# tests/test_grid.py compares every code point with Rich.  Anything else
# (emoji, combining accents, Latin-1, control characters) goes to Rich.
WIDE_RANGES = (
    (0x3000, 0x3029),  # ideographic space, CJK punctuation: 、。〈〉《》「」【】〔〕
    (0x3030, 0x303E),
    (0x3041, 0x3096),  # Hiragana
    (0x309B, 0x30FF),  # Katakana
    (0x3105, 0x312C),  # Bopomofo
    (0x3131, 0x3163),  # Hangul compatibility Jamo
    (0x3165, 0x318E),
    (0x3190, 0x31B7),  # Kanbun, Bopomofo extended
    (0x31C0, 0x31CF),  # CJK strokes
    (0x31F0, 0x321E),  # Katakana extension, parenthesised Hangul
    (0x3220, 0x3243),  # parenthesised ideographs: ㈠㈡
    (0x3250, 0x32FE),  # circled ideographs and Katakana
    (0x3300, 0x33FF),  # CJK compatibility: ㎡
    (0x3400, 0x4DB5),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FBB),  # CJK Unified Ideographs
    (0xF900, 0xFA2D),  # CJK Compatibility Ideographs
    (0xFA30, 0xFA6A),
    (0xFA70, 0xFAD9),
    (0xFE30, 0xFE4F),  # CJK compatibility forms: ︰︱
    (0xFF01, 0xFF60),  # fullwidth forms: ！（），：；？
    (0xFFE0, 0xFFE6),  # fullwidth signs: ￥
)
# 3 bytes in UTF-8 but 1 cell in every Rich table: dashes, quotes “” and …
# (common in Chinese titles), ‰ ※, and the box drawing and geometric shapes
# the tables themselves print (● └).  They need a count, so they get a second,
# slightly slower pattern.
NARROW_RANGES = (
    (0x2010, 0x2027),  # ‐ – — ‘ ’ “ ” • …
    (0x2030, 0x205E),  # ‰ ′ ″ ※ ⁂
    (0x2500, 0x25FC),  # box drawing, blocks, geometric shapes: └ ─ ● ○ ■ □ ▲
)


def _char_class(ranges: Sequence[tuple[int, int]]) -> str:
    """The inside of a regular expression's ``[...]`` matching any of ``ranges``."""
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


_WIDE_ONLY = re.compile(f"[ -~{_char_class(WIDE_RANGES)}]*")
_WIDE_OR_NARROW = re.compile(f"[ -~{_char_class(WIDE_RANGES + NARROW_RANGES)}]*")
_NARROW = re.compile(f"[{_char_class(NARROW_RANGES)}]")
# The cells of each character of a _WIDE_OR_NARROW string, read off its UTF-8
# bytes: one lead byte a character (continuation bytes 0x80..0xBF are dropped),
# 0xE3..0xEF for the wide ones (U+3000..U+FFFF), 0xE2 for the narrow ones
# (U+2010..U+25FC), ASCII below 0x80.
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_SIZE_BY_LEAD_BYTE = bytes(2 if 0xE3 <= byte <= 0xEF else 1 for byte in range(256))


def cells_of(text: str) -> int:
    """Terminal cells of ``text``: ASCII counts 1 a character, wide CJK characters 2."""
    if text.isascii():
        return len(text)
    if _WIDE_ONLY.fullmatch(text):
        return (len(text) + len(text.encode())) // 2
    if _WIDE_OR_NARROW.fullmatch(text):
        return (len(text) + len(text.encode())) // 2 - len(_NARROW.findall(text))
    from rich.cells import cell_len

    return int(cell_len(text))


def fold(text: str, width: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``width`` terminal cells (wide characters count 2),
    by the rules of Chinese line breaking (``breakable``)."""
    return [piece for piece, _ in fold_all([text], width)[0]]


def fold_all(texts: Sequence[str], width: int) -> list[list[tuple[str, int]]]:
    """``fold`` of each of ``texts``, each piece with its cells as ``cells_of`` counts them.

    A whole column at once: when every text has printable ASCII, wide and
    narrow characters only, one pass in C measures all their characters (the
    cells of a character follow from its UTF-8 lead byte) and each cut is a
    bisection of a text's running totals. Otherwise each text goes on its own,
    to Rich if need be.
    """
    joined = "".join(texts)
    if not _WIDE_OR_NARROW.fullmatch(joined):
        if len(texts) > 1:
            return [fold_all([text], width)[0] for text in texts]
        return [_fold_with_rich(joined, width)]
    sizes = joined.encode().translate(_SIZE_BY_LEAD_BYTE, _CONTINUATION_BYTES)  # a byte a character
    folded: list[list[tuple[str, int]]] = []
    offset = 0  # where ``text`` starts in ``joined``
    for text in texts:
        # ends[i]: the cells of text[: i + 1] (small numbers: Python keeps those ready-made).
        ends = list(accumulate(sizes[offset : offset + len(text)]))
        offset += len(text)
        folded.append(_cut(text, ends, width))
    return folded


# Chinese line breaking (GB/T 15834 usage, 禁则): no line starts with closing
# punctuation, none ends with an opening bracket, and ids, dates and numbers
# (DC-2026-0001, 2026-11-20, 2026年11月20日, 第0208号, 〔2026〕12号) stay whole.
NO_START = frozenset("，。：；！？）】」》、〕』〉”’…,.:;!?)]}%")
NO_END = frozenset("（【「《〔『〈“‘([{")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./:_#%")
_DIGITS = frozenset("0123456789")
_AFTER_NUMBER = frozenset("年月日号—～")  # 2026年 11月 20日 0208号 2026—
_BEFORE_NUMBER = frozenset("第年月—～")  # 第0208号, 2026年11月, 2026—2028


def breakable(text: str, at: int) -> bool:
    """Whether a line may break between ``text[at - 1]`` and ``text[at]``."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    if after in NO_START or before in NO_END or after == " ":  # spaces end a line
        return False
    if before in _WORD and after in _WORD:  # inside an id, a date, a number, a word
        return False
    if before in _DIGITS:
        return after not in _AFTER_NUMBER
    if after in _DIGITS:
        return before not in _BEFORE_NUMBER
    return True


def _cut(text: str, ends: Sequence[int], width: int) -> list[tuple[str, int]]:
    """``text`` in pieces of at most ``width`` cells (``ends``: its running cells), each
    cut moved back to the nearest place ``breakable`` allows; a run that cannot be
    broken and is wider than ``width`` is cut where it overflows."""
    if not text or ends[-1] <= width:
        return [(text, ends[-1] if text else 0)]
    pieces: list[tuple[str, int]] = []
    start = done = 0  # where the next piece starts, the cells before it
    while start < len(text):
        stop = bisect_right(ends, done + width, start)
        if stop == start:  # a character wider than ``width`` is a piece of its own
            stop += 1
        elif stop < len(text):
            kept = stop
            while kept > start and not breakable(text, kept):
                kept -= 1
            if kept > start:
                stop = kept
        pieces.append((text[start:stop], ends[stop - 1] - done))
        start, done = stop, ends[stop - 1]
    return pieces


def _fold_with_rich(text: str, width: int) -> list[tuple[str, int]]:
    """``fold_all`` for one text of any characters, measured one by one by Rich."""
    size = cells_of(text)
    if size <= width and "\n" not in text:
        return [(text, size)]
    from rich.cells import get_character_cell_size

    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        ends = list(accumulate(get_character_cell_size(char) for char in paragraph))
        lines += [piece for piece, _ in _cut(paragraph, ends, width)]
    # Measured again as a whole: Rich counts a few sequences (emoji with ZWJ or
    # VS16) differently from their characters one by one.
    return [(line, cells_of(line)) for line in lines]


def pad(text: str, width: int, right: bool = False, cells: int | None = None) -> str:
    """``text`` filled with spaces to ``width`` cells: on the left when ``right``.

    ``cells`` is the text's own width when it is already known.
    """
    gap = width - (cells_of(text) if cells is None else cells)
    if gap <= 0:
        return text
    return " " * gap + text if right else text + " " * gap
