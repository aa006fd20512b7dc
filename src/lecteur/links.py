"""Following links from the reader: ``f`` lists the links on screen; Enter follows one.

An in-document link (``#anchor``) jumps to its heading; a web link opens in the browser,
after a confirmation that shows the whole address (a link's text can say anything).
Link targets were made printable when the essay was read (``htmltext.safe_href``), and
everything shown goes in as ``Content``, never markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lecteur.essay import Essay, Heading
from lecteur.i18n import t
from lecteur.layout import links_of
from lecteur.text import ellipsize, safe
from lecteur.widgets import Modal, Options


@dataclass(frozen=True)
class Link:
    """A link in the essay: its paragraph, its text and its target."""

    paragraph: int
    text: str
    target: str


def links_in(essay: Essay, first: int, last: int) -> list[Link]:
    """The links of paragraphs ``first..last`` (inclusive), in reading order."""
    out: list[Link] = []
    for para in essay.paragraphs[max(0, first) : last + 1]:
        for start, end, target in links_of(para):
            out.append(Link(para.index, " ".join(para.text[start:end].split()), target))
    return out


def slug(text: str) -> str:
    """A heading's anchor as static-site generators make it: ``Mon titre`` → ``mon-titre``."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", "-", folded).strip("-")


def anchor_paragraph(essay: Essay, target: str) -> int | None:
    """The paragraph after the heading an ``#anchor`` names (None if no heading has it)."""
    wanted = slug(target.lstrip("#"))
    for block in essay.blocks:
        if isinstance(block, Heading) and slug(block.text) == wanted:
            return min(block.next_paragraph, max(0, len(essay.paragraphs) - 1))
    return None


class LinkList(Modal[str | None]):
    """The links on screen; Enter chooses one (the screen is dismissed with its target)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Close",
            id="card.close",
            tooltip="Close the card or list; the reader is where it was",
        ),
    ]

    def __init__(self, links: list[Link]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box") as box:
            box.border_title = t("links.title")
            box.border_subtitle = t("links.hint")
            options = [
                Option(
                    Content.assemble(
                        (f"¶{link.paragraph + 1:<4} ", "$lecteur-muted"),
                        (ellipsize(safe(link.text), 30), "bold"),
                        "  ",
                        (ellipsize(safe(link.target), 60), "underline"),
                    ),
                    id=str(i),
                )
                for i, link in enumerate(self.links)
            ]
            yield Options(*options, id="links")

    def mounted(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)].target)


class ConfirmOpen(Modal[bool]):
    """ "Open this address in the browser?" — y or Enter opens, n or Esc does not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "dismiss(True)", "Open", id="card.open-link", tooltip="Open the link"),
        Binding(
            "n,escape", "dismiss(False)", "Cancel", id="card.keep", tooltip="Do not open the link"
        ),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box") as box:
            box.border_title = t("links.open_title")
            box.border_subtitle = t("links.open_hint")
            yield Static(Content(safe(self.url)))
