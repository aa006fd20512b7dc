"""Phrase families and tense rules, compiled per language into one fast matcher.

The phrase families (``data/<language>.json``, ``phrases``) are written with
words: ``"je me (souviens|rappelle)"``, ``"il y a NUM ans"``.  Syntax: words
separated by spaces; ``( a | b c )`` alternatives; ``?`` after an item makes it
optional, ``{m,n}`` repeats it; ``!`` before an item is a negative lookahead.
Macros: NUM (one or more number words/digits), YEAR, DECADE, WORD (any one
word), ``^`` (paragraph or sentence start), ``$`` (sentence end), the
punctuation codes ``,`` and ``.``, and IMPERATIVE / ENCLITIC / AT_START /
AFTER_SKIP for imperatives.  Elided words are separate: ``"l époque"``.

Every pattern is compiled to a regular expression over the *code string* of the
text (one character per word, see :mod:`lecteur.sections.lexicon`), so that all
families of a whole book are found in one ``finditer`` pass.  The context rules
(auxiliary + participle = passé composé, subject + verb…) are regular
expressions over the same string; the tallies then count each tense per
paragraph with ``str.translate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from lecteur.regexcache import RegexStore, cache_key, default_cache_dir, digest
from lecteur.sections import tuning
from lecteur.sections.lexicon import (
    FR_KNOWN,
    PUNCT_CODES,
    SEP,
    STRIP,
    Codes,
    en_char,
    fr_char,
    language_data,
    number_char,
    plain_forms,
    word_list,
)

_NAMED_GROUP = re.compile(r"\(\?P<g\d+>")
_DSL_TOKEN = re.compile(r"\(|\)|\||\?|\{\d+,\d+\}|!|[^\s()|?{}!]+")
_MACROS = frozenset(
    {
        "NUM",
        "YEAR",
        "DECADE",
        "WORD",
        "^",
        "$",
        ",",
        ".",
        "IMPERATIVE",
        "ENCLITIC",
        "AT_START",
        "AFTER_SKIP",
    }
)


def _dsl_words(pattern: str) -> list[str]:
    return [
        t
        for t in _DSL_TOKEN.findall(pattern)
        if t not in ("(", ")", "|", "?", "!") and not t.startswith("{") and t not in _MACROS
    ]


# AST of a word pattern: a sequence of items (node, quantifier), where a node is
# ("chars", "abc") -- one code character among these --, ("raw", regex) -- a
# zero-width or negated-class fragment --, ("alt", [seq, ...]) or ("neg", item).
_Item = tuple[tuple[str, object], str]


def _parse_dsl(pattern: str, atom: Callable[[str], tuple[str, object]]) -> list[_Item]:
    toks = _DSL_TOKEN.findall(pattern)
    pos = 0

    def alt() -> list[list[_Item]]:
        nonlocal pos
        branches = [seq()]
        while pos < len(toks) and toks[pos] == "|":
            pos += 1
            branches.append(seq())
        return branches

    def seq() -> list[_Item]:
        nonlocal pos
        out = []
        while pos < len(toks) and toks[pos] not in (")", "|"):
            out.append(item())
        return out

    def item() -> _Item:
        nonlocal pos
        negative = toks[pos] == "!"
        if negative:
            pos += 1
        tok = toks[pos]
        pos += 1
        node: tuple[str, object]
        if tok == "(":
            node = ("alt", alt())
            if pos >= len(toks) or toks[pos] != ")":
                raise ValueError(f"unbalanced pattern {pattern!r}")
            pos += 1
        else:
            node = atom(tok)
        quant = ""
        if pos < len(toks) and (toks[pos] == "?" or toks[pos].startswith("{")):
            quant = toks[pos]
            pos += 1
        if negative:
            return (("neg", (node, quant)), "")
        return (node, quant)

    result = seq()
    if pos != len(toks):
        raise ValueError(f"unbalanced pattern {pattern!r}")
    return result


def _emit_node(node: tuple[str, object]) -> str:
    kind, value = node
    if kind == "chars":
        chars = str(value)
        return re.escape(chars) if len(chars) == 1 else "[" + escape_class(chars) + "]"
    if kind == "raw":
        return str(value)
    if kind == "neg":
        return "(?!" + _emit_item(value) + ")"  # type: ignore[arg-type]
    branches = value  # "alt"
    return "(?:" + "|".join(_emit_seq(b) for b in branches) + ")"  # type: ignore[attr-defined]


def _emit_item(item: _Item) -> str:
    node, quant = item
    rx = _emit_node(node)
    if not quant:
        return rx
    if node[0] in ("alt", "neg") or (len(rx) > 1 and not rx.startswith("[")):
        rx = "(?:" + rx + ")"
    return rx + quant


def _emit_seq(seq: Sequence[_Item]) -> str:
    return "".join(_emit_item(it) for it in seq)


def escape_class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _one_less(quant: str) -> str | None:
    """Quantifier left after one repetition has been taken (None: cannot repeat)."""
    if quant in ("", "?"):
        return ""
    if quant in ("+", "*"):
        return "*"
    m = re.fullmatch(r"\{(\d+),(\d+)\}", quant)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return "" if hi <= 1 else f"{{{max(lo - 1, 0)},{hi - 1}}}"
    raise ValueError(f"unsupported quantifier {quant!r}")


def _first_chars(seq: Sequence[_Item]) -> list[tuple[str, list[_Item]]] | None:
    """Expand *seq* into (first code character, rest of the sequence), in order.

    ("", []) stands for the empty match; None means the sequence starts with
    something that cannot be expanded (a lookahead, a negated class).
    """
    if not seq:
        return [("", [])]
    (node, quant), rest = seq[0], list(seq[1:])
    kind, value = node
    if kind in ("raw", "neg"):
        return None
    again = _one_less(quant)
    after = ([(node, again)] if again else []) + rest
    out: list[tuple[str, list[_Item]]] = []
    if kind == "chars":
        out.extend((c, after) for c in dict.fromkeys(str(value)))
    else:
        for branch in value:  # type: ignore[attr-defined]
            sub = _first_chars(branch)
            if sub is None:
                return None
            for c, r in sub:
                if c:
                    out.append((c, r + after))
                else:
                    more = _first_chars(after)
                    if more is None:
                        return None
                    out.extend(more)
    if quant in ("?", "*") or quant.startswith("{0,"):
        more = _first_chars(rest)
        if more is None:
            return None
        out.extend(more)
    return out


class Lang:
    """Everything language-specific, compiled once: codes, rules, phrase regex."""

    def __init__(
        self,
        name: str,
        word_char: Callable[[str], str],
        phrases: dict[str, list[str]],
        rules: Callable[[Callable[..., str]], list[tuple[re.Pattern[str], str]]],
        tallies: dict[str, dict[str, int]],
        tense_names: Sequence[tuple[str, str]],
        *,
        extra_words: Sequence[str],
        num_words: Sequence[str],
        decade_words: Sequence[str],
        imperative_words: Sequence[str],
        first_person: Sequence[str],
        split_elisions: bool,
        frequent: Sequence[str] = (),
        skip_words: Sequence[str] = (),
        plain_taken: Sequence[str] = (),
        enclitics: Sequence[str] = (),
        inversion: Sequence[str] = (),
        second_person: Sequence[str] = (),
        generic: Sequence[str] = (),
        person_subject: str = "",
        past_codes: str = "",
        present_codes: str = "",
    ) -> None:
        self.name = name
        self.enclitics = frozenset(enclitics)
        self.inversion = frozenset(inversion)
        self.word_char = word_char
        self.split_elisions = split_elisions
        words: set[str] = set(extra_words) | set(num_words) | set(decade_words)
        words |= set(imperative_words) | set(first_person) | set(skip_words)
        words |= set(second_person) | set(generic)
        for pats in phrases.values():
            for pat in pats:
                words.update(_dsl_words(pat))
        self.vocab: dict[str, str] = {w: chr(0xE000 + k) for k, w in enumerate(sorted(words))}
        members: dict[str, list[str]] = {}
        for w, ch in self.vocab.items():
            members.setdefault(self._vocab_class(w), []).append(ch)
        self._members = {c: "".join(chs) for c, chs in members.items()}
        # Token lookup: the vocabulary, plus accentless spellings of its words
        # ("a l'epoque", "desormais") where unambiguous.
        plain = plain_forms(
            # not a final "é": "change", "arrete" are presents as written
            sorted(w for w in self.vocab if not w.endswith(("é", "és"))),
            set(self.vocab) | set(plain_taken),
        )
        self.lookup: dict[str, str] = {p: self.vocab[w] for p, w in plain.items()}
        self.lookup.update(self.vocab)

        def chars(*names: str) -> str:
            return "".join(c + self._members.get(c, "") for c in "".join(names))

        self.chars = chars
        vocab_of = self.vocab

        def atom(tok: str) -> tuple[str, object]:
            if tok == "NUM":
                num = chars("0y#") + "".join(vocab_of[w] for w in num_words)
                return ("alt", [[(("chars", num), "+")]])
            if tok == "DECADE":
                dec = chars("0y") + "".join(vocab_of[w] for w in decade_words)
                return ("alt", [[(("chars", dec), "+")]])
            if tok == "YEAR":
                return ("chars", "y")
            if tok == "WORD":
                return ("raw", "[^|.?:,]")
            if tok == "^":
                return ("chars", "|.?:")
            if tok == "$":
                return ("raw", "(?=[.?:|]|$)")
            if tok in (",", "."):
                return ("chars", tok)
            if tok == "IMPERATIVE":
                if imperative_words:
                    return ("chars", "".join(vocab_of[w] for w in imperative_words))
                return ("chars", chars("N"))
            if tok == "ENCLITIC":
                return ("chars", chars("h"))
            # After the word just matched: it opens a sentence (optionally after "et",
            # "so"…).  Fixed-width lookbehinds, so that the pattern starts on the verb.
            if tok == "AT_START":
                return ("raw", "(?<=[|.?:].)")
            if tok == "AFTER_SKIP":
                skip = "".join(vocab_of[w] for w in skip_words)
                return ("raw", f"(?<=[|.?:][{skip}].)")
            return ("chars", vocab_of[tok.lower()])

        # Compile the phrases into one regex whose top-level alternatives each start
        # with a literal *anchor*: the regex engine then skips non-candidate positions
        # with a charset scan and rejects alternatives with one comparison.  Patterns
        # starting with frequent words ("je", "le", "à"…) are anchored further in, on
        # their first infrequent word, with the words before it checked by a
        # fixed-width lookbehind; ``back`` records how far the phrase really starts.
        frequent_chars = set(".|,") | {vocab_of[w] for w in frequent if w in vocab_of}
        self.families: dict[str, str] = {}
        self.back: dict[str, int] = {}
        buckets: dict[str, list[str]] = {}

        def anchors(prefix: list[str], rest: list[_Item]) -> list[tuple[list[str], list[_Item]]]:
            if prefix and (prefix[-1] not in frequent_chars or len(prefix) >= 6):
                return [(prefix, rest)]
            sub = _first_chars(rest)
            if sub is None or any(not c for c, _ in sub):
                if not prefix:
                    raise ValueError("a phrase pattern must start with a word")
                return [(prefix, rest)]
            out: list[tuple[list[str], list[_Item]]] = []
            for c, r in sub:
                out.extend(anchors(prefix + [c], r))
            return out

        for family, pats in phrases.items():
            for pat in pats:
                for prefix, rest in anchors([], _parse_dsl(pat, atom)):
                    name = f"g{len(self.families)}"
                    self.families[name] = family
                    self.back[name] = len(prefix) - 1
                    behind = ""
                    if len(prefix) > 1:
                        behind = "(?<=" + "".join(re.escape(c) for c in prefix[:-1]) + ".)"
                    buckets.setdefault(prefix[-1], []).append(
                        f"(?P<{name}>{behind}{_emit_seq(rest)})"
                    )
        # Finding the phrases: one regex without capture groups (with hundreds of
        # groups the regex engine saves and restores its marks at every branch, which
        # is slower than everything else together), with a two-level dispatch (the
        # engine tries top-level alternatives one by one, so a few character classes
        # each lead to ~16 anchors).  The regex starts with one class of every anchor,
        # so that the engine skips the positions without one in C (a pattern starting
        # with alternatives has no such prefix: each position tried every class, half
        # the split's scan of a book), and each class is then a lookbehind on that
        # anchor.  Which phrase matched is then found by re-matching at the match
        # position with the small regex of that anchor.
        anchors_list = list(buckets)
        groups = []
        for k in range(0, len(anchors_list), 16):
            chunk = anchors_list[k : k + 16]
            inner = "|".join(f"(?<={re.escape(c)})(?:" + "|".join(buckets[c]) + ")" for c in chunk)
            groups.append("(?<=[" + escape_class("".join(chunk)) + "])(?:" + inner + ")")
        every = "[" + escape_class("".join(anchors_list)) + "]"
        self.markers = _compile(_NAMED_GROUP.sub("(?:", every + "(?:" + "|".join(groups) + ")"))
        self._buckets = buckets
        self._by_anchor: dict[str, Callable[[str, int], re.Match[str] | None]] = {}
        # Anchors whose phrases all share one family and offset need no re-match.
        self.anchor_only: dict[str, tuple[str, int]] = {}
        for c, alts in buckets.items():
            names = [_NAMED_GROUP.match(a).group(0)[4:-1] for a in alts]  # type: ignore[union-attr]
            kinds = {(self.families[nm], self.back[nm]) for nm in names}
            if len(kinds) == 1:
                self.anchor_only[c] = kinds.pop()
        self.rules = rules(chars)
        counted = "".join(sorted({ch for t in tallies.values() for ch in t}))
        counted_all = chars(counted)
        self.keep_drop = _compile(f"[^|{escape_class(counted_all)}]+")
        self.tallies: dict[str, dict[int, str | None]] = {}
        for tname, weights in tallies.items():
            table: dict[int, str | None] = {ord(ch): None for ch in counted_all}
            for cls, weight in weights.items():
                for ch in chars(cls):
                    table[ord(ch)] = "x" * weight
            self.tallies[tname] = table
        self.tense_names = [(chars(cls), label) for cls, label in tense_names]
        self.accentless_participle = _compile(f"[{chars('A')}][{chars('d')}]*[{chars('M')}]")
        self.grave_a: tuple[str, str, re.Pattern[str]] | None = None
        if "a" in vocab_of and "à" in vocab_of:
            self.grave_a = (
                vocab_of["a"],
                vocab_of["à"],
                _compile(
                    f"(?<![{escape_class(chars('icxujrg'))}]){vocab_of['a']}"
                    f"(?=[{escape_class(chars('Dcf') + '#y0')}])"
                ),
            )
        self.counted_present = frozenset(
            ch for ch in counted_all if "present" in tallies and self.tallies["present"][ord(ch)]
        )
        fp = "".join(vocab_of[w] for w in first_person)
        self.first_person_drop = _compile(f"[^|{fp}]+")
        # A first-person subject (or its literal class after the rules) shortly before a
        # past / a present tense: "j'avais", "I walked" tell a memory; "je pense" does not.
        subject = escape_class(fp + person_subject)
        filler = f"[^|.?:{escape_class(past_codes + present_codes)}]{{0,3}}"
        self.person_past = _compile(f"[{subject}]{filler}[{escape_class(past_codes)}]")
        self.person_present = _compile(f"[{subject}]{filler}[{escape_class(present_codes)}]")
        self.word_groups = {
            name: _compile("[^|" + "".join(vocab_of[w] for w in group) + "]+")
            for name, group in (("second_person", second_person), ("generic", generic))
        }
        self.codes = Codes(self._token_code)
        self.codes[SEP] = "|"

    def which(self, codes: str, pos: int) -> str:
        """Name of the phrase group matching at *pos* (compiled lazily per anchor)."""
        c = codes[pos]
        match = self._by_anchor.get(c)
        if match is None:
            alts = self._buckets[c]
            match = re.compile(re.escape(c) + "(?:" + "|".join(alts) + ")").match
            self._by_anchor[c] = match
        m = match(codes, pos)
        assert m is not None and m.lastgroup is not None
        return m.lastgroup

    def _vocab_class(self, w: str) -> str:
        if w in self.enclitics:
            return "h"
        if w in self.inversion:
            return "v"
        if w.startswith("-") or ("'" in w and self.split_elisions):
            return "o"
        return self.word_char(w)

    def _token_code(self, tok: str) -> str:
        if tok.isalpha():  # fast path: a plain word
            v = self.lookup.get(tok.lower())
            return v if v is not None else self.word_char(tok)
        t = tok.replace("’", "'")
        r = t.rstrip(STRIP)
        core = r.lstrip(STRIP)
        tail = "".join([PUNCT_CODES.get(ch, "") for ch in t[len(r) :]])
        if not core:
            return "".join([PUNCT_CODES.get(ch, "") for ch in t])
        vocab = self.lookup
        low = core.lower()
        v = vocab.get(low)
        if v is not None:
            return v + tail
        if core[0].isdigit() or core[-1].isdigit():
            return number_char(core) + tail
        word_char = self.word_char
        out = []
        for part in core.split("'") if self.split_elisions else (core,):
            if not part:
                continue
            pieces = part.split("-")
            for k, piece in enumerate(pieces):
                if not piece:
                    continue
                pl = piece.lower()
                v = vocab.get("-" + pl) if k else None
                if v is None:
                    v = vocab.get(pl) or word_char(piece)
                out.append(v)
        return "".join(out) + tail


def fr_rules(c: Callable[..., str]) -> list[tuple[re.Pattern[str], str]]:
    part = c("pqTYZ")
    rules = [
        # plus-que-parfait: avoir / être in the imparfait + participle
        (f"[{c('FG')}][{c('d')}]*[{part}]", "9"),
        # passé composé with avoir
        (f"[{c('A')}][{c('d')}]*[{part}]", "8"),
        # reflexive passé composé: "s'est retrouvé", "nous nous sommes retrouvés"
        (f"[{c('r')}][{c('B')}][{c('d')}]*[{part}]", "8"),
        (f"[{c('u')}][{c('u')}][{c('B')}][{c('d')}]*[{part}]", "u8"),
        # "c'est" + participle is not a passé composé ("c'est gagné")
        (f"[{c('x')}][{c('B')}]", "xX"),
        # être + participle of a motion verb ("est devenu")
        (f"[{c('B')}][{c('d')}]*[{c('q')}]", "8"),
        # futur proche: "je vais me réorienter"
        (f"[{c('V')}][{c('dcr')}]*[{c('f')}]", "U"),
        # auxiliaries used as plain verbs
        (f"[{c('FG')}]", "I"),
        (f"[{c('ABV')}]", "X"),
        # forms that need their subject (constant replacements: the subject and its
        # clitics are not needed once their verb is resolved, and back-references
        # would cost a Python call per match)
        (f"[{c('j')}][{c('crg')}]*[{c('K')}]", "jI"),
        (f"[{c('u')}][{c('crgu')}]*[{c('L')}]", "uI"),
        (f"[{c('j')}][{c('crg')}]*[{c('Q')}]", "jP"),
        (f"[{c('juir')}][{c('crgu')}]*[{c('MNZ')}]", "jX"),
        (f"[{c('jui')}][{c('crgu')}]*[{c('R')}]", "jP"),
        (f"[{c('Dc')}][{c('R')}]", "Do"),  # "en pyjama": a noun
        # "partis", "pris" without a subject before them: a participle ("des morceaux
        # partis avec…"), not a passé simple
        # (the class first, the lookbehind after it: a pattern starting with a class
        # lets the engine skip the other positions in C)
        (f"[{c('T')}](?<![{c('juicrgd')}].)", "o"),
        # si + imparfait: a hypothesis, not a memory
        # ("Si j'avais su, je serais venu", "Et si on essayait ?"); otherwise an
        # iterative past ("Si tu le ratais, tu en entendais parler le lundi")
        (f"[{c('s')}][^|.?:IP98XUWH]{{0,4}}I(?=[^|.:]*?[{c('W')}?])", "sH"),
    ]
    return [(_compile(p), r) for p, r in rules]


def en_rules(c: Callable[..., str]) -> list[tuple[re.Pattern[str], str]]:
    part = c("PpEu")
    rules = [
        (f"[{c('V')}][{c('a')}]*[{part}]", "5"),  # present perfect
        (f"[{c('H')}][{c('a')}]*[{part}]", "4"),  # past perfect
        (f"[{c('W')}][{c('a')}]*[{c('g')}]", "3"),  # past progressive
        (f"[{c('W')}][{c('a')}]*[{c('PpE')}]", "2"),  # past passive
        (f"[{c('B')}][{c('a')}]*[{c('PpEg')}]", "X"),  # present passive / progressive
        (f"[{c('L')}][{c('a')}]*[{c('E')}]", "o"),  # "get used", "be designed"
        (f"[{c('WHND')}]", "2"),
        (f"[{c('VB')}]", "X"),
        (f"[{c('ST')}][{c('a')}]*[{c('E')}]", "S2"),  # "I walked"
        (f"[{c('S')}][{c('a')}]*[{c('b')}]", "SX"),  # "we talk"
        (f"[{c('T')}][{c('a')}]*[{c('sb')}]", "TX"),  # "it says", "that keep"
        (f"[{c('E')}](?<=[{c('e')}].)", "o"),  # "a converted warehouse"
        (f"[{c('E')}]", "6"),  # other -ed forms: maybe a verb
        (f"[{c('P')}]", "2"),
        (f"[{c('bs')}](?<=[{c('o')}].)", "X"),  # "parents keep"
        (f"[{c('s')}](?<=[^{c('e')}|.?:,].)", "X"),  # -s form not after a determiner
    ]
    return [(_compile(p), r) for p, r in rules]


# Names of the counted classes, for explanations.
_TENSE_NAMES = {
    "fr": (
        ("I", "imparfait"),
        ("PTR", "passé simple"),
        ("9", "plus-que-parfait"),
        ("8", "passé composé"),
        ("XY", "présent"),
        ("U", "futur"),
        ("W", "conditionnel"),
        ("H", "hypothèse (si + imparfait)"),
    ),
    "en": (
        ("2", "simple past"),
        ("3", "past progressive"),
        ("4", "past perfect"),
        ("5", "present perfect"),
        ("6", "-ed form"),
        ("X", "present"),
        ("M", "modal"),
        ("F", "future"),
    ),
}

_LANGS: dict[str, Lang] = {}


@cache
def _store() -> RegexStore:
    """The disk cache of the phrase regexes (one file for both languages)."""
    try:
        folder: Path | None = default_cache_dir("sections")
    except Exception:  # no cache folder to be had: compile as usual
        folder = None
    store = RegexStore(folder, cache_key(["sections"]))
    if store.tables is None:
        store.tables = {}
    return store


def _compile(source: str) -> re.Pattern[str]:
    """``re.compile(source)``, read back from the disk cache when it was compiled before
    (CPython parses a pattern in Python: the phrase regexes took ~170 ms at every start)."""
    return _store().regex(digest([source]), lambda: source)


def lang(language: str) -> Lang:
    """The compiled matcher of a language ("fr"; anything else reads as "en"), cached."""
    language = "fr" if language == "fr" else "en"
    compiled = _LANGS.get(language)
    if compiled is not None:
        return compiled
    phrases: dict[str, list[str]] = language_data(language)["phrases"]
    if language == "fr":
        compiled = Lang(
            "fr",
            fr_char,
            phrases,
            fr_rules,
            tuning.TALLIES["fr"],
            _TENSE_NAMES["fr"],
            extra_words=word_list("fr", "enclitic") + word_list("fr", "inversion"),
            num_words=word_list("fr", "number"),
            decade_words=word_list("fr", "decade"),
            imperative_words=(),
            first_person=word_list("fr", "first_person"),
            split_elisions=True,
            frequent=word_list("fr", "frequent"),
            skip_words=sorted(word_list("fr", "imperative_skip")),
            plain_taken=sorted(FR_KNOWN | {"ou", "sur", "des", "la", "a", "du", "pres"}),
            enclitics=word_list("fr", "enclitic"),
            inversion=word_list("fr", "inversion"),
            second_person=word_list("fr", "second_person"),
            generic=word_list("fr", "generic"),
            person_subject="j",
            past_codes="IPTR98",
            present_codes="XY",
        )
    else:
        compiled = Lang(
            "en",
            en_char,
            phrases,
            en_rules,
            tuning.TALLIES["en"],
            _TENSE_NAMES["en"],
            extra_words=(),
            num_words=word_list("en", "number"),
            decade_words=word_list("en", "decade"),
            imperative_words=sorted(set(word_list("en", "imperative")) - {"let"}),
            first_person=word_list("en", "first_person"),
            split_elisions=False,
            frequent=word_list("en", "frequent"),
            skip_words=sorted(word_list("en", "imperative_skip")),
            second_person=word_list("en", "second_person"),
            generic=word_list("en", "generic"),
            person_subject="S",
            past_codes="2346",
            present_codes="X5",
        )
    _LANGS[language] = compiled
    _store().flush()  # what was compiled for the first time, for the next start
    return compiled


def clear_caches() -> None:
    """Forget the compiled matchers (benchmarks measure a cold start with this)."""
    _LANGS.clear()
