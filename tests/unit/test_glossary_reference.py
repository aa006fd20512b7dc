"""The fast matcher finds exactly what the reference (pre-cache) matcher finds.

The reference is a frozen copy of the matcher in ``benchmarks/matcher_reference.py``.
Compared on the bundled essay, the labelled test essays and a generated book, with the
shipped glossary, without and with the disk cache (cold, then warm).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Any

import pytest

from lecteur.essay import parse_essay
from lecteur.glossary import Glossary, Matcher, find_in_essay, load_glossaries
from lecteur.glossary import match as match_module
from lecteur.library import glossary_paths, shipped_glossaries

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


reference = _load("matcher_reference", ROOT / "benchmarks" / "matcher_reference.py")
bench = _load("bench_glossary", ROOT / "benchmarks" / "bench_glossary.py")

ESSAYS = [
    ROOT / "essays" / "community-manager.md",
    *sorted((ROOT / "tests/data/sections").glob("*.md")),
]


def _as_the_reference_reads(glossary: Glossary) -> Glossary:
    """The glossary without ``guard_phrases``, which came after the reference (it only
    takes matches away; ``test_glossary_matching`` tests it)."""
    entries = {k: replace(e, guard_phrases=False) for k, e in glossary.entries.items()}
    return replace(glossary, entries=MappingProxyType(entries))


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return _as_the_reference_reads(load_glossaries(shipped_glossaries()))


def _book(glossary: Glossary, size: int) -> list[str]:
    terms = [p for e in glossary.entries.values() for p in e.patterns]
    return bench.build_text(random.Random(7), size, terms)  # type: ignore[no-any-return]


def _same(new: list, old: list) -> bool:
    """The same occurrences, but for what the reference could not find: forms holding a
    character beyond Latin-1 ("format 3″", "AOL–Time Warner"), which it never matched. Those
    are the only differences allowed (and what they cover is left out of both)."""
    extra = [o for o in new if not o.text.isascii() and any(ord(c) > 255 for c in o.text)]
    extra = [o for o in extra if o not in old]
    spans = [(o.paragraph, o.start, o.end) for o in extra]

    def apart(o: object) -> bool:
        p, a, b = o.paragraph, o.start, o.end  # type: ignore[attr-defined]
        return not any(p == q and a < y and x < b for q, x, y in spans)

    return [o for o in new if apart(o)] == [o for o in old if apart(o)]


@pytest.mark.parametrize(
    ("cached", "prefilter"),
    [(False, True), (True, False), (True, True)],
    ids=["no-cache", "cache", "cache-prefilter"],
)
def test_a_generated_book(shipped: Glossary, tmp_path: Path, cached: bool, prefilter: bool) -> None:
    # Past _WHOLE_REGEX_FROM: with a cache, the regex of every shape (and the prefilter).
    assert match_module._WHOLE_REGEX_FROM < 600_000
    texts = _book(shipped, 600_000)
    # Some paragraphs with the characters the matcher handles specially.
    texts += [
        "Le phpBB2 d\u2019un forum, le m\u0301IRC32 et l\u02bcICQ sur Over\u00adBlog.",
        "La fusion AOL\u2013Time Warner, des disquettes au format 3\u2033.",
        'Un blog\u200b sur <a href="http://www.caramail.com/">Caramail</a> et www.icq.com/x.',
    ]
    cache = tmp_path if cached else None
    old = reference.Matcher(shipped).find(texts)
    new = Matcher(shipped, cache_dir=cache, prefilter=prefilter).find(texts)
    assert len(new) > 1000
    assert _same(new, old)
    if cached:  # warm: read back from the cache file
        assert Matcher(shipped, cache_dir=cache, prefilter=prefilter).find(texts) == new


@pytest.mark.parametrize("piece", [1, 3_000, 50_000])
def test_a_book_searched_in_pieces_finds_what_it_finds_whole(
    shipped: Glossary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """A book is searched a piece (whole paragraphs) at a time: the occurrences, the
    guarded entries' verdicts (their guard words looked for in each paragraph and its
    neighbours) are those of one search of the whole (which agrees with the reference:
    see :func:`test_a_generated_book`)."""
    pytest.importorskip("ahocorasick")
    texts = _book(shipped, 600_000)
    texts[10:10] = ["Un serveur.", "Le serveur IRC du réseau.", "Un canal #web.", "Une puce."]
    whole = Matcher(shipped, cache_dir=tmp_path).find(texts, prose=len(texts))
    calls: list[int] = []
    search = Matcher._search

    def counted(self: Matcher, *args: Any, **kwargs: Any) -> list[Any]:
        calls.append(1)
        return search(self, *args, **kwargs)

    monkeypatch.setattr(match_module, "_BOOK_PIECE", piece)
    monkeypatch.setattr(Matcher, "_search", counted)
    pieces = Matcher(shipped, cache_dir=tmp_path).find(texts, prose=len(texts))
    assert len(calls) > 10  # searched in many pieces (one paragraph each for piece=1)
    assert pieces == whole
    assert len(whole) > 1000
    # The same surface, matched again and again, is one string (less to keep and send).
    assert len({id(o.text) for o in pieces}) == len({o.text for o in pieces}) < len(pieces) / 2


def test_the_prefilter_is_used_when_installed(shipped: Glossary, tmp_path: Path) -> None:
    pytest.importorskip("ahocorasick")
    matcher = Matcher(shipped, cache_dir=tmp_path)
    matcher.find(_book(shipped, 600_000))
    assert matcher._automaton is not None
    assert list(tmp_path.glob("*.prefilter"))


_MATCHERS: dict[tuple[str, ...], tuple[Glossary, Any, Matcher]] = {}


def _matchers(path: Path) -> tuple[Glossary, Any, Matcher]:
    """The glossary of an essay, its reference matcher and the matcher, built once for all
    the essays that share the glossary (most share the shipped one)."""
    paths = tuple(str(p) for p in glossary_paths(path))
    if paths not in _MATCHERS:
        glossary = _as_the_reference_reads(load_glossaries(paths))
        _MATCHERS[paths] = (glossary, reference.Matcher(glossary), Matcher(glossary))
    return _MATCHERS[paths]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One matcher cache for the essays: cold for the first, warm after."""
    return tmp_path_factory.mktemp("matcher-cache")


@pytest.mark.parametrize("path", ESSAYS, ids=[p.stem for p in ESSAYS])
def test_essays(path: Path, cache: Path) -> None:
    essay = parse_essay(path)
    glossary, old_matcher, matcher = _matchers(path)
    old = reference.find_in_essay(old_matcher, essay)
    # The engine compared: paragraph by paragraph, as the reference reads them.
    new = find_in_essay(matcher, essay, prose=False)
    assert _same(new[0], old[0]) and new[1] == old[1]
    # Read as one essay, guard words may also come from a short paragraph's neighbours or
    # from the same entry confirmed elsewhere: only more is found.
    spans = {(o.paragraph, o.start, o.end) for o in find_in_essay(matcher, essay)[0]}
    assert {(o.paragraph, o.start, o.end) for o in new[0]} <= spans
    for _ in range(2):  # read from the cache file, and again
        cached = Matcher(glossary, cache_dir=cache)
        assert find_in_essay(cached, essay, prose=False) == new
