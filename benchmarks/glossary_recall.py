"""Measure the glossary on real essays: recall of the references a reader wants explained,
and the matches judged wrong.

Run with::

    .venv/bin/python benchmarks/glossary_recall.py [--list] [--essay A01] [--json FILE]

The essays are the 36 real ones of ``../shared/corpora/sections-real/*.txt`` (not in this
repository: the script skips with a message when they are absent); a paragraph is a
non-empty line. The references are lists written blind to the glossary, one file per
essay, in ``benchmarks/data/glossary-references/<essay>.yaml``: each reference has the
surface as written (``text``, with variants in ``also``), the paragraph of its first
occurrence, whether it is an old-web reference, and ``what`` it refers to.

Rules:

- only the shipped glossary is used (``src/lecteur/glossary_data``): no per-essay file;
- a reference is *found* when a match overlaps one of its surfaces, in any paragraph of
  the essay (a card opens wherever the reader meets it; the report also gives the
  stricter "in the paragraph of its first occurrence"), and that match is not listed in
  ``benchmarks/data/glossary-wrong-matches.yaml`` (the matches judged wrong, in context,
  by a person: essay, paragraph, text, entry, why);
- ``--list`` prints every match with its context, for that judgement.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lecteur.glossary import Matcher, Occurrence, load_glossary  # noqa: E402
from lecteur.library import glossary_data_dir  # noqa: E402

ESSAYS = ROOT.parent / "shared" / "corpora" / "sections-real"
DATA = ROOT / "benchmarks" / "data"
REFERENCES = DATA / "glossary-references"
WRONG = DATA / "glossary-wrong-matches.yaml"


@dataclass
class Reference:
    text: str
    paragraph: int
    old_web: bool
    what: str
    also: list[str] = field(default_factory=list)

    @property
    def surfaces(self) -> list[str]:
        return [self.text, *self.also]


@dataclass
class EssayResult:
    essay: str
    language: str
    references: int = 0
    old_web: int = 0
    found: int = 0
    found_old_web: int = 0
    found_here: int = 0
    found_here_old_web: int = 0
    matches: int = 0
    wrong: int = 0
    missed: list[str] = field(default_factory=list)


def paragraphs(path: Path) -> list[str]:
    """The essay's paragraphs: its non-empty lines."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_references(path: Path) -> tuple[str, list[Reference]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    refs = [
        Reference(
            text=str(r["text"]),
            paragraph=int(r["paragraph"]),
            old_web=bool(r.get("old_web")),
            what=str(r.get("what", "")),
            also=[str(a) for a in r.get("also") or []],
        )
        for r in data.get("references") or []
    ]
    return str(data.get("language", "?")), refs


def load_wrong() -> set[tuple[str, int, str, str]]:
    """The matches judged wrong: (essay, paragraph, matched text, entry id)."""
    if not WRONG.is_file():
        return set()
    data = yaml.safe_load(WRONG.read_text(encoding="utf-8")) or {}
    return {
        (str(w["essay"]), int(w["paragraph"]), str(w["text"]), str(w["entry"]))
        for w in data.get("wrong") or []
    }


def surface_spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` occurs in ``text`` (case-insensitive, as a whole word)."""
    pattern = re.compile(rf"(?<![^\W_]){re.escape(surface)}(?![^\W_])", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def measure(
    essay: str,
    texts: list[str],
    language: str,
    refs: list[Reference],
    occurrences: list[Occurrence],
    wrong: set[tuple[str, int, str, str]],
) -> EssayResult:
    result = EssayResult(essay, language, len(refs), sum(r.old_web for r in refs))
    right = [o for o in occurrences if (essay, o.paragraph, o.text, o.entry_id) not in wrong]
    result.matches = len(occurrences)
    result.wrong = len(occurrences) - len(right)
    by_paragraph: dict[int, list[Occurrence]] = {}
    for o in right:
        by_paragraph.setdefault(o.paragraph, []).append(o)

    def covered(paragraph: int, surfaces: list[str]) -> bool:
        text = texts[paragraph]
        for surface in surfaces:
            for start, end in surface_spans(text, surface):
                if any(o.start < end and start < o.end for o in by_paragraph.get(paragraph, ())):
                    return True
        return False

    for ref in refs:
        here = 0 <= ref.paragraph < len(texts) and covered(ref.paragraph, ref.surfaces)
        anywhere = here or any(covered(p, ref.surfaces) for p in by_paragraph)
        result.found += anywhere
        result.found_old_web += anywhere and ref.old_web
        result.found_here += here
        result.found_here_old_web += here and ref.old_web
        if not anywhere:
            result.missed.append(("* " if ref.old_web else "  ") + ref.text)
    return result


def ratio(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print every match in context")
    parser.add_argument("--missed", action="store_true", help="print the references missed")
    parser.add_argument("--essay", help="only essays whose name starts with this")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    if not ESSAYS.is_dir():
        print(f"no essays in {ESSAYS} (they are not in this repository): skipped")
        return 0
    ref_files = sorted(REFERENCES.glob("*.yaml"))
    if not ref_files:
        print(f"no reference lists in {REFERENCES}: skipped")
        return 0
    glossary = load_glossary(sorted(glossary_data_dir().glob("*.yaml")))
    matcher = Matcher(glossary)
    wrong = load_wrong()
    results: list[EssayResult] = []
    for ref_file in ref_files:
        essay = ref_file.stem
        if args.essay and not essay.startswith(args.essay):
            continue
        essay_path = ESSAYS / f"{essay}.txt"
        if not essay_path.is_file():
            print(f"{essay}: no essay text, skipped")
            continue
        texts = paragraphs(essay_path)
        language, refs = load_references(ref_file)
        occurrences = matcher.find(texts, prose=len(texts))
        results.append(measure(essay, texts, language, refs, occurrences, wrong))
        if args.list:
            for o in occurrences:
                text = texts[o.paragraph]
                left = text[max(0, o.start - 50) : o.start].replace("\n", " ")
                right = text[o.end : o.end + 50].replace("\n", " ")
                flag = "WRONG " if (essay, o.paragraph, o.text, o.entry_id) in wrong else ""
                print(
                    f"{essay[:3]} ¶{o.paragraph:<3} {flag}[{o.entry_id}] …{left}⟦{o.text}⟧{right}…"
                )
        if args.missed:
            print(f"{essay}: missed {', '.join(results[-1].missed)}")

    header = (
        f"{'essay':<46}{'lang':>5}{'refs':>6}{'old':>5}{'found':>7}{'recall':>8}"
        f"{'old found':>10}{'old recall':>11}{'matches':>9}{'wrong':>7}"
    )
    print(header)
    for r in results:
        print(
            f"{r.essay[:45]:<46}{r.language:>5}{r.references:>6}{r.old_web:>5}{r.found:>7}"
            f"{ratio(r.found, r.references):>8}{r.found_old_web:>10}"
            f"{ratio(r.found_old_web, r.old_web):>11}{r.matches:>9}{r.wrong:>7}"
        )
    summary: dict[str, Any] = {}
    for language in ("fr", "en", "all"):
        rs = [r for r in results if language == "all" or r.language == language]
        totals = {
            name: sum(getattr(r, name) for r in rs)
            for name in (
                "references",
                "old_web",
                "found",
                "found_old_web",
                "found_here",
                "found_here_old_web",
                "matches",
                "wrong",
            )
        }
        summary[language] = {"essays": len(rs), **totals}
        print(
            f"{language.upper():<46}{'':>5}{totals['references']:>6}{totals['old_web']:>5}"
            f"{totals['found']:>7}{ratio(totals['found'], totals['references']):>8}"
            f"{totals['found_old_web']:>10}{ratio(totals['found_old_web'], totals['old_web']):>11}"
            f"{totals['matches']:>9}{totals['wrong']:>7}"
        )
    everything = summary["all"]
    print()
    print(
        f"{everything['essays']} essays. Found anywhere in the essay: "
        f"old-web {ratio(everything['found_old_web'], everything['old_web']).strip()}, "
        f"all {ratio(everything['found'], everything['references']).strip()}; in the "
        "paragraph of the first occurrence: old-web "
        f"{ratio(everything['found_here_old_web'], everything['old_web']).strip()}, all "
        f"{ratio(everything['found_here'], everything['references']).strip()}. "
        f"Matches judged wrong: {everything['wrong']} of {everything['matches']}."
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
