"""First paint of two lecteur source trees, interleaved with the bare app in one run.

``python benchmarks/ab_paint.py OLD_SRC NEW_SRC [--runs N] [--config DIR] [--only essay,5MB]``

Each round runs, for each essay, the bare Textual app, then lecteur from ``OLD_SRC``, then
from ``NEW_SRC`` (``PYTHONPATH``), in a 100×30 pty (``startup.first_paint``): the three
share the machine's noise. The bundled essay is the one in each tree; the 5 MB and 50 MB
books are made once (``startup.write_big_essay``) in a temporary folder. Settings come from
``--config`` (an ``XDG_CONFIG_HOME``; by default an empty one: the defaults); each tree keeps
its own state folder across the runs, as a reader's is kept. Prints the medians, the median
of the per-round ratios to the bare app, and the median of the per-round differences (new
minus old), with how many rounds the new tree was faster.

For a tree of another commit: ``git archive COMMIT | tar -x -C /tmp/old`` gives
``/tmp/old/src``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup  # (benchmarks/startup.py)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the first tree's src folder")
    parser.add_argument("new", type=Path, help="the second tree's src folder")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--config", default=None, help="XDG_CONFIG_HOME (default: empty)")
    parser.add_argument("--only", default="", help="comma-separated: essay,5MB,50MB")
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    for src in trees.values():
        compileall.compile_dir(str(src), quiet=1)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="lecteur-ab-") as tmp:
        root = Path(tmp)
        config = args.config or str(root / "config")
        books: list[tuple[str, str | None, str]] = [("essay", None, "Il fut une")]
        for name, size in (("5MB", 5_000_000), ("50MB", 50_000_000)):
            if args.only and name not in args.only.split(","):
                continue
            path = root / f"book-{name}.md"
            books.append((name, str(path), startup.wait_text(startup.write_big_essay(path, size))))
        if args.only and "essay" not in args.only.split(","):
            books = books[1:]

        def run(label: str, book: str | None, wait: str) -> float | None:
            env = dict(os.environ, XDG_CONFIG_HOME=config)
            if label == "bare":
                argv = [py, str(startup.BARE_APP)]
                wait = "Bonjour"
            else:
                env["PYTHONPATH"] = str(trees[label])
                env["XDG_STATE_HOME"] = str(root / f"state-{label}")
                argv = [py, "-m", "lecteur", *([book] if book else [])]
            with startup.Pty(argv, env=env) as term:
                seen = term.wait_for(wait, 30.0)
                return None if seen is None else seen - term.t0

        times: dict[tuple[str, str], list[float | None]] = {}
        for _name, book, wait in books:  # warm-up: page cache, state folders
            for label in ("bare", "old", "new"):
                run(label, book, wait)
        for n in range(args.runs):
            row = []
            for name, book, wait in books:
                for label in ("bare", "old", "new"):
                    t = run(label, book, wait)
                    times.setdefault((name, label), []).append(t)
                    row.append(f"{name}/{label} " + (f"{t * 1000:.0f}" if t else "fail"))
            print(f"run {n + 1}/{args.runs}: " + "  ".join(row), flush=True)
    print()
    for name, _, _ in books:
        bare = times[(name, "bare")]
        for label in ("bare", "old", "new"):
            got = times[(name, label)]
            ok = [t for t in got if t]
            ratios = [t / b for t, b in zip(got, bare, strict=True) if t and b]
            print(
                f"{name:5} {label:4} median {median(ok) * 1000:6.1f} ms  min {min(ok) * 1000:6.1f}"
                f"  ratio of medians {median(ok) / median(t for t in bare if t):.2f}"
                f"  median per-round ratio {median(ratios):.2f}"
            )
        pairs = [
            (n - o) * 1000
            for n, o in zip(times[(name, "new")], times[(name, "old")], strict=True)
            if n and o
        ]
        faster = sum(d < 0 for d in pairs)
        print(
            f"{name:5} new − old: median {median(pairs):+.1f} ms, new faster in"
            f" {faster}/{len(pairs)} rounds"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
