"""The reader's corrections to the split: a kind changed, a section split or merged.

Corrections are an ordered log (:class:`lecteur.store.CorrectionRow`), applied one after
the other on top of the automatic split (explicit marks included), each one relative to
the sections as they stand then:

- ``kind`` at paragraph *p*, value *k*: the section holding *p* becomes of kind *k*;
- ``split`` at *p*: the section holding *p* is cut so that *p* starts a new one (of the
  same kind), titled by the heading just above *p* or its first sentence;
- ``merge`` at *p*: the section holding *p* joins the one before it (keeping that one's
  kind and title).

A log rather than a final state, so that it still means something when the automatic
split improves (an other branch's work) or the file is edited (rows are re-anchored by
their paragraph's text, see :mod:`lecteur.store`). A correction that no longer applies
(a split at a section's first paragraph, a merge of the first section) does nothing.
No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from lecteur.essay import Section, SectionKind
from lecteur.store import CorrectionRow

CYCLE = (SectionKind.REMINISCENCE, SectionKind.ARGUMENT, SectionKind.TRANSITION)
"""The order ``k`` cycles a section's kind in."""

TITLE_CHARS = 60


def next_kind(kind: SectionKind) -> SectionKind:
    return CYCLE[(CYCLE.index(kind) + 1) % len(CYCLE)]


def section_of(sections: Sequence[Section], paragraph: int) -> int | None:
    for i, section in enumerate(sections):
        if section.first <= paragraph <= section.last:
            return i
    return None


_SENTENCE = re.compile(r"^(.+?[.!?…»])(?:\s|$)", re.S)


def title_for(texts: Sequence[str], headings: Sequence[str | None], first: int) -> str:
    """A new section's title: the heading just above it, else its first sentence."""
    heading = headings[first] if first < len(headings) else None
    if heading and (first == 0 or headings[first - 1] != heading):
        return heading
    text = " ".join(texts[first].split()) if first < len(texts) else ""
    match = _SENTENCE.match(text)
    sentence = match.group(1) if match else text
    if len(sentence) > TITLE_CHARS:
        sentence = sentence[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def apply_one(
    sections: list[Section],
    correction: CorrectionRow,
    texts: Sequence[str],
    headings: Sequence[str | None] = (),
) -> list[Section]:
    """The sections after one correction (a new list; unchanged when it does not apply)."""
    index = section_of(sections, correction.paragraph)
    if index is None:
        return sections
    section = sections[index]
    out = list(sections)
    if correction.op == "kind":
        try:
            kind = SectionKind(correction.value)
        except ValueError:
            return sections
        out[index] = replace(section, kind=kind)
    elif correction.op == "split":
        p = correction.paragraph
        if p == section.first:
            return sections
        out[index : index + 1] = [
            replace(section, last=p - 1),
            Section(section.kind, title_for(texts, headings, p), p, section.last),
        ]
    elif correction.op == "merge":
        if index == 0:
            return sections
        before = sections[index - 1]
        out[index - 1 : index + 1] = [replace(before, last=section.last)]
    return out


def apply(
    sections: Sequence[Section],
    corrections: Sequence[CorrectionRow],
    texts: Sequence[str],
    headings: Sequence[str | None] = (),
) -> list[Section]:
    """The sections after every correction, in order."""
    out = list(sections)
    for correction in corrections:
        out = apply_one(out, correction, texts, headings)
    return out


def changed(automatic: Sequence[Section], corrected: Sequence[Section]) -> set[int]:
    """Indexes of ``corrected`` sections that differ from every automatic one (for "yours")."""
    known = {(s.first, s.last, s.kind) for s in automatic}
    return {i for i, s in enumerate(corrected) if (s.first, s.last, s.kind) not in known}
