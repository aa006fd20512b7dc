"""The command palette kept between openings (issue 13): built once, shown again fresh.

The app keeps one palette (ctrl+p); each opening starts from an empty query and lists
the commands of the screen it is opened on, in its first frame; closed, it keeps nothing
of that screen. The theme chooser is still a palette of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.screen import Screen

from lecteur.app import LecteurApp, make_app
from lecteur.palette import DISCOVER_SECTIONS, LecteurPalette

SIZE = (100, 30)


def listed(palette: Screen[object]) -> list[str]:
    """The commands the palette lists (their first line: the help is under it)."""
    return [str(o.prompt).split("\n")[0] for o in palette.query_one(CommandList)._options]


def book(tmp_path: Path, sections: int) -> Path:
    kinds = ("argument", "reminiscence")
    parts = [
        f"## Partie {n} {{.{kinds[n % 2]}}}\n\nLe paragraphe numéro {n} de ce long livre.\n"
        for n in range(sections)
    ]
    path = tmp_path / "livre.md"
    path.write_text("---\nlanguage: fr\n---\n\n" + "\n".join(parts), encoding="utf-8")
    return path


def gathering(app: LecteurApp) -> bool:
    """Textual's worker is gathering commands (the list comes a frame later, or more)."""
    group = CommandPalette._GATHER_COMMANDS_GROUP
    return any(worker.group == group for worker in app.workers)


async def test_the_palette_opens_again_fresh_on_the_section_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[tuple[bool, int]] = []  # each frame of the palette: shown? commands?
    draw = LecteurPalette._compositor_refresh

    def drawn(palette: LecteurPalette) -> None:
        if palette is palette.app.screen:
            count = palette.query_one(CommandList).option_count
            frames.append((palette.has_class("-ready"), count))
        draw(palette)

    monkeypatch.setattr(LecteurPalette, "_compositor_refresh", drawn)
    app = make_app(book(tmp_path, 3 * DISCOVER_SECTIONS))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, LecteurPalette)
        await pilot.pause()
        # Its first frame shows it whole: the box and the commands, not a hidden box
        # whose commands a worker brings a frame later.
        assert frames and frames[0][0] and frames[0][1] >= DISCOVER_SECTIONS + 2
        assert not gathering(app)
        assert any(s.endswith("Partie 0") for s in listed(palette))
        await pilot.press(*"Partie 7")
        await pilot.pause(0.3)
        assert palette.query_one(CommandInput).value == "Partie 7"
        assert all("Partie" in s for s in listed(palette))
        await pilot.press("escape")
        await pilot.pause()
        far = len(reader.essay.sections) - 1
        reader.go_to_section(far)
        await pilot.pause()

        frames.clear()
        await pilot.press("ctrl+p")
        assert app.screen is palette  # the same one, shown again
        await pilot.pause()
        assert frames and frames[0][0] and frames[0][1] >= DISCOVER_SECTIONS + 2
        assert palette.query_one(CommandInput).value == ""  # an empty query
        assert not gathering(app)
        sections = [s for s in listed(palette) if "Partie" in s]
        assert len(sections) == DISCOVER_SECTIONS  # those around the one read now
        assert any(s.endswith(f"Partie {far}") for s in sections)
        assert not any(s.endswith("Partie 0") for s in sections)
        assert {"Quit", "Theme"} <= set(listed(palette))  # the app's commands too
        assert palette.query_one(CommandList).highlighted == 0
        # And it still finds what is typed, and goes there.
        await pilot.press(*"Go to §1 ")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.reading and reader.current_section() == 0


async def test_closed_it_keeps_nothing_of_the_screen_below(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, LecteurPalette) and listed(palette)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reading
        assert palette._calling_screen is None and not palette._providers
        assert listed(palette) == []  # its commands held the reader screen


async def test_a_screen_pushed_over_it_leaves_it_as_it_was(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Define")
        await pilot.pause(0.3)
        palette = app.screen
        before = listed(palette)
        assert before and all(s.startswith("Define") for s in before)
        await app.push_screen(Screen())
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert app.screen is palette
        assert palette.query_one(CommandInput).value == "Define"
        assert listed(palette) == before
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reading and not app._palette_open


async def test_the_palette_follows_from_the_picker_to_the_reader(tmp_path: Path) -> None:
    from lecteur.library import find_essays
    from lecteur.picker_screen import PickerScreen

    for name in ("un.md", "deux.md"):
        (tmp_path / name).write_text(f"# {name}\n\nIl fut une époque.\n", encoding="utf-8")
    app = LecteurApp(folder=tmp_path, choices=find_essays(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, LecteurPalette)
        assert set(listed(palette)) == {"Quit", "Theme"}  # no essay open: no section
        await pilot.press("escape", "down", "enter")  # the second file: un.md
        for _ in range(100):
            if app.reading is not None and app.screen is app.reading:
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+p")
        assert app.screen is palette
        assert any(s.startswith("Go to §1") for s in listed(palette))


async def test_the_theme_chooser_and_a_theme_changed_while_it_was_closed(
    essay_path: Path,
) -> None:
    def colours(palette: Screen[object]) -> tuple[object, ...]:
        return tuple(
            palette.query_one(selector).styles.background
            for selector in ("#--container", CommandInput, CommandList)
        )

    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        before = colours(palette)
        start = app.theme
        await pilot.press(*"Theme")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the theme chooser: a palette of its own
        for _ in range(50):
            if isinstance(app.screen, LecteurPalette) and app.screen is not palette:
                break
            await pilot.pause(0.02)
        chooser = app.screen
        assert isinstance(chooser, LecteurPalette) and chooser is not palette
        theme = "nord" if start != "nord" else "gruvbox"
        await pilot.press(*theme)
        await pilot.pause(0.3)
        assert listed(chooser)[0] == theme
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == theme and app.screen is app.reading
        await pilot.press("ctrl+p")
        assert app.screen is palette
        await pilot.pause()
        after = colours(palette)
        assert after != before  # the kept palette took the new theme
    fresh = make_app(essay_path)
    async with fresh.run_test(size=SIZE) as pilot:
        fresh.theme = theme
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert colours(fresh.screen) == after  # as a palette built in that theme


async def test_it_opens_at_the_size_of_a_terminal_resized_while_it_was_closed(
    essay_path: Path,
) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        await pilot.pause()
        assert palette.query_one(CommandInput).region.right <= SIZE[0]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen is palette and palette.size == (70, 24)
        assert 60 < palette.query_one(CommandInput).region.right <= 70
        assert palette.query_one(CommandList).region.bottom <= 24
