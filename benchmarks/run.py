"""``make bench``: lecteur's speed and memory, side by side with references, in one run.

Every figure is a ratio to something timed in the same run (the machine is shared):

- ``paint``: time to first paint in a real pty (100×30, pyte), interleaved runs of a bare
  Textual app, lecteur on the bundled essay and on a generated 5 MB book, and frogmouth on
  the essay if it is installed (``--frogmouth PATH``, or ``frogmouth`` on the PATH).
  ``paint50`` adds a 50 MB book.
- ``firstkeys``: ``n n n ?`` typed the moment the 5 MB book's first frame shows: when
  ``?`` acts, and whether the reader lands where the same keys land once all is loaded.
- ``load`` / ``load50``: the 5 MB / 50 MB book read to the end in the pty, the whole
  process tree watched (``tree.py``): fully loaded (the tree quiet), peak memory (summed
  RSS), beside ``less`` on the same file and the bare app; and each loading step alone
  (``phases.py``: parse, split, glossary match) in a subprocess.
- ``keys``: each key's latency in the loaded 5 MB book, in a real terminal
  (``keys_pty.py``: from the key's bytes to the whole frame that shows its answer), the
  bundled essay as the reference. ``keys.py`` measures the same in process with Pilot.
- ``idle``: CPU spent by lecteur (5 MB, loaded) and the bare app over 20 s of no input.
- ``jumps``: section jumps in the 5 MB book (in process), the essay as the reference.
- ``sub``: ``benchmarks/bench_*.py`` (sections, glossary), each in a subprocess.

``--only paint,keys`` runs some parts, ``--skip load50,paint50`` leaves some out.
Prints a table and writes ``benchmarks/results.md``. No assertion fails the run: a
missed target is printed as MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import keys_pty as key_pty  # noqa: E402  (benchmarks/keys_pty.py)
import load as load_bench  # noqa: E402  (benchmarks/load.py)
import startup  # noqa: E402  (benchmarks/startup.py)

SUB_BENCHES = ("bench_sections.py", "bench_glossary.py")
SUB_TIMEOUT = 300.0  # bench_glossary times five ways in fresh processes: a minute, more under load
LOAD_TIMEOUT = 60.0
JUMP_TARGET_MS = 50.0
ESSAY_TARGET = 1.2
BIG_TARGET = 1.5
HUGE_TARGET = 2.0
LOAD_TARGETS = {5: 1.5, 50: 10.0}
MEMORY_TARGETS = {5: 100.0, 50: 600.0}
KEY_MEDIAN_MS, KEY_WORST_MS = 50.0, 150.0
SEARCH_MEDIAN_MS = 100.0
"""Search over the 5 MB book: the issue asks for an answer within 100 ms."""
IDLE_SECONDS = 20.0
PARTS = ("paint", "paint50", "firstkeys", "load", "load50", "keys", "idle", "jumps", "sub")


# --------------------------------------------------------------------------- jumps


@dataclass
class JumpResult:
    name: str
    sections: int = 0
    paragraphs: int = 0
    load_s: float | None = None
    jumps_ms: list[float] = field(default_factory=list)
    off: list[tuple[int, int]] = field(default_factory=list)
    """Jumps that did not land: (section asked, section at the top)."""
    keys_ms: dict[str, list[float]] = field(default_factory=dict)
    error: str = ""

    @property
    def median_ms(self) -> float:
        return median(self.jumps_ms) if self.jumps_ms else float("nan")

    @property
    def max_ms(self) -> float:
        return max(self.jumps_ms) if self.jumps_ms else float("nan")


def spread(n: int, count: int) -> list[int]:
    """``count`` section indices over ``0..n-1``, alternating far ends: last, first,
    second to last, second, … so every jump is a long one, forward or back."""
    if n <= 0:
        return []
    if n >= count:
        evenly = [round(i * (n - 1) / (count - 1)) for i in range(count)] if count > 1 else [0]
    else:
        evenly = list(range(n))
    order: list[int] = []
    lo, hi = 0, len(evenly) - 1
    while lo <= hi:
        order.append(evenly[hi])
        if lo != hi:
            order.append(evenly[lo])
        lo, hi = lo + 1, hi - 1
    while len(order) < count:  # a short essay: go round again
        order.extend(order[: count - len(order)])
    return order


async def measure_jumps(
    path: Path, name: str, jumps: int, *, cold: bool, presses: int
) -> JumpResult:
    from lecteur.app import LecteurApp
    from lecteur.essay import HEAD_CHARS
    from lecteur.library import open_essay

    result = JumpResult(name)
    t0 = time.perf_counter()
    app = LecteurApp(open_essay(path, head=HEAD_CHARS))
    async with app.run_test(size=(startup.COLS, startup.ROWS)) as pilot:
        while not app.reading.reader.essay.complete:
            if time.perf_counter() - t0 > LOAD_TIMEOUT:
                result.error = f"not loaded after {LOAD_TIMEOUT:.0f} s"
                return result
            await pilot.pause(0.1)
        result.load_s = time.perf_counter() - t0
        await pilot.pause()
        reader = app.reading.reader
        essay = reader.essay
        result.sections = len(essay.sections)
        result.paragraphs = len(essay.paragraphs)
        for k in spread(result.sections, jumps):
            if cold:
                # A short essay has few sections and visits them again; empty the
                # view's caches so each jump costs what a first visit costs.
                for cache in ("_lines", "_strips"):
                    getattr(reader, cache, {}).clear()
            start = time.perf_counter()
            reader.go_to_section(k)
            strips = [reader.render_line(y) for y in range(reader.size.height)]
            result.jumps_ms.append((time.perf_counter() - start) * 1000)
            landed = reader.current_section()
            if landed != k or len(strips) != reader.size.height:
                result.off.append((k, landed))
            await pilot.pause()
        # The key path, Pilot's own overhead included. Each press starts from a section
        # spread over the book (the first, in a short essay) so that every press moves.
        if result.sections > presses:
            starts = spread(result.sections - 1, presses)  # never the last: n would not move
        else:
            starts = [0] * presses
        for key in ("n", "a"):
            times = result.keys_ms.setdefault(key, [])
            for first in starts:
                reader.go_to_section(first)
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press(key)
                times.append((time.perf_counter() - start) * 1000)
    return result


def run_jumps(path: Path, name: str, jumps: int, *, cold: bool, presses: int) -> JumpResult:
    try:
        return asyncio.run(measure_jumps(path, name, jumps, cold=cold, presses=presses))
    except Exception as error:
        import traceback

        traceback.print_exc()
        return JumpResult(name, error=f"{type(error).__name__}: {error}")


# --------------------------------------------------------------------------- sub benches


def run_sub_benches() -> list[tuple[str, str]]:
    out = []
    for name in SUB_BENCHES:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n== {name}", flush=True)
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, str(script)],
                capture_output=True,
                text=True,
                timeout=SUB_TIMEOUT,
                cwd=HERE.parent,
            )
            text = proc.stdout.rstrip()
            if proc.returncode:
                text += f"\n(exit status {proc.returncode})\n{proc.stderr.strip()[-2000:]}"
        except subprocess.TimeoutExpired:
            text = f"(timed out after {SUB_TIMEOUT:.0f} s)"
        text += f"\n({time.perf_counter() - start:.1f} s)"
        print(text, flush=True)
        out.append((name, text))
    return out


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def fmt(x: float | None, spec: str = ".3f", unit: str = "") -> str:
    if x is None or x != x:  # None or NaN
        return "—"
    return f"{x:{spec}}{unit}"


def versions() -> dict[str, str]:
    from importlib.metadata import version

    def v(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "?"

    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))})",
        "python": platform.python_version(),
        "textual": v("textual"),
        "rich": v("rich"),
        "lecteur": v("lecteur"),
    }


Row = list[str]


def row(
    measure: str,
    median_: str,
    spread_: str = "",
    ratio: str = "",
    target: str = "",
    ok: bool | None = None,
) -> Row:
    return [measure, median_, spread_, ratio, target, "" if ok is None else verdict(ok)]


def paint_rows(cases: list[startup.Case], names: dict[str, str]) -> list[Row]:
    bare = cases[0]
    rows = [
        row(
            "first paint, bare Textual app",
            fmt(bare.median, unit=" s"),
            "min " + fmt(bare.min, unit=" s"),
            "1.00",
            "reference",
        )
    ]
    targets = {"essay": ESSAY_TARGET, "5mb": BIG_TARGET, "50mb": HUGE_TARGET}
    for case in cases[1:]:
        key = names[case.name]
        ratio = case.median / bare.median
        target = targets.get(key)
        rows.append(
            row(
                f"first paint, {case.name}",
                fmt(case.median, unit=" s"),
                "min " + fmt(case.min, unit=" s"),
                fmt(ratio, ".2f", "×"),
                f"≤ {target}× bare" if target else "",
                (ratio <= target) if target else None,
            )
        )
    return rows


# --------------------------------------------------------------------------- keys at the first frame

FIRST_KEYS = "nnn?"
HELP_TITLES = ("lecteur — keys", "lecteur — touches")


def _status_line(text: str) -> str:
    """The reader's status line: the screen line with the reading position (``NN%``)."""
    import re

    lines = [line.strip() for line in text.splitlines() if re.search(r"\d+%", line)]
    return lines[-1] if lines else ""


def first_keys(argv: list[str], wait: str, *, at_first_frame: bool) -> dict[str, object]:
    """``n n n ?`` sent at the first frame (or once all is loaded): seconds until the help
    shows, and the status line once all is loaded and the help closed."""
    out: dict[str, object] = {"help_s": None, "status": ""}
    # A fresh state folder: the reader would start where the last run left off.
    with tempfile.TemporaryDirectory(prefix="lecteur-state-") as state:
        env = dict(os.environ, XDG_STATE_HOME=state)
        _first_keys(argv, wait, at_first_frame, env, out)
    return out


def _first_keys(
    argv: list[str], wait: str, at_first_frame: bool, env: dict[str, str], out: dict[str, object]
) -> None:
    import tree

    with startup.Pty(argv, env=env, own_settings=True) as term:
        watch = tree.TreeWatch(term.pid)
        if term.wait_for(wait, 60.0) is None:
            return
        if not at_first_frame:
            tree.watch_until(watch, term.pump, lambda: watch.quiet_since(1.0) is not None, 120)
        sent = time.perf_counter()
        term.send(FIRST_KEYS)
        shown = term.wait_until(lambda text: any(h in text for h in HELP_TITLES), 30.0)
        out["help_s"] = None if shown is None else shown - sent
        tree.watch_until(watch, term.pump, lambda: watch.quiet_since(1.0) is not None, 120)
        term.send("\x1b")  # Esc closes the help
        term.wait_until(lambda text: not any(h in text for h in HELP_TITLES), 5.0)
        term.pump(0.3)
        out["status"] = _status_line(term.text)
        term.send("q")
        term.wait_exit(5.0)


def first_keys_rows(argv: list[str], wait: str, runs: int) -> list[Row]:
    early = [first_keys(argv, wait, at_first_frame=True) for _ in range(runs)]
    late = first_keys(argv, wait, at_first_frame=False)
    helps = [float(e["help_s"]) for e in early if e["help_s"] is not None]  # type: ignore[arg-type]
    landed = sum(1 for e in early if e["status"] and e["status"] == late["status"])
    late_help = late["help_s"]
    ratio = median(helps) / float(late_help) if helps and late_help else None  # type: ignore[arg-type]
    print(
        f"  at the first frame: ? acted after {helps} s; landed as when loaded: {landed}/{runs}"
        f" ({late['status']!r}; at the first frame: {[e['status'] for e in early]!r})",
        flush=True,
    )
    return [
        row(
            f"`{' '.join(FIRST_KEYS)}` typed at the first frame (5 MB): `?` acts after",
            fmt(median(helps) if helps else None, unit=" s"),
            "max " + fmt(max(helps) if helps else None, unit=" s"),
            fmt(ratio, ".1f", "×"),
            "vs. the same once loaded",
            None,
        ),
        row(
            "    … and `n n n` land where they land once loaded",
            f"{landed}/{runs} runs",
            "",
            "",
            "every run",
            landed == runs and runs > 0,
        ),
        row(
            "    reference: the same keys once loaded, `?` acts after",
            fmt(late_help, unit=" s"),
            "",
            "1.0×",
            "reference",
        ),  # type: ignore[arg-type]
    ]


# --------------------------------------------------------------------------- load, memory


def phases(path: Path) -> dict[str, float]:
    import json

    proc = subprocess.run(
        [sys.executable, str(HERE / "phases.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        print(proc.stderr[-2000:], flush=True)
        return {}


def load_rows(
    mb: int, path: Path, wait: str, bare: load_bench.Load | None, frog: str | None
) -> list[Row]:
    py = sys.executable
    lec = load_bench.load(f"lecteur {mb} MB", [py, "-m", "lecteur", str(path)], wait, timeout=300)
    import shutil

    less_path = shutil.which("less") or "/usr/bin/less"
    less = load_bench.load(f"less {mb} MB", [less_path, str(path)], "title:", timeout=60)
    ph = phases(path)
    for r in (lec, less):
        print(
            f"  {r.name}: first paint {fmt(r.first_paint, unit=' s')}, loaded"
            f" {fmt(r.loaded, unit=' s')}, peak {fmt(r.peak_mb, '.0f', ' MB')}",
            flush=True,
        )
    print(f"  steps alone: {ph}", flush=True)
    t_load, t_mem = LOAD_TARGETS[mb], MEMORY_TARGETS[mb]
    rows = [
        row(
            f"{mb} MB book: fully loaded (text, sections, glossary), process tree quiet",
            fmt(lec.loaded, ".2f", " s"),
            f"less: {fmt(less.loaded, '.3f', ' s')}",
            fmt(lec.loaded / less.loaded if lec.loaded and less.loaded else None, ".0f", "× less"),
            f"≤ {t_load:g} s",
            lec.loaded is not None and lec.loaded <= t_load,
        ),
        row(
            "    steps alone: parse / split / glossary match",
            " / ".join(fmt(ph.get(k), ".2f", " s") for k in ("parse_s", "split_s", "glossary_s")),
            "peak "
            + " / ".join(
                fmt(ph.get(k), ".0f", " MB")
                for k in ("parse_peak_mb", "split_peak_mb", "glossary_peak_mb")
            ),
            "",
            "(glossary: matcher)",
        ),
        row(
            f"{mb} MB book: peak memory of the process tree",
            fmt(lec.peak_mb, ".0f", " MB"),
            f"less: {fmt(less.peak_mb, '.0f', ' MB')}",
            fmt(
                lec.peak_mb / bare.peak_mb if bare and bare.peak_mb and lec.peak_mb else None,
                ".1f",
                "× bare",
            ),
            f"≤ {t_mem:g} MB",
            lec.peak_mb is not None and lec.peak_mb <= t_mem,
        ),
        row(
            "    … counting a page the loader child shares with the UI once (PSS)",
            fmt(lec.peak_pss_mb, ".0f", " MB"),
            f"less: {fmt(less.peak_pss_mb, '.0f', ' MB')}",
            fmt(
                lec.peak_pss_mb / bare.peak_pss_mb
                if bare and bare.peak_pss_mb and lec.peak_pss_mb
                else None,
                ".1f",
                "× bare",
            ),
            f"≤ {t_mem:g} MB",
            lec.peak_pss_mb is not None and lec.peak_pss_mb <= t_mem,
        ),
    ]
    if frog and mb == 5:
        fr = load_bench.load(f"frogmouth {mb} MB", [frog, str(path)], "Chapitre 1", timeout=30)
        print(
            f"  {fr.name}: first paint {fmt(fr.first_paint, unit=' s')}, loaded"
            f" {fmt(fr.loaded, unit=' s')}, peak {fmt(fr.peak_mb, '.0f', ' MB')}",
            flush=True,
        )
        rows.append(
            row(
                f"    frogmouth, {mb} MB book: shown / peak memory",
                fmt(fr.loaded, ".2f", " s") if fr.loaded else "not in 30 s",
                fmt(fr.peak_mb, ".0f", " MB"),
                "",
                "comparison",
            )
        )
    return rows


def key_rows(path: Path, presses: int) -> list[Row]:
    """Each key in a real terminal (``keys_pty.py``): what a person waits, no Pilot."""
    big = key_pty.measure(path, presses)
    small = key_pty.measure(startup.BUNDLED, presses)
    rows = []
    for name, label in key_pty.KEYS:
        bm, bw = key_pty.summary(big[name])
        sm, _ = key_pty.summary(small[name])
        most = SEARCH_MEDIAN_MS if name.startswith("search") else KEY_MEDIAN_MS
        print(f"  {label}: 5 MB {big[name]} / essay {small[name]}", flush=True)
        rows.append(
            row(
                f"key {label}, 5 MB book (real terminal)",
                fmt(bm, ".0f", " ms"),
                "worst " + fmt(bw, ".0f", " ms"),
                fmt(bm / sm if sm == sm and sm else None, ".1f", "× essay"),
                f"≤ {most:.0f} / {KEY_WORST_MS:.0f} ms",
                bm <= most and bw <= KEY_WORST_MS,
            )
        )
    rows.append(
        row(
            "    reference: every key in the bundled essay, median of medians",
            fmt(median([key_pty.summary(small[n])[0] for n, _ in key_pty.KEYS]), ".0f", " ms"),
            "",
            "1.0×",
            "reference",
        )
    )
    return rows


def jump_rows(big: JumpResult, small: JumpResult) -> list[Row]:
    ok = bool(big.jumps_ms) and big.median_ms < JUMP_TARGET_MS and big.max_ms < JUMP_TARGET_MS
    return [
        row(
            f"section jump + render, 5 MB ({len(big.jumps_ms)} jumps)",
            fmt(big.median_ms, ".1f", " ms"),
            "max " + fmt(big.max_ms, ".1f", " ms"),
            fmt(big.median_ms / small.median_ms if small.jumps_ms else None, ".1f", "×"),
            f"< {JUMP_TARGET_MS:.0f} ms",
            ok,
        ),
        row(
            "    reference: same in the bundled essay (cold caches)",
            fmt(small.median_ms, ".1f", " ms"),
            "max " + fmt(small.max_ms, ".1f", " ms"),
            "1.0×",
            "reference",
        ),
    ]


def text_table(rows: list[list[str]]) -> str:
    head = ["measure", "median", "spread", "ratio", "target", ""]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(head, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def markdown(
    info: dict[str, str], rows: list[Row], notes: list[str], subs: list[tuple[str, str]]
) -> str:
    out = [
        "# lecteur benchmarks",
        "",
        "Written by `make bench` (`benchmarks/run.py`); every figure below comes from one run.",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}; load average at the start: {info['load']}",
        f"- Python {info['python']}, Textual {info['textual']}, Rich {info['rich']},"
        f" lecteur {info['lecteur']}",
        *notes,
        "",
        "| measure | median | spread | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]

    def cell(c: str) -> str:
        c = c.replace("|", "\\|")
        return "↳ " + c.strip() if c.startswith("    ") else c

    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    for name, text in subs:
        out += ["", f"## {name}", "", "```", text, "```"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def frogmouth_path(given: str | None) -> str | None:
    import shutil

    if given:
        return given if Path(given).exists() else None
    return shutil.which("frogmouth")


def main() -> int:
    parser = argparse.ArgumentParser(description="lecteur benchmarks (make bench)")
    parser.add_argument("--runs", type=int, default=7, help="first-paint runs per case")
    parser.add_argument("--jumps", type=int, default=20, help="section jumps timed")
    parser.add_argument("--presses", type=int, default=7, help="presses timed per key")
    parser.add_argument("--key-runs", type=int, default=3, help="runs of keys at first frame")
    parser.add_argument("--only", default="", help="comma-separated parts: " + ",".join(PARTS))
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    parser.add_argument("--no-sub", action="store_true", help="same as --skip sub")
    parser.add_argument("--frogmouth", default=None, help="frogmouth's executable")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()
    parts = [p for p in (args.only.split(",") if args.only else PARTS) if p]
    skip = set(args.skip.split(",")) | ({"sub"} if args.no_sub else set())
    unknown = (set(parts) | skip) - set(PARTS) - {""}
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    parts = [p for p in parts if p not in skip]

    started = time.perf_counter()
    compileall.compile_dir(str(HERE.parent / "src" / "lecteur"), quiet=1)
    info = versions()
    info["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"lecteur benchmarks — {info['date']} — {info['machine']} — load {info['load']}")
    print(f"Python {info['python']}, Textual {info['textual']}, Rich {info['rich']}")
    print("parts: " + ", ".join(parts))
    frog = frogmouth_path(args.frogmouth)
    py = sys.executable
    rows: list[Row] = []
    notes: list[str] = []
    subs: list[tuple[str, str]] = []

    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        books: dict[int, tuple[Path, str]] = {}

        def book(mb: int) -> tuple[Path, str]:
            if mb not in books:
                path = Path(tmp) / f"grand-livre-{mb}.md"
                first = startup.write_big_essay(path, size=mb * 1_000_000)
                books[mb] = (path, startup.wait_text(first))
            return books[mb]

        if "paint" in parts or "paint50" in parts:
            path5, wait5 = book(5)
            cases = startup.startup_cases(path5, wait5)
            names = {cases[1].name: "essay", cases[2].name: "5mb"}
            cases[2].name = "lecteur, 5 MB book"
            names[cases[2].name] = "5mb"
            if "paint" not in parts:
                cases = cases[:1]
            if "paint50" in parts:
                path50, wait50 = book(50)
                cases.append(
                    startup.Case("lecteur, 50 MB book", [py, "-m", "lecteur", str(path50)], wait50)
                )
                names["lecteur, 50 MB book"] = "50mb"
            if frog and "paint" in parts:
                cases.append(
                    startup.Case(
                        "frogmouth, bundled essay", [frog, str(startup.BUNDLED)], "Front matter"
                    )
                )
                names["frogmouth, bundled essay"] = "frogmouth"
            print(
                f"\n== first paint in a pty ({args.runs} interleaved runs: "
                + ", ".join(c.name for c in cases)
                + ")",
                flush=True,
            )
            startup.run_startup(cases, args.runs, log=lambda s: print(s, flush=True))
            rows += paint_rows(cases, names)
            notes.append(
                f"- first paint: process start → the text on a 100×30 pty screen (pyte),"
                f" {args.runs} interleaved runs each after one warm-up run"
            )
            if not frog:
                notes.append("- frogmouth: not found (pip install frogmouth, or --frogmouth PATH)")

        if "firstkeys" in parts:
            print("\n== keys typed at the first frame (5 MB)", flush=True)
            path5, wait5 = book(5)
            rows += first_keys_rows([py, "-m", "lecteur", str(path5)], wait5, args.key_runs)

        bare_load = None
        if any(p in parts for p in ("load", "load50", "idle")):
            bare_load = load_bench.load(
                "bare app",
                [py, str(startup.BARE_APP)],
                "Bonjour",
                idle=IDLE_SECONDS if "idle" in parts else 0.0,
            )
            print(
                f"  bare app: peak {fmt(bare_load.peak_mb, '.0f', ' MB')},"
                f" idle CPU {fmt(bare_load.idle_cpu_s, '.2f', ' s')}",
                flush=True,
            )
            rows.append(
                row(
                    "bare Textual app: peak memory",
                    fmt(bare_load.peak_mb, ".0f", " MB"),
                    "",
                    "1.0×",
                    "reference",
                )
            )
        for mb in (5, 50):
            if f"load{'' if mb == 5 else 50}" in parts:
                print(f"\n== {mb} MB book read to the end (process tree watched)", flush=True)
                path, wait = book(mb)
                rows += load_rows(mb, path, wait, bare_load, frog)

        if "keys" in parts:
            print("\n== each key in the loaded 5 MB book (real terminal)", flush=True)
            path5, _ = book(5)
            rows += key_rows(path5, args.presses)

        if "idle" in parts:
            print(f"\n== idle CPU over {IDLE_SECONDS:.0f} s", flush=True)
            path5, wait5 = book(5)
            lec = load_bench.load(
                "lecteur 5 MB",
                [py, "-m", "lecteur", str(path5)],
                wait5,
                timeout=300,
                idle=IDLE_SECONDS,
            )
            b = bare_load.idle_cpu_s if bare_load else None
            rows.append(
                row(
                    f"idle CPU over {IDLE_SECONDS:.0f} s, 5 MB book loaded",
                    fmt(lec.idle_cpu_s, ".2f", " s"),
                    f"bare app: {fmt(b, '.2f', ' s')}",
                    "",
                    "same as bare",
                    None,
                )
            )

        if "jumps" in parts:
            print("\n== section jumps (in process, Pilot)", flush=True)
            path5, _ = book(5)
            big = run_jumps(path5, "5 MB book", args.jumps, cold=False, presses=1)
            small = run_jumps(startup.BUNDLED, "bundled essay", args.jumps, cold=True, presses=1)
            rows += jump_rows(big, small)
            notes.append(f"- 5 MB book: {big.paragraphs} paragraphs, {big.sections} sections")

    if "sub" in parts:
        subs = run_sub_benches()

    print("\n" + text_table(rows))
    args.output.write_text(markdown(info, rows, notes, subs), encoding="utf-8")
    print(f"\n(wrote {args.output}; {time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
