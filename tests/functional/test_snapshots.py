"""SVG snapshots of what a reader sees at 100×30 (pytest-textual-snapshot).

Update after a deliberate visual change with ``pytest --snapshot-update`` and look at
the report before committing.
"""

from __future__ import annotations

from lecteur.app import make_app

SIZE = (100, 30)


def test_opening_screen(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_after_a(snap_compare) -> None:
    # `a`: the first argument section, its header at the top.
    assert snap_compare(make_app(), press=["a"], terminal_size=SIZE)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=SIZE)


def test_glossary_card(snap_compare) -> None:
    async def open_icq_card(pilot) -> None:
        app = pilot.app
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("tab", "enter")  # first term (ICQ), then its card

    assert snap_compare(make_app(), run_before=open_icq_card, terminal_size=SIZE)


def test_timeline(snap_compare) -> None:
    async def open_timeline(pilot) -> None:
        app = pilot.app
        for _ in range(200):
            if app.reading.glossary_view is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("T")  # the timeline
        await pilot.pause(0.1)

    assert snap_compare(make_app(), run_before=open_timeline, terminal_size=SIZE)
