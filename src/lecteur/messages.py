"""What the background loading tells the reader screen, as Textual messages.

The loading worker (a thread) posts them; the screen handles them on the event loop.
They carry the loader's results (see :mod:`lecteur.loader`) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from lecteur.essay import Essay

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lecteur.glossary import Glossary, HeadingOccurrence, Occurrence
    from lecteur.layout import Layout


@dataclass
class EssayLoaded(Message):
    """A fuller version of the essay: the whole of a big book after its head."""

    essay: Essay
    layout: Layout | None = None
    """Its layout's items, made in the loading thread (a 50 MB book has 280,000: 0.65 s
    the event loop need not spend); None: made when shown."""


@dataclass
class GlossaryLoaded(Message):
    """The essay's glossary, and where its terms occur."""

    essay: Essay
    glossary: Glossary
    occurrences: Sequence[Occurrence]
    headings: list[HeadingOccurrence]


@dataclass
class GlossaryFailed(Message):
    """A glossary file could not be loaded: which and why (one line per file).

    ``partial``: the other files were loaded (a :class:`GlossaryLoaded` comes with them);
    otherwise the essay reads on without a glossary.
    """

    message: str
    partial: bool = False


@dataclass
class LoadFailed(Message):
    """The rest of the essay could not be read (the file changed or vanished)."""

    message: str
