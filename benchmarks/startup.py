"""Time to first paint in a real pseudo-terminal, and the generated big essay.

The program runs in a pty (``pty.fork``) sized 100×30; everything it writes goes
through the ``pyte`` VT emulator, and the clock stops when a given text shows on the
emulated screen. The terminal answers a device-attributes query (``ESC [ c``) the way
an xterm would, so an app that asks is not left waiting, and says it supports
synchronized output (mode 2026), as most modern terminals do: Textual then brackets
each frame, and the screen is only looked at between frames, never half painted.

Run alone: ``python benchmarks/startup.py [--runs N]`` prints the first-paint table.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import random
import re
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import pyte

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
BUNDLED = ROOT / "essays" / "community-manager.md"

COLS, ROWS = 100, 30
DA_QUERIES = (b"\x1b[c", b"\x1b[0c")
DA_ANSWER = b"\x1b[?62;22c"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_ANSWER = b"\x1b[?2026;2$y"
"""Synchronized output (mode 2026): supported, as in kitty, WezTerm, foot, iTerm2…"""
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"


# --------------------------------------------------------------------------- pty


class Pty:
    """A program in a pseudo-terminal, read through a VT emulator."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = COLS,
        rows: int = ROWS,
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
        own_settings: bool = False,
    ) -> None:
        self.argv = list(argv)
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.env = dict(os.environ if env is None else env)
        for name in ("COLUMNS", "LINES"):
            self.env.pop(name, None)
        # ``own_settings``: the program's defaults, not the settings and reading places of
        # whoever runs a benchmark (a theme, a width, a place saved in a book change what
        # is measured), and nothing written to theirs: empty folders of its own, unless
        # the caller chose some.
        self._own: list[str] = []
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME") if own_settings else ():
            if env is None or env.get(name) == os.environ.get(name):
                self._own.append(tempfile.mkdtemp(prefix="lecteur-bench-"))
                self.env[name] = self._own[-1]
        self.env.update(TERM="xterm-256color", COLORTERM="truecolor")
        self.cwd = str(cwd) if cwd is not None else None
        self.pid = -1
        self.fd = -1
        self.t0 = 0.0
        self.status: int | None = None
        self.rusage = None
        self._tail = b""
        self._dirty = True
        self._text = ""
        self.eof = False
        self.in_frame = False
        """Inside a synchronized-output frame: the screen is half painted."""

    def start(self) -> float:
        """Fork and exec; return the start time (``perf_counter``)."""
        winsize = struct.pack("HHHH", self.rows, self.cols, 0, 0)
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                if self.cwd:
                    os.chdir(self.cwd)
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, winsize)
        return self.t0

    def pump(self, timeout: float) -> bool:
        """Read what the program wrote within ``timeout`` s; False at end of output."""
        if self.eof:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self.eof = True
            return False
        window = self._tail + data
        skip = len(self._tail)

        def asked(query: bytes) -> bool:  # a query that ends in the new data
            return window.find(query, max(0, skip - len(query) + 1)) >= 0

        if any(asked(q) for q in DA_QUERIES):
            os.write(self.fd, DA_ANSWER)
        if asked(SYNC_QUERY):
            os.write(self.fd, SYNC_ANSWER)
        start, end = window.rfind(SYNC_START), window.rfind(SYNC_END)
        if start >= 0 or end >= 0:
            self.in_frame = start > end
        self._tail = data[-16:]
        self.stream.feed(data)
        self._dirty = True
        return True

    @property
    def text(self) -> str:
        if self._dirty:
            self._text = "\n".join(self.screen.display)
            self._dirty = False
        return self._text

    def wait_until(self, predicate: Callable[[str], bool], timeout: float) -> float | None:
        """Pump until ``predicate(screen text)``; the time it became true, or None."""
        end = time.perf_counter() + timeout
        while True:
            if not self.in_frame and predicate(self.text):
                return time.perf_counter()
            left = end - time.perf_counter()
            if left <= 0:
                return None
            if not self.pump(min(left, 0.05)):
                return time.perf_counter() if predicate(self.text) else None

    def wait_for(self, needle: str, timeout: float) -> float | None:
        return self.wait_until(lambda text: needle in text, timeout)

    def send(self, data: str | bytes) -> None:
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def wait_exit(self, timeout: float) -> int | None:
        """Drain output until the program exits; its exit status, or None on timeout."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self._reaped(status, rusage)
                return self.status
            self.pump(0.02)
        return None

    def _reaped(self, status: int, rusage: object) -> None:
        self.status = os.waitstatus_to_exitcode(status)
        self.rusage = rusage

    def close(self) -> None:
        """Kill the program if it still runs, reap it, close the pty."""
        if self.pid > 0 and self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _, status, rusage = os.wait4(self.pid, 0)
            self._reaped(status, rusage)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        for folder in self._own:
            shutil.rmtree(folder, ignore_errors=True)
        self._own.clear()

    def __enter__(self) -> Pty:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------- big essay


def bundled_paragraphs() -> list[str]:
    """The bundled essay's body paragraphs (front matter and headings left out)."""
    text = BUNDLED.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body)]
    return [p for p in paragraphs if p and not p.startswith("#")]


def write_big_essay(path: Path, size: int = 5_000_000, seed: int = 1789) -> str:
    """Write a French essay of at least ``size`` bytes; return its first paragraph."""
    rng = random.Random(seed)
    source = bundled_paragraphs()
    parts = [
        "---\n"
        'title: "Le grand livre du community manager (banc d\'essai)"\n'
        "author: lecteur benchmarks\n"
        "language: fr\n"
        "---\n\n"
    ]
    total = len(parts[0].encode())
    first = ""
    chapter = 0
    while total < size:
        chapter += 1
        chosen = [p for p in source if rng.random() < 0.85] or source[:3]
        rng.shuffle(chosen)
        if not first:
            first = chosen[0]
        lines = [f"## Chapitre {chapter}\n\n"]
        for n, paragraph in enumerate(chosen):
            if n and rng.random() < 0.15:  # a little variety in the sentences
                paragraph = f"{paragraph} (chapitre {chapter}, reprise {n})"
            lines.append(paragraph + "\n\n")
        chunk = "".join(lines)
        parts.append(chunk)
        total += len(chunk.encode())
    path.write_text("".join(parts), encoding="utf-8")
    return first


def wait_text(paragraph: str, limit: int = 24) -> str:
    """A prefix of a paragraph, cut at a word, short enough never to wrap."""
    words, out = paragraph.split(), ""
    for word in words:
        candidate = f"{out} {word}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    return out or paragraph[:limit]


# --------------------------------------------------------------------------- timing


@dataclass
class Case:
    name: str
    argv: list[str]
    wait: str
    times: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def median(self) -> float:
        return median(self.times) if self.times else float("nan")

    @property
    def min(self) -> float:
        return min(self.times) if self.times else float("nan")


def first_paint(argv: Sequence[str], wait: str, timeout: float = 30.0) -> float | None:
    """Seconds from process start until ``wait`` shows on the screen (None: never)."""
    with Pty(argv, own_settings=True) as term:
        seen = term.wait_for(wait, timeout)
        if seen is None:
            sys.stderr.write(f"\n[{' '.join(argv)}] never showed {wait!r}; screen:\n{term.text}\n")
            return None
        return seen - term.t0


def full_load(argv: Sequence[str], wait: str, timeout: float = 90.0) -> dict[str, float | None]:
    """One run to the end of loading: first paint, then until "loading…" leaves the status.

    Then ``q``: the exit status (None: still running after 5 s, then killed), and the
    peak RSS of the program (MB), from ``wait4``."""
    out: dict[str, float | None] = {
        "first_paint": None,
        "loaded": None,
        "rss_mb": None,
        "exit": None,
    }
    with Pty(argv, own_settings=True) as term:
        seen = term.wait_for(wait, timeout)
        if seen is not None:
            out["first_paint"] = seen - term.t0
            # The status line says "loading…" until the whole book is parsed.
            if term.wait_for("loading…", 5.0) is not None:
                done = term.wait_until(lambda text: "loading…" not in text, timeout)
                if done is not None:
                    out["loaded"] = done - term.t0
            term.send("q")
            out["exit"] = term.wait_exit(5.0)
    if term.rusage is not None:
        out["rss_mb"] = term.rusage.ru_maxrss / 1024  # KiB on Linux
    return out


def startup_cases(big: Path, big_wait: str) -> list[Case]:
    py = sys.executable
    return [
        Case("bare Textual app", [py, str(BARE_APP)], "Bonjour"),
        Case("lecteur, bundled essay", [py, "-m", "lecteur"], "Il fut une"),
        Case("lecteur, 5 MB essay", [py, "-m", "lecteur", str(big)], big_wait),
    ]


def run_startup(cases: list[Case], runs: int, *, warmup: bool = True, log=print) -> None:
    """Interleaved runs (a, b, c, a, b, c, …) so the cases share the machine's noise."""
    if warmup:  # byte-compile and fill the page cache; not counted
        for case in cases:
            first_paint(case.argv, case.wait)
    for n in range(runs):
        row = []
        for case in cases:
            if case.failures >= 2:  # broken: don't spend the timeout again and again
                row.append("  skip")
                continue
            t = first_paint(case.argv, case.wait)
            if t is None:
                case.failures += 1
                row.append("  fail")
            else:
                case.times.append(t)
                row.append(f"{t:6.3f}")
        log(f"  run {n + 1}/{runs}: " + "  ".join(row))


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        big = Path(tmp) / "grand-livre.md"
        first = write_big_essay(big)
        cases = startup_cases(big, wait_text(first))
        run_startup(cases, args.runs)
    base = cases[0].median
    for case in cases:
        print(
            f"{case.name:<24} median {case.median:.3f} s  min {case.min:.3f} s"
            f"  ×{case.median / base:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
