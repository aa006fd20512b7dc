"""A long Markdown body is parsed piece by piece: the pieces give the same blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecteur.essay import chunk_cuts, parse_markdown, read_text, split_front_matter

DATA = Path(__file__).resolve().parent.parent / "data"
ROOT = DATA.parent.parent


def _bodies() -> list[tuple[str, str, int]]:
    out = []
    for path in sorted([*DATA.rglob("*.md"), *(ROOT / "essays").glob("*.md")]):
        _, body, line = split_front_matter(read_text(path), path)
        out.append((path.name, body, line))
    return out


@pytest.mark.parametrize("size", [200, 3000])
def test_pieces_give_the_same_blocks_as_the_whole(size: int) -> None:
    bodies = _bodies()
    assert bodies
    cut_some = 0
    for name, body, line in bodies:
        whole = parse_markdown(body, line_offset=line, chunk=len(body) + 1)
        cuts = chunk_cuts(body, size)
        cut_some += len(cuts) > 1
        parts = parse_markdown(body, line_offset=line, chunk=size)
        assert parts.blocks == whole.blocks, name
        assert parts.marks == whole.marks, name
        assert parts.notes == whole.notes, name
    assert cut_some  # the comparison is not vacuous


TRICKY = [
    # a fence with blank lines inside
    "para one\n\n```\ncode\n\n\nmore code\n```\n\nafter\n\nend\n",
    # a list going on after blank lines
    "intro\n\n- one\n\n- two\n\n  still two\n\n1. three\n\nend\n",
    # an HTML comment and a <pre> over blank lines
    "a\n\n<!--\n\nhidden\n\n-->\n\nb\n\n<pre>\nx\n\ny\n</pre>\n\nc\n",
    # a container and a definition list
    "a\n\n::: note\n\ninside\n\n:::\n\nterm\n\n: its definition\n\nz\n",
]


@pytest.mark.parametrize("body", TRICKY)
def test_no_cut_inside_a_block(body: str) -> None:
    whole = parse_markdown(body, chunk=len(body) + 1)
    for size in range(1, len(body)):
        assert parse_markdown(body, chunk=size).blocks == whole.blocks, size


def test_what_reaches_across_the_document_is_never_cut() -> None:
    refs = "see [the page][p] here\n\n" * 50 + "[p]: https://example.org\n"
    notes = "a note[^1] here\n\n" * 50 + "[^1]: the note\n"
    inline = "an inline note^[inside] here\n\n" * 50
    for body in (refs, notes, inline):
        assert chunk_cuts(body, 100) == [len(body)]
        assert parse_markdown(body, chunk=100).blocks == parse_markdown(body).blocks


def test_cuts_cover_the_body_in_order() -> None:
    body = "".join(f"paragraph {i} of some length\n\n" for i in range(500))
    cuts = chunk_cuts(body, 1000)
    assert cuts[-1] == len(body)
    assert cuts == sorted(set(cuts))
    assert len(cuts) > 5
    assert all(body[c - 2 : c] == "\n\n" for c in cuts[:-1])


def test_a_container_at_a_piece_start_is_counted() -> None:
    body = "::: note\n\ninside\n\n:::\n\n" + "".join(f"para {i}\n\n" for i in range(200))
    cuts = chunk_cuts(body, 10)
    assert len(cuts) > 10
    assert parse_markdown(body, chunk=10).blocks == parse_markdown(body).blocks


def _in_parts(body: str, size: int) -> list[str]:
    """``body`` cut as a file is read in parts (after a newline, about ``size`` long)."""
    from lecteur.essay import _line_parts

    return [body[a:b] for a, b in _line_parts(body, size=size)]


@pytest.mark.parametrize("part", [1, 7, 60, 500, 10**9])
@pytest.mark.parametrize("size", [50, 400])
def test_parts_are_cut_in_the_pieces_the_whole_is_cut_in(size: int, part: int) -> None:
    from lecteur.essay import _part_pieces

    bodies = [body for _, body, _ in _bodies()] + TRICKY * 3
    bodies.append("".join(f"para {i}\n\n" if i % 7 else "- item\n\n  more\n\n" for i in range(300)))
    bodies.append("x\n" * 2000 + "\n\ny\n")  # a blank line only past a long run
    several = 0
    for body in bodies:
        cuts = chunk_cuts(body, size)
        expected = [body[a:b] for a, b in zip([0, *cuts], cuts, strict=False)]
        parts = _in_parts(body, part)
        pieces = list(_part_pieces(parts, size))
        assert pieces == expected
        assert parts == []  # every part was taken (and let go)
        several += len(pieces) > 2
    assert several


def test_a_book_in_parts_reads_as_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lecteur import essay as module
    from lecteur.essay import parse_essay

    checked = 0
    for path in sorted([*DATA.rglob("*.md"), *(ROOT / "essays").glob("*.md")]):
        whole = parse_essay(path)
        monkeypatch.setattr(module, "PART_BYTES", 40)
        assert len(module.read_parts(path)) > 1 or path.stat().st_size <= 40
        parts = parse_essay(path)
        monkeypatch.setattr(module, "PART_BYTES", 1 << 20)
        assert parts.blocks == whole.blocks, path.name
        assert parts.section_marks == whole.section_marks, path.name
        assert (parts.meta, parts.title, parts.language, parts.notes) == (
            whole.meta,
            whole.title,
            whole.language,
            whole.notes,
        ), path.name
        checked += 1
    assert checked


_TEXT = "Il était une fois… «\u00a0café\u00a0» — œuvre.\r\nSecond line\rthird\n\nÇa va.\n"
ENCODED = [
    _TEXT.encode("utf-8"),
    "\ufeff".encode() + _TEXT.encode("utf-8"),
    "\ufeff\ufeff".encode() + _TEXT.encode("utf-8"),
    _TEXT.encode("cp1252"),
    b"caf\xe9 \x81 latin-1 only\n" * 3,
    _TEXT.encode("utf-16"),
    _TEXT.encode("utf-32"),
    b"\xef\xbb\xbf",  # a mark and nothing else
    "\ufeff \n\u3000\n".encode(),  # only whitespace after the mark
    b"text with a stray \x1b escape\nand a bell \x07\n" * 3,
    b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 5 + b"\nnot text\n",
    b"a\x00b\n",
    b"\xff\xfe" + b"\x00" * 3,  # half a UTF-16 character
    b"\n\n   \t\n",
    b"x" * 300 + b"\n" + b"y" * 10,
]


def _decode_whole(data: bytes) -> str:
    """The text (or the error line) as the whole file was decoded before it was decoded in
    parts: the oracle."""
    from lecteur.essay import _BOMS
    from lecteur.text import visible

    def bad(message: str) -> str:
        return f"x.md: {message}"

    if not data.strip():
        return bad("the file is empty")
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return bad(f"not valid {encoding.upper()} text")
            break
    if text is None:
        if b"\x00" in data[:65536]:
            return bad("binary file, not text (it contains NUL bytes)")
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    assert text is not None
    text = text.lstrip("\ufeff")
    if "\x00" in text[:65536]:
        return bad("binary file, not text (it contains NUL characters)")
    sample = text[:65536]
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") > max(
        8, len(sample) // 100
    ):
        return bad("binary file, not text (too many control characters)")
    if not text.strip():
        return bad("the file is empty")
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))


@pytest.mark.parametrize("data", ENCODED)
def test_text_decoded_in_parts_is_the_text(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from lecteur import essay as module
    from lecteur.essay import EssayError, decode_parts

    def outcome() -> tuple[str, list[str]]:
        try:
            parts = decode_parts(data, Path("x.md"))
        except EssayError as error:
            return str(error), []
        return "".join(parts), parts

    whole, parts = outcome()
    assert len(parts) <= 1
    assert whole == _decode_whole(data)
    for size in (1, 5, 16):
        monkeypatch.setattr(module, "PART_BYTES", size)
        joined, parts = outcome()
        assert joined == whole
        assert all(part.endswith("\n") for part in parts[:-1])
        assert all(parts)


@pytest.mark.parametrize("part", [50, 5000, 10**9])
def test_the_head_of_parts_is_the_head_of_the_whole(part: int) -> None:
    from lecteur.essay import _head_of_parts, head_cut

    text = "".join(body for _, body, _ in _bodies())
    bodies = [
        (text * (1 + 300_000 // len(text)))[:300_000],
        "```\n" + "code line\n\n" * 30_000 + "```\n\nafter\n",  # no place to cut the head
        "short\n\nbody\n",
    ]
    for body in bodies:
        for limit in (10, 1000, 40_000):
            cut = head_cut(body, limit)
            assert _head_of_parts(_in_parts(body, part), limit) == (body[:cut], cut >= len(body))


@pytest.mark.parametrize("head", [200, 5_000, 10**7])
def test_a_head_normalises_only_what_it_reads_and_reads_as_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: int
) -> None:
    """CR line ends and control characters in a book read in parts: its head (its parts
    normalised as far as they are read) is the start of the whole, normalised all."""
    from lecteur import essay as module
    from lecteur.essay import parse_essay

    monkeypatch.setattr(module, "PART_BYTES", 300)
    chapters = [
        f"---\r\ntitle: Livre\r\n---\r\n\r\n# Chapitre {n}\r\n\r\nIl fut une époque\x07 où"
        f" j'installais ICQ.\rUne ligne.\r\n\r\n" + "Un mot de plus. " * 20 + "\r\n\r\n"
        for n in range(60)
    ]
    path = tmp_path / "livre.md"
    path.write_bytes(
        chapters[0].encode() + "".join(c.split("---\r\n\r\n", 1)[1] for c in chapters[1:]).encode()
    )
    whole = parse_essay(path)
    first = parse_essay(path, head=head)
    assert len(module.read_parts(path)) > 10
    assert first.complete == (head >= 10**7)
    assert first.meta == whole.meta == {"title": "Livre"}
    n = len(first.paragraphs)
    assert n and first.paragraphs == whole.paragraphs[:n]
    assert all("\r" not in p.text and "\x07" not in p.text for p in first.paragraphs)
