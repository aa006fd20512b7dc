"""Whatever a file holds, loading and laying it out never crashes nor leaks control codes."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from lecteur.essay import EssayError
from lecteur.layout import Layout
from lecteur.library import open_essay
from lecteur.text import cell_len

PIECES = [
    "Il fut une époque",
    " ",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "```",
    "~~~",
    "*",
    "_",
    "**",
    "`",
    "[",
    "]",
    "(",
    ")",
    "<div>",
    "</div>",
    "<!-- section: argument X -->",
    "{.argument}",
    "---\n",
    "+++\n",
    "|",
    "\t",
    "\x1b[31m",
    "\x07",
    "\x00",
    "\u202e",
    "日本語",
    "« ",
    " »",
    " ;",
    " ?",
    "{{< tweet 1 >}}",
    "[@click=quit]",
    "[b]",
    "é",
    "œ",
    "\r\n",
    "\x9b",
    "mot",
    "word",
]
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e]")


def _check(path: Path) -> None:
    try:
        essay = open_essay(path)
    except EssayError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
        return
    covered = [i for s in essay.sections for i in range(s.first, s.last + 1)]
    assert covered == list(range(len(essay.paragraphs)))
    layout = Layout(essay)
    for width in (16, 57):
        for i in range(len(layout.items)):
            for line in layout.lines(i, width):
                assert not UNSAFE.search(line.text)
                assert cell_len(line.text) <= width


@pytest.mark.parametrize("seed", range(40))
def test_random_markdownish_text(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 400)))
    path = tmp_path / f"f{seed}.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(1000 + seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
    path = tmp_path / f"b{seed}.txt"
    path.write_bytes(data)
    _check(path)
