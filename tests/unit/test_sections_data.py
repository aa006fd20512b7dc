"""Lint of the per-language data files of lecteur.sections (word lists, phrases, headings).

A typo in a data file would not fail loudly: a capitalised word never matches
(tokens are looked up lower-cased), a duplicated pattern silently counts twice,
a family the features do not read is dead weight.  These checks make it fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lecteur.sections.evidence import FEATURES
from lecteur.sections.phrases import lang

DATA = Path(__file__).resolve().parents[2] / "src" / "lecteur" / "sections" / "data"
LANGUAGES = ("fr", "en")
STRUCTURAL_FAMILIES = {"dated", "dated_start"}
"""Families read for structure only (a year closing or opening the first sentence)."""
MACROS = {"NUM", "YEAR", "DECADE", "WORD", "IMPERATIVE", "ENCLITIC", "AT_START", "AFTER_SKIP"}


def data(language: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((DATA / f"{language}.json").read_text("utf-8"))
    return loaded


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_file_has_its_sections(language: str) -> None:
    assert set(data(language)) == {"_about", "words", "phrases", "headings"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_word_lists_are_lowercase_single_words_without_duplicates(language: str) -> None:
    words = data(language)["words"]
    assert isinstance(words, dict)
    for name, items in words.items():
        assert isinstance(items, list) and items, name
        assert len(items) == len(set(items)), f"{name}: duplicates"
        for w in items:
            assert isinstance(w, str) and w == w.strip() and w, (name, w)
            assert w == w.lower(), f"{name}: {w!r} is not lower-case (tokens are lower-cased)"
            assert not re.search(r"\s", w), f"{name}: {w!r} is more than one word"


@pytest.mark.parametrize("language", LANGUAGES)
def test_phrase_families_are_read_and_well_formed(language: str) -> None:
    phrases = data(language)["phrases"]
    assert isinstance(phrases, dict)
    read = {name[7:] for name in FEATURES if name.startswith("phrase:")} | STRUCTURAL_FAMILIES
    assert set(phrases) <= read, f"families nobody reads: {set(phrases) - read}"
    for family, patterns in phrases.items():
        assert len(patterns) == len(set(patterns)), f"{family}: duplicate patterns"
        for pattern in patterns:
            assert pattern.count("(") == pattern.count(")"), pattern
            words = [t for t in re.findall(r"[^\s()|?{}!]+", pattern) if t not in MACROS]
            for w in words:
                if re.fullmatch(r"\d+,\d+", w):
                    continue
                assert w == w.lower(), f"{family}: {w!r} in {pattern!r} is not lower-case"


def test_both_languages_have_the_same_families() -> None:
    assert set(data("fr")["phrases"]) - {"neplus"} == set(data("en")["phrases"])  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phrases_compile(language: str) -> None:
    compiled = lang(language)
    assert compiled.markers.pattern  # every pattern was parsed into the one matcher
    assert set(compiled.families.values()) == set(data(language)["phrases"])  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_heading_words(language: str) -> None:
    headings = data(language)["headings"]
    assert isinstance(headings, dict)
    assert set(headings) == {"reminiscence", "argument"}
    both = headings["reminiscence"] + headings["argument"]
    assert len(both) == len(set(both)), "a heading word announces both kinds"
    assert all(w == w.lower() for w in both)


def test_data_files_are_small() -> None:
    for path in DATA.glob("*.json"):
        assert path.stat().st_size < 40_000, path.name


def test_the_phrase_regexes_are_kept_compiled_on_disk(tmp_path, monkeypatch) -> None:
    """The splitter's regexes are read back from the cache folder at the next start, and
    give the same patterns (what the split sees is unchanged)."""
    from lecteur.sections import phrases

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    phrases._store.cache_clear()
    phrases.clear_caches()
    cold = phrases.lang("fr")
    files = list((tmp_path / "lecteur" / "sections").glob("*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 10_000
    phrases._store.cache_clear()  # a new process: only the file remains
    phrases.clear_caches()
    warm = phrases.lang("fr")
    assert warm.markers.pattern == cold.markers.pattern
    assert [r.pattern for r, _ in warm.rules] == [r.pattern for r, _ in cold.rules]
    text = "Il fut une époque où j'installais ICQ."
    assert warm.markers.findall(text) == cold.markers.findall(text)
    phrases._store.cache_clear()  # later tests: the cache folder of their own
    phrases.clear_caches()
