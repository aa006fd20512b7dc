"""Small widgets shared by the screens: the modal base, wrapped prose, status and search bars.

Styles live in ``lecteur.tcss``; text from the essay or a glossary always goes in as
``Text`` or ``Content``, never as a markup string.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import ClassVar, Literal, NamedTuple, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.reactive import reactive
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


class KeyBar(Widget, can_focus=False):
    """The screen's keys on one line, drawn as one ``Text``: Textual's footer, lighter.

    Textual's ``Footer`` holds a widget per key and composes them all again (styles, layout,
    mounting) whenever the screen's bindings may have changed: a search Enter asked for that
    three times, about 15 ms each. Here a change of the keys shown redraws one line, and the
    same keys again do nothing. It looks like the footer (a key, then its label; keys that
    share a group, then the group's label; a key whose action is off, dimmed), a click on a
    key presses it, and hovering one shows its tooltip.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--label",
    }
    compact: reactive[bool] = reactive(False, toggle_class="-compact")
    """Less space between keys, for a narrow terminal."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._shown: list[tuple[Binding, bool, str]] | None = None
        self._pending = False
        self._line = Text()
        self._spots: list[_Spot] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.update_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        # Several signals in one handler (the bar closing, the focus moving) make one update.
        if not self._pending and self.is_attached and screen is self.screen:
            self._pending = True
            self.call_later(self.update_keys)

    def _watch_compact(self) -> None:
        self._shown = None
        self.update_keys()

    def update_keys(self) -> None:
        """Draw the keys the screen has now, if they are not the ones shown."""
        self._pending = False
        if not self.is_attached:
            return
        keys = [
            (binding, bool(enabled), str(tooltip or ""))
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        ]
        if keys == self._shown:
            return
        self._shown = keys
        self._line, self._spots = self._draw(keys)
        self.refresh()

    def _draw(self, keys: list[tuple[Binding, bool, str]]) -> tuple[Text, list[_Spot]]:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        description_style = self.get_component_rich_style("keybar--description", partial=True)
        label_style = self.get_component_rich_style("keybar--label", partial=True)
        dim = Style(dim=True)
        pad = "" if self.compact else " "
        line = Text(no_wrap=True, overflow="crop", end="")
        spots: list[_Spot] = []
        # One place per action (its first key), in the screen's order; neighbours of one
        # group side by side (``np``), then the group's label.
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for binding, enabled, tooltip in keys:
            by_action.setdefault(binding.action, (binding, enabled, tooltip))
        for group, run in itertools.groupby(by_action.values(), key=lambda key: key[0].group):
            members = list(run)
            if group is not None and len(members) > 1:
                line.append("  " if line and self.compact else " ")
                for binding, enabled, tooltip in members:
                    start = len(line)
                    style = key_style + (Style() if enabled else dim)
                    line.append(self.app.get_key_display(binding), style)
                    spots.append(
                        _Spot(
                            start, len(line), binding.key, enabled, tooltip or binding.description
                        )
                    )
                line.append(" " + group.description + pad, label_style)
                continue
            for binding, enabled, tooltip in members:
                if line and self.compact:
                    line.append(" ")
                start = len(line)
                style = Style() if enabled else dim
                line.append(pad + self.app.get_key_display(binding) + pad, key_style + style)
                line.append(
                    ("" if pad else " ") + binding.description + pad, description_style + style
                )
                spots.append(_Spot(start, len(line), binding.key, enabled, tooltip))
        return line, spots

    def render(self) -> Text:
        return self._line

    def _spot_at(self, x: int) -> _Spot | None:
        x -= self.styles.padding.left
        return next((spot for spot in self._spots if spot.start <= x < spot.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        spot = self._spot_at(event.x)
        self.tooltip = spot.tooltip if spot is not None and spot.tooltip else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        spot = self._spot_at(event.x)
        if spot is None:
            return
        if spot.enabled:
            self.app.simulate_key(spot.key)
        else:
            self.app.bell()


class _Spot(NamedTuple):
    """A key's cells on the :class:`KeyBar` line."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


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
