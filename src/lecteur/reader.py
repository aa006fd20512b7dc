"""The reading view: a centred column on Textual's line API.

Only what is on screen is laid out. Each item's lines are cached per column width;
items never laid out count with an estimated height, and the view keeps what the
reader is looking at in place when an estimate becomes exact.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING, ClassVar

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
from lecteur.essay import Essay, SectionKind
from lecteur.history import History, Place
from lecteur.keys import localise
from lecteur.layout import Layout, Line, Run, TermsByParagraph
from lecteur.text import cell_len

if TYPE_CHECKING:
    from lecteur.glossary import Occurrence
    from lecteur.search import Hit

SECTION_GROUP = Binding.Group("Section", compact=True)
"""``n`` and ``p`` share one footer label."""

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""A word for the dictionary: letters and digits, with inner apostrophes and hyphens."""

EXACT_LIMIT = 500
"""Essays with at most this many items are laid out whole when the width changes."""
CACHE_ITEMS = 4000
"""Items whose lines are kept, per view (all widths together)."""
STRIP_CHUNK = 64
"""Lines of an item drawn at once: a screen or two, never a whole one-paragraph book."""


class ReadingView(ScrollView, can_focus=True):
    """The essay in a calm column of at most ``measure`` cells."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "scroll_down",
            "Down",
            show=False,
            id="reader.line-down",
            tooltip="Scroll down one line",
        ),
        Binding(
            "k,up", "scroll_up", "Up", show=False, id="reader.line-up", tooltip="Scroll up one line"
        ),
        Binding(
            "space,pagedown",
            "page_down",
            "Page down",
            show=False,
            id="reader.page-down",
            tooltip="Scroll down one page",
        ),
        Binding(
            "pageup,b",
            "page_up",
            "Page up",
            show=False,
            id="reader.page-up",
            tooltip="Scroll up one page",
        ),
        Binding(
            "home",
            "scroll_home",
            "Top",
            show=False,
            id="reader.start",
            tooltip="Go to the beginning of the essay",
        ),
        Binding(
            "end",
            "scroll_end",
            "End",
            show=False,
            id="reader.end",
            tooltip="Go to the end of the essay",
        ),
        Binding(
            "n",
            "next_section",
            "Next §",
            id="sections.next",
            tooltip="Go to the next section",
            group=SECTION_GROUP,
        ),
        Binding(
            "p",
            "previous_section",
            "Prev §",
            id="sections.previous",
            group=SECTION_GROUP,
            tooltip="Go to the previous section (mid-section: back to its start)",
        ),
        Binding(
            "r",
            "next_kind('reminiscence')",
            "Memory",
            show=False,
            id="sections.next-reminiscence",
            tooltip="Go to the next reminiscence section",
        ),
        Binding(
            "a",
            "next_kind('argument')",
            "Argument",
            show=False,
            id="sections.next-argument",
            tooltip="Go to the next argument section",
        ),
        *[
            Binding(
                str(n),
                f"go_section({n - 1})",
                f"Section {n}",
                show=False,
                id=f"sections.go-{n}",
                tooltip="Go to section 1 to 9",
            )
            for n in range(1, 10)
        ],
        Binding(
            "tab",
            "next_term",
            "Term",
            id="glossary.next-term",
            tooltip="Next marked glossary term (scrolls to it)",
        ),
        Binding(
            "shift+tab",
            "previous_term",
            "Prev term",
            show=False,
            id="glossary.previous-term",
            tooltip="Previous marked glossary term",
        ),
        Binding(
            "enter",
            "open_term",
            "Define",
            id="glossary.open",
            tooltip="Open the card of the term under the cursor (or click a term)",
        ),
        Binding(
            "w",
            "next_word",
            "Word",
            show=False,
            id="glossary.next-word",
            tooltip="A word cursor for the dictionary: the next word (from the top on)",
        ),
        Binding(
            "W",
            "previous_word",
            "Prev word",
            show=False,
            id="glossary.previous-word",
            tooltip="The word cursor to the previous word",
        ),
        Binding(
            "escape",
            "clear_word",
            "Clear",
            show=False,
            id="glossary.clear-word",
            tooltip="While a word is under the word cursor: take the cursor away",
        ),
        Binding(
            "ctrl+o,less_than_sign",
            "back",
            "Back",
            show=False,
            id="reader.back",
            tooltip="Back to where you were before the last jump",
        ),
        Binding(
            "greater_than_sign",
            "forward",
            "Forward",
            show=False,
            id="reader.forward",
            tooltip="Forward again, to where you went back from",
        ),
    ]
    """Reading keys: scrolling, sections, the glossary terms' cursor and the jump history.

    Back is ctrl+o as in vim, but forward cannot be vim's ctrl+i: terminals send Tab for
    it, and Tab is the next glossary term. ``<`` and ``>`` read as the arrows they are.
    """

    COMPONENT_CLASSES = {
        "reading--title",
        "reading--heading",
        "reading--muted",
        "reading--reminiscence",
        "reading--argument",
        "reading--transition",
        "reading--code",
        "reading--link",
        "reading--term",
        "reading--cursor",
        "reading--found",
        "reading--found-current",
        "reading--mark",
    }
    """Themeable colours (in ``lecteur.tcss``); fixed attributes are in ``TAG_STYLES``."""

    CONTRAST: ClassVar[dict[str, float]] = {
        "code": BODY_CONTRAST,
        "link": BODY_CONTRAST,
        "term": BODY_CONTRAST,
    }
    """The contrast each component class must reach (others: ``SOFT_CONTRAST``)."""

    TAG_STYLES: dict[str, tuple[str | None, Style]] = {
        "title": ("title", Style()),
        "byline": ("muted", Style(italic=True)),
        "rule": ("muted", Style()),
        "h1": ("heading", Style(underline=True)),
        "h2": ("heading", Style()),
        "h3": ("heading", Style(italic=True)),
        "section-reminiscence": ("reminiscence", Style()),
        "section-argument": ("argument", Style()),
        "section-transition": ("transition", Style()),
        "section-title": (None, Style(bold=True, italic=True)),
        "em": (None, Style(italic=True)),
        "strong": (None, Style(bold=True)),
        "strike": (None, Style(strike=True)),
        "quote": (None, Style(italic=True)),
        "code": ("code", Style()),
        "code-block": ("code", Style()),
        "link": ("link", Style()),
        "image": ("muted", Style(italic=True)),
        "html": ("muted", Style()),
        "quote-bar": ("muted", Style()),
        "bullet": ("muted", Style(bold=True)),
        "term": ("term", Style()),
        "cursor": ("cursor", Style()),
        "found": ("found", Style()),
        "found-current": ("found-current", Style()),
        "bookmark": ("mark", Style(bold=True)),
        "mark": (None, Style(reverse=True)),
        "footnote": ("muted", Style()),
    }
    """Layout tags: a component class (colour, themeable) and fixed text attributes."""

    measure: reactive[int] = reactive(72)
    """The column's maximum width in cells (``+`` / ``-``)."""

    @dataclass
    class SectionChanged(Message):
        """The section at the top of the view changed."""

        section: int

    @dataclass
    class Scrolled(Message):
        """The view moved (for the status line)."""

        paragraph: int

    @dataclass
    class TermChosen(Message):
        """Enter or a click on a glossary term."""

        occurrence: int

    @dataclass
    class KeyWaits(Message):
        """A glossary key (Tab, Shift+Tab, Enter) pressed before the glossary is here: the
        screen acts on it when it arrives, in the order the keys came."""

        action: str

    @dataclass
    class Jumped(Message):
        """The view jumped (a section key, Home, a search hit…); ``left`` is where it was."""

        left: Place

    MARK_SIGNS: ClassVar[dict[str, str]] = {"bookmark": "•", "note": "✎", "both": "✎"}
    """The sign in the left margin of a paragraph with a bookmark, a note, or both."""

    def __init__(self, essay: Essay, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.essay = essay
        self.occurrences: Sequence[Occurrence] = ()
        self.search_hits: list[Hit] = []
        """Search hits to highlight."""
        self._hits_source: Sequence[Hit] = ()
        self._occurrence_paragraphs: Sequence[int] = ()
        self._terms_by_paragraph: Mapping[int, Sequence[tuple[int, int, int]]] = {}
        """The occurrences per paragraph, as the layout takes them (made once per glossary:
        a book has tens of thousands, and a search should not sort them again)."""
        self.cursor = -1
        """The glossary occurrence under the term cursor, or -1."""
        self._layout = Layout(essay)
        self._col = 0
        self._sized = False
        """Whether the geometry for ``_col`` was made with the view's real size (before
        it, the width is a guess: the items are only estimated)."""
        self._heights: array[int] = array("i")
        """Each layout item's height in lines (estimated until laid out), and below, the
        line each starts at: flat arrays (a 50 MB book has 280,000 items)."""
        self._exact: bytearray = bytearray()
        self._tops: array[int] = array("q", [0])
        self._tops_dirty = True
        self._lines: OrderedDict[tuple[int, int], list[Line]] = OrderedDict()
        self._strips: OrderedDict[tuple[int, int], dict[int, list[Strip]]] = OrderedDict()
        """Per (width, item): its strips drawn so far, by chunk of :data:`STRIP_CHUNK` lines."""
        self._styles: dict[tuple[str, ...], Style] = {}
        self._section = -1
        self.glossary_pending = True
        """The glossary is still loading: its keys wait for it (see :class:`KeyWaits`)."""
        self._pending_size = False
        self.word: tuple[int, int, int] | None = None
        """The word under the word cursor: ``(paragraph, start, end)``, or None."""
        self._kept_place: tuple[tuple[int, int, int], int] | None = None
        """The place restored last and the scroll position it gave (see :meth:`_place`)."""
        self.history = History()
        """Where the reader jumped from: back and forward (see :mod:`lecteur.history`)."""
        self.search_current = -1
        """The current search hit (drawn apart from the others), or -1."""
        self.marked: dict[int, str] = {}
        """Paragraphs with a bookmark or a note: ``bookmark``, ``note`` or ``both``."""
        self.show_terms = True
        """Underline the glossary terms (the ``marks`` setting); Tab and Enter still work."""
        localise(self)

    # ------------------------------------------------------------ content

    def set_essay(self, essay: Essay, *, keep: bool = True, layout: Layout | None = None) -> None:
        """Show another (or a fuller) version of the essay, keeping the reader's place.

        ``layout``: one made for this essay off the event loop, whose items are used.
        """
        place = self._place() if keep and self._heights else None
        section_first = -1
        if place is not None and place[0] < 0:
            # Items other than paragraphs are numbered anew: hold on to a section header
            # by the paragraph its section starts at, to anything else by the text below.
            top = self._layout.items[place[1]]
            # The essay may have been re-split in place (a correction): its sections can
            # differ from the items drawn.
            if top.kind == "section" and top.index < len(self.essay.sections):
                section_first = self.essay.sections[top.index].first
            place = (self.top_paragraph(), 0, -1)
        self.essay = essay
        self._kept_place = None
        self._rebuild_layout(layout)  # used only if made for this essay (Layout checks)
        if place is not None:
            starts = {s.first: i for i, s in enumerate(essay.sections)}
            header = self._layout.item_of_section.get(starts.get(section_first, -1))
            self._restore((-1, header, 0) if header is not None else place)
            self._prepare_window()

    def _place(self) -> tuple[int, int, int]:
        """What is at the top of the view: ``(paragraph, character, -1)`` for a paragraph's
        line, ``(-1, item, line)`` for anything else (a title, a section header…).

        A paragraph and a character survive a new width or a fuller essay; a line number
        inside an item does not. Until the reader scrolls, the place kept by the last
        restore stands, so that a series of width changes does not drift.
        """
        kept = self._kept_place
        if kept is not None and kept[1] == round(self.scroll_y):
            return kept[0]
        item, line = self._anchor()
        lines = self._item_lines(item)
        if line >= len(lines) - 1 and not lines[-1].runs and item + 1 < len(self._heights):
            item, line = item + 1, 0  # the blank after an item: what the reader sees is next
        top = self._layout.items[item]
        if top.kind == "paragraph":
            lines = self._item_lines(item)
            for text_line in lines[min(line, len(lines) - 1) :: -1]:
                offsets = [r.offset for r in text_line.runs if r.offset >= 0]
                if offsets:
                    return top.index, offsets[0], -1
            return top.index, 0, -1
        return -1, item, line

    def _restore(self, place: tuple[int, int, int]) -> None:
        """Scroll so that ``place`` (see :meth:`_place`) is at the top of the view again."""
        self._scroll_to_place(place)
        self._kept_place = (place, round(self.scroll_y))

    def _scroll_to_place(self, place: tuple[int, int, int]) -> None:
        paragraph, value, line = place
        if paragraph < 0:
            item = min(value, len(self._heights) - 1)
            self._exactify(item, self.size.height * 2)
            self._scroll_to_line(self._top(item) + min(line, self._heights[item] - 1))
            return
        target = self._layout.item_of_paragraph.get(paragraph)
        if target is None:
            return
        self._exactify(target, self.size.height * 2)
        found = 0
        for n, text_line in enumerate(self._item_lines(target)):
            offsets = [r.offset for r in text_line.runs if r.offset >= 0]
            if offsets and offsets[0] <= value:
                found = n
            elif offsets and offsets[0] > value:
                break
        self._scroll_to_line(self._top(target) + found)

    def set_occurrences(self, occurrences: Sequence[Occurrence]) -> None:
        """Mark glossary terms (occurrences sorted by paragraph and offset).

        Marks never change how lines wrap, so heights and the reader's place are kept.
        """
        from lecteur.glossary.model import OccurrenceTable  # loaded with the glossary

        table = OccurrenceTable.of(occurrences)  # a book's: columns, not objects
        self.occurrences = table
        self._occurrence_paragraphs = table.paragraphs
        self._terms_by_paragraph = TermsByParagraph(self.occurrences)
        self.cursor = -1
        self._layout = self._make_layout(self._layout)
        self._lines.clear()
        self._strips.clear()
        self.refresh()

    def set_search(self, hits: Sequence[Hit], current: int = -1) -> None:
        """Highlight search hits and bring ``hits[current]`` into view (-1: none).

        The same hits again (the next match) only scroll: the marks are already drawn, and
        only the current hit's look changes. Bringing a hit from off screen is a jump: the
        place left goes into the history.
        """
        if hits is not self._hits_source:
            self._hits_source = hits
            self.search_hits = list(hits)
            self._layout = self._make_layout(self._layout)
            self._lines.clear()
        self._strips.clear()
        self.search_current = current if 0 <= current < len(hits) else -1
        if 0 <= current < len(hits):
            hit = hits[current]
            item = self._layout.item_of_paragraph.get(hit.paragraph)
            if item is not None:
                line = self._top(item)
                for n, text_line in enumerate(self._item_lines(item)):
                    if any(
                        r.offset <= hit.start < r.offset + len(r.text)
                        for r in text_line.runs
                        if r.offset >= 0
                    ):
                        line += n
                        break
                top = round(self.scroll_y)
                if not top <= line < top + self.size.height:
                    self.record_jump()
                    self._scroll_to_line(max(0, line - self.size.height // 3))
        self.refresh()

    def set_marks(self, marked: dict[int, str]) -> None:
        """Show a sign in the margin of these paragraphs (bookmarks and notes)."""
        self.marked = dict(marked)
        self._strips.clear()
        self.refresh()

    def set_show_terms(self, show: bool) -> None:
        self.show_terms = show
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    def _make_layout(self, base: Layout | None = None) -> Layout:
        """A layout with the current marks; ``base``: a layout of the same essay, whose
        items are shared rather than built again (marks never change the items)."""
        found: dict[int, list[tuple[int, int]]] = {}
        for hit in self.search_hits:
            found.setdefault(hit.paragraph, []).append((hit.start, hit.end))
        return Layout(self.essay, occurrences=self._terms_by_paragraph, found=found, base=base)

    def _rebuild_layout(self, base: Layout | None = None) -> None:
        """A new layout for the essay shown (sharing the items of ``base``, made for it)."""
        self._layout = self._make_layout(base)
        self._col = 0
        self._lines.clear()
        self._strips.clear()
        self._section = -1
        self._ensure_geometry()
        self.refresh()

    # ------------------------------------------------------------ geometry

    @property
    def column_width(self) -> int:
        avail = self.scrollable_content_region.width or self.size.width or 80
        return max(16, min(self.measure, avail - 4))

    @property
    def left_margin(self) -> int:
        avail = self.scrollable_content_region.width or self.size.width or 80
        return max(0, (avail - self.column_width) // 2)

    def _ensure_geometry(self) -> None:
        col = self.column_width
        sized = bool(self.size.width)
        if col == self._col and sized == self._sized:
            return
        place = self._place() if self._col and self._heights else None
        self._col = col
        self._sized = sized
        layout = self._layout
        n = len(layout.items)
        self._exact = bytearray()
        if n <= EXACT_LIMIT and self.essay.complete and sized:
            self._heights = array("i", [len(self._item_lines(i)) for i in range(n)])
            self._exact = bytearray(b"\x01" * n)
        else:
            # A big essay, the head of a big book (its first paint waited for every item of
            # the head to be laid out, at each width before the real one), or a view not
            # given its size yet (its width is a guess): estimated, then laid out around
            # the view.
            self._heights = array("i", [layout.estimate(i, col) for i in range(n)])
            self._exact = bytearray(n)
        self._tops_dirty = True
        self._update_virtual_size()
        if place is not None:
            self._restore(place)
        self._prepare_window()

    @property
    def content_height(self) -> int:
        """Lines of essay (estimated where not laid out yet)."""
        return self._top(len(self._heights))

    @property
    def end_line(self) -> int:
        """Top line of the last full page: where End goes."""
        return max(0, self.content_height - self.size.height)

    def _update_virtual_size(self) -> None:
        # Room after the end, so that any section's header can come to the top of the view.
        tail = max(0, self.size.height - 3)
        total = self.content_height + tail
        size = Size(self.scrollable_content_region.width or self.size.width, total)
        if size != self.virtual_size:
            self.virtual_size = size

    def _top(self, item: int) -> int:
        if self._tops_dirty:
            self._tops = array("q", [0])
            self._tops.extend(accumulate(self._heights))
            self._tops_dirty = False
        return self._tops[min(item, len(self._tops) - 1)]

    def _locate(self, y: int) -> tuple[int, int]:
        """The item and the line inside it at virtual line ``y``."""
        self._top(0)
        item = bisect_right(self._tops, y) - 1
        item = max(0, min(item, len(self._heights) - 1))
        return item, y - self._tops[item]

    def _anchor(self) -> tuple[int, int]:
        return self._locate(round(self.scroll_y))

    def _item_lines(self, item: int) -> list[Line]:
        key = (self._col, item)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._layout.lines(item, self._col)
            self._lines[key] = lines
            if len(self._lines) > CACHE_ITEMS:
                self._lines.popitem(last=False)
            if self._exact and not self._exact[item]:
                self._exact[item] = 1
                if self._heights[item] != len(lines):
                    self._heights[item] = len(lines)
                    self._tops_dirty = True
                    if not self._pending_size:
                        self._pending_size = True
                        self.call_after_refresh(self._after_layout)
        else:
            self._lines.move_to_end(key)
        return lines

    def _after_layout(self) -> None:
        self._pending_size = False
        self._update_virtual_size()

    def _exactify(self, item: int, lines: int) -> None:
        """Lay out items from ``item`` on until ``lines`` lines have exact heights."""
        total = 0
        i = item
        while i < len(self._heights) and total < lines:
            total += len(self._item_lines(i))
            i += 1

    def _prepare_window(self) -> None:
        """Make the items around the view exact, keeping the top line where it is."""
        if not self._heights or all(self._exact):
            return
        height = max(1, self.size.height)
        top_item, offset = self._anchor()
        before = self._top(top_item)
        # Items above: laid out from one screen up.
        start_item, _ = self._locate(max(0, before - height))
        for i in range(start_item, top_item):
            self._item_lines(i)
        self._exactify(top_item, height * 2)
        after = self._top(top_item)
        self._update_virtual_size()
        if after != before:
            self._scroll_to_line(after + offset)

    def _scroll_to_line(self, y: int) -> None:
        self._update_virtual_size()
        self.scroll_to(y=y, animate=False, immediate=True)

    # ------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._ensure_geometry()
        self._update_virtual_size()

    def watch_measure(self) -> None:
        self._strips.clear()
        self._ensure_geometry()
        self.refresh()

    @property
    def body_style(self) -> Style:
        """The style of plain body text: the theme's, raised to 4.5:1 where it is lower."""
        return self._style(())

    def _style(self, tags: tuple[str, ...]) -> Style:
        """The style of a run with these layout tags, readable on this view's background."""
        style = self._styles.get(tags)
        if style is None:
            style = Style()
            for tag in tags:
                component, extra = self.TAG_STYLES.get(tag, (None, Style()))
                if component:
                    minimum = self.CONTRAST.get(component, SOFT_CONTRAST)
                    style += component_style(self, f"reading--{component}", minimum=minimum)
                style += extra
            body = settle(self.rich_style, BODY_CONTRAST)
            style = settle(body + style, SOFT_CONTRAST)
            self._styles[tags] = style
        return style

    def _item_strips(self, item: int, chunk: int) -> list[Strip]:
        """The strips of lines ``chunk * STRIP_CHUNK`` onwards of an item (at most
        :data:`STRIP_CHUNK`): a one-paragraph book has tens of thousands of lines, and only
        those on screen are drawn."""
        key = (self._col, item)
        chunks = self._strips.get(key)
        if chunks is None:
            chunks = self._strips[key] = {}
            if len(self._strips) > 400:
                self._strips.popitem(last=False)
        else:
            self._strips.move_to_end(key)
        strips = chunks.get(chunk)
        if strips is None:
            strips = chunks[chunk] = self._draw(item, chunk * STRIP_CHUNK, STRIP_CHUNK)
        return strips

    def _draw(self, item: int, first: int, count: int) -> list[Strip]:
        """Lines ``first .. first + count`` of an item as strips."""
        width = self.scrollable_content_region.width
        left = self.left_margin
        base = self.rich_style
        strips = []
        entry = self._layout.items[item]
        sign = self.marked.get(entry.index, "") if entry.kind == "paragraph" else ""
        current = self.search_hits[self.search_current] if self.search_current >= 0 else None
        lines = self._item_lines(item)
        for n in range(first, min(first + count, len(lines))):
            line = lines[n]
            if sign and n == 0 and left >= 2:
                segments = [
                    Segment(" " * (left - 2), base),
                    Segment(self.MARK_SIGNS[sign], self._style(("bookmark",))),
                    Segment(" ", base),
                ]
            else:
                segments = [Segment(" " * left, base)] if left else []
            used = left
            for run in self._with_word(line.runs):
                tags = self._run_tags(run, current)
                style = self._style(tags)
                if run.href is not None:
                    # A terminal hyperlink (OSC 8) where the terminal has them; targets
                    # were made printable ASCII when the essay was read.
                    style += Style(link=run.href)
                if run.offset >= 0:
                    # Where the run comes from: clicks map back to the text through it.
                    meta: dict[str, int] = {"paragraph": run.paragraph, "at": run.offset}
                    if run.occurrence >= 0:
                        meta["occurrence"] = run.occurrence
                    style += Style.from_meta(meta)
                segments.append(Segment(run.text, style))
                used += cell_len(run.text)
            if used < width:
                segments.append(Segment(" " * (width - used), base))
            strips.append(Strip(segments, max(width, used)).crop(0, width))
        return strips

    def _with_word(self, runs: Sequence[Run]) -> Sequence[Run]:
        """``runs``, the one holding the word cursor cut so that the word is a run of its own
        (tagged ``cursor``)."""
        word = self.word
        if word is None:
            return runs
        paragraph, start, end = word
        out: list[Run] = []
        for run in runs:
            lo, hi = run.offset, run.offset + len(run.text)
            if run.paragraph != paragraph or run.offset < 0 or hi <= start or lo >= end:
                out.append(run)
                continue
            a, b = max(lo, start) - lo, min(hi, end) - lo
            if a:
                out.append(replace(run, text=run.text[:a]))
            out.append(replace(run, text=run.text[a:b], offset=lo + a, tags=(*run.tags, "cursor")))
            if b < len(run.text):
                out.append(replace(run, text=run.text[b:], offset=lo + b))
        return out

    def _run_tags(self, run: Run, current: Hit | None) -> tuple[str, ...]:
        """A run's tags as drawn now: the term cursor, the current search hit, hidden marks."""
        tags = run.tags
        if not self.show_terms and "term" in tags:
            tags = tuple(t for t in tags if t != "term")
        if run.occurrence >= 0 and run.occurrence == self.cursor:
            tags = (*tags, "cursor")
        if (
            current is not None
            and "found" in tags
            and run.paragraph == current.paragraph
            and current.start <= run.offset < current.end
        ):
            tags = (*tags, "found-current")
        return tags

    def render_line(self, y: int) -> Strip:
        self._ensure_geometry()
        width = self.scrollable_content_region.width
        line_y = self.scroll_offset.y + y
        if not self._heights or line_y >= self._top(len(self._heights)):
            return Strip.blank(width, self.rich_style)
        item, sub = self._locate(line_y)
        strips = self._item_strips(item, sub // STRIP_CHUNK)
        if sub % STRIP_CHUNK >= len(strips):
            return Strip.blank(width, self.rich_style)
        return strips[sub % STRIP_CHUNK].apply_offsets(0, line_y)

    # ------------------------------------------------------------ position

    def top_paragraph(self) -> int:
        """The first paragraph at or below the top of the view."""
        if not self._heights:
            return 0
        item, _ = self._anchor()
        items = self._layout.items
        for i in range(item, len(items)):
            if items[i].kind == "paragraph":
                return items[i].index
        return max(0, len(self.essay.paragraphs) - 1)

    def current_section(self) -> int:
        """The section the reader is in: the one whose header or text is at the top."""
        if not self.essay.sections or not self._heights:
            return 0
        item, _ = self._anchor()
        items = self._layout.items
        for i in range(item, len(items)):
            if items[i].kind == "section":
                if i == item:
                    return items[i].index
                break
            if items[i].kind == "paragraph":
                return self.essay.section_of(items[i].index)
        return self.essay.section_of(self.top_paragraph())

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._prepare_window()
        section = self.current_section()
        if section != self._section:
            self._section = section
            self.post_message(self.SectionChanged(section))
        self.post_message(self.Scrolled(self.top_paragraph()))

    # ------------------------------------------------------------ jumps

    def section_line(self, section: int) -> int:
        """The virtual line where a section's header starts."""
        self._ensure_geometry()
        return self._top(self._layout.item_of_section[section])

    def go_to_item(self, item: int) -> None:
        self._ensure_geometry()
        self._exactify(item, self.size.height * 2)
        self._scroll_to_line(self._top(item))
        self._prepare_window()

    def go_to_paragraph(self, paragraph: int) -> None:
        """Bring a paragraph to the top of the view (an in-document link)."""
        item = self._layout.item_of_paragraph.get(paragraph)
        if item is not None:
            self.record_jump()
            self.go_to_item(
                max(0, item - 1) if self._layout.items[item - 1].kind == "heading" else item
            )

    def go_to_section(self, section: int, *, record: bool = True) -> bool:
        item = self._layout.item_of_section.get(section)
        if item is None:
            return False
        if record:
            self.record_jump()
        self.go_to_item(item)
        if self._section != section:
            self._section = section
            self.post_message(self.SectionChanged(section))
        return True

    def action_next_section(self) -> None:
        current = self.current_section()
        if current + 1 < len(self.essay.sections):
            self.go_to_section(current + 1)
        else:
            self.app.bell()

    def action_previous_section(self) -> None:
        current = self.current_section()
        item = self._layout.item_of_section.get(current)
        # Mid-section, "previous" first returns to the start of the current one.
        if item is not None and round(self.scroll_y) > self._top(item):
            self.go_to_section(current)
        elif current > 0:
            self.go_to_section(current - 1)
        else:
            self.go_to_item(0)

    def action_next_kind(self, kind: SectionKind) -> None:
        sections = self.essay.sections
        current = self.current_section()
        order = list(range(current + 1, len(sections))) + list(range(0, current + 1))
        for i in order:
            if sections[i].kind == kind and i != current:
                self.go_to_section(i)
                return
        self.app.bell()

    def action_go_section(self, index: int) -> None:
        if not self.go_to_section(index):
            self.app.bell()

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + max(1, self.size.height - 2), animate=False)

    def action_page_up(self) -> None:
        self.scroll_to(y=self.scroll_y - max(1, self.size.height - 2), animate=False)

    def action_scroll_home(self) -> None:
        self.record_jump()
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.record_jump()
        if self._exact and not all(self._exact):
            self._exactify(max(0, len(self._heights) - 40), 10**9)
            self._update_virtual_size()
        self.scroll_to(y=self.end_line, animate=False, immediate=True)

    # ------------------------------------------------------------ places and history

    def place(self) -> Place:
        """Where the reader is, as a :class:`Place` that survives a new width or theme.

        Above the first paragraph (the title, the first header) it is ``Place(-1, line)``;
        a section's header at the top is its first paragraph with offset -1; otherwise the
        paragraph and character at the top.
        """
        top = round(self.scroll_y)
        if not self._heights or top <= 0:
            return Place(-1, 0)
        first = self._layout.item_of_paragraph.get(0)
        if first is not None and top < self._top(first):
            return Place(-1, top)
        paragraph, value, _ = self._place()
        if paragraph >= 0:
            return Place(paragraph, value)
        item = self._layout.items[min(value, len(self._layout.items) - 1)]
        if item.kind == "section" and item.index < len(self.essay.sections):
            return Place(self.essay.sections[item.index].first, -1)
        return Place(self.top_paragraph(), 0)

    def go_to_place(self, place: Place, *, record: bool = False) -> bool:
        """Bring ``place`` to the top of the view; False if the essay (so far) lacks it."""
        self._ensure_geometry()
        if record:
            self.record_jump()
        if place.paragraph < 0:
            self._scroll_to_line(max(0, place.offset))
            return True
        if place.paragraph >= len(self.essay.paragraphs):
            return False
        if place.offset < 0:
            section = self.essay.section_of(place.paragraph) if self.essay.sections else -1
            item = self._layout.item_of_section.get(section)
            if item is not None and self.essay.sections[section].first == place.paragraph:
                self.go_to_item(item)
                return True
        self._restore((place.paragraph, max(0, place.offset), -1))
        self._prepare_window()
        return True

    def record_jump(self) -> None:
        """Remember the place the reader is leaving (before a jump)."""
        left = self.place()
        self.history.record(left)
        self.post_message(self.Jumped(left))

    def action_back(self) -> None:
        place = self.history.back(self.place())
        if place is None:
            self.app.bell()
            return
        self.go_to_place(place)

    def action_forward(self) -> None:
        place = self.history.forward(self.place())
        if place is None:
            self.app.bell()
            return
        self.go_to_place(place)

    # ------------------------------------------------------------ glossary cursor

    def _occurrence_line(self, index: int) -> int | None:
        """The virtual line of an occurrence (laying out its paragraph)."""
        occ = self.occurrences[index]
        item = self._layout.item_of_paragraph.get(occ.paragraph)
        if item is None:
            return None
        lines = self._item_lines(item)
        top = self._top(item)
        for n, line in enumerate(lines):
            if any(run.occurrence == index for run in line.runs):
                return top + n
        return top

    def set_cursor(self, index: int, *, scroll: bool = True, record: bool = False) -> None:
        """Put the term cursor on an occurrence, scrolling to it if it is off screen.

        ``record``: the move is a jump (a card's mention, Tab wrapping round) and goes into
        the history when it scrolls.
        """
        old = self.cursor
        self.cursor = index
        for i in (old, index):
            if 0 <= i < len(self.occurrences):
                item = self._layout.item_of_paragraph.get(self.occurrences[i].paragraph)
                if item is not None:
                    self._strips.pop((self._col, item), None)
        if scroll and index >= 0:
            y = self._occurrence_line(index)
            if y is not None:
                height = self.size.height
                top = round(self.scroll_y)
                if not top <= y < top + height:
                    if record:
                        self.record_jump()
                    self._scroll_to_line(max(0, y - height // 3))
        self.refresh()

    def _visible_range(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + max(1, self.size.height)

    def action_next_term(self) -> None:
        self._step_term(+1)

    def action_previous_term(self) -> None:
        self._step_term(-1)

    def _step_term(self, step: int) -> None:
        """Move the term cursor one term on (``step`` = 1) or back (-1), scrolling to it.

        From a cursor on screen, the next or previous term; otherwise the first term on
        screen or below it (going on), the last one on screen or above it (going back).
        """
        count = len(self.occurrences)
        if not count:
            if self.glossary_pending:
                self.post_message(self.KeyWaits("next_term" if step > 0 else "previous_term"))
            else:
                self.app.bell()
            return
        top, bottom = self._visible_range()
        if self.cursor >= 0:
            y = self._occurrence_line(self.cursor)
            if y is not None and top <= y < bottom:
                wrapped = not 0 <= self.cursor + step < count
                self.set_cursor((self.cursor + step) % count, record=wrapped)
                return
        paragraphs = self._occurrence_paragraphs
        if step > 0:
            # The first term at or below the top of the view.
            i = bisect_left(paragraphs, self._paragraph_at(top))
            while i < count:
                line = self._occurrence_line(i)
                if line is not None and line >= top:
                    self.set_cursor(i)
                    return
                i += 1
            self.set_cursor(0, record=True)  # round to the first term
        else:
            # The last term above the bottom of the view.
            i = bisect_right(paragraphs, self._paragraph_at(bottom - 1)) - 1
            while i >= 0:
                line = self._occurrence_line(i)
                if line is not None and line < bottom:
                    self.set_cursor(i)
                    return
                i -= 1
            self.set_cursor(count - 1, record=True)  # round to the last term

    def visible_paragraphs(self) -> tuple[int, int]:
        """The first and last paragraphs on screen (inclusive)."""
        _, bottom = self._visible_range()
        return self.top_paragraph(), self._paragraph_at(bottom - 1)

    def _paragraph_at(self, y: int) -> int:
        """The paragraph shown at virtual line ``y`` (or the nearest one before it)."""
        item, _ = self._locate(y)
        items = self._layout.items
        for i in range(item, -1, -1):
            if items[i].kind == "paragraph":
                return items[i].index
        return 0

    # ------------------------------------------------------------ word cursor

    def _words(self, paragraph: int) -> list[tuple[int, int]]:
        return [m.span() for m in _WORD.finditer(self.essay.paragraphs[paragraph].text)]

    def _first_word_from(self, paragraph: int, char: int, step: int) -> tuple[int, int, int] | None:
        """The first word at or after (``step`` 1) or before (-1) ``char`` of ``paragraph``,
        going on into the next (previous) paragraphs."""
        count = len(self.essay.paragraphs)
        while 0 <= paragraph < count:
            words = self._words(paragraph)
            if step > 0:
                found = next(((a, b) for a, b in words if a >= char), None)
            else:
                found = next(((a, b) for a, b in reversed(words) if b <= char), None)
            if found is not None:
                return paragraph, found[0], found[1]
            paragraph += step
            char = 0 if step > 0 else 1 << 62
        return None

    def set_word(self, word: tuple[int, int, int] | None) -> None:
        """Put the word cursor on ``word`` (or take it away), scrolling it into view."""
        old, self.word = self.word, word
        for place in (old, word):
            if place is not None:
                item = self._layout.item_of_paragraph.get(place[0])
                if item is not None:
                    self._strips.pop((self._col, item), None)
        if word is not None:
            y = self._char_line(word[0], word[1])
            if y is not None:
                top, bottom = self._visible_range()
                if not top <= y < bottom:
                    self._scroll_to_line(max(0, y - self.size.height // 3))
        self.refresh()

    def _char_line(self, paragraph: int, char: int) -> int | None:
        """The virtual line showing a paragraph's character (laying the paragraph out)."""
        item = self._layout.item_of_paragraph.get(paragraph)
        if item is None:
            return None
        lines = self._item_lines(item)
        found = 0
        for n, line in enumerate(lines):
            offsets = [r.offset for r in line.runs if r.offset >= 0]
            if offsets and offsets[0] <= char:
                found = n
        return self._top(item) + found

    def word_text(self) -> str | None:
        """The word under the word cursor."""
        if self.word is None:
            return None
        paragraph, start, end = self.word
        return self.essay.paragraphs[paragraph].text[start:end]

    def action_next_word(self) -> None:
        if self.word is None:
            paragraph, char, _ = self._place()
            if paragraph < 0:
                paragraph, char = self.top_paragraph(), 0
            word = self._first_word_from(paragraph, char, 1)
        else:
            paragraph, _, end = self.word
            word = self._first_word_from(paragraph, end, 1)
        if word is None:
            self.app.bell()
            return
        self.set_word(word)

    def action_previous_word(self) -> None:
        if self.word is None:
            self.action_next_word()
            return
        paragraph, start, _ = self.word
        word = self._first_word_from(paragraph, start, -1)
        if word is None:
            self.app.bell()
            return
        self.set_word(word)

    def action_clear_word(self) -> None:
        self.set_word(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_word":
            # Esc takes the word cursor away when there is one; otherwise it is the
            # screen's (clearing the search's highlights).
            return self.word is not None
        return True

    def action_open_term(self) -> None:
        if self.cursor >= 0:
            self.post_message(self.TermChosen(self.cursor))
        elif self.glossary_pending and not self.occurrences:
            self.post_message(self.KeyWaits("open_term"))
        else:
            self.app.bell()

    def on_click(self, event: events.Click) -> None:
        occurrence = event.style.meta.get("occurrence") if event.style else None
        if isinstance(occurrence, int):
            self.set_cursor(occurrence, scroll=False)
            self.post_message(self.TermChosen(occurrence))

    def reading_position(self) -> tuple[float, int]:
        """``(fraction read, words left)`` from the paragraph at the top."""
        paragraphs = self.essay.paragraphs
        if not paragraphs:
            return 1.0, 0
        if round(self.scroll_y) >= self.end_line:
            return 1.0, 0
        top = self.top_paragraph()
        total = self.essay.words or 1
        before = self.essay.words_before[top]
        item, offset = self._anchor()
        top_item = self._layout.items[item]
        if top_item.kind == "paragraph" and offset and self._heights[item] > 1:
            # Inside a long paragraph (a one-paragraph book): count the lines passed.
            para = self.essay.paragraphs[top_item.index]
            before = self.essay.words_before[top_item.index]
            before += para.words * min(offset, self._heights[item]) // self._heights[item]
        return before / total, max(0, total - before)
