"""The split: a sequence pass over the model's scores, then sections with titles.

The model scores each paragraph on its own (with its neighbours' tenses among
its features); a Viterbi pass then picks the best sequence of kinds, paying the
learned cost of a change of kind, which is cheaper where a heading (or a
thematic break) stands: sections start at headings.  States are the kind of the
current section (reminiscence or argument) and whether the paragraph is a
transition; a transition keeps the kind around it, so a caption amid memories
does not cut them, and a run of transitions between two sections of one kind
joins them.

Explicitly marked ranges (:class:`Fixed`) are kept as they are; only the
stretches between them are split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from lecteur.essay import MarkedSection, Section, SectionKind
from lecteur.sections.evidence import Columns, Doc, columns
from lecteur.sections.model import Model, emissions

# The kinds as plain strings inside the splitter (equal to SectionKind's members).
R: str = SectionKind.REMINISCENCE.value
A: str = SectionKind.ARGUMENT.value
T: str = SectionKind.TRANSITION.value
KINDS: tuple[str, ...] = (R, A, T)

_HTML_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SHORTCODE = re.compile(r"^\s*(?:\{\{[<%].*?[%>]\}\}\s*|\{%.*?%\}\s*)+$", re.S)


Fixed = MarkedSection
"""An explicitly marked range from the document; kept exactly."""


# --------------------------------------------------------------------------- sequence

# States: 0 R, 1 A (prose of a section), 2 T inside R context, 3 T inside A context.
_STATE_KIND = (R, A, T, T)
_CONTEXT = (0, 1, 0, 1)


def viterbi(
    em: Sequence[tuple[float, float, float]], boundary: Sequence[bool], model: Model
) -> list[str]:
    """Best kind per paragraph for emissions ``(R, A, T)`` (log-probabilities).

    A change of context (reminiscence ↔ argument) costs ``model.change_cost``,
    or ``model.heading_change_cost`` where ``boundary[i]`` (a heading before
    paragraph *i*).  Transitions are free to enter and leave: their cost is in
    their emission.  Afterwards a run of transitions with the same kind on both
    sides takes that kind (a caption amid memories is part of them).
    """
    n = len(em)
    if n == 0:
        return []
    neg = -math.inf
    e_r, e_a, e_t = em[0]
    score = [e_r, e_a, e_t, e_t]
    back: list[tuple[int, int, int, int]] = [(0, 1, 2, 3)]
    for i in range(1, n):
        c = model.heading_change_cost if boundary[i] else model.change_cost
        best_r = score[0] if score[0] >= score[2] else score[2]
        arg_r = 0 if score[0] >= score[2] else 2
        best_a = score[1] if score[1] >= score[3] else score[3]
        arg_a = 1 if score[1] >= score[3] else 3
        # into R context: stay in R, or change from A
        if best_a - c > best_r:
            into_r, from_r = best_a - c, arg_a
        else:
            into_r, from_r = best_r, arg_r
        if best_r - c > best_a:
            into_a, from_a = best_r - c, arg_r
        else:
            into_a, from_a = best_a, arg_a
        e_r, e_a, e_t = em[i]
        score = [
            into_r + e_r,
            into_a + e_a,
            into_r + e_t if e_t > neg else neg,
            into_a + e_t if e_t > neg else neg,
        ]
        back.append((from_r, from_a, from_r, from_a))
    state = max(range(4), key=lambda s: score[s])
    states = [state]
    for i in range(n - 1, 0, -1):
        state = back[i][state]
        states.append(state)
    states.reverse()
    kinds = [_STATE_KIND[s] for s in states]
    _absorb_transitions(kinds, [_CONTEXT[s] for s in states])
    return kinds


def _absorb_transitions(kinds: list[str], context: list[int]) -> None:
    """A run of transitions inside one section takes the section's kind."""
    n = len(kinds)
    i = 0
    while i < n:
        if kinds[i] != T:
            i += 1
            continue
        j = i
        while j < n and kinds[j] == T:
            j += 1
        if i > 0 and j < n and kinds[i - 1] == kinds[j]:
            kinds[i:j] = [kinds[j]] * (j - i)
        i = j


# --------------------------------------------------------------------------- titles

_TITLE_MAX = 40
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s|[:;]\s|\s[—–]\s")
_FALLBACK_TITLES = {
    "fr": {R: "Souvenirs", A: "Argument", T: "Transition"},
    "en": {R: "Memories", A: "Argument", T: "Transition"},
}


def _shorten(s: str, limit: int = _TITLE_MAX) -> str:
    """At most *limit* characters, cut at a word boundary with "…"."""
    s = _collapse(s)
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–—'’\"«(") + "…"


def _collapse(s: str) -> str:
    """Runs of white space as one space, none at the ends: ``re.sub(r"\\s+", " ", s).strip()``
    (``str.split`` and ``\\s`` know the same white space), without a regex."""
    return " ".join(s.split())


def _title_from_text(text: str) -> str:
    # each pattern is tried only where it can match (its first characters are there)
    s = _HTML_TAG.sub(" ", text) if "<" in text else text
    if "://" in s or "www." in s:
        s = _URL.sub(" ", s)
    if "{" in s and _SHORTCODE.match(s):
        return ""
    s = _collapse(s).lstrip('-*>•#| "«“')
    if not s:
        return ""
    m = _SENTENCE_END.search(s)
    first = s[: m.start()] if m else s
    first = first.strip().rstrip(".!?…:;,")
    if len(first) < 12 and m and len(s) > len(first) + 2:
        first = s.rstrip(".!?…:;,")  # very short opening ("Rideau."): take a little more
    return _shorten(first)


def _make_title(
    first: int,
    last: int,
    kind: str,
    texts: Sequence[str],
    heads: Sequence[str | None],
    kinds: Sequence[str],
    language: str,
) -> str:
    heading = heads[first]
    if heading and (first == 0 or heads[first - 1] != heading):
        return _shorten(heading)
    for i in range(first, last + 1):
        if kinds[i] in ("code", "html"):
            continue
        title = _title_from_text(texts[i])
        if title:
            return title
    for i in range(first, last + 1):
        if kinds[i] == "html":
            title = _title_from_text(texts[i])
            if title:
                return title
    return _FALLBACK_TITLES.get(language, _FALLBACK_TITLES["en"])[kind]


# --------------------------------------------------------------------------- driver


def check_fixed(fixed: Sequence[Fixed], n: int) -> list[Fixed]:
    """Validated fixed ranges, sorted.

    An unknown kind is a programming error (``ValueError``).  Ranges are clipped to
    the text (empty ones dropped) and, where two overlap, the later start cuts the
    earlier range (same start: the later one in *fixed* wins), so that a quirk in
    a document's marks never stops the reader.
    """
    for f in fixed:
        if f.kind not in KINDS:
            raise ValueError(f"unknown section kind {f.kind!r}")
    ordered = sorted(enumerate(fixed), key=lambda p: (p[1].first, p[0]))
    clipped = [
        Fixed(max(f.first, 0), min(f.last, n - 1), SectionKind(f.kind), f.title)
        for _, f in ordered
        if f.first <= f.last and f.last >= 0 and f.first < n
    ]
    out: list[Fixed] = []
    for k, f in enumerate(clipped):
        if k + 1 < len(clipped) and clipped[k + 1].first == f.first:
            continue  # the later one at the same start wins
        if out and out[-1].last >= f.first:
            prev = out.pop()
            if prev.first < f.first:
                out.append(Fixed(prev.first, f.first - 1, prev.kind, prev.title))
        out.append(f)
    return out


# --------------------------------------------------------------------------- driver


def split_doc(
    doc: Doc, fixed: Sequence[Fixed], model: Model, cols: Columns | None = None
) -> tuple[list[Section], list[str], list[tuple[float, float, float]]]:
    """Sections of *doc*, the kind of every paragraph, and the model's emissions
    (*cols*: the document's features, when the caller already has them)."""
    n = len(doc.texts)
    if n == 0:
        return [], [], []
    heads = [p[-1] if p else None for p in doc.paths]
    fixed_sorted = check_fixed(fixed, n)
    em = emissions(model, cols or columns(doc, vocabulary=model.words(doc.language)))
    labels: list[str] = [A] * n
    sections: list[Section] = []
    pos = 0
    pieces: list[tuple[int, int, Fixed | None]] = []
    for fx in fixed_sorted:
        if pos < fx.first:
            pieces.append((pos, fx.first - 1, None))
        pieces.append((fx.first, fx.last, fx))
        pos = fx.last + 1
    if pos < n:
        pieces.append((pos, n - 1, None))
    for first, last, mark in pieces:
        if mark is not None:
            labels[first : last + 1] = [mark.kind] * (last - first + 1)
            title = mark.title.strip() or _make_title(
                first, last, mark.kind, doc.texts, heads, doc.kinds, doc.language
            )
            sections.append(Section(SectionKind(mark.kind), title, first, last, explicit=True))
            continue
        labels[first : last + 1] = viterbi(
            em[first : last + 1], doc.boundary[first : last + 1], model
        )
        # Runs of one kind, also cut where a heading stands.
        start = first
        for i in range(first + 1, last + 2):
            if i > last or labels[i] != labels[start] or doc.boundary[i]:
                kind = labels[start]
                title = _make_title(start, i - 1, kind, doc.texts, heads, doc.kinds, doc.language)
                sections.append(Section(SectionKind(kind), title, start, i - 1))
                start = i
    return sections, labels, em
