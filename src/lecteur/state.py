"""The state of reading one essay that is not the essay itself: today, the last search.

Pure data (no Textual): the reader screen keeps it, tests drive it directly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from lecteur.search import Hit


@dataclass(frozen=True)
class SearchState:
    """The last search: its query, its hits in reading order and the current one."""

    query: str = ""
    hits: Sequence[Hit] = field(default_factory=tuple)
    current: int = -1

    def next_index(self) -> int:
        """The hit after the current one, wrapping round."""
        return (self.current + 1) % len(self.hits) if self.hits else -1

    def previous_index(self) -> int:
        """The hit before the current one, wrapping round."""
        return (self.current - 1) % len(self.hits) if self.hits else -1

    def position(self) -> str:
        """``3/11``, or ``not found``."""
        return f"{self.current + 1}/{len(self.hits)}" if self.hits else "not found"

    @staticmethod
    def first_from(hits: Sequence[Hit], paragraph: int) -> int:
        """The first hit at or after ``paragraph`` (wrapping to the first hit)."""
        if not hits:
            return -1
        return bisect_left([h.paragraph for h in hits], paragraph) % len(hits)
