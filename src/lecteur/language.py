"""Guess whether a text is French or English, or neither.

A cheap stopword vote on a bounded sample: fast on a whole book, no dependencies.
Function words of the neighbouring languages (Spanish, Italian, Portuguese, German) vote
too, so a Spanish essay is not called French for its "la", "de" and "que": when they win,
the answer is ``"unknown"`` and the reader says so (the section split then reads it with
the English rules, its most neutral).
"""

from __future__ import annotations

import re

__all__ = ["SAMPLE_CHARS", "detect_language"]

#: At most this many characters are looked at (taken from the start of the text).
SAMPLE_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_]+")
_ELISION = re.compile(r"\b(?:j|l|d|qu|n|c|s)['’][^\W\d_]")

# Frequent function words that are (nearly) exclusive to one language.
# Words shared by both (e.g. "a", "on", "est" in names, "plus") are left out.
_FR = frozenset(
    """
    le la les des du de un une et est sont pas ne que qui dans pour sur avec
    ce cette ces il elle ils elles nous vous je tu au aux mais ou donc car
    leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos se qu
    tout tous très aussi comme être avoir fait été était avait plus moins
    où quand après avant sans sous chez entre puis alors même encore
    """.split()
)
_EN = frozenset(
    """
    the and of to is are was were be been being have has had do does did
    that this these those with for not but or if then than it its they them
    their there what which who whom when where why how i you he she we my
    your his her our an at by from into about would could should will can
    just only also very so because while
    """.split()
)


_OTHER = (
    frozenset(
        """
    el los las por con del para pero como muy más también está fue era hay sus esto esta
    este cuando donde porque sobre yo nosotros ellos todo nada desde hasta según sin
    gli della delle dello degli che sono anche questo questa nel nella alla alle molto
    perché più essere stato hanno di ho ci lo mi è
    não uma com os dos das em mas ao pelo pela também muito isso você ele ela eles foi
    são seu sua meu minha quando já só
    und ist nicht ich sie wir ein eine einen mit auf für von zu den dem auch wie aber
    noch nach bei aus wenn wurde sind werden oder kann dass sich mir mich das der zum
    zur vom über
    """.split()
    )
    - _FR
    - _EN
)
"""Function words of Spanish, Italian, Portuguese and German found in neither list above."""


def detect_language(text: str) -> str:
    """Return ``"fr"``, ``"en"`` or ``"unknown"`` (another language) for *text*.

    ``"en"`` when there is too little to decide (a title, numbers, names).
    """
    sample = text[:SAMPLE_CHARS].lower()
    fr = en = other = 0
    for word in _WORD.findall(sample):
        if word in _FR:
            fr += 1
        elif word in _EN:
            en += 1
        elif word in _OTHER:
            other += 1
    # Elided forms (j', l', d', qu', n', c', s') are a strong French signal.
    fr += len(_ELISION.findall(sample))
    if other > max(fr, en) and other >= 3:
        return "unknown"
    return "fr" if fr > en else "en"
