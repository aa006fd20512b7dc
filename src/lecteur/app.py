"""The lecteur application: it pushes a reader screen for an essay, or the essay picker.

The screens do the work (:mod:`lecteur.reader_screen`, :mod:`lecteur.picker_screen`);
the app holds what is shared: the stylesheet (``lecteur.tcss``), the theme variables of
the section kinds, the keys that work everywhere and the help, the reader's settings
(their language, theme, width and keymap) and the state store, opened once for all the
essays read in this run.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from lecteur import i18n
from lecteur import settings as settings_file
from lecteur.colours import SOFT_CONTRAST, parse_colour, readable
from lecteur.essay import HEAD_CHARS, Essay, EssayError, SectionKind
from lecteur.keys import key_display, key_rows, localise
from lecteur.loader import Loader
from lecteur.palette import AppCommands
from lecteur.reader_screen import ReaderScreen
from lecteur.settings import Settings
from lecteur.text import safe

if TYPE_CHECKING:
    from textual.command import Provider

    from lecteur.store import Store

PALETTE = "lecteur-palette"
"""The name the command palette is installed under (the app keeps it between openings)."""

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
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {AppCommands}
    """The palette's app commands (the theme, quit), listed in its first frame."""

    def __init__(
        self,
        essay: Essay | None = None,
        *,
        folder: Path | None = None,
        choices: list[Path] | None = None,
        loader: Loader | None = None,
        settings: Settings | None = None,
        from_start: bool = False,
        store: Store | None = None,
    ) -> None:
        self.settings = settings_file.load() if settings is None else settings
        """The reader's settings file (defaults where it is missing or wrong)."""
        i18n.set_language(i18n.detect(self.settings.language))
        super().__init__()
        localise(self)
        self.essay = essay
        self.loader = loader
        self.folder = folder
        self.choices = choices or []
        self.from_start = from_start
        self.reading: ReaderScreen | None = None
        """The reader screen of the open essay (None on the picker)."""
        self._store = store
        self._store_lock = threading.Lock()
        self._problems: list[str] = []
        self._kept_theme = ""
        """The theme last kept in the settings (a change to another one is written)."""
        if self.settings.problem:
            self._problems.append(self.settings.problem)
        self._apply_keymap()
        self._palette_open = False
        """A command palette is pushed and not yet dismissed."""

    def _apply_keymap(self) -> None:
        """The settings' keymap, through Textual's: binding ids to keys; unknown ids said."""
        keymap = self.settings.keymap
        if not keymap:
            return
        from lecteur.picker_screen import PickerScreen

        known = {
            binding.id
            for owner in [*reader_key_owners(), PickerScreen]
            for binding in getattr(owner, "BINDINGS", [])
            if isinstance(binding, Binding) and binding.id
        }
        for binding_id in sorted(set(keymap) - known):
            self._problems.append(i18n.t("notice.unknown_binding", binding=binding_id))
        self.set_keymap({k: v for k, v in keymap.items() if k in known})

    def open_store(self) -> Store:
        """The state store, opened on first use (from a worker thread: it checks the file)."""
        from lecteur.store import Store

        with self._store_lock:
            if self._store is None:
                self._store = Store.open()
            return self._store

    def keep_setting(self, key: str, value: str | int | bool) -> None:
        """Write a setting the reader changed in the app (width, theme) to their file."""
        problem = settings_file.save(key, value, self.settings.path)
        if problem:
            self.notify(i18n.t("notice.settings", problem=safe(problem)), severity="warning")

    def get_default_screen(self) -> Screen[Any]:
        """The reader screen when an essay is given: it is the first screen, so the first
        frame is the essay itself (pushing it after an empty default screen costs a frame)."""
        if self.essay is not None:
            self.reading = self._reader(self.essay, self.loader)
            return self.reading
        return super().get_default_screen()

    def _reader(self, essay: Essay, loader: Loader | None) -> ReaderScreen:
        return ReaderScreen(essay, loader, from_start=self.from_start, settings=self.settings)

    def on_mount(self) -> None:
        # `lecteur PATH` starts without the cyclic garbage collector (see `cli.cmd_read`):
        # it is back once the first frame is painted.
        self.call_after_refresh(gc.enable)
        theme = self.settings.theme
        if theme is not None:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self._problems.append(
                    f"{self.settings.path}: " + i18n.t("notice.unknown_theme", theme=theme)
                )
        self._kept_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._theme_changed()
        for problem in self._problems:
            self.notify(
                i18n.t("notice.settings", problem=safe(problem)),
                severity="warning",
                timeout=10,
                markup=False,
            )
        if self.essay is None:
            self._show_picker()

    def on_unmount(self) -> None:
        if self.reading is not None and self.reading.is_attached:
            self.reading.save_place(leaving=True)
        with self._store_lock:
            if self._store is not None:
                self._store.close()

    def read(self, essay: Essay, loader: Loader | None = None) -> None:
        """Open the reader screen on an essay."""
        self.reading = self._reader(essay, loader)
        self.push_screen(self.reading)

    async def action_quit(self) -> None:
        """Quit, keeping where the reader is."""
        if self.reading is not None and self.reading.is_attached:
            self.reading.save_place(leaving=True)
        await super().action_quit()

    def get_key_display(self, binding: Binding) -> str:
        """Keys in the footer as the help names them (``Entrée`` in French)."""
        if binding.key_display:
            return binding.key_display
        key = binding.key.split(",")[0].strip()
        named = key_display(key, i18n.language())
        return named if named != key else super().get_key_display(binding)

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
        self._show_picker()

    def _show_picker(self) -> None:
        """The essay picker (imported here: a reader opened on one essay never needs it)."""
        from lecteur.picker_screen import PickerScreen

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

        # One palette, built at the first ctrl+p and shown again at the next ones.
        if not self.is_screen_installed(PALETTE):
            self.install_screen(LecteurPalette(id="--command-palette"), PALETTE)
        self.push_screen(PALETTE, closed)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's own commands: the theme and quit. Not Textual's keys panel (``?``
        is the help here, and the panel re-laid itself out under a flood of keys until `q`
        went unheard), nor its screenshot (it writes a file where the reader stands)."""
        yield SystemCommand(
            i18n.t("palette.theme"), i18n.t("palette.theme_help"), self.action_change_theme
        )
        yield SystemCommand(i18n.t("palette.quit"), i18n.t("palette.quit_help"), self.action_quit)

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
        where a colour on a colour would depend on the terminal's palette. A theme the
        reader chose (in the palette) is kept in their settings."""
        self.set_class(self.current_theme.name.startswith("ansi"), "-ansi")
        name = self.current_theme.name
        if name != self._kept_theme:
            self._kept_theme = name
            self.keep_setting("theme", name)

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
        # Imported when first asked for: the help screen is not on the first frame.
        from lecteur.help_screen import HelpScreen
        from lecteur.picker_screen import PickerScreen

        if isinstance(self.screen, HelpScreen):
            return
        owners = reader_key_owners() if self.reading is not None else [PickerScreen, LecteurApp]
        rows = key_rows(owners, language=i18n.language(), keymap=self.settings.keymap)
        self.push_screen(HelpScreen(rows))


def reader_key_owners() -> list[type]:
    """Every class whose bindings the reader's help (and the README) lists, in order."""
    from lecteur.cards import GlossaryList, TermCard
    from lecteur.links import ConfirmOpen
    from lecteur.marks import MarksList, NoteEditor
    from lecteur.outline import Outline
    from lecteur.reader import ReadingView
    from lecteur.widgets import SearchBar

    return [
        ReadingView,
        ReaderScreen,
        SearchBar,
        Outline,
        TermCard,
        GlossaryList,
        MarksList,
        NoteEditor,
        ConfirmOpen,
        LecteurApp,
    ]


def make_app(
    path: Path | None = None, *, settings: Settings | None = None, from_start: bool = False
) -> LecteurApp:
    """Build the app for an essay file (None: the bundled essay). Raises EssayError.

    ``settings``: None reads the reader's settings file first (its language decides the
    section kinds' names in the essay's layout).
    """
    from lecteur.library import essay_file, open_essay

    settings = settings_file.load() if settings is None else settings
    i18n.set_language(i18n.detect(settings.language))
    essay = open_essay(essay_file(path), head=HEAD_CHARS)
    return LecteurApp(essay, settings=settings, from_start=from_start)
