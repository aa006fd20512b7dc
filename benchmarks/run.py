"""``make bench``: lecteur's speed, side by side with a reference, in one run.

1. Time to first paint in a real pty (100×30, pyte), interleaved runs of
   (a) a bare Textual app, (b) lecteur on the bundled essay, (c) lecteur on a
   generated 5 MB essay. Targets: (b) ≤ 1.2 × (a), (c) ≤ 2 × (a).
2. The 5 MB essay loaded to the end in the pty: full-load time and peak RSS.
3. Section jumps in the 5 MB essay, in process with Textual's Pilot: go to a section
   and render a screenful of lines. Target < 50 ms. Reference: the same in the
   bundled essay. Plus the key path (``n``, ``a``) through Pilot.
4. ``benchmarks/bench_*.py`` (sections, glossary), if present, each in a subprocess.

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

import startup  # noqa: E402  (benchmarks/startup.py)

SUB_BENCHES = ("bench_sections.py", "bench_glossary.py")
SUB_TIMEOUT = 300.0  # bench_glossary times five ways in fresh processes: a minute, more under load
LOAD_TIMEOUT = 60.0
JUMP_TARGET_MS = 50.0
ESSAY_TARGET = 1.2
BIG_TARGET = 2.0


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


def build_rows(
    cases: list[startup.Case],
    load: dict[str, float | None],
    big_bytes: int,
    big: JumpResult,
    small: JumpResult,
) -> list[list[str]]:
    """Rows: measure, median, min (or max), ratio, target, verdict."""
    bare, essay, book = cases
    rows = []
    base = bare.median
    rows.append(
        [
            "(a) first paint, bare Textual app",
            fmt(bare.median, unit=" s"),
            "min " + fmt(bare.min, unit=" s"),
            "1.00",
            "reference",
            "",
        ]
    )
    r_essay = essay.median / base
    rows.append(
        [
            "(b) first paint, bundled essay",
            fmt(essay.median, unit=" s"),
            "min " + fmt(essay.min, unit=" s"),
            fmt(r_essay, ".2f", "×"),
            f"≤ {ESSAY_TARGET}× (a)",
            verdict(r_essay <= ESSAY_TARGET),
        ]
    )
    r_book = book.median / base
    rows.append(
        [
            f"(c) first paint, {big_bytes / 1e6:.1f} MB essay",
            fmt(book.median, unit=" s"),
            "min " + fmt(book.min, unit=" s"),
            fmt(r_book, ".2f", "×"),
            f"≤ {BIG_TARGET}× (a)",
            verdict(r_book <= BIG_TARGET),
        ]
    )
    rows.append(
        ["5 MB essay: full load in the pty", fmt(load["loaded"], unit=" s"), "", "", "", ""]
    )
    rows.append(
        ["5 MB essay: full load in process (Pilot)", fmt(big.load_s, unit=" s"), "", "", "", ""]
    )
    rows.append(["5 MB essay: peak RSS", fmt(load["rss_mb"], ".0f", " MB"), "", "", "", ""])
    n_jumps = len(big.jumps_ms)
    ok = bool(big.jumps_ms) and big.median_ms < JUMP_TARGET_MS and big.max_ms < JUMP_TARGET_MS
    rows.append(
        [
            f"(d) section jump + render, 5 MB ({n_jumps} jumps)",
            fmt(big.median_ms, ".1f", " ms"),
            "max " + fmt(big.max_ms, ".1f", " ms"),
            fmt(big.median_ms / small.median_ms if small.jumps_ms else None, ".1f", "×"),
            f"< {JUMP_TARGET_MS:.0f} ms",
            verdict(ok),
        ]
    )
    rows.append(
        [
            "    reference: same in the bundled essay (cold caches)",
            fmt(small.median_ms, ".1f", " ms"),
            "max " + fmt(small.max_ms, ".1f", " ms"),
            "1.0×",
            "reference",
            "",
        ]
    )
    for key, what in (("n", "next section"), ("a", "next argument")):
        times = big.keys_ms.get(key, [])
        ref = small.keys_ms.get(key, [])
        ratio = median(times) / median(ref) if times and ref else None
        rows.append(
            [
                f"key `{key}` ({what}) via Pilot, 5 MB",
                fmt(median(times) if times else None, ".1f", " ms"),
                "max " + fmt(max(times) if times else None, ".1f", " ms"),
                fmt(ratio, ".1f", "×"),
                "(no target)",
                "",
            ]
        )
        rows.append(
            [
                f"    reference: key `{key}` in the bundled essay",
                fmt(median(ref) if ref else None, ".1f", " ms"),
                "max " + fmt(max(ref) if ref else None, ".1f", " ms"),
                "1.0×",
                "reference",
                "",
            ]
        )
    return rows


def text_table(rows: list[list[str]]) -> str:
    head = ["measure", "median", "spread", "ratio", "target", ""]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(head, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def markdown(
    info: dict[str, str],
    rows: list[list[str]],
    load: dict[str, float | None],
    cases: list[startup.Case],
    big: JumpResult,
    small: JumpResult,
    subs: list[tuple[str, str]],
    runs: int,
) -> str:
    out = [
        "# lecteur benchmarks",
        "",
        "Written by `make bench` (`benchmarks/run.py`); every figure below comes from one run.",
        "",
        f"- date: {info['date']}",
        f"- machine: {info['machine']}",
        f"- Python {info['python']}, Textual {info['textual']}, Rich {info['rich']},"
        f" lecteur {info['lecteur']}",
        f"- first paint: process start → the text on a 100×30 pty screen (pyte), "
        f"{runs} interleaved runs each after one warm-up run; lecteur byte-compiled first,"
        " as an install does",
        f"- 5 MB essay: {big.paragraphs} paragraphs, {big.sections} sections;"
        f" bundled essay: {small.paragraphs} paragraphs, {small.sections} sections",
        "",
        "| measure | median | spread | ratio | target | |",
        "|---|---|---|---|---|---|",
    ]

    def cell(c: str) -> str:
        c = c.replace("|", "\\|")
        return "↳ " + c.strip() if c.startswith("    ") else c

    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    out += ["", "Raw first-paint times (s):", ""]
    for case in cases:
        out.append(
            f"- {case.name}: "
            + ", ".join(f"{t:.3f}" for t in case.times)
            + (f" ({case.failures} failed)" if case.failures else "")
        )
    if load.get("exit") != 0:
        out.append(
            f"- 5 MB essay in the pty: exit status after q: {load.get('exit')}"
            " (None: still running after 5 s)"
        )
    for r in (big, small):
        if r.error:
            out.append(f"- {r.name}: {r.error}")
        if r.off:
            out.append(
                f"- {r.name}: jumps that did not land on their section (asked, got): "
                + ", ".join(f"{k}→{got}" for k, got in r.off)
            )
    for name, text in subs:
        out += ["", f"## {name}", "", "```", text, "```"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description="lecteur benchmarks (make bench)")
    parser.add_argument("--runs", type=int, default=7, help="first-paint runs per case")
    parser.add_argument("--jumps", type=int, default=20, help="section jumps timed")
    parser.add_argument("--presses", type=int, default=10, help="key presses timed per key")
    parser.add_argument("--no-sub", action="store_true", help="skip bench_*.py")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args()

    started = time.perf_counter()
    # Installed packages run from bytecode (pip compiles it; Textual's is already there).
    # An editable checkout under PYTHONDONTWRITEBYTECODE would recompile lecteur at every
    # start instead, so compile it once, as an install does.
    compileall.compile_dir(str(HERE.parent / "src" / "lecteur"), quiet=1)
    info = versions()
    print(f"lecteur benchmarks — {info['date']} — {info['machine']}")
    print(f"Python {info['python']}, Textual {info['textual']}, Rich {info['rich']}")

    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        big_path = Path(tmp) / "grand-livre.md"
        first = startup.write_big_essay(big_path)
        big_bytes = big_path.stat().st_size
        cases = startup.startup_cases(big_path, startup.wait_text(first))

        print(
            f"\n== first paint in a pty ({args.runs} interleaved runs: "
            + ", ".join(c.name for c in cases)
            + ")",
            flush=True,
        )
        startup.run_startup(cases, args.runs, log=lambda s: print(s, flush=True))

        print("\n== 5 MB essay loaded to the end in the pty", flush=True)
        load = startup.full_load(cases[2].argv, cases[2].wait)
        print(
            f"  first paint {fmt(load['first_paint'], unit=' s')}, "
            f"loaded {fmt(load['loaded'], unit=' s')}, "
            f"peak RSS {fmt(load['rss_mb'], '.0f', ' MB')}, "
            f"exit status after q: {load['exit']}",
            flush=True,
        )

        print("\n== section jumps (in process, Pilot)", flush=True)
        big = run_jumps(big_path, "5 MB essay", args.jumps, cold=False, presses=args.presses)
        small = run_jumps(
            startup.BUNDLED, "bundled essay", args.jumps, cold=True, presses=args.presses
        )
        for r in (big, small):
            print(
                f"  {r.name}: {r.sections} sections, jumps (ms) "
                + " ".join(f"{t:.1f}" for t in r.jumps_ms)
                + (f" — {r.error}" if r.error else "")
                + (
                    " — off target (asked→got): " + ", ".join(f"{k}→{got}" for k, got in r.off)
                    if r.off
                    else ""
                ),
                flush=True,
            )

    subs = [] if args.no_sub else run_sub_benches()

    rows = build_rows(cases, load, big_bytes, big, small)
    print("\n" + text_table(rows))
    args.output.write_text(
        markdown(info, rows, load, cases, big, small, subs, args.runs), encoding="utf-8"
    )
    print(f"\n(wrote {args.output}; {time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
