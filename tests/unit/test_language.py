"""Language detection: French or English, from stopwords on a bounded sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecteur.language import SAMPLE_CHARS, detect_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il fut une époque où j'installais ICQ pour la première fois.", "fr"),
        ("Je ne sais plus par quel bout commencer.", "fr"),
        ("Aujourd'hui, je pense que le RSS mérite une seconde vie.", "fr"),
        ("I used to spend my Saturday mornings at the public library.", "en"),
        ("Open-plan offices should be abolished.", "en"),
        ("Today, though, the connection is everywhere and the reward is gone.", "en"),
    ],
)
def test_detects_short_sentences(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "1997 2004 ???", "Nokia LaFraise ICQ mIRC"])
def test_defaults_to_english_when_undecided(text: str) -> None:
    assert detect_language(text) == "en"


def test_bundled_essay_is_french() -> None:
    text = (ROOT / "essays" / "community-manager.md").read_text(encoding="utf-8")
    assert detect_language(text) == "fr"


def test_only_a_bounded_sample_is_read() -> None:
    english = "The cat sat on the mat and it was happy with the world. " * 1000
    french = "Le chat est sur le tapis et il est content de la vie. " * 1000
    assert len(english) > SAMPLE_CHARS
    assert detect_language(english + french) == "en"
    assert detect_language(french + english) == "fr"


def test_markdown_and_accents_do_not_confuse_it() -> None:
    text = (
        "# Avant\n\n> « Le community manager a pour mission d'animer les échanges »\n\n- une liste"
    )
    assert detect_language(text) == "fr"
