"""The fast matcher finds exactly what the reference (pre-cache) matcher finds.

The reference is a frozen copy of the matcher in ``benchmarks/matcher_reference.py``.
Compared on the bundled essay, the labelled test essays and a generated book, with the
shipped glossary, without and with the disk cache (cold, then warm).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from lecteur.essay import parse_essay
from lecteur.glossary import Glossary, Matcher, find_in_essay, load_glossaries
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


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossaries(shipped_glossaries())


def _book(glossary: Glossary, size: int) -> list[str]:
    terms = [p for e in glossary.entries.values() for p in e.patterns]
    return bench.build_text(random.Random(7), size, terms)  # type: ignore[no-any-return]


def _both(
    glossary: Glossary, texts: Sequence[str], cache: Path | None
) -> tuple[list[object], list[object]]:
    old = reference.Matcher(glossary).find(texts)
    new = Matcher(glossary, cache_dir=cache).find(texts)
    return list(old), list(new)


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_a_generated_book(shipped: Glossary, tmp_path: Path, cached: bool) -> None:
    texts = _book(shipped, 300_000)
    # Some paragraphs with the characters the matcher handles specially.
    texts += [
        "Le phpBB2 d\u2019un forum, le m\u0301IRC32 et l\u02bcICQ sur Over\u00adBlog.",
        'Un blog\u200b sur <a href="http://www.caramail.com/">Caramail</a> et www.icq.com/x.',
    ]
    cache = tmp_path if cached else None
    old, new = _both(shipped, texts, cache)
    assert len(new) > 1000
    assert new == old
    if cached:  # warm: read back from the cache file
        assert Matcher(shipped, cache_dir=cache).find(texts) == old


@pytest.mark.parametrize("path", ESSAYS, ids=[p.stem for p in ESSAYS])
def test_essays(path: Path, tmp_path: Path) -> None:
    essay = parse_essay(path)
    glossary = load_glossaries(glossary_paths(path))
    old = reference.find_in_essay(reference.Matcher(glossary), essay)
    assert find_in_essay(Matcher(glossary), essay) == old
    for _ in range(2):  # cold cache, then warm
        assert find_in_essay(Matcher(glossary, cache_dir=tmp_path), essay) == old
