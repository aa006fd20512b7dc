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

from lecteur.colours import BODY_CONTRAST, SOFT_CONTRAST, component_style, settle
from lecteur.essay import Essay, Section, SectionKind
from lecteur.i18n import language
from lecteur.keys import localise
from lecteur.layout import kind_label
from lecteur.text import cell_len, ellipsize, safe

KIND_ICON = {SectionKind.REMINISCENCE: "◆", SectionKind.ARGUMENT: "▶", SectionKind.TRANSITION: "·"}
ROW_HEIGHT = 2
"""Lines per section: its number, kind and paragraphs; then its title."""


class Outline(ScrollView, can_focus=True):
    """Sections in order, coloured by kind; the current one highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k",
            "cursor(-1)",
            "Up",
            show=False,
            id="outline.up",
            tooltip="Highlight the section above",
        ),
        Binding(
            "down,j",
            "cursor(1)",
            "Down",
            show=False,
            id="outline.down",
            tooltip="Highlight the section below",
        ),
        Binding(
            "pageup",
            "cursor(-10)",
            "Page up",
            show=False,
            id="outline.page-up",
            tooltip="Ten sections up",
        ),
        Binding(
            "pagedown",
            "cursor(10)",
            "Page down",
            show=False,
            id="outline.page-down",
            tooltip="Ten sections down",
        ),
        Binding(
            "home", "first", "First", show=False, id="outline.first", tooltip="The first section"
        ),
        Binding("end", "last", "Last", show=False, id="outline.last", tooltip="The last section"),
        Binding(
            "enter",
            "select",
            "Go to section",
            id="outline.go",
            tooltip="Read the highlighted section (or click a section)",
        ),
        Binding(
            "escape",
            "leave",
            "Back to text",
            show=False,
            id="outline.leave",
            tooltip="Back to the text, where it was",
        ),
    ]
    """Move along the sections; Enter goes to the highlighted one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outline--reminiscence",
        "outline--argument",
        "outline--transition",
        "outline--muted",
        "outline--highlight",
    }

    highlighted: reactive[int | None] = reactive(None)
    """The highlighted section (the reader's current one, or the keyboard's choice)."""

    @dataclass
    class Selected(Message):
        """A section chosen with Enter or a click."""

        outline: Outline
        index: int

    @dataclass
    class Left(Message):
        """Esc in the outline: back to the text without moving."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        localise(self)
        self.sections: list[Section] = []
        self.language = "en"
        self._styles: dict[str, Style] = {}

    @property
    def option_count(self) -> int:
        return len(self.sections)

    def show(self, essay: Essay) -> None:
        """List an essay's sections (cheap: rows are drawn when on screen)."""
        self.sections = list(essay.sections)
        self.language = language()
        if self.highlighted is not None and self.highlighted >= len(self.sections):
            self.highlighted = None
        self.virtual_size = Size(
            self.scrollable_content_region.width, ROW_HEIGHT * len(self.sections)
        )
        self.refresh()

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def _component(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = component_style(self, f"outline--{name}")
        return style

    def _row(self, index: int, sub: int, width: int) -> list[Segment]:
        section = self.sections[index]
        kind_style = self._component(section.kind)
        muted = self._component("muted")
        if sub == 0:
            return self._head(index, section, width, kind_style, muted)
        title = ellipsize(safe(section.title), max(1, width - 3))
        return [Segment("   " + title, Style(italic=True))]

    def _head(
        self, index: int, section: Section, width: int, kind_style: Style, muted: Style
    ) -> list[Segment]:
        """A section's first line: number, kind and span, made to fit ``width``.

        Past section 999 or ¶9999 the full line does not fit the pane: the kind's name
        goes first (its sign and colour stay), then the span is shortened to its start,
        so a number is never cut in the middle ("¶21868–21").
        """
        number = f"{index + 1:>2} "
        sign = f"{KIND_ICON[section.kind]} "
        label = kind_label(section.kind, self.language)
        first = f"¶{section.first + 1}"
        span = first + (f"–{section.last + 1}" if section.last > section.first else "")
        for name, shown in (
            (label, span),
            ("", span),
            ("", first + ("…" if span != first else "")),
        ):
            used = cell_len(number + sign + name) + 2 + cell_len(shown)
            if used <= width or not shown.startswith("¶"):
                break
        return [
            Segment(number, muted),
            Segment(sign, kind_style),
            Segment(name, kind_style),
            Segment(("  " if name else " ") + shown, muted),
        ]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        index, sub = divmod(line, ROW_HEIGHT)
        if index >= len(self.sections):
            return Strip.blank(width, base)
        segments = self._row(index, sub, width)
        style = settle(base, BODY_CONTRAST)
        if index == self.highlighted:
            style = base + self._component("highlight")
        segments = [
            Segment(text, settle(style + (s or Style()), SOFT_CONTRAST)) for text, s, _ in segments
        ]
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

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (round(self.scroll_y) + event.y) // ROW_HEIGHT
        if 0 <= index < len(self.sections):
            self.highlighted = index
            self.post_message(self.Selected(self, index))
