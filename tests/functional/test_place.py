"""The reader keeps its place: what is at the top of the view stays there when the whole book
replaces its head, when glossary marks arrive, on `+` / `-` and on a terminal resize."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecteur.app import LecteurApp
from lecteur.essay import HEAD_CHARS
from lecteur.library import open_essay
from lecteur.messages import EssayLoaded
from lecteur.reader import ReadingView

SIZE = (100, 30)


def book(write, chapters: int = 60) -> Path:
    """A book big enough to be opened by its head: chapters of paragraphs of varied length."""
    parts = []
    for c in range(chapters):
        parts.append(f"## Chapitre {c}\n\n")
        for p in range(8):
            words = " ".join(f"mot{c}-{p}-{w}" for w in range(20 + (c * 7 + p * 13) % 90))
            parts.append(f"Il était une fois, au chapitre {c}, le paragraphe {p}. {words}.\n\n")
    return write("book.md", "".join(parts))


def top_place(reader: ReadingView) -> tuple[int, int, int]:
    """The first line of essay text on screen: its paragraph, its first character's offset
    and its row in the view."""
    for row in range(reader.size.height):
        for segment in reader.render_line(row):
            style = segment.style
            if style and style.meta.get("at") is not None:
                return style.meta["paragraph"], style.meta["at"], row
    raise AssertionError("no essay text on screen")


async def wait_for(pilot, condition, tries: int = 300) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


@pytest.mark.parametrize("laid_out", [False, True], ids=["layout-made-here", "layout-sent"])
async def test_the_whole_book_replaces_its_head_without_moving_the_text(
    write, laid_out: bool
) -> None:
    """And with the layout the loading thread made for it (off the event loop), its items
    are those shown, not made again."""
    from lecteur.layout import Layout

    path = book(write)
    head = open_essay(path, head=HEAD_CHARS // 4)
    assert not head.complete
    whole = open_essay(path)
    sent = Layout(whole)
    app = LecteurApp(head)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        app.reading.loader.close()  # this test delivers the whole book itself
        app.reading.workers.cancel_all()
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.press("j", "j", "j")
        before = top_place(reader)
        app.reading.post_message(EssayLoaded(whole, sent if laid_out else None))
        await wait_for(pilot, lambda: reader.essay is whole)
        await pilot.pause()
        assert top_place(reader) == before
        assert (reader._layout.items is sent.items) == laid_out


async def test_glossary_marks_do_not_move_the_text(essay_path: Path) -> None:
    from lecteur.app import make_app

    app = make_app(essay_path)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        reader.set_occurrences([])
        await pilot.press("pagedown", "j")
        before, scroll = top_place(reader), reader.scroll_y
        await wait_for(pilot, lambda: app.reading.glossary_view is not None)
        await pilot.pause()
        assert reader.occurrences  # the marks arrived
        assert (top_place(reader), reader.scroll_y) == (before, scroll)


async def test_wider_and_narrower_keep_the_paragraph_at_the_top(write) -> None:
    app = LecteurApp(open_essay(book(write, chapters=12)))
    async with app.run_test(size=(140, 30)) as pilot:
        reader = app.reading.reader
        await pilot.press("pagedown", "pagedown", "j", "j")
        paragraph, offset, _ = top_place(reader)
        for key in ("minus", "minus", "plus", "plus", "plus"):
            await pilot.press(key)
            now_paragraph, now_offset, _ = top_place(reader)
            assert now_paragraph == paragraph
            # The top line is the one that holds the character that was at the top.
            assert now_offset <= offset < now_offset + reader.column_width + 1


async def test_a_resize_keeps_the_paragraph_at_the_top(write) -> None:
    app = LecteurApp(open_essay(book(write, chapters=12)))
    async with app.run_test(size=(120, 30)) as pilot:
        reader = app.reading.reader
        await pilot.press("pagedown", "pagedown", "pagedown", "j")
        paragraph, offset, _ = top_place(reader)
        for size in ((70, 24), (160, 40), (90, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            now_paragraph, now_offset, _ = top_place(reader)
            assert now_paragraph == paragraph
            assert now_offset <= offset < now_offset + reader.column_width + 1


async def test_a_section_header_at_the_top_stays_when_the_whole_book_arrives(write) -> None:
    path = book(write)
    head = open_essay(path, head=HEAD_CHARS // 4)
    whole = open_essay(path)
    app = LecteurApp(head)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reading.reader
        app.reading.loader.close()
        app.reading.workers.cancel_all()
        await pilot.press("n", "n")  # a section's header at the top
        before = reader.render_line(0).text
        assert "§3" in before
        first = head.sections[2].first
        app.reading.post_message(EssayLoaded(whole))
        await wait_for(pilot, lambda: reader.essay is whole)
        await pilot.pause()
        number = next(i for i, s in enumerate(whole.sections) if s.first == first)
        assert f"§{number + 1} " in reader.render_line(0).text


async def test_a_whole_book_is_folded_for_search_before_the_first_search(write) -> None:
    path = book(write, chapters=260)  # over 2,000 paragraphs: a book
    app = LecteurApp(open_essay(path, head=HEAD_CHARS // 4))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.reading
        # The loader delivers the whole book; it is folded with no search asked.
        await wait_for(
            pilot,
            lambda: (
                screen.essay.complete
                and screen._search_index is not None
                and screen._search_index[0] is screen.essay
            ),
            tries=1500,
        )
        assert screen._search_index is not None
        index = screen._search_index[1]
        # The search uses it: Enter answers from the index built ahead.
        await pilot.press("slash", *"mot3-4-1", "enter")
        await wait_for(pilot, lambda: bool(screen.search_state.hits), tries=1500)
        assert screen._search_index[1] is index
