"""The glossary's data model: entries, occurrences, errors, and the view the reader uses.

Pure Python, no dependency on the user interface.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload

from lecteur.records import pickled_as_call

#: The kinds an entry may have.
KINDS: frozenset[str] = frozenset(
    {
        "service",
        "software",
        "company",
        "person",
        "work",
        "concept",
        "institution",
        "hardware",
        "game",
        "event",
    }
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
_COUNTRY_RE = re.compile(r"[A-Z]{2}")

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


class GlossaryRefused(GlossaryError):
    """A glossary file refused as a whole before it is built: a YAML alias bomb, a
    recursive alias, nesting past :data:`lecteur.safeyaml.MAX_DEPTH`. ``lecteur glossary
    --check`` says so in one line and exits 2; the reader reads on without the file."""


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
    #: Who made, founded or published it ("" when unknown or not applicable).
    maker: str = ""
    #: ISO 3166-1 alpha-2 code of its country of origin ("" when not applicable).
    country: str = ""
    #: Guard words: the entry only matches in a paragraph that also holds one of them.
    context: tuple[str, ...] = ()
    #: Whether a match of several words needs a guard word too ("The Oregon Trail": the
    #: game, or the trail itself); by default only a single-word match does.
    guard_phrases: bool = False

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
    #: Files left out because they are broken, each as "file:line: why" (see
    #: :func:`lecteur.glossary.load_glossaries`): the reader shows them, and reads on.
    warnings: tuple[str, ...] = ()

    def get(self, id: str) -> Entry | None:
        """The entry with this id, or ``None``."""
        return self.entries.get(id)

    def __len__(self) -> int:
        return len(self.entries)


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Occurrence:
    """A match of an entry: ``texts[paragraph][start:end] == text``."""

    entry_id: str
    paragraph: int
    start: int
    end: int
    text: str


class OccurrenceTable(Sequence[Occurrence]):
    """Occurrences in reading order, kept as columns: what the reader holds of a book's
    glossary matches.

    A 50 MB book has about 240,000 occurrences; as :class:`Occurrence` objects they took
    some 60 MB in the reader and about a second to pickle and unpickle. Here each is five
    numbers in flat arrays (about 20 bytes), its entry id and its text indexes into lists
    of the distinct ones; an :class:`Occurrence` is made when one is asked for. Columns
    (:attr:`paragraphs`, :attr:`starts`, :attr:`ends`, :meth:`entry_ids`) serve the code
    that reads them all. Compares equal to any sequence of the same occurrences.
    """

    __slots__ = ("ends", "entries", "ids", "paragraphs", "starts", "surfaces", "texts")

    def __init__(self, occurrences: Iterable[Occurrence] = ()) -> None:
        ids: dict[str, int] = {}
        texts: dict[str, int] = {}
        self.entries = array("I")
        self.paragraphs = array("I")
        self.starts = array("I")
        self.ends = array("I")
        self.surfaces = array("I")
        for o in occurrences:
            self.entries.append(ids.setdefault(o.entry_id, len(ids)))
            self.paragraphs.append(o.paragraph)
            self.starts.append(o.start)
            self.ends.append(o.end)
            self.surfaces.append(texts.setdefault(o.text, len(texts)))
        self.ids = list(ids)
        self.texts = list(texts)

    @classmethod
    def of(cls, occurrences: Sequence[Occurrence]) -> OccurrenceTable:
        """``occurrences`` as a table (itself if it is one)."""
        return occurrences if isinstance(occurrences, OccurrenceTable) else cls(occurrences)

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Occurrence: ...

    @overload
    def __getitem__(self, index: slice) -> list[Occurrence]: ...

    def __getitem__(self, index: int | slice) -> Occurrence | list[Occurrence]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Occurrence(
            self.ids[self.entries[index]],
            self.paragraphs[index],
            self.starts[index],
            self.ends[index],
            self.texts[self.surfaces[index]],
        )

    def __iter__(self) -> Iterator[Occurrence]:
        ids, texts = self.ids, self.texts
        for entry, paragraph, start, end, surface in zip(
            self.entries, self.paragraphs, self.starts, self.ends, self.surfaces, strict=True
        ):
            yield Occurrence(ids[entry], paragraph, start, end, texts[surface])

    def entry_ids(self) -> list[str]:
        """Each occurrence's entry id, in order (the ids themselves, shared)."""
        ids = self.ids
        return [ids[e] for e in self.entries]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OccurrenceTable({len(self)} occurrences of {len(self.ids)} entries)"

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)


@pickled_as_call
@dataclass(frozen=True, slots=True)
class HeadingOccurrence:
    """A match of an entry in a heading: ``essay.blocks[block].text[start:end] == text``.

    Kept apart from :class:`Occurrence` (whose ``paragraph`` indexes the essay's
    paragraphs) so that paragraph-based code is not misled; ``next_paragraph`` (the
    heading's) places it in reading order: just before that paragraph.
    """

    entry_id: str
    block: int
    next_paragraph: int
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
# JSON export
# ---------------------------------------------------------------------------


def glossary_json(
    glossary: Glossary,
    occurrences: Sequence[Occurrence],
    headings: Sequence[HeadingOccurrence] = (),
) -> dict[str, Any]:
    """The terms that occur, in reading order of first occurrence, with their places.

    Shape: ``{"terms": [{"id", "term", "kind", "years", "maker", "country",
    "definition": {"fr", "en"}, "occurrences": [{"paragraph", "start", "end", "text"}],
    "headings": [{"block", "start", "end", "text"}]}]}``.
    """
    terms: dict[str, dict[str, Any]] = {}

    def term_of(entry_id: str) -> dict[str, Any] | None:
        entry = glossary.get(entry_id)
        if entry is None:
            return None
        term = terms.get(entry.id)
        if term is None:
            term = terms[entry.id] = {
                "id": entry.id,
                "term": entry.term,
                "kind": entry.kind,
                "years": entry.years,
                "maker": entry.maker,
                "country": entry.country,
                "definition": {lang: entry.definition.get(lang, "") for lang in LANGUAGES},
                "occurrences": [],
                "headings": [],
            }
        return term

    for place, _start, item in _reading_order(occurrences, headings):
        term = term_of(item.entry_id)
        if term is None:
            continue
        if isinstance(item, Occurrence):
            term["occurrences"].append(
                {"paragraph": place, "start": item.start, "end": item.end, "text": item.text}
            )
        else:
            term["headings"].append(
                {"block": item.block, "start": item.start, "end": item.end, "text": item.text}
            )
    return {"terms": list(terms.values())}


def _reading_order(
    occurrences: Sequence[Occurrence], headings: Sequence[HeadingOccurrence]
) -> list[tuple[int, int, Occurrence | HeadingOccurrence]]:
    """Occurrences and heading occurrences merged in reading order, as
    (paragraph, start, item): a heading comes just before its next paragraph."""
    items: list[tuple[int, int, int, Occurrence | HeadingOccurrence]] = [
        (o.paragraph, 1, o.start, o) for o in occurrences
    ]
    items += [(h.next_paragraph, 0, h.start, h) for h in headings]
    items.sort(key=lambda t: t[:3])
    return [(place, start, item) for place, _rank, start, item in items]


@dataclass(frozen=True)
class GlossaryView:
    """A glossary matched against one essay: what the reader and its screens need."""

    glossary: Glossary
    occurrences: Sequence[Occurrence]
    texts: Sequence[str]
    language: str
    #: Matches in headings (the UI may mark them; :meth:`found` already counts them).
    headings: Sequence[HeadingOccurrence] = ()

    def mentions(self, entry_id: str) -> list[int]:
        """Indexes of the occurrences of one entry, in reading order."""
        return self._mentions.get(entry_id, [])

    @cached_property
    def _mentions(self) -> dict[str, list[int]]:
        by_entry: dict[str, list[int]] = {}
        for i, entry_id in enumerate(_entry_ids(self.occurrences)):
            by_entry.setdefault(entry_id, []).append(i)
        return by_entry

    @cached_property
    def found_entries(self) -> list[Entry]:
        """Entries that occur in the essay (headings included), in reading order; computed
        once."""
        # Each entry's first place, in one pass (a book has hundreds of thousands of
        # occurrences: sorting them all to find a few dozen firsts took half a second).
        first: dict[str, tuple[int, int, int, int]] = {}
        occurrences = OccurrenceTable.of(self.occurrences)
        for entry_id, paragraph, start in zip(
            occurrences.entry_ids(), occurrences.paragraphs, occurrences.starts, strict=True
        ):
            place = (paragraph, 1, 0, start)
            if entry_id not in first or place < first[entry_id]:
                first[entry_id] = place
        for h in self.headings:
            place = (h.next_paragraph, 0, h.block, h.start)  # headings in their order
            if h.entry_id not in first or place < first[h.entry_id]:
                first[h.entry_id] = place
        order = sorted(first, key=first.__getitem__)
        return [e for i in order if (e := self.glossary.get(i)) is not None]


def _entry_ids(occurrences: Sequence[Occurrence]) -> list[str]:
    """Each occurrence's entry id, read from the table's column when it is one."""
    if isinstance(occurrences, OccurrenceTable):
        return occurrences.entry_ids()
    return [o.entry_id for o in occurrences]
