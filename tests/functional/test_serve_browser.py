"""``lecteur serve`` in a real browser: Debian's Chromium, headless, driven by Playwright.

What a reader sees: the essay's first screen, ``n`` and ``a`` moving through the sections,
Tab then Enter opening a glossary card and Esc closing it, ``q`` ending the session.
The screen is read from the websocket frames through pyte (xterm.js paints on a canvas),
and the screenshot, saved in the test's folder, is checked in the browser for the colours
the app sent. When a page closes, its lecteur process must be gone; when the server
stops, everything is.

Skipped, with the reason, where no Chromium or no Playwright can be had (`.ci/run`
installs Debian's chromium when apt is there; Playwright's own browser download is
never used). ``python tests/functional/test_serve_browser.py [RUNS] [--screenshot PNG]``
measures the time to the first screen (and takes the README's screenshot).
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.slow

pyte = pytest.importorskip("pyte")
pytest.importorskip("textual_serve", reason="`lecteur serve` needs the web extra")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)

if __package__:
    from tests.functional.test_serve import (
        ESSAY,
        STATUS,
        TIMEOUT,
        TITLE,
        ServerProcess,
        alive,
        descendants,
        wait_until,
    )
else:  # run as a script: the measurement below
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.functional.test_serve import (
        ESSAY,
        STATUS,
        TIMEOUT,
        TITLE,
        ServerProcess,
        alive,
        descendants,
        wait_until,
    )

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine's network is closed: no background connections to refuse.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1200, "height": 760}

FIRST_SCREEN_PROBE = """
(() => {
  // The time from navigation start to the first screen of the essay: the first frame
  // that carries a screen (the ones before are a few escape sequences), then two
  // animation frames, by which xterm.js has painted it.
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      if (window.__firstFrame === undefined && typeof event.data !== "string"
          && event.data.byteLength > 1000) {
        window.__firstFrame = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => {
          window.__firstScreen = performance.now();
        }));
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""

PIXEL_COUNT = """
async (dataUrl) => {
  // Count each colour of a PNG (here: the page's screenshot), in the page itself.
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  const counts = {};
  for (let i = 0; i < data.length; i += 4) {
    const hex = ((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]).toString(16);
    counts[hex.padStart(6, "0")] = (counts[hex.padStart(6, "0")] || 0) + 1;
  }
  return counts;
}
"""


def chromium() -> str:
    """Debian's Chromium, or skip the test saying how to get it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip(
            "no Chromium on this machine: Debian's `chromium` package (apt-get install "
            "chromium) provides it; .ci/run installs it where apt is available"
        )
    return found


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A persistent Chromium context with a fresh profile in the test's folder."""
    executable = chromium()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=VIEWPORT,
        )
        context.add_init_script(FIRST_SCREEN_PROBE)
        try:
            yield context
        finally:
            context.close()


class BrowserTab:
    """A page of lecteur, its screen rebuilt by pyte from the websocket's frames."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: Any = None
        self.stream: Any = None
        self.problems: list[str] = []
        """Console errors and page errors (a Content-Security-Policy refusal among them)."""
        self.responses: dict[str, int] = {}
        page.on("websocket", self._websocket)
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on("console", self._console)
        page.on("response", lambda r: self.responses.__setitem__(urlsplit(r.url).path, r.status))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(message.text)

    def _websocket(self, socket: Any) -> None:
        query = parse_qs(urlsplit(socket.url).query)
        self.screen = pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(lines=size["height"], columns=size["width"])

    @property
    def lines(self) -> list[str]:
        return list(self.screen.display) if self.screen is not None else []

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, predicate: Callable[[BrowserTab], bool], what: str) -> None:
        """Let the page run (its events reach us meanwhile) until ``predicate`` holds."""
        end = TIMEOUT * 1000
        waited = 0
        while not predicate(self):
            if waited > end:
                pytest.fail(f"the browser never showed {what}:\n{self.text}")
            self.page.wait_for_timeout(50)
            waited += 50

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def first_screen_ms(self) -> float:
        """Navigation start to the first screen painted, by the page's own clock."""
        self.page.wait_for_function("() => window.__firstScreen !== undefined")
        return float(self.page.evaluate("() => window.__firstScreen"))


def header_at_top(pattern: str) -> Callable[[BrowserTab], bool]:
    """A section header matching ``pattern`` in the reading view's first rows."""
    compiled = re.compile(rf"━━ §{pattern}")
    return lambda tab: any(compiled.search(line) for line in tab.lines[:3])


def glossary_openings() -> list[str]:
    """The first words of every definition: one is on screen when a card is open (in the
    interface's language, English here, or the other)."""
    from lecteur.library import open_essay, open_glossary

    glossary, _, _ = open_glossary(open_essay(ESSAY))
    return [
        text[:24]
        for e in glossary.entries.values()
        for text in (e.definition.get("fr"), e.definition.get("en"))
        if text
    ]


def colour_of(tab: BrowserTab, character: str, row_pattern: str) -> str:
    """The foreground colour (hex) pyte saw for ``character`` on the first row matching."""
    for y, line in enumerate(tab.lines):
        if re.search(row_pattern, line):
            x = line.index(character)
            return str(tab.screen.buffer[y][x].fg)
    pytest.fail(f"no row matches {row_pattern!r}:\n{tab.text}")


def test_reading_in_chromium(browser: Any, tmp_path: Path) -> None:
    serving = ServerProcess(ESSAY)
    try:
        page = browser.new_page()
        tab = BrowserTab(page)
        page.goto(serving.url)

        # The first screen: the essay, its outline, its status line.
        tab.wait_for(lambda t: TITLE in t.text and "§1" in t.text and STATUS.search(t.text), "it")
        first_screen = tab.first_screen_ms()
        print(f"first screen: {first_screen:.0f} ms after navigation start")
        serving.wait_for_sessions(1)

        # Keys reach the reader without a click first.
        tab.press("n")
        tab.wait_for(header_at_top("2 · "), "section 2 at the top after n")
        tab.press("a")
        tab.wait_for(header_at_top(r"\d+ · ARGUMENT"), "an argument section after a")

        openings = glossary_openings()
        assert not any(o in tab.text for o in openings)
        tab.press("Tab")
        tab.press("Enter")
        tab.wait_for(lambda t: any(o in t.text for o in openings), "a glossary card")
        tab.press("Escape")
        tab.wait_for(lambda t: not any(o in t.text for o in openings), "the card closed")
        tab.wait_for(header_at_top(r"\d+ · ARGUMENT"), "the view where it was")

        # Fonts, colours and box characters, as painted.
        shot = tmp_path / "lecteur-in-chromium.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        assert page.evaluate("() => document.fonts.check(\"16px 'Roboto Mono'\")")
        assert tab.responses.get("/static/fonts/RobotoMono-VariableFont_wght.ttf") == 200
        import base64

        data_url = "data:image/png;base64," + base64.b64encode(shot.read_bytes()).decode()
        counts: dict[str, int] = page.evaluate(PIXEL_COUNT, data_url)
        rule = colour_of(tab, "━", r"━━ §\d+ · ARGUMENT")  # the section's rule, a box line
        background = str(tab.screen.buffer[tab.screen.lines // 2][tab.screen.columns // 2].bg)
        assert counts.get(rule.lower(), 0) > 200, (rule, sorted(counts.items())[:20])
        assert counts.get(background.lower(), 0) > 100_000, background
        assert len([c for c, n in counts.items() if n > 500]) >= 5, "too few colours"
        assert tab.problems == [], tab.problems

        # q ends the session: the page says so, and the process is gone.
        tab.press("q")
        page.wait_for_selector("body.-closed", timeout=TIMEOUT * 1000)
        wait_until(lambda: serving.sessions() == [], "the session's process to exit after q")

        # Closing a tab, without q, ends its session too.
        other = BrowserTab(browser.new_page())
        other.page.goto(serving.url)
        other.wait_for(lambda t: TITLE in t.text, "the essay in a second tab")
        serving.wait_for_sessions(1)
        other.page.close()
        wait_until(lambda: serving.sessions() == [], "the process of a closed tab to exit")
        assert serving.process.poll() is None
        wait_until(lambda: len(serving.spares()) == 1, "the next tab's process")
    finally:
        below = descendants(serving.pid)
        status = serving.stop()
    assert status == 0, serving.text
    # The whole tree is gone: the server, and the process it had ready for the next tab.
    assert below and [pid for pid in below if alive(pid)] == []


# --------------------------------------------------------------------------- measuring


def measure(runs: int, screenshot: Path | None) -> None:
    """Print the time to the first screen over ``runs`` page loads (one server, one
    browser, a new page and so a new lecteur process each time)."""
    times: list[float] = []
    serving = ServerProcess(ESSAY)
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                args=CHROMIUM_ARGS,
                headless=True,
                viewport=VIEWPORT,
            )
            context.add_init_script(FIRST_SCREEN_PROBE)
            for run in range(runs):
                # As for a reader who opens the page: the server has a process ready.
                wait_until(lambda: len(serving.spares()) == 1, "the spare process")
                page = context.new_page()
                tab = BrowserTab(page)
                page.goto(serving.url)
                times.append(tab.first_screen_ms())
                if screenshot is not None and run == runs - 1:
                    # The README's picture: section 2, its first term's card open.
                    tab.wait_for(lambda t: "terms (Tab)" in t.text, "the glossary loaded")
                    page.bring_to_front()
                    for key in ("n", "Tab", "Enter"):
                        tab.press(key)
                        page.wait_for_timeout(400)
                    page.wait_for_timeout(600)
                    page.screenshot(path=str(screenshot))
                page.close()
                wait_until(lambda: serving.sessions() == [], "the session to end")
            context.close()
    finally:
        serving.stop()
    times.sort()
    print(
        f"first screen, {runs} page loads: median {statistics.median(times):.0f} ms, "
        f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms "
        f"(navigation start to the first screen painted; Chromium {VIEWPORT['width']}×"
        f"{VIEWPORT['height']}, each page a new lecteur process, started ahead)"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = None
    if "--screenshot" in arguments:
        at = arguments.index("--screenshot")
        target = Path(arguments[at + 1])
        del arguments[at : at + 2]
    measure(int(arguments[0]) if arguments else 11, target)
