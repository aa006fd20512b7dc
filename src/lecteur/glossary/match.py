"""Finding glossary terms in text: one pass of one trie-shaped regex over the whole essay.

How a pattern is matched
------------------------
Every pattern of every entry, with its other grammatical numbers, becomes a path in
one trie, compiled into a single regular expression that runs once over a lowercased
copy of the text. The copy keeps the text's length (one character for one), so an
offset found in it is an offset in the essay. Each rule below answers a way essays
really write a term:

- *Accents*: each letter atom is a class of the letter and its accented forms, so
  ``hebergement`` finds « hébergement » and back; the rare accented letters beyond
  Latin-1 are folded in the copy instead (the classes stay small, the regex quick).
- *Decomposed accents (NFD), soft hyphens, zero-width spaces*: text copied from macOS,
  PDFs or HTML may carry combining marks (U+0300–036F), U+00AD, U+200B–200D or U+2060
  inside words. A paragraph holding any of them is searched by a second regex that lets
  them follow any atom; all other paragraphs keep the fast one.
- *Ligatures*: ``oe``/``œ`` and ``ae``/``æ`` match each other.
- *Apostrophes*: ``'``, ``’``, ``‘``, ``ʼ`` (U+02BC, a *letter* for Unicode) and ``´``
  are one; elision works (« l'ICQ », « lʼICQ »).
- *Separators*: a space in a pattern matches any run of white space or a hyphen
  (U+002D, U+2010, U+2011); a hyphen matches a hyphen, white space or nothing
  (« over-blog », « Over Blog », « overblog »); a space between a letter and a digit
  may be left out (« web2.0 »).
- *Numbers*: a pattern's plural or singular forms are matched too, both ways (a
  pattern ``blogs`` finds « un blog »), French and English (-s, -x, -aux/-al,
  -ies/-y); acronyms only take a lowercase ``s`` (« PCs », never « TICS »).
- *Version suffixes*: digits (and up to two letters) glued to a pattern that ends in a
  letter belong to the match: « phpBB2 », « mIRC32 », « GameSpy3D ».
- Whole words, leftmost-longest, never overlapping. Case-sensitive entries compare the
  matched text with their forms in the original case.

What is never matched
---------------------
Text inside URLs (a token holding ``://``, starting with ``www.`` or a domain followed by
a path), inside HTML tags (attributes), on reStructuredText explicit-markup lines
(``.. _name: …``), and any range the caller excludes (inline code, raw HTML: see
:func:`find_in_essay`).

Senses
------
An entry with ``context`` words only matches in a paragraph (for a heading: the heading
and the paragraph after it) that also holds one of those words, matched by the same
rules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lecteur.glossary.model import Glossary, HeadingOccurrence, Occurrence
from lecteur.text import ACCENT_TABLE, fold, fold_accents, lower_same_length

if TYPE_CHECKING:
    from lecteur.essay import Essay

__all__ = ["Matcher", "find_in_essay", "normalise"]

# --------------------------------------------------------------------------- normal forms

# Characters that may sit inside a word without being part of it: combining accents
# (NFD text), the soft hyphen, zero-width spaces and joiners, the word joiner, BOM.
_IGNORABLE = "\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff"
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE}]")
_IGNORABLE_RUN = f"[{_IGNORABLE}]*"
# Apostrophes and hyphens that ACCENT_TABLE leaves alone. Applied to the search copy
# (one for one) and to keys; this is punctuation, not a second accent fold.
_PUNCTUATION = {0x02BC: "'", 0x00B4: "'", 0x2010: "-", 0x2011: "-"}
_PUNCTUATION_CHARS = "".join(chr(c) for c in _PUNCTUATION)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", **_PUNCTUATION})
_WS_RE = re.compile(r"\s+")
_SEPARATORS_RE = re.compile(r"[\s\-]+")


def _clean(text: str) -> str:
    """Ignorable characters dropped, ligatures spelt out, apostrophes and hyphens unified."""
    if _IGNORABLE_RE.search(text):
        text = _IGNORABLE_RE.sub("", text)
    return fold_accents(text).translate(_LIGATURES)


def _key(text: str) -> str:
    """The case-insensitive lookup key of a form or of matched text.

    Separators are dropped: the regex has already checked where they may be, and
    "over-blog", "over blog" and "overblog" are one term.
    """
    return _SEPARATORS_RE.sub("", _clean(text.lower()))


def _exact_key(text: str) -> str:
    """The case-sensitive lookup key: as :func:`_key`, case kept."""
    return _SEPARATORS_RE.sub("", _clean(text))


def _shape(text: str) -> str:
    """A form as the trie spells it: lowercase, folded, single spaces, hyphens kept."""
    return _WS_RE.sub(" ", _clean(text.lower()).strip())


def normalise(text: str) -> str:
    """Lowercase, accent-free, single-spaced, straight-apostrophe form of ``text``.

    Handy for filtering entries in a UI: two spellings a reader would call the same
    normalise equally.
    """
    return _WS_RE.sub(" ", fold(text.strip()))


# --------------------------------------------------------------------------- atoms


def _letter_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of it and its Latin-1 accented lowercases.

    Only Latin-1 variants go into the classes: a class with characters above U+00FF
    makes :mod:`re` build a 64K-entry table per occurrence, which would multiply the
    compile time of a large glossary. The rarer letters beyond Latin-1 are folded in
    the text instead (see :func:`_search_copy`).
    """
    variants: dict[str, list[str]] = {chr(c): [chr(c)] for c in range(ord("a"), ord("z") + 1)}
    for cp, base in ACCENT_TABLE.items():
        ch = chr(cp)
        if cp < 0x100 and chr(base).isalpha() and ch == ch.lower():
            variants[chr(base).lower()].append(ch)
    return {
        base: (f"[{''.join(chars)}]" if len(chars) > 1 else base)
        for base, chars in variants.items()
    }


_LETTER_CLASS = _letter_classes()
_LIGATURE_ATOMS = {"oe": "œ", "ae": "æ"}
_APOSTROPHE = "['\u2019\u2018]"
_SPACE = r"(?:\s+|-)"
_HYPHEN = r"(?:-|\s+)?"
# Foldable letters beyond Latin-1 (Latin Extended-A/B, Latin Extended Additional).
_EXTENDED = "".join(
    chr(cp) for cp in sorted(ACCENT_TABLE) if cp >= 0x100 and chr(cp).isalpha()
)
_EXTENDED_RE = re.compile(f"[{_EXTENDED}]")
_EXTENDED_FOLD = {cp: chr(base).lower() for cp, base in ACCENT_TABLE.items() if cp >= 0x100}
# Frequent characters beyond Latin-1 that are not letters (typography, spaces): their
# presence alone does not call for the extended fold.
_TYPOGRAPHY = (
    "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u2039\u203a\u20ac\u2022\u2009\u202f\u200b"
)


def _atoms(shape: str) -> list[str]:
    """The regex atoms spelling a shaped form in the search copy."""
    atoms: list[str] = []
    i = 0
    while i < len(shape):
        ch = shape[i]
        pair = shape[i : i + 2]
        if pair in _LIGATURE_ATOMS:
            spelt = _LETTER_CLASS[pair[0]] + _LETTER_CLASS[pair[1]]
            atoms.append(f"(?:{spelt}|{_LIGATURE_ATOMS[pair]})")
            i += 2
            continue
        if ch == " ":
            before = shape[i - 1] if i else ""
            after = shape[i + 1] if i + 1 < len(shape) else ""
            letter_digit = (before.isalpha() and after.isdigit()) or (
                before.isdigit() and after.isalpha()
            )
            atoms.append(_SPACE + "?" if letter_digit else _SPACE)
        elif ch == "-":
            atoms.append(_HYPHEN)
        elif ch == "'":
            atoms.append(_APOSTROPHE)
        elif ch in _LETTER_CLASS:
            atoms.append(_LETTER_CLASS[ch])
        else:
            atoms.append(re.escape(ch))
        i += 1
    return atoms


def _search_copy(text: str) -> str:
    """``text`` lowercased, with rare accented letters and odd punctuation unified.

    Same length as ``text``. Cheap when there is nothing to do: encoding to Latin-1
    (dropping what does not fit) tells how many characters lie beyond it, and the usual
    typographic characters account for most or all of them.
    """
    lowered = lower_same_length(text)
    if any(ch in lowered for ch in _PUNCTUATION_CHARS):
        lowered = lowered.translate(_PUNCTUATION)
    beyond = len(lowered) - len(lowered.encode("latin-1", "ignore"))
    for ch in _TYPOGRAPHY:
        if beyond <= 0:
            return lowered
        beyond -= lowered.count(ch)
    if beyond <= 0:
        return lowered
    return _EXTENDED_RE.sub(lambda m: _EXTENDED_FOLD[ord(m.group())], lowered)


# --------------------------------------------------------------------------- numbers

_VOWELS = frozenset("aeiouy")


def _is_acronym(word: str) -> bool:
    """Capitals only, two to four letters (TIC, NTIC, BBS): plurals take a lowercase s."""
    letters = [c for c in word if c.isalpha()]
    return 1 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _word_plurals(word: str) -> list[str]:
    """Plausible plurals of one word (English and French), in its case."""
    if not word or not word[-1].isalpha():
        return []
    if _is_acronym(word):
        return [] if word.endswith("S") else [word + "s"]
    lower = fold_accents(word.lower())
    if word.isupper() and len(word) > 1:  # a word in capitals: AVATAR, AVATARS
        return [p.upper() for p in _word_plurals(word.lower())]
    if lower.endswith(("s", "x", "z")):
        return []  # invariable (French) or too irregular (English)
    if lower.endswith(("ch", "sh")):
        return [word + "es", word + "s"]
    if lower.endswith(("eau", "au", "eu")):
        return [word + "x", word + "s"]
    if lower.endswith("al") and len(lower) > 3:
        return [word[:-2] + "aux", word + "s"]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        return [word[:-1] + "ies", word + "s"]
    return [word + "s"]


def _word_singular(word: str) -> str | None:
    """The singular of a plural common noun (lowercase, four letters or more), if any.

    Names (capitalised) and acronyms are left alone: "Windows" is no plural of
    "Window", nor "News" of "new".
    """
    if len(word) < 4 or word != word.lower() or not word.isalpha():
        return None
    lower = fold_accents(word)
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith("aux") and len(lower) > 4:
        return word[:-3] + "al"
    if lower.endswith(("eaux", "eux")) or (lower.endswith("aux") and len(lower) == 4):
        return word[:-1]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return None


def _pattern_forms(pattern: str) -> list[str]:
    """The pattern, its singular (if it is a plural) and their plurals.

    The number is carried by the last word, or by the first and last together
    (« réseaux sociaux », « régies publicitaires »).
    """
    words = pattern.split()
    if not words:
        return []
    bases = [words]
    singular_first = _word_singular(words[0]) if len(words) > 1 else None
    singular_last = _word_singular(words[-1])
    if singular_last is not None:
        base = words[:-1] + [singular_last]
        if singular_first is not None:
            base[0] = singular_first
        bases.append(base)
    forms: list[str] = []
    for base in bases:
        forms.append(" ".join(base))
        last = _word_plurals(base[-1])
        forms += [" ".join(base[:-1] + [p]) for p in last]
        if len(base) > 1:
            first = _word_plurals(base[0])
            forms += [" ".join([p] + base[1:]) for p in first]
            forms += [" ".join([f] + base[1:-1] + [p]) for f in first for p in last]
    return list(dict.fromkeys(forms))


# --------------------------------------------------------------------------- the trie


def _trie_regex(shapes: Iterable[str], *, tolerant: bool = False) -> str:
    """One regex alternation matching any of ``shapes``, shaped like a trie.

    Letter atoms at a node are disjoint, so the regex mostly walks a single path, and
    its greedy optional groups prefer the longest form; it backtracks to a shorter one
    only when the end-of-word check fails. ``tolerant``: ignorable characters (see
    :data:`_IGNORABLE`) may follow any atom.
    """
    trie: dict[str, Any] = {}
    for shape in shapes:
        node = trie
        for atom in _atoms(shape):
            node = node.setdefault(atom, {})
        node[""] = {}
    skip = _IGNORABLE_RUN if tolerant else ""

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + skip + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


_WORDCHAR = r"[^\W_]"  # a letter or a digit
# Digits glued to a form ending in a letter, then at most two letters: a version.
_VERSION = r"(?:(?<=[^\W\d_])\d+[^\W_]{0,2})?"
_END = rf"(?!{_WORDCHAR})"


def _compile(shapes: Sequence[str], *, tolerant: bool) -> re.Pattern[str]:
    # "[\W_]" consumes the character before the match (not a letter or digit) rather
    # than looking behind: a leading character class lets the regex engine skip quickly
    # to candidate positions. Group 1 is the form, without a version suffix.
    return re.compile(rf"[\W_]({_trie_regex(shapes, tolerant=tolerant)}){_VERSION}{_END}")


# --------------------------------------------------------------------------- exclusions

_URL_TOKEN_RE = re.compile(r"://|^www\.|^[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)


def _token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The white-space-delimited token around ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace() and text[left - 1] != "\x00":
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace() and text[right] != "\x00":
        right += 1
    return left, right


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a URL (scheme, ``www.`` or domain/path)."""
    left, right = _token_bounds(text, start, end)
    token = text[left:right].lstrip("([<«\"'“‘")
    return _URL_TOKEN_RE.search(token) is not None


def _in_tag(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether ``text[start:end]`` sits inside an HTML tag (its name or attributes)."""
    lt = text.rfind("<", lo, start)
    if lt == -1 or text.find(">", lt, start) != -1:
        return False
    after = text[lt + 1 : lt + 2]
    return (after.isalpha() or after in "/!") and text.find(">", end, hi) != -1


def _on_directive_line(text: str, start: int, lo: int) -> bool:
    """Whether the line holding ``start`` is reStructuredText explicit markup (``.. x``)."""
    line = max(text.rfind("\n", lo, start), lo - 1) + 1
    return text.startswith(".. ", line)


# --------------------------------------------------------------------------- the matcher


@dataclass(frozen=True, slots=True)
class _Form:
    """One matchable form (pattern, singular or plural) of an entry."""

    entry_id: str
    #: For case-sensitive entries, the exact key required.
    exact: str | None


class Matcher:
    """Find glossary terms in paragraphs, in one pass over the text.

    Build once per glossary (about 0.1 s for 600 entries), then call :meth:`find` or
    :func:`find_in_essay`.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        forms: dict[str, list[_Form]] = {}
        shapes: dict[str, None] = {}
        for entry in glossary.entries.values():
            for pattern in entry.patterns:
                for form in _pattern_forms(pattern):
                    key = _key(form)
                    if not key:
                        continue
                    shapes.setdefault(_shape(form), None)
                    candidate = _Form(entry.id, _exact_key(form) if entry.case_sensitive else None)
                    bucket = forms.setdefault(key, [])
                    if candidate not in bucket:
                        bucket.append(candidate)
        for bucket in forms.values():
            # Case-sensitive forms are the more specific: try them first.
            bucket.sort(key=lambda f: f.exact is None)
        self._forms = forms
        self._shapes = tuple(shapes)
        self._regex = _compile(self._shapes, tolerant=False) if shapes else None
        self._tolerant_regex: re.Pattern[str] | None = None
        self._guards = {e.id: e.context for e in glossary.entries.values() if e.context}
        self._context: _ContextFinder | None = None
        self._alternatives: dict[tuple[int, int], tuple[str, ...]] = {}

    # -- public ------------------------------------------------------------

    def find(
        self,
        texts: Sequence[str],
        *,
        skip: Mapping[int, Sequence[tuple[int, int]]] | None = None,
        context: Mapping[int, str] | None = None,
    ) -> list[Occurrence]:
        """Every occurrence in ``texts`` (paragraphs), sorted by (paragraph, start).

        ``skip``: per paragraph index, ranges where nothing may match (inline code,
        raw HTML; sorted, not overlapping). ``context``: per paragraph index, the text
        in which guard words are looked for, when it is not the paragraph itself.

        Paragraphs are joined by NUL separators (which no pattern can cross and which
        count as word boundaries), searched once, and offsets are mapped back.
        """
        if self._regex is None or not texts:
            return []
        # Occurrences that other entries could claim too: (paragraph, start) -> ids.
        self._alternatives: dict[tuple[int, int], tuple[str, ...]] = {}
        tolerant = [i for i, t in enumerate(texts) if _IGNORABLE_RE.search(t)]
        if tolerant:
            plain = list(texts)
            for i in tolerant:  # searched by the tolerant regex below, not twice
                plain[i] = " " * len(texts[i])
            found = self._search(plain, texts, self._regex, skip)
            if self._tolerant_regex is None:
                self._tolerant_regex = _compile(self._shapes, tolerant=True)
            found += [
                o
                for o in self._search(texts, texts, self._tolerant_regex, skip)
                if o.paragraph in set(tolerant)
            ]
            found.sort(key=lambda o: (o.paragraph, o.start))
        else:
            found = self._search(texts, texts, self._regex, skip)
        if self._guards and any(
            o.entry_id in self._guards or (o.paragraph, o.start) in self._alternatives
            for o in found
        ):
            found = self._guarded(found, texts, context or {})
        return found

    # -- internals ---------------------------------------------------------

    def _search(
        self,
        searched: Sequence[str],
        texts: Sequence[str],
        regex: re.Pattern[str],
        skip: Mapping[int, Sequence[tuple[int, int]]] | None,
    ) -> list[Occurrence]:
        """Run ``regex`` over ``searched`` (``texts`` with some paragraphs blanked)."""
        starts: list[int] = []
        offset = 1
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        original = "\x00" + "\x00".join(texts)
        lowered = _search_copy("\x00" + "\x00".join(searched))
        search = regex.search
        result: list[Occurrence] = []
        pos = 0
        while (found := search(lowered, pos)) is not None:
            start, form_end, end = found.start(1), found.end(1), found.end()
            paragraph = bisect.bisect_right(starts, start) - 1
            base = starts[paragraph]
            hi = base + len(texts[paragraph])
            if self._excluded(original, start, end, base, hi, skip, paragraph):
                pos = end - 1 if end > start + 1 else start
                continue
            ids = self._accept(original, lowered, start, form_end)
            if not ids:
                hit = self._shorter(original, lowered, start, form_end)
                if hit is None:
                    pos = start  # the next match starts after this one's start
                    continue
                ids, end = hit
            if len(ids) > 1:
                self._alternatives[(paragraph, start - base)] = ids
            result.append(
                Occurrence(ids[0], paragraph, start - base, end - base, original[start:end])
            )
            # The match's last character may be the boundary before the next.
            pos = end - 1
        return result

    @staticmethod
    def _excluded(
        original: str,
        start: int,
        end: int,
        lo: int,
        hi: int,
        skip: Mapping[int, Sequence[tuple[int, int]]] | None,
        paragraph: int,
    ) -> bool:
        """Whether a match falls where nothing may be matched (see the module doc)."""
        if skip:
            ranges = skip.get(paragraph)
            if ranges:
                s, e = start - lo, end - lo
                i = bisect.bisect_right(ranges, (s, len(original))) - 1
                if i >= 0 and ranges[i][1] > s:
                    return True
                if i + 1 < len(ranges) and ranges[i + 1][0] < e:
                    return True
        window = original[max(lo, start - 120) : min(hi, end + 120)]
        if ("/" in window or "www." in window) and _in_url(original, start, end):
            return True
        if "<" in window and _in_tag(original, start, end, lo, hi):
            return True
        return _on_directive_line(original, start, lo)

    def _accept(self, original: str, lowered: str, start: int, end: int) -> tuple[str, ...]:
        """The entries with a form matching ``original[start:end]``, best first."""
        bucket = self._forms.get(lowered[start:end])
        if bucket is None:
            bucket = self._forms.get(_key(original[start:end]))
            if bucket is None:
                return ()
        exact: str | None = None
        ids: list[str] = []
        for form in bucket:
            if form.exact is not None:
                if exact is None:
                    exact = _exact_key(original[start:end])
                if exact != form.exact:
                    continue
            if form.entry_id not in ids:
                ids.append(form.entry_id)
        return tuple(ids)

    def _shorter(
        self, original: str, lowered: str, start: int, end: int
    ) -> tuple[tuple[str, ...], int] | None:
        """The longest acceptable match at ``start`` ending before ``end``.

        Reached only when the longest form found there was refused (its entries are
        case-sensitive and the case differs). Every form that matches at ``start`` lies
        on the same path of the trie, so the shorter candidates are the prefixes of the
        matched text that end on a word boundary.
        """
        for stop in range(end - 1, start, -1):
            if lowered[stop - 1].isspace() or lowered[stop].isalnum():
                continue
            ids = self._accept(original, lowered, start, stop)
            if ids:
                return ids, stop
        return None

    def _guarded(
        self, found: list[Occurrence], texts: Sequence[str], context: Mapping[int, str]
    ) -> list[Occurrence]:
        """``found`` less the guarded entries' matches with no guard word nearby."""
        if self._context is None:
            self._context = _ContextFinder(self._guards)
        present: dict[int, set[str]] = {}
        kept: list[Occurrence] = []
        for occ in found:
            for entry_id in self._alternatives.get((occ.paragraph, occ.start), (occ.entry_id,)):
                if entry_id not in self._guards:
                    break
                here = present.get(occ.paragraph)
                if here is None:
                    text = context.get(occ.paragraph, texts[occ.paragraph])
                    here = present[occ.paragraph] = self._context.entries_in(text)
                if entry_id in here:
                    break
            else:
                continue
            kept.append(occ if entry_id == occ.entry_id else replace(occ, entry_id=entry_id))
        return kept


class _ContextFinder:
    """Which guarded entries have one of their context words in a text."""

    def __init__(self, guards: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, set[str]] = {}
        shapes: dict[str, None] = {}
        for entry_id, words in guards.items():
            for word in words:
                for form in _pattern_forms(word):
                    owners.setdefault(_key(form), set()).add(entry_id)
                    shapes.setdefault(_shape(form), None)
        self._owners = owners
        self._regex = _compile(tuple(shapes), tolerant=True)

    def entries_in(self, text: str) -> set[str]:
        lowered = _search_copy("\x00" + text)
        result: set[str] = set()
        for found in self._regex.finditer(lowered):
            result |= self._owners.get(_key(found.group(1)), set())
        return result


# --------------------------------------------------------------------------- essays

_SKIPPED_KINDS = frozenset({"code", "html"})
_SKIPPED_STYLES = frozenset({"code", "html"})


def find_in_essay(
    matcher: Matcher, essay: Essay
) -> tuple[list[Occurrence], list[HeadingOccurrence]]:
    """The occurrences in an essay's paragraphs, and those in its headings.

    Code and raw-HTML paragraphs, inline code and inline HTML are skipped (link text is
    read, link targets are not text). A heading's guard words may be in the heading or in
    the paragraph after it.
    """
    from lecteur.essay import Heading

    paragraphs = essay.paragraphs
    texts = [p.text for p in paragraphs]
    skip: dict[int, list[tuple[int, int]]] = {}
    for i, p in enumerate(paragraphs):
        if p.kind in _SKIPPED_KINDS:
            skip[i] = [(0, len(p.text))]
        else:
            ranges = [(m.start, m.end) for m in p.marks if _SKIPPED_STYLES & set(m.style)]
            if ranges:
                skip[i] = _merged_ranges(ranges)
    headings = [(n, b) for n, b in enumerate(essay.blocks) if isinstance(b, Heading)]
    context: dict[int, str] = {}
    for h, (_, heading) in enumerate(headings):
        unit = len(texts) + h
        after = texts[heading.next_paragraph] if heading.next_paragraph < len(texts) else ""
        context[unit] = f"{heading.text}\n{after}"
        ranges = [(m.start, m.end) for m in heading.marks if _SKIPPED_STYLES & set(m.style)]
        if ranges:
            skip[unit] = _merged_ranges(ranges)
    found = matcher.find(texts + [b.text for _, b in headings], skip=skip, context=context)
    in_paragraphs = [o for o in found if o.paragraph < len(texts)]
    in_headings = [
        HeadingOccurrence(
            o.entry_id,
            headings[o.paragraph - len(texts)][0],
            headings[o.paragraph - len(texts)][1].next_paragraph,
            o.start,
            o.end,
            o.text,
        )
        for o in found
        if o.paragraph >= len(texts)
    ]
    return in_paragraphs, in_headings


def _merged_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
