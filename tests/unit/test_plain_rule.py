"""The plain-prose block rule reads paragraphs exactly as markdown-it's own rules do."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lecteur.essay import PLAIN, _markdown, parse_markdown, read_text, split_front_matter

DATA = Path(__file__).resolve().parent.parent / "data"
ROOT = DATA.parent.parent

PROSE = [
    "Il fut une époque où, pour la première fois, j’installais ICQ.",
    "« Le community manager a pour mission d’animer les échanges », disait-on.",
    "— Et alors ? répondit-il, 100 % convaincu : c’était l’avenir !",
    "“Facebook is the new AOL,” she wrote {{ not a tag }} and ==marked== it.",
    "Oui",
    "Prix : 30 $, soit 20 € + taxes = trop @ la fois # rien.",
]
OTHER = [
    "",
    "",
    "   ",
    "# Heading",
    "Title",
    "===",
    "---",
    "- item",
    "1. item",
    "1789. year",
    "  - nested",
    "    code",
    "> quote",
    "```",
    "~~~",
    "<!--",
    "-->",
    "<div>",
    "| a | b |",
    "|---|---|",
    ": definition",
    "~ definition",
    "::: note",
    ":::",
    "[^1]: note",
    "call[^1] here",
    "a [link](x) here",
    "*em* and `code`",
    "two spaces  ",
    "one space ",
    "tab\t",
    "nbsp\u00a0",
    "\u00a0nbsp",
    "a\\",
    "a & b &amp; c",
    "a\rb",
    "a\x00b",
]


def _documents(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        lines = [
            rng.choice(OTHER) if rng.random() < 0.3 else rng.choice(PROSE)
            for _ in range(rng.randint(1, 30))
        ]
        docs.append("\n".join(lines))
    return docs


@contextmanager
def _without_the_rule() -> Iterator[None]:
    md = _markdown()
    md.block.ruler.disable("plain_paragraphs")
    try:
        yield
    finally:
        md.block.ruler.enable("plain_paragraphs")


def _plain_tokens(body: str) -> int:
    return sum(tok.type == PLAIN for tok in _markdown().parse(body, {}))


def _inputs() -> list[str]:
    bodies = [_documents(1, seed)[0] for seed in range(800)]
    for path in sorted([*DATA.rglob("*.md"), *(ROOT / "essays").glob("*.md")]):
        bodies.append(split_front_matter(read_text(path), path)[1])
    spec = json.loads((DATA / "commonmark-0.31.2-examples.json").read_text(encoding="utf-8"))
    prose = "\n".join(PROSE[:3])
    for example in spec:
        bodies.append(f"{prose}\n\n{example['markdown']}\n{prose}\n\n{prose}")
    return bodies


def test_the_rule_reads_as_markdown_it_reads() -> None:
    bodies = _inputs()
    fired = sum(_plain_tokens(body) > 0 for body in bodies)
    with_rule = [parse_markdown(body) for body in bodies]
    with _without_the_rule():
        assert sum(_plain_tokens(body) > 0 for body in bodies) == 0
        without = [parse_markdown(body) for body in bodies]
    for body, a, b in zip(bodies, with_rule, without, strict=True):
        assert (a.blocks, a.marks, a.notes) == (b.blocks, b.marks, b.notes), body[:300]
    assert fired > len(bodies) // 3  # not vacuous: the rule read a good part of them


@pytest.mark.parametrize(
    "body",
    [
        "Term\n\n: its definition\n",  # a definition list's term, not a paragraph
        "Title\n===\n",
        "Line one\n- a list interrupts\n",
        "Ends with two spaces  \nnext\n",
        "A & B\n",
        "A [link](x)\n",
    ],
)
def test_the_rule_declines_what_reads_otherwise(body: str) -> None:
    assert _plain_tokens(body) == 0


def test_the_rule_takes_runs_of_plain_paragraphs() -> None:
    body = "Première ligne\nsuite du paragraphe.\n\n« Deuxième » paragraphe.\n\n\nTroisième.\n"
    tokens = _markdown().parse(body, {})
    assert [tok.type for tok in tokens] == [PLAIN]
    assert tokens[0].meta["paragraphs"] == [
        (0, "Première ligne suite du paragraphe."),
        (3, "« Deuxième » paragraphe."),
        (6, "Troisième."),
    ]
