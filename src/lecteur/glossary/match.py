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
  inside words. A paragraph holding any of them is searched without them, and the
  offsets found are mapped back to the original text.
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
An entry with ``context`` words only matches, as a single word, in a paragraph (for a
heading: the heading and the paragraph after it) that also holds one of those words,
matched by the same rules; a match of several words ("MSN Messenger") needs no guard,
unless the entry has ``guard_phrases`` ("The Oregon Trail": the game or the trail).

Speed
-----
A short text is searched with the regex of the shapes whose opening words it holds. With
a disk cache (``cache_dir``, :mod:`lecteur.regexcache`), the built tables and every
compiled regex are read back instead of rebuilt; and a book (from 500,000 characters)
with pyahocorasick installed is searched with the regex of every shape, tried only where
an Aho–Corasick prefilter finds a form may start. Each way finds the same occurrences as
the matcher before them (``benchmarks/matcher_reference.py``; see
``tests/unit/test_glossary_reference.py``).
"""

from __future__ import annotations

import bisect
import codecs
import importlib
import itertools
import re
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.glossary.model import Glossary, HeadingOccurrence, Occurrence
from lecteur.regexcache import RegexStore, cache_key, digest
from lecteur.text import ACCENT_TABLE, fold, fold_accents

if TYPE_CHECKING:
    from lecteur.essay import Essay

__all__ = ["Matcher", "find_in_essay", "normalise"]

# --------------------------------------------------------------------------- normal forms

# Characters that may sit inside a word without being part of it: combining accents
# (NFD text), the soft hyphen, zero-width spaces and joiners, the word joiner, BOM.
_IGNORABLE = "\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff"
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE}]")
# Apostrophes and hyphens that ACCENT_TABLE leaves alone. Applied to the search copy
# (one for one) and to keys; this is punctuation, not a second accent fold.
_PUNCTUATION: dict[int, str] = {0x02BC: "'", 0x00B4: "'", 0x2010: "-", 0x2011: "-"}
_LIGATURES = str.maketrans(
    {ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE", **_PUNCTUATION}
)
_WS_RE = re.compile(r"\s+")
_SEPARATORS_RE = re.compile(r"[\s\-]+")


def _clean(text: str) -> str:
    """Ignorable characters dropped, ligatures spelt out, apostrophes and hyphens unified."""
    if _IGNORABLE_RE.search(text):
        text = _IGNORABLE_RE.sub("", text)
    return fold_accents(text).translate(_LIGATURES)


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """The case-insensitive lookup key of a form or of matched text.

    Separators are dropped: the regex has already checked where they may be, and
    "over-blog", "over blog" and "overblog" are one term.
    """
    return _SEPARATORS_RE.sub("", _clean(text.lower()))


@lru_cache(maxsize=65536)
def _exact_key(text: str) -> str:
    """The case-sensitive lookup key: as :func:`_key`, case kept."""
    return _SEPARATORS_RE.sub("", _clean(text))


def _shape(text: str) -> str:
    """A form as the trie spells it: lowercase, folded, single spaces, hyphens kept; a
    character beyond Latin-1 as the search copy writes it ("…" and "–" as a mark, a Greek
    letter as a letter), else a form holding one could never be found."""
    shaped = _WS_RE.sub(" ", _clean(text.lower()).strip())
    if shaped.isascii():
        return shaped
    return "".join(ch if ord(ch) < 256 else _beyond_latin1(ch) for ch in shaped)


def normalise(text: str) -> str:
    """Lowercase, accent-free, single-spaced, straight-apostrophe form of ``text``.

    Handy for filtering entries in a UI: two spellings a reader would call the same
    normalise equally.
    """
    return _WS_RE.sub(" ", fold(text.strip()))


# --------------------------------------------------------------------------- the search copy

# The text is searched in a folded copy of the same length: lowercase, accents dropped,
# apostrophes, hyphens and spaces unified, the ligatures œ and æ as one placeholder each
# (the regex reads "oe" or the placeholder). Latin-1 characters are folded by a 256-byte
# table (bytes.translate, in C); the rarer characters beyond Latin-1 by an encoding
# error handler, called once per run of them.
# œ and æ are written þ and ð in the copy: the table sends the text's own þ and ð
# elsewhere, so these two only ever come from the ligatures (or from the control
# characters U+001E and U+001F, which the error handler uses to pass œ through).
_OE, _AE = "\xfe", "\xf0"
_OTHER_LETTER = "\xaa"  # a letter that no form contains (ª): keeps word boundaries
_OTHER_MARK = "?"


def _latin1_table() -> bytes:
    table = bytearray(range(256))
    for code in range(256):
        ch = chr(code)
        folded = chr(ACCENT_TABLE.get(code, code)).lower()
        if len(folded) == 1 and ord(folded) < 256:
            table[code] = ord(folded)
    for ch, to in (
        ("æ", _AE),
        ("Æ", _AE),
        (_OE, _OTHER_LETTER),
        (_AE, _OTHER_LETTER),
        ("\x1e", _OE),
        ("\x1f", _AE),
        ("\xa0", " "),
        ("\xb4", "'"),
    ):
        table[ord(ch)] = ord(to)
    return bytes(table)


_LATIN1_FOLD = _latin1_table()


def _beyond_latin1(ch: str) -> str:
    """The one character that stands for ``ch`` (beyond Latin-1) in the search copy."""
    code = ord(ch)
    if code in _PUNCTUATION:
        return _PUNCTUATION[code]
    if code in ACCENT_TABLE:
        folded = chr(ACCENT_TABLE[code]).lower()
        return folded if len(folded) == 1 and folded.isascii() else _OTHER_LETTER
    if ch in "œŒ":
        return "\x1e"  # becomes _OE in the table
    if ch.isspace():
        return " "
    if ch.isalnum():
        return _OTHER_LETTER
    return _OTHER_MARK


_BEYOND_CACHE: dict[str, str] = {}


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: characters beyond Latin-1, one for one."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start : error.end]
    out = []
    for ch in run:
        folded = _BEYOND_CACHE.get(ch)
        if folded is None:
            folded = _BEYOND_CACHE[ch] = _beyond_latin1(ch)
        out.append(folded)
    return "".join(out), error.end


codecs.register_error("lecteur.glossary.fold", _fold_error)


def _joined(texts: Iterable[str]) -> str:
    """``texts`` joined by NULs, with a NUL before the first: one copy, not two."""
    return "\x00".join(itertools.chain(("",), texts))


def _paragraph_starts(texts: Sequence[str]) -> list[int]:
    """Where each text starts in :func:`_joined` ``(texts)``."""
    starts: list[int] = []
    offset = 1
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return starts


def _search_copy(text: str) -> str:
    """``text`` folded for searching: the same length, see above."""
    encoded = text.encode("latin-1", "lecteur.glossary.fold")
    return encoded.translate(_LATIN1_FOLD).decode("latin-1")


# --------------------------------------------------------------------------- atoms

_LIGATURE_ATOMS = {"oe": f"(?:oe|{_OE})", "ae": f"(?:ae|{_AE})"}
_SPACE = r"(?:\s+|-)"
_HYPHEN = r"(?:-|\s+)?"


def _atoms(shape: str) -> list[str]:
    """The regex atoms spelling a shaped form in the search copy."""
    atoms: list[str] = []
    i = 0
    while i < len(shape):
        ch = shape[i]
        pair = shape[i : i + 2]
        if pair in _LIGATURE_ATOMS:
            atoms.append(_LIGATURE_ATOMS[pair])
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
        else:
            atoms.append(re.escape(ch))
        i += 1
    return atoms


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
        return [word + "x"]
    if lower.endswith("al") and len(lower) > 3:
        return [word[:-2] + "aux", word + "s"]
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        return [word[:-1] + "ies"]
    return [word + "s"]


def _word_singulars(word: str) -> list[str]:
    """The possible singulars of a plural common noun (lowercase, four letters or more).

    Names (capitalised) and acronyms are left alone: "Windows" is no plural of
    "Window", nor "News" of "new". French -aux plurals are left alone too (journaux,
    tableaux, travaux: no one rule). "-ies" gives both readings: « régies » → régie,
    "communities" → community.
    """
    if len(word) < 4 or word != word.lower() or not word.isalpha():
        return []
    lower = fold_accents(word)
    if lower.endswith(("eux", "oux")):
        return [word[:-1]]
    if not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return []
    singulars = [word[:-1]]
    if lower.endswith("ies") and len(lower) > 4:
        singulars.append(word[:-3] + "y")
    return singulars


def _pattern_forms(pattern: str) -> list[str]:
    """The pattern, its singular (if it is a plural) and their plurals.

    The number is carried by the last word, and in a French compound also by the first
    (« réseaux sociaux », « jeux de rôle »): the first word takes a plural only if it is
    a lowercase word of three letters or more (not "the", "a", nor a name).
    """
    words = pattern.split()
    if not words:
        return []
    bases = [words]
    if len(words) > 1 and not _word_singulars(words[-1]):
        # « pages perso »: the number is on the first word only.
        bases += [[singular, *words[1:]] for singular in _word_singulars(words[0])]
    for singular in _word_singulars(words[-1]):
        base = words[:-1] + [singular]
        if len(words) > 1:
            base[0] = next(iter(_word_singulars(words[0])), words[0])
        bases.append(base)
    forms: list[str] = []
    for base in bases:
        forms.append(" ".join(base))
        last = _word_plurals(base[-1])
        forms += [" ".join(base[:-1] + [p]) for p in last]
        head = base[0]
        if len(base) > 1 and len(head) >= 3 and head.isalpha() and head == head.lower():
            first = _word_plurals(head)
            forms += [" ".join([p] + base[1:]) for p in first]
            forms += [" ".join([f] + base[1:-1] + [p]) for f in first for p in last]
    return list(dict.fromkeys(forms))


# --------------------------------------------------------------------------- the trie


def _trie_regex(shapes: Iterable[str]) -> str:
    """One regex alternation matching any of ``shapes``, shaped like a trie.

    Letter atoms at a node are disjoint, so the regex mostly walks a single path, and
    its greedy optional groups prefer the longest form; it backtracks to a shorter one
    only when the end-of-word check fails.
    """
    trie: dict[str, Any] = {}
    for shape in shapes:
        node = trie
        for atom in _atoms(shape):
            node = node.setdefault(atom, {})
        node[""] = {}

    # Built bottom-up with a stack, not by recursion: a term of a million letters is a
    # path a million nodes deep. A run of nodes with one child each is one string.
    def chain(atom: str, child: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
        atoms = [atom]
        while len(child) == 1 and "" not in child:
            ((atom, child),) = child.items()
            atoms.append(atom)
        return atoms, child

    emitted: dict[int, str] = {}
    stack: list[tuple[dict[str, Any], bool]] = [(trie, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((chain(atom, child)[1], False) for atom, child in node.items() if atom)
            continue
        branches = []
        for atom, child in node.items():
            if atom:
                atoms, end = chain(atom, child)
                atoms.append(emitted.pop(id(end)))
                branches.append("".join(atoms))
        if not branches:
            emitted[id(node)] = ""
            continue
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        emitted[id(node)] = f"(?:{body})?" if "" in node else body
    return emitted[id(trie)]


_WORDCHAR = r"[^\W_]"  # a letter or a digit
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")
# Digits glued to a form ending in a letter, then at most two letters: a version.
_VERSION = r"(?:(?<=[^\W\d_])\d+[^\W_]{0,2})?"
_END = rf"(?!{_WORDCHAR})"


def _source(shapes: Sequence[str]) -> str:
    # "[\W_]" consumes the character before the match (not a letter or digit) rather
    # than looking behind: a leading character class lets the regex engine skip quickly
    # to candidate positions. Group 1 is the form, without a version suffix.
    return rf"[\W_]({_trie_regex(shapes)}){_VERSION}{_END}"


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


def _has_directive(text: str) -> bool:
    """Whether a paragraph holds a line opening with ".. " (lines begin at its start, a
    newline or a NUL): reStructuredText explicit markup."""
    return text.startswith(".. ") or "\n.. " in text or "\x00.. " in text


def _on_directive_line(text: str, start: int, lo: int) -> bool:
    """Whether the line holding ``start`` is reStructuredText explicit markup (``.. x``)."""
    line = max(text.rfind("\n", lo, start), lo - 1) + 1
    return text.startswith(".. ", line)


# --------------------------------------------------------------------------- the matcher


def _openers(shape: str) -> set[str]:
    """The words a text must hold for ``shape`` to match in it.

    The first run of letters ("over" in "over-blog"), and the first segment with its
    hyphens and apostrophes dropped ("overblog"), since a hyphen may be left out; both
    with ligatures spelt out, as in :func:`_clean`.
    """
    first = shape.split(" ")[0]
    openers = set(_LETTER_RUN_RE.findall(first)[:1])
    joined = "".join(_LETTER_RUN_RE.findall(first.split("'")[-1] if "'" in first else first))
    if joined and not first[0].isdigit():
        openers.add(joined)
    if "'" in first:
        openers.update(_LETTER_RUN_RE.findall(first)[:1])
    return openers


def _without_ignorables(texts: Sequence[str]) -> tuple[list[str], dict[int, list[int]]]:
    """``texts`` with ignorable characters removed, and for each paragraph that had
    some, the original index of every character kept."""
    search = _IGNORABLE_RE.search
    if not any(search(text) for text in texts):
        return list(texts), {}
    cleaned = list(texts)
    kept: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        if _IGNORABLE_RE.search(text):
            kept[i] = [j for j, ch in enumerate(text) if not _IGNORABLE_RE.match(ch)]
            cleaned[i] = "".join(text[j] for j in kept[i])
    return cleaned, kept


def _skip_in_cleaned(
    skip: Mapping[int, Sequence[tuple[int, int]]], kept: Mapping[int, list[int]]
) -> dict[int, Sequence[tuple[int, int]]]:
    """Skipped ranges moved into the cleaned paragraphs' offsets."""
    moved: dict[int, Sequence[tuple[int, int]]] = dict(skip)
    for i, ranges in skip.items():
        if i in kept:
            index = kept[i]
            moved[i] = [
                (bisect.bisect_left(index, s), bisect.bisect_left(index, e)) for s, e in ranges
            ]
    return moved


def _restore(occ: Occurrence, texts: Sequence[str], kept: Mapping[int, list[int]]) -> Occurrence:
    """An occurrence found in a cleaned paragraph, with the original offsets and text."""
    index = kept.get(occ.paragraph)
    if index is None:
        return occ
    start, end = index[occ.start], index[occ.end - 1] + 1
    return replace(occ, start=start, end=end, text=texts[occ.paragraph][start:end])


_Tables = tuple[
    dict[str, list[tuple[str, "str | None"]]], list[str], dict[str, list[str]], list[str]
]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code the tables and regexes come from (this module, the folding
    in :mod:`lecteur.text`, the cache's own): changed code invalidates the cache."""
    from lecteur import regexcache as compiled
    from lecteur import text

    try:
        return digest(
            Path(module.__file__ or "").read_text(encoding="utf-8")
            for module in (sys.modules[__name__], text, compiled)
        )
    except OSError:  # pragma: no cover - a frozen build
        return "?"


def _matching_fields(glossary: Glossary) -> Iterable[str]:
    """What the matcher's tables are made of, in order: ids, case flags, patterns."""
    yield _code_digest()
    for entry in glossary.entries.values():
        yield entry.id
        yield "C" if entry.case_sensitive else "c"
        yield "\x01".join(entry.patterns)


def _valid_tables(tables: object) -> bool:
    return (
        isinstance(tables, tuple)
        and len(tables) == 4
        and isinstance(tables[0], dict)
        and isinstance(tables[1], list)
        and isinstance(tables[2], dict)
        and isinstance(tables[3], list)
    )


def _build_tables(glossary: Glossary) -> _Tables:
    """Forms by key (case-sensitive forms first), shapes, shapes by opener, and the
    shapes without letters (always searched). Plain data, kept by the disk cache."""
    forms: dict[str, list[tuple[str, str | None]]] = {}
    shapes: dict[str, None] = {}
    for entry in glossary.entries.values():
        for pattern in entry.patterns:
            for form in _pattern_forms(pattern):
                key = _key(form)
                if not key:
                    continue
                shapes.setdefault(_shape(form), None)
                candidate = (entry.id, _exact_key(form) if entry.case_sensitive else None)
                bucket = forms.setdefault(key, [])
                if candidate not in bucket:
                    bucket.append(candidate)
    for bucket in forms.values():
        # Case-sensitive forms are the more specific: try them first.
        bucket.sort(key=lambda f: f[1] is None)
    # Shapes by the words that may open them in a text (see _openers): a text only
    # needs the shapes whose opener it holds, and a smaller regex compiles and scans
    # faster. Shapes without letters (3615) are always needed.
    index: dict[str, list[str]] = {}
    always: list[str] = []
    for shape in shapes:
        openers = _openers(shape)
        for opener in sorted(openers):
            index.setdefault(opener, []).append(shape)
        if not openers:
            always.append(shape)
    return forms, list(shapes), index, always


# --------------------------------------------------------------------------- the prefilter

# A book is not searched position by position: an Aho–Corasick automaton (pyahocorasick,
# in C) finds, in one pass, where a form may start, and the regex is tried there only.
# The automaton reads a copy of the search copy where every character that is not a
# letter or a digit (what the regex's leading "[\W_]" takes) is a space, and every digit
# 0 (a version's digits are any: one key, not ten); its keys are
# the shapes spelt the same way, each from the boundary before it up to the first atom
# whose length varies. They are necessary conditions, never sufficient: the regex
# decides, so the matches are those a search of the whole text finds.
_PREFILTER_TABLE = bytes(
    32 if re.match(r"[\W_]", chr(code)) else 48 if chr(code).isdigit() else code
    for code in range(256)
)
_PREFILTER_FILE = "prefilter"
_LETTER_RE = re.compile(r"[^\W\d_]")
_PREFILTER_VARIANTS = 16


def _no_objects(data: bytes) -> object:
    raise ValueError("the prefilter stores no objects")


def _prefilter_keys(shape: str) -> list[str]:
    """The strings, in the prefilter's copy, that start every text the regex of ``shape``
    matches (after its leading boundary). Follows :func:`_atoms`: a ligature is either
    spelling; a separator of variable length is one space (then the key goes on) or two
    and more (then it stops there); a complete shape is followed by the end of the word
    or, after a letter, by a version's first digit (every digit is 0 in that copy)."""
    done: list[str] = []
    live = [" "]
    i = 0
    while i < len(shape) and live:
        if len(live) > _PREFILTER_VARIANTS:
            break
        pair = shape[i : i + 2]
        if pair in _LIGATURE_ATOMS:
            one = _OE if pair == "oe" else _AE
            live = [k + pair for k in live] + [k + one for k in live]
            i += 2
            continue
        ch = shape[i]
        if ch == " " or ch == "-":
            before = shape[i - 1] if i else ""
            after = shape[i + 1] if i + 1 < len(shape) else ""
            letter_digit = (before.isalpha() and after.isdigit()) or (
                before.isdigit() and after.isalpha()
            )
            optional = ch == "-" or letter_digit
            done += [k + "  " for k in live]
            live = (live if optional else []) + [k + " " for k in live]
        else:
            code = ord(ch)
            live = [k + (chr(_PREFILTER_TABLE[code]) if code < 256 else ch) for k in live]
        i += 1
    if i == len(shape):
        # Complete: the regex then wants the end of a word, or a version's digits after
        # a letter; the prefilter's copy ends with a space, for a form at the very end.
        live = [k + " " for k in live] + [k + "0" for k in live if _LETTER_RE.match(k[-1])]
    return list(dict.fromkeys(done + live))


class _Anchored:
    """``regex.search`` over a text, trying ``regex`` only at ``candidates`` (sorted)."""

    def __init__(self, regex: re.Pattern[str], candidates: Sequence[int]) -> None:
        self._match = regex.match
        self._candidates = candidates

    def search(self, text: str, pos: int) -> re.Match[str] | None:
        candidates = self._candidates
        match = self._match
        for index in range(bisect.bisect_left(candidates, pos), len(candidates)):
            found = match(text, candidates[index])
            if found is not None:
                return found
        return None


#: From this length (characters), a text is searched with the regex of every shape.
_WHOLE_REGEX_FROM = 500_000


class Matcher:
    """Find glossary terms in paragraphs, in one pass over the text.

    Build once per glossary (about 0.2 s for 1,200 entries; 0.03 s from the disk cache),
    then call :meth:`find` or :func:`find_in_essay`.
    """

    def __init__(
        self, glossary: Glossary, *, cache_dir: Path | None = None, prefilter: bool = True
    ) -> None:
        """``cache_dir``: a folder where the built tables and the compiled regexes are
        kept between runs (see :mod:`lecteur.regexcache`); None: no disk cache.
        ``prefilter``: with a disk cache, search a long text only where the Aho–Corasick
        prefilter (pyahocorasick, if installed) finds a form may start; same results."""
        self.glossary = glossary
        self._store = RegexStore(
            cache_dir, cache_key(_matching_fields(glossary)) if cache_dir is not None else ""
        )
        tables = self._store.tables
        if not _valid_tables(tables):
            tables = _build_tables(glossary)
            self._store.set_tables(tables)
        raw_forms, shapes, index, always = tables
        # Forms by key: each an (entry id, exact key) pair, the exact key (the form's
        # case-sensitive key) None unless the entry is case-sensitive.
        self._forms: dict[str, list[tuple[str, str | None]]] = raw_forms
        self._shapes: tuple[str, ...] = tuple(shapes)
        self._index: dict[str, list[str]] = index
        self._always: list[str] = always
        self._regexes: dict[frozenset[str], re.Pattern[str]] = {}
        self._guards = {e.id: e.context for e in glossary.entries.values() if e.context}
        self._phrases_guarded = frozenset(
            e.id for e in glossary.entries.values() if e.context and e.guard_phrases
        )
        self._context: _ContextFinder | None = None
        self._alternatives: dict[tuple[int, int], tuple[str, ...]] = {}
        self._surfaces: dict[str, str] = {}  # each matched text once, in one find
        self._automaton: Any = None
        self._no_automaton = not prefilter

    # -- public ------------------------------------------------------------

    def find(
        self,
        texts: Sequence[str],
        *,
        skip: Mapping[int, Sequence[tuple[int, int]]] | None = None,
        context: Mapping[int, str] | None = None,
        prose: int = 0,
    ) -> list[Occurrence]:
        """Every occurrence in ``texts`` (paragraphs), sorted by (paragraph, start).

        ``skip``: per paragraph index, ranges where nothing may match (inline code,
        raw HTML; sorted, not overlapping). ``context``: per paragraph index, the text
        in which guard words are looked for, when it is not the paragraph itself.
        ``prose``: the first ``prose`` texts are one essay's paragraphs in reading order;
        among them, a short one's guarded entry (a list item, a line) may find its guard
        word in the paragraph before or after, and once an entry is confirmed in one of them, its
        every occurrence in them is kept (one sense per essay).

        Paragraphs are joined by NUL separators (which no pattern can cross and which
        count as word boundaries), searched once (a book: a piece of about
        :data:`_BOOK_PIECE` characters at a time), and offsets are mapped back. The
        paragraphs holding ignorable characters (soft hyphens, NFD accents...) are
        searched without them, and their offsets mapped back to the original text.
        """
        if not self._shapes or not texts:
            return []
        # Occurrences that other entries could claim too: (paragraph, start) -> ids.
        self._alternatives = {}
        self._surfaces = {}
        searched, kept = _without_ignorables(texts)
        if kept:
            skip = _skip_in_cleaned(skip or {}, kept)
        lowered: str | None = None
        size = sum(map(len, searched)) + len(searched)  # the joined copy's length
        if self._store.persistent and size >= _WHOLE_REGEX_FROM and self._prefilter() is not None:
            # A book: one regex of every shape (compiled once, then read back from the
            # cache), tried only where the prefilter says a form may start, a piece of
            # the book at a time (no whole copy of it).
            found = self._search_book(searched, skip)
        else:
            # Without pyahocorasick, a search of the whole text is quicker with the
            # smaller regex of the shapes whose openers the text holds.
            lowered = _joined(map(_search_copy, searched))
            regex = self._regex_for(lowered)
            found = self._search(searched, lowered, regex, skip) if regex else []
        if kept:
            found = [_restore(o, texts, kept) for o in found]
        if self._guards and any(
            o.entry_id in self._guards or (o.paragraph, o.start) in self._alternatives
            for o in found
        ):
            found = self._guarded(found, searched, lowered, context or {}, prose)
        self._surfaces = {}
        self._store.flush()
        return found

    # -- internals ---------------------------------------------------------

    def _regex_for(self, lowered: str) -> re.Pattern[str] | None:
        """The trie regex of the shapes whose openers occur in ``lowered``.

        The words of a text are found with ``str.split`` and a set (fast, in C); only
        the unique tokens are cut into letter runs and folded in Python.
        """
        words: set[str] = set()
        runs = _LETTER_RUN_RE.findall
        for token in set(lowered.replace("\x00", " ").split()):
            if _OE in token or _AE in token:
                token = token.replace(_OE, "oe").replace(_AE, "ae")
            words.update(runs(token))
        needed: set[str] = set(self._always)
        index = self._index
        for word in words:
            shapes = index.get(word)
            if shapes is not None:
                needed.update(shapes)
        if not needed:
            return None
        key = frozenset(needed)
        regex = self._regexes.get(key)
        if regex is None:
            if len(self._regexes) > 8:
                self._regexes.clear()
            ordered = sorted(needed)
            regex = self._regexes[key] = self._store.regex(
                "m" + digest(ordered), lambda: _source(ordered)
            )
        return regex

    def _candidates(self, lowered: str) -> Sequence[int] | None:
        """Where a form may start in ``lowered`` (the boundary before it), sorted; None
        without pyahocorasick (the regex then searches the whole text)."""
        automaton = self._prefilter()
        if automaton is None:
            return None
        # The prefilter's copy is made a chunk at a time (a book's whole copy, made at
        # once, would cost several times its size); each chunk reaches past its end by
        # the longest key, and keeps the keys that start in it.
        # Each chunk's starts, sorted, follow the chunk before's: a flat array of 8-byte
        # positions (a book has about a million; a set and a list of ints were ten times
        # the size).
        longest = max(1, int(automaton.get_stats()["longest_word"]))
        found = array("q")
        size = len(lowered)
        for lo in range(0, size, _PREFILTER_CHUNK):
            reach = lo + _PREFILTER_CHUNK + longest
            copy = lowered[lo:reach].encode("latin-1").translate(_PREFILTER_TABLE).decode("latin-1")
            if reach >= size:
                copy += " "
            starts = {end - length + 1 for end, length in automaton.iter(copy)}
            found.extend(sorted(lo + start for start in starts if start < _PREFILTER_CHUNK))
        return found

    def _prefilter(self) -> Any:
        """The Aho–Corasick automaton of every shape's prefilter keys (built once, and
        kept in the disk cache), or None without pyahocorasick."""
        if self._automaton is not None or self._no_automaton:
            return self._automaton
        try:
            ahocorasick: Any = importlib.import_module("ahocorasick")
        except ImportError:
            self._no_automaton = True
            return None
        automaton: Any = None
        path = self._store.side_path(_PREFILTER_FILE)
        if path is not None and self._store.side(_PREFILTER_FILE) is not None:
            try:
                automaton = ahocorasick.load(str(path), _no_objects)
            except (OSError, ValueError, TypeError):
                automaton = None
        if automaton is None:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
            for shape in self._shapes:
                for key in _prefilter_keys(shape):
                    automaton.add_word(key)
            automaton.make_automaton()
            built = automaton
            self._store.keep_side(_PREFILTER_FILE, lambda target: built.save(str(target)))
        self._automaton = automaton
        return automaton

    def _whole_regex(self) -> re.Pattern[str]:
        key = frozenset(self._shapes)
        regex = self._regexes.get(key)
        if regex is None:
            ordered = sorted(self._shapes)
            regex = self._regexes[key] = self._store.regex(
                "w" + digest(ordered), lambda: _source(ordered)
            )
        return regex

    def _search_book(
        self, texts: Sequence[str], skip: Mapping[int, Sequence[tuple[int, int]]] | None
    ) -> list[Occurrence]:
        """:meth:`_search` with the regex of every shape, a piece of ``texts`` (whole
        paragraphs, about :data:`_BOOK_PIECE` characters) at a time: no form crosses
        a paragraph's end, so the pieces find what the whole would, and the search copy
        of a book is never made whole (with the list of its parts, twice its size)."""
        regex = self._whole_regex()
        found: list[Occurrence] = []
        first = 0
        while first < len(texts):
            last, size = first, 0
            while last < len(texts) and (size < _BOOK_PIECE or last == first):
                size += len(texts[last]) + 1
                last += 1
            piece = texts[first:last]
            lowered = _joined(map(_search_copy, piece))
            candidates = self._candidates(lowered)
            found.extend(self._search(piece, lowered, regex, skip, candidates, first))
            first = last
        return found

    def _search(
        self,
        texts: Sequence[str],
        lowered: str,
        regex: re.Pattern[str],
        skip: Mapping[int, Sequence[tuple[int, int]]] | None,
        candidates: Sequence[int] | None = None,
        first: int = 0,
    ) -> list[Occurrence]:
        """Run ``regex`` over ``lowered``, the search copy of ``texts`` joined by NULs.

        ``candidates``: sorted positions, the only ones where ``regex`` can match (see
        :meth:`_candidates`); it is tried there alone, which finds what a search would.
        ``first``: the index of ``texts[0]`` among the paragraphs (for a piece of a book).
        """
        # Each paragraph's own text is read where a match falls (no joined copy of the
        # original: for a book, twice the size of the search copy).
        starts = _paragraph_starts(texts)
        directives: dict[int, bool] = {}
        surfaces = self._surfaces
        search = regex.search if candidates is None else _Anchored(regex, candidates).search
        result: list[Occurrence] = []
        pos = 0
        while (found := search(lowered, pos)) is not None:
            start, form_end, end = found.start(1), found.end(1), found.end()
            local = bisect.bisect_right(starts, start) - 1
            base = starts[local]
            text = texts[local]
            paragraph = first + local
            if self._excluded(text, start - base, end - base, skip, paragraph, directives):
                pos = end - 1 if end > start + 1 else start
                continue
            ids = self._accept(text, base, lowered, start, form_end)
            if not ids:
                hit = self._shorter(text, base, lowered, start, form_end)
                if hit is None:
                    pos = start  # the next match starts after this one's start
                    continue
                ids, end = hit
            if len(ids) > 1:
                self._alternatives[(paragraph, start - base)] = ids
            # A book writes the same few surfaces thousands of times: one string each.
            surface = text[start - base : end - base]
            surface = surfaces.setdefault(surface, surface)
            result.append(Occurrence(ids[0], paragraph, start - base, end - base, surface))
            # The match's last character may be the boundary before the next.
            pos = end - 1
        return result

    @staticmethod
    def _excluded(
        text: str,
        start: int,
        end: int,
        skip: Mapping[int, Sequence[tuple[int, int]]] | None,
        paragraph: int,
        directives: dict[int, bool],
    ) -> bool:
        """Whether a match at ``text[start:end]`` (a paragraph's text) falls where nothing
        may be matched (see the module doc). ``directives`` caches, per paragraph, whether
        it holds reStructuredText explicit markup (a line opening with ".. ")."""
        if skip:
            ranges = skip.get(paragraph)
            if ranges:
                i = bisect.bisect_right(ranges, (start, len(text))) - 1
                if i >= 0 and ranges[i][1] > start:
                    return True
                if i + 1 < len(ranges) and ranges[i + 1][0] < end:
                    return True
        # Clues looked for near the match (str.find within bounds: no copy).
        near, far = max(0, start - 120), min(len(text), end + 120)
        find = text.find
        if (find("/", near, far) >= 0 or find("www.", near, far) >= 0) and _in_url(
            text, start, end
        ):
            return True
        if find("<", near, far) >= 0 and _in_tag(text, start, end, 0, len(text)):
            return True
        directive = directives.get(paragraph)
        if directive is None:
            directive = directives[paragraph] = _has_directive(text)
        return directive and _on_directive_line(text, start, 0)

    def _accept(self, text: str, base: int, lowered: str, start: int, end: int) -> tuple[str, ...]:
        """The entries with a form matching ``lowered[start:end]``, best first: ``text``
        is the paragraph's original text, which starts at ``base`` in ``lowered``."""
        bucket = self._forms.get(lowered[start:end])
        if bucket is None:
            bucket = self._forms.get(_key(text[start - base : end - base]))
            if bucket is None:
                return ()
        exact: str | None = None
        ids: list[str] = []
        for entry_id, form_exact in bucket:
            if form_exact is not None:
                if exact is None:
                    exact = _exact_key(text[start - base : end - base])
                if exact != form_exact:
                    continue
            if entry_id not in ids:
                ids.append(entry_id)
        return tuple(ids)

    def _shorter(
        self, text: str, base: int, lowered: str, start: int, end: int
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
            ids = self._accept(text, base, lowered, start, stop)
            if ids:
                return ids, stop
        return None

    def _guarded(
        self,
        found: list[Occurrence],
        texts: Sequence[str],
        lowered: str | None,
        context: Mapping[int, str],
        prose: int = 0,
    ) -> list[Occurrence]:
        """``found`` less the guarded entries' matches with no guard word nearby.

        ``lowered`` is the search copy of ``texts`` joined by NULs: a paragraph's guard
        words are looked for in it, not folded again; None (a book, searched a piece at
        a time) folds each paragraph looked at. ``prose``: see :meth:`find`.
        """
        if self._context is None:
            self._context = _ContextFinder(self._guards, self._store)
        finder = self._context
        starts = _paragraph_starts(texts) if lowered is not None else []
        copies: dict[int, str] = {}
        verdicts: dict[tuple[int, str], bool] = {}

        def holds(paragraph: int, entry_id: str) -> bool:
            key = (paragraph, entry_id)
            verdict = verdicts.get(key)
            if verdict is None:
                if paragraph in context:
                    copy = copies.get(paragraph)
                    if copy is None:
                        copy = copies[paragraph] = _search_copy(
                            "\x00" + _IGNORABLE_RE.sub("", context[paragraph])
                        )
                    verdict = finder.holds(entry_id, copy, 0, len(copy))
                elif lowered is None:
                    # Occurrences come in reading order: the few paragraphs around the
                    # one at hand are all that is worth keeping folded.
                    copy = copies.get(paragraph)
                    if copy is None:
                        if len(copies) > 64:
                            copies.clear()
                        copy = copies[paragraph] = "\x00" + _search_copy(texts[paragraph])
                    verdict = finder.holds(entry_id, copy, 0, len(copy))
                else:
                    start = starts[paragraph]
                    verdict = finder.holds(
                        entry_id, lowered, start - 1, start + len(texts[paragraph])
                    )
                verdicts[key] = verdict
            return verdict

        def near(paragraph: int, entry_id: str) -> bool:
            if holds(paragraph, entry_id):
                return True
            if paragraph >= prose or len(texts[paragraph]) > _SHORT_PARAGRAPH:
                return False
            return (paragraph > 0 and holds(paragraph - 1, entry_id)) or (
                paragraph + 1 < prose and holds(paragraph + 1, entry_id)
            )

        # Each occurrence: the entry it is kept for, or None while undecided (a
        # guarded entry with no guard word near it, in the essay's prose).
        # The entry each occurrence is kept for, in order (None while undecided): a
        # list beside ``found``, not a tuple per occurrence (a book has 240,000).
        chosen_for: list[str | None] = []
        confirmed: set[str] = set()
        alternatives = self._alternatives
        for occ in found:
            ids = alternatives.get((occ.paragraph, occ.start), (occ.entry_id,))
            chosen: str | None = None
            for entry_id in ids:
                # A guard is for surfaces that are also ordinary words: a match of
                # several words ("MSN Messenger", "Free Télécom") is specific enough,
                # unless the entry says otherwise (``guard_phrases``).
                if entry_id not in self._guards or (
                    _is_phrase(occ.text) and entry_id not in self._phrases_guarded
                ):
                    chosen = entry_id
                    break
                if near(occ.paragraph, entry_id):
                    chosen = entry_id
                    break
            if chosen is not None and occ.paragraph < prose:
                confirmed.add(chosen)
            chosen_for.append(chosen)
        kept: list[Occurrence] = []
        for occ, chosen in zip(found, chosen_for, strict=True):
            if chosen is None and occ.paragraph < prose:
                ids = alternatives.get((occ.paragraph, occ.start), (occ.entry_id,))
                chosen = next((i for i in ids if i in confirmed), None)
            if chosen is not None:
                kept.append(occ if chosen == occ.entry_id else replace(occ, entry_id=chosen))
        return kept


_WHITE_SPACE = re.compile(r"\s")

# The prefilter's copy of a book is made this many characters at a time.
_PREFILTER_CHUNK = 1 << 18

# A book is searched this many characters at a time (whole paragraphs).
_BOOK_PIECE = 1 << 20

# A paragraph this short (a list item, a line) may borrow guard words from its neighbours.
_SHORT_PARAGRAPH = 120


def _is_phrase(text: str) -> bool:
    """Whether matched text spans several words (white space inside it)."""
    return _WHITE_SPACE.search(text) is not None


class _ContextFinder:
    """Whether a guarded entry has one of its context words in a stretch of text.

    Each entry's guard words, in every number, make a small trie regex (compiled the
    first time the entry needs it), searched only within the paragraph at hand.
    """

    def __init__(self, guards: Mapping[str, Sequence[str]], store: RegexStore) -> None:
        self._guards = guards
        self._store = store
        self._regexes: dict[str, re.Pattern[str]] = {}

    def holds(self, entry_id: str, lowered: str, start: int, end: int) -> bool:
        """Whether ``lowered[start:end]`` (a search copy, ``start`` on the boundary
        character before the text) holds one of the entry's guard words."""
        regex = self._regexes.get(entry_id)
        if regex is None:
            words = self._guards[entry_id]

            def source() -> str:
                shapes = {_shape(form) for word in words for form in _pattern_forms(word)}
                return _source(sorted(s for s in shapes if s))

            # The shapes follow from the words: the words name the regex in the cache.
            regex = self._regexes[entry_id] = self._store.regex("g" + digest(words), source)
        return regex.search(lowered, start, end) is not None


# --------------------------------------------------------------------------- essays

_SKIPPED_KINDS = frozenset({"code", "html"})
_SKIPPED_STYLES = frozenset({"code", "html"})


def find_in_essay(
    matcher: Matcher, essay: Essay, *, prose: bool = True
) -> tuple[list[Occurrence], list[HeadingOccurrence]]:
    """The occurrences in an essay's paragraphs, and those in its headings.

    Code and raw-HTML paragraphs, inline code and inline HTML are skipped (link text is
    read, link targets are not text). A heading's guard words may be in the heading or in
    the paragraph after it. With ``prose`` (the default), the paragraphs are read as one
    essay: see :meth:`Matcher.find`.
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
    found = matcher.find(
        texts + [b.text for _, b in headings],
        skip=skip,
        context=context,
        prose=len(texts) if prose else 0,
    )
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
