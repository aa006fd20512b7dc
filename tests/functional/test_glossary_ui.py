"""Pilot tests for the glossary in the reader: Tab, Enter, Esc, click, mentions, g, T."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from lecteur.app import LecteurApp, make_app
from lecteur.cards import GlossaryList, TermCard, Timeline
from lecteur.reader import ReadingView

SIZE = (100, 30)


async def ready(pilot, app: LecteurApp) -> None:
    """Wait until the glossary worker has matched the terms."""
    for _ in range(200):
        if app.reading.glossary_view is not None or app.reading.glossary_problem:
            break
        await pilot.pause(0.02)
    assert app.reading.glossary_view is not None, app.reading.glossary_problem


def entry_at(app: LecteurApp, occurrence: int) -> str:
    assert app.reading.glossary_view is not None
    return app.reading.glossary_view.occurrences[occurrence].entry_id


async def test_tab_moves_the_cursor_along_the_terms(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        reader = app.reading.reader
        await pilot.press("tab")  # first term on screen
        assert reader.cursor == 0 and entry_at(app, 0) == "icq"
        await pilot.press("tab", "tab")
        assert reader.cursor == 2
        await pilot.press("shift+tab")
        assert reader.cursor == 1
        # The cursor is drawn: a reversed run on screen.
        lines = [reader.render_line(y) for y in range(reader.size.height)]
        assert any("reverse" in str(seg.style) for line in lines for seg in line if seg.style)


async def test_tab_scrolls_to_terms_below_the_screen(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        reader = app.reading.reader
        last = len(app.reading.glossary_view.occurrences) - 1
        for _ in range(last):
            await pilot.press("tab")
        assert reader.cursor == last - 1 or reader.cursor == last
        assert reader.scroll_y > 0
        top = round(reader.scroll_y)
        line = reader._occurrence_line(reader.cursor)
        assert top <= line < top + reader.size.height


async def test_enter_opens_the_card_and_escape_restores_the_view(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        reader = app.reading.reader
        await pilot.press("j", "j", "tab")
        before = reader.scroll_y
        await pilot.press("enter")  # open the card
        assert isinstance(app.screen, TermCard)
        card = app.screen
        assert card.entry.id == entry_at(app, reader.cursor)
        text = card.query_one("#card-text").text.plain
        assert card.entry.definition["en"][:40] in text  # the interface is English
        await pilot.press("l")  # the other language
        assert card.entry.definition["fr"][:40] in card.query_one("#card-text").text.plain
        await pilot.press("escape")
        assert not isinstance(app.screen, TermCard)
        assert reader.scroll_y == before and app.focused is reader


async def test_a_mention_in_the_card_jumps_there(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        view = app.reading.glossary_view
        mentions = view.mentions("community-manager")
        assert len(mentions) >= 5
        app.reading.open_card("community-manager", current=mentions[0])
        await pilot.pause()
        assert isinstance(app.screen, TermCard)
        for _ in range(4):  # Tab into the list of mentions (it scrolls into view)
            if app.focused is not None and app.focused.id == "card-mentions":
                break
            await pilot.press("tab")
        await pilot.press("end", "enter")  # the last mention
        await pilot.pause()
        reader = app.reading.reader
        assert reader.cursor == mentions[-1]
        top = round(reader.scroll_y)
        assert top <= reader._occurrence_line(mentions[-1]) < top + reader.size.height
        assert reader.top_paragraph() > 15


async def test_see_also_opens_that_card(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        app.reading.open_card("icq")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, TermCard)
        see = card.query_one("#card-see")
        see.focus()
        first = card.entry.see[0]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermCard) and app.screen.entry.id == first


async def test_click_on_a_term_opens_its_card(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        reader = app.reading.reader
        region = reader.content_region
        for y in range(reader.size.height):
            x = 0
            for segment in reader.render_line(y):
                meta = segment.style.meta if segment.style else {}
                if "occurrence" in meta:
                    await pilot.click(ReadingView, offset=(x + 1, y))
                    await pilot.pause()
                    assert isinstance(app.screen, TermCard)
                    assert app.screen.entry.id == entry_at(app, meta["occurrence"])
                    return
                x += segment.cell_length
        raise AssertionError(f"no term on screen in {region}")


async def test_g_lists_and_filters_the_glossary(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, GlossaryList)
        listing = screen.query_one("#glossary-list")
        assert listing.option_count == len(app.reading.glossary_view.found_entries) >= 25
        await pilot.press(*"fraise")  # filter as you type
        assert listing.option_count == 1
        await pilot.press("enter")
        assert isinstance(app.screen, TermCard) and app.screen.entry.id == "lafraise"


async def test_T_draws_a_timeline(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("T")
        screen = app.screen
        assert isinstance(screen, Timeline)
        axis = str(screen.query_one("#timeline-axis").render())
        assert "1990" in axis and "2000" in axis
        rows = screen.query_one("#timeline-rows")
        prompts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        irc = next(p for p in prompts if p.startswith("mIRC"))
        avatar = next(p for p in prompts if p.startswith("Avatar"))
        # A picture: later years sit further right on the same axis.
        assert irc.index("●") < avatar.index("●")
        await pilot.press("enter")
        assert isinstance(app.screen, TermCard)


async def test_bad_glossary_file_still_opens_the_essay(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Il fut une époque où j'installais ICQ.\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text("version: 1\nentries:\n  - id: [oops\n", "utf-8")
    app = make_app(essay)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if app.reading.glossary_warning:
                break
            await pilot.pause(0.02)
        warning = app.reading.glossary_warning
        assert warning and "e.glossary.yaml" in warning  # which file, and why
        assert app.reading.glossary_problem is None  # the shipped glossary still reads
        status = str(app.reading.query_one("#status").render())
        assert "left out" in status and "e.glossary.yaml" in status
        assert app.reading.reader.essay.paragraphs[0].text.startswith("Il fut une époque")


async def test_g_in_an_essay_without_terms_says_so(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Texte [b]simple[/b].\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text("entries: [oops [b]\n", "utf-8")
    app = make_app(essay)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot, app)
        await pilot.press("g")  # no term here: a notice, not an empty list
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert "No glossary term in this essay." in messages
        assert any("e.glossary.yaml" in m for m in messages)  # the bad file was named
        assert app.is_running


@pytest.mark.slow
async def test_shift_tab_from_far_away_is_quick_in_a_big_book(write) -> None:
    """Going back from an off-screen cursor finds the last term on screen, not by
    laying out the whole book from its end."""
    text = "".join(
        f"## Partie {i}\n\n" + "J'installais ICQ puis mIRC. " * 30 + "\n\n" for i in range(3000)
    )
    app = make_app(write("big.md", text))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(600):
            if (
                app.reading.reader.essay.complete
                and app.reading.glossary_view is not None
                and len(app.reading.glossary_view.texts) == len(app.reading.reader.essay.paragraphs)
            ):
                break
            await pilot.pause(0.05)
        reader = app.reading.reader
        assert len(reader.occurrences) > 100_000
        await pilot.press("tab")  # the first term, at the top
        reader.go_to_section(len(reader.essay.sections) // 2)  # far away
        await pilot.pause()
        laid_out_before = sum(reader._exact)
        await pilot.press("shift+tab")  # the last term on screen
        top = round(reader.scroll_y)
        line = reader._occurrence_line(reader.cursor)
        assert top <= line < top + reader.size.height
        assert sum(reader._exact) - laid_out_before < 50


@asynccontextmanager
async def _beside_a_broken_glossary(tmp_path: Path, text: str) -> AsyncIterator[tuple[Any, Any]]:
    """An essay naming ICQ with ``text`` as its own glossary file, read until loaded: the
    shipped glossary still marks ICQ. Yields the Pilot and the reader screen."""
    essay = tmp_path / "e.md"
    essay.write_text("Il fut une époque où j'installais ICQ.\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text(text, encoding="utf-8")
    app = make_app(essay)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = app.reading
        assert [e.id for e in screen.glossary_view.found_entries] == ["icq"]
        await pilot.pause()
        yield pilot, screen


async def test_a_broken_glossary_file_is_left_out_and_named(tmp_path: Path) -> None:
    """The shipped glossary still marks the essay; the status line names the bad file."""
    async with _beside_a_broken_glossary(tmp_path, "entries: [oops\n") as (_, screen):
        status = str(screen.query_one("#status").render())
        assert "left out" in status and "e.glossary.yaml" in status


async def test_q_quits_from_a_card_but_is_a_letter_in_the_filter(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("g", "q")  # the filter box has the focus: q is typed
        assert isinstance(app.screen, GlossaryList)
        assert app.screen.query_one("#glossary-filter").value == "q"
        await pilot.press("escape", "tab", "enter")
        assert isinstance(app.screen, TermCard)
        await pilot.press("q")  # a card hides the app's keys; q still quits
        await pilot.pause(0.2)
        assert not app.is_running


async def test_glossary_keys_typed_before_the_glossary_wait_for_it(
    essay_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tab then Enter at the first frame: the card opens once the glossary is here."""
    import time

    from lecteur import loader

    slow = loader.glossary_step

    def later(essay):  # the glossary arrives half a second after the first frame
        time.sleep(0.5)
        return slow(essay)

    monkeypatch.setattr(loader, "glossary_step", later)
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.reading.glossary_view is None
        await pilot.press("tab", "enter")  # before the glossary: nothing to act on yet
        assert not isinstance(app.screen, TermCard)
        await ready(pilot, app)
        await pilot.pause(0.1)
        assert isinstance(app.screen, TermCard) and app.screen.entry.id == "icq"


@pytest.mark.parametrize("name", ["bomb", "recursive", "deep"])
async def test_a_hostile_glossary_file_is_a_status_note(tmp_path: Path, name: str) -> None:
    """An alias bomb or absurd nesting beside the essay: refused at once, named in the
    status line; the essay reads on with the shipped glossary."""
    from tests.unit.test_safeyaml import HOSTILE

    async with _beside_a_broken_glossary(tmp_path, HOSTILE[name][0]) as (_, screen):
        assert HOSTILE[name][1] in (screen.glossary_warning or "")
        status = str(screen.query_one("#status").render())
        assert "left out" in status and "e.glossary.yaml" in status
