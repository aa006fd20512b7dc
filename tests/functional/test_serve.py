"""``lecteur serve``: bad arguments, what the server exposes, sessions and their watchdog.

Without a browser: the command line in this process; the HTTP surface of a real server
process; sessions driven over the websocket by aiohttp and read through pyte; a hung
Textual app under lecteur's web driver. The real-browser test is test_serve_browser.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="`lecteur serve` needs the web extra")

import aiohttp
from aiohttp.test_utils import make_mocked_request

from lecteur.cli import main
from lecteur.serve import (
    MAX_COLUMNS,
    MAX_ROWS,
    ServeError,
    _server_classes,
    listen,
    origin_address,
    public_urls,
)
from lecteur.web import EXIT_WATCHDOG, Watchdog

ROOT = Path(__file__).resolve().parents[2]
ESSAY = ROOT / "essays" / "community-manager.md"
TITLE = "Community manager, ça n'existe pas"
STATUS = re.compile(r"\d+% · ")
"""The status line: the position in the essay, then what is left."""
TIMEOUT = 30.0
"""Liveness limit for anything awaited here (never a performance bound)."""


# --------------------------------------------------------------------------- helpers


def run(*args: str | Path) -> tuple[int, str, str]:
    """``lecteur ARGS…`` in this process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (Linux: read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces and parentheses.
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found: list[int] = []
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found.extend(sorted(frontier))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.05)


class ServerProcess:
    """``python -m lecteur serve ARGS… --port 0`` in a process group of its own.

    ``url`` is the URL it printed; its output is drained on a thread (it must never block
    on a full pipe) and kept in ``output``.
    """

    def __init__(self, *args: str | Path, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lecteur", "serve", *map(str, args), "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            start_new_session=True,
        )
        self.output: list[str] = []
        self._url = threading.Event()
        self.url = ""
        threading.Thread(target=self._drain, daemon=True).start()
        if not self._url.wait(TIMEOUT):
            self.stop()
            pytest.fail(f"lecteur serve printed no URL:\n{self.text}")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            match = re.search(r"http://\S+", line)
            if match and not self.url:
                self.url = match.group(0)
                self._url.set()
        self._url.set()

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    @property
    def text(self) -> str:
        return "".join(self.output)

    def session_pids(self) -> list[int]:
        """The process of every session the server has opened (it logs each one)."""
        return [int(pid) for pid in re.findall(r"session (\d+): a reader", self.text)]

    def sessions(self) -> list[int]:
        """The sessions whose process still runs (not counting the spare the server keeps
        ready for the next tab)."""
        return [pid for pid in self.session_pids() if alive(pid)]

    def spares(self) -> list[int]:
        """The process started ahead for the next tab (one, once it is started)."""
        sessions = set(self.session_pids())
        return [pid for pid in descendants(self.pid) if alive(pid) and pid not in sessions]

    def wait_for_sessions(self, count: int) -> list[int]:
        wait_until(lambda: len(self.sessions()) == count, f"{count} live session(s)")
        return self.sessions()

    def stop(self) -> int:
        """SIGTERM, as a service manager would; SIGKILL to the group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def server() -> Iterator[Callable[..., ServerProcess]]:
    """Start ``lecteur serve`` processes; every one is stopped, its group killed."""
    started: list[ServerProcess] = []

    def start(*args: str | Path, cwd: Path | None = None) -> ServerProcess:
        started.append(ServerProcess(*args, cwd=cwd))
        return started[-1]

    yield start
    for each in started:
        each.stop()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(each.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[ServerProcess]:
    """One server for the tests that open no session."""
    each = ServerProcess(ESSAY)
    yield each
    each.stop()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(each.pid, signal.SIGKILL)


def http_get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET ``path`` exactly as written (no normalisation of ``..``): (status, body)."""
    import http.client

    host, port = url.split("//")[1].rstrip("/").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def meta(packet: dict[str, object]) -> bytes:
    """A meta packet of Textual's web-driver protocol."""
    data = json.dumps(packet).encode()
    return b"M" + len(data).to_bytes(4, "big") + data


# --------------------------------------------------------------------------- bad arguments


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, out, err = run("serve", tmp_path / "nowhere.md")
    assert code == 2
    assert "nowhere.md: no such file" in one_line(err)
    assert out == ""


def test_a_folder_without_essays_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    code, _, err = run("serve", tmp_path)
    assert code == 2
    assert "no essay in this folder" in one_line(err)


def test_a_busy_port_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("serve", ESSAY, "--port", str(port))
    assert code == 2
    assert f"port {port} on 127.0.0.1 is busy" in one_line(err)
    assert out == ""


@pytest.mark.parametrize("port", ["http", "-1", "65536", "8000.5"])
def test_a_bad_port_is_one_line_and_exit_2(port: str) -> None:
    code, _, err = run("serve", "--port", port)
    assert code == 2
    assert "port must be" in one_line(err)


def test_a_host_of_another_machine_is_one_line_and_exit_2() -> None:
    # 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine: bind() refuses it
    # at once, and nothing is sent anywhere.
    code, _, err = run("serve", "--host", "192.0.2.1", "--port", "0")
    assert code == 2
    assert "cannot listen on 192.0.2.1" in one_line(err)


def test_without_the_web_extra_serve_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("textual_serve", "textual_serve.server", "textual_serve.app_service"):
        monkeypatch.setitem(sys.modules, name, None)
    code, _, err = run("serve")
    assert code == 2
    assert "pip install 'lecteur[web]'" in one_line(err)


def test_help_lists_serve() -> None:
    with pytest.raises(SystemExit) as exit_:
        run("serve", "--help")
    assert exit_.value.code == 0


# --------------------------------------------------------------------------- pieces


def test_listen_with_port_0_picks_a_free_port() -> None:
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockname()[1] > 0
    finally:
        sock.close()


def test_listen_refuses_a_port_out_of_range() -> None:
    with pytest.raises(ServeError, match="between 0 and 65535"):
        listen("127.0.0.1", 70000)


def test_urls_to_print() -> None:
    assert public_urls("127.0.0.1", 8000) == ["http://127.0.0.1:8000/"]
    assert public_urls("::1", 8000) == ["http://[::1]:8000/"]
    everywhere = public_urls("0.0.0.0", 8000)
    assert everywhere[0] == "http://127.0.0.1:8000/"
    assert everywhere[1] == f"http://{socket.gethostname()}:8000/"


def test_origin_address_makes_the_port_explicit() -> None:
    assert origin_address("http://127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert origin_address("http://Example.org") == ("example.org", 80)
    assert origin_address("https://example.org") == ("example.org", 443)


@pytest.fixture
def lecteur_server() -> Iterator[object]:
    """A LecteurServer object (not serving) on a free loopback port."""
    _, server_class = _server_classes()
    sock = listen("127.0.0.1", 0)
    try:
        yield server_class(ESSAY, sock, title="<b>Titre</b> & co", lang="fr", host="127.0.0.1")
    finally:
        sock.close()


def test_only_this_machines_names_and_addresses_are_accepted(lecteur_server: object) -> None:
    allowed = lecteur_server.host_allowed  # type: ignore[attr-defined]
    for host in ("127.0.0.1", "::1", "192.168.1.20", "localhost", "LOCALHOST", "a.localhost"):
        assert allowed(host), host
    assert allowed(socket.gethostname())
    # What a DNS-rebinding page would send: another site's name resolving to us.
    for host in ("evil.example", "127.0.0.1.evil.example", "", None):
        assert not allowed(host), host


def test_a_websocket_from_another_sites_page_is_refused(lecteur_server: object) -> None:
    same_origin = lecteur_server.same_origin  # type: ignore[attr-defined]

    def request(origin: str | None) -> object:
        headers = {"Host": "127.0.0.1:8000"}
        if origin is not None:
            headers["Origin"] = origin
        return make_mocked_request("GET", "/ws", headers=headers)

    assert same_origin(request("http://127.0.0.1:8000"))
    assert same_origin(request(None))  # not a browser page: a script on this machine
    assert not same_origin(request("http://evil.example"))
    assert not same_origin(request("http://127.0.0.1:9000"))
    assert not same_origin(request("null"))


async def test_the_page_escapes_the_title_and_loads_nothing_from_elsewhere(
    lecteur_server: object,
) -> None:
    request = make_mocked_request("GET", "/", headers={"Host": "192.168.1.20:8000"})
    response = await lecteur_server.handle_index(request)  # type: ignore[attr-defined]
    page = response.text
    assert "<title>&lt;b&gt;Titre&lt;/b&gt; &amp; co</title>" in page
    assert '<html lang="fr">' in page
    # The websocket goes back to the address the browser used (a tablet on the network).
    assert 'data-session-websocket-url="ws://192.168.1.20:8000/ws"' in page
    assert "googleapis" not in page
    assert re.findall(r"""(?:src|href)="(https?:)?//""", page) == []
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' ws://192.168.1.20:8000" in policy
    assert "frame-ancestors 'none'" in policy


# --------------------------------------------------------------------------- the watchdog


def test_the_watchdog_ends_the_process_once_the_grace_has_passed() -> None:
    ended: list[int] = []
    done = threading.Event()

    def end(code: int) -> None:
        ended.append(code)
        done.set()

    watchdog = Watchdog(grace=0.01, end=end)
    assert not watchdog.armed
    watchdog.arm("quit")
    assert done.wait(TIMEOUT)
    assert ended == [EXIT_WATCHDOG]
    assert watchdog.reason == "quit"


def test_the_watchdog_arms_once() -> None:
    watchdog = Watchdog(grace=3600, end=lambda code: None)
    watchdog.arm("quit")
    timer = watchdog._timer
    watchdog.arm("input closed")
    assert watchdog._timer is timer
    assert watchdog.reason == "quit"
    assert timer is not None and timer.daemon
    timer.cancel()


# --------------------------------------------------------------------------- the HTTP surface


def test_the_server_prints_its_url_and_serves_the_page(shared_server: ServerProcess) -> None:
    assert shared_server.url.startswith("http://127.0.0.1:")
    status, page = http_get(shared_server.url, "/")
    assert status == 200
    assert f"<title>{TITLE.replace(chr(39), '&#x27;')} — lecteur</title>" in page
    assert http_get(shared_server.url, "/static/js/textual.js")[0] == 200
    assert http_get(shared_server.url, "/static/fonts/RobotoMono-VariableFont_wght.ttf")[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/../server.py",
        "/static/",
        "/static/js/",
        "/etc/passwd",
        "/essays/community-manager.md",
        "/community-manager.md",
        "/download/anything",
        "/templates/app_index.html",
    ],
)
def test_nothing_else_on_disk_is_reachable(shared_server: ServerProcess, path: str) -> None:
    status, body = http_get(shared_server.url, path)
    assert status in (403, 404), (status, body[:200])
    assert "root:" not in body
    assert "Il fut une époque" not in body  # the essay travels only as a session's screen


def test_an_unknown_host_name_is_refused(shared_server: ServerProcess) -> None:
    for path in ("/", "/static/js/textual.js", "/ws"):
        status, _ = http_get(shared_server.url, path, {"Host": "evil.example"})
        assert status == 403, path


def test_a_websocket_opened_by_another_site_is_refused(shared_server: ServerProcess) -> None:
    async def connect() -> int:
        async with aiohttp.ClientSession() as client:
            try:
                async with client.ws_connect(
                    f"{shared_server.url}ws", headers={"Origin": "http://evil.example"}
                ):
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    assert asyncio.run(connect()) == 403
    assert shared_server.sessions() == []


# --------------------------------------------------------------------------- sessions


class Tab:
    """What a browser tab does, without the browser: the websocket, read through pyte."""

    def __init__(self, url: str, width: int = 100, height: int = 30) -> None:
        import pyte

        self.url = f"{url}ws?width={width}&height={height}"
        self.screen = pyte.Screen(min(width, MAX_COLUMNS), min(height, MAX_ROWS))
        self.stream = pyte.ByteStream(self.screen)
        self.closed = False

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def open(self, client: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
        return await client.ws_connect(self.url)

    async def read_until(
        self, ws: aiohttp.ClientWebSocketResponse, predicate: Callable[[Tab], bool], what: str
    ) -> None:
        end = time.monotonic() + TIMEOUT
        while not predicate(self):
            left = end - time.monotonic()
            if left <= 0:
                pytest.fail(f"the tab never showed {what}:\n{self.text}")
            try:
                message = await ws.receive(timeout=min(left, 0.5))
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                self.closed = True
                if not predicate(self):
                    pytest.fail(f"the session closed before {what}:\n{self.text}")


@pytest.mark.slow
def test_a_session_reads_the_essay_and_q_ends_its_process(server) -> None:
    serving = server(ESSAY)
    tab = Tab(serving.url)

    async def session() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await tab.open(client)
            await tab.read_until(ws, lambda t: TITLE in t.text and "§1" in t.text, "the essay")
            serving.wait_for_sessions(1)
            await ws.send_json(["stdin", "q"])
            await tab.read_until(ws, lambda t: t.closed, "the end of the session")

    asyncio.run(session())
    wait_until(lambda: serving.sessions() == [], "the session's process to exit")
    assert serving.process.poll() is None  # the server goes on for the next reader


@pytest.mark.slow
def test_a_browser_cannot_ask_for_a_huge_terminal(server) -> None:
    serving = server(ESSAY)
    tab = Tab(serving.url, width=100_000, height=100_000)

    def laid_out_at_most_500x200(t: Tab) -> bool:
        """The title in sight (centred in a wider screen, it would be far beyond these
        500 columns) and the status line on row 199, above the keys on the last row."""
        return TITLE in t.text and STATUS.search(t.screen.display[MAX_ROWS - 2]) is not None

    async def session() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await tab.open(client)
            await tab.read_until(ws, laid_out_at_most_500x200, "a 500×200 screen")
            await ws.send_json(["resize", {"width": 10**9, "height": 10**9}])
            await ws.send_json(["stdin", "q"])
            await tab.read_until(ws, lambda t: t.closed, "the end of the session")

    asyncio.run(session())


@pytest.mark.slow
@pytest.mark.parametrize("close_after", [0.0, 0.05, 0.15, 0.3, 0.6])
def test_closing_a_tab_that_resized_while_starting_leaves_no_process(
    server, close_after: float
) -> None:
    """The case found by hand: the window resizes while lecteur starts, then the tab
    closes. Textual 8.2.8 can hang there for good; the session must end anyway."""
    serving = server(ESSAY)

    async def tab() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await client.ws_connect(f"{serving.url}ws?width=100&height=30")
            for step in range(4):
                await ws.send_json(["resize", {"width": 100 + 7 * step, "height": 30 + step}])
            await asyncio.sleep(close_after)
            await ws.close()

    asyncio.run(tab())
    wait_until(lambda: serving.sessions() == [], "the session's process to exit")


@pytest.mark.slow
def test_stopping_the_server_ends_every_session(server) -> None:
    serving = server(ESSAY)

    async def two_tabs() -> None:
        async with aiohttp.ClientSession() as client:
            tabs = [Tab(serving.url), Tab(serving.url)]
            sockets = [await tab.open(client) for tab in tabs]
            for tab, ws in zip(tabs, sockets):
                await tab.read_until(ws, lambda t: TITLE in t.text, "the essay")
            serving.wait_for_sessions(2)
            below.extend(descendants(serving.pid))  # the two sessions, maybe a spare
            assert serving.stop() == 0
            for tab, ws in zip(tabs, sockets):
                await tab.read_until(ws, lambda t: t.closed, "the end of the session")

    below: list[int] = []
    asyncio.run(two_tabs())
    assert len(below) >= 2
    assert [pid for pid in below if alive(pid)] == []


@pytest.mark.slow
def test_the_process_started_ahead_reads_the_essay_when_the_tab_opens(
    server, tmp_path: Path
) -> None:
    """An author edits the essay while the server runs: the next tab shows the new text,
    though its process was started before the edit."""
    essay = tmp_path / "essai.md"
    essay.write_text("# Premier titre\n\nUn paragraphe.\n", encoding="utf-8")
    serving = server(essay)
    wait_until(lambda: len(serving.spares()) == 1, "the process started ahead")
    (spare,) = serving.spares()
    essay.write_text("# Titre corrigé\n\nUn paragraphe.\n", encoding="utf-8")
    tab = Tab(serving.url)

    async def session() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await tab.open(client)
            await tab.read_until(ws, lambda t: "Titre corrigé" in t.text, "the new title")
            assert "Premier titre" not in tab.text
            await ws.send_json(["stdin", "q"])
            await tab.read_until(ws, lambda t: t.closed, "the end of the session")

    asyncio.run(session())
    assert serving.session_pids() == [spare]  # the tab had the process started ahead


@pytest.mark.slow
def test_a_folder_opens_the_picker(server, tmp_path: Path) -> None:
    for name in ("un.md", "deux.md"):
        (tmp_path / name).write_text(f"# {name}\n\nUn paragraphe.\n", encoding="utf-8")
    (tmp_path / "secret.txt.bak").write_text("not an essay", encoding="utf-8")
    serving = server(tmp_path)
    tab = Tab(serving.url)

    async def session() -> None:
        async with aiohttp.ClientSession() as client:
            ws = await tab.open(client)
            await tab.read_until(ws, lambda t: "un.md" in t.text and "deux.md" in t.text, "both")
            assert "secret" not in tab.text
            await ws.send_json(["stdin", "\x1b"])  # Esc leaves the picker
            await tab.read_until(ws, lambda t: t.closed, "the end of the session")

    asyncio.run(session())
    wait_until(lambda: serving.sessions() == [], "the session's process to exit")


# --------------------------------------------------------------------------- a hung app

HUNG_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.message import Message
from lecteur.web import LecteurWebDriver


class Spin(Message):
    pass


class Hung(App[None]):
    # Posts itself a message for every one it handles: its queue never empties and its
    # event loop never runs anything else, as in Textual 8.2.8's resize loop. It can
    # handle neither "quit" nor SIGTERM.
    def on_mount(self) -> None:
        self.post_message(Spin())
        Path(sys.argv[1]).touch()  # now hung: the test may end the session

    def on_spin(self, message: Spin) -> None:
        self.post_message(Spin())


app = Hung()
app.driver_class = LecteurWebDriver
app.run()
"""


@pytest.fixture
def hung_session(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A hung Textual app under lecteur's web driver, started as textual-serve would."""
    script, hung = tmp_path / "hung.py", tmp_path / "hung"
    script.write_text(HUNG_APP, encoding="utf-8")
    environment = dict(os.environ, COLUMNS="80", ROWS="24", TEXTUAL_COLOR_SYSTEM="truecolor")
    process = subprocess.Popen(
        [sys.executable, str(script), str(hung)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"__GANGLION__\n"  # the driver has started
    wait_until(hung.exists, "the app to hang")
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


@pytest.mark.slow
def test_the_watchdog_ends_a_hung_app_after_quit(hung_session) -> None:
    assert hung_session.stdin is not None
    hung_session.stdin.write(meta({"type": "quit"}))
    hung_session.stdin.flush()
    assert hung_session.wait(TIMEOUT) == EXIT_WATCHDOG
    assert hung_session.stderr is not None
    assert b"the web session ended (quit)" in hung_session.stderr.read()


@pytest.mark.slow
def test_the_watchdog_ends_a_hung_app_when_its_input_closes(hung_session) -> None:
    """The server went away without a word (killed): its end of the pipe closes."""
    assert hung_session.stdin is not None
    hung_session.stdin.close()
    assert hung_session.wait(TIMEOUT) == EXIT_WATCHDOG
    assert hung_session.stderr is not None
    assert b"the web session ended (input closed)" in hung_session.stderr.read()


@pytest.mark.slow
def test_a_lecteur_session_whose_server_dies_ends_by_itself(server) -> None:
    """SIGKILL to the server: nobody sends "quit", the session sees its input close (and
    its watchdog ends it), and so does the spare (it exits)."""
    serving = server(ESSAY)
    tab = Tab(serving.url)

    async def session() -> list[int]:
        async with aiohttp.ClientSession() as client:
            ws = await tab.open(client)
            await tab.read_until(ws, lambda t: TITLE in t.text, "the essay")
            serving.wait_for_sessions(1)
            # The session and the spare that waits for the next tab.
            wait_until(lambda: len(descendants(serving.pid)) == 2, "the next tab's spare")
            below = descendants(serving.pid)
            os.kill(serving.pid, signal.SIGKILL)
            return below

    sessions = asyncio.run(session())
    try:
        wait_until(lambda: not any(alive(pid) for pid in sessions), "the orphans to exit")
    finally:
        for pid in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


TEXTUAL_HANG = """
from textual.app import App, ComposeResult
from textual.widgets import MarkdownViewer
from lecteur.web import LecteurWebDriver

DOCUMENT = "# A document\\n\\n" + "\\n\\n".join(
    f"## Part {n}\\n\\n" + "Some words in a paragraph. " * 40 for n in range(30)
)


class Viewer(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkdownViewer(DOCUMENT, show_table_of_contents=True)


viewer = Viewer()
viewer.driver_class = LecteurWebDriver
viewer.run()
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.2])
def test_textual_s_own_hang_ends_under_lecteur_s_driver(tmp_path: Path, delay: float) -> None:
    """Textual 8.2.8's MarkdownViewer, resized while it starts and then told to quit,
    hangs in most trials (the upstream report's reproduction); under lecteur's driver it
    exits, by itself or by the watchdog."""
    script = tmp_path / "viewer.py"
    script.write_text(TEXTUAL_HANG, encoding="utf-8")
    environment = dict(os.environ, COLUMNS="100", ROWS="30")
    process = subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
    )
    try:
        assert process.stdin is not None
        time.sleep(delay)  # still starting
        for width in (107, 114, 121):
            process.stdin.write(meta({"type": "resize", "width": width, "height": 32}))
        process.stdin.write(meta({"type": "quit"}))
        process.stdin.flush()
        assert process.wait(TIMEOUT) in (0, EXIT_WATCHDOG)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
