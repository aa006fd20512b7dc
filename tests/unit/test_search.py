"""The search index: exact offsets, and characters beyond Latin-1 kept aside."""

from __future__ import annotations

import random

import pytest

from lecteur import search
from lecteur.search import OUTSIDE, Index
from lecteur.text import fold


def naive(texts: list[str], query: str) -> list[tuple[int, int]]:
    """Every (paragraph, start) of the folded query in the folded texts, the plain way."""
    needle = fold(query.strip())
    out = []
    for n, text in enumerate(texts):
        folded = fold(text)
        at = folded.find(needle)
        while at >= 0:
            out.append((n, at))
            at = folded.find(needle, at + len(needle))
    return out


def found(index: Index, query: str) -> list[tuple[int, int]]:
    return [(h.paragraph, h.start) for h in index.find(query)]


def test_a_few_characters_beyond_latin_1_keep_the_index_one_byte_a_character() -> None:
    prose = "Je croisais mes amis partout au même endroit, sur un forum phpBB. " * 10
    texts = [f"Il fut une époque… où l’on — enfin — tchattait. {prose}", "Le Web 2.0 – et après…"]
    index = Index(texts)
    assert max(max(chunk) for chunk in index.chunks) <= "\xff"  # one byte a character
    assert sorted(index.beyond.values()) == ["–", "—", "—", "…", "…"]
    for query in ("…", "époque…", "— enfin —", "2.0 – et", "après…", "tchattait", "fut"):
        assert found(index, query) == naive(texts, query), query
    assert found(index, "époque.") == []  # a stand-in never matches another character


def test_a_text_mostly_beyond_latin_1_is_kept_as_it_is() -> None:
    texts = ["Ὁ βίος βραχύς, ἡ δὲ τέχνη μακρή.", "日本語のエッセイ"]
    index = Index(texts)
    assert index.beyond == {}
    assert found(index, "τέχνη") == naive(texts, "τέχνη") != []
    assert found(index, "エッセイ") == [(1, 4)]


def test_a_query_cannot_name_the_stand_in() -> None:
    index = Index(["un … deux"])
    assert index.find(OUTSIDE) == [] and index.find("\x00") == []


@pytest.mark.parametrize("seed", range(20))
def test_random_texts_and_queries_give_what_a_plain_search_gives(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    if seed % 2:
        # Small pieces: hits across many of them, dense and sparse side by side.
        monkeypatch.setattr(search, "CHUNK", rng.randrange(1, 400))
    # Mostly Latin-1, with a few ellipses and dashes (under the SPARSE share).
    alphabet = "aeé ’'Éb" * 100 + "…–—"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 600))) for _ in range(8)]
    if seed % 4 == 1:
        texts.insert(3, "Ὁ βίος βραχύς… ἡ δὲ τέχνη – μακρή")  # a dense paragraph among them
    index = Index(texts)
    assert index.beyond or not any(max(t, default="a") > "\xff" for t in texts)
    if seed % 2:
        assert len(index.chunks) > 1
    for _ in range(30):
        source = rng.choice(texts) or "a"
        start = rng.randrange(len(source))
        if rng.random() < 0.1:
            assert index.find(source[start:], limit=1) == index.find(source[start:])[:1]
        query = source[start : start + rng.randrange(1, 5)]
        if not query.strip():
            continue
        assert found(index, query) == naive(texts, query), (texts, query)


@pytest.mark.parametrize("seed", range(10))
def test_a_piece_folds_as_fold_does_with_stand_ins_kept_aside(seed: int) -> None:
    from lecteur.search import _fold_piece

    rng = random.Random(seed)
    letters = "aZéÉçÇ ’‘“”\u202f\u00a0…–ŒœİıŞşΣσ日ÿŸ"
    common = "abcdefgh ,." * 30
    share = 0.995 if seed % 2 else 0.9  # sparse (stand-ins) or dense (folded as it is)
    text = "".join(rng.choice(common if rng.random() < share else letters) for _ in range(2000))
    folded, beyond = _fold_piece(text)
    assert (beyond is None) == (seed % 2 == 0)
    expected = fold(text)
    assert len(folded) == len(expected)
    if beyond is None:  # too many: folded as it is
        assert folded == expected
        return
    assert max(folded) <= "\xff"
    assert {i: ch for i, ch in enumerate(expected) if ch > "\xff"} == beyond
    assert "".join(beyond.get(i, ch) if ch == OUTSIDE else ch for i, ch in enumerate(folded)) == (
        expected
    )
