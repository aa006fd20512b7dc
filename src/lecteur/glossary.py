"""The annotated glossary: loading, merging, linting and matching terms in text.

This module is part of the *model*: pure Python (PyYAML and the standard
library only), with no dependency on the user interface.

Glossary files
--------------
A glossary file is YAML (or TOML, chosen by the ``.toml`` extension)::

    version: 1
    entries:
      - id: icq                  # required, [a-z0-9-]+, unique within a file
        term: ICQ                # required display name
        match: ["ICQ"]           # optional patterns (aliases); default [term]
        case_sensitive: false    # optional, default false
        kind: software           # required, one of KINDS
        years: "1996–2024"       # required: "1996", "1996–2024", "1995–", "?" (unknown)
        definition: {fr: "...", en: "..."}   # required, both languages
        note: {fr: "...", en: "..."}         # optional, either language
        see: [mirc, irc]         # optional see-also ids
        sources: ["https://..."] # optional URLs

Several files are loaded in order (shared glossary first, then per-essay
files).  An entry whose id already exists in an *earlier* file overrides it
field by field (``definition`` and ``note`` language by language); a new id
must be complete.

Matching
--------
:class:`Matcher` finds every entry's patterns in a list of paragraphs in one
pass: all pattern forms (with plurals) are compiled into a single regular
expression shaped like a trie, run over a lowercased copy of the text (the
lowering is length preserving, so offsets are those of the original text).
Accents are matched by character classes (``e`` matches ``é``, ``è`` ...; the
rarer letters beyond Latin-1 are folded in the lowercased copy instead), so
``hebergement`` finds ``hébergement`` and vice versa.  Matches are whole words
(not preceded or followed by a letter or digit), leftmost-longest and never
overlap; whitespace runs and straight/curly apostrophes are interchangeable,
and plurals (English -s/-es/-ies, French -s/-x/-aux) match too.
Case-sensitive entries are checked against the original text.

Normalisation never uses ``casefold()`` or Unicode normalisation on the text:
every step maps one character to one character, so offsets stay exact.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml

from lecteur.text import ACCENT_TABLE, fold_accents, lower_same_length

__all__ = [
    "COMMON_WORDS",
    "KINDS",
    "LANGUAGES",
    "MAX_DEFINITION_LENGTH",
    "Entry",
    "Glossary",
    "GlossaryError",
    "LintFault",
    "Matcher",
    "Occurrence",
    "glossary_json",
    "lint",
    "load_glossary",
    "normalise",
]

#: The kinds an entry may have.
KINDS: frozenset[str] = frozenset(
    {"service", "software", "company", "person", "work", "concept", "institution"}
)
#: The languages of definitions and notes.
LANGUAGES: tuple[str, ...] = ("fr", "en")
#: The longest a definition may be, per language, in characters.
MAX_DEFINITION_LENGTH = 500
#: The only schema version understood.
SCHEMA_VERSION = 1

_ID_RE = re.compile(r"[a-z0-9-]+")
# "1996", "1996–2024", "1996-2024", "1995–" (en dash or hyphen).
_YEARS_RE = re.compile(r"(\d{4})(?:\s*[–-]\s*(\d{4})?)?")
_YEAR_RE = re.compile(r"\d{4}")
_TOP_FIELDS = ("version", "entries")
_ENTRY_FIELDS = (
    "id",
    "term",
    "match",
    "case_sensitive",
    "kind",
    "years",
    "definition",
    "note",
    "see",
    "sources",
)
_REQUIRED_FIELDS = ("term", "kind", "years", "definition")

# ---------------------------------------------------------------------------
# Common words: a case-insensitive pattern equal to one of these (or to its
# plural) would light up ordinary prose.  Normalised: lowercase, no accents.
# Words that are themselves the glossary sense nearly always (blog, web,
# internet, forum, email ...) are deliberately absent.
# ---------------------------------------------------------------------------
COMMON_WORDS: frozenset[str] = frozenset(
    """
    le la les un une des du de et ou est sont dans pour par sur avec sans sous
    chez que qui quoi dont mais donc car ni ne pas plus moins tres bien mal
    tout tous toute toutes autre autres meme aussi encore deja jamais toujours
    ici ce cet cette ces son sa ses mon ma mes ton ta tes leur leurs notre nos
    votre vos il elle ils elles nous vous je tu on lui eux moi toi avoir etre
    fait faire dit dire voir aller venir prendre mettre savoir pouvoir vouloir
    devoir falloir grand grande petit petite bon bonne beau belle nouveau
    nouvelle vieux vieille jeune vrai faux seul seule premier premiere dernier
    derniere haut bas long longue court fort forte libre net nette ouvert
    temps jour an annee monde vie homme femme gens personne chose fois moment
    heure main tete pied yeux oeil coeur ami amie famille maison ville pays
    terre eau feu air mer ciel soleil lune etoile porte fenetre table chaise
    lit livre lettre mot nom page ligne carte point place route rue pont
    chemin voie marche prix compte piece bout fond forme fin debut suite part
    partie cote sens idee question reponse travail metier poste bureau ecole
    classe cours salon chambre cuisine jardin fleur fruit fraise pomme orange
    cerise arbre bois pierre fer argent papier toile souris puce clavier
    ecran bulle fracture tic toc avatar rideau miracle jeu vent vente achat
    client marque serveur chat chien cheval oiseau poisson mouche araignee
    voiture train avion bateau navire voile roue ordre loi droit guerre paix
    art musique film image photo son voix bruit histoire conte roman journal
    presse radio poste carte plan projet groupe equipe societe entreprise
    affaire commerce marche bourse banque caisse monnaie piece titre sujet
    objet etat nation peuple public prive orange free numero code
    rose noir noire blanc blanche rouge vert verte bleu jaune gris
    the a an and or of to in on at by for with from as is are was were be been
    it its this that these those he she they we you not no yes but if so than
    then there here what which who how when where why all any some more most
    much many very just only also about into over after before up down out
    off new old good bad big small great little long short high low first last
    next time year day way man men woman women people thing world life work
    home house room door window office word page line book mail post place
    point name hand head face eye heart friend family city country water fire
    air sea sky sun moon star apple berry fruit tree wood stone paper mouse
    chip screen open play game fair match show run top box bank key file link
    tag feed stream like share follow wall story chat cat dog horse bird fish
    fly spider car boat ship sail wheel order law right war peace music film
    picture sound voice noise history novel press plan project group team
    company business market trade money coin title subject object state public
    private free code black white red green blue yellow grey gray rock rain
    snow windows amazon shell python java ruby swift rust go apache oracle
    target shop store mark brand ticket tick fracture bubble curtain avatar
    salon lounge net log space square circle ring bell dash drop
    """.split()
)

# ---------------------------------------------------------------------------
# Errors and data classes
# ---------------------------------------------------------------------------


class GlossaryError(Exception):
    """A glossary file could not be read or is malformed.

    ``str(error)`` is ``"file:line: message"``; ``line`` is 0 when unknown.
    """

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary entry, after merging all the files that define it."""

    id: str
    term: str
    patterns: tuple[str, ...]
    case_sensitive: bool
    kind: str
    years: str
    definition: Mapping[str, str] = field(hash=False)
    note: Mapping[str, str] = field(hash=False)
    see: tuple[str, ...]
    sources: tuple[str, ...]
    file: str
    line: int

    @property
    def first_year(self) -> int | None:
        """The first four-digit year in :attr:`years`, if any."""
        years = _YEAR_RE.findall(self.years)
        return int(years[0]) if years else None

    @property
    def last_year(self) -> int | None:
        """The last year, or ``None`` if the span is open or a single year."""
        years = _YEAR_RE.findall(self.years)
        if len(years) < 2 or years[-1] == years[0]:
            return None
        return int(years[-1])


@dataclass(frozen=True)
class Glossary:
    """The merged entries of one or more glossary files."""

    entries: Mapping[str, Entry]
    files: tuple[str, ...] = ()

    def get(self, id: str) -> Entry | None:
        """The entry with this id, or ``None``."""
        return self.entries.get(id)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A match of an entry: ``texts[paragraph][start:end] == text``."""

    entry_id: str
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class LintFault:
    """One fault found by :func:`lint`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


# One character for one (see lecteur.text): accented Latin letters to their base letter,
# case kept; curly apostrophes straight.
_FOLD: dict[int, str] = {code: chr(base) for code, base in ACCENT_TABLE.items()}
_WS_RE = re.compile(r"\s+")


_fold = fold_accents


def _exact_key(text: str) -> str:
    """The case-sensitive comparison form: folded, whitespace collapsed."""
    return _WS_RE.sub(" ", _fold(text.strip()))


def _key(text: str) -> str:
    """The case-insensitive normal form of a pattern or matched text."""
    return _exact_key(text.lower())


def normalise(text: str) -> str:
    """Lowercase, accent-free, single-spaced, straight-apostrophe form of ``text``.

    The form patterns are compared in: two strings the matcher treats as
    the same term normalise equally (handy for filtering entries in a UI).
    """
    return _key(text)


def _letter_classes() -> dict[str, str]:
    """For each ASCII letter, a regex class of it and its Latin-1 accented lowercases.

    Only Latin-1 variants go into the classes: a class with characters above
    U+00FF makes :mod:`re` build a 64K-entry table per occurrence, which
    would multiply the compile time of a large glossary several times.  The
    rarer accented letters beyond Latin-1 are folded in the text instead
    (see :func:`_fold_extended`).
    """
    variants: dict[str, list[str]] = {chr(c): [chr(c)] for c in range(ord("a"), ord("z") + 1)}
    for cp, base in _FOLD.items():
        ch = chr(cp)
        if cp < 0x100 and base.isalpha() and ch == ch.lower():
            variants[base.lower()].append(ch)
    return {
        base: (f"[{''.join(chars)}]" if len(chars) > 1 else base)
        for base, chars in variants.items()
    }


_LETTER_CLASS = _letter_classes()
_APOSTROPHE_CLASS = "(?:'|\u2019|\u2018)"
# Foldable letters beyond Latin-1 (Latin Extended-A/B, Latin Extended Additional).
_EXTENDED = "".join(chr(cp) for cp in sorted(_FOLD) if cp >= 0x100 and chr(cp).isalpha())
_EXTENDED_RE = re.compile(f"[{_EXTENDED}]")
# Frequent non-Latin-1 characters that are not letters (typography, spaces):
# their presence alone does not require the extended fold.
_TYPOGRAPHY = "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u2039\u203a\u20ac\u2022\u2009\u202f\u200b"


def _fold_extended(lowered: str) -> str:
    """Fold accented letters beyond Latin-1 to their base letter, if any.

    Length preserving.  Cheap when there are none: encoding to Latin-1
    (dropping what does not fit) tells how many characters lie beyond it,
    and counting the usual typographic characters accounts for most or all
    of them; only otherwise is the text scanned and rewritten.
    """
    beyond = len(lowered) - len(lowered.encode("latin-1", "ignore"))
    for ch in _TYPOGRAPHY:
        if beyond == 0:
            return lowered
        beyond -= lowered.count(ch)
    if beyond == 0:
        return lowered
    return _EXTENDED_RE.sub(lambda m: _FOLD[ord(m.group())].lower(), lowered)


_WORDCHAR = r"[^\W_]"  # a letter or a digit
_END = rf"(?!{_WORDCHAR})"


def _atoms(key: str) -> list[str]:
    """The regex atoms matching a normalised pattern in lowercased text."""
    atoms: list[str] = []
    for ch in key:
        if ch == " ":
            atoms.append(r"\s+")
        elif ch == "'":
            atoms.append(_APOSTROPHE_CLASS)
        elif ch in _LETTER_CLASS:
            atoms.append(_LETTER_CLASS[ch])
        else:
            atoms.append(re.escape(ch))
    return atoms


# ---------------------------------------------------------------------------
# Plurals
# ---------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")


def _word_plurals(word: str) -> list[str]:
    """Plausible plurals of one word (English and French), in its case."""
    if not word or not word[-1].isalpha():
        return []
    lower = _fold(word.lower())
    shout = len(word) > 1 and word.isupper()

    def suffixed(stem: str, suffix: str) -> list[str]:
        if shout:
            return [stem + suffix.upper(), stem + suffix]
        return [stem + suffix]

    if lower.endswith(("s", "x", "z")):
        return []  # invariable (French) or too irregular (English)
    if lower.endswith(("ch", "sh")):
        return suffixed(word, "es") + suffixed(word, "s")
    if lower.endswith(("eau", "au", "eu")):
        return suffixed(word, "x") + suffixed(word, "s")
    if lower.endswith("al") and len(lower) > 3:
        return suffixed(word[:-2], "aux") + suffixed(word, "s")
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in _VOWELS:
        return suffixed(word[:-1], "ies") + suffixed(word, "s")
    return suffixed(word, "s")


def _pattern_forms(pattern: str) -> list[str]:
    """The pattern and its plural forms (last word, first word, or both)."""
    words = pattern.split()
    if not words:
        return []
    forms = [" ".join(words)]
    last = _word_plurals(words[-1])
    forms += [" ".join(words[:-1] + [p]) for p in last]
    if len(words) > 1:
        first = _word_plurals(words[0])
        forms += [" ".join([p] + words[1:]) for p in first]
        forms += [" ".join([f] + words[1:-1] + [p]) for f in first for p in last]
    return list(dict.fromkeys(forms))


# ---------------------------------------------------------------------------
# Reading files into located nodes
# ---------------------------------------------------------------------------


@dataclass
class _Node:
    """A parsed value with the line where it starts (1-based; 0 if unknown)."""

    kind: Literal["map", "seq", "scalar"]
    line: int
    #: map: list of (key, value node); seq: list of nodes; scalar: the value.
    value: Any
    #: For scalars that read as text (strings, numbers): their text.
    text: str | None = None


@dataclass
class _Fault:
    file: str
    line: int
    message: str
    #: Fatal faults make :func:`load_glossary` fail; others are only linted.
    fatal: bool = True


_YAML_STR_TAGS = frozenset(
    {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
)


def _yaml_nodes(text: str, file: str) -> _Node | None:
    """Parse YAML text into located nodes (``None`` for an empty document)."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "syntax error"
        raise GlossaryError(file, line, f"invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise GlossaryError(file, 0, f"invalid YAML: {exc}") from exc
    if root is None:
        return None
    constructor = yaml.SafeLoader("")
    active: set[int] = set()

    def convert(node: yaml.Node) -> _Node:
        line = node.start_mark.line + 1
        if id(node) in active:
            raise GlossaryError(file, line, "recursive YAML alias")
        if isinstance(node, yaml.MappingNode):
            active.add(id(node))
            pairs = [(convert(k), convert(v)) for k, v in node.value]
            active.discard(id(node))
            return _Node("map", line, pairs)
        if isinstance(node, yaml.SequenceNode):
            active.add(id(node))
            items = [convert(v) for v in node.value]
            active.discard(id(node))
            return _Node("seq", line, items)
        assert isinstance(node, yaml.ScalarNode)
        try:
            value = constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise GlossaryError(file, line, f"invalid YAML value: {exc}") from exc
        text = node.value if node.tag in _YAML_STR_TAGS else None
        return _Node("scalar", line, value, text)

    return convert(root)


def _toml_nodes(text: str, file: str) -> _Node:
    """Parse TOML text into located nodes.

    :mod:`tomllib` gives no positions, so lines are recovered from the text:
    each ``[[entries]]`` header starts an entry, and a field's line is that
    of its ``key =`` (or ``[entries.key]``) within the entry's block.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise GlossaryError(file, line, f"invalid TOML: {message}") from exc
    lines = text.splitlines()

    def find(pattern: str, lo: int, hi: int) -> int:
        rx = re.compile(pattern)
        for i in range(lo, min(hi, len(lines))):
            if rx.match(lines[i]):
                return i + 1
        return 0

    headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*entries\s*\]\]", ln)]

    def key_line(key: str, lo: int, hi: int, default: int) -> int:
        quoted = re.escape(key)
        return (
            find(rf"\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=", lo, hi)
            or find(rf"\s*\[\s*entries\s*\.\s*{quoted}\s*\]", lo, hi)
            or default
        )

    def convert(value: Any, line: int, lo: int, hi: int) -> _Node:
        if isinstance(value, dict):
            pairs = []
            for k, v in value.items():
                kline = key_line(str(k), lo, hi, line)
                pairs.append(
                    (
                        _Node("scalar", kline, k, str(k)),
                        convert(v, kline, kline - 1 if kline else lo, hi),
                    )
                )
            return _Node("map", line, pairs)
        if isinstance(value, list):
            return _Node("seq", line, [convert(v, line, lo, hi) for v in value])
        text_value = (
            str(value)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            else None
        )
        return _Node("scalar", line, value, text_value)

    top_pairs: list[tuple[_Node, _Node]] = []
    first_header = headers[0] if headers else len(lines)
    for key, value in data.items():
        kline = key_line(str(key), 0, first_header, 0) or find(
            rf"\s*\[\[?\s*{re.escape(str(key))}\s*\]", 0, len(lines)
        )
        if key == "entries" and isinstance(value, list) and len(headers) == len(value):
            items = []
            for n, entry in enumerate(value):
                lo = headers[n]
                hi = headers[n + 1] if n + 1 < len(headers) else len(lines)
                items.append(convert(entry, lo + 1, lo, hi))
            node = _Node("seq", kline, items)
        else:
            node = convert(value, kline, kline - 1 if kline else 0, len(lines))
        top_pairs.append((_Node("scalar", kline, key, str(key)), node))
    return _Node("map", 1, top_pairs)


def _read_nodes(path: Path, file: str) -> _Node | None:
    """Read and parse one glossary file (YAML, or TOML by extension)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(file, 0, f"not UTF-8 text: {exc.reason}") from exc
    except OSError as exc:
        raise GlossaryError(file, 0, f"cannot read: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".toml":
        return _toml_nodes(text, file)
    return _yaml_nodes(text, file)


# ---------------------------------------------------------------------------
# Validating one file
# ---------------------------------------------------------------------------


@dataclass
class _Val:
    """A validated field value and where it was written."""

    value: Any
    line: int
    file: str
    #: For list fields: each item with its own line.
    items: tuple[tuple[str, int], ...] = ()


@dataclass
class _RawEntry:
    """One entry as written in one file (only the fields it gives)."""

    id: str
    file: str
    line: int
    fields: dict[str, _Val]
    definition: dict[str, _Val]
    note: dict[str, _Val]
    #: Fields (and "definition.<lang>") given but invalid: already reported,
    #: so they do not count as missing too.
    invalid: set[str] = field(default_factory=set)


class _FileChecker:
    """Validate the nodes of one file, collecting faults."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.faults: list[_Fault] = []

    def fault(self, line: int, message: str, *, fatal: bool = True) -> None:
        self.faults.append(_Fault(self.file, line, message, fatal))

    def mapping(self, node: _Node, what: str, allowed: Sequence[str]) -> dict[str, _Node] | None:
        """A map node as a dict, flagging non-string, unknown or repeated keys."""
        if node.kind != "map":
            self.fault(node.line, f"{what} must be a mapping")
            return None
        result: dict[str, _Node] = {}
        for key, value in node.value:
            if key.kind != "scalar" or not isinstance(key.value, str):
                self.fault(key.line, f"{what}: keys must be strings")
                continue
            name = key.value
            if name not in allowed:
                self.fault(
                    key.line,
                    f"{what}: unknown field {name!r} (expected one of {', '.join(allowed)})",
                )
                continue
            if name in result:
                self.fault(key.line, f"{what}: field {name!r} given twice")
                continue
            # Faults about a field point at its "field:" line.
            result[name] = _Node(value.kind, key.line or value.line, value.value, value.text)
        return result

    def string(self, node: _Node, what: str) -> str | None:
        if node.kind == "scalar" and node.text is not None and node.text.strip():
            return node.text.strip()
        if node.kind == "scalar" and node.text is not None:
            self.fault(node.line, f"{what} must not be empty")
        else:
            self.fault(node.line, f"{what} must be a string")
        return None

    def string_list(self, node: _Node, what: str) -> tuple[tuple[str, int], ...] | None:
        if node.kind != "seq":
            self.fault(node.line, f"{what} must be a list of strings")
            return None
        items: list[tuple[str, int]] = []
        for item in node.value:
            text = self.string(item, f"{what} item")
            if text is not None:
                items.append((text, item.line or node.line))
        return tuple(items)

    def languages(self, node: _Node, what: str) -> dict[str, _Val | None] | None:
        """A {language: text} mapping; ``None`` values were given but invalid."""
        mapping = self.mapping(node, what, LANGUAGES)
        if mapping is None:
            return None
        result: dict[str, _Val | None] = {}
        for lang, value in mapping.items():
            text = self.string(value, f"{what}.{lang}")
            result[lang] = _Val(text, value.line, self.file) if text is not None else None
        return result

    def entry(self, node: _Node, index: int) -> _RawEntry | None:
        where = f"entry #{index + 1}"
        fields = self.mapping(node, where, _ENTRY_FIELDS)
        if fields is None:
            return None
        id_node = fields.get("id")
        if id_node is None:
            self.fault(node.line, f"{where}: missing required field 'id'")
            return None
        entry_id = self.string(id_node, f"{where}: id")
        if entry_id is None:
            return None
        if not _ID_RE.fullmatch(entry_id):
            self.fault(id_node.line, f"entry {entry_id!r}: id must match [a-z0-9-]+")
            return None
        where = f"entry {entry_id!r}"
        raw = _RawEntry(entry_id, self.file, node.line, {}, {}, {})
        for name in ("term", "kind", "years"):
            if name in fields:
                text = self.string(fields[name], f"{where}: {name}")
                if text is not None:
                    raw.fields[name] = _Val(text, fields[name].line, self.file)
        kind = raw.fields.get("kind")
        if kind is not None and kind.value not in KINDS:
            self.fault(
                kind.line,
                f"{where}: unknown kind {kind.value!r} (expected one of {', '.join(sorted(KINDS))})",
            )
            del raw.fields["kind"]
        years = raw.fields.get("years")
        if years is not None:
            problem = _years_problem(years.value)
            if problem:
                self.fault(years.line, f"{where}: malformed years {years.value!r}: {problem}")
                del raw.fields["years"]
        if "case_sensitive" in fields:
            cs = fields["case_sensitive"]
            if cs.kind == "scalar" and isinstance(cs.value, bool):
                raw.fields["case_sensitive"] = _Val(cs.value, cs.line, self.file)
            else:
                self.fault(cs.line, f"{where}: case_sensitive must be true or false")
        for name in ("match", "see", "sources"):
            if name in fields:
                items = self.string_list(fields[name], f"{where}: {name}")
                if items is None:
                    continue
                if name == "match" and not items:
                    self.fault(fields[name].line, f"{where}: match must not be empty")
                    continue
                raw.fields[name] = _Val(
                    tuple(t for t, _ in items), fields[name].line, self.file, items
                )
        for item, line in raw.fields["see"].items if "see" in raw.fields else ():
            if not _ID_RE.fullmatch(item):
                self.fault(line, f"{where}: see-also {item!r} is not a valid id")
        for item, line in raw.fields["sources"].items if "sources" in raw.fields else ():
            if not re.match(r"https?://\S+$", item):
                self.fault(line, f"{where}: source {item!r} is not an http(s) URL", fatal=False)
        if "definition" in fields:
            definition = self.languages(fields["definition"], f"{where}: definition")
            if definition is not None:
                raw.definition = {k: v for k, v in definition.items() if v is not None}
                raw.invalid |= {f"definition.{k}" for k, v in definition.items() if v is None}
                raw.fields["definition"] = _Val(None, fields["definition"].line, self.file)
                for lang, val in raw.definition.items():
                    if len(val.value) > MAX_DEFINITION_LENGTH:
                        self.fault(
                            val.line,
                            f"{where}: definition.{lang} is {len(val.value)} characters "
                            f"(at most {MAX_DEFINITION_LENGTH})",
                            fatal=False,
                        )
        if "note" in fields:
            note = self.languages(fields["note"], f"{where}: note")
            if note is not None:
                raw.note = {k: v for k, v in note.items() if v is not None}
        raw.invalid |= {name for name in fields if name not in raw.fields and name != "id"}
        return raw

    def document(self, root: _Node | None) -> list[_RawEntry]:
        if root is None:
            self.fault(1, "empty glossary file (expected 'version' and 'entries')")
            return []
        top = self.mapping(root, "glossary", _TOP_FIELDS)
        if top is None:
            return []
        version = top.get("version")
        if version is None:
            self.fault(root.line, "missing required field 'version'")
        elif not (
            version.kind == "scalar"
            and type(version.value) is int
            and version.value == SCHEMA_VERSION
        ):
            self.fault(version.line, f"unsupported version (expected {SCHEMA_VERSION})")
        entries = top.get("entries")
        if entries is None:
            self.fault(root.line, "missing required field 'entries'")
            return []
        if entries.kind != "seq":
            self.fault(entries.line, "entries must be a list")
            return []
        result: list[_RawEntry] = []
        seen: dict[str, int] = {}
        for index, node in enumerate(entries.value):
            raw = self.entry(node, index)
            if raw is None:
                continue
            if raw.id in seen:
                self.fault(
                    raw.line,
                    f"duplicate id {raw.id!r} (first defined at line {seen[raw.id]})",
                )
                continue
            seen[raw.id] = raw.line
            result.append(raw)
        return result


def _years_problem(years: str) -> str | None:
    """Why ``years`` is malformed, or ``None`` if it is fine (``?``: not known)."""
    if years.strip() == "?":
        return None
    found = _YEARS_RE.fullmatch(years)
    if found is None:
        return "expected YYYY, YYYY–YYYY, YYYY– or ?"
    if found.group(2) is not None and int(found.group(2)) < int(found.group(1)):
        return "the span ends before it starts"
    return None


def _check_file(path: Path, file: str) -> tuple[list[_RawEntry], list[_Fault]]:
    """Read and validate one file; a read/parse error is a single fatal fault."""
    checker = _FileChecker(file)
    try:
        root = _read_nodes(path, file)
    except GlossaryError as exc:
        return [], [_Fault(exc.file, exc.line, exc.message)]
    entries = checker.document(root)
    return entries, checker.faults


# ---------------------------------------------------------------------------
# Merging files
# ---------------------------------------------------------------------------


@dataclass
class _Merged:
    """An entry merged across files, remembering where each part came from."""

    id: str
    file: str
    line: int
    fields: dict[str, _Val]
    definition: dict[str, _Val]
    note: dict[str, _Val]

    def patterns(self) -> tuple[tuple[str, str, int], ...]:
        """Effective patterns as (pattern, file, line)."""
        match = self.fields.get("match")
        if match is not None:
            return tuple((text, match.file, line) for text, line in match.items)
        term = self.fields.get("term")
        if term is None:
            return ()
        return ((term.value, term.file, term.line),)

    @property
    def case_sensitive(self) -> bool:
        cs = self.fields.get("case_sensitive")
        return bool(cs.value) if cs is not None else False

    def to_entry(self) -> Entry:
        def value(name: str, default: Any) -> Any:
            val = self.fields.get(name)
            return val.value if val is not None else default

        return Entry(
            id=self.id,
            term=value("term", ""),
            patterns=tuple(p for p, _, _ in self.patterns()),
            case_sensitive=self.case_sensitive,
            kind=value("kind", ""),
            years=value("years", ""),
            definition={k: v.value for k, v in self.definition.items()},
            note={k: v.value for k, v in self.note.items()},
            see=tuple(value("see", ())),
            sources=tuple(value("sources", ())),
            file=self.file,
            line=self.line,
        )


def _merge(
    files: Iterable[tuple[str, list[_RawEntry]]],
) -> tuple[dict[str, _Merged], list[_Fault]]:
    """Merge files in order: later files override earlier ids field by field."""
    merged: dict[str, _Merged] = {}
    faults: list[_Fault] = []
    for _file, raws in files:
        for raw in raws:
            current = merged.get(raw.id)
            if current is None:
                faults += _completeness_faults(raw)
                merged[raw.id] = _Merged(
                    raw.id,
                    raw.file,
                    raw.line,
                    dict(raw.fields),
                    dict(raw.definition),
                    dict(raw.note),
                )
                continue
            current.file, current.line = raw.file, raw.line
            current.fields.update(raw.fields)
            current.definition.update(raw.definition)
            current.note.update(raw.note)
    return merged, faults


def _completeness_faults(raw: _RawEntry) -> list[_Fault]:
    """Faults for a new id lacking a required field or a definition language.

    Fields given but invalid were reported already and are not "missing".
    """
    where = f"entry {raw.id!r}"
    faults = [
        _Fault(raw.file, raw.line, f"{where}: missing required field {name!r}")
        for name in _REQUIRED_FIELDS
        if name not in raw.fields and name not in raw.invalid
    ]
    definition = raw.fields.get("definition")
    if definition is not None:
        faults += [
            _Fault(raw.file, definition.line, f"{where}: definition lacks the {lang!r} language")
            for lang in LANGUAGES
            if lang not in raw.definition and f"definition.{lang}" not in raw.invalid
        ]
    return faults


def _resolve(
    paths: Sequence[str | Path], *, report_missing: bool
) -> tuple[tuple[str, ...], dict[str, _Merged], list[_Fault]]:
    """Read, validate and merge ``paths``; return files, entries and faults."""
    files: list[tuple[str, list[_RawEntry]]] = []
    faults: list[_Fault] = []
    for raw_path in paths:
        path = Path(raw_path)
        file = str(raw_path)
        if not path.is_file():
            if report_missing:
                faults.append(_Fault(file, 0, "no such glossary file"))
            continue
        entries, file_faults = _check_file(path, file)
        faults += file_faults
        files.append((file, entries))
    merged, merge_faults = _merge(files)
    return tuple(f for f, _ in files), merged, faults + merge_faults


def load_glossary(paths: Sequence[str | Path]) -> Glossary:
    """Load and merge glossary files, in order; missing paths are skipped.

    Raises :class:`GlossaryError` (``file:line: message``) for the first
    file that cannot be parsed or breaks the schema.  Quality issues that do
    not break the schema (long definitions, common-word patterns, dangling
    see-also ids, ...) are only reported by :func:`lint`.
    """
    files, merged, faults = _resolve(paths, report_missing=False)
    fatal = [f for f in faults if f.fatal]
    if fatal:
        order = {file: n for n, file in enumerate(files)}
        first = min(fatal, key=lambda f: (order.get(f.file, -1), f.line))
        raise GlossaryError(first.file, first.line, first.message)
    entries = {id_: m.to_entry() for id_, m in merged.items()}
    return Glossary(entries, files)


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Form:
    """One matchable form (pattern or plural) of an entry."""

    entry_id: str
    #: For case-sensitive entries, the exact (accent-folded) form required.
    exact: str | None


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex alternation matching any of ``keys``, shaped like a trie.

    The atoms at each node are disjoint, so the regex walks a single path
    and its greedy optional groups prefer the longest form; backtracking to a
    shorter one happens only when the end-of-word check fails.
    """
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for atom in _atoms(key):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


class Matcher:
    """Find glossary terms in paragraphs, in one pass over the text.

    All forms of all patterns are compiled into one trie-shaped regex, run
    once over the lowercased text; see the module docstring.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        forms: dict[str, list[_Form]] = {}
        for entry in glossary.entries.values():
            for pattern in entry.patterns:
                for form in _pattern_forms(pattern):
                    key = _key(form)
                    if not key:
                        continue
                    candidate = _Form(entry.id, _exact_key(form) if entry.case_sensitive else None)
                    bucket = forms.setdefault(key, [])
                    if candidate not in bucket:
                        bucket.append(candidate)
        for bucket in forms.values():
            # Case-sensitive forms are the more specific: try them first.
            bucket.sort(key=lambda f: f.exact is None)
        self._forms = forms
        # "[\W_]" consumes the character before the match (not a letter or
        # digit) rather than looking behind: a leading character class lets
        # the regex engine skip quickly to candidate positions.
        self._regex: re.Pattern[str] | None = (
            re.compile(rf"[\W_](?:{_trie_regex(forms)}){_END}") if forms else None
        )

    # -- public ------------------------------------------------------------

    def find(self, texts: Sequence[str]) -> list[Occurrence]:
        """Every occurrence in ``texts`` (paragraphs), sorted by (paragraph, start).

        Paragraphs are joined by NUL separators (which no pattern can cross
        and which count as word boundaries), searched once, and the offsets
        are mapped back to each paragraph.
        """
        if self._regex is None or not texts:
            return []
        starts: list[int] = []
        offset = 1
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        original = "\x00" + "\x00".join(texts)
        lowered = _fold_extended(lower_same_length(original))
        search = self._regex.search
        accept = self._accept
        forms = self._forms
        result: list[Occurrence] = []
        append = result.append
        pos = 0
        while (found := search(lowered, pos)) is not None:
            start = found.start() + 1  # past the boundary character
            end = found.end()
            entry_id = accept(forms, original, lowered, start, end)
            if entry_id is None:
                hit = self._shorter(original, lowered, start, end)
                if hit is None:
                    pos = start  # the next match starts after this one's start
                    continue
                entry_id, end = hit
            paragraph = bisect.bisect_right(starts, start) - 1
            base = starts[paragraph]
            append(Occurrence(entry_id, paragraph, start - base, end - base, original[start:end]))
            # The match's last character may be the boundary before the next.
            pos = end - 1
        return result

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _accept(
        forms: Mapping[str, list[_Form]], original: str, lowered: str, start: int, end: int
    ) -> str | None:
        """The entry with a form matching ``original[start:end]``, if any."""
        matched = lowered[start:end]
        bucket = forms.get(matched)
        if bucket is None:
            bucket = forms.get(_key(matched))
            if bucket is None:
                return None
        exact: str | None = None
        for form in bucket:
            if form.exact is None:
                return form.entry_id
            if exact is None:
                exact = _exact_key(original[start:end])
            if exact == form.exact:
                return form.entry_id
        return None

    def _shorter(self, original: str, lowered: str, start: int, end: int) -> tuple[str, int] | None:
        """The longest acceptable match at ``start`` ending before ``end``.

        Reached only when the longest form found there was refused (its
        entries are case-sensitive and the case differs).  Every form that
        matches at ``start`` lies on the same path of the trie, so the
        shorter candidates are the prefixes of the matched text that end on
        a word boundary.
        """
        for stop in range(end - 1, start, -1):
            if lowered[stop - 1].isspace() or lowered[stop].isalnum():
                continue
            entry_id = self._accept(self._forms, original, lowered, start, stop)
            if entry_id is not None:
                return entry_id, stop
        return None


# ---------------------------------------------------------------------------
# JSON export
# ---------------------------------------------------------------------------


def glossary_json(glossary: Glossary, occurrences: Sequence[Occurrence]) -> dict[str, Any]:
    """The terms that occur, in order of first occurrence, with their places.

    Shape: ``{"terms": [{"id", "term", "years", "definition": {"fr", "en"},
    "occurrences": [{"paragraph", "start", "end", "text"}]}]}``.
    """
    terms: dict[str, dict[str, Any]] = {}
    for occ in sorted(occurrences, key=lambda o: (o.paragraph, o.start)):
        entry = glossary.get(occ.entry_id)
        if entry is None:
            continue
        term = terms.get(entry.id)
        if term is None:
            term = terms[entry.id] = {
                "id": entry.id,
                "term": entry.term,
                "years": entry.years,
                "definition": {lang: entry.definition.get(lang, "") for lang in LANGUAGES},
                "occurrences": [],
            }
        term["occurrences"].append(
            {"paragraph": occ.paragraph, "start": occ.start, "end": occ.end, "text": occ.text}
        )
    return {"terms": list(terms.values())}


# ---------------------------------------------------------------------------
# Lint
# ---------------------------------------------------------------------------


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _common_word(key: str) -> str | None:
    """The common word ``key`` (a normalised single word) is, or pluralises to."""
    if " " in key:
        return None
    candidates = [key, *(_key(p) for p in _word_plurals(key))]
    if key.endswith(("s", "x")):
        candidates.append(key[:-1])
    for word in candidates:
        if word in COMMON_WORDS:
            return word
    return None


def lint(paths: Sequence[str | Path]) -> list[LintFault]:
    """Every fault in ``paths`` (read and merged together, in order).

    Reports, each with the file and line of the offending entry or field:
    parse errors, unknown or repeated fields, missing required fields,
    duplicate ids within a file, unknown kinds, malformed years, a
    definition lacking a language or over :data:`MAX_DEFINITION_LENGTH`
    characters, see-also ids defined in none of the files, the same pattern
    in two entries, and case-insensitive patterns that are common words
    (:data:`COMMON_WORDS`) or shorter than three letters.
    """
    _files, merged, faults = _resolve(paths, report_missing=True)
    known = set(merged)
    owners: dict[str, list[tuple[str, bool, str]]] = {}
    for entry in merged.values():
        where = f"entry {entry.id!r}"
        see = entry.fields.get("see")
        if see is not None:
            for target, line in see.items:
                if target not in known:
                    faults.append(
                        _Fault(
                            see.file, line, f"{where}: see-also {target!r} is not defined", False
                        )
                    )
        cs = entry.case_sensitive
        for pattern, file, line in entry.patterns():
            key = _key(pattern)
            exact = _exact_key(pattern)
            for other_id, other_cs, other_exact in owners.get(key, ()):
                if other_id != entry.id and not (cs and other_cs and exact != other_exact):
                    faults.append(
                        _Fault(
                            file,
                            line,
                            f"{where}: pattern {pattern!r} is also a pattern of {other_id!r}",
                            False,
                        )
                    )
                    break
            owners.setdefault(key, []).append((entry.id, cs, exact))
            if cs:
                continue
            if _letters(key) < 3:
                faults.append(
                    _Fault(
                        file,
                        line,
                        f"{where}: case-insensitive pattern {pattern!r} is shorter than "
                        "3 letters; make it case_sensitive or longer",
                        False,
                    )
                )
            else:
                word = _common_word(key)
                if word is not None:
                    faults.append(
                        _Fault(
                            file,
                            line,
                            f"{where}: case-insensitive pattern {pattern!r} would match the "
                            f"common word {word!r}; make it case_sensitive or more specific",
                            False,
                        )
                    )
    order = {file: n for n, file in enumerate(str(p) for p in paths)}
    unique: dict[tuple[str, int, str], None] = {}
    for f in sorted(faults, key=lambda f: (order.get(f.file, len(order)), f.line)):
        unique.setdefault((f.file, f.line, f.message), None)
    return [LintFault(file, line, message) for file, line, message in unique]


@dataclass(frozen=True)
class GlossaryView:
    """A glossary matched against one essay: what the reader and its screens need."""

    glossary: Glossary
    occurrences: Sequence[Occurrence]
    texts: Sequence[str]
    language: str

    def mentions(self, entry_id: str) -> list[int]:
        """Indexes of the occurrences of one entry, in reading order."""
        return self._mentions.get(entry_id, [])

    @cached_property
    def _mentions(self) -> dict[str, list[int]]:
        by_entry: dict[str, list[int]] = {}
        for i, o in enumerate(self.occurrences):
            by_entry.setdefault(o.entry_id, []).append(i)
        return by_entry

    @cached_property
    def found_entries(self) -> list[Entry]:
        """Entries that occur in the essay, in order of first occurrence (computed once)."""
        seen: dict[str, None] = {}
        for o in self.occurrences:
            seen.setdefault(o.entry_id, None)
        return [e for i in seen if (e := self.glossary.get(i)) is not None]
