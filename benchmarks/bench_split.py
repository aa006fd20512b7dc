"""Benchmark: the section split of a book, this tree against another revision, in one run.

Run:  .venv/bin/python benchmarks/bench_split.py [--ref main] [--runs 5] [BOOK ...]

(default book: the 5 MB book of ``benchmarks/startup.py``, /tmp/mem/book5.md.)  Each
side runs in its own process, alternately, ``--runs`` times: the book is parsed, then
split (``library.split``) twice, the first time cold (the matcher read from its disk
cache, the token caches empty, as ``benchmarks/phases.py`` measures it) and the second
warm.  Each split is timed in CPU seconds of the process (``time.process_time``: on a
busy machine wall time mostly measures the neighbours) and in wall seconds; the split's
memory is what ``tracemalloc`` sees allocated at its peak, above what the parsed essay
holds (a separate process, without tracing, gives the times).  Printed: the median of
each figure per side, and this tree's over the reference's.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BOOK = Path("/tmp/mem/book5.md")


def child(book: Path, traced: bool) -> dict[str, float]:
    """One side, one run (in this process, with the source given by PYTHONPATH)."""
    import tracemalloc

    from lecteur.essay import parse_essay
    from lecteur.library import split

    essay = parse_essay(book)
    out: dict[str, float] = {}
    if traced:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        split(essay, corrections=[])
        out["peak_mb"] = (tracemalloc.get_traced_memory()[1] - base) / 1e6
        return out
    for name in ("cold", "warm"):
        cpu, wall = time.process_time(), time.perf_counter()
        split(essay, corrections=[])
        out[f"{name}_cpu_s"] = time.process_time() - cpu
        out[f"{name}_wall_s"] = time.perf_counter() - wall
    return out


def run(src: Path, book: Path, traced: bool) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    args = [sys.executable, __file__, "--child", str(book)] + (["--traced"] if traced else [])
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("books", nargs="*", type=Path)
    parser.add_argument("--ref", default="main", help="git revision to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.traced)))
        return 0
    books = args.books or [DEFAULT_BOOK]
    if books == [DEFAULT_BOOK] and not DEFAULT_BOOK.exists():
        sys.path.insert(0, str(ROOT / "src"))
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import startup

        DEFAULT_BOOK.parent.mkdir(parents=True, exist_ok=True)
        startup.write_big_essay(DEFAULT_BOOK)
    with tempfile.TemporaryDirectory(prefix="bench-split-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.ref, "src"], capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(Path(tmp) / "ref", filter="data")
        sides = {args.ref: Path(tmp) / "ref" / "src", "here": ROOT / "src"}
        for book in books:
            print(f"{book} ({book.stat().st_size / 1e6:.1f} MB), load average {os.getloadavg()}")
            runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
            for _ in range(args.runs):
                for side, src in sides.items():
                    runs[side].append(run(src, book, traced=False))
            peaks = {side: run(src, book, traced=True)["peak_mb"] for side, src in sides.items()}
            ref, here = args.ref, "here"
            for key in ("cold_cpu_s", "warm_cpu_s", "cold_wall_s", "warm_wall_s"):
                a = statistics.median(r[key] for r in runs[ref])
                b = statistics.median(r[key] for r in runs[here])
                print(f"  split {key:<12} {ref}: {a:7.3f}  here: {b:7.3f}  ({b / a:.2f}×)")
            a, b = peaks[ref], peaks[here]
            print(f"  split peak MB (traced)  {ref}: {a:7.1f}  here: {b:7.1f}  ({b / a:.2f}×)")
            print(f"  (medians of {args.runs} runs each, alternated)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
