"""The reader screen: the reading view, the outline, the search bar and the status line.

It owns the state of reading one essay (the glossary once loaded, the last search, the
reader's choice about the outline) and the background loading of the rest: the whole of a
big book after its head, then the glossary. The app pushes one per essay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from lecteur.colours import Palette
from lecteur.essay import WORDS_PER_MINUTE, Essay, EssayError
from lecteur.layout import kind_label
from lecteur.loader import EssayReady, GlossaryProblem, GlossaryReady, Loader
from lecteur.messages import EssayLoaded, GlossaryFailed, GlossaryLoaded, LoadFailed
from lecteur.outline import Outline
from lecteur.palette import LecteurCommands
from lecteur.reader import ReadingView
from lecteur.state import SearchState
from lecteur.text import safe
from lecteur.widgets import SearchBar, StatusLine

if TYPE_CHECKING:
    from lecteur.cards import CardResult
    from lecteur.glossary import GlossaryView
    from lecteur.search import Hit

OUTLINE_MIN_WIDTH = 80
"""Below this many columns the outline starts hidden (``o`` shows it)."""

COMPACT_FOOTER_BELOW = 100
"""Below this many columns the footer drops its spacing."""

BACKGROUND_DELAY = 0.1
"""Seconds after the first frame before background loading starts."""

MEASURE_STEP = 4
"""Cells added or taken by ``+`` / ``-``."""
MEASURE_RANGE = (30, 160)
"""The narrowest and widest reading column."""


class ReaderScreen(Screen[None]):
    """One essay, read in a calm column with its outline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "toggle_outline",
            "Outline",
            id="sections.outline",
            tooltip="Show or hide the outline of the sections",
        ),
        Binding(
            "e",
            "explain",
            "Why?",
            show=False,
            id="sections.explain",
            tooltip="Why the paragraph at the top has its kind (the evidence)",
        ),
        Binding(
            "slash,ctrl+f",
            "search",
            "Search",
            id="reader.search",
            tooltip="Search the essay (case and accents ignored)",
        ),
        Binding(
            "escape",
            "close_search",
            "Close search",
            show=False,
            id="search.close",
            tooltip="Close the search and clear its highlights",
        ),
        Binding(
            "plus,equals_sign",
            "wider",
            "Wider",
            show=False,
            id="reader.wider",
            tooltip="A wider reading column",
        ),
        Binding(
            "minus",
            "narrower",
            "Narrower",
            show=False,
            id="reader.narrower",
            tooltip="A narrower reading column",
        ),
        Binding(
            "f",
            "follow_link",
            "Links",
            show=False,
            id="reader.follow-link",
            tooltip="Follow a link on screen (#anchors jump; web links open after a yes)",
        ),
        Binding(
            "g",
            "glossary",
            "Glossary",
            id="glossary.list",
            tooltip="The essay's glossary, filtered as you type",
        ),
        Binding(
            "T",
            "timeline",
            "Timeline",
            show=False,
            id="glossary.timeline",
            tooltip="A timeline of the essay's terms on a year axis",
        ),
    ]
    """Keys of the reader screen; scrolling and section keys live on the reading view."""

    COMMANDS = {LecteurCommands}
    """ctrl+p offers "Go to §…" for each section and "Define …" for each term."""

    def __init__(self, essay: Essay, loader: Loader | None = None) -> None:
        super().__init__()
        self._first_essay = essay
        self.loader = loader if loader is not None else Loader.resume(essay)
        """Brings the rest: the whole of a big essay, then its glossary."""
        self.glossary_view: GlossaryView | None = None
        """The glossary matched against the open essay, once loaded."""
        self.glossary_problem: str | None = None
        """Why the glossary is off (a bad glossary file), for the status line."""
        self.search_state = SearchState()
        self._explained: tuple[Essay, list[str]] | None = None
        self._outline_chosen: bool | None = None
        """The reader's own choice with `o`, which wins over the terminal's width."""

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Outline(id="outline")
            yield ReadingView(self._first_essay, id="reader")
        yield SearchBar(placeholder="Search…", id="search")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def reader(self) -> ReadingView:
        return self.query_one(ReadingView)

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def essay(self) -> Essay:
        """The essay as shown now (its head, until the whole of a big one is in)."""
        return self.reader.essay

    def on_mount(self) -> None:
        essay = self.essay
        self.app.title = safe(essay.title)
        self.outline.show(essay)
        self.outline.highlighted = self.reader.current_section() if essay.sections else None
        self._fit_to_width()
        self.reader.focus()
        self.update_status()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.update_status())
        for note in essay.notes:
            self.notify(safe(note), timeout=6, markup=False)
        # Background work starts once the first frame is on its way to the terminal:
        # Textual writes frames from a thread of its own, which a busy worker would slow.
        self.set_timer(BACKGROUND_DELAY, self.load_rest)

    def on_unmount(self) -> None:
        self.loader.close()

    def on_resize(self) -> None:
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        """Hide the outline in a narrow terminal, unless the reader asked for it with `o`;
        a compact footer there, so that `?` and `q` stay in sight."""
        width = self.app.size.width
        if self._outline_chosen is None:
            self.outline.display = width >= OUTLINE_MIN_WIDTH
        self.query_one(Footer).compact = width < COMPACT_FOOTER_BELOW

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def load_rest(self) -> None:
        """Take what the loader brings (the whole essay, then its glossary), off the loop."""
        worker = get_current_worker()
        essay = self._first_essay
        try:
            for message in self.loader.rest():
                if worker.is_cancelled or self.loader.cancelled:
                    return
                if isinstance(message, EssayReady):
                    essay = message.essay
                    self.post_message(EssayLoaded(essay))
                elif isinstance(message, GlossaryReady):
                    self.post_message(GlossaryLoaded(essay, message.glossary, message.occurrences))
                elif isinstance(message, GlossaryProblem):
                    self.post_message(GlossaryFailed(message.message))
        except EssayError as error:
            self.post_message(LoadFailed(str(error)))
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError) as error:
            # Never a worker traceback: Textual renders it with locals, which for a huge
            # model took minutes with the event loop blocked.
            self.post_message(LoadFailed(f"the rest could not be loaded ({type(error).__name__})"))

    @on(EssayLoaded)
    def essay_loaded(self, event: EssayLoaded) -> None:
        for note in event.essay.notes:
            if note not in self._first_essay.notes:
                self.notify(safe(note), timeout=6, markup=False)
        self.reader.set_essay(event.essay)
        self.outline.show(event.essay)
        self._explained = None
        self.update_status()

    @on(GlossaryLoaded)
    def glossary_loaded(self, event: GlossaryLoaded) -> None:
        from lecteur.glossary import GlossaryView

        essay = self.essay
        if event.essay is not essay:  # matched against a version no longer shown
            return
        view = GlossaryView(event.glossary, event.occurrences, essay.texts(), essay.language)
        self.glossary_view = view
        self.glossary_problem = None
        self.reader.set_occurrences(view.occurrences)
        self.update_status()
        self.refresh_bindings()

    @on(GlossaryFailed)
    def glossary_failed(self, event: GlossaryFailed) -> None:
        self.glossary_problem = event.message
        self.update_status()
        self.notify(
            f"Glossary not loaded: {safe(event.message)}",
            severity="warning",
            timeout=8,
            markup=False,
        )

    @on(LoadFailed)
    def load_failed(self, event: LoadFailed) -> None:
        self.notify(safe(event.message), severity="error", markup=False)

    # ------------------------------------------------------------ status

    def update_status(self) -> None:
        reader = self.reader
        essay = reader.essay
        palette = Palette.of(self.app, "panel")
        text = Text(no_wrap=True, overflow="ellipsis")
        if essay.sections:
            section = essay.sections[reader.current_section()]
            colour = palette.colour(f"kind-{section.kind}")
            text.append(kind_label(section.kind, essay.language), style=f"bold {colour}")
            text.append(" · ")
            text.append(safe(section.title), style="italic")
        fraction, words_left = reader.reading_position()
        minutes = -(-words_left // WORDS_PER_MINUTE)
        text.append(f"   {fraction:.0%}", style="bold")
        text.append(f" · {minutes} min left" if words_left else " · the end")
        if not essay.complete:
            text.append(" · loading…", style=palette.muted)
        if essay.language == "unknown":
            text.append(" · language?", style=palette.muted)
        search = self.search_state
        if search.query and self.query_one(SearchBar).display:
            text.append(f" · “{safe(search.query)}”: {search.position()}", style="bold")
        if self.glossary_problem:
            text.append(" · glossary off: ", style=f"bold {palette.colour('text-error')}")
            text.append(safe(self.glossary_problem), style=palette.colour("text-error"))
        elif self.glossary_view is not None:
            terms = len(self.glossary_view.found_entries)
            text.append(f" · {terms} terms (Tab)", style=palette.muted)
        self.query_one(StatusLine).update(text)

    @on(ReadingView.SectionChanged)
    def section_changed(self, event: ReadingView.SectionChanged) -> None:
        outline = self.outline
        if event.section < outline.option_count:
            outline.highlighted = event.section
        self.update_status()

    @on(ReadingView.Scrolled)
    def scrolled(self) -> None:
        self.update_status()

    @on(Outline.Selected)
    def outline_selected(self, event: Outline.Selected) -> None:
        self.go_to_section(event.index)

    # ------------------------------------------------------------ sections

    def go_to_section(self, index: int) -> None:
        self.reader.go_to_section(index)
        self.reader.focus()

    def action_toggle_outline(self) -> None:
        outline = self.outline
        outline.display = not outline.display
        self._outline_chosen = bool(outline.display)
        if not outline.display:
            self.reader.focus()

    def action_explain(self) -> None:
        self._explain(self.essay, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="explain")
    def _explain(self, essay: Essay, paragraph: int) -> None:
        """Why the paragraph at the top has its kind (evidence from the splitter)."""
        if self._explained is None or self._explained[0] is not essay:
            from lecteur.library import explain_lines

            self._explained = (essay, explain_lines(essay, first=1))
        lines = self._explained[1]
        if 0 <= paragraph < len(lines):
            self.app.call_from_thread(
                self.notify,
                safe(lines[paragraph]),
                title="Why this kind",
                timeout=10,
                markup=False,
            )

    # ------------------------------------------------------------ links

    def action_follow_link(self) -> None:
        from lecteur.links import LinkList, links_in

        first, last = self.reader.visible_paragraphs()
        links = links_in(self.essay, first, last)
        if not links:
            self.notify("No link on screen.", markup=False)
            return
        self.app.push_screen(LinkList(links), self._follow)

    def _follow(self, target: str | None) -> None:
        from lecteur.links import ConfirmOpen, anchor_paragraph

        if not target:
            return
        if target.startswith("#"):
            paragraph = anchor_paragraph(self.essay, target)
            if paragraph is None:
                self.notify(f"No heading for {safe(target)} in this essay.", markup=False)
            else:
                self.reader.go_to_paragraph(paragraph)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.open_url(target)

        self.app.push_screen(ConfirmOpen(target), confirmed)

    # ------------------------------------------------------------ glossary

    @on(ReadingView.TermChosen)
    def term_chosen(self, event: ReadingView.TermChosen) -> None:
        view = self.glossary_view
        if view is not None and 0 <= event.occurrence < len(view.occurrences):
            self.open_card(view.occurrences[event.occurrence].entry_id, current=event.occurrence)

    def open_card(self, entry_id: str, *, current: int | None = None) -> None:
        """Open a term's card; a mention or a see-also chosen there is followed."""
        from lecteur.cards import TermCard

        view = self.glossary_view
        entry = view.glossary.get(entry_id) if view else None
        if view is None or entry is None:
            self.app.bell()
            return
        self.app.push_screen(TermCard(entry, view, current=current), self._card_closed)

    def _card_closed(self, result: CardResult) -> None:
        if result is None:
            return
        action, value = result
        if action == "goto" and isinstance(value, int):
            self.reader.set_cursor(value)
        elif action == "card" and isinstance(value, str):
            self.open_card(value)

    def _glossary_state(self) -> str | None:
        """Why ``g`` and ``T`` cannot open now (None: they can)."""
        if self.glossary_problem:
            return f"No glossary: {self.glossary_problem}"
        if self.glossary_view is None:
            return "The glossary is still loading."
        if not self.glossary_view.found_entries:
            return "No glossary term in this essay."
        return None

    def action_glossary(self) -> None:
        from lecteur.cards import GlossaryList

        if self.glossary_view is not None and self._glossary_state() is None:
            self.app.push_screen(GlossaryList(self.glossary_view), self._entry_picked)

    def action_timeline(self) -> None:
        from lecteur.cards import Timeline

        if self.glossary_view is not None and self._glossary_state() is None:
            self.app.push_screen(
                Timeline(self.glossary_view, now=essay_year(self.essay)), self._entry_picked
            )

    def _entry_picked(self, entry_id: str | None) -> None:
        if entry_id:
            self.open_card(entry_id)

    def on_key(self, event: object) -> None:
        """``g`` or ``T`` while greyed out: say why, rather than nothing."""
        key = getattr(event, "key", None)
        if key in ("g", "T") and (problem := self._glossary_state()) is not None:
            self.notify(safe(problem), severity="warning", markup=False)

    # ------------------------------------------------------------ search

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = True
        bar.focus()

    def action_close_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        self.reader.set_search([])
        self.reader.focus()
        self.update_status()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        search = self.search_state
        if search.query == query and search.hits:
            self._show_hit(query, search.hits, search.next_index())
        else:
            self.find(self.essay, query, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="search")
    def find(self, essay: Essay, query: str, from_paragraph: int) -> None:
        """Find every match off the event loop; go to the first one from the view on."""
        from lecteur.search import find_all

        hits = find_all(essay.texts(), query)
        first = SearchState.first_from(hits, from_paragraph)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hit, query, hits, first)

    def _show_hit(self, query: str, hits: Sequence[Hit], current: int) -> None:
        self.search_state = SearchState(query, hits, current)
        self.reader.set_search(hits, current if hits else -1)
        if not hits:
            self.app.bell()
        self.update_status()

    # ------------------------------------------------------------ column

    def action_wider(self) -> None:
        low, high = MEASURE_RANGE
        self.reader.measure = min(high, max(low, self.reader.measure + MEASURE_STEP))

    def action_narrower(self) -> None:
        low, high = MEASURE_RANGE
        self.reader.measure = min(high, max(low, self.reader.measure - MEASURE_STEP))

    # ------------------------------------------------------------ availability

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_search":
            return bool(self.query_one(SearchBar).display)
        if action in ("glossary", "timeline"):
            return True if self._glossary_state() is None else None
        return True


def essay_year(essay: Essay) -> int:
    """The year the essay speaks from: its front-matter date, else this year."""
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(essay.meta.get("date") or ""))
    return int(match.group(1)) if match else date.today().year
