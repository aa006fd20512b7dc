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
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# yaml, tomllib and markdown_it are imported where they are used: a plain-text essay
# (or a process that only unpickles an essay) never pays for them.

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
"""File suffixes read as Markdown."""
TEXT_SUFFIXES = frozenset({".txt", ".text"})
"""File suffixes read as plain text."""
ESSAY_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES
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
        super().__init__(f"{file}: {message}")
        self.file = str(file)
        self.message = message


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Mark:
    """An inline style over ``[start, end)`` of a paragraph's text."""

    start: int
    end: int
    style: tuple[str, ...]
    """Tags among ``em``, ``strong``, ``code``, ``link``, ``strike``, ``image``, ``html``."""
    href: str | None = None


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


@dataclass(frozen=True, slots=True)
class Rule:
    line: int
    next_paragraph: int


Block = Heading | Paragraph | Rule


@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs ``first..last`` (inclusive) of one kind (see lecteur.sections)."""

    kind: SectionKind
    title: str
    first: int
    last: int
    explicit: bool = False
    """Marked in the document rather than found by the automatic split."""


@dataclass(frozen=True, slots=True)
class SectionMark:
    """``<!-- section: argument Title -->``: an explicit section start without a heading."""

    kind: SectionKind
    title: str
    next_paragraph: int


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

    def __repr__(self) -> str:
        # One line, whatever the size: Textual names each worker after repr() of its
        # arguments, on the event loop; the generated repr walked the whole book.
        part = "" if self.complete else ", head"
        return f"Essay({str(self.path)!r}, {len(self.paragraphs)} paragraphs{part})"

    @property
    def author(self) -> str:
        return str(self.meta.get("author") or "")

    @property
    def date(self) -> str:
        return str(self.meta.get("date") or "")

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
        starts: list[tuple[int, int, SectionKind, str]] = []  # (paragraph, level, kind, title)
        bounds: list[tuple[int, int]] = []  # (paragraph, level) of every heading
        for block in self.blocks:
            if isinstance(block, Heading):
                bounds.append((block.next_paragraph, block.level))
                if block.mark:
                    starts.append((block.next_paragraph, block.level, block.mark, block.text))
        for mark in self.section_marks:
            starts.append((mark.next_paragraph, 7, mark.kind, mark.title))
        starts.sort(key=lambda s: s[0])
        n = len(self.paragraphs)
        out: list[MarkedSection] = []
        for i, (first, level, kind, title) in enumerate(starts):
            end = n
            for p, lvl in bounds:
                if p > first and lvl <= level:
                    end = min(end, p)
                    break
            if i + 1 < len(starts):
                end = min(end, starts[i + 1][0]) if starts[i + 1][0] > first else end
            if end > first:
                out.append(MarkedSection(first, end - 1, kind, title))
        return out


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """Read a file as text, with clear errors for what cannot be an essay.

    UTF-8 (with or without BOM) first, then Windows-1252, then Latin-1.
    """
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
        data = path.read_bytes()
    except FileNotFoundError:
        raise EssayError(path, "no such file") from None
    except IsADirectoryError:
        raise EssayError(path, "is a folder, not a file") from None
    except PermissionError:
        raise EssayError(path, "permission denied") from None
    except OSError as error:
        raise EssayError(path, f"cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise EssayError(path, "the file is empty")
    if b"\x00" in data[:65536]:
        raise EssayError(path, "binary file, not text (it contains NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - latin-1 decodes every byte
        raise EssayError(path, "cannot be decoded as text")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise EssayError(path, "binary file, not text (too many control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?\1[ \t]*(?:\n|\Z)", re.S)


_FIELD_LINE = re.compile(r"^[\w\"'-][\w \"'.-]*\s*[:=]", re.M)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """Return ``(meta, body, body_first_line)``; YAML ``---`` or TOML ``+++``.

    A document that merely starts with a ``---`` rule (no ``key: value`` line before the
    next one) has no front matter: it is all Markdown. Front matter that has fields but
    does not parse is an error.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    raw = m.group(2) or ""
    fence = m.group(1)
    if raw.strip() and not _FIELD_LINE.search(raw):
        return {}, text, 0
    import tomllib

    import yaml

    try:
        if fence == "---":
            meta = yaml.safe_load(raw) if raw.strip() else {}
        else:
            meta = tomllib.loads(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise EssayError(path, f"bad YAML front matter{where}: {problem}") from None
    except tomllib.TOMLDecodeError as error:
        raise EssayError(path, f"bad TOML front matter: {error}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise EssayError(path, "front matter is not a mapping of fields")
    body = text[m.end() :]
    return meta, body, text.count("\n", 0, m.end())


# --------------------------------------------------------------------------- parsing

_MD: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    """The parser, built on first use: CommonMark with tables and strikethrough."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return _MD


_HEADING_MARK = re.compile(r"\s*\{\s*\.(reminiscence|argument|transition)\s*\}\s*$", re.I)
_DIRECTIVE = re.compile(
    r"^\s*<!--\s*section\s*:\s*(reminiscence|argument|transition)\b\s*(.*?)\s*-->\s*$",
    re.I | re.S,
)


class _InlineBuilder:
    """Accumulates plain text and style marks from markdown-it inline tokens."""

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
        if style:
            self.marks.append(Mark(start, self.length, style, href))

    def inline(self, token: Token) -> None:
        stack: list[str] = []
        hrefs: list[str | None] = []
        for child in token.children or ():
            t = child.type
            if t == "text":
                self.add(child.content, tuple(stack), hrefs[-1] if hrefs else None)
            elif t == "softbreak":
                self.add(" ", tuple(stack))
            elif t == "hardbreak":
                self.add("\n")
            elif t == "code_inline":
                self.add(child.content, (*stack, "code"))
            elif t == "html_inline":
                self.add(child.content, (*stack, "html"))
            elif t == "image":
                alt = child.content or "image"
                self.add(f"[{alt}]", (*stack, "image"), str(child.attrs.get("src") or ""))
            elif t.endswith("_open"):
                tag = {"em": "em", "strong": "strong", "link": "link", "s": "strike"}.get(
                    t[:-5], t[:-5]
                )
                stack.append(tag)
                if tag == "link":
                    hrefs.append(str(child.attrs.get("href") or ""))
            elif t.endswith("_close"):
                tag = {"em": "em", "strong": "strong", "link": "link", "s": "strike"}.get(
                    t[:-6], t[:-6]
                )
                if tag in stack:
                    stack.reverse()
                    stack.remove(tag)
                    stack.reverse()
                if tag == "link" and hrefs:
                    hrefs.pop()
            else:
                self.add(child.content, tuple(stack))

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Parser:
    """Turns a token stream into blocks and paragraphs."""

    def __init__(self, tokens: list[Token], line_offset: int) -> None:
        self.tokens = tokens
        self.pos = 0
        self.line_offset = line_offset
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []
        self.marks: list[SectionMark] = []

    @property
    def next_index(self) -> int:
        return len(self.paragraphs)

    def _line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.line_offset

    def _add_paragraph(
        self, kind: str, builder: _InlineBuilder, pieces: list[Piece], line: int
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
                text = builder.text
                mark = None
                m = _HEADING_MARK.search(text)
                if m:
                    mark = SectionKind(m.group(1).lower())
                    text = text[: m.start()]
                marks = tuple(mk for mk in builder.marks if mk.start < len(text))
                self.blocks.append(
                    Heading(
                        int(tok.tag[1:]),
                        text.strip(),
                        marks,
                        self._line(tok),
                        self.next_index,
                        mark,
                    )
                )
                self.pos += 3
            elif t == "hr":
                self.blocks.append(Rule(self._line(tok), self.next_index))
                self.pos += 1
            elif t == "paragraph_open":
                builder = _InlineBuilder()
                builder.inline(tokens[self.pos + 1])
                self._add_paragraph("text", builder, [Piece(0, builder.length)], self._line(tok))
                self.pos += 3
            elif t in ("fence", "code_block"):
                self._code(tok)
                self.pos += 1
            elif t == "html_block":
                d = _DIRECTIVE.match(tok.content)
                if d:
                    self.marks.append(
                        SectionMark(
                            SectionKind(d.group(1).lower()), d.group(2).strip(), self.next_index
                        )
                    )
                else:
                    builder = _InlineBuilder()
                    content = tok.content.rstrip("\n")
                    builder.add(content, ("html",))
                    pieces = _line_pieces(content, pre=True)
                    self._add_paragraph("html", builder, pieces, self._line(tok))
                self.pos += 1
            elif t in ("blockquote_open", "bullet_list_open", "ordered_list_open", "table_open"):
                self._container(tok)
            else:
                self.pos += 1

    def _code(self, tok: Token) -> None:
        builder = _InlineBuilder()
        content = tok.content.rstrip("\n")
        builder.add(content, ("code",))
        self._add_paragraph("code", builder, _line_pieces(content, pre=True), self._line(tok))

    def _container(self, open_tok: Token) -> None:
        """A quote, list or table: one paragraph made of several pieces."""
        kind = {"blockquote_open": "quote", "table_open": "table"}.get(open_tok.type, "list")
        builder = _InlineBuilder()
        pieces: list[Piece] = []
        quote = 0
        lists: list[list[int]] = []  # per open list: [ordered?, counter]
        item_bullet = ""
        indent = 0
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
                start = int(tok.attrs.get("start") or 1) if ordered else 0
                lists.append([1 if ordered else 0, start])
            elif t in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif t == "list_item_open":
                if lists and lists[-1][0]:
                    item_bullet = f"{lists[-1][1]}."
                    lists[-1][1] += 1
                else:
                    item_bullet = "•" if len(lists) % 2 else "◦"
                indent = 2 * (len(lists) - 1)
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
                start = start_piece()
                content = tok.content.rstrip("\n")
                builder.add(content, ("html",))
                pieces.append(Piece(start, builder.length, indent, "", quote, True))
            elif t == "hr":
                start = start_piece()
                builder.add("⁂")
                pieces.append(Piece(start, builder.length, indent, "", quote))
            if depth == 0:
                break
        self._add_paragraph(kind, builder, pieces, self._line(open_tok))


def _line_pieces(content: str, *, pre: bool) -> list[Piece]:
    pieces = []
    start = 0
    for line in content.split("\n"):
        pieces.append(Piece(start, start + len(line), pre=pre))
        start += len(line) + 1
    return pieces


def parse_markdown(body: str, *, line_offset: int = 0) -> _Parser:
    tokens = _markdown().parse(body)
    _mark_table_cells(tokens)
    parser = _Parser(tokens, line_offset)
    parser.run()
    return parser


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


def parse_plain(body: str) -> _Parser:
    """Plain text: blank lines separate paragraphs; with none, each line is one."""
    parser = _Parser([], 0)
    lines = body.split("\n")
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
    return path.suffix.lower() not in TEXT_SUFFIXES


def head_cut(body: str, limit: int) -> int:
    """A safe place to cut ``body`` near ``limit`` chars: a blank line outside a fence.

    Returns ``len(body)`` when the body is short or no safe place exists.
    """
    if len(body) <= limit:
        return len(body)
    fence: str | None = None
    pos = 0
    for line in body.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
        pos += len(line)
        if pos >= limit and fence is None and not line.strip():
            rest = body[pos : pos + 200].lstrip("\n")
            # Not in the middle of a list, quote or indented block.
            if rest and not re.match(r"( {2,}|\t|[>*+-] |\d+[.)] )", rest):
                return pos
    return len(body)


def parse_essay(path: str | Path, *, head: int | None = None) -> Essay:
    """Read and parse an essay file (no sections yet: see :func:`lecteur.library.open_essay`).

    ``head``: parse only about that many characters of the body (the rest is parsed
    later), for a first paint of a big book. Raises :class:`EssayError` for bad input.
    """
    path = Path(path)
    text = read_text(path)
    meta, body, body_line = split_front_matter(text, path)
    complete = True
    if head is not None:
        cut = head_cut(body, head)
        complete = cut >= len(body)
        body = body[:cut]
    if is_markdown(path):
        parser = parse_markdown(body, line_offset=body_line)
    else:
        parser = parse_plain(body)
    if not parser.paragraphs and complete:
        raise EssayError(path, "no text to read (the file has no paragraphs)")
    title = str(meta.get("title") or "").strip()
    if not title:
        h1 = next((b for b in parser.blocks if isinstance(b, Heading) and b.level == 1), None)
        title = h1.text if h1 else path.stem.replace("-", " ").replace("_", " ").strip()
    language = str(meta.get("language") or meta.get("lang") or "").strip().lower()[:2]
    if not language:
        from lecteur.language import detect_language

        language = detect_language(" ".join(p.text for p in parser.paragraphs[:200]))
    return Essay(
        path=path,
        title=title,
        language=language,
        meta=meta,
        blocks=parser.blocks,
        paragraphs=parser.paragraphs,
        section_marks=parser.marks,
        complete=complete,
    )
