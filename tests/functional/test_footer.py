"""The keys on one line (KeyBar): what the screen's keys are, drawn again only when they change."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from lecteur.app import make_app
from lecteur.widgets import KeyBar


async def test_the_key_bar_shows_the_keys_and_is_drawn_again_only_when_they_change(
    essay_path: Path, monkeypatch
) -> None:
    drawn: list[int] = []
    original = KeyBar._draw

    def counted(self: KeyBar, keys):  # type: ignore[no-untyped-def]
        drawn.append(1)
        return original(self, keys)

    monkeypatch.setattr(KeyBar, "_draw", counted)
    app = make_app(essay_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.reading
        await pilot.pause(0.3)
        bar = screen.query_one(KeyBar)
        assert not screen.query(Footer)  # no widget per key
        line = bar.render().plain
        assert line.startswith("q Quit ? Keys")  # the app's keys first, always in sight
        assert "np Section" in line  # a group: its keys side by side, then its label
        assert "/ Search" in line and "Match" not in line
        before = len(drawn)
        # Asked again with nothing changed: not drawn again.
        screen.refresh_bindings()
        screen.refresh_bindings()
        await pilot.pause(0.2)
        assert len(drawn) == before
        # The search bar's own keys, then the match keys once a search has hits.
        await pilot.press("slash")
        await pilot.pause(0.2)
        assert len(drawn) > before
        assert "Find" in bar.render().plain
        for ch in "blog":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "][ Match" in bar.render().plain


async def test_a_click_on_a_key_presses_it_and_hovering_shows_what_it_does(
    essay_path: Path,
) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.reading
        await pilot.pause(0.3)
        bar = screen.query_one(KeyBar)
        line = bar.render().plain
        where = line.index("o Outline")
        shown = screen.outline.display
        await pilot.click(KeyBar, offset=(where, 0))
        await pilot.pause(0.2)
        assert screen.outline.display != shown
        # Hovering a key shows its tooltip.
        await pilot.hover(KeyBar, offset=(line.index("/ Search"), 0))
        await pilot.pause(0.1)
        assert bar.tooltip
        # Past the last key: no tooltip.
        await pilot.hover(KeyBar, offset=(len(line) + 5, 0))
        await pilot.pause(0.1)
        assert bar.tooltip is None
