"""The outline pane: the essay's sections, two lines each, on Textual's line API.

Like the reading view it renders only the rows on screen, so a book with thousands of
sections shows at once (Textual's OptionList measures every option up front).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from lecteur.essay import Essay, Section
from lecteur.layout import cell_len, ellipsize, kind_label, safe

KIND_ICON = {"reminiscence": "◆", "argument": "▶", "transition": "·"}
ROW_HEIGHT = 2
"""Lines per section: its number, kind and paragraphs; then its title."""


class Outline(ScrollView, can_focus=True):
    """Sections in order, coloured by kind; the current one highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "cursor(-10)", "Page up", show=False),
        Binding("pagedown", "cursor(10)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Go to section"),
    ]
    """Move along the sections; Enter goes to the highlighted one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outline--reminiscence",
        "outline--argument",
        "outline--transition",
        "outline--muted",
        "outline--highlight",
    }

    DEFAULT_CSS = """
    Outline {
        width: 34;
        height: 1fr;
        border-right: vkey $foreground 20%;
        background: $surface;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    Outline:focus { border-right: vkey $accent; }
    Outline > .outline--reminiscence { color: $text-warning; text-style: bold; }
    Outline > .outline--argument { color: $text-primary; text-style: bold; }
    Outline > .outline--transition { color: $text-muted; }
    Outline > .outline--muted { color: $text-muted; }
    Outline > .outline--highlight { background: $block-cursor-blurred-background; }
    Outline:focus > .outline--highlight { background: $block-cursor-background; }
    """

    highlighted: reactive[int | None] = reactive(None)
    """The highlighted section (the reader's current one, or the keyboard's choice)."""

    @dataclass
    class Selected(Message):
        """A section chosen with Enter or a click."""

        outline: Outline
        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: list[Section] = []
        self.language = "en"

    @property
    def option_count(self) -> int:
        return len(self.sections)

    def show(self, essay: Essay) -> None:
        """List an essay's sections (cheap: rows are drawn when on screen)."""
        self.sections = list(essay.sections)
        self.language = essay.language
        if self.highlighted is not None and self.highlighted >= len(self.sections):
            self.highlighted = None
        self.virtual_size = Size(self.scrollable_content_region.width, ROW_HEIGHT * len(self.sections))
        self.refresh()

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    def _row(self, index: int, sub: int, width: int) -> list[Segment]:
        section = self.sections[index]
        kind_style = self.get_component_rich_style(f"outline--{section.kind}", partial=True)
        muted = self.get_component_rich_style("outline--muted", partial=True)
        if sub == 0:
            span = f"¶{section.first + 1}" + (
                f"–{section.last + 1}" if section.last > section.first else ""
            )
            return [
                Segment(f"{index + 1:>2} ", muted),
                Segment(f"{KIND_ICON.get(section.kind, '·')} ", kind_style),
                Segment(kind_label(section.kind, self.language), kind_style),
                Segment(f"  {span}", muted),
            ]
        title = ellipsize(safe(section.title), max(1, width - 3))
        return [Segment("   " + title, Style(italic=True))]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        index, sub = divmod(line, ROW_HEIGHT)
        if index >= len(self.sections):
            return Strip.blank(width, base)
        segments = self._row(index, sub, width)
        style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("outline--highlight", partial=True)
        segments = [Segment(text, style + (s or Style())) for text, s, _ in segments]
        used = sum(cell_len(s.text) for s in segments)
        strip = Strip(segments, used).crop_extend(0, width, style)
        return strip.apply_offsets(0, line)

    # ------------------------------------------------------------ highlight and choice

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is not None:
            top = new * ROW_HEIGHT
            if not self.scroll_y <= top <= self.scroll_y + self.size.height - ROW_HEIGHT:
                self.scroll_to(y=max(0, top - self.size.height // 3), animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if not self.sections:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = max(0, min(len(self.sections) - 1, current + step))

    def action_first(self) -> None:
        if self.sections:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.sections:
            self.highlighted = len(self.sections) - 1

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (round(self.scroll_y) + event.y) // ROW_HEIGHT
        if 0 <= index < len(self.sections):
            self.highlighted = index
            self.post_message(self.Selected(self, index))
