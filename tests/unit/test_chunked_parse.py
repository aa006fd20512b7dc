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
