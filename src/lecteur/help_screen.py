"""The help screen: every key, generated from the bindings (see :mod:`lecteur.keys`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from lecteur.i18n import t
from lecteur.keys import KeyRow
from lecteur.widgets import Modal


class HelpScreen(Modal[None]):
    """Every key of the screen it was opened from, in one place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark",
            "dismiss",
            "Close",
            id="card.close-help",
            tooltip="Close the help",
        ),
    ]

    def __init__(self, rows: Sequence[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=24)
        table.add_column()
        group = ""
        for row in self.rows:
            if row.group != group:
                if group:
                    table.add_row("", "")
                group = row.group
                table.add_row(Text(group, style="bold underline"), "")
            table.add_row(Text(row.keys), Text(row.what))
        with VerticalScroll(classes="modal-box") as box:
            box.border_title = t("help.title")
            box.border_subtitle = t("help.close")
            yield Static(table)
