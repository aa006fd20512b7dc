"""Regenerate common-words-fr-en.txt from wordfreq (a dev tool; see that file's header).

pip install wordfreq==3.1.1 && python tests/data/make_common_words.py
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import wordfreq  # type: ignore[import-not-found]

MIN_ZIPF = 3.3
OUT = Path(__file__).with_name("common-words-fr-en.txt")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("æ", "ae")


def main() -> None:
    header = [line for line in OUT.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    words: set[str] = set()
    for lang in ("fr", "en"):
        for word in wordfreq.top_n_list(lang, 60000):
            if wordfreq.zipf_frequency(word, lang) < MIN_ZIPF:
                break
            folded = fold(word)
            if folded.isalpha() and folded.isascii() and len(folded) >= 3:
                words.add(folded)
    OUT.write_text("\n".join(header + sorted(words)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
