"""The lecteur application: it pushes a reader screen for an essay, or the essay picker.

The screens do the work (:mod:`lecteur.reader_screen`, :mod:`lecteur.picker_screen`);
the app holds what is shared: the stylesheet (``lecteur.tcss``), the theme variables of
the section kinds, the keys that work everywhere and the help.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from lecteur.colours import SOFT_CONTRAST, parse_colour, readable
from lecteur.essay import HEAD_CHARS, Essay, EssayError, SectionKind
from lecteur.help_screen import HelpScreen
from lecteur.keys import key_rows
from lecteur.loader import Loader
from lecteur.picker_screen import PickerScreen
from lecteur.reader_screen import ReaderScreen
from lecteur.text import safe

KIND_VARIABLES: dict[SectionKind, str] = {
    SectionKind.REMINISCENCE: "text-warning",
    SectionKind.ARGUMENT: "text-primary",
    SectionKind.TRANSITION: "lecteur-muted",
}
"""Each section kind's colour, as the theme variable it derives from (``$kind-…``)."""


class LecteurApp(App[None]):
    """Read an essay in the terminal."""

    TITLE = "lecteur"
    CSS_PATH = "lecteur.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit lecteur"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="This help: every key"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            id="app.palette",
            tooltip="Command palette: Go to … each section, Define … each term, themes",
        ),
    ]
    """Keys that work on every screen."""

    def __init__(
        self,
        essay: Essay | None = None,
        *,
        folder: Path | None = None,
        choices: list[Path] | None = None,
        loader: Loader | None = None,
    ) -> None:
        super().__init__()
        self.essay = essay
        self.loader = loader
        self.folder = folder
        self.choices = choices or []
        self.reading: ReaderScreen | None = None
        """The reader screen of the open essay (None on the picker)."""
        self._palette_open = False
        """A command palette is pushed and not yet dismissed."""

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._theme_changed()
        if self.essay is not None:
            self.read(self.essay, self.loader)
        else:
            self.push_screen(PickerScreen(self.folder or Path("."), self.choices), self._picked)

    def read(self, essay: Essay, loader: Loader | None = None) -> None:
        """Open the reader screen on an essay."""
        self.reading = ReaderScreen(essay, loader)
        self.push_screen(self.reading)

    def _picked(self, path: Path | None) -> None:
        if path is not None:
            self._open_picked(path)

    @work(thread=True, exclusive=True, group="open")
    def _open_picked(self, path: Path) -> None:
        """Parse the chosen essay off the event loop, then read it."""
        loader = Loader(path, head=HEAD_CHARS, fork=False)
        try:
            essay = loader.first()
        except EssayError as error:
            self.call_from_thread(self._pick_again, str(error))
            return
        self.call_from_thread(self.read, essay, loader)

    def _pick_again(self, problem: str) -> None:
        self.notify(safe(problem), severity="error", markup=False)
        self.push_screen(PickerScreen(self.folder or Path("."), self.choices), self._picked)

    def action_command_palette(self) -> None:
        """The command palette, in its race-safe form (see :class:`LecteurPalette`)."""
        from lecteur.palette import LecteurPalette

        # Not `CommandPalette.is_open`: it looks at the active screen, and a second ctrl+p
        # before the first palette became active pushed two (DuplicateIds).
        if not self.use_command_palette or self._palette_open:
            return
        self._palette_open = True

        def closed(_: object) -> None:
            self._palette_open = False

        self.push_screen(LecteurPalette(id="--command-palette"), closed)

    def search_themes(self) -> None:
        """The theme chooser (a palette command), in the race-safe palette too."""
        from textual.theme import ThemeProvider

        from lecteur.palette import LecteurPalette

        self.push_screen(
            LecteurPalette(providers=[ThemeProvider], placeholder="Search for themes…")
        )

    # ------------------------------------------------------------ theme

    def _theme_changed(self, *_: object) -> None:
        """``-ansi`` on the app in the ANSI themes: the stylesheet then uses reverse video
        where a colour on a colour would depend on the terminal's palette."""
        self.set_class(self.current_theme.name.startswith("ansi"), "-ansi")

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, plus lecteur's own.

        ``$kind-reminiscence``, ``$kind-argument`` and ``$kind-transition``: the colours of
        the section kinds, readable on ``$surface``. ``$lecteur-muted``: muted text, which
        in the ANSI themes is the terminal's grey (a translucent default is unreadable).
        """
        variables = super().get_css_variables()
        muted = variables.get("text-muted", "auto 60%")
        variables["lecteur-muted"] = "ansi_bright_black" if muted.startswith("ansi") else muted
        surface = parse_colour(variables.get("surface", "black"))
        for kind, source in KIND_VARIABLES.items():
            value = variables.get(source, "auto 87%")
            colour = parse_colour(value)
            if value.startswith(("ansi", "auto")) or surface.a < 1:
                variables[f"kind-{kind}"] = value
            else:
                variables[f"kind-{kind}"] = readable(surface + colour, surface, SOFT_CONTRAST).hex
        self.theme_variables = variables
        return variables

    # ------------------------------------------------------------ help

    def action_help(self) -> None:
        """The keys of the screen the reader is on, and those that work everywhere."""
        if isinstance(self.screen, HelpScreen):
            return
        owners = reader_key_owners() if self.reading is not None else [PickerScreen, LecteurApp]
        self.push_screen(HelpScreen(key_rows(owners)))


def reader_key_owners() -> list[type]:
    """Every class whose bindings the reader's help (and the README) lists, in order."""
    from lecteur.cards import GlossaryList, TermCard
    from lecteur.outline import Outline
    from lecteur.reader import ReadingView
    from lecteur.widgets import SearchBar

    return [ReadingView, ReaderScreen, SearchBar, Outline, TermCard, GlossaryList, LecteurApp]


def make_app(path: Path | None = None) -> LecteurApp:
    """Build the app for an essay file (None: the bundled essay). Raises EssayError."""
    from lecteur.library import essay_file, open_essay

    return LecteurApp(open_essay(essay_file(path), head=HEAD_CHARS))
