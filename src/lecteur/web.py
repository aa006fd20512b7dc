"""One browser session of ``lecteur serve``: ``python -m lecteur.web [--spare] PATH``.

:mod:`lecteur.serve` starts this once per browser tab and speaks Textual's web-driver
protocol with it over stdin and stdout. It is the reader as in a terminal, with three
differences:

- ``--spare``: the server starts the next session's process ahead, so that a tab does not
  wait for Python to import Textual and lecteur (most of a session's start). A spare
  imports them, then waits for one line on stdin, the tab's terminal size
  ``"WIDTH HEIGHT"``; only then does it read the essay, so a reader sees the file as it
  is when the tab opens. End of input while waiting (the server stopped): it exits.
- The essay is parsed here, not in a forked loader: a forked child would inherit the
  protocol pipes and keep the tab's session open after the reader has gone.
- The driver has a watchdog. Textual 8.2.8 can hang for good when a session ends while
  the app is still starting and the browser resized it meanwhile: the screen then
  resizes itself back and forth forever between the old size and the new one, its
  message queue never empties, and the event loop never runs anything else, so neither
  the server's "quit" nor SIGTERM is ever handled (the process spins at 30-50% of a
  core). The watchdog does not need the event loop: once the session has ended (the
  server said "quit", or the input was closed), it gives the app :data:`GRACE` seconds
  to exit, and ends the process itself if it has not.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.drivers.web_driver import WebDriver

if TYPE_CHECKING:
    from textual.app import App

    from lecteur.app import LecteurApp

GRACE = 3.0
"""Seconds an app has to exit once its web session has ended. A normal exit takes a few
hundredths of a second; a hung app never exits."""

EXIT_WATCHDOG = 3
"""The status of a session ended by the watchdog (textual-serve does not read it; tests do)."""


class Watchdog:
    """Ends the process ``grace`` seconds after :meth:`arm`, unless it has exited by then.

    It runs on a daemon thread of its own and needs nothing from the event loop, which is
    the point: the loop is what hangs. Arming it twice does nothing.
    """

    def __init__(self, grace: float = GRACE, end: Callable[[int], object] = os._exit) -> None:
        self.grace = grace
        self._end = end
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.reason: str | None = None
        """Why it was armed: "quit" (the server ended the session) or "input closed"."""

    @property
    def armed(self) -> bool:
        return self._timer is not None

    def arm(self, reason: str) -> None:
        with self._lock:
            if self._timer is not None:
                return
            self.reason = reason
            self._timer = threading.Timer(self.grace, self._expire)
            self._timer.daemon = True
            self._timer.name = "lecteur-watchdog"
            self._timer.start()

    def _expire(self) -> None:
        message = (
            f"lecteur: the web session ended ({self.reason}) and the reader did not stop "
            f"within {self.grace:g} s; ending it\n"
        )
        try:
            # Not sys.stderr: Textual captures it while the app runs.
            os.write(2, message.encode())
        except OSError:
            pass
        finally:
            self._end(EXIT_WATCHDOG)


class LecteurWebDriver(WebDriver):
    """Textual's web driver, plus a :class:`Watchdog` armed when the session ends.

    The session has ended when the server sends "quit" (the tab was closed, or the server
    is stopping), or when the input thread stops: end of input (the server went away),
    an input error, or the app's own exit (then the watchdog is moot: the process is
    already on its way out).
    """

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self.watchdog = Watchdog()

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "quit":
            self.watchdog.arm("quit")
        super().on_meta(packet_type, payload)

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        finally:
            self.watchdog.arm("input closed")


def reading_target(path: Path | None) -> Path | list[Path]:
    """What ``lecteur [serve] PATH`` opens: an essay file, or the essays of a folder (more
    than one). Raises :class:`EssayError` for a missing path or a folder with no essay."""
    from lecteur.essay import EssayError
    from lecteur.library import essay_file, find_essays

    if path is not None and path.is_dir():
        choices = find_essays(path)
        if not choices:
            raise EssayError(path, "no essay in this folder (.md, .markdown or .txt files)")
        if len(choices) > 1:
            return choices
        path = choices[0]
    return essay_file(path)


def session_app(path: Path) -> LecteurApp:
    """The app for one browser session: the reader on an essay, or the picker on a folder."""
    from lecteur.app import LecteurApp, make_app

    target = reading_target(path)
    if isinstance(target, list):
        app = LecteurApp(folder=path, choices=target)
    else:
        app = make_app(target)
    app.driver_class = LecteurWebDriver
    return app


def wait_for_size(fd: int = 0) -> tuple[int, int] | None:
    """A spare's start: one line ``"WIDTH HEIGHT"`` on ``fd``; None at end of input.

    Read a byte at a time, straight from the descriptor: the protocol follows on the same
    pipe, and the driver's input thread must find all of it there (a buffered reader
    would swallow the start of it).
    """
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte or len(line) > 32:
            return None
        line += byte
    try:
        width, height = (int(part) for part in line.split())
    except ValueError:
        return None
    return width, height


def warm_up() -> None:
    """Import what a session needs before its first frame, and what comes right after."""
    import lecteur.app
    import lecteur.cards
    import lecteur.glossary
    import lecteur.library
    import lecteur.palette
    import lecteur.sections  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lecteur.web [--spare] PATH``: run one session (stdin and stdout are the
    protocol)."""
    from lecteur.essay import EssayError

    args = list(sys.argv[1:] if argv is None else argv)
    spare = args[:1] == ["--spare"]
    if spare:
        del args[0]
    if len(args) != 1:
        print(
            "usage: python -m lecteur.web [--spare] PATH (started by `lecteur serve`)",
            file=sys.stderr,
        )
        return 2
    if spare:
        warm_up()
        size = wait_for_size()
        if size is None:
            return 0
        # Read by the web driver when the app starts.
        os.environ["COLUMNS"], os.environ["ROWS"] = str(size[0]), str(size[1])
    try:
        app = session_app(Path(args[0]))
    except EssayError as error:
        print(f"lecteur: {error}", file=sys.stderr)
        return 2
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
