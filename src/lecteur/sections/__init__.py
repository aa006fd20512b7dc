"""Automatic split of an essay into reminiscence / argument / transition sections.

The package follows the pipeline:

* :mod:`~lecteur.sections.lexicon`: word classes from per-language word lists
  (``data/fr.json``, ``data/en.json``);
* :mod:`~lecteur.sections.phrases`: phrase families and tense rules, compiled
  into one matcher per language;
* :mod:`~lecteur.sections.evidence`: per-paragraph features (tenses, phrases,
  headings, dates relative to the essay, neighbours, structure);
* :mod:`~lecteur.sections.model`: the learned weights (``data/model.json``,
  rebuilt by ``benchmarks/train_sections.py`` from real labelled essays);
* :mod:`~lecteur.sections.split`: a Viterbi pass with learned change costs,
  sections and their titles.

Tuning numbers are in :mod:`~lecteur.sections.tuning`.  Nothing here imports
Textual, and nothing heavier than the standard library runs at run time.

Two entry points: the text API (:func:`split_sections`, :func:`explain`) for a
list of paragraphs, and the essay API (:func:`split_essay`,
:func:`explain_essay`, :func:`explain_paragraph`), which also reads heading
levels (a heading's cue reaches its whole subtree), thematic breaks and the
essay's date.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from lecteur.essay import Section
from lecteur.sections import tuning
from lecteur.sections.evidence import (
    Columns,
    Doc,
    Evidence,
    columns,
    label,
    path_cue,
)
from lecteur.sections.model import Model, contributions, emissions, shipped
from lecteur.sections.split import KINDS, Fixed, check_fixed, split_doc

if TYPE_CHECKING:
    from lecteur.essay import Essay

__all__ = [
    "KINDS",
    "Evidence",
    "Fixed",
    "Section",
    "explain",
    "explain_essay",
    "explain_paragraph",
    "split_essay",
    "split_sections",
]

R, A, T = KINDS


# --------------------------------------------------------------------------- documents


def doc_from_texts(
    texts: Sequence[str],
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    year: int | None = None,
) -> Doc:
    """A document from parallel lists; ``headings[i]`` is the nearest heading above."""
    n = len(texts)
    heads: list[str | None] = list(headings[:n]) + [None] * (n - len(headings[:n]))
    kinds = list(block_kinds[:n]) + ["text"] * (n - len(block_kinds[:n]))
    paths = [(h,) if h else () for h in heads]
    boundary = [i > 0 and heads[i] != heads[i - 1] for i in range(n)]
    return Doc(list(texts), _language(language), paths, kinds, boundary, year)


SPLIT_CHARS = 20_000
"""Characters of each paragraph the section splitter reads. Its evidence (tenses, time
markers, the opening words for a title) is all in a paragraph's first pages; a 1 MB
paragraph given whole met patterns there that grow faster than its length."""


def doc_from_essay(essay: Essay) -> Doc:
    """A document from the essay model: heading paths by level, breaks, the date."""
    from lecteur.essay import Heading, Paragraph, Rule

    n = len(essay.paragraphs)
    paths: list[tuple[str, ...]] = []
    boundary = [False] * n
    stack: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()  # one tuple shared by the paragraphs under one heading
    for block in essay.blocks:
        if isinstance(block, Heading):
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            path = tuple(text for _, text in stack)
            if 0 < block.next_paragraph < n:
                boundary[block.next_paragraph] = True
        elif isinstance(block, Rule):
            if 0 < block.next_paragraph < n:
                boundary[block.next_paragraph] = True
        elif isinstance(block, Paragraph):
            paths.append(path)
    return Doc(
        [p.text if len(p.text) <= SPLIT_CHARS else p.text[:SPLIT_CHARS] for p in essay.paragraphs],
        _language(essay.language),
        paths,
        [p.kind for p in essay.paragraphs],
        boundary,
        essay_year(essay.meta.get("date")),
    )


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def essay_year(date: object) -> int | None:
    """The year of an essay's date (a string, a date or a datetime), if it has one."""
    year = getattr(date, "year", None)
    if isinstance(year, int):
        return year
    m = _YEAR.search(str(date or ""))
    return int(m.group(1)) if m else None


def _language(language: str) -> str:
    return language if language in ("fr", "en") else "en"


# --------------------------------------------------------------------------- split


def split_sections(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
    year: int | None = None,
) -> list[Section]:
    """Split *texts* (one string per paragraph) into contiguous sections, in order.

    ``language`` is "fr" or "en" (anything else is read as "en");
    ``headings[i]`` is the nearest heading above paragraph *i* (or None);
    ``block_kinds[i]`` one of "text", "quote", "list", "code", "html", "table";
    both may be empty.  ``year``: the essay's date, if known (years in the text
    are read against it).  ``fixed`` ranges are kept exactly (``explicit=True``)
    and the rest is split automatically; ranges are clipped to the text and, if
    two overlap, the later start cuts the earlier range.  Raises ``ValueError``
    for an unknown kind.
    """
    doc = doc_from_texts(texts, language, headings, block_kinds, year)
    return split_doc(doc, fixed, shipped())[0]


def split_essay(essay: Essay, *, model: Model | None = None) -> list[Section]:
    """The sections of an essay, its explicit marks kept (see ``Essay.marked_sections``)."""
    doc = doc_from_essay(essay)
    return split_doc(doc, essay.marked_sections(), model or shipped())[0]


# --------------------------------------------------------------------------- explain


def explain(
    texts: Sequence[str],
    *,
    language: str,
    headings: Sequence[str | None] = (),
    block_kinds: Sequence[str] = (),
    fixed: Sequence[Fixed] = (),
    year: int | None = None,
) -> list[Evidence]:
    """One :class:`Evidence` per paragraph: its final kind and the model's reasons."""
    doc = doc_from_texts(texts, language, headings, block_kinds, year)
    return _explain_all(doc, fixed, shipped())


def explain_essay(essay: Essay) -> list[Evidence]:
    """:func:`explain` for an essay model (heading levels, breaks and date included)."""
    return _explain_all(doc_from_essay(essay), essay.marked_sections(), shipped())


def _explain_all(doc: Doc, fixed: Sequence[Fixed], model: Model) -> list[Evidence]:
    if not doc.texts:
        return []
    cols = columns(doc, quotes=True, vocabulary=model.words(doc.language))
    _, labels, em = split_doc(doc, fixed, model, cols)
    explicit = {i for f in check_fixed(fixed, len(labels)) for i in range(f.first, f.last + 1)}
    return [
        _evidence(doc, cols, i, labels[i], em[i], model, i in explicit) for i in range(len(labels))
    ]


_LAST_DOC: tuple[weakref.ref[Essay], Doc] | None = None
"""The last essay explained paragraph by paragraph (``e`` in the reader), and its document
(the essay's paragraphs never change: a fuller essay is another object)."""


def explain_paragraph(essay: Essay, index: int, *, model: Model | None = None) -> Evidence:
    """The evidence for one paragraph of an essay whose sections are already known.

    Only a window of paragraphs around *index* is read (wide enough for the
    register around it, see :func:`_window`), so this answers in milliseconds in
    a book.  The kind is that of the essay's section holding the paragraph (the
    model's own choice when the essay has no sections yet).
    """
    model = model or shipped()
    global _LAST_DOC
    last = _LAST_DOC
    if last is not None and last[0]() is essay:
        doc = last[1]
    else:
        # Made once per essay: in a book it was most of the time of an explanation.
        doc = doc_from_essay(essay)
        _LAST_DOC = (weakref.ref(essay), doc)
    n = len(doc.texts)
    if not 0 <= index < n:
        raise IndexError(f"paragraph {index} out of range (the essay has {n})")
    lo, hi = _window(doc, index)
    cols = columns(doc, lo, hi, quotes=True, vocabulary=model.words(doc.language))
    em = emissions(model, cols)[index - lo]
    if essay.sections:
        section = essay.sections[essay.section_of(index)]
        kind, explicit = section.kind.value, section.explicit
    else:
        kind, explicit = max(KINDS, key=lambda k: em[KINDS.index(k)]), False
    return _evidence(doc, cols, index, kind, em, model, explicit)


def _window(doc: Doc, index: int) -> tuple[int, int]:
    """Paragraphs to read around *index* so that its features are those of the whole:
    :data:`~tuning.CONTEXT` text paragraphs on each side (the widest feature), at
    least :data:`~tuning.EXPLAIN_WINDOW` paragraphs, at most
    :data:`~tuning.EXPLAIN_WINDOW_MAX` (a run of hundreds of code blocks)."""
    n = len(doc.texts)
    need = tuning.CONTEXT + 1
    lo = hi = index
    seen = 0
    while (
        lo > 0
        and index - lo < tuning.EXPLAIN_WINDOW_MAX
        and (seen < need or index - lo < tuning.EXPLAIN_WINDOW)
    ):
        lo -= 1
        seen += doc.kinds[lo] != "code"
    seen = 0
    while (
        hi < n - 1
        and hi - index < tuning.EXPLAIN_WINDOW_MAX
        and (seen < need or hi - index < tuning.EXPLAIN_WINDOW)
    ):
        hi += 1
        seen += doc.kinds[hi] != "code"
    return lo, hi


def _evidence(
    doc: Doc,
    cols: Columns,
    index: int,
    kind: str,
    em: tuple[float, float, float],
    model: Model,
    explicit: bool,
) -> Evidence:
    """The reasons for paragraph *index*: the strongest contributions to its kind."""
    j = index - cols.lo
    reasons: list[str] = []
    if explicit:
        reasons.append("explicit mark")
        scores = {k: (1.0 if k == kind else 0.0) for k in KINDS}
        return Evidence(index, kind, MappingProxyType(scores), tuple(reasons))
    why = cols.why_not_prose.get(j)
    if why is not None:
        reasons.append(f"non-prose ({why})")
    if kind == T:
        if why is None:
            reasons.append(
                "announced pivot"
                if j in cols.sparse.get("phrase:meta", {})
                else "title-like line"
                if cols.form[j] == 2
                else "short hinge"
            )
    else:
        # contributions towards the kind found: the model's log-odds of reminiscence
        # against argument, turned round for an argument
        sign = 1.0 if kind == R else -1.0
        ranked = [(sign * c, name, x, sign * w) for c, name, x, w in contributions(model, cols, j)]
        floor = tuning.SMALLEST_CONTRIBUTION
        shown = sorted((c for c in ranked if c[0] >= floor), key=lambda c: -c[0])
        against = sorted((c for c in ranked if c[0] <= -floor), key=lambda c: c[0])
        for _, name, value, weight in shown[: tuning.TOP_CONTRIBUTIONS] + against[:1]:
            reasons.append(f"{_feature_text(doc, cols, j, name)} {_num(value)}×{_num(weight)}")
    tenses = cols.tense_counts.get(j, [])
    reasons.extend(f"{name} ×{count}" for name, count in tenses[: tuning.TENSES_SHOWN])
    scores = {R: round(em[0], 3), A: round(em[1], 3), T: round(max(em[2], -99.0), 3)}
    return Evidence(index, kind, MappingProxyType(scores), tuple(reasons))


def _feature_text(doc: Doc, cols: Columns, j: int, name: str) -> str:
    """A feature as shown: phrases quoted as written, headings with their text."""
    if name.startswith("phrase:"):
        words = cols.quoted.get((j, name[7:]))
        return f'"{words}"' if words else label(name, doc.language)
    if name == "vocabulary":
        words = cols.quoted.get((j, name))
        return f"{label(name, doc.language)} {words}" if words else label(name, doc.language)
    if name in ("heading_past", "heading_present"):
        _, heading = path_cue(doc.paths[cols.lo + j], cols.now_year)
        return f'heading "{heading[:30]}"'
    return label(name, doc.language)


def _num(x: float) -> str:
    """A short number for an explanation: ``1``, ``0.6``, ``-2.3``."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text
