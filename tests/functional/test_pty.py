"""The real program in a real pseudo-terminal, read through the pyte VT emulator.

What a user at a 100×30 terminal sees: the essay, the outline and the footer; ``n``
brings the next section's header to the top; ``?`` opens the help and Esc closes it;
``q`` quits with status 0. And a missing file: one line on stderr, status 2.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

pyte = pytest.importorskip("pyte")

ROOT = Path(__file__).resolve().parents[2]
COLS, ROWS = 100, 30
TIMEOUT = 20.0

# The terminal's answers: device attributes like an xterm; synchronized output
# (mode 2026) supported, as in most modern terminals, so Textual brackets each frame
# and the screen is only looked at between frames.
ANSWERS = {b"\x1b[c": b"\x1b[?62;22c", b"\x1b[?2026$p": b"\x1b[?2026;2$y"}
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"


def program_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES", "NO_COLOR"):
        env.pop(name, None)
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


class Pty:
    """A program in a pseudo-terminal of ``cols``×``rows``, seen through pyte."""

    def __init__(self, argv: Sequence[str], *, cwd: Path, cols: int = COLS, rows: int = ROWS):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.status: int | None = None
        self.in_frame = False
        self._tail = b""
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
        env = program_env()
        pid, fd = pty.fork()
        if pid == 0:  # child: the pty is its controlling terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.chdir(cwd)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, winsize)

    # -- reading

    def pump(self, timeout: float) -> bool:
        """Feed what the program wrote within ``timeout`` s to pyte; False at EOF."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            return False
        if not data:
            return False
        window = self._tail + data
        for query, answer in ANSWERS.items():  # queries that end in the new data
            if window.find(query, max(0, len(self._tail) - len(query) + 1)) >= 0:
                self.send(answer)
        start, end = window.rfind(SYNC_START), window.rfind(SYNC_END)
        if start >= 0 or end >= 0:
            self.in_frame = start > end
        self._tail = data[-16:]
        self.stream.feed(data)
        return True

    @property
    def lines(self) -> list[str]:
        return list(self.screen.display)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_until(
        self, predicate: Callable[[Pty], bool], what: str, timeout: float = TIMEOUT
    ) -> None:
        """Read until ``predicate(self)`` holds between frames, or fail the test."""
        end = time.monotonic() + timeout
        while self.in_frame or not predicate(self):
            left = end - time.monotonic()
            if left <= 0 or not self.pump(min(left, 0.05)):
                if predicate(self):
                    break
                pytest.fail(f"the screen never showed {what} ({timeout:.0f} s):\n{self.text}")

    def wait_for(self, *needles: str, timeout: float = TIMEOUT) -> None:
        self.wait_until(
            lambda t: all(n in t.text for n in needles), " and ".join(map(repr, needles)), timeout
        )

    # -- writing and ending

    def send(self, data: str | bytes) -> None:
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def wait_exit(self, timeout: float) -> int | None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self.pump(0.02)
        return None

    def close(self) -> None:
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
        os.close(self.fd)


@pytest.fixture
def lecteur_pty(tmp_path: Path):
    """Start ``python -m lecteur ARGS…`` in a pty (cwd: an empty folder); always killed."""
    started: list[Pty] = []

    def start(*args: str) -> Pty:
        term = Pty([sys.executable, "-m", "lecteur", *args], cwd=tmp_path)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def header_at_top(number: int) -> Callable[[Pty], bool]:
    """The header of section ``number`` (1-based) is at the top of the reading view
    (its first rows: the outline shares them on the left)."""
    pattern = re.compile(rf"━━ §{number} · \w")
    return lambda term: any(pattern.search(line) for line in term.lines[:3])


def test_read_navigate_help_and_quit_in_a_real_terminal(lecteur_pty) -> None:
    term = lecteur_pty()
    term.wait_for("Il fut une")
    # The outline (section kinds in the interface's language: English, by LANG) and the
    # footer's keys on the last row; the footer may come a frame after the text.
    term.wait_until(
        lambda t: (
            "Reminiscence" in t.text
            and "Argument" in t.text
            and all(label in t.lines[-1] for label in ("Quit", "Keys", "Section", "Search"))
        ),
        "the outline and the footer",
        timeout=5.0,
    )
    assert not header_at_top(2)(term), term.text

    term.send("n")
    term.wait_until(header_at_top(2), "the header of section 2 at the top")

    term.send("?")
    term.wait_for("keys", "Scroll down one line")  # the help's title and its first key
    term.send("\x1b")  # Esc closes the help
    term.wait_until(lambda t: "Scroll down one line" not in t.text, "the help closed")
    assert header_at_top(2)(term), term.text  # back where the reader was

    term.send("q")
    assert term.wait_exit(5.0) == 0, term.text


def test_a_missing_file_is_one_line_on_stderr_and_status_2(tmp_path: Path) -> None:
    missing = "/nonexistent.md"
    # stdin and stdout on a terminal, as when a user types the command; stderr apart.
    master, slave = pty.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        result = subprocess.run(
            [sys.executable, "-m", "lecteur", missing],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            text=True,
            env=program_env(),
            cwd=tmp_path,
            timeout=TIMEOUT,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_quit_and_come_back_to_the_same_section(lecteur_pty) -> None:
    """The real program remembers: quit in section 3, start again, be in section 3."""
    term = lecteur_pty()
    term.wait_for("Il fut une")
    term.send("3")
    term.wait_until(header_at_top(3), "the header of section 3 at the top")
    term.send("q")
    assert term.wait_exit(5.0) == 0, term.text
    term = lecteur_pty()
    term.wait_for("Resumed at §3")
    assert header_at_top(3)(term), term.text
    term.send("\x1b[H")  # Home: the start, as the notice says
    term.wait_until(lambda t: "Community manager" in t.lines[0], "the start")
    term.send("q")
    assert term.wait_exit(5.0) == 0, term.text


def test_a_piped_essay_opens_and_the_keyboard_works(tmp_path: Path) -> None:
    """``cat essay.md | lecteur``: the essay comes from the pipe, the keys from the terminal."""
    essay = tmp_path / "tube.md"
    essay.write_text(
        "# Depuis un tube\n\n" + "Il fut une époque où tout passait par des tubes.\n\n" * 60,
        encoding="utf-8",
    )
    term = Pty(["/bin/sh", "-c", f"cat '{essay}' | '{sys.executable}' -m lecteur"], cwd=tmp_path)
    try:
        term.wait_for("Depuis un tube", "Il fut une époque")
        term.send("?")  # a key reaches the reader: the help opens
        term.wait_for("Scroll down one line")
        term.send("\x1b")
        term.wait_until(lambda t: "Scroll down one line" not in t.text, "the help closed")
        term.send("q")
        assert term.wait_exit(5.0) == 0, term.text
    finally:
        term.close()
