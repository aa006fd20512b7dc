"""The essay model: loading, front matter, paragraphs, blocks, bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lecteur import essay as essay_module
from lecteur.essay import (
    Essay,
    EssayError,
    Heading,
    MarkedSection,
    Paragraph,
    Rule,
    SectionKind,
    head_cut,
    parse_essay,
    parse_markdown,
    read_text,
)
from lecteur.library import find_essays

SEED_FIRST = "Je ne sais plus par quel bout commencer."
SEED_LAST_START = "Et vous, tous les Jack Sully"


def test_bundled_essay_paragraphs(essay_path: Path) -> None:
    essay = parse_essay(essay_path)
    assert essay.title == "Community manager, ça n'existe pas"
    assert essay.language == "fr"
    assert len(essay.paragraphs) == 29
    assert essay.paragraphs[0].text == SEED_FIRST
    assert essay.paragraphs[-1].text.startswith(SEED_LAST_START)
    assert [p.index for p in essay.paragraphs] == list(range(29))
    # Export residue is not text.
    assert all(p.text not in ("—", "]]>") for p in essay.paragraphs)
    # Front matter never becomes text.
    assert not any("editorial" in p.text or "title:" in p.text for p in essay.paragraphs)


def test_bundled_essay_keeps_the_authors_words(essay_path: Path) -> None:
    """Typos stay: the essay is the author's."""
    text = " ".join(parse_essay(essay_path).texts())
    for typo in (
        "forcement",
        "hebergement",
        "apellation",
        "reponsable",
        "qui ont bien comprit",
        "je vous fait confiance",
        "Jack Sully",
        "IL n’était pas",
    ):
        assert typo in text


def test_markdown_blocks_and_plain_text() -> None:
    parser = parse_markdown(
        "# Titre\n\nUn *beau* **jour** `x` [lien](http://a.b).\n\n> cité\n\n- un\n- deux\n\n"
        "```\ncode\n```\n\n<div>html</div>\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    kinds = [type(b).__name__ for b in parser.blocks]
    assert kinds == [
        "Heading",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Rule",
        "Paragraph",
    ]
    paras = parser.paragraphs
    assert [p.kind for p in paras] == ["text", "quote", "list", "code", "html", "table"]
    assert paras[0].text == "Un beau jour x lien."
    styles = {paras[0].text[m.start : m.end]: m.style for m in paras[0].marks}
    assert styles == {"beau": ("em",), "jour": ("strong",), "x": ("code",), "lien": ("link",)}
    assert paras[2].text == "un\ndeux"
    assert [pc.bullet for pc in paras[2].pieces] == ["•", "•"]
    assert paras[4].text == "html"  # raw HTML shows as its text
    assert paras[5].text == "a │ b\n1 │ 2"


def test_markup_lookalikes_are_text() -> None:
    paras = parse_markdown("Texte [b]gras[/b] [/url] [@click=quit] et \\[x\\].\n").paragraphs
    assert paras[0].text == "Texte [b]gras[/b] [/url] [@click=quit] et [x]."


def test_yaml_and_toml_front_matter(write) -> None:
    yaml_essay = parse_essay(write("a.md", "---\ntitle: Y\nlanguage: en\n---\n\nHello.\n"))
    assert (yaml_essay.title, yaml_essay.language) == ("Y", "en")
    toml_essay = parse_essay(write("b.md", '+++\ntitle = "T"\nlanguage = "fr"\n+++\n\nBonjour.\n'))
    assert (toml_essay.title, toml_essay.language, toml_essay.texts()) == ("T", "fr", ["Bonjour."])


def test_a_leading_rule_is_not_front_matter(write) -> None:
    essay = parse_essay(write("r.md", "---\nFoo\n---\nBar\n---\nBaz\n"))
    assert essay.meta == {} and "Baz" in essay.texts()


def test_title_falls_back_to_h1_then_file_name(write) -> None:
    assert parse_essay(write("x.md", "# Le titre\n\nTexte.\n")).title == "Le titre"
    assert parse_essay(write("mon-essai.md", "Texte.\n")).title == "mon essai"


def test_plain_text_paragraphs(write) -> None:
    one_per_line = parse_essay(write("a.txt", "Un.\nDeux *pas gras*.\n\n"))
    assert one_per_line.texts() == ["Un.", "Deux *pas gras*."]
    blank_separated = parse_essay(write("b.txt", "Une ligne\nqui continue.\n\nDeux.\n"))
    assert blank_separated.texts() == ["Une ligne qui continue.", "Deux."]


def test_windows_1252_is_read(write) -> None:
    path = write("w.txt", "Il était une fois… «\u00a0café\u00a0» — œuvre.\n".encode("cp1252"))
    assert parse_essay(path).texts() == ["Il était une fois… «\u00a0café\u00a0» — œuvre."]


def test_utf8_bom_is_dropped(write) -> None:
    path = write("bom.md", "\ufeff---\ntitle: B\n---\n\nTexte.\n".encode("utf-8"))
    assert parse_essay(path).title == "B"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.md", "", "empty"),
        ("blank.md", "\n  \n", "empty"),
        ("bin.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("ctrl.txt", bytes(range(1, 9)) * 40, "binary"),
        ("fm.md", "---\ntitle: [unclosed\n---\n\nText.\n", "front matter"),
        ("fm2.md", "---\ntitle: x\n- a list\n---\n\nText.\n", "front matter"),
        ("only-fm.md", "---\ntitle: x\n---\n", "no text"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(write, name, content, problem) -> None:
    path = write(name, content)
    with pytest.raises(EssayError) as info:
        parse_essay(path)
    message = str(info.value)
    assert message.startswith(str(path)) and problem in message
    assert "\n" not in message


def test_devices_and_huge_files_are_refused(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(EssayError, match="not a regular file"):
        read_text(Path("/dev/zero"))
    big = tmp_path / "big.txt"
    big.write_text("mot " * 100, encoding="utf-8")
    monkeypatch.setattr("lecteur.essay.MAX_BYTES", 100)
    with pytest.raises(EssayError, match="too large"):
        read_text(big)


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(EssayError, match="no such file"):
        read_text(tmp_path / "nope.md")
    with pytest.raises(EssayError, match="folder"):
        read_text(tmp_path)


def test_find_essays_skips_glossaries_and_other_files(write, tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.glossary.yaml", "x.glossary.md", "notes.pdf", ".hidden.md"):
        write(name, "Texte.\n")
    assert [p.name for p in find_essays(tmp_path)] == ["a.txt", "b.md"]


def test_head_cut_is_at_a_block_boundary() -> None:
    body = "".join(f"Paragraphe {i} " + "mot " * 30 + "\n\n" for i in range(100))
    cut = head_cut(body, 1000)
    assert 1000 <= cut < 1300 and body[cut - 2 : cut] == "\n\n"
    fenced = "x\n\n```\n" + "a\n\n" * 400 + "```\n\nfin\n"
    cut = head_cut(fenced, 100)
    assert fenced[:cut].count("```") % 2 == 0
    assert head_cut("short", 1000) == 5


def test_head_of_a_big_file_is_a_prefix(write) -> None:
    text = "".join(f"Paragraphe numéro {i}. " + "mot " * 40 + "\n\n" for i in range(2000))
    path = write("big.md", text)
    head = parse_essay(path, head=10_000)
    full = parse_essay(path)
    assert not head.complete and full.complete
    assert 0 < len(head.paragraphs) < len(full.paragraphs)
    assert head.texts() == full.texts()[: len(head.paragraphs)]


def _fields(essay: Essay) -> dict[str, object]:
    return {f.name: getattr(essay, f.name) for f in dataclasses.fields(essay)}


def _big_markdown(paragraphs: int = 6000, *, newline: str = "\n") -> str:
    front = f"---{newline}title: Le gros livre{newline}language: fr{newline}---{newline}{newline}"
    body = "".join(
        (f"## Partie {i // 50}{newline}{newline}" if i % 50 == 0 else "")
        + f"Paragraphe numéro {i}, où l’été passe. "
        + "mot " * 40
        + newline
        + newline
        for i in range(paragraphs)
    )
    return front + body


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("big.md", _big_markdown().encode()),
        ("crlf.md", _big_markdown(newline="\r\n").encode()),
        ("bom.md", b"\xef\xbb\xbf" + _big_markdown().encode()),
    ],
    ids=["lf", "crlf", "utf-8-mark"],
)
def test_the_head_of_a_big_file_read_from_its_start_is_the_head_of_the_whole(
    write, monkeypatch, name: str, content: bytes
) -> None:
    """A big file's head comes from its first bytes (a 50 MB book's first paint waited
    for all of it to be read and decoded), and is the head the whole file gives."""
    path = write(name, content)
    assert len(content) > 1_200_000
    whole_read = parse_essay(path, head=5_000, data=path.read_bytes())  # the whole file
    assert not whole_read.complete

    def no_whole_read(path: Path) -> bytes:
        raise AssertionError("the whole file was read for its head")

    monkeypatch.setattr(essay_module, "read_bytes", no_whole_read)
    head = parse_essay(path, head=5_000)
    assert _fields(head) == _fields(whole_read)
    assert head.title == "Le gros livre" and head.language == "fr"


@pytest.mark.parametrize(
    "content",
    [
        # Not UTF-8 at its start: the encoding is the whole file's to decide.
        _big_markdown().encode("cp1252", errors="replace"),
        # UTF-16: characters and bytes do not count the same.
        _big_markdown().encode("utf-16"),
        # No place to cut the head in its window (one long code block): the whole file.
        ("Début.\n\n```\n" + "ligne de code\n\n" * 100_000 + "```\n\nFin.\n").encode(),
    ],
    ids=["cp1252", "utf-16", "no-cut"],
)
def test_a_big_file_whose_start_does_not_settle_its_head_is_read_whole(
    write, monkeypatch, content: bytes
) -> None:
    path = write("big.md", content)
    assert len(content) > 1_200_000
    expected = parse_essay(path, head=5_000, data=content)
    reads: list[Path] = []
    real = essay_module.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(essay_module, "read_bytes", counted)
    assert _fields(parse_essay(path, head=5_000)) == _fields(expected)
    assert reads == [path]


def test_a_small_file_s_head_is_read_as_before(write, monkeypatch) -> None:
    """The start-only read is for big files: an essay is read whole, once."""
    path = write("small.md", _big_markdown(200))
    reads: list[Path] = []
    real = essay_module.read_bytes
    monkeypatch.setattr(essay_module, "read_bytes", lambda p: reads.append(p) or real(p))
    assert parse_essay(path, head=5_000).paragraphs
    assert reads == [path]


def test_headings_for_paragraphs_and_explicit_marks(write) -> None:
    essay = parse_essay(
        write(
            "m.md",
            "Intro.\n\n## Avant {.reminiscence}\n\nUn.\n\nDeux.\n\n## Maintenant\n\nTrois.\n\n"
            "<!-- section: argument La thèse -->\n\nQuatre.\n\nCinq.\n",
        ),
    )
    assert essay.headings_for_paragraphs() == [
        None,
        "Avant",
        "Avant",
        "Maintenant",
        "Maintenant",
        "Maintenant",
    ]
    heading = next(b for b in essay.blocks if isinstance(b, Heading) and b.text == "Avant")
    assert heading.mark == "reminiscence"
    assert essay.marked_sections() == [
        MarkedSection(1, 2, SectionKind.REMINISCENCE, "Avant"),
        MarkedSection(4, 5, SectionKind.ARGUMENT, "La thèse"),
    ]
    # The directive comment is not a paragraph.
    assert "section:" not in " ".join(essay.texts())
    assert any(isinstance(b, Rule) for b in essay.blocks) is False
    assert all(isinstance(b, (Heading, Paragraph)) for b in essay.blocks)
