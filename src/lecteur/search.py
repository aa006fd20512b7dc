"""Find text in an essay: case- and accent-insensitive, with exact offsets. No Textual."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """One character for one: lowercase, accents dropped (é→e, Ç→c), curly quotes straight."""
    table: dict[int, int] = {}
    for code in range(0x80, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char.lower())[0]
        if len(char.lower()) == 1 and base.isascii() and base != char:
            table[code] = ord(base)
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        table[ord(curly)] = ord(straight)
    return table


def fold(text: str) -> str:
    """``text`` for comparison, the same length as ``text`` (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lowercase is longer: compare as is
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_fold_table())


@dataclass(frozen=True, slots=True)
class Hit:
    paragraph: int
    start: int
    end: int


def find_all(texts: Sequence[str], query: str, *, limit: int = 10_000) -> list[Hit]:
    """Every place ``query`` occurs, in reading order (at most ``limit``)."""
    needle = fold(query.strip())
    if not needle:
        return []
    hits: list[Hit] = []
    for index, text in enumerate(texts):
        folded = fold(text)
        start = folded.find(needle)
        while start >= 0:
            hits.append(Hit(index, start, start + len(needle)))
            if len(hits) >= limit:
                return hits
            start = folded.find(needle, start + len(needle))
    return hits
