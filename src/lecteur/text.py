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
    "VISIBLE_TABLE",
    "cell_len",
    "clusters",
    "ellipsize",
    "fold",
    "fold_accents",
    "lower_same_length",
    "safe",
    "visible",
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

# The model keeps line structure: tabs and newlines stay, every other control becomes its
# stand-in as in ``safe``. Applied once when a file is read, so no view, JSON output or
# notification can receive a raw control character from an essay.
_VISIBLE = dict(_SAFE)
_VISIBLE[9] = 9
_VISIBLE[10] = 10
VISIBLE_TABLE = str.maketrans(_VISIBLE)


_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_SAFE)) + "]")
_INVISIBLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, v in sorted(_VISIBLE.items()) if c != v) + "]"
)


def safe(text: str) -> str:
    """Text with every control character replaced by a visible stand-in (same length)."""
    if _UNSAFE.search(text) is None:  # the usual case: a scan, not a copy
        return text
    return text.translate(SAFE_TABLE)


def visible(text: str) -> str:
    """Like :func:`safe`, but tabs and newlines are kept (the model's text; same length)."""
    if _INVISIBLE.search(text) is None:
        return text
    return text.translate(VISIBLE_TABLE)


# --------------------------------------------------------------------------- cells

_ZERO_WIDTH = frozenset(
    [0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))
    + list(range(0x2028, 0x202F))
    + list(range(0x2060, 0x2070))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0000, 0xE0080))
    + list(range(0x1F3FB, 0x1F400))
)
"""Characters that take no cell: zero-width spaces and joiners, format characters,
variation selectors, tags, skin tones (part of the emoji before them). (A soft hyphen takes one, as Rich and most terminals count it.)"""

_ZWJ = "\u200d"
_VS16 = "\ufe0f"


def _char_cells(ch: str) -> int:
    code = ord(ch)
    if code < 0x300:
        return 1
    if code in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    if 0xE0100 <= code <= 0xE01EF:  # variation selectors supplement
        return 0
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0
    if category == "Cn":  # unassigned: one cell, whatever the table says
        return 1
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def clusters(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(position, cells)`` of each user-perceived character of ``text[start:end]``.

    A base character takes its combining marks, variation selectors and skin tones, and
    a zero-width joiner glues the next character to it: a family emoji (seven code
    points) is one cluster of 2 cells, a zero-width space a cluster of 0. A wrapped line
    is never cut inside a cluster.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        ch = text[pos]
        cells = _char_cells(ch)
        nxt = pos + 1
        regional = 0x1F1E6 <= ord(ch) <= 0x1F1FF
        while nxt < end:
            follower = text[nxt]
            code = ord(follower)
            if follower == _ZWJ:
                nxt += 2 if nxt + 1 < end else 1
                continue
            if follower == _VS16:
                if cells == 1 and ord(ch) >= 0x2000:  # emoji presentation: "❤️" is wide
                    cells = 2
                nxt += 1
                continue
            if regional and 0x1F1E6 <= code <= 0x1F1FF:  # a flag: two regional indicators
                regional = False
                cells = 2
                nxt += 1
                continue
            if _char_cells(follower) == 0 and code not in (0x200B, 0xFEFF):
                nxt += 1
                continue
            break
        out.append((pos, cells))
        pos = nxt
    return out


@lru_cache(maxsize=65536)
def _wide_cell_len(text: str) -> int:
    return sum(cells for _, cells in clusters(text))


_NARROW = re.compile(
    r"[\u0000-\u02ff\u2000-\u200a\u2010-\u2027\u2030-\u205f\u20a0-\u20cf\u2100-\u214f"
    r"\u2190-\u23ff\u2500-\u25ff\uff61-\uffdc]*\Z"
)


def cell_len(text: str) -> int:
    """Terminal cells for ``text``: wide East Asian characters and emoji take two,
    zero-width characters none, a joined emoji sequence counts once."""
    if text.isascii() or _NARROW.match(text):
        return len(text)
    return _wide_cell_len(text)


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, ending in "…" when cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"
