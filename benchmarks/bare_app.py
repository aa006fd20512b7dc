"""The reference for time to first paint: the smallest Textual app that shows a word.

``python benchmarks/bare_app.py`` shows "Bonjour" until ``q`` (or ctrl+q) is pressed.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Bonjour")


if __name__ == "__main__":
    BareApp().run()
