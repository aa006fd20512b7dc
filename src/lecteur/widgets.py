"""Small widgets shared by the screens: the modal base, wrapped prose, status and search bars.

Styles live in ``lecteur.tcss``; text from the essay or a glossary always goes in as
``Text`` or ``Content``, never as a markup string.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from lecteur.layout import wrap

ResultType = TypeVar("ResultType")

NO_CONTROLS = r"[^\x00-\x1f\x7f-\x9f]*"
"""An ``Input.restrict`` pattern: any text without control characters."""


class Modal(ModalScreen[ResultType]):
    """A centred box over the dimmed reader: cards, lists, the timeline and the help.

    Its look is defined once in ``lecteur.tcss`` (``.modal`` and ``.modal-box``).
    """

    DEFAULT_CLASSES = "modal"


class Prose(Widget):
    """Styled text wrapped by lecteur's own wrapper (French punctuation stays put)."""

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def update(self, text: Text) -> None:
        self.text = text
        self.refresh(layout=True)

    def _wrapped(self, width: int) -> Text:
        plain = self.text.plain
        lines = [self.text[a:b] for a, b in wrap(plain, max(1, width))]
        out = Text("\n", no_wrap=True, overflow="fold").join(lines)
        out.no_wrap = True
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap(self.text.plain, max(1, width)))

    def render(self) -> Text:
        return self._wrapped(self.content_region.width or self.size.width)


class StatusLine(Static):
    """One line under the reader: section, position, time left, search and glossary state."""


class SearchBar(Input):
    """`/`: find text in the essay; Enter goes to the next match, Esc closes.

    A pasted control character (an escape sequence copied from a terminal) is refused:
    what is typed here is echoed in the box and on the status line.
    """

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, restrict=NO_CONTROLS)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "submit",
            "Next match",
            id="search.next",
            tooltip="Find the text typed, then the next match",
        ),
        Binding(
            "escape",
            "screen.close_search",
            "Close",
            id="search.close",
            tooltip="Close the search and clear its highlights",
        ),
    ]
    """Keys in the search box."""
