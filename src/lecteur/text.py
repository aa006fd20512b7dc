"""Text helpers shared by the model and the UI: folding, safe text, cell widths, ellipsis.

Every function here keeps offsets: a folded or safe string has the same length as the
original, so a match found in the folded form is at the same place in the essay's text.
No Textual, no Rich.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "SAFE_TABLE",
    "cell_len",
    "ellipsize",
    "fold",
    "fold_accents",
    "lower_same_length",
    "safe",
]

# --------------------------------------------------------------------------- folding


def _accent_table() -> dict[int, int]:
    """Accented Latin letters to their base letter (case kept), one character for one.

    Curly apostrophes and quotes become straight ones and the no-break spaces plain
    spaces, so "l’ICQ" compares equal to "l'ICQ" and "Web 2.0" to "Web 2.0".
    """
    table: dict[int, int] = {}
    for start, stop in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, stop):
            decomposed = unicodedata.normalize("NFD", chr(code))
            base = decomposed[0]
            if len(decomposed) > 1 and base.isascii() and base.isalpha():
                table[code] = ord(base)
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        table[ord(curly)] = ord(straight)
    for space in ("\u00a0", "\u202f", "\u2007"):
        table[ord(space)] = ord(" ")
    return table


ACCENT_TABLE = _accent_table()
"""The one folding table (see :func:`fold_accents`)."""


def fold_accents(text: str) -> str:
    """``text`` with accents dropped and quotes and spaces unified; case and length kept."""
    return text.translate(ACCENT_TABLE)


def lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. "İ") lower to two; keep those as they are.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def fold(text: str) -> str:
    """``text`` for comparison: lowercase, accents dropped; the same length as ``text``."""
    return fold_accents(lower_same_length(text))


# --------------------------------------------------------------------------- safe text

# Control characters never reach the terminal: each maps, one character for one, to a
# visible stand-in (so offsets into the text stay valid). Tabs and newlines become
# spaces; C1 controls, bidirectional overrides and isolates become U+FFFD.
_SAFE = {i: 0x2400 + i for i in range(32)}
_SAFE[9] = 0x20
_SAFE[10] = 0x20
_SAFE[0x7F] = 0x2421
_SAFE.update({i: 0xFFFD for i in range(0x80, 0xA0)})
_SAFE.update({i: 0xFFFD for i in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E)})
_SAFE.update({i: 0xFFFD for i in range(0x2066, 0x206A)})
SAFE_TABLE = str.maketrans(_SAFE)


def safe(text: str) -> str:
    """Text with every control character replaced by a visible stand-in (same length)."""
    return text.translate(SAFE_TABLE)


# --------------------------------------------------------------------------- cells


@lru_cache(maxsize=65536)
def _wide_cell_len(text: str) -> int:
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


_NARROW = re.compile(
    r"[\u0000-\u02ff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f\u2190-\u23ff\u2500-\u25ff"
    r"\uff61-\uffdc]*\Z"
)


def cell_len(text: str) -> int:
    """Terminal cells for ``text`` (wide East Asian characters take two)."""
    if text.isascii() or _NARROW.match(text):
        return len(text)
    return _wide_cell_len(text)


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, ending in "…" when cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"
