"""Word classes: one code character per word, from per-language word lists.

The lists live in ``data/fr.json`` and ``data/en.json`` (``words``); this module
turns them into the closed-class tables and the suffix rules that give each word
its class character (an imparfait, a participle, an English simple past…).  The
characters are then read by the context rules of :mod:`lecteur.sections.phrases`
as a compact string, one character per word, which is what keeps a 5 MB book
fast in pure Python.

French verb forms come from suffix rules plus the irregular lists, not from a
table of every conjugated form: the complete tables found (Lefff, under the
LGPL-LR, whose derived data must stay under it; Verbiste, under the GPL) cannot
ship in an MIT package, and the rules give what the features need (the family of
a tense, not a lemma).  A better tagger also barely moves the split, which turns
on what a paragraph does more than on its verbs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from lecteur.sections.tuning import CODE_CACHE_SIZE, YEAR_MAX, YEAR_MIN

LANGUAGES = ("fr", "en")
"""Languages with word lists; any other language is read with the English ones."""


@cache
def language_data(language: str) -> dict[str, Any]:
    """The parsed data file of a language (``words`` and ``phrases``)."""
    text = (
        resources.files("lecteur.sections")
        .joinpath(f"data/{language}.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def _words(language: str, name: str) -> frozenset[str]:
    return frozenset(language_data(language)["words"][name])


def word_list(language: str, name: str) -> list[str]:
    """One list of a language's data file, in file order."""
    return list(language_data(language)["words"][name])


# ---------------------------------------------------------------- word classes (French)

_SUBJ_FR_1S = _words("fr", "subject_1s")
_REFLEXIVE_FR = _words("fr", "reflexive")
_DET_PREP_FR = _words("fr", "det_prep")
_SUBJ_FR_PL = _words("fr", "subject_plural")
_SUBJ_FR_3 = _words("fr", "subject_3")
_CLITIC_FR = _words("fr", "clitic")
_ADV_FR = _words("fr", "adverb")
_AVOIR_PRES = _words("fr", "avoir_present")
_ETRE_PRES = _words("fr", "etre_present")
_AVOIR_IMP = _words("fr", "avoir_imparfait")
_ETRE_IMP = _words("fr", "etre_imparfait")
_ALLER_PRES = _words("fr", "aller_present")
# Participles conjugated with "être" in the passé composé (motion / state verbs).
_ETRE_PARTICIPLES = frozenset(
    w + suffix for w in _words("fr", "etre_participle_stems") for suffix in ("", "e", "s", "es")
)
_IRREGULAR_PARTICIPLES_FR = _words("fr", "irregular_participle")
_NOT_PARTICIPLE_FR = _words("fr", "not_participle")
# Words in -ait / -aient / -ais that are not imparfait.
_NOT_IMPARFAIT = _words("fr", "not_imparfait")
# -rait / -rais words that are imparfait of -rer verbs, not conditionnel.
_IMPARFAIT_RER = frozenset(
    w + e for w in _words("fr", "imparfait_rer_stems") for e in ("ait", "ais", "aient")
)
_COND_IRREGULAR = _words("fr", "conditionnel_irregular")
_FUT_IRREGULAR = _words("fr", "futur_irregular")
_PS_IRREGULAR = _words("fr", "passe_simple_irregular")
# Words ending in "a" that are not a passé simple.
_NOT_PS_A = _words("fr", "not_passe_simple_a")
_FUTURE_A_ENDINGS = ("era", "rra", "dra", "ira")
_IRER_INFINITIVES = frozenset(w + "er" for w in _words("fr", "irer_stems"))
_PS_IRER = frozenset(w + "a" for w in _words("fr", "irer_stems"))
_PRESENT_FR = _words("fr", "present")
_IMPER_NOT_FR = _words("fr", "not_imperative")

# ---------------------------------------------------------------- word classes (English)

_EN_PAST_IRREGULAR = _words("en", "past_irregular")
_EN_PARTICIPLE_IRREGULAR = _words("en", "participle_irregular")
_EN_NOT_ED = _words("en", "not_ed")
# Common verbs (base form): present tense after a noun subject ("parents keep").
_EN_VERBS = _words("en", "verb")
_EN_DET = _words("en", "determiner")
_EN_SUBJ_BASE = _words("en", "subject_base")
_EN_PASSIVE_LEAD = _words("en", "passive_lead")
_EN_SUBJ_3 = _words("en", "subject_3")
_EN_PRESENT = _words("en", "present")
_EN_BE_PRES = _words("en", "be_present")
_EN_HAVE_PRES = _words("en", "have_present")
_EN_PAST_AUX = _words("en", "past_aux")
_EN_PAST_NEG = _words("en", "past_negative")
_EN_MODAL = _words("en", "modal")
_EN_FUTURE = _words("en", "future")
_EN_WOULD = _words("en", "would")
_EN_ADV = _words("en", "adverb")

_FR_CLOSED = (
    _SUBJ_FR_1S
    | _SUBJ_FR_PL
    | _SUBJ_FR_3
    | _CLITIC_FR
    | _ADV_FR
    | _AVOIR_PRES
    | _ETRE_PRES
    | _AVOIR_IMP
    | _ETRE_IMP
    | _ALLER_PRES
    | _PS_IRREGULAR
    | _COND_IRREGULAR
    | _FUT_IRREGULAR
    | _PRESENT_FR
    | {"si"}
)
_EN_ALL_CLOSED = (
    _EN_PAST_AUX
    | _EN_PAST_NEG
    | _EN_HAVE_PRES
    | _EN_BE_PRES
    | _EN_PRESENT
    | _EN_MODAL
    | _EN_FUTURE
    | _EN_WOULD
    | _EN_SUBJ_BASE
    | _EN_SUBJ_3
    | {"had", "did"}
)


def _closed_chars() -> dict[str, str]:
    """Closed word lists -> class character (earlier lists win)."""
    table: dict[str, str] = {}
    for words, ch in (
        (_SUBJ_FR_1S, "j"),
        (_SUBJ_FR_PL, "u"),
        (_SUBJ_FR_3, "i"),
        ({"ne", "n"}, "g"),
        (_REFLEXIVE_FR, "r"),
        (_CLITIC_FR, "c"),
        ({"si"}, "s"),
        ({"c", "ce", "ça", "ca", "cela"}, "x"),
        (_AVOIR_PRES, "A"),
        (_ETRE_PRES, "B"),
        (_AVOIR_IMP, "F"),
        (_ETRE_IMP, "G"),
        (_ALLER_PRES, "V"),
        (_ADV_FR, "d"),
        (_DET_PREP_FR, "D"),
    ):
        for w in words:
            table.setdefault(w, ch)
    return table


_FR_CLOSED_CHAR = _closed_chars()


def strip_accents(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))


def plain_forms(words: Sequence[str], taken: set[str] | frozenset[str]) -> dict[str, str]:
    """Accentless spelling -> word, for informal text ("c'etait", "deja", "ete").

    Only where the accentless spelling is unambiguous and not itself a word in
    *taken* ("a" / "à", "ne" / "né", "du" / "dû" keep their own reading).
    """
    out: dict[str, str] = {}
    seen: set[str] = set()
    for w in words:
        plain = strip_accents(w)
        if plain == w or plain in taken:
            continue
        if plain in seen and out.get(plain) != w:
            out.pop(plain, None)
            continue
        seen.add(plain)
        out[plain] = w
    return out


FR_KNOWN = (
    _FR_CLOSED
    | _DET_PREP_FR
    | _IRREGULAR_PARTICIPLES_FR
    | _NOT_IMPARFAIT
    | _NOT_PS_A
    | _NOT_PARTICIPLE_FR
    | _ETRE_PARTICIPLES
    | _PRESENT_FR
)
# An accentless "-e"/"-es" participle of an "être" verb reads as a present ("arrive",
# "reste", "entre"): only the unambiguous ones are restored.
_FR_PLAIN = plain_forms(
    sorted(
        (FR_KNOWN - _ETRE_PARTICIPLES)
        | {
            w
            for w in _ETRE_PARTICIPLES
            if not strip_accents(w).endswith(("e", "es")) or w.endswith(("ée", "ées"))
        }
    ),
    FR_KNOWN,
)
_ETRE_PARTICIPLE_ENDINGS = (
    "é",
    "és",
    "ée",
    "ées",
    "i",
    "is",
    "it",
    "u",
    "us",
    "ert",
    "erts",
    "int",
    "aint",
)
_AMBIGUOUS_PARTICIPLE_ENDINGS = ("ue", "ues", "ie", "ies", "erte", "ertes", "ainte", "einte")

# --------------------------------------------------------------------------- token codes
#
# One ASCII character per word class.  French:
#   o other   p participle   q participle of an "être" verb   I imparfait (-ait)
#   K -ais (imparfait after je/tu)   L -ions/-iez (imparfait after nous/vous)
#   P passé simple   T passé simple that is also a participle (pris, mis)
#   Q -ai (passé simple after je)   R -a (passé simple unless after a determiner)
#   U futur   W conditionnel   X present   Y present that is also a participle (fait)
#   M -e/-es/-ent (present after a subject)   Z same, also a participle (vue, perdue)
#   N -ez/-ons (present after a subject; an imperative at a sentence start)
#   A avoir (present)   B être (present)   F avoir (imparfait)   G être (imparfait)
#   V aller (present)   j je/tu   u nous/vous   i il/elle/on/qui   c clitic
#   r reflexive clitic   g ne/n'   d adverb   s si   f infinitive   D determiner
#   x c'/ce/ça   h -vous/-moi… after a verb   v -il/-on… (inversion)
# English:
#   o other   S I/you/we/they   T he/she/it   W was/were   H had   V have/has
#   B am/is/are   X do/does/present   N didn't…   D did   M modal   F will   O would
#   u used   e determiner   a adverb   g -ing   P irregular past   p irregular
#   participle   E -ed   b common verb   s its -s form   t to   L be/get (passive)
# Both: y year  0 decade  # number  . sentence end  ? question  , comma  : colon
#   | paragraph separator.  Words used by phrase patterns get private characters.

SEP = "\x00"  # not whitespace for str.split (unlike \x1c-\x1f)
PUNCT_CODES = {".": ".", "!": ".", "…": ".", "?": "?", ",": ",", ";": ":", ":": ":"}
STRIP = "\"'’‘“”«»()[]{}<>*_~`.,;:!?…—–-/\\|#+=&%$@^"
_DECADE_TOKEN = re.compile(r"^'?(?:\d\d)?\d0(?:'?s)?$")


def _participle_char(w: str) -> str:
    if w in _ETRE_PARTICIPLES:
        return "q"
    if w in _NOT_PARTICIPLE_FR or w.endswith(("que", "gue", "ques", "gues")):
        return ""
    if w in _IRREGULAR_PARTICIPLES_FR or w.endswith(_ETRE_PARTICIPLE_ENDINGS):
        return "p"
    return ""


def fr_char(w: str) -> str:
    """Class character of one French word (original case, no punctuation)."""
    if w[:1].isupper():
        # Capitalised: closed word lists apply (sentence starts, "NON"), but not the
        # suffix rules -- a proper noun ("Nokia", "Gandi") is not a verb.
        low = w.lower()
        if w.isupper() and len(w) > 1:
            return fr_char(low)
        ch = fr_char(low)
        if low in _FR_CLOSED or ch in "juicrgsxN":
            return ch
        return "o"
    closed = _FR_CLOSED_CHAR.get(w)
    if closed is not None:
        return closed
    if w.isascii():
        accented = _FR_PLAIN.get(w)  # "etais", "deja", "ete"
        if accented is not None:
            return fr_char(accented)
    part = _participle_char(w)
    if w[-1] not in "tszaieréu":  # no suffix rule below applies
        return part or "o"
    if w in _PS_IRREGULAR:
        return "T" if part else "P"
    if w in _COND_IRREGULAR:
        return "W"
    if w in _FUT_IRREGULAR:
        return "U"
    if w in _PRESENT_FR:
        return "Y" if part else "X"
    if len(w) < 4:
        return part or "o"
    if (
        w.endswith(("rait", "rais", "raient", "rions", "riez"))
        and w not in _IMPARFAIT_RER
        and w.endswith(
            (
                "erait",
                "erais",
                "eraient",
                "erions",
                "eriez",
                "rrait",
                "rrais",
                "rraient",
                "drait",
                "drais",
                "draient",
                "irait",
                "irais",
                "iraient",
                "ttrait",
                "îtrait",
                "oirait",
                "ivrait",
                "evrait",
                "evraient",
            )
        )
    ):
        return "W"
    if w.endswith(("aient", "ait")) and w not in _NOT_IMPARFAIT:
        return "I"
    if w.endswith("ais") and w not in _NOT_IMPARFAIT:
        return "K"
    if w.endswith(("ions", "iez")):
        return "L"
    if w.endswith(("èrent", "irent", "urent", "inrent", "âmes", "îmes", "ûmes", "âtes", "îtes")):
        if w.endswith("eurent") or w[:-3] + "er" in _IRER_INFINITIVES:
            return "M"  # "meurent", "pleurent", "tirent", "admirent": presents
        return "P"
    if w.endswith(
        (
            "erai",
            "eras",
            "erons",
            "erez",
            "eront",
            "irai",
            "iras",
            "irons",
            "iront",
            "rrai",
            "rras",
            "rrons",
            "rront",
            "drai",
            "dras",
            "drons",
            "dront",
        )
    ):
        return "U"
    if w.endswith("a") and w not in _NOT_PS_A:
        if w in _PS_IRER:
            return "P"
        if w.endswith(_FUTURE_A_ENDINGS):
            return "U"
        return "R"
    if w.endswith("ai"):
        return "Q"
    if part:
        return part
    if w.endswith(("er", "ir", "re", "oir")) and not w.endswith(("ier", "eur")):
        return "f"
    if w.endswith(("ez", "ons")) and w not in _IMPER_NOT_FR:
        return "N"
    if w.endswith(_AMBIGUOUS_PARTICIPLE_ENDINGS):
        return "Z"
    if w.endswith(("e", "es", "ent")):
        return "M"
    return "o"


def en_char(w: str) -> str:
    """Class character of one English word (original case, no punctuation)."""
    low = w.lower()
    if w[:1].isupper() and low not in _EN_ALL_CLOSED and low != "i" and not low.startswith("i'"):
        return "o"
    w = low
    if w in _EN_SUBJ_BASE:
        return "S"
    if w in _EN_SUBJ_3:
        return "T"
    if w in _EN_PAST_AUX:
        return "W"
    if w in _EN_PAST_NEG:
        return "N"
    if w == "had":
        return "H"
    if w == "did":
        return "D"
    if w in _EN_HAVE_PRES:
        return "V"
    if w in _EN_BE_PRES:
        return "B"
    if w in _EN_PRESENT:
        return "X"
    if w in _EN_MODAL:
        return "M"
    if w in _EN_FUTURE:
        return "F"
    if w in _EN_WOULD:
        return "O"
    if w == "used":
        return "u"
    if w in _EN_PASSIVE_LEAD:
        return "L"
    if w in _EN_DET:
        return "e"
    if w in _EN_ADV:
        return "a"
    if w in _EN_PAST_IRREGULAR:
        return "P"
    if w in _EN_PARTICIPLE_IRREGULAR:
        return "p"
    if w.endswith("ed") and len(w) > 3 and w not in _EN_NOT_ED and not w.endswith("eed"):
        return "E"
    if w.endswith("ing") and len(w) > 4:
        return "g"
    if w in _EN_VERBS:
        return "b"
    if w == "to":
        return "t"
    if w.endswith("s") and len(w) > 3:
        stem = w[:-2] if w.endswith(("ches", "shes", "sses", "xes", "oes")) else w[:-1]
        if stem in _EN_VERBS or (w.endswith("ies") and w[:-3] + "y" in _EN_VERBS):
            return "s"
    return "o"


def number_char(core: str) -> str:
    """Class character of a token made of digits: a year, a decade ("80", "1980s"), a number."""
    if core.isdigit():
        if len(core) == 4 and YEAR_MIN <= int(core) <= YEAR_MAX:
            return "y"
        if len(core) == 2 and core.endswith("0"):
            return "0"
        return "#"
    if _DECADE_TOKEN.match(core):
        return "0"
    return "#"


class Codes(dict[str, str]):
    """Cache: surface token -> code string (computed on first sight)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, token: str) -> str:
        code = self._make(token)
        if len(self) < CODE_CACHE_SIZE:
            self[token] = code
        return code
