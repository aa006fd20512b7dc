"""Benchmark: split a ~5 MB essay (tens of thousands of paragraphs) into sections.

Run:  .venv/bin/python benchmarks/bench_sections.py [--mb 5] [--seed 1]

Side by side: the learned splitter (``lecteur.sections``) and today's hand-tuned
one before it (``benchmarks/sections_reference.py``, kept as the reference), on
the same book; then one paragraph explained in a book whose sections are known
(``explain_paragraph``, what the ``e`` key needs).

The text is generated here: sentences taken from the labelled test essays,
shuffled into paragraphs, with a share of words swapped for invented ones so that
the vocabulary is book-sized (the word classifier caches per distinct word, a
tiny vocabulary would flatter it).  Some headings, lists, quotes and code blocks
are mixed in.  Timings are best of 3; the reference is a plain ``str.split()``
word count over the same paragraphs, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "benchmarks"))

import sections_reference  # noqa: E402
from lecteur.essay import Essay, Heading, Paragraph  # noqa: E402
from lecteur.language import detect_language  # noqa: E402
from lecteur.sections import (  # noqa: E402  # noqa: E402
    evidence,
    explain,
    explain_paragraph,
    phrases,
    split_essay,
    split_sections,
)

DATA = ROOT / "tests" / "data" / "sections"
_FRONT = re.compile(r"\A(?:---\s*\n.*?\n---|\+\+\+\s*\n.*?\n\+\+\+)\s*\n", re.S)
_SENT = re.compile(r"(?<=[.!?…])\s+")
_SYLLABLES = "ba be bi bo bu ca ce co cu da de di do fa fe fi fo ga ge go la le li lo lu ma me mi mo mu na ne ni no pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo".split()
_ENDINGS = [
    "",
    "",
    "",
    "e",
    "es",
    "ent",
    "ait",
    "aient",
    "ons",
    "ez",
    "é",
    "er",
    "ir",
    "a",
    "ais",
    "ion",
    "ement",
    "ed",
    "ing",
    "s",
]


def _sentences() -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {"fr": [], "en": []}
    files = sorted(DATA.glob("*.md")) + sorted((DATA / "heldout").glob("*.md"))
    files.append(ROOT / "essays" / "community-manager.md")
    for path in files:
        body = _FRONT.sub("", path.read_text(encoding="utf-8"), count=1)
        paras = [p.strip() for p in body.split("\n\n") if p.strip() and p.strip()[0].isalpha()]
        lang = detect_language(" ".join(paras))
        for p in paras:
            by_lang[lang].extend(s for s in _SENT.split(p.replace("\n", " ")) if len(s) > 15)
    return by_lang


def _invented(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.add(word + rng.choice(_ENDINGS))
    return sorted(words)


def make_book(
    megabytes: float, seed: int, language: str = "fr"
) -> tuple[list[str], list[str | None], list[str]]:
    rng = random.Random(seed)
    pool = _sentences()[language]
    vocab = _invented(rng, 40_000)
    target = int(megabytes * 1_000_000)
    texts: list[str] = []
    heads: list[str | None] = []
    kinds: list[str] = []
    heading: str | None = None
    size = 0
    while size < target:
        r = rng.random()
        if r < 0.01:
            heading = rng.choice(["Avant", "Et maintenant", "Souvenirs", "Chapitre", "Aujourd'hui"])
            heading += f" {len(texts)}"
        if r < 0.02:
            text, kind = "ipconfig /all\nping 192.168.0.2", "code"
        elif r < 0.04:
            text = "\n".join(rng.choice(pool)[:60] for _ in range(3))
            kind = "list"
        else:
            words = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 2))).split()
            for i in range(len(words)):
                if rng.random() < 0.12:
                    words[i] = rng.choice(vocab)
            text, kind = " ".join(words), ("quote" if r < 0.06 else "text")
        texts.append(text)
        heads.append(heading)
        kinds.append(kind)
        size += len(text.encode("utf-8")) + 2
    return texts, heads, kinds


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lang", choices=("fr", "en"), default="fr")
    args = ap.parse_args()
    lang = args.lang
    texts, heads, kinds = make_book(args.mb, args.seed, lang)
    size = sum(len(t.encode("utf-8")) for t in texts)
    vocab = len({w for t in texts for w in t.split()})
    print(f"book ({lang}): {size / 1e6:.2f} MB, {len(texts)} paragraphs, {vocab} distinct words")

    ref = best_of(3, lambda: sum(len(t.split()) for t in texts))
    lang_t = best_of(3, lambda: detect_language("\n\n".join(texts)))
    kw = {"language": lang, "headings": heads, "block_kinds": kinds}

    def cold() -> None:  # compiled tables and caches rebuilt, as in a fresh process
        phrases.clear_caches()
        evidence.clear_caches()
        split_sections(texts, **kw)  # type: ignore[arg-type]

    def cold_reference() -> None:
        sections_reference._LANGS.clear()
        sections_reference._HEADING_CACHE.clear()
        sections_reference.split_sections(texts, **kw)  # type: ignore[arg-type]

    old_t = best_of(3, lambda: sections_reference.split_sections(texts, **kw))  # type: ignore[arg-type]
    old_cold = best_of(3, cold_reference)
    cold_t = best_of(3, cold)
    split_t = best_of(3, lambda: split_sections(texts, **kw))  # type: ignore[arg-type]
    explain_t = best_of(1, lambda: explain(texts, **kw))  # type: ignore[arg-type]
    n_sections = len(split_sections(texts, **kw))  # type: ignore[arg-type]

    essay = _essay(texts, heads, kinds, lang)
    essay.sections = split_essay(essay)
    rng = random.Random(args.seed)
    picks = [rng.randrange(len(texts)) for _ in range(20)]
    one_t = max(best_of(1, lambda i=i: explain_paragraph(essay, i)) for i in picks)  # type: ignore[misc]

    print(f"reference  str.split() word count : {ref * 1000:8.1f} ms")
    print(f"detect_language                   : {lang_t * 1000:8.1f} ms")
    print(f"today's split (reference), cold   : {old_cold * 1000:8.1f} ms")
    print(f"today's split (reference), warm   : {old_t * 1000:8.1f} ms")
    print(
        f"split_sections, cold caches       : {cold_t * 1000:8.1f} ms  "
        f"({cold_t / old_cold:4.2f}× today's)"
    )
    print(
        f"split_sections, warm caches       : {split_t * 1000:8.1f} ms  "
        f"({split_t / old_t:4.2f}× today's)   target < 1000 ms: "
        f"{'PASS' if split_t < 1.0 else 'MISS'}"
    )
    print(f"explain (whole book)              : {explain_t * 1000:8.1f} ms")
    print(
        f"explain_paragraph, worst of 20    : {one_t * 1000:8.1f} ms   target < 100 ms: "
        f"{'PASS' if one_t < 0.1 else 'MISS'}"
    )
    print(f"sections found: {n_sections}")


def _essay(texts: list[str], heads: list[str | None], kinds: list[str], language: str) -> Essay:
    """The generated book as the essay model holds it (headings as blocks)."""
    blocks: list[Heading | Paragraph] = []
    paragraphs: list[Paragraph] = []
    previous: str | None = None
    for i, (text, head, kind) in enumerate(zip(texts, heads, kinds)):
        if head != previous and head is not None:
            blocks.append(Heading(2, head, (), 0, i))
        previous = head
        p = Paragraph(i, kind, text, (), (), 0, len(text.split()))
        paragraphs.append(p)
        blocks.append(p)
    return Essay(
        Path("book.md"), "book", language, {"date": "2024-01-01"}, list(blocks), paragraphs
    )


if __name__ == "__main__":
    main()
