"""The word cursor and the dictionary card: w / W move along words, d looks one up."""

from __future__ import annotations

from pathlib import Path

from lecteur.app import make_app
from lecteur.dictionary import Dictionaries, find_databases
from tests.unit.test_dictionary import make_database

SIZE = (100, 30)


def essay(tmp_path: Path) -> Path:
    path = tmp_path / "e.md"
    path.write_text(
        "# Le modem\n\nLe modem sifflait chaque soir.\n\nPuis vint l'ADSL, sans bruit.\n",
        encoding="utf-8",
    )
    return path


def dictionaries(tmp_path: Path) -> Dictionaries:
    folder = tmp_path / "dictd"
    folder.mkdir()
    make_database(
        folder, "foldoc", {"modem": "modem\n\n   A device that turns bits\n   into sounds.\n"}
    )
    return Dictionaries(find_databases([folder]))


async def test_w_moves_a_word_cursor_and_d_opens_the_dictionary_card(tmp_path: Path) -> None:
    from lecteur.cards import DictionaryCard

    app = make_app(essay(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reading
        screen._dictionaries = dictionaries(tmp_path)
        reader = screen.reader
        await pilot.press("w")  # the first word on screen
        assert reader.word_text() == "Le"
        await pilot.press("w")  # the next one
        assert reader.word_text() == "modem"
        # The word is drawn apart: a reversed run holding exactly it.
        shown = [seg for y in range(reader.size.height) for seg in reader.render_line(y)]
        assert any(seg.text == "modem" and seg.style and seg.style.reverse for seg in shown)
        await pilot.press("d")  # look it up
        for _ in range(100):
            if isinstance(app.screen, DictionaryCard):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, DictionaryCard)
        text = app.screen.query_one("#dictionary-text").text.plain
        assert "foldoc test" in text and "A device that turns bits into sounds." in text
        await pilot.press("escape")  # the card closes
        assert not isinstance(app.screen, DictionaryCard)
        assert reader.word_text() == "modem"
        await pilot.press("escape")  # the word cursor goes away
        assert reader.word is None


async def test_words_go_on_into_the_next_paragraph_and_back(tmp_path: Path) -> None:
    app = make_app(essay(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press(*"wwwww")  # Le modem sifflait chaque soir
        assert reader.word_text() == "soir"
        await pilot.press("w", "w", "w")  # Puis vint l'ADSL
        assert reader.word_text() == "l'ADSL"
        await pilot.press("W", "W", "W")
        assert reader.word_text() == "soir"


async def test_d_says_what_to_install_or_do(tmp_path: Path) -> None:
    app = make_app(essay(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.reading
        screen._dictionaries = Dictionaries([])  # none installed
        await pilot.press("d")  # no word under the cursor yet
        await pilot.press("w", "d")
        for _ in range(100):
            if len(app._notifications) >= 2:
                break
            await pilot.pause(0.02)
        messages = [str(n.message) for n in app._notifications]
        assert any(m.startswith("No word under the word cursor") for m in messages)
        assert any(m.startswith("No dictionary installed: apt-get install dict-") for m in messages)
