"""Run the hostile corpus through lecteur and print a table: ``make hostile``.

Every case (see :mod:`tests.hostile.cases`) runs through ``print``, ``outline --json`` and
``glossary --json`` as real processes, and through the reader in a pseudo-terminal at
110×32 and 20×6 with a script of keys, the raw bytes it writes captured. A run is:

- a **crash** if it ends with a traceback, or with a status other than the case expects
  (0, or 2 with one line on stderr for bad input);
- a **hang** if it does not finish in time (the reader: no paint, or no exit 1 s after ``q``);
- a **leak** if a file's escape sequence (see ``cases.LEAKS``) is in its raw output, or a
  C0/C1 control in a JSON output or on stderr.

``python -m tests.hostile.run [--fast] [--no-tui] [--only NAME…] [--out DIR]``
"""

from __future__ import annotations

import argparse
import atexit
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
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile.cases import LEAKS, Case, cases

ROOT = Path(__file__).resolve().parents[2]
CLI_TIMEOUT = 25.0
PAINT_TIMEOUT = 25.0
QUIT_TIMEOUT = 10.0
"""A reader still running this long after ``q`` hangs; the table shows each quit's time
(the aim is under a second on an idle machine). Not less: in `make test-slow`, beside a
browser or a wheel build on the other worker, the 20,000-heading essays have taken over 5 s to
act on the `q` pressed just after `+` and `-` relaid them out (0.25 s alone, and still under a
second with four busy processes beside them), which is slowness, not a hang."""
KEYS = [
    "j", "n", "e", "o", "o", "\t", "\r", "l", "\x1b", "g", "i", "\x1b", "T", "\x1b",
    "\x10", "D", "e", "\x1b", "/", "P", "W", "\r", "\x1b", "\x1b[F", "\x1b[H", "?", "\x1b",
    "f", "\x1b", "+", "-",
]  # fmt: skip
"""The reader's key script (ctrl+p is \\x10); ``q`` follows."""
ANSWERS = {b"\x1b[c": b"\x1b[?62;22c", b"\x1b[?2026$p": b"\x1b[?2026;2$y"}
CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


@dataclass
class Outcome:
    case: str
    mode: str
    status: int | None
    seconds: float
    peak_mb: float
    problems: list[str] = field(default_factory=list)
    xfail: str = ""
    quit_s: float = 0.0
    """Seconds from ``q`` to the reader's exit (reader runs)."""

    @property
    def verdict(self) -> str:
        if not self.problems:
            return "ok"
        return "xfail" if self.xfail else "FAIL"


_HOME: list[str] = []


def env() -> dict[str, str]:
    """The environment of every run: a terminal, this checkout's ``src``, and settings,
    state and caches of the corpus run's own (the reader's keys change a width, a theme,
    a place: none of it may reach the settings of whoever runs the corpus)."""
    out = dict(os.environ)
    for name in ("COLUMNS", "LINES", "NO_COLOR"):
        out.pop(name, None)
    if not _HOME:
        _HOME.append(tempfile.mkdtemp(prefix="lecteur-hostile-"))
        atexit.register(shutil.rmtree, _HOME[0], True)
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        out[name] = os.path.join(_HOME[0], name.lower())
    out.update(TERM="xterm-256color", COLORTERM="truecolor")
    out["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), out.get("PYTHONPATH")) if p)
    return out


def _wait(pid: int, deadline: float) -> tuple[int | None, float]:
    """``(exit status, peak RSS in MB)`` of a child; None if it outlived the deadline."""
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            return None, 0.0
        time.sleep(0.01)


def _kill(pid: int) -> float:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024


def _judge(case: Case, out: Outcome, stdout: bytes, stderr: bytes, *, json_out: bool) -> None:
    if out.status is None:
        out.problems.append("hang")
        return
    if b"Traceback" in stderr:
        out.problems.append("crash (traceback)")
    wanted = {"ok": (0,), "bad": (2,), "any": (0, 2)}[case.expect]
    if out.status not in wanted:
        out.problems.append(f"crash (exit {out.status})")
    if out.status == 2 and len(stderr.strip().splitlines()) != 1:
        out.problems.append("bad input: not one stderr line")
    for leak in LEAKS:
        if leak in stdout or leak in stderr:
            out.problems.append(f"leak {leak!r}")
            break
    else:
        if json_out and CONTROL.search(stdout):
            out.problems.append("leak (control character in JSON)")
        elif CONTROL.search(stderr):
            out.problems.append("leak (control character on stderr)")


def run_cli(case: Case, path: Path, mode: str) -> Outcome:
    args = {
        "print": ["print", str(path)],
        "outline": ["outline", str(path), "--json"],
        "glossary": ["glossary", str(path), "--json"],
    }[mode] + list(case.extra_args)
    start = time.monotonic()
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lecteur", *args],
            stdin=subprocess.DEVNULL,
            stdout=out_file,
            stderr=err_file,
            env=env(),
            cwd=path.parent,
            start_new_session=True,
        )
        status, peak = _wait(proc.pid, start + CLI_TIMEOUT)
        if status is None:
            peak = _kill(proc.pid)
        proc.returncode = status if status is not None else -9
        seconds = time.monotonic() - start
        out_file.seek(0)
        err_file.seek(0)
        stdout, stderr = out_file.read(), err_file.read()
    outcome = Outcome(case.name, mode, status, seconds, peak, xfail=case.xfail)
    _judge(case, outcome, stdout, stderr, json_out=mode != "print")
    return outcome


FLOOD_KEYS = list("jknpraoe+-gTfl/?123") + [
    "\t",
    "\r",
    "\x1b",
    "\x10",
    "\x1b[A",
    "\x1b[B",
    "\x1b[5~",
    "\x1b[6~",
    "\x1b[H",
    "\x1b[F",
    " ",
]


def _flood(fd: int, pump: Callable[[float], bool], seed: int) -> None:
    """2,000 keys at random, 4 ms apart (the classes of key the reader has)."""
    rng = random.Random(seed)
    for _ in range(2000):
        try:
            os.write(fd, rng.choice(FLOOD_KEYS).encode())
        except OSError:
            return
        if not pump(0.004):
            return


def _storm(fd: int, pump: Callable[[float], bool], pid: int) -> None:
    """200 resizes from 1×1 to 300×100, with scrolling keys between them."""
    rng = random.Random(7)
    for i in range(200):
        cols, rows = rng.randint(1, 300), rng.randint(1, 100)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGWINCH)
        if i % 5 == 0:
            with contextlib.suppress(OSError):
                os.write(fd, rng.choice([b"j", b" ", b"n", b"\x1b[6~"]))
        if not pump(0.01):
            return


def run_tui(case: Case, path: Path, cols: int, rows: int, script: str = "keys") -> Outcome:
    """The reader in a pty: wait for its first paint, press the keys (``script``: the key
    script, ``flood`` of random keys or a resize ``storm``), ``q``, and check that it
    leaves; every byte it wrote is kept and searched."""
    mode = f"tui{cols}x{rows}" + ("" if script == "keys" else f"-{script}")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.chdir(path.parent)
            os.execve(sys.executable, [sys.executable, "-m", "lecteur", str(path)], env())
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    raw = bytearray()
    outcome = Outcome(case.name, mode, None, 0.0, 0.0, xfail=case.xfail)

    def pump(seconds: float) -> bool:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return True
            ready, _, _ = select.select([fd], [], [], min(left, 0.02))
            if ready:
                try:
                    data = os.read(fd, 1 << 16)
                except OSError:
                    return False
                if not data:
                    return False
                raw.extend(data)
                for query, answer in ANSWERS.items():
                    if query in data:
                        os.write(fd, answer)

    def painted() -> bool:
        return raw.count(b"\x1b[?2026l") >= 1 or len(raw) > 4000

    deadline = start + PAINT_TIMEOUT
    alive = True
    while alive and not painted() and time.monotonic() < deadline:
        alive = pump(0.05)
    status: int | None = None
    peak = 0.0
    if not painted() and alive:
        outcome.problems.append("hang (no first paint)")
    elif alive:
        if script == "flood":
            _flood(fd, pump, seed=len(case.name))
        elif script == "storm":
            _storm(fd, pump, pid)
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGWINCH)
        else:
            for key in KEYS:
                try:
                    os.write(fd, key.encode())
                except OSError:
                    break
                if not pump(0.12):
                    break
        pump(0.5)
        # Esc (twice, apart) leaves whatever the script left open, so that `q` is a key
        # for the reader and not a letter typed in a box: a busy terminal can glue an Esc
        # to the next key (Alt+key), which would leave the search box focused.
        for _ in range(6 if script == "flood" else 2):  # a flood can stack boxes
            with contextlib.suppress(OSError):
                os.write(fd, b"\x1b")
            pump(0.4)
        with contextlib.suppress(OSError):
            os.write(fd, b"q")
        quit_at = time.monotonic()
        retried = False
        while time.monotonic() - quit_at < QUIT_TIMEOUT:
            waited, st, usage = os.wait4(pid, os.WNOHANG)
            if waited:
                status, peak = os.waitstatus_to_exitcode(st), usage.ru_maxrss / 1024
                break
            if not retried and time.monotonic() - quit_at > 1.5:
                # A busy terminal can glue an Esc to the next key: 2,000 random keys can
                # leave a text box on top (the `q` was a letter there), and the last Esc
                # sent above can reach the reader with the `q`, as Alt+q. As a person
                # would: Esc again, then q. A reader that does not answer keys at all still
                # fails below.
                retried = True
                for key in [b"\x1b"] * 6 + [b"q"]:
                    with contextlib.suppress(OSError):
                        os.write(fd, key)
                    pump(0.2)
            pump(0.01)
        outcome.quit_s = time.monotonic() - quit_at
        if status is None:
            outcome.problems.append("hang (q ignored)")
    if status is None:
        # It ended on its own (the terminal closed before any key), or it must be ended.
        status, peak = _wait(pid, time.monotonic() + (2.0 if not alive else 0.0))
        if status is None:
            peak = _kill(pid)
    pump(0.05)
    os.close(fd)
    if os.environ.get("HOSTILE_RAW"):  # keep the raw bytes of each reader run, to read
        keep = Path(os.environ["HOSTILE_RAW"])
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{case.name}-{mode}.raw").write_bytes(bytes(raw))
    outcome.status = status
    outcome.seconds = time.monotonic() - start
    outcome.peak_mb = peak
    if status is not None and status not in (0, 2):
        outcome.problems.append(f"crash (exit {status})")
    if b"Traceback" in raw:
        outcome.problems.append("crash (traceback)")
    for leak in LEAKS:
        if leak in raw:
            outcome.problems.append(f"leak {leak!r}")
            break
    return outcome


def run_case(case: Case, root: Path, *, tui: bool) -> list[Outcome]:
    path = case.write(root)
    outcomes = [run_cli(case, path, mode) for mode in case.modes]
    if tui and case.tui and case.expect != "bad":
        for cols, rows in case.sizes:
            outcomes.append(run_tui(case, path, cols, rows))
        for script in case.scripts:
            outcomes.append(run_tui(case, path, 110, 32, script))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    by_case: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_case.setdefault(o.case, []).append(o)
    fails = [o for o in outcomes if o.verdict == "FAIL"]
    xfails = [o for o in outcomes if o.verdict == "xfail"]
    crashes = sum(1 for o in fails if any(p.startswith("crash") for p in o.problems))
    hangs = sum(1 for o in fails if any(p.startswith(("hang", "slow")) for p in o.problems))
    leaks = sum(1 for o in fails if any(p.startswith("leak") for p in o.problems))
    peak = max((o for o in outcomes if not o.xfail), key=lambda o: o.peak_mb, default=None)
    quits = sorted(o.quit_s for o in outcomes if o.quit_s)
    slowest_quit = f"{quits[len(quits) // 2]:.2f} / {quits[-1]:.2f} s" if quits else "-"
    lines = [
        "| cases | runs | crashes | hangs | leaks | expected failures | peak memory |"
        " q to exit (median / max) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {len(by_case)} | {len(outcomes)} | {crashes} | {hangs} | {leaks} | {len(xfails)} | "
        + (f"{peak.peak_mb:.0f} MB ({peak.case}, {peak.mode})" if peak else "-")
        + f" | {slowest_quit} |",
        "",
        "| case | mode | exit | s | MB | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        verdict = o.verdict if not o.problems else f"{o.verdict}: {', '.join(o.problems)}"
        if o.verdict == "xfail":
            verdict += f" ({o.xfail})"
        lines.append(
            f"| {o.case} | {o.mode} | {o.status} | {o.seconds:.1f} | {o.peak_mb:.0f} | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="only the subset make test runs")
    parser.add_argument("--no-tui", action="store_true", help="skip the reader runs")
    parser.add_argument("--only", nargs="*", help="case names")
    parser.add_argument("--out", type=Path, help="where to write the files (default: a temp dir)")
    args = parser.parse_args(argv)
    chosen = [
        c for c in cases() if (not args.fast or c.fast) and (not args.only or c.name in args.only)
    ]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="lecteur-hostile-") as tmp:
        root = args.out or Path(tmp)
        for case in chosen:
            for outcome in run_case(case, root, tui=not args.no_tui):
                outcomes.append(outcome)
                mark = outcome.verdict
                print(
                    f"{mark:5} {outcome.case:32} {outcome.mode:10} {outcome.seconds:5.1f}s "
                    f"{outcome.peak_mb:6.0f}MB {'; '.join(outcome.problems)}",
                    file=sys.stderr,
                    flush=True,
                )
    print(table(outcomes))
    return 1 if any(o.verdict == "FAIL" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
