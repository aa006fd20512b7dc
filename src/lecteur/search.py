"""Find text in an essay: case- and accent-insensitive, with exact offsets. No Textual.

An :class:`Index` folds the essay once (lowercase, accents dropped, the same length as the
text) into a few large strings with the paragraphs' starts; every search is then
``str.find`` over them, so a second search in a book costs no folding.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from lecteur.text import ACCENT_TABLE, fold, fold_accents, lower_same_length

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


CHUNK = 1 << 20
"""Characters of folded text per piece of the index (whole paragraphs, about this many)."""


class Index:
    """An essay's paragraphs folded once, for any number of searches.

    The folded text is kept in pieces of about :data:`CHUNK` characters, cut between
    paragraphs (a query never spans two): made one at a time, a book's index never needs
    two copies of its text at once. Python stores a string holding a single character
    beyond Latin-1 at two or four bytes per character: one ellipsis in a French book
    doubled the memory of the whole index. Where such characters are few in a piece, they
    are replaced there by :data:`OUTSIDE` and kept aside by position (``beyond``); a query
    holding one is found with stand-ins, then checked there.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.chunks: list[str] = []
        self.chunk_starts: list[int] = []
        self.beyond: dict[int, str] = {}
        """Position → the folded character beyond Latin-1 replaced there by OUTSIDE."""
        self._stand_ins: list[bool] = []
        """Per piece: its characters beyond Latin-1 are stand-ins (False: a piece dense in
        them, folded as it is)."""
        # Each paragraph's place, summed in C (a loop over a book's paragraphs was a
        # third of the index's time); a piece ends with the paragraph that brings it to
        # CHUNK characters.
        sizes = map(len(SEPARATOR).__add__, map(len, texts))
        ends = list(accumulate(sizes, initial=0))
        self.starts = array("q", ends[:-1])
        """Each paragraph's position in the folded text (pieces end to end)."""
        first, count = 0, len(texts)
        while first < count:
            last = min(bisect_left(ends, ends[first] + CHUNK, first + 1), count)
            self._add_chunk(texts[first:last], ends[first])
            first = last

    def _add_chunk(self, parts: Sequence[str], start: int) -> None:
        chunk, beyond = _fold_piece(SEPARATOR.join(parts))
        if beyond is not None:
            self.beyond.update((start + at, ch) for at, ch in beyond.items())
        self.chunks.append(chunk)
        self.chunk_starts.append(start)
        self._stand_ins.append(beyond is not None)

    def find(self, query: str, *, limit: int = LIMIT) -> list[Hit]:
        """Every place ``query`` occurs, in reading order (at most ``limit``)."""
        needle = fold(query.strip())
        if not needle or "\x00" in needle or OUTSIDE in needle:
            return []
        checks = [(m.start(), m.group()) for m in _BEYOND_LATIN_1.finditer(needle)]
        stand_in = _BEYOND_LATIN_1.sub(OUTSIDE, needle) if checks else needle
        hits: list[Hit] = []
        starts, beyond = self.starts, self.beyond
        pieces = zip(self.chunks, self.chunk_starts, self._stand_ins, strict=True)
        for chunk, base, stood_in in pieces:
            # A dense piece holds the characters themselves: no stand-ins to check there.
            wanted, checked = (stand_in, checks) if stood_in else (needle, [])
            at = chunk.find(wanted)
            while at >= 0 and len(hits) < limit:
                where = base + at
                if all(beyond.get(where + offset) == ch for offset, ch in checked):
                    paragraph = bisect_right(starts, where) - 1
                    start = where - starts[paragraph]
                    hits.append(Hit(paragraph, start, start + len(needle)))
                    at = chunk.find(wanted, at + len(wanted))
                else:
                    at = chunk.find(wanted, at + 1)
            if len(hits) >= limit:
                break
        return hits


_BEYOND_LATIN_1 = re.compile("[^\x00-\xff]")


_FOLD_LATIN_1 = bytes(ACCENT_TABLE.get(code, code) for code in range(256))
""":data:`~lecteur.text.ACCENT_TABLE` on Latin-1, as a byte table: ``bytes.translate``
folds a million characters in a millisecond, ``str.translate`` with a dict in a tenth of a
second (it looks each character up in the dict)."""


_COMMON_BEYOND = ("’", "‘", "“", "”", "\u202f")
"""Characters beyond Latin-1 that fold into it and are common in prose: replaced in one
pass each rather than one call each."""


def _fold_piece(text: str) -> tuple[str, dict[int, str] | None]:
    """``fold(text)``, with its characters beyond Latin-1 replaced by :data:`OUTSIDE` and
    returned by position (None: too many of them, the text is folded as it is)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter that lowers to two: the general way
        lowered = lower_same_length(text)
    beyond: dict[int, str] = {}
    try:
        data = lowered.encode("latin-1")
    except UnicodeEncodeError:
        for common in _COMMON_BEYOND:  # curly quotes: thousands in a French book
            if common in lowered:
                lowered = lowered.replace(common, fold_accents(common))
        # Each distinct character once (a call per occurrence was most of a book's
        # index): folded into Latin-1 (an accented letter), or kept aside, by position,
        # with a stand-in in the piece.
        folds = {ch: fold_accents(ch) for ch in set(_BEYOND_LATIN_1.findall(lowered))}
        kept_aside = {ch: f for ch, f in folds.items() if f > "\xff"}
        if sum(map(lowered.count, kept_aside)) > SPARSE * len(text):
            return fold_accents(lowered), None
        for ch, f in kept_aside.items():
            at = lowered.find(ch)
            while at >= 0:
                beyond[at] = f
                at = lowered.find(ch, at + 1)
        for ch, f in folds.items():
            lowered = lowered.replace(ch, OUTSIDE if ch in kept_aside else f)
        data = lowered.encode("latin-1")
    return data.translate(_FOLD_LATIN_1).decode("latin-1"), beyond


def find_all(texts: Sequence[str], query: str, *, limit: int = LIMIT) -> list[Hit]:
    """Every place ``query`` occurs in ``texts``, in reading order (at most ``limit``)."""
    return Index(texts).find(query, limit=limit)
