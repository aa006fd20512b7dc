"""Each key's latency in a loaded book, in process with Textual's Pilot.

The clock runs from the key press until what the key does is done and painted: the
search's hits are set, the card, list or timeline screen is up, the explanation shown, the
page moved. Pilot's own cost is in every figure; the same keys in the bundled essay are
the reference. ``python benchmarks/keys.py [--mb 5] [--presses 9]``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import startup  # noqa: E402

LOAD_TIMEOUT = 120.0
KEY_TIMEOUT = 10.0
QUERY = "blog"
"""A word of the bundled essay, so of the generated book too (a hit in each chapter)."""

KEYS = (
    ("search Enter", "search (Enter, hits set)"),
    ("]", "next match"),
    ("pagedown", "PageDown"),
    ("e", "`e` explain"),
    ("g", "`g` glossary list"),
    ("T", "`T` timeline"),
    ("tab enter", "card (Tab, Enter)"),
    ("ctrl+p", "palette"),
)


async def _until(pilot: Any, done: Callable[[], bool], timeout: float = KEY_TIMEOUT) -> bool:
    end = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > end:
            return False
        await pilot.pause(0.002)
    return True


async def measure(path: Path, presses: int) -> dict[str, list[float]]:
    """Milliseconds per press, by key; a key that did not act in time counts as NaN."""
    from lecteur.app import LecteurApp
    from lecteur.essay import HEAD_CHARS
    from lecteur.library import open_essay

    out: dict[str, list[float]] = {name: [] for name, _ in KEYS}
    app = LecteurApp(open_essay(path, head=HEAD_CHARS))
    async with app.run_test(size=(startup.COLS, startup.ROWS)) as pilot:
        screen = app.reading
        t0 = time.perf_counter()
        while not (screen.essay.complete and screen.glossary_view is not None):
            if time.perf_counter() - t0 > LOAD_TIMEOUT:
                raise RuntimeError(f"not loaded after {LOAD_TIMEOUT:.0f} s")
            await pilot.pause(0.1)
        await pilot.pause()
        reader = screen.reader
        sections = len(screen.essay.sections)

        async def timed(name: str, act: Callable[[], Any], done: Callable[[], bool]) -> None:
            start = time.perf_counter()
            await act()
            ok = await _until(pilot, done)
            await pilot.pause()  # the frame that shows it
            out[name].append((time.perf_counter() - start) * 1000 if ok else float("nan"))

        async def back_to_reading() -> None:
            while app.screen is not screen:
                await pilot.press("escape")
                await pilot.pause()

        for n in range(presses):
            # Each round starts somewhere else in the book.
            reader.go_to_section(round(n * (sections - 1) / max(1, presses - 1)))
            await pilot.pause()

            # Search: a new query each time (no answer cached), then Enter.
            query = QUERY if n % 2 == 0 else "internet"
            screen.search_state = type(screen.search_state)()
            await pilot.press("slash")
            for ch in query:
                await pilot.press(ch)
            screen._search_index = None if n == 0 else screen._search_index
            await timed(
                "search Enter",
                lambda: pilot.press("enter"),
                lambda q=query: screen.search_state.query == q,  # type: ignore[misc]
            )
            await back_to_reading()
            if screen.query_one("#search").display:
                await pilot.press("escape")
            before = screen.search_state.current

            await timed(
                "]",
                lambda: pilot.press("right_square_bracket"),
                lambda b=before: screen.search_state.current != b,  # type: ignore[misc]
            )
            top = reader.top_paragraph(), reader.scroll_y

            await timed(
                "pagedown",
                lambda: pilot.press("pagedown"),
                lambda t=top: (reader.top_paragraph(), reader.scroll_y) != t,  # type: ignore[misc]
            )
            shown = len(app._notifications)
            await timed(
                "e",
                lambda: pilot.press("e"),
                lambda s=shown: len(app._notifications) > s and "explain" not in screen._busy,  # type: ignore[misc]
            )
            app.clear_notifications()
            for key in ("g", "T"):
                await timed(key, lambda k=key: pilot.press(k), lambda: app.screen is not screen)  # type: ignore[misc]
                await back_to_reading()
            await pilot.press("tab")
            await timed("tab enter", lambda: pilot.press("enter"), lambda: app.screen is not screen)
            await back_to_reading()
            await timed("ctrl+p", lambda: pilot.press("ctrl+p"), lambda: app.screen is not screen)
            await back_to_reading()
    return out


def run(path: Path, presses: int) -> dict[str, list[float]]:
    return asyncio.run(measure(path, presses))


def summary(times: list[float]) -> tuple[float, float]:
    """Median and worst (a key that never acted is worst: NaN)."""
    if not times:
        return float("nan"), float("nan")
    worst = float("nan") if any(t != t for t in times) else max(times)
    return median(sorted(t for t in times if t == t) or [float("nan")]), worst


def cli(
    doc: str,
    keys: tuple[tuple[str, str], ...],
    run: Callable[[Path, int], dict[str, list[float]]],
    presses: int,
) -> int:
    """The command line of a key benchmark: a generated book and the bundled essay, each
    key's median and worst in both."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--presses", type=int, default=presses)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        path = Path(tmp) / "livre.md"
        startup.write_big_essay(path, size=int(args.mb * 1e6))
        big = run(path, args.presses)
        small = run(startup.BUNDLED, args.presses)
    for name, label in keys:
        bm, bw = summary(big[name])
        sm, sw = summary(small[name])
        print(
            f"{label:<32} {args.mb:g} MB median {bm:7.1f} ms worst {bw:7.1f} ms"
            f"   essay median {sm:6.1f} ms worst {sw:6.1f} ms   ×{bm / sm:.1f}"
        )
    return 0


def main() -> int:
    return cli(__doc__, KEYS, run, presses=9)


if __name__ == "__main__":
    raise SystemExit(main())
