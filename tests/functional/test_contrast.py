"""Colours that read in every built-in theme (WCAG contrast), as painted on screen.

The reader, the outline, the status line, a search with its hits and a glossary card are
rendered in each theme; every visible character in those regions is checked: body text
at least 4.5:1 against its background, everything else (muted text, headers, rules,
hits, marks) at least 3:1. Colours are read from the composited screen, after Textual's
own filters (ANSI themes are converted with Textual's reference terminal palettes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.geometry import Region

from lecteur.app import LecteurApp, make_app
from lecteur.colours import BODY_CONTRAST, SOFT_CONTRAST, contrast

SIZE = (100, 30)
DECORATION = {chr(c) for c in range(0x2580, 0x25A0)} | set("▏▕│╭╮╰╯┃")
"""Scrollbars, borders and block elements: not text."""


def _rgb(colour: RichColor | None, theme: TerminalTheme, *, foreground: bool) -> Color:
    if colour is None:
        triplet = theme.foreground_color if foreground else theme.background_color
        return Color(*triplet)
    return Color(*colour.get_truecolor(theme, foreground=foreground))


def problems(
    app: LecteurApp, regions: dict[str, Region], body: tuple[Color, Color] | None
) -> list[tuple[str, str, float, float]]:
    """Characters under their minimum contrast: ``(where, text, ratio, minimum)``."""
    theme = app.ansi_theme
    out = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for text, style, _ in strip:
            segment = Segment(text, style)
            width = segment.cell_length
            visible = text.strip(" ")
            where = next((name for name, r in regions.items() if r.contains(x, y)), None)
            x += width
            if where is None or not visible or set(visible) <= DECORATION or style is None:
                continue
            fg = _rgb(style.color, theme, foreground=True)
            bg = _rgb(style.bgcolor, theme, foreground=False)
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:
                fg = fg.blend(bg, 0.5)
            minimum = BODY_CONTRAST if (fg, bg) == body else SOFT_CONTRAST
            ratio = contrast(fg, bg)
            if ratio < minimum - 0.01:
                out.append((where, visible[:20], round(ratio, 2), minimum))
    return out


async def settle(pilot, app: LecteurApp) -> None:
    for _ in range(200):
        if app.reading is not None and app.reading.glossary_view is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def body_colours(app: LecteurApp) -> tuple[Color, Color]:
    """The reader's body text and background: the pair that needs 4.5:1."""
    style = app.reading.reader.body_style
    theme = app.ansi_theme
    return (_rgb(style.color, theme, foreground=True), _rgb(style.bgcolor, theme, foreground=False))


THEMES = sorted(LecteurApp().available_themes)


async def test_reader_outline_status_and_search_read_in_every_theme(essay_path: Path) -> None:
    app = make_app(essay_path)
    failures = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"fut", "enter")  # search: hits highlighted
        await pilot.pause(0.3)
        await pilot.press("tab")  # the term cursor on a mark
        screen = app.reading
        assert screen.reader.search_hits  # the hits are on screen
        assert screen.reader.search_current >= 0  # one of them drawn as the current one
        top = screen.reader.top_paragraph()
        screen._set_mark("bookmark", top)  # the signs in the margin
        screen._set_mark("note", top + 1, "une note")
        await pilot.pause()
        signs = [screen.reader.render_line(y).text for y in range(screen.reader.size.height)]
        assert any("✎" in line for line in signs) and any("•" in line for line in signs)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            regions = {
                "reader": screen.reader.content_region,
                "outline": screen.outline.content_region,
                "status": screen.query_one("#status").content_region,
            }
            if found := problems(app, regions, body_colours(app)):
                failures[theme] = found
    assert len(THEMES) >= 20
    assert failures == {}


async def test_a_card_reads_in_every_theme(essay_path: Path) -> None:
    from lecteur.cards import TermCard

    app = make_app(essay_path)
    failures = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab", "enter")  # open the first term's card
        assert isinstance(app.screen, TermCard)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            box = app.screen.query_one(".modal-box").content_region
            if found := problems(app, {"card": box}, None):
                failures[theme] = found
    assert failures == {}


def test_the_check_can_fail() -> None:
    """Light grey on white is caught; black on white is not."""
    assert contrast(Color(200, 200, 200), Color(255, 255, 255)) < SOFT_CONTRAST
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
