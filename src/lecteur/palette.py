"""Command palette (ctrl+p) on the reader screen: "Go to …" each section, "Define …" each term.

The provider belongs to the reader screen (``ReaderScreen.COMMANDS``) and reads what it
needs through :class:`PaletteSource`, so it imports neither the app nor the screen.
Candidates come from the essay and the glossary, so they are never parsed as markup:
``textual.fuzzy.Matcher.highlight`` would, so the highlight is built here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual import work
from textual.app import ScreenStackError
from textual.await_complete import AwaitComplete
from textual.command import Command as PaletteCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.css.query import NoMatches

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

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands(near=True):
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

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
    """

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
