"""Find text in an essay: case- and accent-insensitive, with exact offsets. No Textual."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lecteur.text import fold


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
