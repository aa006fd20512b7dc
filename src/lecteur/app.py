"""The lecteur application: reading view, outline, status line, help and essay picker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

if TYPE_CHECKING:
    # The glossary screens and matcher load after the first paint (see load_glossary).
    from lecteur.cards import CardResult
    from lecteur.glossary import Glossary, GlossaryView, Occurrence
    from lecteur.loader import Prefetch
    from lecteur.search import Hit

from lecteur.essay import HEAD_CHARS, Essay, EssayError, load_essay
from lecteur.layout import kind_label, safe
from lecteur.outline import Outline
from lecteur.palette import LecteurCommands
from lecteur.reader import ReadingView


OUTLINE_MIN_WIDTH = 80
"""Below this many columns the outline starts hidden (``o`` shows it)."""

BACKGROUND_DELAY = 0.1
"""Seconds after the first frame before background loading starts."""

KIND_COLOUR = {"reminiscence": "text-warning", "argument": "text-primary", "transition": "text-muted"}
"""Theme variables for each kind: the same colours as the outline and section headers."""


def open_essay(path: Path) -> Essay:
    """Load what the first paint needs: the whole essay, or the head of a big one."""
    return load_essay(path, head=HEAD_CHARS)


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """


class SearchBar(Input):
    """`/`: find text in the essay; Enter goes to the next match, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next match"),
        Binding("escape", "app.close_search", "Close"),
    ]

    DEFAULT_CSS = """
    SearchBar {
        height: 1; border: none; padding: 0 1;
        background: $panel; display: none;
    }
    SearchBar:focus { border: none; background-tint: $foreground 5%; }
    """


class HelpScreen(ModalScreen[None]):
    """Every key, in one place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 96%; height: auto; max-height: 94%;
        background: $panel; border: round $accent; padding: 0 1;
        border-subtitle-color: $text-muted;
    }
    """

    KEYS = [
        ("Reading", ""),
        ("j / ↓, k / ↑", "scroll one line"),
        ("space, PageDown / PageUp, b", "scroll one page"),
        ("Home / End", "beginning / end of the essay"),
        ("+ / -", "wider / narrower column"),
        ("Sections", ""),
        ("n / p", "next / previous section"),
        ("r / a", "next reminiscence / next argument"),
        ("1 … 9", "section 1 to 9"),
        ("o", "show or hide the outline"),
        ("e", "why the paragraph at the top has its kind"),
        ("/, ctrl+f", "search; Enter: next match; Esc: close"),
        ("Glossary", ""),
        ("Tab / Shift+Tab", "next / previous marked term"),
        ("Enter, click", "open the term's card"),
        ("l (in a card)", "definition in the other language"),
        ("Esc", "close a card or a list"),
        ("g", "the essay's glossary, filter as you type"),
        ("T", "timeline of the terms"),
        ("App", ""),
        ("ctrl+p", "command palette: Define …, Go to …, themes"),
        ("?", "this help"),
        ("q", "quit"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=28)
        table.add_column()
        for key, what in self.KEYS:
            if what:
                table.add_row(key, what)
            else:
                table.add_row(Text(key, style="bold underline"), "")
        with VerticalScroll() as box:
            box.border_title = "lecteur — keys"
            box.border_subtitle = "Esc closes"
            yield Static(table)


class EssayPicker(Screen[Path]):
    """A folder of essays: choose one to read."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, folder: Path, paths: list[Path]) -> None:
        super().__init__()
        self.folder = folder
        self.paths = paths

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Essays in {self.folder}", style="bold"), id="picker-title")
        yield OptionList(
            *[Option(Text(p.name), id=str(i)) for i, p in enumerate(self.paths)], id="picker"
        )
        yield Footer()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[int(event.option.id or 0)])


class LecteurApp(App[None]):
    """Read an essay in the terminal."""

    TITLE = "lecteur"
    CSS = """
    Screen { layout: vertical; }
    #main { height: 1fr; }
    ReadingView { width: 1fr; height: 1fr; }
    #picker-title { padding: 1 2; }
    """
    COMMANDS = App.COMMANDS | {LecteurCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("o", "toggle_outline", "Outline", tooltip="Show or hide the outline"),
        Binding("g", "glossary", "Glossary", tooltip="The essay's glossary"),
        Binding("T", "timeline", "Timeline", tooltip="The terms on a year axis"),
        Binding("e", "explain", "Why?", show=False, tooltip="Why this paragraph has its kind"),
        Binding("slash,ctrl+f", "search", "Search", show=False, tooltip="Find text"),
        Binding("escape", "close_search", "Close search", show=False),
        Binding("plus,equals_sign", "wider", "Wider", show=False),
        Binding("minus", "narrower", "Narrower", show=False),
    ]
    """Application keys; reading keys live on the reading view."""

    def __init__(
        self,
        essay: Essay | None = None,
        *,
        folder: Path | None = None,
        choices: list[Path] | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        super().__init__()
        self.essay = essay
        self.prefetch = prefetch
        """The child process still loading the rest of a big essay, if any."""
        self.folder = folder
        self.choices = choices or []
        self.glossary_view: GlossaryView | None = None
        """The glossary matched against the open essay, once loaded."""
        self.glossary_problem: str | None = None
        """Why the glossary is off (a bad glossary file), for the status line."""
        self._explained: tuple[Essay, list[str]] | None = None
        self._search: tuple[str, list[Hit], int] | None = None
        """The last search: its query, its hits and the current one."""
        self._outline_chosen: bool | None = None
        """The reader's own choice with `o`, which wins over the terminal's width."""

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        if self.essay is None:
            return
        yield from self._reader_widgets(self.essay)

    def _reader_widgets(self, essay: Essay) -> list[Widget]:
        return [
            Horizontal(Outline(id="outline"), ReadingView(essay, id="reader"), id="main"),
            SearchBar(placeholder="Search…", id="search"),
            StatusLine(id="status"),
            Footer(),
        ]

    def on_unmount(self) -> None:
        if self.prefetch is not None:
            self.prefetch.close()

    def on_mount(self) -> None:
        if self.essay is None:
            self.push_screen(EssayPicker(self.folder or Path("."), self.choices), self._picked)
            return
        self._start_reading()

    def _picked(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            essay = open_essay(path)
        except EssayError as error:
            self.notify(safe(str(error)), severity="error", markup=False)
            self.push_screen(EssayPicker(self.folder or Path("."), self.choices), self._picked)
            return
        self.essay = essay
        self.screen_stack[0].mount_all(self._reader_widgets(essay))
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        essay = self.reader.essay
        self.title = essay.title
        self.outline.show(essay)
        self.outline.highlighted = self.reader.current_section() if essay.sections else None
        self._fit_outline()
        self.reader.focus()
        self.update_status()
        # Background work starts once the first frame is on its way to the terminal:
        # Textual writes frames from a thread of its own, which a busy worker would slow.
        self.set_timer(BACKGROUND_DELAY, lambda: self._start_background(essay))

    def _start_background(self, essay: Essay) -> None:
        if self.prefetch is not None:
            self.listen(self.prefetch, essay)
        else:
            self.load_glossary(essay)
            if not essay.complete:
                self.load_rest(essay.path)

    @property
    def reader(self) -> ReadingView:
        """The reading view, which lives on the base screen under any card or list."""
        return self.screen_stack[0].query_one(ReadingView)

    @property
    def outline(self) -> Outline:
        return self.screen_stack[0].query_one(Outline)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def listen(self, prefetch: Prefetch, essay: Essay) -> None:
        """Take what the loader process sends: the whole essay, then its glossary."""
        glossary_done = False
        for message in prefetch.messages():
            if get_current_worker().is_cancelled:
                return
            if message[0] == "essay" and isinstance(message[1], Essay):
                essay = message[1]
                self.call_from_thread(self._loaded, essay, glossary=False)
            elif message[0] == "glossary":
                glossary, occurrences = message[1], message[2]
                self.call_from_thread(self._glossary_found, essay, glossary, occurrences)
                glossary_done = True
            elif message[0] == "glossary-error":
                self.call_from_thread(self._glossary_failed, str(message[1]))
                glossary_done = True
        # The loader stopped early (it should not): do the rest here.
        if not essay.complete:
            self.call_from_thread(self.load_rest, essay.path)
        elif not glossary_done:
            self.call_from_thread(self.load_glossary, essay)

    @work(thread=True, exclusive=True, group="load")
    def load_rest(self, path: Path) -> None:
        """Parse the whole of a big file off the event loop."""
        try:
            essay = load_essay(path)
        except EssayError as error:
            self.call_from_thread(self.notify, safe(str(error)), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._loaded, essay)

    def _loaded(self, essay: Essay, *, glossary: bool = True) -> None:
        self.essay = essay
        self.reader.set_essay(essay)
        self.outline.show(essay)
        self._explained = None
        self.update_status()
        if glossary:
            self.load_glossary(essay)

    @work(thread=True, exclusive=True, group="glossary")
    def load_glossary(self, essay: Essay) -> None:
        """Load the glossary files and match every term, off the event loop."""
        from lecteur.loader import glossary_message

        message = glossary_message(essay)
        if get_current_worker().is_cancelled:
            return
        if message[0] == "glossary":
            self.call_from_thread(self._glossary_found, essay, message[1], message[2])
        else:
            self.call_from_thread(self._glossary_failed, str(message[1]))

    def _glossary_found(
        self, essay: Essay, glossary: Glossary, occurrences: list[Occurrence]
    ) -> None:
        from lecteur.glossary import GlossaryView

        if essay is not self.reader.essay:
            return
        view = GlossaryView(glossary, occurrences, essay.texts(), essay.language)
        self.glossary_view = view
        self.glossary_problem = None
        self.reader.set_occurrences(view.occurrences)
        self.update_status()

    def _glossary_failed(self, message: str) -> None:
        self.glossary_problem = message
        self.update_status()
        self.notify(
            f"Glossary not loaded: {safe(message)}", severity="warning", timeout=8, markup=False
        )

    # ------------------------------------------------------------ status

    def update_status(self) -> None:
        reader = self.reader
        essay = reader.essay
        text = Text(no_wrap=True, overflow="ellipsis")
        if essay.sections:
            section = essay.sections[reader.current_section()]
            colour = self.theme_variables.get(KIND_COLOUR[section.kind], "")
            style = f"bold {colour}" if colour.startswith("#") else "bold"
            text.append(kind_label(section.kind, essay.language), style=style)
            text.append(" · ")
            text.append(section.title, style="italic")
        fraction, words_left = reader.reading_position()
        minutes = -(-words_left // 230)
        text.append(f"   {fraction:.0%}", style="bold")
        text.append(f" · {minutes} min left" if words_left else " · the end")
        if not essay.complete:
            text.append(" · loading…", style="dim")
        if self._search is not None and self.screen_stack[0].query_one(SearchBar).display:
            query, hits, current = self._search
            where = f"{current + 1}/{len(hits)}" if hits else "not found"
            text.append(f" · “{safe(query)}”: {where}", style="bold")
        if self.glossary_problem:
            text.append(" · glossary off: ", style="bold red")
            text.append(safe(self.glossary_problem), style="red")
        elif self.glossary_view is not None:
            terms = len(self.glossary_view.found_entries)
            text.append(f" · {terms} terms (Tab)", style="dim")
        self.screen_stack[0].query_one(StatusLine).update(text)

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
        self.reader.go_to_section(event.index)
        self.reader.focus()

    # ------------------------------------------------------------ actions

    def action_toggle_outline(self) -> None:
        outline = self.outline
        outline.display = not outline.display
        self._outline_chosen = bool(outline.display)
        if not outline.display:
            self.reader.focus()

    def on_resize(self) -> None:
        self._fit_outline()

    def _fit_outline(self) -> None:
        """Hide the outline in a narrow terminal, unless the reader asked for it with `o`."""
        if self.essay is None or not self.screen_stack[0].query(Outline):
            return
        if self._outline_chosen is None:
            self.outline.display = self.size.width >= OUTLINE_MIN_WIDTH

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

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
            self.bell()
            return
        self.push_screen(TermCard(entry, view, current=current), self._card_closed)

    def _card_closed(self, result: CardResult) -> None:
        if result is None:
            return
        action, value = result
        if action == "goto" and isinstance(value, int):
            self.reader.set_cursor(value)
        elif action == "card" and isinstance(value, str):
            self.open_card(value)

    def _need_glossary(self) -> GlossaryView | None:
        if self.glossary_view is None:
            problem = self.glossary_problem
            self.notify(
                f"No glossary: {safe(problem)}" if problem else "The glossary is still loading.",
                severity="warning",
                markup=False,
            )
        return self.glossary_view

    def action_glossary(self) -> None:
        from lecteur.cards import GlossaryList

        if (view := self._need_glossary()) is not None:
            self.push_screen(GlossaryList(view), self._entry_picked)

    def action_timeline(self) -> None:
        from lecteur.cards import Timeline

        if (view := self._need_glossary()) is not None:
            self.push_screen(Timeline(view, now=essay_year(self.reader.essay)), self._entry_picked)

    def _entry_picked(self, entry_id: str | None) -> None:
        if entry_id:
            self.open_card(entry_id)

    def action_explain(self) -> None:
        self._explain(self.reader.essay, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="explain")
    def _explain(self, essay: Essay, paragraph: int) -> None:
        """Why the paragraph at the top has its kind (evidence from the splitter)."""
        if self._explained is None or self._explained[0] is not essay:
            from lecteur.essay import explain_lines

            self._explained = (essay, explain_lines(essay, first=1))
        lines = self._explained[1]
        if 0 <= paragraph < len(lines):
            self.call_from_thread(
                self.notify,
                safe(lines[paragraph]),
                title="Why this kind",
                timeout=10,
                markup=False,
            )

    def action_search(self) -> None:
        bar = self.screen_stack[0].query_one(SearchBar)
        bar.display = True
        bar.focus()

    def action_close_search(self) -> None:
        bar = self.screen_stack[0].query_one(SearchBar)
        bar.display = False
        self.reader.set_search([])
        self.reader.focus()
        self.update_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_search":
            bars = self.screen_stack[0].query(SearchBar)
            return bool(bars and bars.first().display)
        return True

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        if self._search is not None and self._search[0] == query and self._search[1]:
            _, hits, current = self._search
            self._show_hit(query, hits, (current + 1) % len(hits))
        else:
            self.find(self.reader.essay, query, self.reader.top_paragraph())

    @work(thread=True, exclusive=True, group="search")
    def find(self, essay: Essay, query: str, from_paragraph: int) -> None:
        """Find every match off the event loop; go to the first one from the view on."""
        from bisect import bisect_left

        from lecteur.search import find_all

        hits = find_all(essay.texts(), query)
        first = bisect_left([h.paragraph for h in hits], from_paragraph) % max(1, len(hits))
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_hit, query, hits, first)

    def _show_hit(self, query: str, hits: list[Hit], current: int) -> None:
        self._search = (query, hits, current)
        self.reader.set_search(hits, current if hits else -1)
        if not hits:
            self.bell()
        self.update_status()

    def action_wider(self) -> None:
        self.reader.measure = min(160, self.reader.measure + 4)

    def action_narrower(self) -> None:
        self.reader.measure = max(30, self.reader.measure - 4)


def essay_year(essay: Essay) -> int:
    """The year the essay speaks from: its front-matter date, else this year."""
    import re

    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", str(essay.meta.get("date") or ""))
    if match:
        return int(match.group(1))
    from datetime import date

    return date.today().year


def make_app(path: Path | None = None) -> LecteurApp:
    """Build the app for an essay file (None: the bundled essay). Raises EssayError."""
    from lecteur.essay import bundled_essay

    return LecteurApp(open_essay(path or bundled_essay()))
