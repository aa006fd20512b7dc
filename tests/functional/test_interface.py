"""The interface in the reader's language, the cards at small sizes, the outline from the
keyboard, and the reading comforts of issue 11 (part 9)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from lecteur.app import LecteurApp, make_app
from lecteur.cards import TermCard
from lecteur.settings import Settings

SIZE = (100, 30)


async def glossary_ready(pilot, app: LecteurApp) -> None:
    for _ in range(200):
        if app.reading.glossary_view is not None or app.reading.glossary_problem:
            return
        await pilot.pause(0.02)


def screen_text(app: LecteurApp) -> str:
    return "\n".join(
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    )


ENGLISH = ("Quit", "Keys", "Search", "Outline", "min left", "terms", "Glossary", "Next", "Wider")


async def test_a_french_interface_has_no_english_left(essay_path: Path) -> None:
    app = make_app(essay_path, settings=Settings(language="fr"))
    async with app.run_test(size=(120, 30)) as pilot:
        await glossary_ready(pilot, app)
        await pilot.pause()
        shown = screen_text(app)
        import re

        assert "encore 5 min" in shown and re.search(r"\b\d+ termes \(Tab\)", shown)
        assert "Quitter" in shown
        assert "RÉMINISCENCE" in shown and "janvier 2010" in shown
        import re

        for word in ENGLISH:
            assert not re.search(rf"\b{word}\b", shown), word
        await pilot.press("question_mark")  # the help
        shown = html.unescape(screen_text(app))
        assert "Descendre d'une ligne" in shown and "Lecture" in shown and "Échap" in shown
        assert "Scroll down" not in shown
        await pilot.press("escape", "tab", "enter")  # a card
        assert isinstance(app.screen, TermCard)
        shown = screen_text(app)
        assert "Glossaire" in shown and "logiciel" in shown and "Échap" in shown


async def test_the_interface_follows_the_locale(essay_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "encore" in str(app.reading.query_one("#status").render())


async def test_l_switches_every_label_of_the_card(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await glossary_ready(pilot, app)
        app.reading.open_card("icq")
        await pilot.pause()
        card = app.screen
        english = screen_text(app)
        assert "Glossary" in english and "In the essay" in english and "software" in english
        await pilot.press("l")

        def labels() -> str:
            box = card.query_one("#card")
            parts = [str(box.border_title), str(box.border_subtitle)]
            parts += [str(w.render()) for w in card.query("Static")]
            see = card.query_one("#card-see")
            parts += [str(see.get_option_at_index(i).prompt) for i in range(see.option_count)]
            return " ".join(parts)

        french = labels()
        assert card.entry.definition["fr"][:30] in card.query_one("#card-text").text.plain
        for word in ("Glossaire", "Dans l'essai", "logiciel", "Voir aussi", "Échap"):
            assert word in french, word
        for word in ("Glossary", "In the essay", "software", "See also", "Esc"):
            assert word not in french, word
        await pilot.press("l")
        assert "See also" in labels() and "Voir aussi" not in labels()


async def test_esc_in_a_see_also_card_returns_to_the_card_before(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await glossary_ready(pilot, app)
        app.reading.open_card("icq")
        await pilot.pause()
        first = app.screen
        first.query_one("#card-see").focus()
        await pilot.press("l", "enter")  # a see-also card, in the card's language
        second = app.screen
        assert isinstance(second, TermCard) and second.entry.id == first.entry.see[0]
        assert second.language == "fr"
        await pilot.press("escape")
        assert app.screen is first
        await pilot.press("escape")
        assert app.screen is app.reading


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_part_of_a_card_can_be_reached_and_focus_is_seen(essay_path, size) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=size) as pilot:
        await glossary_ready(pilot, app)
        app.reading.open_card("community-manager")
        await pilot.pause(0.1)
        card = app.screen
        box = card.query_one("#card")
        screen = card.region

        def seen(widget) -> bool:
            region = widget.region
            return screen.contains_region(region) and box.region.contains_region(region)

        assert seen(app.focused) or app.focused is box
        visited = set()
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            visited.add(focused.id)
            if focused is not box:  # a list: it is on screen, whole, when focused
                assert seen(focused), (focused.id, focused.region, box.region)
        assert {"card-mentions", "card-see"} <= visited
        await pilot.press("end")  # the card scrolls to its very end
        box.focus()
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y


async def test_an_essay_with_no_term_says_so(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Un texte sans aucun terme du glossaire.\n", encoding="utf-8")
    app = make_app(essay)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await glossary_ready(pilot, app)
        await pilot.pause()
        assert "no glossary term" in str(app.reading.query_one("#status").render())
        await pilot.press("g", "T")
        await pilot.pause()
        assert app.screen is app.reading  # nothing opened empty
        said = [str(n.message) for n in app._notifications]
        assert said.count("No glossary term in this essay.") == 2


async def test_one_term_reads_one_term(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("J'installais ICQ.\n", encoding="utf-8")
    app = make_app(essay)
    async with app.run_test(size=SIZE) as pilot:
        await glossary_ready(pilot, app)
        assert "· 1 term (Tab)" in str(app.reading.query_one("#status").render())


async def test_a_card_shows_maker_and_country_when_the_entry_has_them(essay_path: Path) -> None:
    """The glossary branch adds ``maker`` and ``country`` to entries; the card reads them
    with getattr, so an entry that has them (here, a stand-in) shows them, named."""
    from types import SimpleNamespace

    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await glossary_ready(pilot, app)
        view = app.reading.glossary_view
        icq = view.glossary.get("icq")
        entry = SimpleNamespace(**{f: getattr(icq, f) for f in icq.__dataclass_fields__})
        entry.kind, entry.maker, entry.country = "hardware", "Mirabilis", "IL"
        card = TermCard(entry, view)  # type: ignore[arg-type]
        await app.push_screen(card)
        await pilot.pause()
        header = str(card.query_one("#card-header").render())
        assert "hardware" in header and "Made by Mirabilis · Israel" in header
        await pilot.press("l")
        header = str(card.query_one("#card-header").render())
        assert "matériel" in header and "Fait par Mirabilis · Israël" in header


async def test_the_whole_reason_shows_when_the_glossary_is_off(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Il fut une époque où j'installais ICQ.\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text(
        "version: 1\nentries:\n  - id: [oops this is a long and broken glossary line\n", "utf-8"
    )
    app = make_app(essay)
    async with app.run_test(size=(60, 20)) as pilot:
        for _ in range(100):
            if app.reading.glossary_problem or app.reading.glossary_warning:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        status = app.reading.query_one("#status")
        # A broken file beside the essay: the glossary is off, or (lenient loading) that
        # file is left out; either way the whole reason is on the status line.
        problem = app.reading.glossary_problem or app.reading.glossary_warning
        shown = " ".join(
            line.strip() for line in screen_text(app).splitlines()[-1 - status.size.height : -1]
        )
        assert status.size.height > 1
        assert problem.split()[-1] in shown  # the end of the reason, not an ellipsis


# ---------------------------------------------------------------------------- outline


async def test_the_outline_is_reached_and_used_from_the_keyboard(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=(70, 24)) as pilot:  # narrow: the outline starts hidden
        outline, reader = app.reading.outline, app.reading.reader
        assert not outline.display
        await pilot.press("O")  # into the outline, shown
        assert outline.display and app.focused is outline
        assert outline.highlighted == 0
        await pilot.press("escape")  # back to the text, unmoved
        assert app.focused is reader and reader.scroll_y == 0
        await pilot.press("O", "down", "down", "enter")
        assert reader.current_section() == 2 and app.focused is reader


async def test_the_outline_follows_the_size_of_the_current_resize(essay_path: Path) -> None:
    app = make_app(essay_path)
    async with app.run_test(size=(70, 24)) as pilot:
        outline = app.reading.outline
        assert not outline.display
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert outline.display
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert not outline.display


def test_outline_spans_past_section_1000_are_not_cut() -> None:
    from rich.style import Style

    from lecteur.essay import Section, SectionKind
    from lecteur.outline import Outline
    from lecteur.text import cell_len

    outline = Outline()
    section = Section(SectionKind.REMINISCENCE, "Titre", 21867, 21890)
    head = outline._head(1234, section, 31, Style(), Style())
    text = "".join(s.text for s in head)
    assert cell_len(text) <= 31
    assert "¶21868" in text and not text.endswith("–21")
    wide = "".join(s.text for s in outline._head(1234, section, 60, Style(), Style()))
    assert "¶21868–21891" in wide and "Reminiscence" in wide
