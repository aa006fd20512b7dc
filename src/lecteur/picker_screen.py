"""The essay picker: ``lecteur FOLDER`` lists the folder's essays; Enter opens one.

Only the picker's keys exist here: reading keys belong to the reader screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from lecteur.i18n import t
from lecteur.keys import localise
from lecteur.text import safe
from lecteur.widgets import KeyBar, Options


class PickerScreen(Screen[Path]):
    """A folder of essays: choose one to read (the screen is dismissed with its path)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "Quit", id="picker.quit", tooltip="Leave lecteur"),
    ]
    """Arrows and Enter come from the list itself."""

    def __init__(self, folder: Path, paths: list[Path]) -> None:
        super().__init__()
        localise(self)
        self.folder = folder
        self.paths = paths

    def compose(self) -> ComposeResult:
        yield Static(
            Text(safe(t("picker.title", folder=self.folder)), style="bold"), id="picker-title"
        )
        yield Options(
            *[Option(Text(safe(p.name)), id=str(i)) for i, p in enumerate(self.paths)],
            id="picker",
        )
        yield KeyBar()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[int(event.option.id or 0)])
