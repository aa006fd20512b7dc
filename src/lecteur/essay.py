"""The essay model: read a file, parse it into blocks and numbered paragraphs.

This module parses only: finding essays, splitting them into sections and matching the
glossary are orchestrated by :mod:`lecteur.library`. Nothing here imports Textual (a
test proves it).

A *paragraph* is every body block that carries text: a Markdown paragraph, a block
quote, a whole list, a code block, a table or a raw HTML block. Paragraphs are
numbered from 0 in reading order. Headings and rules are blocks but not paragraphs.
Front matter is never shown as text.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lecteur.records import pickled_as_call

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# yaml, tomllib and markdown_it are imported where they are used: a plain-text essay
# (or a process that only unpickles an essay) never pays for them.

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
"""File suffixes read as Markdown."""
TEXT_SUFFIXES = frozenset({".txt", ".text"})
"""File suffixes read as plain text."""
RST_SUFFIXES = frozenset({".rst", ".rest"})
"""reStructuredText (read with docutils, see :mod:`lecteur.formats`)."""
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
"""Saved web pages (main content found by trafilatura, see :mod:`lecteur.formats`)."""
ESSAY_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | RST_SUFFIXES | HTML_SUFFIXES
"""Files a folder listing offers as essays."""

MAX_BYTES = 64_000_000
"""Files larger than this are refused: a whole book is a few megabytes."""

HEAD_CHARS = 40_000
"""Characters of a big file parsed before the first paint; the rest follows in the background."""

WORDS_PER_MINUTE = 230
"""Reading speed for the time-left estimate (silent reading of prose, FR and EN)."""


class SectionKind(StrEnum):
    """What a section does in the essay. Members compare equal to their names as strings."""

    REMINISCENCE = "reminiscence"
    ARGUMENT = "argument"
    TRANSITION = "transition"


class EssayError(Exception):
    """A file that cannot be read as an essay. ``str()`` is the one line for stderr."""

    def __init__(self, file: str | Path, message: str) -> None:
        from lecteur.text import safe

        # A file name or a parser's message can hold a newline or an escape sequence:
        # the line for stderr holds neither (stand-ins, as everywhere).
        name = safe(str(file)) if str(file) else "''"
        message = " ".join(safe(message).split())
        super().__init__(f"{name}: {message}")
        self.file = str(file)
        self.message = message


# --------------------------------------------------------------------------- blocks


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Mark:
    """An inline style over ``[start, end)`` of a paragraph's text."""

    start: int
    end: int
    style: tuple[str, ...]
    """Tags among ``em``, ``strong``, ``code``, ``link``, ``strike``, ``image``, ``html``."""
    href: str | None = None


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Piece:
    """One wrappable run of a paragraph: a list item, a quoted paragraph, a code line..."""

    start: int
    end: int
    indent: int = 0
    """Left indent in cells (nesting)."""
    bullet: str = ""
    """A list marker shown before the first line (``•``, ``3.``)."""
    quote: int = 0
    """Block-quote depth."""
    pre: bool = False
    """Preformatted: never reflowed."""


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    kind: str
    """``text``, ``quote``, ``list``, ``code``, ``html`` or ``table``."""
    text: str
    """Plain text without Markdown syntax; pieces are joined by newlines."""
    marks: tuple[Mark, ...]
    pieces: tuple[Piece, ...]
    line: int
    """First source line (0-based, in the body)."""
    words: int


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    marks: tuple[Mark, ...]
    line: int
    next_paragraph: int
    """Index of the first paragraph after this heading."""
    mark: SectionKind | None = None
    """An explicit section kind from ``{.argument}``-style attributes."""


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Rule:
    line: int
    next_paragraph: int


Block = Heading | Paragraph | Rule


@pickled_as_call
@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs ``first..last`` (inclusive) of one kind (see lecteur.sections)."""

    kind: SectionKind
    title: str
    first: int
    last: int
    explicit: bool = False
    """Marked in the document rather than found by the automatic split."""


@pickled_as_call
@dataclass(frozen=True, slots=True)
class SectionMark:
    """``<!-- section: argument Title -->``: an explicit section start without a heading."""

    kind: SectionKind
    title: str
    next_paragraph: int


@pickled_as_call
@dataclass(frozen=True, slots=True)
class MarkedSection:
    """A range of paragraphs ``first..last`` whose kind the document states; kept as is.

    The one form of an explicitly marked range: from a ``{.kind}`` heading or a
    ``<!-- section: … -->`` mark (see :meth:`Essay.marked_sections`), handed to the split.
    """

    first: int
    last: int
    kind: SectionKind
    title: str


# --------------------------------------------------------------------------- essay


@dataclass(repr=False)
class Essay:
    path: Path
    title: str
    language: str
    meta: dict[str, Any]
    blocks: list[Block]
    paragraphs: list[Paragraph]
    section_marks: list[SectionMark] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    """Set by :func:`lecteur.library.split`: contiguous, covering every paragraph once."""
    complete: bool = True
    """False for the head of a big file shown while the rest is parsed."""
    notes: list[str] = field(default_factory=list)
    """What the reader should know about how the file was read (a limit applied, front
    matter ignored, the language not recognised), one short sentence each."""

    def __repr__(self) -> str:
        # One line, whatever the size: Textual names each worker after repr() of its
        # arguments, on the event loop; the generated repr walked the whole book.
        part = "" if self.complete else ", head"
        return f"Essay({str(self.path)!r}, {len(self.paragraphs)} paragraphs{part})"

    @property
    def author(self) -> str:
        return meta_text(self.meta, "author", "authors")

    @property
    def date(self) -> str:
        return meta_text(self.meta, "date")

    @property
    def words(self) -> int:
        return self.words_before[-1]

    @cached_property
    def words_before(self) -> list[int]:
        """``words_before[i]``: words in the paragraphs before paragraph ``i`` (and the total)."""
        out = [0]
        for p in self.paragraphs:
            out.append(out[-1] + p.words)
        return out

    def headings_for_paragraphs(self) -> list[str | None]:
        """The nearest heading above each paragraph (None before the first)."""
        out: list[str | None] = []
        current: str | None = None
        for block in self.blocks:
            if isinstance(block, Heading):
                current = block.text
            elif isinstance(block, Paragraph):
                out.append(current)
        return out

    def block_kinds(self) -> list[str]:
        return [p.kind for p in self.paragraphs]

    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    def section_of(self, paragraph: int) -> int:
        """Index of the section that holds a paragraph."""
        lo, hi = 0, len(self.sections) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sections[mid].first <= paragraph:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def marked_sections(self) -> list[MarkedSection]:
        """The ranges the document marks explicitly, in order.

        A heading with ``{.kind}`` opens a section that runs until the next heading of the
        same or a higher level; a ``<!-- section: kind title -->`` comment opens one that
        runs until the next heading or mark. Empty ranges are dropped.
        """
        from bisect import bisect_right

        starts: list[tuple[int, int, SectionKind, str]] = []  # (paragraph, level, kind, title)
        # ends[level]: where each heading of that level or a higher one starts, in order,
        # so the end of a range is one bisection (a rescan per mark was quadratic).
        ends: list[list[int]] = [[] for _ in range(8)]
        for block in self.blocks:
            if isinstance(block, Heading):
                for level in range(min(block.level, 7), 8):
                    ends[level].append(block.next_paragraph)
                if block.mark:
                    starts.append((block.next_paragraph, block.level, block.mark, block.text))
        for mark in self.section_marks:
            starts.append((mark.next_paragraph, 7, mark.kind, mark.title))
        starts.sort(key=lambda s: s[0])
        n = len(self.paragraphs)
        out: list[MarkedSection] = []
        for i, (first, level, kind, title) in enumerate(starts):
            bounds = ends[min(level, 7)]
            j = bisect_right(bounds, first)
            end = bounds[j] if j < len(bounds) else n
            if i + 1 < len(starts) and starts[i + 1][0] > first:
                end = min(end, starts[i + 1][0])
            if end > first:
                out.append(MarkedSection(first, end - 1, kind, title))
        return out


# --------------------------------------------------------------------------- reading


STDIN = Path("-")
"""The path that names standard input (``lecteur -``, ``cat essay.md | lecteur``)."""

MAX_FRONT_MATTER = 256_000
"""Characters of front matter read at most: a real one is a few hundred."""

MAX_META_NODES = 10_000
"""Values in front matter, counted as expanded: a YAML alias "bomb" of nine aliases to nine
aliases holds 9⁹ of them and is refused (each alias counts its whole target again)."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte-order marks and the encoding they announce (UTF-32 first: its LE mark starts
with UTF-16's)."""


def read_bytes(path: Path) -> bytes:
    """A file's bytes, with clear errors for what cannot be an essay."""
    if not str(path):
        raise EssayError(path, "an empty path names no file")
    try:
        info = path.stat()
        if path.is_dir():
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise EssayError(path, "not a regular file (a device, pipe or socket)")
        if info.st_size > MAX_BYTES:
            raise EssayError(
                path,
                f"too large to read ({info.st_size / 1e6:.0f} MB; the limit is "
                f"{MAX_BYTES // 1_000_000} MB)",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise EssayError(path, "no such file") from None
    except IsADirectoryError:
        raise EssayError(path, "is a folder, not a file") from None
    except PermissionError:
        raise EssayError(path, "permission denied") from None
    except OSError as error:
        raise EssayError(path, f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:  # it grew while being read
        raise EssayError(path, f"too large to read (the limit is {MAX_BYTES // 1_000_000} MB)")
    return data


PART_BYTES = 1 << 20
"""A file is decoded this many bytes at a time (cut after a newline): a book is held as
parts, each freed once parsed, never whole beside its bytes and its paragraphs."""


def _line_parts(
    text: str | bytes, start: int = 0, *, size: int | None = None
) -> list[tuple[int, int]]:
    """``(start, end)`` of the parts of ``text[start:]``: about ``size`` (by default
    :data:`PART_BYTES`) long, each ending just after a newline (the last: at the end), none
    empty."""
    size = PART_BYTES if size is None else size
    newline = "\n" if isinstance(text, str) else b"\n"
    bounds = []
    n = len(text)
    while n - start > size:
        end = text.find(newline, start + size)  # type: ignore[arg-type]
        if end < 0:
            break
        bounds.append((start, end + 1))
        start = end + 1
    if start < n or not bounds:
        bounds.append((start, n))
    return bounds


def decode(data: bytes, path: Path) -> str:
    """Bytes to text: a byte-order mark's encoding, else UTF-8, Windows-1252, Latin-1.

    Control characters other than tabs and newlines become visible stand-ins here, once
    (same length, so offsets hold): nothing downstream, view or JSON, ever receives one.
    """
    return "".join(decode_parts(data, path))


def decode_parts(
    data: bytes,
    path: Path,
    *,
    normalise: bool = True,
    encodings: Sequence[str] = ("utf-8", "cp1252", "latin-1"),
) -> list[str]:
    """:func:`decode`'s text in parts (see :data:`PART_BYTES`): every part but the last
    ends with a newline; joined, they are the text.

    ``normalise=False``: the parts as decoded, line ends and controls left for
    :func:`_model_text` (a first paint needs only the first parts of a big book).
    ``encodings``: those tried in turn where no byte-order mark says (EssayError when
    none decodes the data).
    """
    if not data or data.isspace():  # (``data.strip()`` copied the whole file)
        raise EssayError(path, "the file is empty")
    parts: list[str] | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # UTF-8's mark is skipped and the rest decoded in parts, as any UTF-8 file.
            try:
                if encoding == "utf-8-sig":
                    view = memoryview(data)
                    parts = [str(view[a:b], "utf-8") for a, b in _line_parts(data, len(bom))]
                else:
                    text = data.decode(encoding)
                    parts = [text[a:b] for a, b in _line_parts(text)]
                    del text
            except UnicodeDecodeError:
                raise EssayError(path, f"not valid {encoding.upper()} text") from None
            break
    if parts is None:
        if b"\x00" in data[:65536]:
            raise EssayError(path, "binary file, not text (it contains NUL bytes)")
        view = memoryview(data)
        bounds = _line_parts(data)
        for encoding in encodings:
            # A newline byte is never inside a character in these encodings: the file
            # decodes when every part does, to the parts' text.
            try:
                parts = [str(view[a:b], encoding) for a, b in bounds]
                break
            except UnicodeDecodeError:
                continue
        else:  # latin-1 decodes every byte: only a shorter list of encodings ends here
            raise EssayError(path, "cannot be decoded as text")
    # A second byte-order mark (files concatenated, re-saved).
    while parts and not (first := parts[0].lstrip("\ufeff")):
        del parts[0]
    if parts:
        parts[0] = first
    sample = _prefix(parts, 65536)
    if "\x00" in sample:
        raise EssayError(path, "binary file, not text (it contains NUL characters)")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise EssayError(path, "binary file, not text (too many control characters)")
    if all(not part or part.isspace() for part in parts):
        raise EssayError(path, "the file is empty")
    if normalise:
        for i, part in enumerate(parts):
            parts[i] = _model_text(part)
    return parts


def _model_text(part: str) -> str:
    """A decoded part as the model keeps text: line ends as ``\n``, controls visible.

    No ``\r\n`` spans two parts (each ends with its ``\n``); normalising twice changes
    nothing."""
    from lecteur.text import visible

    return visible(part.replace("\r\n", "\n").replace("\r", "\n"))


def _prefix(parts: list[str], size: int) -> str:
    """The first ``size`` characters of the parts' text."""
    out: list[str] = []
    total = 0
    for part in parts:
        if total >= size:
            break
        out.append(part[: size - total])
        total += len(out[-1])
    return "".join(out)


def read_text(path: Path, data: bytes | None = None) -> str:
    """Read a file (or ``data`` already read from it) as text; see :func:`decode`."""
    return "".join(read_parts(path, data))


def read_parts(path: Path, data: bytes | None = None, *, normalise: bool = True) -> list[str]:
    """:func:`read_text`'s text in parts (see :func:`decode_parts`); the bytes read are
    let go before the parts are parsed."""
    return decode_parts(read_bytes(path) if data is None else data, path, normalise=normalise)


def read_stdin(stream: object = None) -> bytes:
    """Standard input's bytes (at most :data:`MAX_BYTES`): ``lecteur -`` and pipes."""
    import sys

    source = stream if stream is not None else sys.stdin.buffer
    read = getattr(source, "read")  # noqa: B009 - any binary file object
    data: bytes = read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EssayError(STDIN, f"too large to read (the limit is {MAX_BYTES // 1_000_000} MB)")
    return data


_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?\1[ \t]*(?:\n|\Z)", re.S)


_FIELD_LINE = re.compile(r"^[\w\"'-][\w \t\"'.-]*[:=]", re.M)
"""A ``key: value`` or ``key = value`` line. No ``\\s*`` after a class that already takes
spaces: that pair backtracked quadratically over a long run of spaces."""


def _yaml_loader() -> type:
    """A YAML loader that makes strings of every scalar.

    Built on PyYAML's ``BaseLoader``: no implicit types, so ``date: 2023-02-30`` or a
    5,000-digit number is the text the author wrote, not a crash; an explicit tag
    (``!!timestamp``, ``!!python/…``) is an error. Alias bombs and absurd nesting are
    refused before anything is built (:func:`lecteur.safeyaml.load_strings`).
    """
    import yaml

    class FrontMatterLoader(yaml.BaseLoader):
        pass

    return FrontMatterLoader


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return ``(meta, body, body_first_line)``; YAML ``---`` or TOML ``+++``.

    A document that merely starts with a ``---`` rule (no ``key: value`` line before the
    next one) has no front matter: it is all Markdown. Front matter that has fields but
    does not parse, nests absurdly deep or expands past :data:`MAX_META_NODES` values is
    an error (one line, exit 2), never a crash or a hang.
    """
    if not text.startswith(("---", "+++")):
        return {}, text, 0
    m = _FRONT.match(text[: MAX_FRONT_MATTER + 8])
    if not m:
        return {}, text, 0
    raw = m.group(2) or ""
    if raw.strip() and not _FIELD_LINE.search(raw):
        return {}, text, 0
    meta = _load_front_matter(raw, m.group(1), path)
    return meta, text[m.end() :], text.count("\n", 0, m.end())


def split_front_matter_parts(parts: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """:func:`split_front_matter` of the text ``parts`` hold (see :func:`decode_parts`),
    which are left holding the body; returns ``(meta, body_first_line)``."""
    if not parts or not parts[0].startswith(("---", "+++")):
        return {}, 0
    # Front matter is looked for in the first MAX_FRONT_MATTER + 8 characters only.
    last, total = 0, len(parts[0])
    while total < MAX_FRONT_MATTER + 8 and last + 1 < len(parts):
        last += 1
        total += len(parts[last])
    head = "".join(parts[: last + 1])
    meta, body, body_line = split_front_matter(head, path)
    if body is not head:
        parts[: last + 1] = [body] if body else []
    return meta, body_line


def _load_front_matter(raw: str, fence: str, path: Path) -> dict[str, Any]:
    import tomllib

    import yaml

    from lecteur.safeyaml import load_strings

    if not raw.strip():
        return {}
    try:
        if fence == "---":
            loaded: object = load_strings(
                raw,
                max_values=MAX_META_NODES,
                loader=_yaml_loader(),
                on_limit=lambda error: EssayError(path, f"bad front matter: {error.message}"),
            )
        else:
            loaded = tomllib.loads(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise EssayError(path, f"bad YAML front matter{where}: {problem}") from None
    except tomllib.TOMLDecodeError as error:
        raise EssayError(path, f"bad TOML front matter: {error}") from None
    except RecursionError:
        raise EssayError(path, "bad front matter: nested too deeply") from None
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
        raise EssayError(path, f"bad front matter: {error}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise EssayError(path, "front matter is not a mapping of fields")
    return loaded


def meta_text(meta: dict[str, Any], *keys: str, limit: int = 2000) -> str:
    """A front-matter field as one line of text ("" when absent, null or not a scalar).

    Only scalars are shown: a list or a mapping given as a title is not a title.
    """
    for key in keys:
        value = meta.get(key)
        if value is None or isinstance(value, (dict, list)):
            continue
        text = " ".join(str(value).split())
        if text.lower() in ("", "null", "~", "none"):
            continue
        return text[:limit]
    return ""


# --------------------------------------------------------------------------- parsing

_MD: MarkdownIt | None = None

MAX_NESTING = 200
"""markdown-it's nesting limit: past it, markdown-it silently drops the rest of the block
(its CommonMark preset says 20, and a ten-deep list lost the rest of the essay).
:func:`_tame_nesting` keeps every real document far below it."""

MAX_INDENT = 96
"""Leading spaces kept on a line (48 levels of list); deeper lines are set at this depth."""
MAX_MARKERS = 24
"""List or quote markers kept at the start of one line (``- - - - x``, ``>>>>> x``)."""


def _markdown() -> MarkdownIt:
    """The parser, built on first use: CommonMark with tables and strikethrough, and what
    static-site posts use: footnotes, definition lists and ``:::`` containers
    (mdit-py-plugins)."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.container import container_plugin
        from mdit_py_plugins.deflist import deflist_plugin
        from mdit_py_plugins.footnote import footnote_plugin

        md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        md.enable(["table", "strikethrough"])
        md.use(footnote_plugin).use(deflist_plugin)
        # One container rule for every name: `::: note`, `::: warning Title`, `:::`.
        md.use(container_plugin, "any", validate=lambda params, markup: True)
        md.block.ruler.before("table", "plain_paragraphs", _plain_paragraphs)
        # Its "normalize" rule rewrote every line ending of every piece (a regex
        # substitution over the whole text) even when nothing needed it: see _normalized.
        md.core.ruler.disable("normalize")
        _MD = md
    return _MD


_PLAIN_LINE = re.compile(
    r"(?:[^\W\d_]|[«“\"'’(—–])"
    r"(?:[^\x00-\x1f\x7f\\`~*_\[\]<>&|^]*[^\s\x00-\x1f\x7f\\`~*_\[\]<>&|^])?"
)
"""A line of prose markdown-it reads as plain text: it starts with a letter or an opening
quote or dash (no block syntax starts so), has no character an inline rule acts on
(escapes, code, emphasis, strikethrough, links, images, autolinks, HTML, entities, notes),
no table pipe, no control character, and ends in no whitespace (nothing to trim, no hard
break)."""

PLAIN = "plain_paragraphs"
"""The token type of a run of paragraphs read by :func:`_plain_paragraphs`: its
``meta["paragraphs"]`` lists ``(first line, text)`` of each, its text the lines joined by
spaces, as markdown-it's soft breaks are read."""


def _plain_paragraphs(state: Any, start: int, end: int, silent: bool) -> bool:
    """A block rule tried first, at the top level only: paragraphs of plain prose lines
    (:data:`_PLAIN_LINE`) become one token holding their texts, without markdown-it's
    other rules, its paragraph rule and its inline parse, which would read them the same.

    Every line of a paragraph up to the next blank one must be plain, and the next block
    must not be a definition (``: …`` or ``~ …`` would make the last line a definition
    list's term). The run goes on, paragraph after paragraph, while that holds (markdown-
    it would try this rule first at each of them, in the same state); where it does not,
    markdown-it reads the block as usual.
    """
    if state.parentType != "root" or state.blkIndent or state.level:
        return False
    src = state.src
    begins, ends, shifts = state.bMarks, state.eMarks, state.tShift
    last = state.lineMax
    match = _PLAIN_LINE.fullmatch
    found: list[tuple[int, str]] = []
    first = line = stop = start
    while True:
        while line < last:
            b, e = begins[line], ends[line]
            if b + shifts[line] >= e:  # a blank line ends the paragraph
                break
            if match(src, b, e) is None:
                line = -1
                break
            line += 1
        if line < 0:
            break
        after = line
        while after < last and begins[after] + shifts[after] >= ends[after]:
            after += 1
        if after < last and src[begins[after] + shifts[after]] in ":~":
            break
        text = src[begins[first] : ends[line - 1]]
        found.append((first, text.replace("\n", " ") if line - first > 1 else text))
        stop = line
        if after >= last:
            break
        first = line = after
    if not found:
        return False
    if silent:
        return True
    token = state.push(PLAIN, "", 0)
    token.meta = {"paragraphs": found}
    token.map = [start, stop]
    state.line = stop
    return True


_DIRECTIVE = re.compile(
    r"^\s*<!--\s*section\s*:\s*(reminiscence|argument|transition)\b\s*(.*?)\s*-->\s*$",
    re.I | re.S,
)
_KINDS = {"reminiscence", "argument", "transition"}
_HEADING_ATTRS = re.compile(r"[#.][\w-]+(?:[ \t]+(?:[#.][\w-]+|[\w-]+=\S+))*")
_MARKED = re.compile(r"(?<![=\w])==(?=[^\s=])([^\n=]{1,1000})(?<=[^\s=])==(?![=\w])")
"""``==highlighted==`` text (no ``=`` inside, so a scan never runs past the next one)."""


class _AtLineStart:
    """A pattern searched at the start of every line, as ``^`` with ``re.M`` does, but
    several times faster: the text's start is tried alone, then the pattern after a
    newline, a literal the regex engine skips to (``^`` is tried at every character)."""

    def __init__(self, pattern: str) -> None:
        self.first = re.compile(pattern)
        self.after = re.compile("\n(?:" + pattern + ")")

    def search(self, text: str) -> bool:
        return self.first.match(text) is not None or self.after.search(text) is not None


_NESTED = _AtLineStart(
    rf"[ \t]{{{MAX_INDENT + 1},}}|[ \t]*(?:>[ \t]*|(?:[-*+]|\d{{1,9}}[.)])[ \t]+)"
    rf"{{{MAX_MARKERS + 1},}}"
)
"""A line nested deeper than markdown-it is let go (see :func:`_tame_nesting`)."""
_MARKER = re.compile(r">[ \t]*|(?:[-*+]|\d{1,9}[.)])[ \t]+")


def heading_mark(source: str) -> SectionKind | None:
    """The section kind a heading's trailing ``{.argument}``-style attributes state.

    Linear: only the last ``{…}`` of the line is looked at (a regex anchored at ``$``
    with ``\\s*`` before it backtracked over every space of a long heading).
    """
    stripped = source.rstrip()
    if not stripped.endswith("}"):
        return None
    opening = stripped.rfind("{")
    if opening < 0 or len(stripped) - opening > 300:
        return None
    inside = stripped[opening + 1 : -1].strip()
    if not _HEADING_ATTRS.fullmatch(inside):
        return None
    for word in inside.split():
        if word.startswith(".") and word[1:].lower() in _KINDS:
            return SectionKind(word[1:].lower())
    return None


def _tame_nesting(lines: list[str]) -> None:
    """Absurdly nested lines set back to a depth markdown-it can hold, in place.

    A line indented past :data:`MAX_INDENT` is set at that indent; markers past
    :data:`MAX_MARKERS` at a line's start are dropped. Text is kept; only the depth
    changes. Lines inside fenced code are left alone.
    """
    from lecteur.templates import outside_fences

    for i, line in outside_fences(lines):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)].expandtabs(4)
        if len(indent) > MAX_INDENT:
            indent = indent[:MAX_INDENT]
        rest = stripped
        markers: list[str] = []
        while len(markers) <= MAX_MARKERS and (m := _MARKER.match(rest)):
            markers.append(m.group())
            rest = rest[m.end() :]
        if len(markers) > MAX_MARKERS:
            while m := _MARKER.match(rest):
                rest = rest[m.end() :]
            markers = markers[:MAX_MARKERS]
        lines[i] = indent + "".join(markers) + rest


def prepare_markdown(body: str) -> str:
    """The Markdown source, with what a static-site generator would replace replaced.

    Block template tags around code become fences; absurd nesting is capped. Line count
    is kept, so source maps (``Token.map``) still give body lines.
    """
    from lecteur.templates import template_fences

    needs_fences = "{%" in body or "{{<" in body
    needs_taming = _NESTED.search(body)
    if not needs_fences and not needs_taming:
        return body
    lines = body.split("\n")
    if needs_fences:
        template_fences(lines)
    if needs_taming:
        _tame_nesting(lines)
    return "\n".join(lines)


class _InlineBuilder:
    """Accumulates plain text and style marks from markdown-it inline tokens.

    Text runs pass through :func:`lecteur.templates.strip_templates` (template tags and
    attribute lists are not text) and inline HTML through :class:`InlineHtml` (a tag is
    its meaning, never its source).
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[Mark] = []

    def add(self, text: str, style: tuple[str, ...] = (), href: str | None = None) -> None:
        if not text:
            return
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if style or href:
            self.marks.append(Mark(start, self.length, style, href))

    def add_text(self, text: str, style: tuple[str, ...] = (), href: str | None = None) -> None:
        """Prose: template tags dropped (embeds kept as links), ``==marked==`` marked."""
        from lecteur.templates import strip_templates

        for segment, link in strip_templates(text):
            if link is not None:
                self.add(segment, (*style, "link"), link)
            elif "==" in segment:
                pos = 0
                for m in _MARKED.finditer(segment):
                    self.add(segment[pos : m.start()], style, href)
                    self.add(m.group(1), (*style, "mark"), href)
                    pos = m.end()
                self.add(segment[pos:], style, href)
            else:
                self.add(segment, style, href)

    def add_html(
        self, source: str, *, pieces: list[Piece] | None = None, indent: int = 0, quote: int = 0
    ) -> None:
        """A raw HTML block as text: one line per block element (see lecteur.htmltext)."""
        from lecteur.htmltext import html_lines

        for line in html_lines(source):
            if self.length:
                self.add("\n")
            start = self.length
            for run in line.runs:
                if line.pre:
                    self.add(run.text, run.style, run.href)
                else:
                    self.add_text(run.text, run.style, run.href)
            if pieces is not None:
                pieces.append(Piece(start, self.length, indent, "", quote, line.pre))

    def inline(self, token: Token) -> None:
        children = token.children or ()
        if all(child.type in ("text", "softbreak") for child in children):
            # Plain prose, most paragraphs of a book: no style, link or tag to track.
            self.add_text(
                "".join(" " if child.type == "softbreak" else child.content for child in children)
            )
            return
        from lecteur.htmltext import InlineHtml, safe_href

        stack: list[str] = []
        hrefs: list[str | None] = []
        html = InlineHtml()
        pending: list[str] = []  # adjacent text and soft breaks, joined before stripping

        def style() -> tuple[str, ...]:
            return tuple(dict.fromkeys((*stack, *html.style)))

        def href() -> str | None:
            link = hrefs[-1] if hrefs else None
            return link if link is not None else html.href

        def flush() -> None:
            if pending:
                text = "".join(pending)
                pending.clear()
                if not html.dropping:
                    current = style()
                    link = href()
                    if link is not None and "link" not in current:
                        current = (*current, "link")
                    self.add_text(text, current, link)

        for child in token.children or ():
            t = child.type
            if t == "text":
                pending.append(child.content)
                continue
            if t == "softbreak":
                pending.append(" ")
                continue
            flush()
            if t == "html_inline":
                shown = html.tag(child.content)
                if shown is not None:
                    self.add(shown.text, (*style(), *shown.style), shown.href)
                continue
            if html.dropping:
                continue
            if t == "hardbreak":
                self.add("\n")
            elif t == "code_inline":
                self.add(child.content, (*style(), "code"))
            elif t == "image":
                alt = child.content or "image"
                self.add(
                    f"[{alt}]", (*style(), "image"), safe_href(str(child.attrs.get("src") or ""))
                )
            elif t == "footnote_ref":
                label = str((child.meta or {}).get("label", ""))
                self.add(footnote_sign(label), (*style(), "footnote"))
            elif t == "footnote_anchor":
                continue
            elif t.endswith("_open"):
                tag = _TAGS.get(t[:-5], t[:-5])
                stack.append(tag)
                if tag == "link":
                    hrefs.append(safe_href(str(child.attrs.get("href") or "")))
            elif t.endswith("_close"):
                tag = _TAGS.get(t[:-6], t[:-6])
                if tag in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(tag)]
                if tag == "link" and hrefs:
                    hrefs.pop()
            else:
                self.add_text(child.content, style())
        flush()

    @property
    def text(self) -> str:
        return "".join(self.parts)


_TAGS = {"em": "em", "strong": "strong", "link": "link", "s": "strike"}


class _Parser:
    """Turns a token stream into blocks and paragraphs."""

    def __init__(self, tokens: list[Token], line_offset: int) -> None:
        self.tokens = tokens
        self.pos = 0
        self.line_offset = line_offset
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []
        self.marks: list[SectionMark] = []
        self.notes: list[str] = []
        """Limits applied while parsing, for the reader (see :attr:`Essay.notes`)."""
        self._wholes: dict[int, tuple[Piece, ...]] = {}

    @property
    def next_index(self) -> int:
        return len(self.paragraphs)

    def _line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.line_offset

    def _whole(self, length: int) -> tuple[Piece, ...]:
        """The pieces of a paragraph of one piece: one tuple per length, shared (a book
        has a few thousand lengths for hundreds of thousands of paragraphs)."""
        pieces = self._wholes.get(length)
        if pieces is None:
            pieces = self._wholes[length] = (Piece(0, length),)
        return pieces

    def _add_plain(self, text: str, line: int) -> None:
        """A paragraph of plain prose (see :func:`_plain_paragraphs`): the text as the
        inline builder would give it, built directly when no template tag or ``==mark==``
        can be in it."""
        if "{" in text or "==" in text:
            builder = _InlineBuilder()
            builder.add_text(text)
            self._add_paragraph("text", builder, self._whole(builder.length), line)
            return
        para = Paragraph(
            len(self.paragraphs), "text", text, (), self._whole(len(text)), line, len(text.split())
        )
        self.paragraphs.append(para)
        self.blocks.append(para)

    def _add_paragraph(
        self, kind: str, builder: _InlineBuilder, pieces: Sequence[Piece], line: int
    ) -> None:
        text = builder.text
        if not text.strip():
            return
        para = Paragraph(
            index=self.next_index,
            kind=kind,
            text=text,
            marks=tuple(builder.marks),
            pieces=tuple(pieces),
            line=line,
            words=len(text.split()),
        )
        self.paragraphs.append(para)
        self.blocks.append(para)

    def run(self) -> None:
        tokens = self.tokens
        n = len(tokens)
        while self.pos < n:
            tok = tokens[self.pos]
            t = tok.type
            if t == "heading_open":
                inline = tokens[self.pos + 1]
                builder = _InlineBuilder()
                builder.inline(inline)
                text = builder.text.rstrip()
                marks = tuple(mk for mk in builder.marks if mk.start < len(text))
                self.blocks.append(
                    Heading(
                        int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1,
                        " ".join(text.split()) if "\n" in text else text.strip(),
                        marks if text == text.strip() else (),
                        self._line(tok),
                        self.next_index,
                        heading_mark(inline.content),
                    )
                )
                self.pos += 3
            elif t == "hr":
                self.blocks.append(Rule(self._line(tok), self.next_index))
                self.pos += 1
            elif t == PLAIN:
                for line, text in tok.meta["paragraphs"]:
                    self._add_plain(text, line + self.line_offset)
                self.pos += 1
            elif t == "paragraph_open":
                builder = _InlineBuilder()
                builder.inline(tokens[self.pos + 1])
                self._add_paragraph("text", builder, self._whole(builder.length), self._line(tok))
                self.pos += 3
            elif t in ("fence", "code_block"):
                self._code(tok)
                self.pos += 1
            elif t == "html_block":
                d = _DIRECTIVE.match(tok.content) if len(tok.content) < 2000 else None
                if d:
                    self.marks.append(
                        SectionMark(
                            SectionKind(d.group(1).lower()),
                            " ".join(d.group(2).split()),
                            self.next_index,
                        )
                    )
                else:
                    builder = _InlineBuilder()
                    pieces: list[Piece] = []
                    builder.add_html(tok.content, pieces=pieces)
                    self._add_paragraph("html", builder, pieces, self._line(tok))
                self.pos += 1
            elif t == "footnote_block_open":
                # The notes, after a rule: each note is a paragraph of its own (a place to
                # jump to, to bookmark, to read a kind from), numbered by its label.
                self.blocks.append(Rule(self._line(tok), self.next_index))
                self.pos += 1
                while self.pos < len(self.tokens) and self.tokens[self.pos].type == "footnote_open":
                    self._container(self.tokens[self.pos], kind="text")
                if self.pos < len(self.tokens) and self.tokens[self.pos].type == (
                    "footnote_block_close"
                ):
                    self.pos += 1
            elif t in _CONTAINERS:
                self._container(tok)
            else:
                self.pos += 1

    def _code(self, tok: Token) -> None:
        builder = _InlineBuilder()
        content = tok.content.rstrip("\n")
        builder.add(content, ("code",))
        self._add_paragraph("code", builder, _line_pieces(content, pre=True), self._line(tok))

    def _container(self, open_tok: Token, kind: str = "") -> None:
        """A quote, list, table or note: one paragraph made of several pieces."""
        kind = kind or {"blockquote_open": "quote", "table_open": "table"}.get(
            open_tok.type, "list"
        )
        builder = _InlineBuilder()
        pieces: list[Piece] = []
        quote = 0
        lists: list[list[int]] = []  # per open list: [ordered?, counter]
        item_bullet = ""
        indent = 0
        extra = 0  # definition lists and footnotes: the indent of a definition
        term = False  # the next inline is a definition list's term
        row: list[str] = []
        depth = 0
        tokens = self.tokens

        def start_piece() -> int:
            if pieces or builder.length:
                builder.add("\n")
            return builder.length

        while self.pos < len(tokens):
            tok = tokens[self.pos]
            t = tok.type
            self.pos += 1
            depth += tok.nesting
            if t == "blockquote_open":
                quote += 1
            elif t == "blockquote_close":
                quote -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                ordered = t == "ordered_list_open"
                start = _list_start(tok) if ordered else 0
                lists.append([1 if ordered else 0, start])
            elif t in ("bullet_list_close", "ordered_list_close"):
                if lists:
                    lists.pop()
            elif t == "list_item_open":
                if lists and lists[-1][0]:
                    item_bullet = f"{lists[-1][1]}."
                    lists[-1][1] += 1
                else:
                    item_bullet = "•" if len(lists) % 2 else "◦"
                indent = 2 * max(0, len(lists) - 1) + extra
            elif t == "dt_open":
                term = True
                indent = 2 * len(lists) + extra
            elif t == "dd_open":
                extra += 2
                indent = 2 * len(lists) + extra
            elif t == "dd_close":
                extra = max(0, extra - 2)
            elif t == "footnote_open":
                item_bullet = footnote_sign(str((tok.meta or {}).get("label", "")))
                indent = 0
            elif t == "inline" and _is_cell(tok):
                cell = _InlineBuilder()
                cell.inline(tok)
                row.append(cell.text)
            elif t == "inline":
                start = start_piece()
                offset = builder.length
                sub = _InlineBuilder()
                sub.inline(tok)
                builder.add(sub.text)
                builder.marks.extend(
                    Mark(m.start + offset, m.end + offset, m.style, m.href) for m in sub.marks
                )
                if term and builder.length > start:
                    builder.marks.append(Mark(start, builder.length, ("strong",)))
                    term = False
                pieces.append(Piece(start, builder.length, indent, item_bullet, quote))
                item_bullet = ""
            elif t == "tr_close":
                start = start_piece()
                builder.add(" │ ".join(row))
                pieces.append(Piece(start, builder.length, 0, "", quote, pre=False))
                row = []
            elif t in ("fence", "code_block"):
                start = start_piece()
                content = tok.content.rstrip("\n")
                offset = builder.length
                builder.add(content, ("code",))
                for piece in _line_pieces(content, pre=True):
                    pieces.append(
                        Piece(piece.start + offset, piece.end + offset, indent + 2, "", quote, True)
                    )
            elif t == "html_block":
                builder.add_html(tok.content, pieces=pieces, indent=indent, quote=quote)
            elif t == "hr":
                start = start_piece()
                builder.add("⁂")
                pieces.append(Piece(start, builder.length, indent, "", quote))
            if depth <= 0:
                break
        self._add_paragraph(kind, builder, pieces, self._line(open_tok))


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def footnote_sign(label: str) -> str:
    """How a footnote is called in the text and named before its note: ``¹²``, as print
    does (``[12]`` is a link's number when links are listed); ``[note]`` for a name."""
    if label.isdigit() and label.isascii() and len(label) <= 6:
        return label.translate(_SUPERSCRIPT)
    return f"[{label}]"


def _list_start(tok: Token) -> int:
    """An ordered list's first number (a 900-digit start is not a number to show)."""
    value = str(tok.attrs.get("start") or "1")
    return int(value) if value.isdigit() and len(value) <= 9 else 1


_CONTAINERS = frozenset(
    {"blockquote_open", "bullet_list_open", "ordered_list_open", "table_open", "dl_open"}
)
"""Blocks read as one paragraph of several pieces (see ``_Parser._container``)."""


def _line_pieces(content: str, *, pre: bool) -> list[Piece]:
    pieces = []
    start = 0
    for line in content.split("\n"):
        pieces.append(Piece(start, start + len(line), pre=pre))
        start += len(line) + 1
    return pieces


PARSE_CHUNK = 400_000
"""A longer Markdown body is parsed this many characters at a time, cut where the pieces
give the same blocks as the whole (:func:`chunk_cuts`): markdown-it's tokens for a whole
book were most of the memory needed to read it."""

_NESTED_NOTE = "lists or quotes nested past what a reader can follow are shown less deep"

_DEFINITION = _AtLineStart(r" {0,3}\[[^\]\n]+\]:")
"""A link reference or footnote definition: it may be used anywhere in the document."""
_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NOT_A_START = re.compile(r"[ \t]|[>*+:|-]|\d+[.)]")
"""What may continue the block before a blank line: an indent, a list or quote marker, a
definition (``: ``), a table row."""
_RAW_BLOCKS: tuple[tuple[str, str], ...] = (
    ("<!--", "-->"),
    ("<pre", "</pre>"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
)
"""HTML blocks that run across blank lines, and what ends them."""
_MAX_TRIES = 64
"""Blank lines tried for one cut before parsing the rest whole."""


def _closed(chunk: str) -> bool:
    """Whether ``chunk`` ends outside a fence, a raw HTML block and a ``:::`` container."""
    fence: str | None = None
    for m in _FENCE_LINE.finditer(chunk):
        if fence is None:
            fence = m.group(1)
        elif m.group(1) == fence:
            fence = None
    if fence is not None:
        return False
    if "<" in chunk:
        lowered = chunk.lower()
        if any(lowered.count(a) != lowered.count(b) for a, b in _RAW_BLOCKS):
            return False
    return (chunk.startswith(":::") + chunk.count("\n:::")) % 2 == 0


def chunk_cuts(body: str, size: int = PARSE_CHUNK) -> list[int]:
    """Ends of the pieces a Markdown body can be parsed in, one after the other, with the
    same blocks as parsing it whole; the last is ``len(body)``.

    A cut is a blank line at least ``size`` characters into a piece, outside fences, raw
    HTML blocks and ``:::`` containers, and not followed by what could continue a list, a
    quote or a definition. A body that defines link references or footnotes, has inline
    footnotes or template tags is parsed whole (they reach across the document).
    """
    n = len(body)
    if n <= size or "^[" in body or "{%" in body or "{{<" in body or _DEFINITION.search(body):
        return [n]
    cuts: list[int] = []
    start = 0
    while n - start > size:
        cut = None
        for tries, m in enumerate(_BLANK_LINE.finditer(body, start + size)):
            if tries >= _MAX_TRIES:
                break
            pos = m.end()
            if pos >= n:
                break
            if _NOT_A_START.match(body, pos) or body[pos] == "\n":
                continue
            if _closed(body[start:pos]):
                cut = pos
                break
        if cut is None:
            break
        cuts.append(cut)
        start = cut
    cuts.append(n)
    return cuts


def parse_markdown(body: str, *, line_offset: int = 0, chunk: int = PARSE_CHUNK) -> _Parser:
    """Markdown into blocks and paragraphs (see :func:`prepare_markdown` for what is
    replaced first); a long body piece by piece (:func:`chunk_cuts`)."""
    cuts = chunk_cuts(body, chunk)
    if len(cuts) == 1:
        return _parse_pieces([body], line_offset)
    return _parse_pieces((body[a:b] for a, b in zip([0, *cuts], cuts, strict=False)), line_offset)


def parse_markdown_parts(
    parts: list[str], *, line_offset: int = 0, chunk: int = PARSE_CHUNK
) -> _Parser:
    """:func:`parse_markdown` of the text ``parts`` hold joined (see
    :func:`decode_parts`), in the same pieces; each part is taken out of the list (and
    freed) as the pieces reach it."""
    return _parse_pieces(_part_pieces(parts, chunk), line_offset)


def _parse_pieces(pieces: Iterable[str], line_offset: int) -> _Parser:
    parser = _Parser([], line_offset)
    for piece in pieces:
        prepared = prepare_markdown(piece)
        tokens = _markdown().parse(_normalized(prepared), {})
        _mark_table_cells(tokens)
        if prepared is not piece and _NESTED_NOTE not in parser.notes and _NESTED.search(piece):
            parser.notes.append(_NESTED_NOTE)
        del prepared
        parser.tokens, parser.pos = tokens, 0
        parser.run()
        parser.line_offset += piece.count("\n")
        parser.tokens = tokens = []
    return parser


def _reaches_across(text: str) -> bool:
    """What :func:`chunk_cuts` parses whole for: definitions, inline notes, templates."""
    return "^[" in text or "{%" in text or "{{<" in text or _DEFINITION.search(text)


def _part_pieces(parts: list[str], size: int) -> Iterator[str]:
    """The pieces :func:`chunk_cuts` cuts the parts' joined text into, the same, found in
    a window of the parts taken so far (none of the patterns involved spans two parts:
    each part ends with a newline and each pattern is within a line, or a blank line
    whose end is decided only once the window holds the line after it)."""
    n = sum(map(len, parts))
    parts.reverse()  # taken from the end
    if n <= size or any(_reaches_across(part) for part in parts):
        whole = "".join(reversed(parts))
        parts.clear()
        yield whole
        return
    window = ""
    at = 0  # where the next piece starts in the window
    start = 0  # ... and in the whole text
    want = size + 1  # characters wanted in the window past ``at``: more when undecided

    while n - start > size:
        if parts and len(window) - at < want:
            taken = [window[at:]]
            total = len(taken[0])
            while parts and total < want:
                taken.append(parts.pop())
                total += len(taken[-1])
            window, at = "".join(taken), 0
            del taken
        cut = None
        decided = True
        for tries, m in enumerate(_BLANK_LINE.finditer(window, at + size)):
            if tries >= _MAX_TRIES:
                break
            pos = m.end()
            if start + pos - at >= n:
                break
            if parts and window.find("\n", pos) < 0:
                decided = False  # the line after the blank one is not all here
                break
            if _NOT_A_START.match(window, pos) or window[pos] == "\n":
                continue
            if _closed(window[at:pos]):
                cut = pos
                break
        else:
            decided = not parts  # the window ran out of blank lines, not of tries
        if not decided:
            want = 2 * (len(window) - at)
            continue
        if cut is None:
            break
        yield window[at:cut]
        start += cut - at
        at = cut
        want = size + 1
    rest = [window[at:]]
    window = ""
    rest.extend(reversed(parts))
    parts.clear()
    yield "".join(rest)


def _normalized(source: str) -> str:
    """What markdown-it's "normalize" rule makes of a source (disabled in :func:`_markdown`):
    ``\r\n`` and ``\r`` become ``\n``, NUL becomes U+FFFD; the source itself when it
    has neither."""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in source:
        source = source.replace("\0", "\ufffd")
    return source


def _mark_table_cells(tokens: list[Token]) -> None:
    """Table cells become rows of the table's pieces (see ``_Parser._container``)."""
    inside = 0
    for tok in tokens:
        if tok.type == "table_open":
            inside += 1
        elif tok.type == "table_close":
            inside -= 1
        elif inside and tok.type == "inline":
            tok.meta = {**(tok.meta or {}), "cell": True}


def _is_cell(tok: Token) -> bool:
    return bool(tok.meta and tok.meta.get("cell"))


_UNDERLINE = re.compile(r"[=\-~*#]{3,}")


def _plain_title(lines: list[str]) -> int:
    """The line index of a plain-text title (or -1), blanked out of ``lines``.

    A title is the first non-empty line when it is short (at most 100 characters and 15
    words), ends in no sentence punctuation, and a blank line or an underline (``===``)
    follows it, with text after. A file of one paragraph a line has no title line.
    """
    first = next((i for i, ln in enumerate(lines) if ln.strip()), -1)
    if first < 0 or first + 1 >= len(lines):
        return -1
    line = lines[first].strip()
    after = lines[first + 1].strip()
    underline = bool(_UNDERLINE.fullmatch(after))
    if after and not underline:
        return -1
    if len(line) > 100 or len(line.split()) > 15 or line.endswith((".", ",", ";", ":", "…")):
        return -1
    if not any(ln.strip() for ln in lines[first + 2 :]):
        return -1
    lines[first] = ""
    if underline:
        lines[first + 1] = ""
    return first


def parse_plain(body: str) -> _Parser:
    """Plain text: blank lines separate paragraphs; with none, each line is one. A short
    first line set apart by a blank line (or underlined) is the title."""
    parser = _Parser([], 0)
    lines = body.split("\n")
    title_line = lines[_first_line(lines)].strip() if lines else ""
    at = _plain_title(lines)
    if at >= 0:
        parser.blocks.append(Heading(1, " ".join(title_line.split()), (), at, 0))
    chunks: list[tuple[int, list[str]]] = []
    if _has_inner_blank(lines):
        current: list[str] = []
        first = 0
        for i, ln in enumerate(lines):
            if ln.strip():
                if not current:
                    first = i
                current.append(ln.strip())
            elif current:
                chunks.append((first, current))
                current = []
        if current:
            chunks.append((first, current))
    else:
        chunks = [(i, [ln.strip()]) for i, ln in enumerate(lines) if ln.strip()]
    for first, chunk in chunks:
        builder = _InlineBuilder()
        builder.add(" ".join(chunk))
        parser._add_paragraph("text", builder, [Piece(0, builder.length)], first)
    return parser


def _first_line(lines: Sequence[str]) -> int:
    return next((i for i, ln in enumerate(lines) if ln.strip()), 0)


def _has_inner_blank(lines: Sequence[str]) -> bool:
    seen_text = False
    pending_blank = False
    for ln in lines:
        if ln.strip():
            if pending_blank and seen_text:
                return True
            seen_text = True
        elif seen_text:
            pending_blank = True
    return False


# --------------------------------------------------------------------------- loading


def is_markdown(path: Path) -> bool:
    return essay_format(path) == "markdown"


def essay_format(path: Path, text: str = "") -> str:
    """``markdown``, ``text``, ``rst`` or ``html``: by suffix, or by content for stdin."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in RST_SUFFIXES:
        return "rst"
    if suffix in HTML_SUFFIXES:
        return "html"
    if path == STDIN and text:
        from lecteur.formats import looks_like_html

        if looks_like_html(text):
            return "html"
    return "markdown"


def head_cut(body: str, limit: int) -> int:
    """A safe place to cut ``body`` near ``limit`` chars: a blank line outside a fence.

    Returns ``len(body)`` when the body is short or no safe place exists.
    """
    if len(body) <= limit:
        return len(body)
    from lecteur.templates import fenced

    pos = 0
    # Only the window where a cut may fall is split into lines (not a 50 MB body).
    for line, code in fenced(body[: limit * 2 + 200_000].splitlines(keepends=True)):
        pos += len(line)
        if pos >= limit and not code and not line.strip():
            rest = body[pos : pos + 200].lstrip("\n")
            # Not in the middle of a list, quote or indented block.
            if rest and not re.match(r"( {2,}|\t|[>*+-] |\d+[.)] )", rest):
                return pos
    return len(body)


def _head_window(limit: int) -> int:
    """Characters :func:`head_cut` reads at most for a head of ``limit`` (its lines, then
    200 more)."""
    return 2 * limit + 200_200


def _normalise_prefix(parts: list[str], size: int) -> None:
    """Normalise (:func:`_model_text`) the first parts, until they hold ``size`` characters."""
    total = 0
    for i, part in enumerate(parts):
        if total >= size:
            return
        parts[i] = _model_text(part)
        total += len(parts[i])


def _head_of_parts(parts: list[str], limit: int) -> tuple[str, bool]:
    """``(body[:head_cut(body, limit)], whether that is all of it)`` for the body the
    parts hold, joining only the parts :func:`head_cut` looks at (unless it finds no place
    to cut, when the head is the whole body, as it is then for the whole text)."""
    window = _head_window(limit)
    count, total = 0, 0
    while count < len(parts) and total < window:
        total += len(parts[count])
        count += 1
    prefix = "".join(parts[:count])
    cut = head_cut(prefix, limit)
    if count == len(parts):
        return prefix[:cut], cut >= len(prefix)
    if cut >= len(prefix):
        return prefix + "".join(_model_text(part) for part in parts[count:]), True
    return prefix[:cut], False


def parse_essay(path: str | Path, *, head: int | None = None, data: bytes | None = None) -> Essay:
    """Read and parse an essay file (no sections yet: see :func:`lecteur.library.open_essay`).

    ``head``: parse only about that many characters of the body (the rest is parsed
    later), for a first paint of a big book. ``data``: the file's bytes, already read
    (standard input). Raises :class:`EssayError` for bad input.
    """
    path = Path(path)
    if head is not None and data is None and path != STDIN and essay_format(path) == "markdown":
        early = _head_of_big_file(path, head)
        if early is not None:
            return early
    # For a head, the parts are normalised as far as they are read (a 50 MB book's first
    # paint had waited for all of its text to be normalised).
    parts = read_parts(path, data, normalise=head is None)
    fmt = essay_format(path) if path != STDIN else essay_format(path, "".join(parts))
    if head is not None:
        if fmt == "markdown" and len(parts) > 1:
            _normalise_prefix(parts, MAX_FRONT_MATTER + 8 + _head_window(head))
        else:
            parts[:] = [_model_text(part) for part in parts]
    if fmt == "markdown" and len(parts) > 1:
        # A big book: its parts are parsed and let go one after the other; for its head,
        # only the first parts are joined.
        meta, body_line = split_front_matter_parts(parts, path)
        complete = True
        if head is None:
            parser = parse_markdown_parts(parts, line_offset=body_line)
        else:
            body, complete = _head_of_parts(parts, head)
            parser = parse_markdown(body, line_offset=body_line)
        if not parser.paragraphs and complete:
            raise EssayError(path, "no text to read (the file has no paragraphs)")
        return _essay(path, meta, parser, complete)
    text = "".join(parts)
    del parts
    if fmt == "html":
        from lecteur.formats import web_page_markdown

        body, meta = web_page_markdown(text, path)
        body_line = 0
        fmt = "markdown"
    else:
        meta, body, body_line = split_front_matter(text, path)
    complete = True
    if head is not None:
        cut = head_cut(body, head)
        complete = cut >= len(body)
        body = body[:cut]
    if fmt == "markdown":
        parser = parse_markdown(body, line_offset=body_line)
    elif fmt == "rst":
        from lecteur.formats import parse_rst

        parser, rst_meta = parse_rst(body, path)
        meta = {**rst_meta, **meta}
    else:
        parser = parse_plain(body)
    if not parser.paragraphs and complete:
        raise EssayError(path, "no text to read (the file has no paragraphs)")
    return _essay(path, meta, parser, complete)


def _head_of_big_file(path: Path, head: int) -> Essay | None:
    """:func:`parse_essay`'s head of a big Markdown file, from the file's first bytes alone.

    A 50 MB book's first paint had waited for the whole file to be read and decoded
    (about 0.1 s) for a head that looks at half a megabyte of it. None when the file is
    not big, or when its start does not settle the head (no place to cut it, too few
    characters, not UTF-8, a UTF-16 or UTF-32 mark): then the whole file is read.

    The head is the one the whole file gives, with one exception: a file whose start is
    UTF-8 but which is not UTF-8 further on is decoded whole as Windows-1252; its head
    shows the start as UTF-8, until the whole essay (decoded as the whole file says)
    replaces it. Errors (an unreadable or binary file) are left to the whole read too.
    """
    want = MAX_FRONT_MATTER + 8 + _head_window(head)
    """Characters the head may look at: the front matter, then the window of its cut."""
    size = 2 * want
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or not size < info.st_size <= MAX_BYTES:
            return None
        with path.open("rb") as handle:
            start = handle.read(size)
    except OSError:
        return None
    if any(start.startswith(bom) for bom, encoding in _BOMS if encoding != "utf-8-sig"):
        return None
    end = start.rfind(b"\n") + 1  # a newline byte is never inside a UTF-8 character
    try:
        parts = decode_parts(start[:end], path, normalise=False, encodings=("utf-8",))
    except EssayError:
        return None
    if sum(len(part) for part in parts) < want:
        return None
    _normalise_prefix(parts, want)
    meta, body_line = split_front_matter_parts(parts, path)
    body, complete = _head_of_parts(parts, head)
    if complete:  # no place to cut in the window: the head would be the whole body
        return None
    return _essay(path, meta, parse_markdown(body, line_offset=body_line), complete=False)


def _essay(path: Path, meta: dict[str, Any], parser: _Parser, complete: bool) -> Essay:
    """The essay of a parsed body: its title, its language, what the reader should know."""
    notes = list(parser.notes)
    title = meta_text(meta, "title")
    if not title:
        h1 = next((b for b in parser.blocks if isinstance(b, Heading) and b.level == 1), None)
        if h1 is not None and h1.text:
            title = h1.text
        elif path == STDIN:
            title = "standard input"
        else:
            title = path.stem.replace("-", " ").replace("_", " ").strip()
    title = " ".join(title.split())
    language = meta_text(meta, "language", "lang").lower()[:2]
    if not language.isalpha():
        language = ""
    if not language:
        from lecteur.language import detect_language

        language = detect_language(" ".join(p.text for p in parser.paragraphs[:200]))
        if language == "unknown" and complete:
            notes.append("language not recognised: neither French nor English")
    return Essay(
        path=path,
        title=title,
        language=language,
        meta=meta,
        blocks=parser.blocks,
        paragraphs=parser.paragraphs,
        section_marks=parser.marks,
        complete=complete,
        notes=notes,
    )
