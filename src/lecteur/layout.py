"""Layout: an essay's blocks become *items*, and each item wraps into lines for a width.

Pure Python (no Textual, no Rich): the reading view turns :class:`Line` objects into
strips, ``lecteur print`` turns them into text. Wrapping is our own because French
typography wants it: a line never starts with ``; : ! ? »`` nor ends with ``«``.

Offsets are kept: every run of a line knows the paragraph and the character offset it
came from, so glossary occurrences and mouse clicks map to and from the screen.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lecteur.essay import Essay, Heading, Mark, Paragraph, Piece, Rule, SectionKind
from lecteur.i18n import format_date, language
from lecteur.text import cell_len, clusters, ellipsize, fold, safe

if TYPE_CHECKING:
    from lecteur.glossary import Occurrence

KIND_LABELS: Mapping[str, Mapping[SectionKind, str]] = {
    "fr": {
        SectionKind.REMINISCENCE: "Réminiscence",
        SectionKind.ARGUMENT: "Argument",
        SectionKind.TRANSITION: "Transition",
    },
    "en": {
        SectionKind.REMINISCENCE: "Reminiscence",
        SectionKind.ARGUMENT: "Argument",
        SectionKind.TRANSITION: "Transition",
    },
}
"""A section kind's name in each interface language (lecteur's words, not the author's:
the reader's language, see :mod:`lecteur.i18n`)."""


def kind_label(kind: SectionKind, language: str) -> str:
    return KIND_LABELS.get(language, KIND_LABELS["en"])[kind]


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    tags: tuple[str, ...] = ()
    paragraph: int = -1
    offset: int = -1
    """Character offset of ``text`` in the paragraph's text (-1 for decoration)."""
    occurrence: int = -1
    """Index of the glossary occurrence this run belongs to (-1 if none)."""
    href: str | None = None
    """A web link's target (printable ASCII), for a terminal hyperlink."""


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


BLANK = Line(())


_ATOM = re.compile(r"[^ \t\n]+")
_NO_START = frozenset(";:!?»")
_NO_END = "«"


def wrap(text: str, width: int, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` into ``(start, end)`` line ranges.

    Breaks only at spaces, tabs and newlines (never at a no-break space); a newline is
    a forced break. ``; : ! ? »`` stay with the word before, ``«`` with the word after.
    A word wider than ``width`` is cut.
    """
    end = len(text) if end is None else end
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    seg = start
    while True:
        nl = text.find("\n", seg, end)
        stop = end if nl < 0 else nl
        _wrap_segment(text, seg, stop, width, lines)
        if nl < 0:
            break
        seg = nl + 1
    return lines or [(start, start)]


def _wrap_segment(text: str, start: int, end: int, width: int, out: list[tuple[int, int]]) -> None:
    units: list[tuple[int, int]] = []
    for m in _ATOM.finditer(text, start, end):
        a, b = m.span()
        if units and (text[a] in _NO_START or text[units[-1][1] - 1] == _NO_END):
            units[-1] = (units[-1][0], b)
        else:
            units.append((a, b))
    if not units:
        out.append((start, start))
        return
    line_start, line_end = units[0]
    line_w = cell_len(text[line_start:line_end])
    if line_w > width:
        line_start, line_w = _cut(text, line_start, line_end, width, out)
    for a, b in units[1:]:
        w = cell_len(text[a:b])
        gap = cell_len(text[line_end:a])
        if line_w + gap + w <= width:
            line_end = b
            line_w += gap + w
            continue
        out.append((line_start, line_end))
        line_start, line_end, line_w = a, b, w
        if w > width:
            line_start, line_w = _cut(text, a, b, width, out)
    out.append((line_start, line_end))


def _cut(text: str, a: int, b: int, width: int, out: list[tuple[int, int]]) -> tuple[int, int]:
    """Cut an over-long unit into full lines; return the start and width of the rest.

    Cuts fall between user-perceived characters (an emoji sequence or a letter with its
    accents is never split). A unit can hold glued punctuation (``« Vraiment ? »``): the
    cut backs off so that no line starts with a space or ``; : ! ? »`` and none ends
    with ``«``.
    """
    line_start = a
    width_so_far = 0
    for pos, cw in clusters(text, a, b):
        if width_so_far + cw > width and pos > line_start:
            cut = pos
            while cut > line_start + 1 and (
                text[cut] in _NO_START or text[cut] == " " or text[cut - 1] in "« "
            ):
                cut -= 1
            if cut == line_start + 1 and text[cut] in _NO_START:
                cut = pos  # nothing better on this line
            if cut != pos and not _starts_cluster(text, cut):
                cut = pos
            out.append((line_start, cut))
            line_start = cut
            width_so_far = cell_len(text[line_start:pos])
        width_so_far += cw
    return line_start, width_so_far


def _starts_cluster(text: str, pos: int) -> bool:
    """Whether ``pos`` is a cluster boundary (the back-off only moves over plain letters)."""
    return cell_len(text[pos]) > 0 and text[pos - 1] != "\u200d"


def cut_cells(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Preformatted text: ``text[start:end]`` cut every ``width`` cells, never reflowed."""
    if text.isascii() or text[start:end].isascii():
        return [(a, min(end, a + width)) for a in range(start, end, width)] or [(start, start)]
    ranges: list[tuple[int, int]] = []
    line_start, used = start, 0
    for pos, cells in clusters(text, start, end):
        if used + cells > width and pos > line_start:
            ranges.append((line_start, pos))
            line_start, used = pos, 0
        used += cells
    ranges.append((line_start, end))
    return ranges


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class Item:
    """One thing shown in the column: a title, a section header, a heading, a paragraph."""

    kind: str
    """``title``, ``section``, ``heading``, ``paragraph``, ``rule``."""
    index: int
    """Paragraph, section or block index, by kind."""


def build_items(essay: Essay) -> list[Item]:
    """The sequence of items to show, with a header before each section."""
    items: list[Item] = [Item("title", 0)]
    starts = {s.first: i for i, s in enumerate(essay.sections)}
    emitted: set[int] = set()
    title = " ".join(essay.title.split())
    for bi, block in enumerate(essay.blocks):
        nxt = block.index if isinstance(block, Paragraph) else block.next_paragraph
        if nxt in starts and starts[nxt] not in emitted:
            items.append(Item("section", starts[nxt]))
            emitted.add(starts[nxt])
        if bi == 0 and isinstance(block, Heading) and " ".join(block.text.split()) == title:
            continue  # the essay's title, already shown above it: not twice
        if isinstance(block, Paragraph):
            items.append(Item("paragraph", block.index))
        elif isinstance(block, Heading):
            items.append(Item("heading", bi))
        elif isinstance(block, Rule):
            items.append(Item("rule", bi))
    return items


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    tags: tuple[str, ...]
    occurrence: int = -1
    href: str | None = None


def _spans(
    length: int,
    marks: Sequence[Mark],
    occurrences: Sequence[tuple[int, int, int]],
    found: Sequence[tuple[int, int]] = (),
) -> list[Span]:
    """Cut ``[0, length)`` into spans of constant tags (marks, glossary terms, search hits).

    One sweep over the boundaries: each span looks only at the ranges open over it, so
    a paragraph dense with marks or hits stays linear.
    """
    starts: dict[int, list[tuple[int, int]]] = {}  # position -> (family, index) opening there
    ends: dict[int, list[tuple[int, int]]] = {}
    ranges = [
        *((0, i, m.start, m.end) for i, m in enumerate(marks)),
        *((1, i, start, end) for i, (start, end, _) in enumerate(occurrences)),
        *((2, i, start, end) for i, (start, end) in enumerate(found)),
    ]
    points = {0, length}
    for family, index, start, end in ranges:
        points.update((start, end))
        if start < end:
            starts.setdefault(start, []).append((family, index))
            ends.setdefault(end, []).append((family, index))
    cuts = sorted(p for p in points if 0 <= p <= length)
    open_ranges: tuple[set[int], set[int], set[int]] = (set(), set(), set())
    spans: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        for family, index in ends.get(a, ()):
            open_ranges[family].discard(index)
        for family, index in starts.get(a, ()):
            open_ranges[family].add(index)
        if a == b:
            continue
        tags: list[str] = []
        href: str | None = None
        for index in sorted(open_ranges[0]):
            tags.extend(t for t in marks[index].style if t not in tags)
            href = marks[index].href or href
        occ = -1
        if open_ranges[1]:
            occ = occurrences[min(open_ranges[1])][2]
            tags.append("term")
        if open_ranges[2]:
            tags.append("found")
        web = href if href and href.startswith(("http://", "https://", "mailto:")) else None
        spans.append(Span(a, b, tuple(tags), occ, web))
    return spans


def links_of(para: Paragraph) -> list[tuple[int, int, str]]:
    """``(start, end, target)`` of each link in a paragraph, adjacent pieces of one link
    (``[a *b* c](x)``) joined."""
    out: list[tuple[int, int, str]] = []
    for mark in para.marks:
        if not mark.href or ("link" not in mark.style and "image" not in mark.style):
            continue
        if out and out[-1][2] == mark.href and out[-1][1] >= mark.start - 1:
            out[-1] = (out[-1][0], max(out[-1][1], mark.end), mark.href)
        else:
            out.append((mark.start, mark.end, mark.href))
    return out


def with_references(para: Paragraph, first: int) -> tuple[Paragraph, list[str]]:
    """The paragraph with ``[n]`` after each link (numbered from ``first``), and the
    targets in order: for ``lecteur print``, where a link cannot be followed."""
    links = links_of(para)
    if not links:
        return para, []
    inserts = [(end, f"[{first + i}]") for i, (_, end, _) in enumerate(links)]
    positions = [at for at, _ in inserts]
    sizes = [len(label) for _, label in inserts]

    def shift(pos: int, *, inclusive: bool) -> int:
        i = bisect_right(positions, pos) if inclusive else bisect_left(positions, pos)
        return pos + sum(sizes[:i])

    parts: list[str] = []
    last = 0
    for at, label in inserts:
        parts.append(para.text[last:at])
        parts.append(label)
        last = at
    parts.append(para.text[last:])
    marks = [
        Mark(shift(m.start, inclusive=True), shift(m.end, inclusive=False), m.style, m.href)
        for m in para.marks
    ]
    marks += [
        Mark(shift(at, inclusive=False), shift(at, inclusive=False) + len(label), ("footnote",))
        for at, label in inserts
    ]
    pieces = [
        Piece(
            shift(p.start, inclusive=True),
            shift(p.end, inclusive=True),
            p.indent,
            p.bullet,
            p.quote,
            p.pre,
        )
        for p in para.pieces
    ]
    rebuilt = Paragraph(
        para.index, para.kind, "".join(parts), tuple(marks), tuple(pieces), para.line, para.words
    )
    return rebuilt, [href for _, _, href in links]


class TermsByParagraph(Mapping[int, Sequence[tuple[int, int, int]]]):
    """Glossary occurrences by paragraph, as the layout reads them: ``(start, end, i)``
    for ``occurrences[i]``. Three flat arrays, not a tuple per occurrence: a 50 MB book
    has hundreds of thousands, and only the paragraphs on screen are ever asked for.
    ``occurrences`` are in reading order (by paragraph, then offset).
    """

    def __init__(self, occurrences: Sequence[Occurrence]) -> None:
        from lecteur.glossary.model import OccurrenceTable  # loaded with the glossary

        if isinstance(occurrences, OccurrenceTable):  # columns already: shared, not copied
            self._paragraphs: Sequence[int] = occurrences.paragraphs
            self._starts: Sequence[int] = occurrences.starts
            self._ends: Sequence[int] = occurrences.ends
        else:
            self._paragraphs = array("q", (o.paragraph for o in occurrences))
            self._starts = array("q", (o.start for o in occurrences))
            self._ends = array("q", (o.end for o in occurrences))
        self._keys = sorted(set(self._paragraphs))

    def __getitem__(self, paragraph: int) -> list[tuple[int, int, int]]:
        first = bisect_left(self._paragraphs, paragraph)
        last = bisect_right(self._paragraphs, paragraph, lo=first)
        if first == last:
            raise KeyError(paragraph)
        return [(self._starts[i], self._ends[i], i) for i in range(first, last)]

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class Layout:
    """Wraps items for a column width. Pure; the caller caches per width.

    ``references``: links get a number in the text and their targets are listed after
    each paragraph (``lecteur print``; the reader follows links instead).
    """

    def __init__(
        self,
        essay: Essay,
        *,
        occurrences: Mapping[int, Sequence[tuple[int, int, int]]] | None = None,
        found: Mapping[int, Sequence[tuple[int, int]]] | None = None,
        base: Layout | None = None,
        references: bool = False,
    ) -> None:
        self.essay = essay
        self.references = references
        self._first_reference: dict[int, int] = {}
        if references:
            number = 1
            for para in essay.paragraphs:
                count = len(links_of(para)) if para.marks else 0
                if count:
                    self._first_reference[para.index] = number
                    number += count
        self.occurrences = occurrences or {}
        """Per paragraph: ``(start, end, occurrence index)`` of glossary terms."""
        self.found = found or {}
        """Per paragraph: ``(start, end)`` of search hits."""
        self.items: list[Item]
        self.item_of_paragraph: dict[int, int]
        self.item_of_section: dict[int, int]
        if base is not None and base.essay is essay:
            # Marks and hits never change the items: share them (a book has tens of
            # thousands, and the search's next match should not rebuild them).
            self.items = base.items
            self.item_of_paragraph = base.item_of_paragraph
            self.item_of_section = base.item_of_section
            return
        self.items = build_items(essay)
        self.item_of_paragraph = {}
        self.item_of_section = {}
        for i, item in enumerate(self.items):
            if item.kind == "paragraph":
                self.item_of_paragraph[item.index] = i
            elif item.kind == "section":
                self.item_of_section[item.index] = i

    def estimate(self, index: int, width: int) -> int:
        """A cheap guess of an item's height in lines (exact for most short items)."""
        item = self.items[index]
        if item.kind == "paragraph":
            para = self.essay.paragraphs[item.index]
            n = 0
            for piece in para.pieces:
                length = piece.end - piece.start
                n += 1 if piece.pre else max(1, -(-length * 11 // (10 * max(1, width - 4))))
            return n + 1
        if item.kind == "section":
            return 4
        return 2

    def lines(self, index: int, width: int) -> list[Line]:
        """The lines of one item at a column width, with a blank line after it."""
        item = self.items[index]
        width = max(8, width)
        if item.kind == "paragraph":
            return self._paragraph(self.essay.paragraphs[item.index], width)
        if item.kind == "section":
            return self._section(item.index, width)
        if item.kind == "heading":
            block = self.essay.blocks[item.index]
            assert isinstance(block, Heading)
            return self._heading(block, width)
        if item.kind == "rule":
            pad = max(0, (width - 5) // 2)
            return [Line((Run(" " * pad + "⁂", ("rule",)),)), BLANK]
        return self._title(width)

    # ---------------------------------------------------------------- pieces

    def _title(self, width: int) -> list[Line]:
        essay = self.essay
        out = [
            Line((Run(safe(essay.title[a:b]), ("title",)),)) for a, b in wrap(essay.title, width)
        ]
        when = format_date(essay.meta.get("date")) if essay.meta.get("date") else ""
        byline = " · ".join(x for x in (essay.author, when) if x)
        if byline:
            out += [Line((Run(safe(byline[a:b]), ("byline",)),)) for a, b in wrap(byline, width)]
        out.append(Line((Run("─" * min(width, 12), ("rule",)),)))
        out.append(BLANK)
        return out

    def _section(self, number: int, width: int) -> list[Line]:
        section = self.essay.sections[number]
        kind = section.kind
        label = f"§{number + 1} · {kind_label(kind, language()).upper()}"
        tag = f"section-{kind}"
        if cell_len(label) + 4 <= width:
            fill = width - cell_len(label) - 4
            out = [
                Line(
                    (Run("━━ ", (tag,)), Run(label, (tag, "strong")), Run(" " + "━" * fill, (tag,)))
                )
            ]
        else:  # a narrow column: the label alone, cut to fit
            out = [Line((Run(ellipsize(label, width), (tag, "strong")),))]
        title = section.title
        if number == 0 and fold(" ".join(title.split())) == fold(
            " ".join(self.essay.title.split())
        ):
            pass  # the first section is named after the essay, shown just above
        elif not self._title_opens_text(section.title, section.first):
            out += [
                Line((Run(safe(title[a:b]), ("section-title",)),)) for a, b in wrap(title, width)
            ]
        out.append(BLANK)
        return out

    def _title_opens_text(self, title: str, first: int) -> bool:
        """The section's title is its first paragraph's first words (a sentence the split
        took as a title): shown once, in the text, rather than twice."""
        paragraphs = self.essay.paragraphs
        head = fold(" ".join(title.rstrip("…. ").split()))
        if not head or not 0 <= first < len(paragraphs):
            return False
        text = fold(" ".join(paragraphs[first].text[: len(title) + 40].split()))
        return text.startswith(head)

    def _heading(self, block: Heading, width: int) -> list[Line]:
        tag = f"h{min(block.level, 3)}"
        text = block.text
        out = [Line((Run(safe(text[a:b]), (tag,)),)) for a, b in wrap(text, width)]
        out.append(BLANK)
        return out

    def _paragraph(self, para: Paragraph, width: int) -> list[Line]:
        targets: list[str] = []
        first = self._first_reference.get(para.index)
        if first is not None:
            para, targets = with_references(para, first)
        spans = _spans(
            len(para.text),
            para.marks,
            self.occurrences.get(para.index, ()),
            self.found.get(para.index, ()),
        )
        starts = [s.start for s in spans]
        out: list[Line] = []
        for piece in para.pieces:
            out.extend(self._piece(para, piece, width, spans, starts))
        for n, target in enumerate(targets, start=first or 0):
            label = f"  [{n}] "
            room = max(8, width - len(label))
            for i, (a, b) in enumerate(cut_cells(target, 0, len(target), room)):
                lead = label if i == 0 else " " * len(label)
                out.append(Line((Run(lead, ("footnote",)), Run(safe(target[a:b]), ("link",)))))
        out.append(BLANK)
        return out

    def _piece(
        self, para: Paragraph, piece: Piece, width: int, spans: list[Span], starts: list[int]
    ) -> list[Line]:
        bar = ("▌ " * piece.quote) if piece.quote else ""
        bullet = f"{piece.bullet} " if piece.bullet else ""
        lead = " " * piece.indent
        hang = " " * cell_len(bullet)
        inner = max(4, width - cell_len(bar) - len(lead) - cell_len(bullet))
        if piece.pre:
            ranges = cut_cells(para.text, piece.start, piece.end, inner)
        else:
            ranges = wrap(para.text, inner, piece.start, piece.end)
        lines: list[Line] = []
        for n, (a, b) in enumerate(ranges):
            runs: list[Run] = []
            if bar:
                runs.append(Run(bar, ("quote-bar",)))
            if lead:
                runs.append(Run(lead))
            if bullet:
                runs.append(Run(bullet if n == 0 else hang, ("bullet",)))
            base = ("code-block",) if piece.pre and para.kind == "code" else ()
            if piece.quote:
                base = (*base, "quote")
            i = max(0, bisect_right(starts, a) - 1)
            while i < len(spans) and spans[i].start < b:
                s = spans[i]
                lo, hi = max(a, s.start), min(b, s.end)
                if lo < hi:
                    runs.append(
                        Run(
                            safe(para.text[lo:hi]),
                            base + s.tags,
                            para.index,
                            lo,
                            s.occurrence,
                            s.href,
                        )
                    )
                i += 1
            lines.append(Line(tuple(runs)))
        return lines


def plain_lines(essay: Essay, width: int) -> list[str]:
    """The whole essay as wrapped plain text lines (for ``lecteur print``), each link
    numbered and its target listed after its paragraph."""
    layout = Layout(essay, references=True)
    out: list[str] = []
    for i in range(len(layout.items)):
        out.extend(line.text.rstrip() for line in layout.lines(i, width))
    while out and not out[-1]:
        out.pop()
    return out
