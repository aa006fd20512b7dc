"""Command palette (ctrl+p) on the reader screen: "Go to …" each section, "Define …" each term.

The provider belongs to the reader screen (``ReaderScreen.COMMANDS``) and reads what it
needs through :class:`PaletteSource`, so it imports neither the app nor the screen.
Candidates come from the essay and the glossary, so they are never parsed as markup:
``textual.fuzzy.Matcher.highlight`` would, so the highlight is built here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from lecteur.i18n import language, t
from lecteur.layout import kind_label
from lecteur.text import safe

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

    def open_card(self, entry_id: str) -> None: ...

    def forget_corrections(self) -> None: ...

    def toggle_terms(self) -> None: ...


Command = tuple[str, Callable[[], object], str]


class LecteurCommands(Provider):
    """The essay's sections and terms."""

    def _commands(self) -> list[Command]:
        source = self.screen
        if not isinstance(source, PaletteSource):
            return []
        essay = source.essay
        commands: list[Command] = []
        lang = language()
        for i, section in enumerate(essay.sections):
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
        for name, callback, help_text in self._commands():
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
