"""``lecteur serve [PATH]``: the reader in a web browser, one lecteur process per tab.

textual-serve does the work: an aiohttp server whose page runs xterm.js, and, for each
websocket, a process speaking Textual's web-driver protocol on its stdin and stdout.
:class:`LecteurServer` narrows what it exposes, since it may face a whole network:

- Each session runs one fixed command, an argument list with no shell:
  ``python -P -m lecteur.web PATH`` (see :mod:`lecteur.web`), PATH resolved once at
  start, started ahead as a spare (:class:`Spares`) so that a tab need not wait for
  Python's imports. A browser chooses nothing but the terminal's size, and that is
  clamped.
- Routes: ``/`` (lecteur's page), ``/ws`` (a session), ``/static/`` (textual-serve's
  own assets, no directory listing) and ``/download/KEY`` (only what a session hands
  its own browser: Textual's screenshot command). Nothing else on disk is served.
- The Host header must name this server (an IP address, localhost, this machine's name
  or ``--host``): a page on another site cannot reach it by DNS rebinding. A websocket
  whose Origin is another site is refused: another site's page cannot open a session.
- The page loads nothing from elsewhere (textual-serve's links Google Fonts; the font
  here comes from its static folder) and builds the websocket URL from the address the
  browser used, so a tablet that opened ``http://192.168.1.20:8000/`` connects back there.
- At most :data:`MAX_SESSIONS` sessions at once; each ends with its tab, and all end
  with the server: "quit", end of input, then SIGKILL to the session's process group.

The socket is bound before anything else starts, so a busy port is one line on stderr
and exit 2, and ``--port 0`` picks a free port (the printed URL is the real one).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import ipaddress
import logging
import os
import signal
import socket
import string
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from lecteur.web import GRACE, reading_target

if TYPE_CHECKING:
    from aiohttp import web

MAX_SESSIONS = 16
"""Sessions at once: each is a lecteur process."""

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a browser may ask for (a 4K screen at 16 px is about 400×110)."""

STOP_WAIT = GRACE + 2.0
"""Seconds a session's process has to exit after "quit" and end of input (its own
watchdog ends it after :data:`lecteur.web.GRACE`) before it is killed."""

WILDCARD_HOSTS = ("0.0.0.0", "::", "")

log = logging.getLogger("lecteur.serve")


class ServeError(Exception):
    """A reason ``lecteur serve`` cannot start; ``str()`` is the one line for stderr."""


# --------------------------------------------------------------------------- the socket


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: a free port). Raises ServeError."""
    if not 0 <= port <= 65535:
        raise ServeError(f"port must be between 0 and 65535 (not {port})")
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(f"cannot listen on host {host!r}: {_reason(error)}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        # As servers do: a port held only by old connections in TIME_WAIT can be reused;
        # one with a listener on it still cannot.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and host in ("::", ""):
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is busy (another program listens on it)"
            ) from None
        raise ServeError(f"cannot listen on {host} port {port}: {_reason(error)}") from None
    sock.setblocking(False)
    return sock


def _reason(error: BaseException) -> str:
    reason = getattr(error, "strerror", None) or str(error)
    return reason[:1].lower() + reason[1:]


def url_host(host: str) -> str:
    """``host`` as written in a URL (IPv6 in brackets)."""
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def public_urls(host: str, port: int) -> list[str]:
    """The URLs to print: the one to open here first, then (on every interface) by name."""
    if host in WILDCARD_HOSTS:
        loopback = "[::1]" if host == "::" else "127.0.0.1"
        return [f"http://{loopback}:{port}/", f"http://{socket.gethostname()}:{port}/"]
    return [f"http://{url_host(host)}:{port}/"]


# --------------------------------------------------------------------------- the page

PAGE = string.Template(
    """<!DOCTYPE html>
<html lang="$lang">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>$title</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/static/css/xterm.css" />
    <link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf"
          as="font" type="font/ttf" crossorigin />
    <script src="/static/js/textual.js"></script>
    <script>
      // textual.js starts the terminal on window.onload and measures the font's cells
      // then: first load Roboto Mono, served from /static (no third-party request).
      (function () {
        const start = window.onload;
        window.onload = function (event) {
          const faces = ["16px 'Roboto Mono'", "bold 16px 'Roboto Mono'",
                         "italic 16px 'Roboto Mono'"];
          const go = () => {
            start.call(window, event);
            // Keys go to the reader at once, without a click first: focus the terminal
            // once its socket is open (textual.js then marks the body "-loaded"; a
            // focus before that would send on a socket still connecting).
            const focus = () => {
              const input = document.querySelector(".xterm-helper-textarea");
              if (input) input.focus();
            };
            new MutationObserver((changes, observer) => {
              if (document.body.classList.contains("-loaded")) {
                observer.disconnect();
                focus();
              }
            }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
          };
          Promise.all(faces.map((face) => document.fonts.load(face))).then(go, go);
        };
      })();
      function refresh() {
        const url = new URL(window.location.href);
        url.searchParams.delete("delay");
        window.location.href = url.pathname + "?" + url.searchParams.toString();
      }
    </script>
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
      body { background: #0c181f; }
      .dialog-container {
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }
      .shade {
        position: absolute; width: 100%; height: 100%; background: #0c181f;
        background-image: url("/static/images/background.png");
      }
      .intro {
        width: 640px; max-width: 90vw; height: 240px; font-size: 16px; z-index: 20;
        font-family: "Roboto Mono", monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d; display: flex;
        flex-direction: column; align-items: center; justify-content: center; margin: 32px;
      }
      body.-first-byte .intro-dialog { display: none; }
      body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
      body.-first-byte .textual-terminal { opacity: 1; }
      button {
        padding: 16px 32px; background-color: #5e0ba7; color: rgba(255, 255, 255, 0.95);
        border: none; font-family: "Roboto Mono", monospace; margin: 16px; cursor: pointer;
      }
      button:hover { background: #ac5af4; }
      .closed-dialog { display: none; }
      body.-closed .closed-dialog { display: flex; }
      #start { display: none; }
      #start.-delay { display: flex; }
    </style>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div>$title</div>
        <button type="button" onclick="refresh()" id="start">Start</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div class="message">Session ended.</div>
        <button type="button" onclick="refresh()">Read again</button>
      </div>
    </div>
    <div id="terminal" class="textual-terminal"
         data-session-websocket-url="$websocket_url" data-font-size="$font_size"></div>
  </body>
</html>
"""
)
"""textual-serve's page (the intro and "Session ended." dialogs, the terminal), with the
font served from /static, a title and a viewport for tablets."""


def content_security_policy(websocket_origin: str) -> str:
    """What the page may load: itself and its websocket, nothing from elsewhere."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {websocket_origin}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def origin_address(origin: str) -> tuple[str | None, int | None]:
    """(host, port) of an Origin header, the port made explicit as in a request's URL."""
    parts = urlsplit(origin)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.hostname, port


def _clamp(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = default
    return max(low, min(high, number))


# --------------------------------------------------------------------------- processes

Process = asyncio.subprocess.Process


def session_environment(width: int = 80, height: int = 24) -> dict[str, str]:
    """A session's environment, as textual-serve builds it: the web driver, true colour,
    60 frames a second, and the terminal's size (a spare learns its size later)."""
    from importlib.metadata import version

    environment = dict(os.environ)
    environment.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
        COLUMNS=str(width),
        ROWS=str(height),
    )
    return environment


async def spawn(argv: list[str], width: int = 80, height: int = 24) -> Process:
    """A session process: no shell, pipes for the protocol, a process group of its own
    (Ctrl+C at the server's terminal is the server's to handle; a kill reaches it all)."""
    return await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=session_environment(width, height),
        start_new_session=True,
    )


async def end(process: Process) -> None:
    """End of input (a session's watchdog, or a waiting spare, then ends it), then
    SIGKILL to its process group if it is still there after :data:`STOP_WAIT`."""
    if process.stdin is not None:
        with contextlib.suppress(Exception):
            process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), STOP_WAIT)
    except TimeoutError:
        log.warning("session %s did not exit: killing it", process.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


class Spares:
    """The next session's process, started ahead (``python -m lecteur.web --spare``).

    A tab then waits for the essay and its first frame only, not for Python to import
    Textual and lecteur: on this 2-core machine that is most of a session's start. One
    idle process while the server runs; the next is started :data:`REFILL_DELAY` after
    one is taken, so that it does not compete with that tab's first frame.
    """

    REFILL_DELAY = 2.0

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        """A session's command; a spare's has ``--spare`` before the path."""
        self._spare: Process | None = None
        self._refill: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._filling = False
        self._closed = False

    @property
    def pid(self) -> int | None:
        return None if self._spare is None else int(self._spare.pid)

    async def take(self, width: int, height: int) -> Process:
        """A process for a tab of ``width``×``height``: the spare, told its size, or a new
        process if there is none (several tabs at once) or it has died."""
        process, self._spare = self._spare, None
        self._schedule()
        if process is not None and process.returncode is None and process.stdin is not None:
            try:
                process.stdin.write(f"{width} {height}\n".encode())
                await process.stdin.drain()
                return process
            except (ConnectionError, RuntimeError):
                pass
        if process is not None:
            await end(process)
        return await spawn(self.argv, width, height)

    def _schedule(self) -> None:
        if self._closed or self._refill is not None:
            return

        def refill() -> None:
            self._refill = None
            task = asyncio.ensure_future(self.fill())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        self._refill = asyncio.get_running_loop().call_later(self.REFILL_DELAY, refill)

    async def fill(self) -> None:
        """Start a spare, if there is none (and none is being started)."""
        if self._closed or self._spare is not None or self._filling:
            return
        self._filling = True
        try:
            spare = await spawn([*self.argv[:-1], "--spare", self.argv[-1]])
        finally:
            self._filling = False
        if self._closed:
            await end(spare)
        else:
            self._spare = spare

    async def close(self) -> None:
        """No more spares; the waiting one ends (it exits at the end of its input)."""
        self._closed = True
        if self._refill is not None:
            self._refill.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(Exception):
                await task
        if self._spare is not None:
            spare, self._spare = self._spare, None
            await end(spare)


# --------------------------------------------------------------------------- the server


def _server_classes() -> tuple[type[Any], type[Any]]:
    """Import textual-serve (the ``web`` extra) and build the server's classes on it."""
    try:
        from aiohttp import WSCloseCode, web
        from textual_serve.app_service import AppService
        from textual_serve.server import Server
    except ImportError as error:
        raise ServeError(
            f"`lecteur serve` needs textual-serve ({error.name or 'textual_serve'} is "
            "missing): pip install 'lecteur[web]'"
        ) from None

    class Session(AppService):
        """One tab's lecteur process (a spare from :class:`Spares`), certainly ended by
        :meth:`stop`."""

        def __init__(self, spares: Spares, **kwargs: Any) -> None:
            super().__init__(" ".join(spares.argv), **kwargs)
            self.spares = spares
            self._stop_task: asyncio.Task[None] | None = None

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
            self._process = process = await self.spares.take(width, height)
            self._stdin = process.stdin
            return process

        @property
        def pid(self) -> int | None:
            return None if self._process is None else int(self._process.pid)

        async def set_terminal_size(self, width: int, height: int) -> None:
            await super().set_terminal_size(
                _clamp(width, 80, 1, MAX_COLUMNS), _clamp(height, 24, 1, MAX_ROWS)
            )

        async def run(self) -> None:
            await super().run()
            # The process is gone (quit, crash or watchdog): show "Session ended."
            with contextlib.suppress(Exception):
                await self.remote_close()

        async def stop(self) -> None:
            """End the process; safe to call again (every call waits for the same end),
            and not cut short when the caller is cancelled (the server stopping)."""
            if self._stop_task is None:
                self._stop_task = asyncio.ensure_future(self._stop())
            await asyncio.shield(self._stop_task)

        async def _stop(self) -> None:
            process = self._process
            if process is None:
                return
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(
                    app_service_id=self.app_service_id
                )
            # "quit" for a clean exit, then end of input: either one arms the session's
            # watchdog, which ends a hung process after GRACE seconds.
            await self.send_meta({"type": "quit"})
            await end(process)
            if self._task is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._task, 5)
                self._task = None

    class LecteurServer(Server):
        """textual-serve's Server, narrowed: see the module's docstring."""

        def __init__(
            self, target: Path, sock: socket.socket, *, title: str, lang: str, host: str
        ) -> None:
            port = int(sock.getsockname()[1])
            super().__init__(command="lecteur", host=host, port=port, title=title)
            self.sock = sock
            self.lang = lang
            self.spares = Spares([sys.executable, "-P", "-m", "lecteur.web", str(target)])
            self.sessions: dict[Session, web.WebSocketResponse] = {}
            self.allowed_names = {"localhost", socket.gethostname().lower()}
            self.allowed_names.add(socket.gethostname().lower() + ".local")
            if host not in WILDCARD_HOSTS:
                self.allowed_names.add(host.lower().rstrip("."))

        async def _make_app(self) -> web.Application:
            app = web.Application()
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, show_index=False),
                ]
            )
            app.middlewares.append(self._check_host)
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        # -- who may connect

        def host_allowed(self, host: str | None) -> bool:
            """An IP address, or a name of this machine: not another site's name, which
            is what a DNS-rebinding page would send."""
            if not host:
                return False
            name = host.lower().rstrip(".")
            try:
                ipaddress.ip_address(name.strip("[]"))
                return True
            except ValueError:
                pass
            return name in self.allowed_names or name.endswith(".localhost")

        @web.middleware
        async def _check_host(
            self,
            request: web.Request,
            handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
        ) -> web.StreamResponse:
            try:
                host = request.url.host
            except ValueError:
                host = None
            if not self.host_allowed(host):
                raise web.HTTPForbidden(text="lecteur: unknown host name\n")
            return await handler(request)

        @staticmethod
        def same_origin(request: web.Request) -> bool:
            """A websocket opened by this server's own page (or by no page at all)."""
            origin = request.headers.get("Origin")
            if origin is None:
                return True
            try:
                return origin_address(origin) == (request.url.host, request.url.port)
            except ValueError:
                return False

        # -- the page

        async def handle_index(self, request: web.Request) -> web.Response:
            scheme = "wss" if request.secure else "ws"
            websocket_origin = f"{scheme}://{request.host}"
            page = PAGE.substitute(
                lang=html.escape(self.lang),
                title=html.escape(self.title),
                websocket_url=html.escape(f"{websocket_origin}/ws"),
                font_size=_clamp(request.query.get("fontsize", "16"), 16, 6, 64),
            )
            return web.Response(
                text=page,
                content_type="text/html",
                headers={
                    "Content-Security-Policy": content_security_policy(websocket_origin),
                    "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store",
                },
            )

        # -- a session

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not self.same_origin(request):
                raise web.HTTPForbidden(text="lecteur: a page of another site\n")
            if len(self.sessions) >= MAX_SESSIONS:
                raise web.HTTPServiceUnavailable(text="lecteur: too many readers at once\n")
            width = _clamp(request.query.get("width", "80"), 80, 1, MAX_COLUMNS)
            height = _clamp(request.query.get("height", "24"), 24, 1, MAX_ROWS)
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
            await websocket.prepare(request)
            session = Session(
                self.spares,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            self.sessions[session] = websocket
            try:
                await session.start(width, height)
                log.info("session %s: a reader at %s", session.pid, request.remote)
                await self._process_messages(websocket, session)
            except asyncio.CancelledError:
                pass
            except Exception as error:  # a malformed message ends that session only
                log.info("session %s: %s", session.pid, error)
            finally:
                await session.stop()
                del self.sessions[session]
                log.info("session %s ended", session.pid)
            await websocket.close()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            """The first tab's process, started ahead."""
            await self.spares.fill()

        async def on_shutdown(self, app: web.Application) -> None:
            """Stopping the server ends every session and the spare, and closes every
            tab's socket."""
            sessions = list(self.sessions.items())
            await asyncio.gather(self.spares.close(), *(session.stop() for session, _ in sessions))
            for _, websocket in sessions:
                with contextlib.suppress(Exception):
                    await websocket.close(code=WSCloseCode.GOING_AWAY)

        def serve(self, debug: bool = False) -> None:
            web.run_app(
                self._make_app(),
                sock=self.sock,
                print=None,
                access_log=None,
                handle_signals=True,
                shutdown_timeout=STOP_WAIT + 2,
            )

    return Session, LecteurServer


def serve(path: Path | None, *, host: str, port: int, out: TextIO | None = None) -> int:
    """Serve the reader on ``host``:``port`` until Ctrl+C or SIGTERM.

    Raises :class:`lecteur.essay.EssayError` (bad PATH) or :class:`ServeError`.
    """
    from lecteur.essay import HEAD_CHARS, parse_essay

    out = sys.stdout if out is None else out
    target = reading_target(path)
    if isinstance(target, list):
        assert path is not None
        folder = path.resolve()
        served, title, lang = folder, f"Essays in {folder.name} — lecteur", "en"
    else:
        served = target.resolve()
        head = parse_essay(served, head=HEAD_CHARS)
        title, lang = f"{head.title} — lecteur", head.language or "en"
    _, server_class = _server_classes()
    sock = listen(host, port)
    server = server_class(served, sock, title=title, lang=lang, host=host)
    logging.basicConfig(level=logging.INFO, format="lecteur serve: %(message)s")
    urls = public_urls(host, server.port)
    shown = path if path is not None else served.name
    print(f"lecteur: serving {shown} at {urls[0]}", file=out, flush=True)
    if len(urls) > 1:
        print(f"  on every interface; from another machine: {urls[1]}", file=out, flush=True)
    print("  (Ctrl+C to stop)", file=out, flush=True)
    try:
        server.serve()
    finally:
        sock.close()
    return 0
