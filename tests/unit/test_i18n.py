"""The interface in two languages: every string in both, chosen by settings or locale."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest

from lecteur import i18n


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_both_languages_with_the_same_fields() -> None:
    for key, (english, french) in i18n.STRINGS.items():
        assert english.strip() and french.strip(), key
        assert fields(english) == fields(french), key


def test_counted_strings_have_both_forms() -> None:
    for key in i18n.STRINGS:
        if key.endswith(".one"):
            assert key[:-4] + ".other" in i18n.STRINGS


def test_every_binding_speaks_french() -> None:
    from lecteur.app import reader_key_owners
    from lecteur.cards import Timeline
    from lecteur.help_screen import HelpScreen
    from lecteur.picker_screen import PickerScreen

    for owner in [*reader_key_owners(), Timeline, HelpScreen, PickerScreen]:
        for binding in owner.BINDINGS:
            assert binding.id in i18n.BINDINGS_FR, (owner.__name__, binding.id)
    from lecteur.keys import GROUPS

    assert set(GROUPS) <= set(i18n.GROUPS_FR)


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        ("fr", {"LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LANG": "fr_FR.UTF-8"}, "fr"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "fr_CA", "LANG": "en_US"}, "fr"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {}, "en"),
        ("xx", {"LANG": "fr_BE"}, "fr"),
    ],
)
def test_the_language_comes_from_the_settings_then_the_locale(setting, environ, expected) -> None:
    assert i18n.detect(setting, environ) == expected


def test_counts_agree() -> None:
    assert i18n.tn(1, "status.terms", language="en") == "1 term (Tab)"
    assert i18n.tn(2, "status.terms", language="en") == "2 terms (Tab)"
    assert i18n.tn(1, "status.terms", language="fr") == "1 terme (Tab)"
    assert i18n.tn(0, "status.marks", language="fr") == "0 repère"


@pytest.mark.parametrize(
    ("value", "en", "fr"),
    [
        ("2019-03-04", "4 March 2019", "4 mars 2019"),
        ("2019-03-01T10:20:00+01:00", "1 March 2019", "1er mars 2019"),
        (datetime(2010, 1, 5, 23, 59), "5 January 2010", "5 janvier 2010"),
        (date(2009, 12, 16), "16 December 2009", "16 décembre 2009"),
        ("2010-01", "January 2010", "janvier 2010"),
        ("vers 2010", "vers 2010", "vers 2010"),
        ("2019-13-45", "2019-13-45", "2019-13-45"),
    ],
)
def test_dates_in_bylines_are_written_out(value, en, fr) -> None:
    assert i18n.format_date(value, "en") == en
    assert i18n.format_date(value, "fr") == fr


def test_glossary_kinds_and_countries_in_both_languages() -> None:
    for kind in ("hardware", "game", "event"):  # the glossary branch's new kinds
        assert kind in i18n.GLOSSARY_KINDS
        assert i18n.glossary_kind(kind, "fr") != i18n.glossary_kind(kind, "en")
    assert i18n.glossary_kind("game", "fr") == "jeu"
    assert i18n.glossary_kind("unheard-of", "fr") == "unheard-of"
    assert i18n.country("il", "fr") == "Israël" and i18n.country("IL", "en") == "Israel"
    assert i18n.country("ZZ", "fr") == "ZZ"
