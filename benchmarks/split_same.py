"""Check that the section split gives the same output as another revision, byte for byte.

Run:  .venv/bin/python benchmarks/split_same.py [--ref main] [--big PATH ...]

The source of ``--ref`` (``git archive``) and this tree's ``src`` are each run in a
child process over the same inputs; every output line is compared:

* every essay of ``essays/``, every Markdown fixture under ``tests/`` and every source
  of the real corpus (``../shared/corpora/sections-real/raw`` or
  ``$LECTEUR_SECTIONS_REAL``, when present): the
  sections (kind, title, first, last, explicit; what ``outline --json`` prints) and
  the explanation of every paragraph (``outline --explain``);
* the real corpus's rendered texts (one paragraph a line) through the text API
  (``split_sections``, ``explain``), and a generated 1 MB book in each language with
  headings, lists, quotes and code (``bench_sections.make_book``);
* each ``--big`` book (default: the 5 MB book of ``benchmarks/startup.py``, written to
  /tmp/mem/book5.md when missing): its sections, every paragraph's explanation, and
  one paragraph in 500 explained alone (``explain_paragraph``, the reader's ``e``).

Exit status 0 when everything is the same; else the first differences are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(os.environ.get("LECTEUR_SECTIONS_REAL") or ROOT.parent / "shared/corpora/sections-real")
DEFAULT_BIG = Path("/tmp/mem/book5.md")
SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt", ".rst")


def inputs(big: list[Path]) -> list[tuple[str, Path]]:
    """(how to read it, path) for every input, in a fixed order."""
    out: list[tuple[str, Path]] = []
    out += [("essay", p) for p in sorted((ROOT / "essays").glob("*.md"))]
    out += [("essay", p) for p in sorted((ROOT / "tests").rglob("*.md"))]
    raw = REAL / "raw"
    if raw.is_dir():
        out += [("essay", p) for p in sorted(raw.iterdir()) if p.suffix in SUFFIXES]
        out += [("texts", p) for p in sorted(REAL.glob("*.txt"))]
    out += [("generated", Path(language)) for language in ("fr", "en")]
    out += [("big", p) for p in big]
    return out


# --------------------------------------------------------------------------- child


def dump(kind: str, path: Path, write: io.TextIOBase) -> None:
    """Write one line per output of the split for one input (run with the tree's src)."""
    from lecteur.essay import parse_essay
    from lecteur.language import detect_language
    from lecteur.library import explain_line, explain_lines, split
    from lecteur.sections import explain, split_sections

    def section_lines(sections: list) -> list[str]:  # type: ignore[type-arg]
        return [
            json.dumps([s.kind.value, s.title, s.first, s.last, s.explicit], ensure_ascii=False)
            for s in sections
        ]

    if kind in ("texts", "generated"):
        heads: list[str | None] = []
        kinds: list[str] = []
        if kind == "texts":
            texts = path.read_text(encoding="utf-8").splitlines()
            language = detect_language(" ".join(texts[:200]))
        else:
            # lecteur is imported already: the generator's own sys.path entry changes nothing
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import bench_sections

            language = path.name
            texts, heads, kinds = bench_sections.make_book(1.0, 1, language)
        kw = {"language": language, "headings": heads, "block_kinds": kinds}
        lines = section_lines(split_sections(texts, **kw))  # type: ignore[arg-type]
        lines += [e.describe() for e in explain(texts, **kw)]  # type: ignore[arg-type]
    else:
        essay = split(parse_essay(path), corrections=[])
        lines = section_lines(essay.sections)
        lines += explain_lines(essay)
        if kind == "big":
            step = 500
            lines += [explain_line(essay, i) for i in range(0, len(essay.paragraphs), step)]
    for line in lines:
        write.write(f"{path.name}\t{line}\n")


def child(out: Path, items: list[tuple[str, Path]]) -> None:
    with out.open("w", encoding="utf-8") as f:
        for kind, path in items:
            dump(kind, path, f)  # type: ignore[arg-type]
    from lecteur.sections import evidence

    print(f"read with {Path(evidence.__file__).parents[2]}", file=sys.stderr)


# --------------------------------------------------------------------------- parent


def run(src: Path, out: Path, items: list[tuple[str, Path]]) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    spec = json.dumps([[k, str(p)] for k, p in items])
    subprocess.run(
        [sys.executable, __file__, "--child", str(out)], input=spec, text=True, env=env, check=True
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", default="main", help="git revision to compare with")
    parser.add_argument("--big", type=Path, action="append", help="big books (default: 5 MB)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        items = [(k, Path(p)) for k, p in json.loads(sys.stdin.read())]
        child(args.child, items)
        return 0
    big = args.big if args.big is not None else [DEFAULT_BIG]
    if big == [DEFAULT_BIG] and not DEFAULT_BIG.exists():
        sys.path.insert(0, str(ROOT / "src"))
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import startup

        DEFAULT_BIG.parent.mkdir(parents=True, exist_ok=True)
        startup.write_big_essay(DEFAULT_BIG)
    items = inputs(big)
    with tempfile.TemporaryDirectory(prefix="split-same-") as tmp:
        base = Path(tmp)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.ref, "src"], capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(base / "ref", filter="data")
        old, new = base / "old.txt", base / "new.txt"
        run(base / "ref" / "src", old, items)
        run(ROOT / "src", new, items)
        a = old.read_text(encoding="utf-8").splitlines()
        b = new.read_text(encoding="utf-8").splitlines()
        print(
            f"{len(items)} inputs, {len(a)} lines ({args.ref}: {digest(old)}, here: {digest(new)})"
        )
        if a == b:
            print("same output, byte for byte")
            return 0
        shown = 0
        for k, (x, y) in enumerate(zip(a, b)):
            if x != y:
                print(f"line {k}:\n  {args.ref}: {x}\n  here: {y}")
                shown += 1
                if shown >= 10:
                    break
        if len(a) != len(b):
            print(f"line counts differ: {len(a)} against {len(b)}")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
