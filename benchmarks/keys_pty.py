"""Each key's latency in a loaded book, in a real pseudo-terminal: what a person waits.

lecteur runs as a program (``python -m lecteur BOOK``) in a pty, as for the first-paint
benchmark; once the whole book, its sections and its glossary are in (the process tree
quiet), keys are written to the terminal one at a time. The clock runs from the write
until the terminal holds a whole frame (outside a synchronized-update frame) that shows
what the key does: the search's hit count in the status line, the glossary list or the
timeline title, and for the other keys (next match, PageDown, `e`, a card, the palette)
a screen different from the one before the key. No Pilot: nothing but the program and
the terminal's bytes. The bundled essay is the reference.

``python benchmarks/keys_pty.py [--mb 5] [--presses 7]``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import keys  # noqa: E402  (benchmarks/keys.py: its summary and command line)
import startup  # noqa: E402
import tree  # noqa: E402

summary = keys.summary

LOAD_TIMEOUT = 120.0
KEY_TIMEOUT = 10.0
QUIET = 1.0
"""Seconds without CPU in the process tree that mean the book is loaded."""

KEYS = (
    ("search Enter", "search (Enter, hit count shown)"),
    ("]", "next match"),
    ("pagedown", "PageDown"),
    ("e", "`e` explain"),
    ("g", "`g` glossary list"),
    ("T", "`T` timeline"),
    ("tab enter", "card (Enter on a term)"),
    ("ctrl+p", "palette"),
)
QUERIES = ("blog", "internet", "site", "mIRC", "web", "communauté", "ICQ")
"""Words of the bundled essay, so of the generated book too (hits in every chapter); a
new one each round, so that no answer is cached."""

ESC, ENTER, PAGE_DOWN, TAB, CTRL_P = "\x1b", "\r", "\x1b[6~", "\t", "\x10"


class Session:
    """lecteur in a pty, loaded, with helpers that time one key."""

    def __init__(self, path: Path, state: str) -> None:
        env = dict(os.environ, XDG_STATE_HOME=state)
        self.term = startup.Pty(
            [sys.executable, "-m", "lecteur", str(path)], env=env, own_settings=True
        )

    def __enter__(self) -> Session:
        self.term.start()
        watch = tree.TreeWatch(self.term.pid)
        loaded = tree.watch_until(
            watch,
            self.term.pump,
            lambda: watch.quiet_since(QUIET) is not None and "terms" in self.status(),
            LOAD_TIMEOUT,
        )
        if not loaded:
            raise RuntimeError(f"not loaded after {LOAD_TIMEOUT:.0f} s:\n{self.term.text}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.term.send("q")
        self.term.wait_exit(5.0)
        self.term.close()

    def status(self) -> str:
        lines = self.term.text.splitlines()
        return lines[-2] if len(lines) >= 2 else ""

    def settle(self, quiet: float = 0.15, timeout: float = 3.0) -> None:
        """Read until the screen has not changed for ``quiet`` seconds."""
        end = time.perf_counter() + timeout
        last, since = self.term.text, time.perf_counter()
        while time.perf_counter() < end:
            self.term.pump(0.01)
            text = self.term.text
            if text != last or self.term.in_frame:
                last, since = text, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return

    def timed(self, keys: str, done: Callable[[str, str], bool] | None = None) -> float:
        """Milliseconds from writing ``keys`` until a whole frame for which
        ``done(before, now)`` holds (default: the screen changed); NaN if never."""
        self.settle()
        before = self.term.text
        check = done or (lambda old, new: new != old)
        start = time.perf_counter()
        self.term.send(keys)
        at = self.term.wait_until(lambda now: check(before, now), KEY_TIMEOUT)
        return (at - start) * 1000 if at is not None else float("nan")

    def reading(self) -> bool:
        """Whether the reader's own keys are in the footer (no box, list or card open)."""
        text = self.term.text
        lines = text.splitlines()
        # Boxes, lists, cards and the palette are drawn in borders (╭) or hold an input
        # (▊), the palette a search field (🔎); the search bar swaps the footer's keys.
        return (
            bool(lines)
            and lines[-1].lstrip().startswith("q ")
            and not any(mark in text for mark in ("╭", "▊", "🔎"))
        )

    def back_to_reading(self) -> None:
        for _ in range(6):
            if self.reading():
                return
            self.term.send(ESC)
            self.settle()
        raise RuntimeError(f"Esc does not lead back to the reader:\n{self.term.text}")


def measure(path: Path, presses: int) -> dict[str, list[float]]:
    """Milliseconds per press, by key (NaN: the key did not act in time)."""
    out: dict[str, list[float]] = {name: [] for name, _ in KEYS}
    with tempfile.TemporaryDirectory(prefix="lecteur-keys-") as state, Session(path, state) as s:
        for n in range(presses):
            # Each round reads elsewhere in the book: n sections further.
            for _ in range(n):
                s.term.send("n")
            s.settle()
            query = QUERIES[n % len(QUERIES)]
            s.term.send("/")
            s.settle()
            s.term.send(query)
            s.settle()
            hits = f"“{query}”:"
            out["search Enter"].append(s.timed(ENTER, lambda _old, new, h=hits: h in new))
            found = re.search(r"”: \d+/(\d+)", s.status())
            if found and int(found.group(1)) > 1:  # one hit: "]" has nowhere to go
                out["]"].append(s.timed("]"))
            s.back_to_reading()
            out["pagedown"].append(s.timed(PAGE_DOWN))
            out["g"].append(s.timed("g", lambda _old, new: "Glossary —" in new))
            s.back_to_reading()
            out["T"].append(s.timed("T", lambda _old, new: "Timeline —" in new))
            s.back_to_reading()
            s.term.send(TAB)
            s.settle()
            out["tab enter"].append(s.timed(ENTER))
            s.back_to_reading()
            out["ctrl+p"].append(s.timed(CTRL_P))
            s.back_to_reading()
        # `e` last, in rounds of its own: its answer is a notice that stays a few seconds
        # over the bottom of the screen (a search's count would hide under it).
        for _ in range(presses):
            s.term.send("n")
            s.settle()
            out["e"].append(s.timed("e"))
    return out


def main() -> int:
    return keys.cli(__doc__, KEYS, measure, presses=7)


if __name__ == "__main__":
    raise SystemExit(main())
