"""The loading steps of a book, each timed alone in this process: parse, split, glossary.

``python benchmarks/phases.py PATH`` prints one JSON line: seconds for each step and the
process's peak RSS (MB) after each. The glossary step is the matcher's (src/lecteur/glossary).
"""

from __future__ import annotations

import json
import sys
import time


def peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1000
    return float("nan")


def main() -> int:
    from lecteur.essay import parse_essay
    from lecteur.library import open_glossary, split

    out: dict[str, float] = {}
    start = time.perf_counter()
    essay = parse_essay(sys.argv[1])
    out["parse_s"] = time.perf_counter() - start
    out["parse_peak_mb"] = peak_mb()
    start = time.perf_counter()
    split(essay, corrections=[])
    out["split_s"] = time.perf_counter() - start
    out["split_peak_mb"] = peak_mb()
    start = time.perf_counter()
    open_glossary(essay)
    out["glossary_s"] = time.perf_counter() - start
    out["glossary_peak_mb"] = peak_mb()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
