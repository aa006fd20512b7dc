"""Corrections to the split: a log applied on top of the automatic sections."""

from __future__ import annotations

from lecteur.corrections import apply, changed, next_kind, title_for
from lecteur.essay import Section, SectionKind
from lecteur.store import CorrectionRow

R, A, T = SectionKind.REMINISCENCE, SectionKind.ARGUMENT, SectionKind.TRANSITION
TEXTS = [f"Phrase {i}. Suite." for i in range(10)]
AUTO = [Section(R, "Un", 0, 3), Section(A, "Deux", 4, 7), Section(T, "Trois", 8, 9)]


def test_kind_split_and_merge() -> None:
    assert next_kind(R) == A and next_kind(A) == T and next_kind(T) == R
    out = apply(AUTO, [CorrectionRow("kind", 5, "transition")], TEXTS)
    assert [s.kind for s in out] == [R, T, T]
    out = apply(AUTO, [CorrectionRow("split", 2)], TEXTS)
    assert [(s.first, s.last, s.kind) for s in out] == [(0, 1, R), (2, 3, R), (4, 7, A), (8, 9, T)]
    assert out[1].title == "Phrase 2."
    out = apply(AUTO, [CorrectionRow("merge", 8)], TEXTS)
    assert [(s.first, s.last, s.kind, s.title) for s in out] == [(0, 3, R, "Un"), (4, 9, A, "Deux")]


def test_corrections_that_no_longer_apply_do_nothing() -> None:
    log = [
        CorrectionRow("split", 4),  # already a section's start
        CorrectionRow("merge", 1),  # the first section has nothing before it
        CorrectionRow("kind", 99, "argument"),  # past the end (an edited file)
        CorrectionRow("kind", 1, "nonsense"),
    ]
    assert apply(AUTO, log, TEXTS) == AUTO


def test_a_log_applies_in_order_and_changed_names_the_sections() -> None:
    log = [CorrectionRow("split", 6), CorrectionRow("kind", 6, "reminiscence")]
    out = apply(AUTO, log, TEXTS)
    assert [(s.first, s.kind) for s in out] == [(0, R), (4, A), (6, R), (8, T)]
    assert changed(AUTO, out) == {1, 2}


def test_a_split_title_is_the_heading_above_else_the_first_sentence() -> None:
    headings = [None, None, "Le fond", "Le fond"]
    texts = ["A.", "B.", "Il faut dire que c'est ainsi. Et voilà.", "x" * 100]
    assert title_for(texts, headings, 2) == "Le fond"
    assert title_for(texts, [None] * 4, 2) == "Il faut dire que c'est ainsi."
    assert (
        title_for(texts, [None] * 4, 3).endswith("…") and len(title_for(texts, [None] * 4, 3)) <= 60
    )
