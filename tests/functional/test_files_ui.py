"""The reader with real-world files: links, races a fast typist reaches, what it says.

Pilot tests (issue 10): ``f`` lists the links on screen and an ``#anchor`` jumps; a box
dismissed twice never takes the reader with it; two ``ctrl+p`` give one palette; a
language neither French nor English is said; a pasted escape never enters the search.
"""

from __future__ import annotations

from pathlib import Path

from lecteur.app import make_app
from lecteur.help_screen import HelpScreen
from lecteur.links import ConfirmOpen, LinkList, anchor_paragraph, slug
from lecteur.palette import LecteurPalette
from lecteur.reader_screen import ReaderScreen
from lecteur.widgets import SearchBar

SIZE = (100, 30)
LINKED = (
    "# Liens\n\nVoir [la suite](#plus-loin) et [le site](https://example.org/a).\n\n"
    + "Un paragraphe de remplissage pour la page, il en faut plusieurs.\n\n" * 30
    + "## Plus loin\n\nIci la suite.\n"
)


async def test_f_lists_links_and_an_anchor_jumps(write) -> None:
    app = make_app(write("liens.md", LINKED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")  # the links on screen
        assert isinstance(app.screen, LinkList)
        assert [link.target for link in app.screen.links] == ["#plus-loin", "https://example.org/a"]
        await pilot.press("enter")  # follow the first: an in-document anchor
        await pilot.pause()
        reader = app.reading.reader
        assert isinstance(app.screen, ReaderScreen)
        assert reader.top_paragraph() == anchor_paragraph(reader.essay, "#plus-loin")
        await pilot.press("f", "down", "enter")  # a web link asks first
        await pilot.pause()


async def test_a_web_link_asks_before_the_browser(write) -> None:
    app = make_app(write("liens.md", LINKED))
    opened: list[str] = []
    app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOpen)
        await pilot.press("n")  # no
        assert opened == []
        await pilot.press("f", "down", "enter", "y")  # yes
        await pilot.pause()
        assert opened == ["https://example.org/a"]


def test_slugs_are_those_of_site_generators() -> None:
    assert slug("Plus loin") == "plus-loin"
    assert slug("Été 2003 : ICQ !") == "ete-2003-icq"


async def test_a_box_dismissed_twice_leaves_the_reader(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        help_screen.dismiss()
        help_screen.dismiss()  # a second Esc in the same instant
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_two_ctrl_p_give_one_palette(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_command_palette()
        app.action_command_palette()  # before the first is on screen
        await pilot.pause()
        assert sum(isinstance(s, LecteurPalette) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        app.action_command_palette()  # and it opens again after closing
        await pilot.pause()
        assert isinstance(app.screen, LecteurPalette)


async def test_an_unknown_language_is_said(write) -> None:
    text = (
        "La casa de mi padre es muy grande y tiene un jardín donde jugábamos cuando éramos niños.\n"
    )
    app = make_app(write("casa.md", text * 3))
    async with app.run_test(size=SIZE, notifications=True):
        status = str(app.reading.query_one("#status").render())
        assert "language?" in status
        assert any("neither French nor English" in n.message for n in app._notifications)


async def test_a_pasted_escape_never_enters_the_search(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        bar = app.reading.query_one(SearchBar)
        bar.insert_text_at_cursor("\x1b]2;PWNED\x07")
        assert "\x1b" not in bar.value


async def test_position_moves_inside_a_one_paragraph_book(write) -> None:
    app = make_app(write("bloc.md", "mot " * 20000 + "\n"))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        assert reader.reading_position()[0] == 0
        for _ in range(20):
            await pilot.press("pagedown")
        fraction, words_left = reader.reading_position()
        assert 0 < fraction < 1 and 0 < words_left < 20000


async def test_an_absurdly_nested_list_is_said(write) -> None:
    app = make_app(write("liste.md", "- " * 200 + "fond\n\nAprès la liste.\n"))
    async with app.run_test(size=SIZE, notifications=True):
        assert any("nested" in n.message for n in app._notifications)
        assert app.reading.reader.essay.paragraphs[-1].text == "Après la liste."
