"""The reader screen: the reading view, the outline, the search bar and the status line.

It owns the state of reading one essay (the glossary once loaded, the last search, the
reader's choice about the outline, their bookmarks, notes and corrections) and the
background work: the whole of a big book after its head, then the glossary, and the
reader's memory of this essay (where they were, their marks) from the state store.
The app pushes one per essay.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from lecteur.colours import Palette
from lecteur.essay import WORDS_PER_MINUTE, Essay, EssayError, Section
from lecteur.history import Place
from lecteur.i18n import language, t, tn
from lecteur.keys import localise
from lecteur.layout import Layout, kind_label
from lecteur.loader import EssayReady, GlossaryProblem, GlossaryReady, Loader
from lecteur.messages import EssayLoaded, GlossaryFailed, GlossaryLoaded, LoadFailed
from lecteur.outline import Outline
from lecteur.palette import LecteurCommands
from lecteur.reader import ReadingView
from lecteur.settings import Settings
from lecteur.state import SearchState
from lecteur.text import safe
from lecteur.widgets import KeyBar, SearchBar, StatusLine

if TYPE_CHECKING:
    from lecteur.cards import CardResult
    from lecteur.dictionary import Definition, Dictionaries
    from lecteur.glossary import GlossaryView
    from lecteur.search import Hit, Index
    from lecteur.store import CorrectionRow, MarkRow, Position, Store

OUTLINE_MIN_WIDTH = 80
"""Below this many columns the outline starts hidden (``o`` shows it)."""

COMPACT_FOOTER_BELOW = 110
"""Below this many columns the footer drops its spacing."""

BACKGROUND_DELAY = 0.1
"""Seconds after the first frame before background loading starts."""

SAVE_EVERY = 2.0
"""Seconds between two saves of the reader's place (and at every jump, and on leaving)."""

WIDTH_GROUP = Binding.Group("Width", compact=True)
"""``+`` and ``-`` share one footer label."""
MATCH_GROUP = Binding.Group("Match", compact=True)
"""``]`` and ``[`` share one footer label (shown while a search is highlighted)."""

MAX_WAITING_KEYS = 8
"""Glossary keys kept while the glossary loads (more are dropped: a held-down Tab)."""
BOOK_FROM = 2_000
"""Paragraphs from which an essay is a book: folded for search as soon as it is whole, and
moved out of the garbage collector's sight once loaded."""

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
            "O",
            "focus_outline",
            "To outline",
            show=False,
            id="sections.focus-outline",
            tooltip="Into the outline, by keyboard (shown if it was hidden)",
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
            "K",
            "cycle_kind",
            "Kind",
            show=False,
            id="sections.cycle-kind",
            tooltip="Your correction: the section's kind, in turn reminiscence, argument, transition",
        ),
        Binding(
            "S",
            "split_section",
            "Split",
            show=False,
            id="sections.split",
            tooltip="Your correction: split the section at the paragraph at the top",
        ),
        Binding(
            "J",
            "merge_section",
            "Join",
            show=False,
            id="sections.merge",
            tooltip="Your correction: join the section to the one before it",
        ),
        Binding(
            "slash,ctrl+f",
            "search",
            "Search",
            id="reader.search",
            tooltip="Search the essay (case and accents ignored)",
        ),
        Binding(
            "right_square_bracket",
            "next_match",
            "Next match",
            id="search.next-match",
            tooltip="The search's next match, while reading",
            group=MATCH_GROUP,
        ),
        Binding(
            "left_square_bracket",
            "previous_match",
            "Prev match",
            id="search.previous-match",
            tooltip="The search's previous match, while reading",
            group=MATCH_GROUP,
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear",
            show=False,
            id="search.clear",
            tooltip="While reading: clear the search's highlights",
        ),
        Binding(
            "plus,equals_sign",
            "wider",
            "Wider",
            id="reader.wider",
            tooltip="A wider reading column",
            group=WIDTH_GROUP,
        ),
        Binding(
            "minus",
            "narrower",
            "Narrower",
            id="reader.narrower",
            tooltip="A narrower reading column",
            group=WIDTH_GROUP,
        ),
        Binding(
            "m",
            "bookmark",
            "Bookmark",
            show=False,
            id="reader.bookmark",
            tooltip="Set or remove a bookmark on the paragraph at the top",
        ),
        Binding(
            "N",
            "note",
            "Note",
            show=False,
            id="reader.note",
            tooltip="Write a note on the paragraph at the top",
        ),
        Binding(
            "M",
            "marks",
            "Marks",
            show=False,
            id="reader.marks",
            tooltip="Your bookmarks and notes: go to one, delete one",
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
            "d",
            "define_word",
            "Dictionary",
            show=False,
            id="glossary.define-word",
            tooltip="Look up the word under the word cursor in the installed dictionaries",
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

    def __init__(
        self,
        essay: Essay,
        loader: Loader | None = None,
        *,
        from_start: bool = False,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        localise(self)
        self._first_essay = essay
        self.loader = loader if loader is not None else Loader.resume(essay)
        """Brings the rest: the whole of a big essay, then its glossary."""
        self.settings = settings or Settings()
        self.from_start = from_start
        """``--from-start``: do not resume where the reader was."""
        self.glossary_view: GlossaryView | None = None
        """The glossary matched against the open essay, once loaded."""
        self.glossary_problem: str | None = None
        self._waiting_keys: list[str] = []
        """Glossary keys pressed before the glossary arrived (actions, in order)."""
        """Why the glossary is off (a bad glossary file), for the status line."""
        self.glossary_warning: str | None = None
        """A glossary file left out (the others loaded), for the status line."""
        self.search_state = SearchState()
        self._dictionaries: Dictionaries | None = None
        """The installed dictd databases, found on the first ``d``."""
        self._search_index: tuple[Essay, Index] | None = None
        self._outline_chosen: bool | None = self.settings.outline
        """The reader's own choice with `o` (or the settings), which wins over the width."""
        self.essay_id: str | None = None
        """The essay's id in the state store, once known (None: nothing is saved)."""
        self.memory_problem: str | None = None
        """Why the reader's memory is off (or what was repaired), for the status line."""
        self.remembered = False
        """The store has been asked (resumed or not): tests wait for it."""
        self.marks: list[MarkRow] = []
        """Bookmarks and notes of this essay, by paragraph."""
        self._pending_resume: Place | None = None
        self._saved: Place | None = None
        self._busy: list[str] = []
        """Slow actions under way, shown in the status line."""

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Outline(id="outline")
            yield ReadingView(self._first_essay, id="reader")
        yield SearchBar(placeholder=t("search.placeholder"), id="search")
        yield StatusLine(id="status")
        yield KeyBar(compact=self.app.size.width < COMPACT_FOOTER_BELOW)

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

    @property
    def store(self) -> Store:
        """The app's state store (off when the app has none)."""
        from lecteur.store import Store  # sqlite3 waits until after the first paint

        opener = getattr(self.app, "open_store", None)
        store = opener() if callable(opener) else None
        return store if isinstance(store, Store) else Store.off("no state store")

    def on_mount(self) -> None:
        essay = self.essay
        self.app.title = safe(essay.title)
        reader = self.reader
        if self.settings.width is not None:
            reader.measure = self.settings.width
        reader.set_show_terms(self.settings.marks)
        self.outline.show(essay)
        self.outline.highlighted = reader.current_section() if essay.sections else None
        self._fit_to_width(self.app.size.width)
        reader.focus()
        self.update_status()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.update_status())
        for note in essay.notes:
            self.notify(safe(note), timeout=6, markup=False)
        # Background work starts once the first frame is on its way to the terminal:
        # Textual writes frames from a thread of its own, which a busy worker would slow.
        self.set_timer(BACKGROUND_DELAY, self.load_rest)
        # The reader's memory of this essay comes with the frame after the first.
        self.call_after_refresh(self.remember, essay)
        self.set_interval(SAVE_EVERY, self.save_place)

    def on_unmount(self) -> None:
        self.loader.cancel()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to_width(event.size.width)

    def _fit_to_width(self, width: int) -> None:
        """Hide the outline in a narrow terminal, unless the reader asked for it with `o`;
        a compact footer there, so that `?` and `q` stay in sight.

        ``width`` is the new size's (a resize event's), not ``app.size``, which may still
        be the previous one while the event is handled.
        """
        if self._outline_chosen is None:
            self.outline.display = width >= OUTLINE_MIN_WIDTH
        else:
            self.outline.display = self._outline_chosen
        self.query_one(KeyBar).compact = width < COMPACT_FOOTER_BELOW

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
                    self.post_message(EssayLoaded(essay, Layout(essay)))
                elif isinstance(message, GlossaryReady):
                    self.post_message(
                        GlossaryLoaded(
                            essay, message.glossary, message.occurrences, message.headings
                        )
                    )
                elif isinstance(message, GlossaryProblem):
                    partial = message.glossary is not None
                    if message.glossary is not None:
                        self.post_message(
                            GlossaryLoaded(
                                essay, message.glossary, message.occurrences, message.headings
                            )
                        )
                    self.post_message(GlossaryFailed(message.message, partial=partial))
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
        self.reader.set_essay(event.essay, layout=event.layout)
        self.outline.show(event.essay)
        if event.essay.complete and len(event.essay.paragraphs) >= BOOK_FROM:
            # A book: fold it for search now, on the other core while the loader child
            # matches the glossary, so that the first search answers at once.
            self.fold_for_search(event.essay)
        if self.essay_id is None and event.essay.complete and not self.remembered:
            self.remember(event.essay)
        elif self._pending_resume is not None:
            self._resume(self._pending_resume)
        self.update_status()

    @on(GlossaryLoaded)
    def glossary_loaded(self, event: GlossaryLoaded) -> None:
        from lecteur.glossary import GlossaryView

        essay = self.essay
        if event.essay is not essay:  # matched against a version no longer shown
            return
        view = GlossaryView(
            event.glossary, event.occurrences, essay.texts(), essay.language, event.headings
        )
        self.glossary_view = view
        self.reader.set_occurrences(view.occurrences)
        self.reader.glossary_pending = False
        self.update_status()
        self.refresh_bindings()
        self._act_on_waiting_keys()
        if essay.complete and len(essay.paragraphs) >= BOOK_FROM:
            # Everything is loaded and lives as long as the screen: later collections need
            # not traverse it (tens of thousands of objects in a book).
            self.call_after_refresh(_freeze_model)

    @on(GlossaryFailed)
    def glossary_failed(self, event: GlossaryFailed) -> None:
        self.glossary_problem = None if event.partial else event.message
        self.glossary_warning = event.message if event.partial else None
        if not event.partial:
            self.reader.glossary_pending = False
            self._waiting_keys.clear()
        self.update_status()
        key = "notice.glossary_left_out" if event.partial else "notice.glossary_not_loaded"
        self.notify(
            t(key, problem=safe(event.message)), severity="warning", timeout=8, markup=False
        )

    @on(LoadFailed)
    def load_failed(self, event: LoadFailed) -> None:
        self.notify(safe(event.message), severity="error", markup=False)

    # ------------------------------------------------------------ memory

    @work(thread=True, exclusive=True, group="memory")
    def remember(self, essay: Essay) -> None:
        """Find this essay in the state store (off the loop): where the reader was, their
        marks, their searches. An edited file needs its whole text to re-anchor them: for
        the head of a big one, this runs again when the whole arrives."""
        from lecteur.store import file_digest

        store = self.store
        digest = file_digest(essay.path)
        essay_id = None
        if digest is not None:
            texts = essay.texts() if essay.complete else None
            essay_id = store.find(essay.path, digest, texts, essay.title)
        position = store.position(essay_id) if essay_id else None
        marks = store.marks(essay_id) if essay_id else []
        searches = store.searches()
        done = essay_id is not None or essay.complete or digest is None or not store.available
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._remembered, essay_id, position, marks, searches, store.problem, done
            )

    def _remembered(
        self,
        essay_id: str | None,
        position: Position | None,
        marks: list[MarkRow],
        searches: list[str],
        problem: str | None,
        done: bool,
    ) -> None:
        self.essay_id = essay_id
        self.remembered = done
        self.query_one(SearchBar).history = searches
        if problem and problem != self.memory_problem:
            self.memory_problem = problem
            self.notify(t("notice.memory_off", problem=safe(problem)), severity="warning")
        if essay_id is not None:
            self.marks = marks
            self._show_marks()
        if position is not None and not self.from_start:
            self._resume(Place(position.paragraph, position.offset))
        self.update_status()

    def _resume(self, place: Place) -> None:
        """Go back to where the reader was, unless they have moved already."""
        reader = self.reader
        if reader.history.back_stack or round(reader.scroll_y) > 0 or place == Place(-1, 0):
            self._pending_resume = None
            return
        if not reader.go_to_place(place):
            self._pending_resume = place  # beyond the head of a big book: when it comes
            return
        self._pending_resume = None
        self._saved = place
        essay = self.essay
        section = essay.section_of(place.paragraph) + 1 if essay.sections else 1
        fraction, _ = reader.reading_position()
        self.notify(t("notice.resumed", section=section, percent=f"{fraction:.0%}"), markup=False)

    def save_place(self, *, leaving: bool = False) -> None:
        """Keep where the reader is (every few seconds, at each jump, and on leaving).

        ``leaving``: the app is quitting; if the store has not answered yet (a reader who
        quits at once, a slow disk), the essay is looked up here and now.
        """
        if not self.is_attached:
            return
        if self.essay_id is None and leaving:
            from lecteur.store import file_digest

            essay = self.essay
            digest = file_digest(essay.path)
            if digest is not None:
                whole = essay.texts() if essay.complete else None
                self.essay_id = self.store.find(essay.path, digest, whole, essay.title)
        if self.essay_id is None:
            return
        place = self.reader.place()
        if place == self._saved:
            return
        self._saved = place
        from lecteur.store import Position

        texts = self.essay.paragraphs
        text = texts[place.paragraph].text if 0 <= place.paragraph < len(texts) else ""
        self.store.save_position(self.essay_id, Position(place.paragraph, place.offset), text)

    @on(ReadingView.Jumped)
    def jumped(self) -> None:
        self.call_after_refresh(self.save_place)

    def on_screen_suspend(self) -> None:
        self.save_place()

    # ------------------------------------------------------------ status

    def update_status(self) -> None:
        reader = self.reader
        essay = reader.essay
        palette = Palette.of(self.app, "panel")
        problem = self.glossary_problem
        text = Text(no_wrap=not (problem or self.glossary_warning), overflow="ellipsis")
        if essay.sections:
            section = essay.sections[reader.current_section()]
            colour = palette.colour(f"kind-{section.kind}")
            text.append(kind_label(section.kind, language()), style=f"bold {colour}")
            text.append(" · ")
            text.append(safe(section.title), style="italic")
        fraction, words_left = reader.reading_position()
        minutes = -(-words_left // WORDS_PER_MINUTE)
        text.append(f"   {fraction:.0%}", style="bold")
        text.append(" · " + (t("status.left", minutes=minutes) if words_left else t("status.end")))
        if not essay.complete:
            text.append(" · " + t("status.loading"), style=palette.muted)
        if essay.language == "unknown":
            text.append(" · " + t("status.language_unknown"), style=palette.muted)
        for what in self._busy[-1:]:
            text.append(" · " + t("status.busy", what=t(f"busy.{what}")), style="bold")
        search = self.search_state
        if search.query and (reader.search_hits or self.query_one(SearchBar).display):
            position = search.position() if search.hits else t("status.not_found")
            text.append(
                " · " + t("status.search", query=safe(search.query), position=position),
                style="bold",
            )
        if self.memory_problem:
            text.append(" · " + safe(self.memory_problem), style=palette.muted)
        if problem:
            text.append(
                " · " + t("status.glossary_off"), style=f"bold {palette.colour('text-error')}"
            )
            text.append(safe(problem), style=palette.colour("text-error"))
        elif self.glossary_view is not None:
            terms = len(self.glossary_view.found_entries)
            label = tn(terms, "status.terms") if terms else t("status.no_terms")
            text.append(" · " + label, style=palette.muted)
            if self.glossary_warning:
                text.append(
                    " · " + t("status.left_out"), style=f"bold {palette.colour('text-warning')}"
                )
                text.append(safe(self.glossary_warning), style=palette.colour("text-warning"))
        status = self.query_one(StatusLine)
        status.set_class(bool(problem or self.glossary_warning), "-wrap")
        status.update(text)

    def _working(self, what: str, on: bool) -> None:
        """Show (or stop showing) that a slow action is under way."""
        if on:
            self._busy.append(what)
        elif what in self._busy:
            self._busy.remove(what)
        self.update_status()

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

    @on(Outline.Left)
    def outline_left(self) -> None:
        self.reader.focus()

    # ------------------------------------------------------------ sections

    def current_section(self) -> int:
        """The section being read (for the palette)."""
        return self.reader.current_section()

    def go_to_section(self, index: int) -> None:
        self.reader.go_to_section(index)
        self.reader.focus()

    def action_toggle_outline(self) -> None:
        outline = self.outline
        outline.display = not outline.display
        self._outline_chosen = bool(outline.display)
        if not outline.display:
            self.reader.focus()

    def action_focus_outline(self) -> None:
        outline = self.outline
        if not outline.display:
            outline.display = True
            self._outline_chosen = True
        outline.highlighted = self.reader.current_section() if outline.option_count else None
        outline.focus()

    def action_explain(self) -> None:
        self._working("explain", True)
        self._explain(self.essay, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="explain")
    def _explain(self, essay: Essay, paragraph: int) -> None:
        """Why the paragraph at the top has its kind (the model's strongest reasons)."""
        from lecteur.library import explain_line

        try:
            if 0 <= paragraph < len(essay.paragraphs):
                line = explain_line(essay, paragraph, first=1)
                self.app.call_from_thread(
                    self.notify, safe(line), title=t("notice.why"), timeout=10, markup=False
                )
        finally:
            self.app.call_from_thread(self._working, "explain", False)

    # ------------------------------------------------------------ corrections

    def _correct(self, correction: CorrectionRow, notice: str) -> None:
        """Apply one correction to the sections shown, keep it, and say what it did."""
        from lecteur.corrections import apply_one

        essay = self.essay
        before = essay.sections
        after = apply_one(list(before), correction, essay.texts(), essay.headings_for_paragraphs())
        if after == before:
            self.app.bell()
            return
        essay.sections = after
        self.reader.set_essay(essay)
        self.outline.show(essay)
        self.outline.highlighted = self.reader.current_section()
        if self.essay_id is not None:
            text = essay.paragraphs[correction.paragraph].text
            self.store.add_correction(self.essay_id, correction, text)
        self.notify(notice, markup=False)
        self.update_status()

    def action_cycle_kind(self) -> None:
        from lecteur.corrections import next_kind
        from lecteur.store import CorrectionRow

        essay = self.essay
        index = self.reader.current_section()
        section = essay.sections[index]
        kind = next_kind(section.kind)
        self._correct(
            CorrectionRow("kind", section.first, str(kind)),
            t("notice.kind_changed", section=index + 1, kind=kind_label(kind, language())),
        )

    def action_split_section(self) -> None:
        from lecteur.store import CorrectionRow

        essay = self.essay
        paragraph = self.reader.top_paragraph()
        index = essay.section_of(paragraph)
        if essay.sections[index].first == paragraph:
            self.notify(t("notice.cannot_split", paragraph=paragraph + 1), markup=False)
            return
        self._correct(
            CorrectionRow("split", paragraph),
            t("notice.split", section=index + 1, paragraph=paragraph + 1),
        )

    def action_merge_section(self) -> None:
        from lecteur.store import CorrectionRow

        essay = self.essay
        index = self.reader.current_section()
        if index == 0:
            self.notify(t("notice.cannot_merge"), markup=False)
            return
        self._correct(
            CorrectionRow("merge", essay.sections[index].first),
            t("notice.merged", section=index + 1, previous=index),
        )

    def forget_corrections(self) -> None:
        """Back to the automatic split for this essay (the palette's command)."""
        if self.essay_id is not None:
            self.store.clear_corrections(self.essay_id)
        self._working("remember", True)
        self._resplit(self.essay)

    @work(thread=True, exclusive=True, group="split")
    def _resplit(self, essay: Essay) -> None:
        from dataclasses import replace

        from lecteur.library import split

        fresh = split(replace(essay, sections=[]), [])
        self.app.call_from_thread(self._resplit_done, essay, fresh.sections)

    def _resplit_done(self, essay: Essay, sections: list[Section]) -> None:
        self._working("remember", False)
        if essay is not self.essay:
            return
        essay.sections = sections
        self.reader.set_essay(essay)
        self.outline.show(essay)
        self.notify(t("notice.corrections_cleared"), markup=False)
        self.update_status()

    def toggle_terms(self) -> None:
        """Underline the glossary terms, or not (the palette's command; kept as ``marks``)."""
        show = not self.reader.show_terms
        self.reader.set_show_terms(show)
        keep = getattr(self.app, "keep_setting", None)
        if callable(keep):
            keep("marks", show)

    # ------------------------------------------------------------ bookmarks and notes

    def _show_marks(self) -> None:
        signs: dict[int, str] = {}
        for mark in self.marks:
            old = signs.get(mark.paragraph)
            signs[mark.paragraph] = "both" if old and old != mark.kind else mark.kind
        self.reader.set_marks(signs)

    def _mark(self, kind: str, paragraph: int) -> MarkRow | None:
        return next((m for m in self.marks if m.kind == kind and m.paragraph == paragraph), None)

    def _set_mark(self, kind: str, paragraph: int, note: str = "") -> None:
        from lecteur.store import MarkRow

        place = self.reader.place()
        offset = max(0, place.offset) if place.paragraph == paragraph else 0
        self.marks = [m for m in self.marks if not (m.kind == kind and m.paragraph == paragraph)]
        text = self.essay.paragraphs[paragraph].text
        self.marks.append(MarkRow(0, kind, paragraph, offset, text[:200], note, 0.0))
        self.marks.sort(key=lambda m: (m.paragraph, m.kind))
        if self.essay_id is not None:
            self.store.set_mark(self.essay_id, kind, paragraph, offset, text, note)
        self._show_marks()

    def delete_mark(self, kind: str, paragraph: int) -> None:
        self.marks = [m for m in self.marks if not (m.kind == kind and m.paragraph == paragraph)]
        if self.essay_id is not None:
            self.store.delete_mark(self.essay_id, kind, paragraph)
        self._show_marks()

    def action_bookmark(self) -> None:
        paragraph = self.reader.top_paragraph()
        if not self.essay.paragraphs:
            return
        if self._mark("bookmark", paragraph):
            self.delete_mark("bookmark", paragraph)
            self.notify(t("notice.bookmark_removed", paragraph=paragraph + 1), markup=False)
        else:
            self._set_mark("bookmark", paragraph)
            self.notify(t("notice.bookmark_set", paragraph=paragraph + 1), markup=False)

    def action_note(self) -> None:
        from lecteur.marks import NoteEditor

        paragraph = self.reader.top_paragraph()
        if not self.essay.paragraphs:
            return
        old = self._mark("note", paragraph)

        def done(text: str | None) -> None:
            if text is None:
                return
            if text.strip():
                self._set_mark("note", paragraph, text.strip())
                self.notify(t("notice.note_saved", paragraph=paragraph + 1), markup=False)
            elif old is not None:
                self.delete_mark("note", paragraph)
                self.notify(t("notice.note_deleted", paragraph=paragraph + 1), markup=False)

        quote = self.essay.paragraphs[paragraph].text
        self.app.push_screen(NoteEditor(paragraph, quote, old.text if old else ""), done)

    def action_marks(self) -> None:
        from lecteur.marks import MarksList

        if not self.marks:
            self.notify(t("notice.no_marks"), markup=False)
            return

        def done(paragraph: int | None) -> None:
            if paragraph is not None:
                mark = next((m for m in self.marks if m.paragraph == paragraph), None)
                offset = mark.offset if mark else 0
                self.reader.go_to_place(Place(paragraph, offset), record=True)
                self.reader.focus()

        self.app.push_screen(MarksList(self), done)

    # ------------------------------------------------------------ links

    def action_follow_link(self) -> None:
        from lecteur.links import LinkList, links_in

        first, last = self.reader.visible_paragraphs()
        links = links_in(self.essay, first, last)
        if not links:
            self.notify(t("notice.no_link"), markup=False)
            return
        self.app.push_screen(LinkList(links), self._follow)

    def _follow(self, target: str | None) -> None:
        from lecteur.links import ConfirmOpen, anchor_paragraph

        if not target:
            return
        if target.startswith("#"):
            paragraph = anchor_paragraph(self.essay, target)
            if paragraph is None:
                self.notify(t("notice.no_anchor", target=safe(target)), markup=False)
            else:
                self.reader.go_to_paragraph(paragraph)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.open_url(target)

        self.app.push_screen(ConfirmOpen(target), confirmed)

    # ------------------------------------------------------------ glossary

    @on(ReadingView.KeyWaits)
    def key_waits(self, event: ReadingView.KeyWaits) -> None:
        self._wait_for_glossary(event.action)

    def _wait_for_glossary(self, action: str) -> None:
        """Keep a glossary key pressed while the glossary loads (a few, in order)."""
        if not self._waiting_keys:
            self.notify(t("notice.key_waits"), timeout=3, markup=False)
        if len(self._waiting_keys) < MAX_WAITING_KEYS:
            self._waiting_keys.append(action)

    def _act_on_waiting_keys(self) -> None:
        """The glossary is here: the keys that waited for it act, in the order pressed."""
        waiting, self._waiting_keys = self._waiting_keys, []
        if waiting:  # the "still loading" notice has said its piece: not over the card
            self.app.clear_notifications()
        for action in waiting:
            if action in ("glossary", "timeline"):
                getattr(self, f"action_{action}")()
            else:
                getattr(self.reader, f"action_{action}")()

    @on(ReadingView.TermChosen)
    def term_chosen(self, event: ReadingView.TermChosen) -> None:
        view = self.glossary_view
        if view is not None and 0 <= event.occurrence < len(view.occurrences):
            self.open_card(view.occurrences[event.occurrence].entry_id, current=event.occurrence)

    def open_card(self, entry_id: str, *, current: int | None = None) -> None:
        """Open a term's card; a mention chosen there (or in a see-also card) is followed."""
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
            self.reader.set_cursor(value, record=True)
        elif action == "card" and isinstance(value, str):
            self.open_card(value)

    def _glossary_state(self) -> str | None:
        """Why ``g`` and ``T`` cannot open now (None: they can)."""
        if self.glossary_problem:
            return t("notice.no_glossary", problem=self.glossary_problem)
        if self.glossary_view is None:
            return t("notice.glossary_loading")
        if not self.glossary_view.found_entries:
            return t("notice.no_terms")
        return None

    def action_glossary(self) -> None:
        from lecteur.cards import GlossaryList

        if self.glossary_view is None and not self.glossary_problem:
            self._wait_for_glossary("glossary")
        elif self.glossary_view is not None and self._glossary_state() is None:
            self.app.push_screen(GlossaryList(self.glossary_view), self._entry_picked)

    def action_timeline(self) -> None:
        from lecteur.cards import Timeline

        if self.glossary_view is None and not self.glossary_problem:
            self._wait_for_glossary("timeline")
        elif self.glossary_view is not None and self._glossary_state() is None:
            self.app.push_screen(
                Timeline(self.glossary_view, now=essay_year(self.essay)), self._entry_picked
            )

    def _entry_picked(self, entry_id: str | None) -> None:
        if entry_id:
            self.open_card(entry_id)

    # ------------------------------------------------------------ dictionary

    def action_define_word(self) -> None:
        """``d``: the word under the word cursor, in the dictd databases installed."""
        word = self.reader.word_text()
        if word is None:
            self.notify(t("dictionary.no_word"), severity="warning", markup=False)
            return
        self._look_up(word)

    @work(thread=True, exclusive=True, group="dictionary")
    def _look_up(self, word: str) -> None:
        """Read the dictionaries off the event loop (an index is read once, in a fraction
        of a second, then kept)."""
        from lecteur.dictionary import SUGGESTED_PACKAGES, Dictionaries

        if self._dictionaries is None:
            self._dictionaries = Dictionaries()
        dictionaries = self._dictionaries
        if not dictionaries:
            self.app.call_from_thread(
                self.notify,
                t("dictionary.none", packages=SUGGESTED_PACKAGES),
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        form, found = dictionaries.lookup(word)
        if get_current_worker().is_cancelled:
            return
        if not found:
            names = ", ".join(d.name for d in dictionaries.databases)
            self.app.call_from_thread(
                self.notify,
                t("dictionary.not_found", word=safe(word), names=names),
                markup=False,
            )
            return
        self.app.call_from_thread(self._show_definitions, form, found)

    def _show_definitions(self, word: str, found: list[Definition]) -> None:
        from lecteur.cards import DictionaryCard

        self.app.push_screen(DictionaryCard(word, found))

    def on_key(self, event: events.Key) -> None:
        """``g`` or ``T`` while greyed out: say why, rather than nothing."""
        if event.key in ("g", "T") and (problem := self._glossary_state()) is not None:
            self.notify(safe(problem), severity="warning", markup=False)

    # ------------------------------------------------------------ search

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = True
        bar.focus()
        self.update_status()

    def action_close_search(self) -> None:
        """Esc in the search box: close it; the highlights stay (Esc again clears them)."""
        bar = self.query_one(SearchBar)
        bar.display = False
        self.reader.focus()
        self.update_status()
        self.refresh_bindings()

    def action_clear_search(self) -> None:
        """Esc while reading with highlighted matches: clear them (as less's ESC-u)."""
        self.reader.set_search([])
        self.search_state = SearchState()
        self.update_status()
        self.refresh_bindings()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        bar = self.query_one(SearchBar)
        bar.display = False
        self.reader.focus()
        if not query:
            self.update_status()
            return
        bar.remember(query)
        if self.essay_id is not None or self.store.available:
            self.store.add_search(query)
        search = self.search_state
        if search.query == query and search.hits:
            self._show_hit(query, search.hits, search.next_index())
        else:
            self._working("search", True)
            self.find(self.essay, query, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="search")
    def find(self, essay: Essay, query: str, from_paragraph: int) -> None:
        """Find every match off the event loop; go to the first one from the view on.

        The essay is folded once (the first search) and searched as often as wanted.
        """
        hits = self._index_for(essay).find(query)
        first = SearchState.first_from(hits, from_paragraph)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hit, query, hits, first)

    @work(thread=True, exclusive=True, group="fold")
    def fold_for_search(self, essay: Essay) -> None:
        """Build the search index of a book ahead of the first search (off the loop)."""
        self._index_for(essay)

    def _index_for(self, essay: Essay) -> Index:
        """The essay's search index, folded the first time it is needed (in a thread)."""
        from lecteur.search import Index

        if self._search_index is None or self._search_index[0] is not essay:
            self._search_index = (essay, Index(essay.texts()))
        return self._search_index[1]

    def _show_hit(self, query: str, hits: Sequence[Hit], current: int) -> None:
        if "search" in self._busy:
            self._busy.remove("search")
        self.search_state = SearchState(query, hits, current)
        self.reader.set_search(hits, current if hits else -1)
        if not hits:
            self.app.bell()
        self.update_status()
        self.refresh_bindings()

    def action_next_match(self) -> None:
        search = self.search_state
        if search.hits:
            self._show_hit(search.query, search.hits, search.next_index())
        else:
            self.notify(t("notice.no_search"), markup=False)

    def action_previous_match(self) -> None:
        search = self.search_state
        if search.hits:
            self._show_hit(search.query, search.hits, search.previous_index())
        else:
            self.notify(t("notice.no_search"), markup=False)

    # ------------------------------------------------------------ column

    def _set_measure(self, measure: int) -> None:
        low, high = MEASURE_RANGE
        measure = min(high, max(low, measure))
        if measure == self.reader.measure:
            return
        self.reader.measure = measure
        keep = getattr(self.app, "keep_setting", None)
        if callable(keep):
            keep("width", measure)

    def action_wider(self) -> None:
        self._set_measure(self.reader.measure + MEASURE_STEP)

    def action_narrower(self) -> None:
        self._set_measure(self.reader.measure - MEASURE_STEP)

    # ------------------------------------------------------------ availability

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The active keys, the app's (``?``, ``q``) first: the footer shows them in this
        order and cuts what does not fit at the right, and those two must stay in sight."""
        bindings = super().active_bindings
        first = {k: b for k, b in bindings.items() if b.node is self.app}
        return {**first, **{k: b for k, b in bindings.items() if k not in first}}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_search":
            return bool(self.query_one(SearchBar).display)
        if action == "clear_search":
            return bool(self.reader.search_hits)
        if action in ("next_match", "previous_match"):
            return bool(self.search_state.hits)
        if action in ("glossary", "timeline"):
            loading = self.glossary_view is None and not self.glossary_problem
            return True if loading or self._glossary_state() is None else None
        if action in ("cycle_kind", "split_section", "merge_section"):
            # Corrections wait for the whole of a big book (they are anchored in it).
            return True if self.essay.complete and self.essay.sections else None
        return True


def _freeze_model() -> None:
    gc.collect()
    gc.freeze()


def essay_year(essay: Essay) -> int:
    """The year the essay speaks from: its front-matter date, else this year."""
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(essay.meta.get("date") or ""))
    return int(match.group(1)) if match else date.today().year
