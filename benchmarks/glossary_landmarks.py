"""Check the cards' facts against landmarks sourced independently of the glossary.

Run with::

    .venv/bin/python benchmarks/glossary_landmarks.py [--all]

``benchmarks/data/glossary-landmarks.yaml`` lists landmarks of the old web with facts
read on the pages given for each one: launch year, closing year, maker, country. Each
fact is compared with the card of the same id in the shipped glossary:

- launch: the first year of the card's ``years``;
- closing: the last year of the card's ``years`` (a card still open is wrong);
- maker: right if the card's ``maker`` names one of the source's names (or the source
  names the card's), compared without case or accents;
- country: the card's ``country`` code.

It prints the facts that disagree (``--all``: every fact) and the share that agree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lecteur.glossary import Entry, load_glossary, normalise  # noqa: E402
from lecteur.library import glossary_data_dir  # noqa: E402

LANDMARKS = ROOT / "benchmarks" / "data" / "glossary-landmarks.yaml"


def names(text: str) -> list[str]:
    """The names in a maker field: split on commas, "and", "et" and brackets."""
    for separator in ("(", ")", " and ", " et ", "/", ";"):
        text = text.replace(separator, ",")
    return [n for n in (normalise(part) for part in text.split(",")) if n]


def agrees(kind: str, expected: Any, entry: Entry) -> tuple[bool, str]:
    """Whether the card agrees with one fact, and what the card says."""
    if kind == "launch":
        return entry.first_year == expected, entry.years
    if kind == "closing":
        return entry.last_year == expected, entry.years
    if kind == "country":
        return entry.country == expected, entry.country or "(none)"
    card = normalise(entry.maker)
    source = names(str(expected))
    found = any(n in card for n in source) or any(
        n in normalise(str(expected)) for n in names(entry.maker)
    )
    return bool(card) and found, entry.maker or "(none)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="print every fact, not only the wrong")
    args = parser.parse_args()
    glossary = load_glossary(sorted(glossary_data_dir().glob("*.yaml")))
    landmarks = yaml.safe_load(LANDMARKS.read_text(encoding="utf-8"))["landmarks"]
    checked = right = 0
    by_kind: dict[str, list[int]] = {}
    for landmark in landmarks:
        entry = glossary.get(landmark["id"])
        for kind in ("launch", "closing", "maker", "country"):
            fact = landmark.get(kind)
            if fact is None:
                continue
            if entry is None:
                ok, says = False, "(no card)"
            else:
                ok, says = agrees(kind, fact["value"], entry)
            checked += 1
            right += ok
            by_kind.setdefault(kind, [0, 0])
            by_kind[kind][0] += ok
            by_kind[kind][1] += 1
            if args.all or not ok:
                mark = "ok   " if ok else "WRONG"
                print(
                    f"{mark} {landmark['id']:<22} {kind:<8} source: {fact['value']!s:<40} "
                    f"card: {says}  ({fact['source']})"
                )
    print()
    detail = ", ".join(f"{k} {a}/{n}" for k, (a, n) in by_kind.items())
    print(
        f"{len(landmarks)} landmarks, {checked} facts checked: {right} agree "
        f"({100 * right / checked:.1f}%); {detail}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
