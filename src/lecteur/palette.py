"""Command palette (ctrl+p) on the reader screen: "Go to …" each section, "Define …" each term.

The provider belongs to the reader screen (``ReaderScreen.COMMANDS``) and reads what it
needs through :class:`PaletteSource`, so it imports neither the app nor the screen.
Candidates come from the essay and the glossary, so they are never parsed as markup:
``textual.fuzzy.Matcher.highlight`` would, so the highlight is built here.

The app keeps one palette and shows it again at each ctrl+p (:class:`LecteurPalette`):
built once, and with its list filled before its first frame when every provider can list
its commands at once (:class:`DiscoversNow`), it opens in one frame instead of Textual's
two (an empty, hidden box, then the list a timer tick later).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.text import Text
from textual import events, work
from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.command import Command as PaletteCommand
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
)
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.style import Style
from textual.system_commands import SystemCommandsProvider
from textual.widget import Widget
from textual.widgets import Input

from lecteur.i18n import language, t
from lecteur.layout import kind_label
from lecteur.text import safe
from lecteur.widgets import move_page_safely

if TYPE_CHECKING:
    from lecteur.essay import Essay
    from lecteur.glossary import GlossaryView


@runtime_checkable
class PaletteSource(Protocol):
    """What the palette needs of the screen it was opened on."""

    @property
    def essay(self) -> Essay: ...

    @property
    def glossary_view(self) -> GlossaryView | None: ...

    def go_to_section(self, index: int) -> None: ...

    def current_section(self) -> int: ...

    def open_card(self, entry_id: str) -> None: ...

    def forget_corrections(self) -> None: ...

    def toggle_terms(self) -> None: ...


Command = tuple[str, Callable[[], object], str]

DISCOVER_SECTIONS = 40
"""Sections the palette lists before anything is typed: those around the one read (a
book's thousands of sections made it take seconds to open; typing finds any of them)."""


@runtime_checkable
class DiscoversNow(Protocol):
    """A provider that lists its commands before anything is typed without waiting for
    anything: the palette then shows them in its first frame."""

    def discover_now(self) -> list[DiscoveryHit]: ...


class AppCommands(SystemCommandsProvider):
    """The app's own commands (``App.get_system_commands``: the theme, quit), listed at once."""

    def discover_now(self) -> list[DiscoveryHit]:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c[0])
        return [
            DiscoveryHit(Content(name), callback, text=name, help=help_text)
            for name, help_text, callback, discover in commands
            if discover
        ]


class LecteurCommands(Provider):
    """The essay's sections and terms."""

    def _commands(self, *, near: bool = False) -> list[Command]:
        """Every command; with ``near``, only :data:`DISCOVER_SECTIONS` of the sections:
        those around the one read."""
        source = self.screen
        if not isinstance(source, PaletteSource):
            return []
        essay = source.essay
        commands: list[Command] = []
        lang = language()
        first, last = 0, len(essay.sections)
        if near and last > DISCOVER_SECTIONS:
            first = max(
                0, min(source.current_section() - DISCOVER_SECTIONS // 2, last - DISCOVER_SECTIONS)
            )
            last = first + DISCOVER_SECTIONS
        for i in range(first, last):
            section = essay.sections[i]
            label = kind_label(section.kind, lang)
            name = safe(t("palette.go", number=i + 1, kind=label, title=section.title))

            def go(i: int = i) -> None:
                source.go_to_section(i)

            commands.append((name, go, t("palette.go_help")))
        view = source.glossary_view
        if view is not None:
            for entry in view.found_entries:

                def define(entry_id: str = entry.id) -> None:
                    source.open_card(entry_id)

                commands.append(
                    (safe(t("palette.define", term=entry.term)), define, t("palette.define_help"))
                )
        commands.append((t("palette.marks"), source.toggle_terms, t("palette.marks_help")))
        commands.append((t("palette.forget"), source.forget_corrections, t("palette.forget_help")))
        return commands

    def discover_now(self) -> list[DiscoveryHit]:
        return [
            DiscoveryHit(Content(name), callback, text=name, help=help_text)
            for name, callback, help_text in self._commands(near=True)
        ]

    async def discover(self) -> Hits:
        for hit in self.discover_now():
            yield hit

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                _, offsets = matcher.fuzzy_search.match(query, name)
                content = Content(name)
                for offset in offsets:
                    content = content.stylize("bold underline", offset, offset + 1)
                yield Hit(score, content, callback, text=name, help=help_text)


class LecteurPalette(CommandPalette):
    """Textual's command palette, safe against two races its keys can reach (Textual 8.2).

    - Typing and Esc in quick succession: the gather worker refreshes the list after the
      palette lost its widgets (``NoMatches: 'CommandList'``), and the app died.
    - Enter and Esc in quick succession: the palette was dismissed twice, and the second
      dismissal popped the reader's own screen (``ScreenStackError``).

    Both now end quietly: the palette is closing, and nothing is left to update.

    It can be shown again once closed (the app keeps one, installed): what Textual does
    when the palette is mounted, it does each time it is pushed (:meth:`on_screen_resume`):
    the screen it was opened on, its providers, an empty query, the commands listed before
    anything is typed. Closed, it lets go of that screen and its providers.
    """

    def _on_mount(self, event: events.Mount) -> None:
        # Not CommandPalette's: its set-up is done at each opening (on_screen_resume).
        event.prevent_default()
        Widget._on_mount(self, event)
        Screen._on_mount(self, event)

    _dismissed = False
    """Dismissed: the next suspension closes it, the next resumption opens it afresh."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles a pushed screen from scratch; the kept palette needs it only
        # when the stylesheet changed since (a theme chosen while it was closed).
        if self._css_update_count == self.app._css_update_count:
            event.refresh_styles = False
        else:
            self._css_update_count = self.app._css_update_count  # restyled just after
        if self._providers and not self._dismissed:
            return  # back from a screen pushed over it: still open, as it was
        self._open()

    async def on_screen_suspend(self, _: events.ScreenSuspend) -> None:
        if not self._dismissed and self in self.app.screen_stack:
            return  # a screen pushed over it: still open
        self._cancel_gather_commands()
        self._stop_busy_countdown()
        self._stop_no_matches_countdown()
        # Nothing of the screen it was opened on is kept: its commands hold it (a reader
        # closed since, with its book, would stay in memory until the next opening).
        self._calling_screen = None
        self._selected_command = None
        with contextlib.suppress(NoMatches):
            self.query_one(CommandList).clear_options()
        providers, self._providers = self._providers, []
        if providers:
            await asyncio.wait([asyncio.create_task(p._shutdown()) for p in providers])

    def _open(self) -> None:
        """An opening: the screen below, fresh providers, an empty query, the commands."""
        self._dismissed = False
        self.app.post_message(CommandPalette.Opened())
        self._calling_screen = self.app.screen_stack[-2]
        match_style = self.get_visual_style("command-palette--highlight", partial=True)
        self._providers = [
            provider_class(self._calling_screen, match_style)
            for provider_class in self._provider_classes
        ]
        for provider in self._providers:
            provider._post_init()
        self._selected_command = None
        with self.prevent(Input.Changed):
            self.query_one(CommandInput).value = ""
        if not self._discover_now():
            self._gather_commands("")

    def _discover_now(self) -> bool:
        """List the commands shown before anything is typed, now, if every provider can
        (:class:`DiscoversNow`); False when one cannot (Textual's worker gathers them)."""
        if not all(isinstance(p, DiscoversNow) for p in self._providers):
            return False
        help_style = Style.from_styles(self.get_component_styles("command-palette--help-text"))
        commands: list[PaletteCommand] = []
        for provider in self._providers:
            assert isinstance(provider, DiscoversNow)
            for hit in provider.discover_now():
                prompt = hit.prompt
                if isinstance(prompt, Text):
                    prompt = Content.from_rich_text(prompt)
                elif not isinstance(prompt, Content):
                    prompt = Content.from_markup(str(prompt))
                lines = [prompt]
                if hit.help:  # as Textual shows it: dim, under the command
                    lines.append(Content.from_markup(hit.help).stylize_before(help_style))
                command = PaletteCommand(Content("\n").join(lines), hit, id=str(len(commands)))
                commands.append(command)
        self._stop_no_matches_countdown()
        self._refresh_command_list(self.query_one(CommandList), commands, True)
        self._show_busy = False
        self.add_class("-ready")
        return True

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # Textual's own gathering, which starts with a query for the list: a key typed
        # as the palette closes starts one after the list is gone.
        gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]
        with contextlib.suppress(NoMatches):
            await gather(self, search_value)

    def _watch__list_visible(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        with contextlib.suppress(NoMatches):
            await super()._watch__show_busy()

    def _refresh_command_list(
        self, command_list: CommandList, commands: list[PaletteCommand], clear_current: bool
    ) -> None:
        with contextlib.suppress(NoMatches):
            super()._refresh_command_list(command_list, commands, clear_current)

    def dismiss(self, result: None = None) -> AwaitComplete:
        done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
        if not self.is_active:  # already dismissed: popping again would close the reader
            return done
        self._dismissed = True
        try:
            return super().dismiss(result)
        except ScreenStackError:  # the app is leaving (a Quit chosen a moment before)
            return done

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # PageUp / PageDown before the list's lines exist
            with contextlib.suppress(NoMatches):
                if action in ("page_up", "page_down"):
                    move_page_safely(
                        self.query_one(CommandList), 1 if action == "page_down" else -1
                    )
