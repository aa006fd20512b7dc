"""Per-paragraph features: what a paragraph says about its kind, as numbers.

Every feature is a number per paragraph with a stable name (:data:`FEATURES`);
the learned model (:mod:`lecteur.sections.model`) weighs them.  They come from:

* tenses, counted over the code string of the whole text at once (context rules
  of :mod:`lecteur.sections.phrases`): the balance of past against present, and
  the share of each past tense (the imparfait and simple past tell a memory; the
  passé composé and the present perfect also serve an argument);
* phrase families ("je me souviens", "back then", "aujourd'hui", "je pense",
  "il faut", "par exemple", nostalgia words…), with the place where they occur
  (a signpost that *opens* the paragraph);
* the structure: the kind a heading announces (inherited by its subsections),
  the block kind (quote, list, non-prose), the position in the essay;
* dates: years compared with the essay's own date (a year long before it is the
  past, a recent one the present of the essay);
* the person: "I" with a past verb ("j'avais", "I walked") against "je pense",
  "you", "people";
* the vocabulary: the learned log-odds of the paragraph's words (a naive-Bayes
  score over a few hundred words per language, :class:`Vocabulary`), which
  carries what the lists above miss ("canapé", "soir", "puis" against
  "problème", "faut", "peut");
* the neighbours: the tense balance of the prose paragraphs around and the
  register of the stretch (:data:`~lecteur.sections.tuning.CONTEXT` paragraphs
  each side), so that a present-tense paragraph amid a past narration (a
  historical present, a nostalgic reverie) reads differently from one amid an
  argument.

Columns are computed for a whole book in a few passes of C-level string work;
a window of paragraphs can be computed alone (for one explanation), its
features then being those of the whole as long as the window reaches CONTEXT
prose paragraphs on each side of the one explained (``sections._window``).
"""

from __future__ import annotations

import math
import re
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat

from lecteur.essay import SectionKind
from lecteur.sections import tuning
from lecteur.sections.lexicon import SEP, language_data
from lecteur.sections.phrases import Lang, lang

__all__ = [
    "FEATURES",
    "Columns",
    "Doc",
    "Evidence",
    "Vocabulary",
    "columns",
    "heading_cue",
    "label",
    "word_forms",
]

R, A, T = (kind.value for kind in SectionKind)

# Phrase families counted as features (the others only shape signposts and frames).
_FAMILIES = (
    "past_strong",
    "past_medium",
    "nostalgia",
    "narrative",
    "year",
    "now",
    "judge",
    "modal",
    "connect",
    "stance",
    "example",
    "imper",
    "neplus",
    "meta",
    "meta_weak",
    "frame",
    "age",
    "since_now",
    "report",
    "day",
)

FEATURES: tuple[str, ...] = (
    "bias",
    # tenses
    "tense",
    "imperfect",
    "simple_past",
    "compound_past",
    "present",
    "projecting",
    "habitual",
    "no_verb",
    # words and phrases
    *(f"phrase:{f}" for f in _FAMILIES),
    "question",
    "opens_past",
    "opens_present",
    "now_at_start",
    "opens_example",
    "emphatic_no",
    "personal",
    "personal_present",
    "personal_past",
    "second_person",
    "generic",
    "i_past",
    "i_present",
    # dates relative to the essay
    "year_old",
    "year_recent",
    "year_age",
    # structure
    "heading_past",
    "heading_present",
    "quote",
    "list",
    "non_prose",
    "short",
    "words",
    "title_like",
    "first",
    "last",
    "position",
    # neighbours
    "before_tense",
    "after_tense",
    "around_tense",
    "around_past_phrase",
    "around_i_past",
    "context_tense",
    "relative_tense",
    # learned words
    "vocabulary",
)
"""Feature names, in the order of the model's weight vectors."""


DIRECTION: dict[str, int] = {
    **{
        name: 1
        for name in (
            "tense",
            "imperfect",
            "simple_past",
            "habitual",
            "i_past",
            "personal_past",
            "phrase:past_strong",
            "phrase:past_medium",
            "phrase:nostalgia",
            "phrase:narrative",
            "phrase:frame",
            "phrase:age",
            "phrase:report",
            "phrase:day",
            "opens_past",
            "year_old",
            "year_age",
            "heading_past",
            "before_tense",
            "after_tense",
            "around_tense",
            "around_past_phrase",
            "around_i_past",
            "vocabulary",
        )
    },
    **{
        name: -1
        for name in (
            "present",
            "projecting",
            "phrase:now",
            "phrase:judge",
            "phrase:modal",
            "phrase:imper",
            "phrase:stance",
            "phrase:example",
            "phrase:since_now",
            "phrase:neplus",
            "phrase:connect",
            "opens_present",
            "opens_example",
            "question",
            "emphatic_no",
            "second_person",
            "generic",
            "year_recent",
            "heading_present",
        )
    },
}
"""Which way a feature may push, reminiscence (+1) or argument (-1), where a reader
knows it: the training keeps each learned weight on its side (or at zero), so that
noise in a small corpus cannot make "je me souviens" evidence for an argument.
Features not listed may go either way: position, length, context, and the first
person in the present, which is the historical present of a story ("Il est 7h. Je me
rends au départ.") as often as the "je pense" of an argument."""

_SHORTCODE = re.compile(r"^\s*(?:\{\{[<%].*?[%>]\}\}\s*|\{%.*?%\}\s*)+$", re.S)
_URL = re.compile(r"https?://\S+|www\.\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_THESIS_NO = re.compile(r"^\W*(?:NON|NO|NOPE)\b")
_YEAR_IN_TEXT = re.compile(r"(?<![\d/.,-])(1[89]\d\d|20\d\d)(?![\d/.,-]?\d)")
_END_PUNCT = tuple('.!?…:;»")”')


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Doc:
    """What the split reads of an essay, one entry per paragraph.

    ``paths[i]``: the headings above paragraph *i*, outermost first (a heading
    carries its cue to its whole subtree); ``boundary[i]``: a heading (or a
    thematic break) stands between paragraphs *i - 1* and *i* (never at 0); ``year``: the essay's own
    date, when known.
    """

    texts: Sequence[str]
    language: str
    paths: Sequence[tuple[str, ...]]
    kinds: Sequence[str]
    boundary: Sequence[bool]
    year: int | None = None


# --------------------------------------------------------------------------- headings


_HEADING_RX: dict[str, re.Pattern[str]] = {}
_HEADING_CACHE: dict[tuple[str, int | None], str | None] = {}
_HEADING_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _heading_rx(kind: str) -> re.Pattern[str]:
    """One regex over the heading words of both languages (essays mix them)."""
    rx = _HEADING_RX.get(kind)
    if rx is None:
        words = [w for language in ("fr", "en") for w in language_data(language)["headings"][kind]]
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        extra = r"|années \d0|the (?:19)?\d0'?s" if kind == R else ""
        rx = _HEADING_RX[kind] = re.compile(rf"\b(?:{alternatives}{extra})\b", re.I)
    return rx


def heading_cue(heading: str | None, year: int | None = None) -> str | None:
    """The kind a heading announces ("Avant", "Back then" / "Aujourd'hui", "Now"), or None.

    When both appear ("Hier et aujourd'hui") the last one wins: the heading
    announces where the section goes.  Only short headings count: in a long one
    the word is part of a phrase ("La sécurité avant tout", "1975 à 2014 : la
    guerre froide"), not an announcement.  A year is read against *year*, the
    essay's own (:func:`reference_year`): :data:`~tuning.OLD_YEARS` or more
    before it, the past ("1998"); that year or later, the present ("Objectifs
    2024" in a post of January 2024); in between ("2023" then), no cue; without a
    reference, the past.
    """
    if not heading or len(heading.split()) > tuning.HEADING_CUE_WORDS:
        return None
    key = (heading, year)
    cached = _HEADING_CACHE.get(key, "?")
    if cached != "?":
        return cached
    text = heading.replace("’", "'")
    r = [m.end() for m in _heading_rx(R).finditer(text)]
    a = [m.end() for m in _heading_rx(A).finditer(text)]
    for m in _HEADING_YEAR.finditer(text):
        gap = None if year is None else year - int(m.group(1))
        if gap is None or gap >= tuning.OLD_YEARS:
            r.append(m.end())
        elif gap <= 0:
            a.append(m.end())
    kind: str | None = None
    if r or a:
        kind = R if (max(r) if r else -1) > (max(a) if a else -1) else A
    if len(_HEADING_CACHE) < tuning.HEADING_CACHE_SIZE:
        _HEADING_CACHE[key] = kind
    return kind


def reference_year(doc: Doc) -> int | None:
    """The essay's present: its date's year, or else the latest year written in it
    (an essay is written after the years it tells), or None."""
    global _LAST_REFERENCE
    if doc.year is not None:
        return doc.year
    last = _LAST_REFERENCE
    if last is not None and last[0]() is doc:  # the same document again (``e`` in a book)
        return last[1]
    latest = [int(y) for text in doc.texts[:2000] for y in _HEADING_YEAR.findall(text[:4000])]
    year = max(latest) if latest else None
    _LAST_REFERENCE = (weakref.ref(doc), year)
    return year


_LAST_REFERENCE: tuple[weakref.ref[Doc], int | None] | None = None
"""The last document whose reference year was found (not kept alive), and that year."""


def clear_caches() -> None:
    """Forget compiled heading patterns and cached cues (benchmarks measure a cold start)."""
    global _LAST_REFERENCE
    _LAST_REFERENCE = None
    _HEADING_RX.clear()
    _HEADING_CACHE.clear()


def path_cue(path: Sequence[str], year: int | None = None) -> tuple[str | None, str]:
    """The cue of the nearest heading in *path* that has one, and that heading."""
    for heading in reversed(path):
        cue = heading_cue(heading, year)
        if cue is not None:
            return cue, heading
    return None, ""


# --------------------------------------------------------------------------- vocabulary

_WORD_FORM = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def word_forms(text: str) -> list[str]:
    """The words of *text* as the vocabulary reads them: lowercase, "’" as "'",
    elisions kept whole ("j'avais", "l'époque"), no digits or punctuation."""
    return _WORD_FORM.findall(text.lower().replace("’", "'"))


def vocabulary_score(weights: Sequence[float]) -> float:
    """A paragraph's vocabulary score from the weights of its known words: their sum
    over the square root of their number (plus one), so that a long paragraph does
    not win on length alone."""
    return sum(weights) / math.sqrt(len(weights) + 1.0) if weights else 0.0


class _TokenWeights(dict[str, complex]):
    """Cache: surface token -> summed weight (real part) and number (imaginary part) of
    the known words in it; filled on first sight, so that hits stay in C."""

    __slots__ = ("_words",)

    def __init__(self, words: Mapping[str, float]) -> None:
        super().__init__()
        self._words = words

    def __missing__(self, tok: str) -> complex:
        value = 0j
        for w in word_forms(tok):
            x = self._words.get(w)
            if x is not None:
                value += complex(x, 1.0)
        if len(self) < tuning.CODE_CACHE_SIZE:
            self[tok] = value
        return value


class Vocabulary(dict[str, float]):
    """Learned words of one language: word form -> log-odds of reminiscence against
    argument (``data/model.json``, ``vocabulary``).

    Scores are read token by token through a cache (a token's summed weight and
    its number of known words), so that a book costs one dictionary lookup per
    word.
    """

    __slots__ = ("_tokens",)

    def __init__(self, weights: Mapping[str, float] | None = None) -> None:
        super().__init__(weights or {})
        self._tokens = _TokenWeights(self)

    def score(self, text: str) -> float:
        """The vocabulary score of one paragraph's text (see :func:`vocabulary_score`)."""
        return self.score_tokens(text.split())

    def score_tokens(self, tokens: Sequence[str]) -> float:
        """:meth:`score` of a paragraph already split into its tokens (``str.split()``)."""
        # tokens without a known word (0j) are left out of the sum: adding 0j to a
        # total never changes it (a total is never -0.0), and most tokens have none
        total = sum(filter(None, map(self._tokens.__getitem__, tokens)), 0j)
        return total.real / math.sqrt(total.imag + 1.0) if total.imag else 0.0

    def strongest(self, text: str, sign: float, k: int = 3) -> list[str]:
        """The *k* words of *text* that push hardest towards *sign* (+1 reminiscence)."""
        seen = {w: self[w] for w in word_forms(text) if w in self}
        ranked = sorted((w for w, x in seen.items() if sign * x > 0), key=lambda w: -sign * seen[w])
        return ranked[:k]


# --------------------------------------------------------------------------- columns


class Sparse(Mapping[int, float]):
    """A column that is mostly zero: the paragraphs where it is not (ascending) and its
    values there, in two arrays (16 bytes a value, where a dict of floats takes ~85)."""

    __slots__ = ("_keys", "_values")

    def __init__(self, values: Mapping[int, float] | None = None) -> None:
        values = values or {}
        keys = list(values)
        if keys == sorted(keys):
            self._values = array("d", values.values())
        else:
            keys.sort()
            self._values = array("d", [values[j] for j in keys])
        self._keys = array("q", keys)

    @classmethod
    def of(cls, keys: array[int], values: array[float]) -> Sparse:
        """A column from its paragraphs (ascending) and its values there."""
        out = cls()
        out._keys, out._values = keys, values
        return out

    def at(self, j: int) -> float:
        """The value at paragraph *j* (0.0 where it has none)."""
        k = bisect_left(self._keys, j)
        return self._values[k] if k < len(self._keys) and self._keys[k] == j else 0.0

    def pairs(self) -> Iterator[tuple[int, float]]:
        """(paragraph, value) where the column is not zero, in order (fast ``items()``)."""
        return zip(self._keys, self._values)

    def __getitem__(self, j: int) -> float:
        k = bisect_left(self._keys, j)
        if k < len(self._keys) and self._keys[k] == j:
            return self._values[k]
        raise KeyError(j)

    def __contains__(self, j: object) -> bool:
        if not isinstance(j, int):
            return False
        k = bisect_left(self._keys, j)
        return k < len(self._keys) and self._keys[k] == j

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


_NO_VALUES = Sparse()


def _compact(sparse: dict[str, Mapping[int, float]]) -> dict[str, Sparse]:
    """Each column of *sparse* still a dict made a :class:`Sparse` (the dict is freed
    as it goes), in place; the columns, typed."""
    out: dict[str, Sparse] = {}
    for name, values in sparse.items():
        if not isinstance(values, Sparse):
            values = sparse[name] = Sparse(values)
        out[name] = values
    return out


@dataclass
class Columns:
    """Feature values of paragraphs ``lo..hi`` of a document, column by column.

    ``dense[name]`` is an array of doubles over the paragraphs; ``sparse[name]``
    (:class:`Sparse`) maps a paragraph (relative to ``lo``) to its value where it is not
    zero.  ``quoted`` keeps, when asked, the words behind a phrase feature for
    explanations.
    """

    lo: int
    n: int
    dense: dict[str, array[float]]
    sparse: dict[str, Sparse]
    prose: list[bool]
    form: list[int]
    """The form of a transition: 2 non-prose, a title-like line (a caption, a heading
    typed as text) or an announced pivot (meta-discourse: "Je vais en venir à…", "Let
    me explain"), 1 a short hinge ("Bref.", "Anyway…"), 0 prose (never one)."""
    why_not_prose: dict[int, str] = field(default_factory=dict)
    quoted: dict[tuple[int, str], str] = field(default_factory=dict)
    tense_counts: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    source: list[str] = field(default_factory=list)
    """The text each feature was read from (markup and links removed; "" for non-prose)."""
    now_year: int | None = None
    """The essay's present as heading years were read against (:func:`reference_year`)."""
    _rows: dict[int, list[tuple[str, float]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def row(self, j: int) -> dict[str, float]:
        """The non-zero features of paragraph ``lo + j``."""
        out = {name: column[j] for name, column in self.dense.items() if column[j]}
        if self._rows is None:
            # the sparse columns row by row, once (explanations read every row of a book)
            rows: dict[int, list[tuple[str, float]]] = {}
            for name, values in self.sparse.items():
                for k, x in values.pairs():
                    rows.setdefault(k, []).append((name, x))
            self._rows = rows
        for name, x in self._rows.get(j, ()):
            if x:
                out[name] = x
        return out

    def value(self, name: str, j: int) -> float:
        """Feature *name* of paragraph ``lo + j``."""
        column = self.dense.get(name)
        if column is not None:
            return column[j]
        return self.sparse.get(name, _NO_VALUES).at(j)


def _non_prose(text: str, block_kind: str) -> str | None:
    """Why a paragraph carries no prose evidence (or None), e.g. "html", "links"."""
    if block_kind in ("code", "table"):
        return block_kind
    stripped = text.strip()
    if not stripped:
        return "empty"
    if block_kind == "html":
        # A raw HTML block often wraps real prose (<p>…</p> from a blog export).
        words = _HTML_TAG.sub(" ", stripped).split()
        return "html" if len(words) < tuning.SHORT_WORDS else None
    if ("{{" in stripped or "{%" in stripped) and _SHORTCODE.match(stripped):
        return "shortcode"
    if "://" in stripped or "www." in stripped:
        urls = len(_URL.findall(stripped))
        if urls and len(_URL.sub(" ", stripped).split()) <= 3 * urls:
            return "links"
    return None


def _essay_relative_years(
    texts: Sequence[str], prose: Sequence[bool], year: int | None
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Sparse (old, recent, age) features from the years written in each paragraph."""
    old: dict[int, float] = {}
    recent: dict[int, float] = {}
    age: dict[int, float] = {}
    if year is None:
        return old, recent, age  # nothing to compare with: the "year" family still counts
    find = _YEAR_IN_TEXT.findall
    for j, text in enumerate(texts):
        if not prose[j]:
            continue
        years = find(text)
        if not years:
            continue
        gaps = [year - int(y) for y in years]
        if min(gaps) <= tuning.RECENT_YEARS:
            recent[j] = 1.0
        if max(gaps) >= tuning.OLD_YEARS:
            old[j] = 1.0
            age[j] = min(1.0, max(gaps) / tuning.YEAR_AGE_SPAN)
    return old, recent, age


def columns(
    doc: Doc,
    lo: int = 0,
    hi: int | None = None,
    *,
    quotes: bool = False,
    vocabulary: Vocabulary | None = None,
) -> Columns:
    """Feature columns of paragraphs ``lo..hi`` (inclusive; default: all).

    ``vocabulary``: the learned words of the document's language (the model's);
    without it the ``vocabulary`` feature is zero.  ``quotes``: keep the words
    behind phrase and vocabulary features, for explanations.
    """
    hi = len(doc.texts) - 1 if hi is None else hi
    texts = doc.texts[lo : hi + 1]
    kinds = doc.kinds[lo : hi + 1]
    n = len(texts)
    matcher = lang(doc.language)
    # sparse columns as dicts while they are built, then each :class:`Sparse`
    sparse: dict[str, Mapping[int, float]] = {}
    prose = [True] * n
    why_not: dict[int, str] = {}

    # ---- encode the whole text once
    source: list[str] = list(texts)
    quote_rows: set[int] = set()
    list_rows: set[int] = set()
    for j, text in enumerate(texts):
        bk = kinds[j]
        if SEP in text:  # would read as a paragraph separator
            text = source[j] = text.replace(SEP, " ")
        if (
            bk == "text"
            and text
            and "{" not in text
            and "://" not in text
            and "www." not in text
            and not text.isspace()
        ):
            continue  # plain prose (the common case)
        why = _non_prose(text, bk)
        if why is not None:
            prose[j] = False
            source[j] = ""
            why_not[j] = why
            continue
        if bk == "quote":
            quote_rows.add(j)
        elif bk == "list":
            list_rows.add(j)
        if bk == "html":
            text = source[j] = _HTML_TAG.sub(" ", text)
        if "://" in text or "www." in text:
            source[j] = _URL.sub(" ", text)
    # Paragraph by paragraph ("|" is the separator's code): one list of the whole
    # book's words held at once was most of the split's memory in a big book.  The
    # learned words are scored from the same tokens (splitting every paragraph twice
    # was a tenth of the split's time).
    code_of = matcher.codes.__getitem__
    score = vocabulary.score_tokens if vocabulary else None
    vocabulary_at, vocabulary_scores = array("q"), array("d")
    pcodes: list[str] = []
    for j, text in enumerate(source):
        tokens = text.split()
        pcodes.append("".join(map(code_of, tokens)))
        if score is not None and prose[j] and tokens:
            x = score(tokens)
            if x:
                vocabulary_at.append(j)
                vocabulary_scores.append(x)
    words = list(map(len, pcodes))  # (the same after the accents below: one code each)
    codes = "|" + "|".join(pcodes)
    del pcodes  # a paragraph's codes are read from *codes* from here on
    if codes.count("|") != n:  # pragma: no cover - a separator inside a token
        raise AssertionError("paragraph separator lost while encoding")
    if matcher.grave_a is not None:
        # Text typed without accents ("a l'epoque", "a 17 ans"): "a" not after a
        # subject and before a determiner, an infinitive or a number is "à".
        plain_a, grave_a, rx = matcher.grave_a
        count_a = codes.count(plain_a)
        accentless = count_a >= 3 and codes.count(grave_a) * 4 < count_a
        if accentless:
            codes = rx.sub(grave_a, codes)
    else:
        accentless = False
    starts = array("q", accumulate([w + 1 for w in words], initial=1))

    # ---- tenses: context rules (the tallies are read after the phrases: an imperative
    # counts as a present there)
    kept, i_past, i_present = _tense_codes(matcher, codes, accentless)
    if len(kept) != n:  # pragma: no cover
        raise AssertionError("paragraph separator lost in the tense pass")

    personal = list(map(bool, matcher.first_person_drop.sub("", codes)[1:].split("|")))

    # ---- phrases
    counts: dict[tuple[str, int], int] = {}
    opens_past: dict[int, float] = {}
    opens_present: dict[int, float] = {}
    opens_example: dict[int, float] = {}
    now_start: dict[int, float] = {}
    spans: list[tuple[int, str, int, int]] = []
    families, back, which, anchor_only = (
        matcher.families,
        matcher.back,
        matcher.which,
        matcher.anchor_only,
    )
    counted_present = matcher.counted_present
    signpost, now_at_start = tuning.SIGNPOST_CODES, tuning.NOW_AT_START_CODES
    imper_present: dict[int, int] = {}
    j, following = 0, starts[1]  # the paragraph of the last match, where the next starts
    for m in matcher.markers.finditer(codes):
        s, e = m.span()
        known = anchor_only.get(codes[s])
        if known is not None:
            fam, behind = known
        else:
            name = which(codes, s)
            fam, behind = families[name], back[name]
        s -= behind
        while following <= e - 1:  # matches come in order: the paragraph of the end
            j += 1
            following = starts[j + 1]
        st = starts[j]
        local = s - st if s > st else 0
        if fam == "dated":
            # "Samedi soir, 1999." -- a year closing a short first sentence opens a
            # historical-present frame; elsewhere it is just a year.
            head = codes[st : st + local]
            fam = "frame" if len(head) <= 6 and not any(ch in head for ch in ".?:") else "year"
        elif fam == "dated_start":
            # "En 1998, j'ai quinze ans et je découvre…": a year opening a personal
            # paragraph sets the time of the narration, like "On est en 1998".
            fam = "frame" if local == 0 and personal[j] else "year"
        if fam == "imper" and codes[s] in counted_present:  # "Don't…": counted as a present
            imper_present[j] = imper_present.get(j, 0) + 1
        counts[(fam, j)] = counts.get((fam, j), 0) + 1
        if local <= signpost:
            if fam in ("past_strong", "past_medium", "frame", "nostalgia", "age"):
                opens_past[j] = 1.0
            elif fam in ("now", "judge", "modal", "meta"):
                opens_present[j] = 1.0
            elif fam == "example":
                opens_example[j] = 1.0
        if fam == "now" and local <= now_at_start:
            now_start[j] = 1.0
        if quotes:
            spans.append((j, fam, s, e))
    # the whole book's codes are not needed further (each is the text's size)
    group_counts = {
        group: list(map(len, rx.sub("", codes)[1:].split("|")))
        for group, rx in matcher.word_groups.items()
    }
    del codes
    cap = tuning.FAMILY_CAP
    phrase: dict[str, dict[int, float]] = {}
    for (fam, j), c in counts.items():
        if fam in _INDEX_FAMILY:
            phrase.setdefault(f"phrase:{fam}", {})[j] = float(min(c, cap))
    del counts
    sparse.update(phrase)
    meta = frozenset(phrase.get("phrase:meta", ()))  # paragraphs with a "meta" phrase
    del phrase
    sparse["opens_past"] = opens_past
    sparse["opens_present"] = opens_present
    sparse["opens_example"] = opens_example
    sparse["now_at_start"] = now_start
    del opens_past, opens_present, opens_example, now_start
    dense, questions = _tenses(kept, matcher, prose, imper_present)
    if not quotes:
        kept = []  # only explanations read the tense codes again
    tense = dense["tense"]
    sparse["question"] = {
        j: float(min(q, tuning.QUESTION_CAP)) for j, q in enumerate(questions) if q
    }
    sparse["emphatic_no"] = {
        j: 1.0
        for j, text in enumerate(texts)
        if text[:4].lstrip()[:1] == "N" and prose[j] and _THESIS_NO.match(text)
    }
    old, recent, age = _essay_relative_years(texts, prose, doc.year)
    sparse["year_old"], sparse["year_recent"], sparse["year_age"] = old, recent, age
    _compact(sparse)

    # ---- the person, and neighbours
    personal_present: dict[int, float] = {}
    for j in range(n):
        if prose[j] and personal[j] and tense[j] < 0:
            personal_present[j] = -tense[j]
    sparse["personal"] = {j: 1.0 for j in range(n) if prose[j] and personal[j]}
    sparse["personal_present"] = personal_present
    sparse["i_past"] = {j: c / (1.0 + c + i_present[j]) for j, c in enumerate(i_past) if c}
    sparse["i_present"] = {j: c / (1.0 + c + i_past[j]) for j, c in enumerate(i_present) if c}
    sparse["personal_past"] = {
        j: tense[j] for j in range(n) if prose[j] and personal[j] and tense[j] > 0
    }
    for group, found in group_counts.items():
        sparse[group] = {
            j: min(c, tuning.FAMILY_CAP) / (1.0 + words[j] / 40.0)
            for j, c in enumerate(found)
            if c and prose[j]
        }

    _compact(sparse)
    past_phrase = _zeros(n)
    for fam in ("past_strong", "past_medium", "frame", "nostalgia"):
        for j in sparse.get(f"phrase:{fam}", {}):
            past_phrase[j] = 1.0
    i_past_any = array("d", [float(c > 0) for c in i_past])
    before, after, (around, around_past, around_i), context = _neighbour_tenses(
        (tense, past_phrase, i_past_any), prose
    )
    dense["before_tense"], dense["after_tense"], dense["around_tense"] = before, after, around
    dense["around_past_phrase"] = around_past
    dense["around_i_past"] = around_i
    dense["context_tense"] = context
    dense["relative_tense"] = array(
        "d", [t - c if p else 0.0 for t, c, p in zip(tense, context, prose)]
    )

    # ---- structure
    cue_past: dict[int, float] = {}
    cue_present: dict[int, float] = {}
    cues: dict[tuple[str, ...], str | None] = {}
    now_year = reference_year(doc) if any(doc.paths[lo : hi + 1]) else None
    for j in range(n):
        path = doc.paths[lo + j]
        cue = cues.get(path, "?")
        if cue == "?":
            cue = cues[path] = path_cue(path, now_year)[0]
        if cue == R:
            cue_past[j] = 1.0
        elif cue == A:
            cue_present[j] = 1.0
    sparse["heading_past"], sparse["heading_present"] = cue_past, cue_present
    sparse["quote"] = {j: 1.0 for j in quote_rows}
    sparse["list"] = {j: 1.0 for j in list_rows}
    sparse["non_prose"] = {j: 1.0 for j in why_not}
    short_limit = tuning.SHORT_WORDS
    sparse["short"] = {j: 1.0 for j in range(n) if prose[j] and words[j] <= short_limit}
    sparse["title_like"] = {
        j: 1.0
        for j in range(n)
        if prose[j] and words[j] <= short_limit and not texts[j].rstrip().endswith(_END_PUNCT)
    }
    dense["words"] = array("d", [math.log1p(w) / 5.0 if p else 0.0 for w, p in zip(words, prose)])
    total_n = len(doc.texts)
    dense["position"] = array("d", [(lo + j) / max(total_n - 1, 1) for j in range(n)])
    first_prose = next((k for k in range(total_n) if doc.kinds[k] == "text"), 0)
    last_prose = next((k for k in range(total_n - 1, -1, -1) if doc.kinds[k] == "text"), 0)
    sparse["first"] = {first_prose - lo: 1.0} if lo <= first_prose <= hi else {}
    sparse["last"] = {last_prose - lo: 1.0} if lo <= last_prose <= hi else {}
    dense["bias"] = array("d", [1.0]) * n
    if vocabulary:
        sparse["vocabulary"] = Sparse.of(vocabulary_at, vocabulary_scores)

    # A transition is a title, a caption, a link line, an embed or a true hinge: a
    # line without a sentence end, a few words ("Bref.", "Anyway…"), or a short
    # paragraph that announces the turn ("Mais assez de nostalgie, j'en viens à…"):
    # meta-discourse, which the policy calls a transition outright.
    titles = sparse["title_like"]
    form = [
        2
        if not prose[j] or j in titles or (words[j] <= tuning.PIVOT_WORDS and j in meta)
        else 1
        if words[j] <= tuning.HINGE_WORDS
        else 0
        for j in range(n)
    ]
    del meta, titles
    out = Columns(lo, n, dense, _compact(sparse), prose, form, why_not)
    if quotes:
        out.quoted = _quote_phrases(source, matcher, starts, spans)
        out.tense_counts = _tense_counts(kept, matcher, prose)
        if vocabulary:
            for j, x in out.sparse["vocabulary"].pairs():
                top = vocabulary.strongest(source[j], 1.0 if x > 0 else -1.0)
                if top:
                    out.quoted[(j, "vocabulary")] = ", ".join(f'"{w}"' for w in top)
    out.source = source
    out.now_year = now_year
    return out


def _tenses(
    kept: Sequence[str], matcher: Lang, prose: Sequence[bool], imper_present: Mapping[int, int]
) -> tuple[dict[str, array[float]], list[int]]:
    """The tense columns from each paragraph's tense codes (weighted tallies, C loops):
    the balance of past against present and the share of each tense; and the number
    of questions in each paragraph.  *imper_present*: imperatives counted as a
    present ("Don't…"), not to be counted twice."""
    n = len(kept)

    def tally(name: str) -> list[int]:
        return list(map(len, map(str.translate, kept, repeat(matcher.tallies[name]))))

    past10, present10 = tally("past"), tally("present")
    present_only = tally("present_only")
    projecting = tally("projecting")
    questions = tally("question")
    imperfect, compound, simple = tally("imperfect"), tally("compound_past"), tally("simple_past")
    past = [x / 10 for x in past10]
    present = [x / 10 for x in present10]
    habitual = [0.0] * n
    if matcher.name != "fr":
        # "would" after a past verb is habitual ("I would arrive at nine"), else modal.
        verbs, would = tally("past_verbs"), tally("would")
        hw = tuning.HABITUAL_WOULD
        habitual = [float(w) if v else 0.0 for v, w in zip(verbs, would)]
        past = [p + hw * h for p, h in zip(past, habitual)]
        present = [p + (0.0 if v else hw * w) for p, v, w in zip(present, verbs, would)]
        projecting = [x + (0 if v else w) for x, v, w in zip(projecting, verbs, would)]
    for j, c in imper_present.items():
        present[j] = max(0.0, present[j] - c)

    full = tuning.VERBS_FULL
    tense = _zeros(n)
    s_imp, s_simple, s_comp, s_pres, s_proj, s_hab = (_zeros(n) for _ in range(6))
    no_verb = _zeros(n)
    for j in range(n):
        if not prose[j]:
            continue
        total = past[j] + present[j]
        if total <= 0:
            no_verb[j] = 1.0
            continue
        balance = (past[j] - present[j]) / (total + 1.0)
        tense[j] = balance * (total / full if total < full else 1.0)
        per_verb = total + 1.0
        s_imp[j] = imperfect[j] / per_verb
        s_simple[j] = simple[j] / per_verb
        s_comp[j] = compound[j] / per_verb
        s_pres[j] = present_only[j] / per_verb
        s_proj[j] = projecting[j] / per_verb
        s_hab[j] = habitual[j] / per_verb
    dense = {"tense": tense}
    dense["imperfect"], dense["simple_past"], dense["compound_past"] = s_imp, s_simple, s_comp
    dense["present"], dense["projecting"], dense["habitual"] = s_pres, s_proj, s_hab
    dense["no_verb"] = no_verb
    return dense, questions


def _tense_codes(
    matcher: Lang, codes: str, accentless: bool
) -> tuple[list[str], list[int], list[int]]:
    """The tense codes of each paragraph once the context rules have run (only the
    counted classes kept), and the number of first-person subjects before a past /
    a present verb in each.  (The rewritten codes of the whole book are dropped on
    return: a copy of the text's size.)"""
    tc = codes
    if accentless:
        # "j'ai mange", "il a lache": a -e word after avoir is a participle there
        tc = matcher.accentless_participle.sub("8", tc)
    for rx, rep in matcher.rules:
        tc = rx.sub(rep, tc)
    kept = matcher.keep_drop.sub("", tc)[1:].split("|")
    # each subject + verb as "\x01", then nothing else but the separators: the counts
    # are the lengths of a short string's pieces, not of a copy of the book's codes
    i_past = list(map(len, _MARKS_ONLY.sub("", matcher.person_past.sub("\x01", tc))[1:].split("|")))
    i_present = list(
        map(len, _MARKS_ONLY.sub("", matcher.person_present.sub("\x01", tc))[1:].split("|"))
    )
    return kept, i_past, i_present


_MARKS_ONLY = re.compile("[^|\x01]+")


def paragraph_words(doc: Doc) -> list[list[str]]:
    """The word forms of each paragraph as the vocabulary reads them (none for
    non-prose), for the training script."""
    cols = columns(doc)
    return [word_forms(text) if cols.prose[j] else [] for j, text in enumerate(cols.source)]


_INDEX_FAMILY = frozenset(_FAMILIES)


def _zeros(n: int) -> array[float]:
    """A column of *n* zeros (8 bytes a value, where a list of floats takes 32)."""
    return array("d", bytes(8 * n))


def _neighbour_tenses(
    values: Sequence[Sequence[float]], prose: Sequence[bool]
) -> tuple[array[float], array[float], list[array[float]], array[float]]:
    """Per paragraph: the value of the first column at the previous prose paragraph and
    at the next; for each column the mean over
    :data:`~lecteur.sections.tuning.NEIGHBOURS` prose paragraphs each side; and the
    mean of the first column over the prose paragraphs within
    :data:`~lecteur.sections.tuning.CONTEXT` prose paragraphs each side, the register
    of the essay around a paragraph (a memoir, an argument).  One pass for all."""
    n = len(prose)
    k = tuning.NEIGHBOURS
    idx = [j for j in range(n) if prose[j]]
    m = len(idx)
    ordered = [values[0][j] for j in idx]
    sums = [list(accumulate((column[j] for j in idx), initial=0.0)) for column in values]
    before = _zeros(n)
    after = _zeros(n)
    arounds = [_zeros(n) for _ in values]
    means = list(zip(sums, arounds))
    kc = tuning.CONTEXT
    first = sums[0]
    context = _zeros(n)
    p = 0  # prose paragraphs before j
    for j in range(n):
        is_prose = p < m and idx[p] == j
        right = p + 1 if is_prose else p  # first prose paragraph after j
        left_from = p - k if p > k else 0
        right_to = right + k if right + k < m else m
        count = (p - left_from) + (right_to - right)
        if p:
            before[j] = ordered[p - 1]
        if right < m:
            after[j] = ordered[right]
        if count:
            for s, around in means:
                around[j] = (s[p] - s[left_from] + s[right_to] - s[right]) / count
        # the register: the mean over the last CONTEXT + 1 of the *right* prose
        # paragraphs up to j and the CONTEXT after them
        a = right - kc - 1 if right > kc + 1 else 0
        b = right + kc if right + kc < m else m
        if b > a:
            context[j] = (first[b] - first[a]) / (b - a)
        if is_prose:
            p += 1
    return before, after, arounds, context


def _quote_phrases(
    source: Sequence[str],
    matcher: Lang,
    starts: Sequence[int],
    spans: list[tuple[int, str, int, int]],
) -> dict[tuple[int, str], str]:
    """The first words as written behind each (paragraph, family), for explanations."""
    out: dict[tuple[int, str], str] = {}
    token_ends: dict[int, tuple[list[str], list[int]]] = {}
    for j, fam, s, e in spans:
        if (j, fam) in out:
            continue
        if j not in token_ends:
            toks = source[j].split()
            ends = list(accumulate(len(matcher.codes[t]) for t in toks))
            token_ends[j] = (toks, ends)
        toks, ends = token_ends[j]
        base = starts[j]
        a = bisect_right(ends, max(s, base) - base)
        b = bisect_right(ends, e - base - 1)
        phrase = " ".join(toks[a : b + 1]).strip("\"'’‘“”«»()[]{}<>*_~`.,;:!?…—–-")
        if phrase:
            out[(j, fam)] = phrase if len(phrase) <= 32 else phrase[:31] + "…"
    return out


def _tense_counts(
    kept: Sequence[str], matcher: Lang, prose: Sequence[bool]
) -> dict[int, list[tuple[str, int]]]:
    """Per paragraph, the tenses found and how often ("imparfait", 5)."""
    out: dict[int, list[tuple[str, int]]] = {}
    for j, k in enumerate(kept):
        if not prose[j] or not k:
            continue
        found = [(label, sum(k.count(ch) for ch in chs)) for chs, label in matcher.tense_names]
        out[j] = [(label, c) for label, c in found if c]
    return out


# --------------------------------------------------------------------------- evidence


def label(name: str, language: str) -> str:
    """A feature name as a reader sees it in an explanation."""
    if name.startswith("phrase:"):
        return name[7:].replace("_", " ")
    fr = language == "fr"
    names = _LABELS_FR if fr else _LABELS_EN
    return names.get(name, name.replace("_", " "))


_LABELS_EN = {
    "tense": "past vs present",
    "imperfect": "past progressive",
    "simple_past": "simple past",
    "compound_past": "present perfect",
    "present": "present",
    "projecting": "future/modal",
    "habitual": "habitual would",
    "heading_past": "heading (past)",
    "heading_present": "heading (now)",
    "before_tense": "tense before",
    "after_tense": "tense after",
    "around_tense": "tenses around",
    "around_past_phrase": "memories around",
    "around_i_past": "I + past around",
    "personal_present": "first person in the present",
    "personal": "first person",
    "personal_past": "first person in the past",
    "i_past": "I + past verb",
    "i_present": "I + present verb",
    "second_person": "you",
    "generic": "people in general",
    "context_tense": "register around",
    "relative_tense": "tense vs register",
    "year_old": "year long before the essay",
    "year_recent": "year of the essay",
    "year_age": "age of the years",
    "non_prose": "non-prose",
    "title_like": "title-like line",
    "no_verb": "no verb",
    "opens_past": "opens on the past",
    "opens_present": "opens on the present",
    "opens_example": "opens on an example",
    "now_at_start": "now at start",
    "emphatic_no": "emphatic no",
    "first": "first paragraph",
    "last": "last paragraph",
    "words": "length",
    "vocabulary": "words",
}
_LABELS_FR = {
    **_LABELS_EN,
    "imperfect": "imparfait",
    "simple_past": "passé simple",
    "compound_past": "passé composé",
    "present": "présent",
    "projecting": "futur/conditionnel",
    "tense": "passé vs présent",
    "heading_past": "titre (passé)",
    "heading_present": "titre (présent)",
    "before_tense": "temps avant",
    "after_tense": "temps après",
    "around_tense": "temps autour",
    "around_past_phrase": "souvenirs autour",
    "around_i_past": "je + passé autour",
    "personal": "1re personne",
    "personal_present": "1re personne au présent",
    "personal_past": "1re personne au passé",
    "i_past": "je + passé",
    "i_present": "je + présent",
    "second_person": "vous/tu",
    "generic": "les gens",
    "context_tense": "registre autour",
    "relative_tense": "temps vs registre",
    "year_old": "année bien avant l'essai",
    "year_recent": "année de l'essai",
    "year_age": "âge des années",
    "non_prose": "non-prose",
    "title_like": "ligne-titre",
    "no_verb": "sans verbe",
    "opens_past": "ouvre sur le passé",
    "opens_present": "ouvre sur le présent",
    "opens_example": "ouvre sur un exemple",
    "now_at_start": "maintenant en tête",
    "emphatic_no": "NON emphatique",
    "first": "premier paragraphe",
    "last": "dernier paragraphe",
    "words": "longueur",
    "position": "position",
    "short": "court",
    "quote": "citation",
    "list": "liste",
    "vocabulary": "mots",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why paragraph ``index`` ended up in a section of ``kind``.

    ``scores`` are the model's log-probabilities of each kind for the paragraph
    on its own (before the sequence pass); ``reasons`` short human strings, the
    strongest contributions first: ``'"je me souviens" 1×1.9'`` is the feature
    (here a phrase family, quoted as written), its value and its weight towards
    the kind found.
    """

    index: int
    kind: str
    scores: Mapping[str, float] = field(compare=False)
    reasons: tuple[str, ...] = ()

    def describe(self, *, first: int = 0) -> str:
        """One line, e.g. ``'¶4 reminiscence: imparfait 0.6×2.3, "je me souviens" 1×1.9'``.

        ``first``: the number of the first paragraph (0 as in ``outline --json``; the
        reader counts from 1).
        """
        body = ", ".join(self.reasons) if self.reasons else "no clear evidence"
        return f"¶{self.index + first} {self.kind}: {body}"
