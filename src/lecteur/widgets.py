"""Small widgets shared by the screens: the modal base, wrapped prose, status and search bars.

Styles live in ``lecteur.tcss``; text from the essay or a glossary always goes in as
``Text`` or ``Content``, never as a markup string.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar, Literal, TypeVar

from rich.text import Text
from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from lecteur.keys import localise
from lecteur.layout import wrap

ResultType = TypeVar("ResultType")

NO_CONTROLS = r"[^\x00-\x1f\x7f-\x9f]*"
"""An ``Input.restrict`` pattern: any text without control characters."""


class Modal(ModalScreen[ResultType]):
    """A centred box over the dimmed reader: cards, lists, the timeline and the help.

    Its look is defined once in ``lecteur.tcss`` (``.modal`` and ``.modal-box``).
    """

    DEFAULT_CLASSES = "modal"

    def __init__(self) -> None:
        super().__init__()
        localise(self)  # every box: its keys in the interface language

    BINDINGS: ClassVar[list[BindingType]] = [
        # A modal screen hides the app's own keys: `q` quits from a card or list too (in a
        # text box it is a letter: the box takes it first).
        Binding("q", "app.quit", "Quit", show=False, id="card.quit", tooltip="Quit lecteur"),
    ]

    def on_mount(self) -> None:
        # Closed in the instant it opened (Esc right after the key that opened it): its
        # widgets are already gone, and there is nothing left to fill or focus.
        with contextlib.suppress(NoMatches):
            self.mounted()

    def mounted(self) -> None:
        """Fill and focus the box once mounted (subclasses; see :meth:`on_mount`)."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Close the box once: a second Esc in the same instant (a fast typist, a busy
        machine) would otherwise pop the screen under it, the reader's own."""
        done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
        if not self.is_active:
            return done
        try:
            return super().dismiss(result)
        except ScreenStackError:  # the app is leaving (a Quit chosen a moment before)
            return done


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
    """`/`: find text in the essay. Enter finds and returns to reading (the matches stay
    highlighted; ``]`` and ``[`` walk them); Esc closes; ↑ and ↓ recall the last searches.

    A pasted control character (an escape sequence copied from a terminal) is refused:
    what is typed here is echoed in the box and on the status line.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "submit",
            "Find",
            id="search.next",
            tooltip="Find the text typed (the same text again: its next match), back to reading",
        ),
        Binding(
            "escape",
            "screen.close_search",
            "Close",
            id="search.close",
            tooltip="In the search box: close it (the highlights stay)",
        ),
        Binding(
            "up",
            "older",
            "Older",
            show=False,
            id="search.older",
            tooltip="In the search box: the search before (the last ones are kept)",
        ),
        Binding(
            "down",
            "newer",
            "Newer",
            show=False,
            id="search.newer",
            tooltip="In the search box: the search after",
        ),
    ]
    """Keys in the search box."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, restrict=NO_CONTROLS)
        localise(self)
        self.history: list[str] = []
        """The last searches, the most recent first (from the state store)."""
        self._recall = -1

    def remember(self, query: str) -> None:
        self.history = [query, *[q for q in self.history if q != query]]
        self._recall = -1

    def action_older(self) -> None:
        if self._recall + 1 < len(self.history):
            self._recall += 1
            self.value = self.history[self._recall]
            self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        if self._recall > 0:
            self._recall -= 1
            self.value = self.history[self._recall]
        else:
            self._recall = -1
            self.value = ""
        self.cursor_position = len(self.value)


def move_page_safely(options: OptionList, direction: int) -> None:
    """PageUp / PageDown in an option list whose line map lags behind its options.

    Textual 8.2's ``OptionList._move_page`` looks the highlight up in a map built at the
    last render: options added since (a palette filling as you type, 2,000 keys at random)
    raised ``KeyError`` and ended the app. Then a page is counted in options instead.
    """
    count = options.option_count
    if not count:
        return
    current = options.highlighted or 0
    step = max(1, options.scrollable_content_region.height)
    options.highlighted = min(count - 1, max(0, current + direction * step))


class Options(OptionList):
    """An :class:`OptionList` whose PageUp / PageDown cannot crash (see above)."""

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):
            move_page_safely(self, direction)
