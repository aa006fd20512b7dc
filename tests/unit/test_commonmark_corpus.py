"""Every CommonMark spec example loads, lays out at several widths and stays safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lecteur.essay import Essay, parse_markdown
from lecteur.layout import Layout
from lecteur.text import cell_len

EXAMPLES = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "commonmark-0.31.2-examples.json").read_text(
        encoding="utf-8"
    )
)
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def test_the_corpus_is_complete() -> None:
    assert len(EXAMPLES) == 652


@pytest.mark.parametrize("width", [16, 41, 72])
def test_every_example_lays_out(width: int) -> None:
    for example in EXAMPLES:
        parser = parse_markdown(example["markdown"])
        essay = Essay(Path("x.md"), "x", "en", {}, parser.blocks, parser.paragraphs)
        essay.sections = []
        layout = Layout(essay)
        for i in range(len(layout.items)):
            for line in layout.lines(i, width):
                text = line.text
                assert not UNSAFE.search(text), (example["example"], text)
                assert cell_len(text) <= width, (example["example"], text)
        for p in essay.paragraphs:
            for mark in p.marks:
                assert 0 <= mark.start <= mark.end <= len(p.text)
            for piece in p.pieces:
                assert 0 <= piece.start <= piece.end <= len(p.text)
