"""Labelled essays for the section split: the real corpus and the team's essays.

The real essays live outside the repository (their authors did not license them)
in ``../shared/corpora/sections-real`` relative to the repository root, or where
``LECTEUR_SECTIONS_REAL`` points.  Each has the source as published (``raw/``),
the rendered text (``ID.txt``, one paragraph a line) and a reader's label per
line (``ID.labels``).  The app reads the source, whose paragraphs are not the
lines of the ``.txt`` (a list is one paragraph, a heading none), so the lines
are aligned to the app's paragraphs by their words; a line is then scored by the
kind of the section its paragraph lands in, which is what a reader of the app
sees.  A paragraph's training label is the majority of its R/A lines (T when it
has none).

The team's essays (``tests/data/sections``) carry one label per app paragraph.

The licensed real essays (``tests/data/sections/real/<language>/``, published
under CC0, CC BY or similar, each with its source and licence in its front matter
and in ``SOURCES.md``) carry one label per app paragraph too.  Some are essays of
the outside corpus as well (found again under a permissive licence):
:func:`duplicates` finds them by their words, so that no evaluation tests an
essay the model learned from, and the two labellings measure how far two careful
readers agree.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lecteur.essay import Essay, Heading, Paragraph, parse_essay  # noqa: E402

TEAM = ROOT / "tests" / "data" / "sections"
LICENSED = TEAM / "real"
ENV = "LECTEUR_SECTIONS_REAL"
LETTER = {"R": "reminiscence", "A": "argument", "T": "transition"}


def real_dir() -> Path | None:
    """Where the real corpus is (``$LECTEUR_SECTIONS_REAL`` or ``../shared/…``), if present."""
    env = os.environ.get(ENV)
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "corpora" / "sections-real")
    for path in candidates:
        if (path / "manifest.json").is_file():
            return path
    return None


@dataclass
class Labelled:
    """One essay, the app's reading of it, and the reader's labels."""

    id: str
    language: str
    essay: Essay
    paragraph_labels: list[str]
    """Per app paragraph: "reminiscence", "argument" or "transition" (no R/A line)."""
    line_labels: list[str]
    """Per scored unit (a .txt line, or a paragraph for the team's essays)."""
    line_paragraph: list[int]
    """The app paragraph of each scored unit."""
    group: str = "real"
    """"real" (the outside corpus), "licensed" (tests/data/sections/real) or "team"."""
    author: str = ""
    """The author, reduced to lowercase letters ("nathandyer"), for leave-one-author-out."""


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def align(lines: Sequence[str], units: Sequence[set[str]]) -> list[int]:
    """Monotonic many-to-one alignment of lines to units maximising word overlap."""
    n, m = len(lines), len(units)
    words = [_words(line) for line in lines]
    sim = [[(len(w & u) / len(w) if w else 0.0) for u in units] for w in words]
    neg = -1e9
    best = [[neg] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = sim[0][j] - 0.001 * j
    for i in range(1, n):
        top, arg = neg, 0
        for j in range(m):
            if best[i - 1][j] > top:
                top, arg = best[i - 1][j], j
            best[i][j] = top + sim[i][j]
            back[i][j] = arg
    j = max(range(m), key=lambda k: best[n - 1][k])
    out = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def _majority(labels: Sequence[str]) -> str:
    ra = [x for x in labels if x != "T"]
    if not ra:
        return "transition"
    r, a = ra.count("R"), ra.count("A")
    return LETTER["R" if r > a else "A" if a > r else ra[0]]


def load_real(path: Path) -> list[Labelled]:
    """Every essay of the real corpus at *path*, aligned to the app's paragraphs."""
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for entry in manifest:
        lines = [ln for ln in (path / entry["text"]).read_text("utf-8").split("\n") if ln.strip()]
        labels = [
            ln.strip()
            for ln in (path / entry["labels_file"]).read_text("utf-8").split("\n")
            if ln.strip() and not ln.startswith("#")
        ]
        if len(lines) != len(labels):
            raise ValueError(f"{entry['id']}: {len(lines)} lines but {len(labels)} labels")
        essay = parse_essay(path / entry["raw"])
        units: list[set[str]] = []
        owner: list[int] = []
        last = len(essay.paragraphs) - 1
        for block in essay.blocks:
            if isinstance(block, Heading):
                units.append(_words(block.text))
                owner.append(min(block.next_paragraph, last))
            elif isinstance(block, Paragraph):
                for piece in block.text.split("\n"):
                    units.append(_words(piece))
                    owner.append(block.index)
        line_paragraph = [owner[u] for u in align(lines, units)]
        per_paragraph = [
            _majority([lab for lab, p in zip(labels, line_paragraph) if p == k])
            for k in range(len(essay.paragraphs))
        ]
        out.append(
            Labelled(
                entry["id"],
                entry["lang"],
                essay,
                per_paragraph,
                [LETTER[x] for x in labels],
                line_paragraph,
                author=_author(entry["id"].split("-")[1]),
            )
        )
    return out


def _author(name: object) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", str(name or "")).lower())


def _per_paragraph(md: Path, group: str, id_: str) -> Labelled | None:
    labels_file = md.with_name(md.stem + ".labels.json")
    if not labels_file.is_file():
        return None
    labels = list(json.loads(labels_file.read_text("utf-8"))["labels"])
    essay = parse_essay(md)
    if len(labels) != len(essay.paragraphs):
        raise ValueError(f"{md}: {len(essay.paragraphs)} paragraphs but {len(labels)} labels")
    return Labelled(
        id_,
        essay.language,
        essay,
        labels,
        labels,
        list(range(len(labels))),
        group=group,
        author=_author(essay.meta.get("author")) or id_,
    )


def load_team() -> list[Labelled]:
    """The team's labelled essays (one label per app paragraph), all folders but real/."""
    out = []
    for md in sorted(TEAM.rglob("*.md")):
        if LICENSED in md.parents:
            continue
        group = md.parent.name if md.parent != TEAM else "tuned"
        item = _per_paragraph(md, "team", f"{group}/{md.stem}")
        if item is not None:
            out.append(item)
    return out


def load_licensed() -> list[Labelled]:
    """The licensed real essays of ``tests/data/sections/real/<language>/``."""
    out = []
    for md in sorted(LICENSED.glob("*/*.md")):
        if md.name == "SOURCES.md":
            continue
        item = _per_paragraph(md, "licensed", f"{md.parent.name}/{md.stem}")
        if item is not None:
            out.append(item)
    return out


def _essay_words(item: Labelled) -> set[str]:
    return {w for p in item.essay.paragraphs for w in _words(p.text) if len(w) > 3}


def duplicates(a: Sequence[Labelled], b: Sequence[Labelled]) -> list[tuple[int, int]]:
    """Pairs (i, j) where ``a[i]`` and ``b[j]`` are the same essay (most words shared)."""
    wa = [_essay_words(x) for x in a]
    wb = [_essay_words(x) for x in b]
    out = []
    for i, x in enumerate(wa):
        for j, y in enumerate(wb):
            if x and y and len(x & y) / min(len(x), len(y)) > 0.8:
                out.append((i, j))
    return out


def score(item: Labelled, kinds: Sequence[str]) -> tuple[int, int]:
    """(right, counted): units labelled R or A whose paragraph landed in their kind."""
    right = total = 0
    for want, p in zip(item.line_labels, item.line_paragraph):
        if want == "transition":
            continue
        total += 1
        right += kinds[p] == want
    return right, total


def kinds_of(sections: Sequence[object], n: int) -> list[str]:
    """The kind of each paragraph from a list of sections."""
    out = [""] * n
    for s in sections:
        for i in range(s.first, s.last + 1):  # type: ignore[attr-defined]
            out[i] = s.kind  # type: ignore[attr-defined]
    return out


def iter_all(include_real: bool = True) -> Iterator[Labelled]:
    path = real_dir()
    if include_real and path is not None:
        yield from load_real(path)
    yield from load_team()
