"""Bookmarks and notes on screen: the note editor (``N``) and the list of marks (``M``).

The marks themselves belong to the reader screen (and the state store); these modals
show them and return what the reader chose. Text from the essay and from notes goes in as
``Text``/``Content`` through ``safe()``, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lecteur.i18n import t
from lecteur.text import ellipsize, safe
from lecteur.widgets import Modal, Options

if TYPE_CHECKING:
    from lecteur.reader_screen import ReaderScreen

MUTED = "$lecteur-muted"


class NoteEditor(Modal[str | None]):
    """A small input for the note of one paragraph: Enter keeps it, Esc cancels.

    Returns the text (empty: delete the note), or None when cancelled.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Cancel",
            id="card.cancel-note",
            tooltip="Close the note without saving it",
        ),
    ]

    def __init__(self, paragraph: int, quote: str, text: str) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.quote = quote
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box") as box:
            box.border_title = t("note.title", paragraph=self.paragraph + 1)
            yield Static(
                Text(ellipsize(safe(" ".join(self.quote.split())), 160), style="italic"),
                id="note-quote",
            )
            yield Input(self.text, placeholder=t("note.placeholder"), id="note-input")

    def mounted(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class MarksList(Modal[int | None]):
    """The essay's bookmarks and notes in reading order: Enter goes, ``d`` deletes.

    Returns the paragraph to go to, or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Close",
            id="card.close",
            tooltip="Close the card or list; the reader is where it was",
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            id="card.delete-mark",
            tooltip="Delete the highlighted bookmark or note",
        ),
    ]

    def __init__(self, reader: ReaderScreen) -> None:
        super().__init__()
        self.reader = reader

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box") as box:
            box.border_title = t("marks.title")
            box.border_subtitle = t("marks.keys")
            yield Options(id="marks-list")

    def mounted(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self, keep: int = 0) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        paragraphs = self.reader.essay.paragraphs
        # One line per mark (and one for its note): the quote fits the box, its border and
        # padding, the ¶ and kind columns and a scrollbar.
        room = max(16, min(90, int(self.app.size.width * 0.95)) - 4 - 19 - 2)
        for mark in self.reader.marks:
            if mark.paragraph >= len(paragraphs):
                continue
            quote = " ".join(paragraphs[mark.paragraph].text.split())
            what = t(f"marks.{mark.kind}")
            lines: list[str | tuple[str, str]] = [
                (f"¶{mark.paragraph + 1:<5}", "bold"),
                (f"{what:<12}", MUTED),
                (ellipsize(safe(quote), room), "italic"),
            ]
            if mark.text:
                note = ellipsize(safe(" ".join(mark.text.split())), room + 12)
                lines += ["\n" + " " * 7, note]
            listing.add_option(Option(Content.assemble(*lines), id=f"{mark.kind}:{mark.paragraph}"))
        if listing.option_count:
            listing.highlighted = min(keep, listing.option_count - 1)
        else:
            self.dismiss(None)

    def _chosen(self) -> tuple[str, int] | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        kind, _, paragraph = (listing.get_option_at_index(listing.highlighted).id or "").partition(
            ":"
        )
        return kind, int(paragraph)

    def action_delete(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            keep = self.query_one(OptionList).highlighted or 0
            self.reader.delete_mark(*chosen)
            self._fill(keep)

    @on(OptionList.OptionSelected)
    def go(self, event: OptionList.OptionSelected) -> None:
        _, _, paragraph = (event.option.id or "").partition(":")
        self.dismiss(int(paragraph))
