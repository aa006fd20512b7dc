"""The command palette's latency (ctrl+p) in a real pty, for two source trees in one run.

Each tree's lecteur runs in its own pseudo-terminal (``benchmarks/keys_pty.py``'s session:
loaded, the process tree quiet), side by side; the presses alternate between them (ABBA),
so that both meet the same load on a shared machine. The clock runs from the key's byte
until a whole frame shows the palette with its commands listed (the search field, a
"Go to §" and "Quit"), not merely a screen that changed. Before each press the reader
moves to the next section. A tree is a folder holding the ``lecteur`` package, e.g. an
unpacked ``git archive REV src``:

``python benchmarks/palette_ab.py --trees /tmp/old/src src [--mb 5] [--presses 12]``

Prints each tree's median and worst, every press, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import keys_pty  # noqa: E402  (benchmarks/keys_pty.py)
import startup  # noqa: E402


def shown(_before: str, now: str) -> bool:
    """The palette is drawn with its commands (English or French)."""
    return "🔎" in now and ("Go to §" in now or "Aller au §" in now) and "Quit" in now


def session(tree: Path, book: Path, state: Path) -> keys_pty.Session:
    """lecteur from ``tree`` (first on its PYTHONPATH) on ``book``."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree.resolve())
    try:
        return keys_pty.Session(book, str(state))
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old


def measure(trees: list[Path], book: Path, presses: int) -> list[list[float]]:
    """Milliseconds per press, by tree (NaN: the palette was not shown in time)."""
    times: list[list[float]] = [[] for _ in trees]
    with (
        tempfile.TemporaryDirectory(prefix="lecteur-palette-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        sessions = []
        for i, tree in enumerate(trees):
            state = Path(tmp) / f"state{i}"
            state.mkdir()
            sessions.append(stack.enter_context(session(tree, book, state)))
        for n in range(presses):
            order = list(range(len(trees)))
            for i in order if n % 2 == 0 else order[::-1]:
                s = sessions[i]
                s.term.send("n")
                s.settle()
                times[i].append(s.timed(keys_pty.CTRL_P, shown))
                s.back_to_reading()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=Path, nargs="+", required=True)
    parser.add_argument("--mb", type=float, default=0.0, help="a generated book (0: the essay)")
    parser.add_argument("--presses", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        book = startup.BUNDLED
        if args.mb:
            book = Path(tmp) / "livre.md"
            startup.write_big_essay(book, size=int(args.mb * 1e6))
        times = measure(args.trees, book, args.presses)
    what = f"{args.mb:g} MB book" if args.mb else "bundled essay"
    for tree, ms in zip(args.trees, times, strict=True):
        best, worst = keys_pty.summary(ms)
        every = " ".join(f"{t:.0f}" for t in ms)
        print(f"{what}, {tree}: median {best:.1f} ms, worst {worst:.1f} ms   [{every}]")
    if len(times) == 2:
        ratio = keys_pty.summary(times[1])[0] / keys_pty.summary(times[0])[0]
        print(f"ratio of the medians, second / first: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
