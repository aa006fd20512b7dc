"""Command palette (ctrl+p): "Define …" for each term and "Go to …" for each section.

Candidates come from the essay and the glossary, so they are never parsed as markup:
``textual.fuzzy.Matcher.highlight`` would, so the highlight is built here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from lecteur.layout import kind_label, safe

if TYPE_CHECKING:
    from lecteur.app import LecteurApp


class LecteurCommands(Provider):
    """The essay's terms and sections."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: LecteurApp = self.app  # type: ignore[assignment]
        if app.essay is None:
            return []
        reader = app.reader
        essay = reader.essay
        commands: list[tuple[str, Callable[[], object], str]] = []
        for i, section in enumerate(essay.sections):
            label = kind_label(section.kind, essay.language)
            name = safe(f"Go to §{i + 1} {label}: {section.title}")

            def go(i: int = i) -> None:
                reader.go_to_section(i)
                reader.focus()

            commands.append((name, go, "Jump to this section"))
        view = app.glossary_view
        if view is not None:
            for entry in view.found_entries:

                def define(entry_id: str = entry.id) -> None:
                    app.open_card(entry_id)

                commands.append((safe(f"Define {entry.term}"), define, "Open the glossary card"))
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
