"""Pilot tests: the keys a reader presses, and where the view ends up."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual import events

from lecteur.app import LecteurApp, make_app
from lecteur.cards import GlossaryList
from lecteur.help_screen import HelpScreen
from lecteur.layout import kind_label
from lecteur.library import open_essay
from lecteur.reader import ReadingView

SIZE = (100, 30)


def make(path: Path) -> LecteurApp:
    return make_app(path)


async def test_opens_with_the_reader_focused_at_the_top(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE):
        reader = app.reading.reader
        assert app.focused is reader
        assert reader.scroll_y == 0
        assert reader.current_section() == 0
        assert app.reading.outline.highlighted == 0  # the outline shows where the reader is
        status = str(app.reading.query_one("#status").render())
        first = reader.essay.sections[0]
        assert kind_label(first.kind, "fr") in status and first.title in status
        assert "min left" in status


async def test_n_and_p_move_between_sections(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        sections = reader.essay.sections
        for i in range(1, len(sections)):
            await pilot.press("n")  # next section: its header at the top
            assert reader.current_section() == i
            assert reader.scroll_y == reader.section_line(i)
        await pilot.press("p")  # previous section
        assert reader.current_section() == len(sections) - 2
        assert reader.scroll_y == reader.section_line(len(sections) - 2)


async def test_a_and_r_go_to_the_next_argument_and_reminiscence(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        kinds = [s.kind for s in reader.essay.sections]
        await pilot.press("a")  # next argument
        first_argument = kinds.index("argument")
        assert reader.current_section() == first_argument
        assert reader.scroll_y == reader.section_line(first_argument)
        await pilot.press("r")  # next reminiscence (wraps to the first)
        assert kinds[reader.current_section()] == "reminiscence"
        assert app.reading.outline.highlighted == reader.current_section()


async def test_number_keys_jump_to_section_n(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press("2")  # section 2
        assert reader.current_section() == 1
        assert reader.scroll_y == reader.section_line(1)
        await pilot.press("9")  # no ninth section: nothing moves
        assert reader.current_section() == 1
        await pilot.press("1")
        assert reader.current_section() == 0


async def test_scrolling_keys(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press("j", "j", "down")  # three lines down
        assert reader.scroll_y == 3
        await pilot.press("k", "up")  # two lines up
        assert reader.scroll_y == 1
        await pilot.press("space")  # a page, less two lines of context
        assert reader.scroll_y == 1 + reader.size.height - 2
        await pilot.press("pageup")
        assert reader.scroll_y == 1
        await pilot.press("pagedown")
        assert reader.scroll_y == 1 + reader.size.height - 2
        await pilot.press("end")  # the last full page
        assert reader.scroll_y == reader.content_height - reader.size.height > 0
        status = str(app.reading.query_one("#status").render())
        assert "100%" in status
        await pilot.press("home")
        assert reader.scroll_y == 0


async def test_mouse_wheel_scrolls(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        reader.post_message(events.MouseScrollDown(reader, 40, 10, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert reader.scroll_y > 0


async def test_outline_toggle_and_selection(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        outline, reader = app.reading.outline, app.reading.reader
        assert outline.display and outline.option_count == len(reader.essay.sections)
        await pilot.press("o")  # hide the outline
        assert not outline.display and app.focused is reader
        await pilot.press("o")  # show it again
        assert outline.display
        last = outline.option_count - 1
        await pilot.click(outline, offset=(6, 2 * last))  # click the last section
        await pilot.pause()
        assert reader.current_section() == last
        assert app.focused is reader
        outline.focus()
        await pilot.press("home", "down", "enter")  # the second section, by keyboard
        assert reader.current_section() == 1 and app.focused is reader


async def test_help_screen_lists_the_keys(essay_path: Path) -> None:
    from lecteur.app import reader_key_owners
    from lecteur.keys import key_rows

    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")  # help
        assert isinstance(app.screen, HelpScreen)
        rows = list(app.screen.rows)
        assert rows == key_rows(reader_key_owners())  # generated from the bindings
        shown = {(r.keys, r.what) for r in rows}
        for keys, what in (
            ("n", "Go to the next section"),
            ("1 … 9", "Go to section 1 to 9"),
            ("Tab", "Next marked glossary term (scrolls to it)"),
            ("q", "Quit lecteur"),
        ):
            assert (keys, what) in shown
        import html

        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Scroll down one line" in text and "Reading" in text  # on screen
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_column_width_keys(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=(140, 30)) as pilot:
        reader = app.reading.reader
        before = reader.column_width
        await pilot.press("minus", "minus")  # narrower
        assert reader.column_width == before - 8
        await pilot.press("plus")  # wider
        assert reader.column_width == before - 4


async def test_q_quits(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.slow
async def test_big_file_opens_then_loads_the_rest(write) -> None:
    text = "".join(
        f"## Chapitre {i}\n\n" + ("Il était une fois un mot. " * 60 + "\n\n") * 8
        for i in range(120)
    )
    app = make(write("book.md", text))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        assert not reader.essay.complete  # first paint from the head
        for _ in range(100):
            await pilot.pause(0.05)
            if reader.essay.complete:
                break
        assert reader.essay.complete
        await pilot.press("end")
        assert reader.top_paragraph() >= len(reader.essay.paragraphs) - 3
        await pilot.press("home", "n")
        assert reader.current_section() == 1


async def test_a_big_book_s_head_is_laid_out_around_the_view_only(write) -> None:
    """The head of a big book is estimated, then laid out where the reader is: its first
    paint had waited for every item of the head to be laid out, at each width Textual
    tried. What the view shows is what the whole layout gives."""
    text = "".join(
        f"## Chapitre {i}\n\n"
        + "".join(
            f"Le mot {i}.{j} " + "est dit encore. " * (10 + 7 * (j % 5)) + "\n\n" for j in range(8)
        )
        for i in range(200)
    )
    app = make(write("book.md", text))
    async with app.run_test(size=SIZE):
        reader = app.reading.reader
        assert not reader.essay.complete  # the head
        items = len(reader._layout.items)
        assert 0 < sum(reader._exact) < items // 2  # only the window
        col = reader.column_width
        expected = [
            line.text.strip() for i in range(items) for line in reader._layout.lines(i, col)
        ]
        shown = [reader.render_line(y).text.strip() for y in range(reader.size.height)]
        assert shown == expected[: len(shown)]
        assert any(line.startswith("Le mot 0.0") for line in shown), shown


def test_a_view_not_given_its_size_yet_does_not_lay_out_a_guessed_width(
    essay_path: Path,
) -> None:
    """Before Textual sizes the view its width is a guess (80 columns): the items are
    estimated, not laid out, until the real width comes."""
    essay = open_essay(essay_path)
    view = ReadingView(essay)
    view._ensure_geometry()
    assert view._col > 0 and len(view._heights) == len(view._layout.items)
    assert sum(view._exact) < len(view._exact) // 4


async def test_an_essay_is_laid_out_whole_once_the_view_has_its_size(essay_path: Path) -> None:
    """Even when the real width is the guessed one (a wide terminal, the default column)."""
    app = make(essay_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        reader = app.reading.reader
        assert reader.column_width == reader.measure
        assert all(reader._exact) and len(reader._exact) == len(reader._layout.items)


def test_the_reader_starts_without_the_cyclic_collector_and_ends_with_it(
    essay_path: Path, monkeypatch
) -> None:
    """`lecteur PATH` imports and mounts the UI with the cyclic garbage collector off (it
    traversed the imported modules again and again: about 15 ms of the first paint), and
    has it back afterwards."""
    from lecteur import cli

    seen: list[bool] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(LecteurApp, "run", lambda self: seen.append(gc.isenabled()))
    assert gc.isenabled()
    assert cli.cmd_read(essay_path) == 0
    assert seen == [False]
    assert gc.isenabled()


async def test_the_app_turns_the_collector_back_on_after_its_first_frame(
    essay_path: Path,
) -> None:
    gc.disable()
    try:
        app = make(essay_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_keys_typed_while_the_rest_loads_act_in_order(write) -> None:
    text = "".join(
        f"## Chapitre {i}\n\n" + ("Il était une fois un mot. " * 60 + "\n\n") * 4 for i in range(60)
    )
    app = make(write("book.md", text))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        assert not reader.essay.complete  # the head is shown; the rest is loading
        await pilot.press("n", "n", "n", "question_mark")
        assert isinstance(app.screen, HelpScreen)  # the last key acted too, after the others
        for _ in range(200):
            if reader.essay.complete:
                break
            await pilot.pause(0.05)
        assert reader.essay.complete
        await pilot.press("escape")
        assert reader.current_section() == 3
        assert reader.essay.sections[3].title == "Chapitre 3"


async def test_text_that_looks_like_markup_is_shown_as_is(write) -> None:
    app = make(write("m.md", "Texte [b]gras[/b] [/url] [@click=quit] fin.\n"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reading.reader
        shown = "\n".join(reader.render_line(y).text for y in range(reader.size.height))
        assert "[b]gras[/b] [/url] [@click=quit]" in shown
        assert app.is_running


async def test_folder_shows_a_picker(tmp_path: Path) -> None:
    for name in ("un.md", "deux.md"):
        (tmp_path / name).write_text(f"# {name}\n\nIl fut une époque.\n", encoding="utf-8")
    from lecteur.library import find_essays

    app = LecteurApp(folder=tmp_path, choices=find_essays(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # the second file: un.md
        await pilot.pause()
        assert app.screen.query_one(ReadingView).essay.path.name == "un.md"


async def test_e_explains_the_paragraph_at_the_top(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2")  # section 2: the memories
        first = app.reading.reader.essay.sections[1].first
        await pilot.press("e")  # why this kind?
        for _ in range(100):
            if app._notifications:
                break
            await pilot.pause(0.02)
        messages = [str(n.message) for n in app._notifications]
        # The reader counts paragraphs from 1.
        assert any(
            m.startswith(f"¶{first + 1} reminiscence:") and "imparfait" in m for m in messages
        )


async def test_command_palette_defines_terms_and_goes_to_sections(essay_path: Path) -> None:
    from lecteur.cards import TermCard

    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+p", *"Define ICQ")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermCard) and app.screen.entry.id == "icq"
        await pilot.press("escape")
        last = len(app.reading.reader.essay.sections)
        await pilot.press("ctrl+p", *f"Go to §{last} ")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reading.reader.current_section() == last - 1


async def test_narrow_terminal_hides_the_outline_until_asked(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=(70, 24)) as pilot:
        reader = app.reading.reader
        assert not app.reading.outline.display
        assert reader.column_width == 70 - 1 - 4  # the scrollbar, a margin each side
        await pilot.press("o")  # the reader asks for it
        assert app.reading.outline.display
        await pilot.resize_terminal(120, 30)
        await pilot.resize_terminal(60, 24)
        assert app.reading.outline.display  # their choice stands


async def test_slash_searches_and_enter_goes_to_the_next_match(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press("slash", *"community", "enter")  # search
        await pilot.pause(0.2)
        status = str(app.reading.query_one("#status").render())
        assert "“community”: 1/11" in status
        first = app.reading.search_state.hits[0]
        top = round(reader.scroll_y)
        assert reader.top_paragraph() <= first.paragraph
        shown = [reader.render_line(y) for y in range(reader.size.height)]
        assert any(
            "community" in seg.text.lower() and seg.style and seg.style.bgcolor
            for line in shown
            for seg in line
        )  # highlighted
        # Enter found the text and gave the keys back to reading, as in less.
        assert not app.reading.query_one("#search").display and app.focused is reader
        await pilot.press("j")  # a reading key reads, it is not typed into the box
        assert app.reading.query_one("#search").value == "community"
        await pilot.press("right_square_bracket")  # the next match, while reading
        assert "2/11" in str(app.reading.query_one("#status").render())
        await pilot.press("left_square_bracket", "left_square_bracket")  # back, round
        assert "11/11" in str(app.reading.query_one("#status").render())
        await pilot.press("slash", "enter")  # the same text again: its next match
        await pilot.pause(0.1)
        assert "1/11" in str(app.reading.query_one("#status").render())
        assert reader.search_hits  # highlights stay while reading
        await pilot.press("escape")  # Esc while reading: the highlights go
        assert reader.search_hits == [] and round(reader.scroll_y) >= top
        assert "community" not in str(app.reading.query_one("#status").render())
        await pilot.press("slash", *"Mygale ", "enter")  # accents and case do not matter
        await pilot.pause(0.2)
        assert app.reading.search_state.hits and app.reading.search_state.hits[0].paragraph == 4


async def test_the_current_hit_is_drawn_apart_and_esc_in_the_box_keeps_highlights(
    essay_path: Path,
) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        await pilot.press("slash", *"community", "enter")
        await pilot.pause(0.2)
        current = reader.search_hits[reader.search_current]
        styles: dict[bool, set[str]] = {True: set(), False: set()}
        for y in range(reader.size.height):
            for seg in reader.render_line(y):
                meta = seg.style.meta if seg.style else {}
                if seg.style and seg.style.bgcolor and "at" in meta:
                    mine = meta["paragraph"] == current.paragraph and (
                        current.start <= meta["at"] < current.end
                    )
                    styles[mine].add(str(seg.style.bgcolor))
        assert styles[True] and styles[False] and not styles[True] & styles[False]
        await pilot.press("slash", "escape")  # open the box, then close it
        assert reader.search_hits and app.focused is reader


async def test_the_last_searches_are_kept(essay_path: Path) -> None:
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"Mygale", "enter", "escape")
        await pilot.press("slash", *"ICQ", "enter", "escape")
    app = make(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if app.reading.remembered:
                break
            await pilot.pause(0.02)
        await pilot.press("slash", "up")
        assert app.reading.query_one("#search").value == "ICQ"
        await pilot.press("up")
        assert app.reading.query_one("#search").value == "Mygale"
        await pilot.press("down", "down")
        assert app.reading.query_one("#search").value == ""


async def test_search_ignores_accents_and_case() -> None:
    from lecteur.search import find_all
    from lecteur.text import fold

    texts = ["Un coin d’hébergement MULTIMANIA", "hebergement… Hébergement"]
    assert len(fold(texts[0])) == len(texts[0])
    hits = find_all(texts, "hébergement")
    assert [(h.paragraph, texts[h.paragraph][h.start : h.end]) for h in hits] == [
        (0, "hébergement"),
        (1, "hebergement"),
        (1, "Hébergement"),
    ]
    assert [texts[0][h.start : h.end] for h in find_all(texts, "d'heb")] == ["d’héb"]
    assert find_all(texts, "   ") == []


async def test_reading_keys_do_not_exist_on_the_picker(tmp_path: Path) -> None:
    """On the list of essays, `o`, `/`, ctrl+f, `e`, `+`, `-`, `g` and `T` do nothing (they
    used to crash with NoMatches, or speak of a glossary with no essay open)."""
    from lecteur.library import find_essays
    from lecteur.picker_screen import PickerScreen

    for name in ("un.md", "deux.md"):
        (tmp_path / name).write_text(f"# {name}\n\nIl fut une époque.\n", encoding="utf-8")
    app = LecteurApp(folder=tmp_path, choices=find_essays(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("o", "slash", "ctrl+f", "e", "plus", "minus", "g", "T")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PickerScreen)
        assert not app._notifications  # nothing said about a glossary
        await pilot.press("question_mark")  # the picker's help: its own keys only
        rows = {r.keys for r in app.screen.rows}
        assert "Esc" in rows and "n" not in rows and "g" not in rows


async def test_glossary_keys_wait_while_loading_and_are_greyed_out_without_a_glossary(
    essay_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from lecteur import loader

    slow = loader.glossary_step

    def later(essay):  # hold the glossary back for a second
        time.sleep(1.0)
        return slow(essay)

    monkeypatch.setattr(loader, "glossary_step", later)
    app = make(essay_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = app.reading
        assert screen.glossary_view is None
        assert screen.check_action("glossary", ()) is True  # loading: the key waits for it
        await pilot.press("g")  # says it waits instead of nothing
        await pilot.pause()
        assert any("still loading" in str(n.message) for n in app._notifications)
        for _ in range(200):
            if screen.glossary_view is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause(0.1)
        assert isinstance(app.screen, GlossaryList)  # the waiting g acted
        await pilot.press("escape")
        screen.glossary_view = None
        screen.glossary_problem = "broken"  # no glossary at all: greyed out in the footer
        assert screen.check_action("glossary", ()) is None
        assert screen.check_action("timeline", ()) is None


def test_the_readme_key_table_is_the_bindings() -> None:
    """The README's key table is generated from the bindings: they cannot disagree."""
    from lecteur.app import reader_key_owners
    from lecteur.keys import key_rows, markdown_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = markdown_table(key_rows(reader_key_owners()))
    assert table in readme, "README key table out of date; paste:\n" + table


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from lecteur.app import LecteurApp, reader_key_owners
    from lecteur.cards import Timeline
    from lecteur.help_screen import HelpScreen
    from lecteur.keys import GROUPS
    from lecteur.picker_screen import PickerScreen

    owners = [*reader_key_owners(), Timeline, HelpScreen, PickerScreen, LecteurApp]
    for owner in owners:
        for binding in owner.BINDINGS:
            assert binding.id and binding.tooltip, (owner.__name__, binding)
            assert binding.id.split(".")[0] in GROUPS, binding.id


async def test_palette_lists_the_sections_near_and_finds_any(tmp_path: Path) -> None:
    from textual.command import CommandList

    from lecteur.palette import DISCOVER_SECTIONS

    kinds = ("argument", "reminiscence")
    parts = [
        f"## Partie {n} {{.{kinds[n % 2]}}}\n\nLe paragraphe numéro {n} de ce long livre.\n"
        for n in range(3 * DISCOVER_SECTIONS)
    ]
    path = tmp_path / "livre.md"
    path.write_text("---\nlanguage: fr\n---\n\n" + "\n".join(parts), encoding="utf-8")
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        middle = len(reader.essay.sections) // 2
        reader.go_to_section(middle)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)._options
        listed = [str(o.prompt).split("\n")[0] for o in options]
        gone_to = [s for s in listed if "Partie" in s]
        assert len(gone_to) == DISCOVER_SECTIONS
        assert any(s.endswith(f"Partie {middle}") for s in gone_to)
        assert not any(s.endswith("Partie 0") for s in gone_to)
        await pilot.press("escape")
        await pilot.pause()
        # Typing finds a section far from the one read.
        await pilot.press("ctrl+p", *"Go to §1 ")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.current_section() == 0


async def test_a_card_lists_the_mentions_nearest_the_one_chosen(tmp_path: Path) -> None:
    from lecteur.cards import MENTIONS_SHOWN, TermCard

    count = 3 * MENTIONS_SHOWN
    body = "".join(f"Le soir {n}, j'ouvrais ICQ après l'école.\n\n" for n in range(count))
    path = tmp_path / "icq.md"
    path.write_text("---\nlanguage: fr\n---\n\n" + body, encoding="utf-8")
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reading
        for _ in range(300):
            if screen.glossary_view is not None:
                break
            await pilot.pause(0.02)
        view = screen.glossary_view
        assert view is not None
        mentions = view.mentions("icq")
        assert len(mentions) == count
        chosen = mentions[count // 2]
        screen.open_card("icq", current=chosen)
        await pilot.pause()
        assert isinstance(app.screen, TermCard)
        options = app.screen.query_one("#card-mentions")._options
        ids = [int((o.id or "")[4:]) for o in options]
        assert len(ids) == MENTIONS_SHOWN
        assert chosen in ids and ids == sorted(ids)
        label = str(app.screen.query_one("#card-mentions-label").render())
        assert str(count) in label
