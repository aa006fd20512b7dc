"""The lecteur application: reading view, outline, status line, help and essay picker."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from lecteur.essay import Essay, EssayError, load_essay
from lecteur.layout import kind_label
from lecteur.reader import ReadingView

HEAD_CHARS = 120_000
"""Characters parsed before the first paint; the rest of a big file follows in a worker."""

KIND_STYLE = {"reminiscence": "bold yellow", "argument": "bold cyan", "transition": "dim"}
KIND_ICON = {"reminiscence": "◆", "argument": "▶", "transition": "·"}


def open_essay(path: Path) -> Essay:
    """Load what the first paint needs: the whole essay, or the head of a big one."""
    return load_essay(path, head=HEAD_CHARS)


class Outline(OptionList):
    """The essay's sections, coloured by kind; the current one is highlighted."""

    DEFAULT_CSS = """
    Outline {
        width: 34;
        height: 1fr;
        border: none;
        border-right: vkey $foreground 20%;
        background: $surface;
        padding: 0 1;
    }
    Outline:focus { border: none; border-right: vkey $accent; }
    """

    def show(self, essay: Essay) -> None:
        self.clear_options()
        options = []
        for i, section in enumerate(essay.sections):
            label = Text()
            label.append(f"{i + 1:>2} ", style="dim")
            label.append(f"{KIND_ICON.get(section.kind, '·')} ", style=KIND_STYLE[section.kind])
            label.append(kind_label(section.kind, essay.language), style=KIND_STYLE[section.kind])
            label.append(f"  ¶{section.first + 1}–{section.last + 1}\n", style="dim")
            label.append("   " + section.title, style="italic")
            options.append(Option(label, id=f"section-{i}"))
        self.add_options(options)


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """


class HelpScreen(ModalScreen[None]):
    """Every key, in one place."""

    BINDINGS: list[BindingType] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 64; height: auto; max-height: 90%;
        background: $panel; border: round $accent; padding: 1 2;
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
        ("Glossary", ""),
        ("Tab / Shift+Tab", "next / previous marked term"),
        ("Enter, click", "open the term's card"),
        ("App", ""),
        ("ctrl+p", "command palette (themes, …)"),
        ("?", "this help"),
        ("q", "quit"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("lecteur — keys\n", style="bold")
        for key, what in self.KEYS:
            if not what:
                text.append(f"\n{key}\n", style="bold underline")
            else:
                text.append(f"  {key:<30}", style="bold")
                text.append(f"{what}\n")
        text.append("\nEsc closes this help.", style="dim")
        with Vertical():
            yield Static(text)


class EssayPicker(Screen[Path]):
    """A folder of essays: choose one to read."""

    BINDINGS: list[BindingType] = [Binding("q,escape", "app.quit", "Quit")]

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
    BINDINGS: list[BindingType] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Keys"),
        Binding("o", "toggle_outline", "Outline", tooltip="Show or hide the outline"),
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
    ) -> None:
        super().__init__()
        self.essay = essay
        self.folder = folder
        self.choices = choices or []

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        if self.essay is None:
            return
        yield from self._reader_widgets(self.essay)

    def _reader_widgets(self, essay: Essay) -> ComposeResult:
        with Horizontal(id="main"):
            yield Outline(id="outline")
            yield ReadingView(essay, id="reader")
        yield StatusLine(id="status")
        yield Footer()

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
            self.notify(Text(str(error)).plain, severity="error", markup=False)
            self.push_screen(EssayPicker(self.folder or Path("."), self.choices), self._picked)
            return
        self.essay = essay
        self.mount_all(list(self._reader_widgets(essay)))
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        essay = self.reader.essay
        self.title = essay.title
        self.outline.show(essay)
        self.reader.focus()
        self.update_status()
        if not essay.complete:
            self.load_rest(essay.path)

    @property
    def reader(self) -> ReadingView:
        return self.screen.query_one(ReadingView)

    @property
    def outline(self) -> Outline:
        return self.screen.query_one(Outline)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load")
    def load_rest(self, path: Path) -> None:
        """Parse the whole of a big file off the event loop."""
        try:
            essay = load_essay(path)
        except EssayError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._loaded, essay)

    def _loaded(self, essay: Essay) -> None:
        self.essay = essay
        self.reader.set_essay(essay)
        self.outline.show(essay)
        self.update_status()

    # ------------------------------------------------------------ status

    def update_status(self) -> None:
        reader = self.reader
        essay = reader.essay
        text = Text(no_wrap=True, overflow="ellipsis")
        if essay.sections:
            section = essay.sections[reader.current_section()]
            text.append(kind_label(section.kind, essay.language), style=KIND_STYLE[section.kind])
            text.append(" · ")
            text.append(section.title, style="italic")
        fraction, words_left = reader.reading_position()
        minutes = -(-words_left // 230)
        text.append(f"   {fraction:.0%}", style="bold")
        text.append(f" · {minutes} min left" if words_left else " · the end")
        if not essay.complete:
            text.append(" · loading…", style="dim")
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

    @on(OptionList.OptionSelected, "#outline")
    def outline_selected(self, event: OptionList.OptionSelected) -> None:
        self.reader.go_to_section(event.option_index)
        self.reader.focus()

    # ------------------------------------------------------------ actions

    def action_toggle_outline(self) -> None:
        outline = self.outline
        outline.display = not outline.display
        if not outline.display:
            self.reader.focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_wider(self) -> None:
        self.reader.measure = min(160, self.reader.measure + 4)

    def action_narrower(self) -> None:
        self.reader.measure = max(30, self.reader.measure - 4)


def make_app(path: Path | None = None) -> LecteurApp:
    """Build the app for an essay file (None: the bundled essay). Raises EssayError."""
    from lecteur.essay import bundled_essay

    return LecteurApp(open_essay(path or bundled_essay()))
