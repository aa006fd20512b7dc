"""Glossary screens: a term's card, the essay's glossary (``g``) and its timeline (``T``).

All text from the essay or the glossary goes in as ``Text`` objects, never as markup.
A card returns what the reader chose: ``("goto", occurrence)`` to jump to a mention, or
``None``. A see-also card opens over the card it came from, so Esc returns to that one.

A card speaks one language at a time, labels and all: the interface's when it opens,
the other one after ``l``. It scrolls as a whole, so at 80×24 or 60×20 every part of it
can be reached, and a list takes the focus only when the reader can see it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lecteur.colours import Palette
from lecteur.dictionary import Definition
from lecteur.glossary import Entry, GlossaryView, normalise
from lecteur.i18n import country, glossary_kind, language, t, tn
from lecteur.text import ellipsize, safe
from lecteur.widgets import NO_CONTROLS, Modal, Options, Prose

CardResult = tuple[str, object] | None


def other_language(language: str) -> str:
    return "en" if language == "fr" else "fr"


MUTED = "$lecteur-muted"

MENTIONS_SHOWN = 24
"""Mentions listed on a card at most: the nearest to the one chosen (a term named
thousands of times in a book made the card take seconds to open; 100 of them still cost
the card a third of its opening, measuring each one's height). The list shows five rows."""


def mentions_window(mentions: Sequence[int], current: int | None, limit: int) -> list[int]:
    """At most ``limit`` of ``mentions`` (occurrence indexes, in reading order): those
    around ``current`` (the mention the card was opened from), else the first ones."""
    if len(mentions) <= limit:
        return list(mentions)
    from bisect import bisect_left

    at = bisect_left(mentions, current) if current is not None else 0
    start = max(0, min(at - limit // 2, len(mentions) - limit))
    return list(mentions[start : start + limit])


"""Muted text in option lists: a theme variable, resolved on the row's own background
(highlighted or not) when Textual paints the option."""


def snippet(text: str, start: int, end: int, *, width: int = 56) -> Content:
    """The words around ``text[start:end]``, the term in bold reverse video."""
    room = max(8, (width - (end - start)) // 2)
    a = max(0, start - room)
    b = min(len(text), end + room)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    return Content.assemble(
        "…" if a > 0 else "",
        safe(text[a:start]),
        (safe(text[start:end]), "bold reverse"),
        safe(text[end:b]),
        "…" if b < len(text) else "",
    )


class TermCard(Modal[CardResult]):
    """An annotated card for one glossary entry, scrolled as a whole."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Close",
            id="card.close",
            tooltip="Close the card or list; the reader is where it was",
        ),
        Binding(
            "l",
            "switch_language",
            "Language",
            id="card.language",
            tooltip="The whole card in the other language",
        ),
    ]
    """Keys on a card (Tab moves between its lists, Enter follows a mention)."""

    def __init__(
        self,
        entry: Entry,
        view: GlossaryView,
        *,
        current: int | None = None,
        card_language: str | None = None,
    ) -> None:
        super().__init__()
        self.entry = entry
        self.view = view
        self.current = current
        self.language = card_language or language()
        """The card's language: the interface's (or the card it came from's), then ``l``."""

    def compose(self) -> ComposeResult:
        mentions = self.view.mentions(self.entry.id)
        see = self._see()
        self.palette = Palette.of(self.app)
        with VerticalScroll(classes="modal-box", id="card"):
            yield Static(self._header(), id="card-header")
            yield Prose(self._body(), id="card-text")
            if mentions:
                shown = mentions_window(mentions, self.current, MENTIONS_SHOWN)
                yield Static(self._mentions_label(), classes="card-label", id="card-mentions-label")
                yield Options(*self._mention_options(shown), id="card-mentions")
            if see:
                yield Static(
                    self._label(t("card.see", self.language)),
                    classes="card-label",
                    id="card-see-label",
                )
                yield Options(*[Option(self._term_option(e), id=e.id) for e in see], id="card-see")

    def _see(self) -> list[Entry]:
        return [e for i in self.entry.see if (e := self.view.glossary.get(i)) is not None]

    def _titles(self) -> None:
        card = self.query_one("#card")
        card.border_title = t("card.title", self.language)
        card.border_subtitle = t("card.keys", self.language, other=t("card.other", self.language))

    def _mentions_label(self) -> Text:
        count = len(self.view.mentions(self.entry.id))
        if count > MENTIONS_SHOWN:
            return self._label(
                t("card.mentions_some", self.language, count=count, shown=MENTIONS_SHOWN)
            )
        return self._label(t("card.mentions", self.language, count=count))

    def _label(self, text: str) -> Text:
        if self.palette.ansi:  # the terminal's green or blue may not read on its background
            return Text(text, style="bold underline")
        return Text(text, style=f"bold {self.palette.colour('text-accent')}")

    def _repaint(self, *_: object) -> None:
        """Everything painted with the theme's colours or written in the card's language,
        painted again (a theme change, or ``l``)."""
        self.palette = Palette.of(self.app)
        self._titles()
        self.query_one("#card-header", Static).update(self._header())
        self.query_one("#card-text", Prose).update(self._body())
        for label in self.query("#card-mentions-label").results(Static):
            label.update(self._mentions_label())
        for label in self.query("#card-see-label").results(Static):
            label.update(self._label(t("card.see", self.language)))
        for see in self.query("#card-see").results(OptionList):
            highlighted = see.highlighted
            see.clear_options()
            see.add_options([Option(self._term_option(e), id=e.id) for e in self._see()])
            see.highlighted = highlighted

    def mounted(self) -> None:
        self._titles()
        self.app.theme_changed_signal.subscribe(self, self._repaint)
        self.query_one("#card").focus()
        self.call_after_refresh(self._focus_first_list)

    def _focus_first_list(self) -> None:
        """Focus the first list only if the reader sees it whole from the card's top:
        Enter must never follow a mention the reader has not seen (at 60×20 the list is
        below the fold; Tab brings it into view and focuses it)."""
        lists = self.query(OptionList)
        if not lists:
            return
        card = self.query_one("#card", VerticalScroll)
        first = lists.first()
        if first.region.bottom <= card.content_region.bottom and round(card.scroll_y) == 0:
            first.focus(scroll_visible=False)

    def _header(self) -> Text:
        text = self._term_line(self.entry)
        maker = str(getattr(self.entry, "maker", "") or "")
        where = str(getattr(self.entry, "country", "") or "")
        if maker or where:
            text.append("\n")
            if maker:
                text.append(
                    t("card.maker", self.language, maker=safe(maker)), style=self.palette.muted
                )
            if where:
                text.append(
                    (" · " if maker else "") + country(safe(where), self.language),
                    style=self.palette.muted,
                )
        return text

    def _body(self) -> Text:
        entry = self.entry
        lang = self.language
        text = Text()
        definition = entry.definition.get(lang) or entry.definition.get(other_language(lang), "")
        text.append(safe(definition))
        note = entry.note.get(lang) or entry.note.get(other_language(lang))
        if note:
            text.append(f"\n\n{t('card.here', lang)}\n", style="bold")
            text.append(safe(note), style="italic")
        if entry.sources:
            text.append(f"\n\n{t('card.sources', lang)}\n", style="bold")
            text.append("\n".join(safe(s) for s in entry.sources), style=self.palette.muted)
        return text

    def _mention_options(self, mentions: list[int]) -> list[Option]:
        # One line per mention: the words around it fit the card's width (the box, its
        # border and padding, the ¶ column and a scrollbar).
        box = min(80, int(self.app.size.width * 0.95))
        width = max(16, box - 4 - 7 - 3)
        options = []
        for i in mentions:
            occ = self.view.occurrences[i]
            prompt = Content.assemble(
                ("▶ " if i == self.current else "  ", "bold"),
                (f"¶{occ.paragraph + 1:<4}", MUTED),
                snippet(self.view.texts[occ.paragraph], occ.start, occ.end, width=width),
            )
            options.append(Option(prompt, id=f"occ-{i}"))
        return options

    def _term_option(self, entry: Entry) -> Content:
        """``term  kind · years`` as a see-also line."""
        return Content.assemble(
            (safe(entry.term), "bold"),
            (f"  {glossary_kind(entry.kind, self.language)} · {safe(entry.years)}", MUTED),
        )

    def _term_line(self, entry: Entry) -> Text:
        """``term  kind · years``: a card's header."""
        text = Text()
        text.append(safe(entry.term), style="bold")
        text.append(
            f"  {glossary_kind(entry.kind, self.language)} · {safe(entry.years)}",
            style=self.palette.muted,
        )
        return text

    def action_switch_language(self) -> None:
        self.language = other_language(self.language)
        # `l` can come before the card's widgets are mounted (Enter then l, fast): then
        # it repaints once they are.
        try:
            self._repaint()
        except NoMatches:
            self.call_after_refresh(self._repaint_when_ready)

    def _repaint_when_ready(self) -> None:
        with contextlib.suppress(NoMatches):
            self._repaint()

    @on(OptionList.OptionSelected, "#card-mentions")
    def go_to_mention(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("goto", int((event.option.id or "occ-0")[4:])))

    @on(OptionList.OptionSelected, "#card-see")
    def open_see_also(self, event: OptionList.OptionSelected) -> None:
        """The see-also card opens over this one: Esc there comes back here; a mention
        chosen there closes both and goes."""
        entry = self.view.glossary.get(event.option.id or "")
        if entry is None:
            self.app.bell()
            return

        def closed(result: CardResult) -> None:
            if result is not None:
                self.dismiss(result)

        self.app.push_screen(TermCard(entry, self.view, card_language=self.language), closed)


class GlossaryList(Modal[str | None]):
    """The essay's glossary, filtered as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Close",
            id="card.close",
            tooltip="Close the card or list; the reader is where it was",
        ),
        Binding(
            "down",
            "focus_list",
            "List",
            show=False,
            id="card.to-list",
            tooltip="From the filter, down into the list",
        ),
    ]
    """Type to filter; Enter opens the highlighted term's card."""

    def __init__(self, view: GlossaryView) -> None:
        super().__init__()
        self.view = view
        self.entries = view.found_entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(tn(len(self.entries), "glossary.title"), style="bold"))
            yield Input(
                placeholder=t("glossary.filter"), id="glossary-filter", restrict=NO_CONTROLS
            )
            yield Options(id="glossary-list")

    def mounted(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        needle = normalise(query.strip())
        options = []
        for entry in self.entries:
            haystack = normalise(" ".join((entry.term, *entry.patterns)))
            if needle and needle not in haystack:
                continue
            count = len(self.view.mentions(entry.id))
            prompt = Content.assemble(
                (f"{ellipsize(safe(entry.term), 25):<26}", "bold"),
                (f"{glossary_kind(entry.kind):<18}", MUTED),
                f"{safe(entry.years):<12}",
                (f"{count}×", MUTED),
            )
            options.append(Option(prompt, id=entry.id))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if options:
            listing.highlighted = 0

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        with contextlib.suppress(NoMatches):  # typed as the list was closing
            self._fill(event.value)

    @on(Input.Submitted)
    def submitted(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None and listing.option_count:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()


@dataclass(frozen=True)
class Axis:
    """A year axis mapped onto ``width`` cells."""

    start: int
    end: int
    width: int

    def x(self, year: int) -> int:
        span = max(1, self.end - self.start)
        return round((min(max(year, self.start), self.end) - self.start) * (self.width - 1) / span)


def make_axis(entries: Sequence[Entry], *, width: int, now: int) -> Axis:
    """Years from the earliest recent term to the essay's time (old outliers go left)."""
    years = sorted(y for e in entries if (y := e.first_year) is not None)
    recent = [y for y in years if y >= now - 40] or years or [now - 10]
    start = (min(recent) // 5) * 5
    ends = [e.last_year or e.first_year or now for e in entries]
    end = max([now, *[y for y in ends if y is not None and y <= now + 20]]) + 1
    return Axis(start, end, max(10, width))


SPAN = "$text-primary"
START = "bold $text-warning"


def timeline_rows(
    entries: Sequence[Entry], axis: Axis, *, now: int, name_width: int = 22
) -> tuple[Content, list[tuple[str, Content]]]:
    """The axis header and one bar per term: a picture of the old web, on a year scale.

    Colours are theme variables, resolved by Textual where the rows are painted.
    """
    ticks = [" "] * axis.width
    labels = [" "] * axis.width
    for year in range(axis.start, axis.end + 1):
        if year % 5 == 0:
            x = axis.x(year)
            ticks[x] = "┼" if year % 10 == 0 else "┬"
            label = str(year)
            if year % 10 == 0 and x + len(label) <= axis.width:
                labels[x : x + len(label)] = list(label)
    gutter = " " * (name_width + 7)
    header = Content.assemble(
        gutter,
        ("".join(labels), "bold"),
        "\n",
        gutter,
        ("".join(ticks).replace(" ", "─"), MUTED),
    )
    now_x = axis.x(now)
    rows = []
    ordered = sorted(entries, key=lambda e: (e.first_year or 9999, e.term.lower()))
    for entry in ordered:
        first = entry.first_year
        if first is None:
            continue
        last = entry.last_year
        open_ended = entry.years.strip().endswith(("–", "-"))
        parts: list[str | tuple[str, str]] = [
            (f"{ellipsize(safe(entry.term), name_width):<{name_width}} ", "bold"),
            (f"◀{first:<5}", MUTED) if first < axis.start else " " * 6,
        ]
        cells = [" "] * axis.width
        styles: list[str] = [""] * axis.width
        cells[now_x] = "┊"
        styles[now_x] = MUTED
        if first < axis.start and (last is None or last < axis.start):
            # Older than the axis: an arrow at its left edge, the year in the gutter.
            cells[0] = "◀"
            styles[0] = MUTED
        else:
            a = axis.x(first)
            b = axis.x(last) if last is not None else (axis.width - 1 if open_ended else a)
            for x in range(a, b + 1):
                cells[x] = "━"
                styles[x] = SPAN
            cells[a] = "◀" if first < axis.start else "●"
            styles[a] = START
            if last is not None and b > a:
                cells[b] = "■"
                styles[b] = SPAN
            elif open_ended:
                cells[-1] = "▶"
        parts.extend(zip(cells, styles))
        rows.append((entry.id, Content.assemble(*parts)))
    return header, rows


class Timeline(Modal[str | None]):
    """The essay's terms laid on a year axis (IRC 1988 … Avatar 2009)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,T",
            "dismiss(None)",
            "Close",
            id="card.close-timeline",
            tooltip="Close the timeline",
        ),
    ]
    """Enter opens the highlighted term's card."""

    def __init__(self, view: GlossaryView, *, now: int) -> None:
        super().__init__()
        self.view = view
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(t("timeline.title"), style="bold"))
            yield Static(id="timeline-axis")
            yield Options(id="timeline-rows")
            yield Static(Text(t("timeline.hint", now=self.now)), id="timeline-hint")

    NAME_WIDTH = 22

    def mounted(self) -> None:
        self.query_one(OptionList).focus()
        self.call_after_refresh(self._draw)

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        listing = self.query_one(OptionList)
        # The bar area: the list's content width, less the name, the gutter and a scrollbar.
        room = listing.scrollable_content_region.width or (self.app.size.width - 8)
        width = max(20, room - self.NAME_WIDTH - 7 - 2)
        entries = self.view.found_entries
        axis = make_axis(entries, width=width, now=self.now)
        header, rows = timeline_rows(entries, axis, now=self.now, name_width=self.NAME_WIDTH)
        self.query_one("#timeline-axis", Static).update(header)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(text, id=entry_id) for entry_id, text in rows])
        if rows:
            listing.highlighted = min(highlighted or 0, len(rows) - 1)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class DictionaryCard(Modal[None]):
    """A word's entries in the dictd databases installed (FOLDOC, the Jargon File, …)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "dismiss(None)",
            "Close",
            id="card.close",
            tooltip="Close the card or list; the reader is where it was",
        ),
    ]
    """Esc closes; the arrows and PageUp/PageDown scroll a long entry."""

    def __init__(self, word: str, definitions: Sequence[Definition]) -> None:
        super().__init__()
        self.word = word
        self.definitions = definitions

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-box", id="dictionary-card") as card:
            card.border_title = t("dictionary.title", word=safe(self.word))
            card.border_subtitle = t("help.close")
            yield Prose(self._body(), id="dictionary-text")

    def _body(self) -> Text:
        text = Text()
        for n, definition in enumerate(self.definitions):
            if n:
                text.append("\n\n")
            text.append(safe(definition.title), style="bold")
            text.append("\n")
            text.append(safe(_tidy(definition.text)))
        return text

    def mounted(self) -> None:
        self.query_one("#dictionary-card").focus()


def _tidy(text: str) -> str:
    """A dictd entry's text as a card shows it: its lines joined into paragraphs.

    Entries come hard-wrapped and indented for an 80-column terminal; a card wraps by
    itself. Blank lines stay paragraph breaks.
    """
    paragraphs = [" ".join(line.split()) for line in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
