"""Find text in an essay: case- and accent-insensitive, with exact offsets. No Textual.

An :class:`Index` folds the essay once (lowercase, accents dropped, the same length as the
text) into one string with the paragraphs' starts; every search is then ``str.find`` over
it, so a second search in a book costs no folding.
"""

from __future__ import annotations

import re
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


OUTSIDE = "\x01"
"""Stands in the index for a folded character beyond Latin-1 (an ellipsis, a dash, a
Greek letter). Never in an essay's text: controls are made visible when a file is read."""

SPARSE = 0.01
"""Beyond this share of characters outside Latin-1, the index keeps the folded text as
it is (a Greek or Japanese essay): stand-ins would cost more than they save."""


class Index:
    """An essay's paragraphs folded once, for any number of searches.

    The folded text is one string. Python stores a string with a single character beyond
    Latin-1 at two or four bytes per character: one ellipsis in a French book doubled the
    memory of the whole index. Where such characters are few, they are replaced by
    :data:`OUTSIDE` in the string and kept aside by position (``beyond``); a query that
    holds one is found with stand-ins, then checked there.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        position = 0
        for text in texts:
            self.starts.append(position)
            parts.append(fold(text))
            position += len(text) + len(SEPARATOR)
        folded = SEPARATOR.join(parts)
        del parts
        self.beyond: dict[int, str] = {}
        """Position → the folded character beyond Latin-1 replaced there by OUTSIDE."""
        if not folded.isascii() and max(folded) > "\xff":
            beyond = {m.start(): m.group() for m in _BEYOND_LATIN_1.finditer(folded)}
            if len(beyond) <= SPARSE * len(folded):
                self.beyond = beyond
                folded = _BEYOND_LATIN_1.sub(OUTSIDE, folded)
        self.folded = folded

    def find(self, query: str, *, limit: int = LIMIT) -> list[Hit]:
        """Every place ``query`` occurs, in reading order (at most ``limit``)."""
        needle = fold(query.strip())
        if not needle or "\x00" in needle or OUTSIDE in needle:
            return []
        hits: list[Hit] = []
        folded, starts = self.folded, self.starts
        checks: list[tuple[int, str]] = []
        if self.beyond:
            checks = [(m.start(), m.group()) for m in _BEYOND_LATIN_1.finditer(needle)]
            if checks:
                needle = _BEYOND_LATIN_1.sub(OUTSIDE, needle)
        at = folded.find(needle)
        while at >= 0 and len(hits) < limit:
            if all(self.beyond.get(at + offset) == ch for offset, ch in checks):
                paragraph = bisect_right(starts, at) - 1
                start = at - starts[paragraph]
                hits.append(Hit(paragraph, start, start + len(needle)))
                at = folded.find(needle, at + len(needle))
            else:
                at = folded.find(needle, at + 1)
        return hits


_BEYOND_LATIN_1 = re.compile("[^\x00-\xff]")


def find_all(texts: Sequence[str], query: str, *, limit: int = LIMIT) -> list[Hit]:
    """Every place ``query`` occurs in ``texts``, in reading order (at most ``limit``)."""
    return Index(texts).find(query, limit=limit)
