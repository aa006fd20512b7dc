"""Find text in an essay: case- and accent-insensitive, with exact offsets. No Textual.

An :class:`Index` folds the essay once (lowercase, accents dropped, the same length as the
text) into one string with the paragraphs' starts; every search is then ``str.find`` over
it, so a second search in a book costs no folding.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from lecteur.text import fold

SEPARATOR = "\n\x00\n"
"""Between paragraphs in the folded text: no query can match across it (queries are
stripped, and a NUL never comes from a typed query)."""

LIMIT = 10_000
"""Hits kept at most: enough to step through, bounded for a query like "e"."""


@dataclass(frozen=True, slots=True)
class Hit:
    paragraph: int
    start: int
    end: int


class Index:
    """An essay's paragraphs folded once, for any number of searches."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        position = 0
        for text in texts:
            self.starts.append(position)
            parts.append(fold(text))
            position += len(text) + len(SEPARATOR)
        self.folded = SEPARATOR.join(parts)

    def find(self, query: str, *, limit: int = LIMIT) -> list[Hit]:
        """Every place ``query`` occurs, in reading order (at most ``limit``)."""
        needle = fold(query.strip())
        if not needle or "\x00" in needle:
            return []
        hits: list[Hit] = []
        folded, starts = self.folded, self.starts
        at = folded.find(needle)
        while at >= 0 and len(hits) < limit:
            paragraph = bisect_right(starts, at) - 1
            start = at - starts[paragraph]
            hits.append(Hit(paragraph, start, start + len(needle)))
            at = folded.find(needle, at + len(needle))
        return hits


def find_all(texts: Sequence[str], query: str, *, limit: int = LIMIT) -> list[Hit]:
    """Every place ``query`` occurs in ``texts``, in reading order (at most ``limit``)."""
    return Index(texts).find(query, limit=limit)
