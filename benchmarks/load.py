"""Load to the end in a pty, with the whole process tree watched (``tree.py``).

For each program: first paint (the text on screen), fully loaded (the tree quiet for
``QUIET`` s after the first paint; the quiet time itself not counted), peak memory of the
tree (summed RSS), and CPU time spent. ``python benchmarks/load.py [--mb 5 50]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import startup  # noqa: E402
import tree  # noqa: E402

QUIET = 1.0
"""Seconds without CPU that mean "done"."""


@dataclass
class Load:
    name: str
    first_paint: float | None = None
    loaded: float | None = None
    peak_mb: float | None = None
    peak_pss_mb: float | None = None
    cpu_s: float | None = None
    idle_cpu_s: float | None = None


def load(name: str, argv: list[str], wait: str, timeout: float = 120.0, idle: float = 0.0) -> Load:
    """One run: first paint, then until quiet; then ``idle`` seconds of CPU watched."""
    out = Load(name)
    with startup.Pty(argv, own_settings=True) as term:
        watch = tree.TreeWatch(term.pid)

        def painted() -> bool:
            return not term.in_frame and wait in term.text

        if not tree.watch_until(watch, term.pump, painted, timeout):
            sys.stderr.write(f"[{name}] never showed {wait!r}\n{term.text}\n")
            return out
        out.first_paint = watch.samples[-1].t - term.t0
        if tree.watch_until(
            watch, term.pump, lambda: watch.quiet_since(QUIET) is not None, timeout
        ):
            quiet = watch.quiet_since(QUIET)
            assert quiet is not None
            out.loaded = max(quiet - term.t0, out.first_paint)
        out.cpu_s = watch.samples[-1].cpu
        if idle:
            before = watch.samples[-1].cpu
            tree.watch_until(watch, term.pump, lambda: False, idle, every=0.2)
            out.idle_cpu_s = watch.samples[-1].cpu - before
        out.peak_mb = watch.peak_mb
        out.peak_pss_mb = watch.peak_pss_mb
        term.send("q")
        term.wait_exit(5.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5.0])
    parser.add_argument("--less", action="store_true", help="less beside lecteur")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="lecteur-bench-") as tmp:
        for mb in args.mb:
            path = Path(tmp) / f"livre-{mb:g}.md"
            first = startup.write_big_essay(path, size=int(mb * 1e6))
            wait = startup.wait_text(first)
            runs = [(f"lecteur {mb:g} MB", [py, "-m", "lecteur", str(path)])]
            if args.less:
                runs.append((f"less {mb:g} MB", ["/usr/bin/less", str(path)]))
            for name, argv in runs:
                r = load(name, argv, wait if "lecteur" in name else "title:")
                print(
                    f"{r.name:<18} first paint {r.first_paint or 0:.2f} s  loaded"
                    f" {r.loaded or float('nan'):.2f} s  peak {r.peak_mb or 0:.0f} MB"
                    f"  cpu {r.cpu_s or 0:.1f} s",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
