"""Clean text in, visible text out: the one home of the rules on control characters.

Text a clerk types (titles, notes, reasons, names, ``--by``) is stored in the
ledger, committed by git, written to spreadsheets, mailed and printed on other
clerks' terminals. A control character in it does harm everywhere: an ESC
sequence rewrites a terminal, NUL breaks xlsx export, a newline in a name
forges a second line of a git identity, a bidi override makes text read in
another order than it is stored. So:

* ``clean_text`` refuses such text on the way in (``InvalidInput`` naming the
  field and the character as ``U+XXXX``);
* ``visible`` replaces whatever is already in the files (hand edits) with a
  visible form on the way out to a terminal or a text report;
* ``neutralise_cell`` / ``restore_cell`` keep spreadsheet cells from being
  read as formulas (OWASP's CSV injection advice), reversibly.
"""

from __future__ import annotations

import re

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t

_BIDI = "\u202a-\u202e\u2066-\u2069"
"""Bidi embeddings, overrides and isolates (the "Trojan Source" characters)."""

_FORBIDDEN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
"""Refused in single-line text (titles, names): every C0 control, DEL, C1, bidi."""

_FORBIDDEN_BLOCK = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""Refused in multi-line text (notes, report text, reasons): the same, less tab and newline."""

_UNSAFE_OUT = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""Replaced on output: as refused in multi-line text, and tab (it breaks the columns)."""


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␛ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"  # C1 controls and bidi marks have no picture


def visible(text: str) -> str:
    """``text`` with every control character (but newline) shown visibly, never raw.

    ESC becomes ␛, NUL ␀, DEL ␡, a C1 control or a bidi override ``<U+202E>``;
    a tab becomes a space. Cheap when there is nothing to replace (one regex
    search in C), as for nearly all text.
    """
    if not _UNSAFE_OUT.search(text):
        return text
    return _UNSAFE_OUT.sub(lambda m: " " if m.group() == "\t" else _picture(m.group()), text)


def visible_line(text: str) -> str:
    """``visible``, with newlines shown as ␊ too (for one-line layouts such as ``log``)."""
    return visible(text).replace("\n", "\u240a")


def bad_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``clean_text`` would refuse, or None."""
    found = (_FORBIDDEN_BLOCK if multiline else _FORBIDDEN_LINE).search(text)
    return found.group() if found else None


def clean_text(value: str | None, field: str, *, multiline: bool = False) -> str:
    """``value`` stripped, or ``InvalidInput`` when it holds a control character.

    ``multiline`` text (notes, report text, reasons) may hold tabs and newlines;
    single-line text (titles, names) may not. The message names ``field`` and
    the character as ``U+XXXX``. Empty stays empty: callers decide if it is allowed.
    """
    text = (value or "").strip()
    char = bad_character(text, multiline=multiline)
    if char is not None:
        raise InvalidInput(t("text_control_char", what=field, code=f"U+{ord(char):04X}"))
    return text


# -- spreadsheets -----------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel/LibreOffice read a cell as a formula (OWASP CSV injection)."""


def neutralise_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a ``'`` in front.

    Text already starting with quotes before a formula prefix (``'=1``) gets
    one more, so that ``restore_cell`` gives every text back exactly. Numbers,
    dates and ordinary text pass unchanged.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore_cell(value: object) -> object:
    """The text ``neutralise_cell`` was given: one leading ``'`` before a formula prefix
    (after any further quotes) dropped; anything else unchanged."""
    if (
        isinstance(value, str)
        and value[:1] == "'"
        and value.lstrip("'").startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 (and so xlsx) cannot hold at all: openpyxl refuses them."""


def xlsx_safe(value: object) -> object:
    """A text cell xlsx can store: characters XML cannot hold shown visibly."""
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        return _XML_ILLEGAL.sub(lambda m: _picture(m.group()), value)
    return value
