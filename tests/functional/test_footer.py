"""The reader's footer is rebuilt only when the keys it shows change."""

from __future__ import annotations

from pathlib import Path

from lecteur.app import make_app
from lecteur.reader_screen import QuietFooter


async def test_the_footer_is_rebuilt_only_when_its_keys_change(
    essay_path: Path, monkeypatch
) -> None:
    rebuilt: list[int] = []
    original = QuietFooter.recompose

    async def counted(self: QuietFooter) -> None:
        rebuilt.append(1)
        await original(self)

    monkeypatch.setattr(QuietFooter, "recompose", counted)
    app = make_app(essay_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.reading
        for _ in range(50):
            if screen.query(QuietFooter) and rebuilt:
                break
            await pilot.pause(0.05)
        footer = screen.query_one(QuietFooter)
        await pilot.pause(0.3)
        before = len(rebuilt)
        # Asked again with nothing changed: no new key widgets.
        screen.refresh_bindings()
        screen.refresh_bindings()
        await pilot.pause(0.2)
        assert len(rebuilt) == before
        # The search bar's keys: rebuilt, and they show.
        await pilot.press("slash")
        await pilot.pause(0.2)
        assert len(rebuilt) > before
        assert any("Find" in str(key.description) for key in footer.query("FooterKey"))
