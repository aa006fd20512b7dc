"""Where the reader has been: the back and forward stacks of their jumps.

Every jump (a section key, the outline, a search hit, a card's mention, Home or End…)
records the place the reader left; *back* returns there and *forward* undoes a back, as
in a browser. A place is a paragraph and a character (see :class:`Place`), never a line,
so a history walked after a resize or a new width lands on the same sentence.
Pure data: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 200
"""Places kept on each stack."""


@dataclass(frozen=True, slots=True)
class Place:
    """A paragraph and a character offset in it (what the reader had at the top)."""

    paragraph: int
    offset: int = 0


@dataclass
class History:
    """Back and forward stacks of places."""

    back_stack: list[Place] = field(default_factory=list)
    forward_stack: list[Place] = field(default_factory=list)

    def record(self, left: Place) -> None:
        """A jump away from ``left``: it goes on the back stack, forward is forgotten."""
        if self.back_stack and self.back_stack[-1] == left:
            return
        self.back_stack.append(left)
        del self.back_stack[:-LIMIT]
        self.forward_stack.clear()

    def back(self, here: Place) -> Place | None:
        """The place to go back to from ``here`` (which forward will return to), or None."""
        while self.back_stack:
            place = self.back_stack.pop()
            if place != here:
                self.forward_stack.append(here)
                return place
        return None

    def forward(self, here: Place) -> Place | None:
        """The place a back left, or None."""
        while self.forward_stack:
            place = self.forward_stack.pop()
            if place != here:
                self.back_stack.append(here)
                return place
        return None
