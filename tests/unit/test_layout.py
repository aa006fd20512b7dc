"""Layout: wrapping (with French typography), safe text, items and plain output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lecteur.essay import parse_markdown
from lecteur.layout import Layout, plain_lines, wrap
from lecteur.library import open_essay
from lecteur.text import cell_len, safe

FRENCH = (
    "Il disait : « Je reviens ! » Puis, plus bas ; « Vraiment ? » Oui, vraiment… "
    "« Ça » n’existe pas : c’est évident ! Et toi ? Moi ; jamais » fin."
)


def lines_of(text: str, width: int) -> list[str]:
    return [text[a:b] for a, b in wrap(text, width)]


@pytest.mark.parametrize("width", range(12, 80))
def test_french_punctuation_never_starts_or_ends_a_line(width: int) -> None:
    for line in lines_of(FRENCH, width):
        assert line and line[0] not in ";:!?»", (width, line)
        assert not line.endswith("«"), (width, line)
        assert cell_len(line) <= width


@pytest.mark.parametrize("width", [10, 17, 33, 72])
def test_wrap_keeps_every_character_but_break_spaces(width: int) -> None:
    text = "Un texte  avec des espaces, des\u00a0insécables et un motextrêmementlongquidépasse."
    lines = lines_of(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)


def test_no_break_space_is_not_a_break() -> None:
    text = "a b c d e f g h « i\u00a0j »"
    assert all("i\u00a0j" in line or "i" not in line for line in lines_of(text, 8))


def test_wide_characters_count_two_cells() -> None:
    assert cell_len("日本") == 4
    assert all(cell_len(line) <= 6 for line in lines_of("日本語のテキストです 日本語", 6))


def test_newline_is_a_forced_break() -> None:
    assert lines_of("un\ndeux trois", 40) == ["un", "deux trois"]


def test_control_characters_never_reach_the_terminal() -> None:
    evil = "a\x1b[31mrouge\x07\x9b2J\u202eb"
    shown = safe(evil)
    assert len(shown) == len(evil)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", shown)


def test_paragraph_lines_carry_offsets_and_tags() -> None:
    essay = _essay("Un *beau* jour, ICQ et mIRC.\n")
    text = essay.paragraphs[0].text
    icq, mirc = text.index("ICQ"), text.index("mIRC")
    layout = Layout(essay, occurrences={0: [(icq, icq + 3, 0), (mirc, mirc + 4, 1)]})
    item = layout.item_of_paragraph[0]
    runs = [r for line in layout.lines(item, 72) for r in line.runs]
    for run in runs:
        if run.offset >= 0:
            assert text[run.offset : run.offset + len(run.text)] == run.text
    tagged = {r.text: (r.tags, r.occurrence) for r in runs}
    assert tagged["beau"] == (("em",), -1)
    assert tagged["ICQ"] == (("term",), 0)
    assert tagged["mIRC"] == (("term",), 1)


def test_section_headers_name_kind_and_title(essay_path: Path) -> None:
    essay = open_essay(essay_path)
    lines = plain_lines(essay, 72)
    headers = [i for i, line in enumerate(lines) if line.startswith("━━ §")]
    assert len(headers) == len(essay.sections) >= 2
    for n, (i, section) in enumerate(zip(headers, essay.sections)):
        assert lines[i].startswith(f"━━ §{n + 1} · ")
        # The title under the header, or (when it is the section's first sentence) once,
        # in the text that follows.
        assert section.title.split()[0] in lines[i + 1] or (
            lines[i + 1] == "" and lines[i + 2].startswith(section.title.rstrip("…")[:20])
        )


def test_a_title_that_is_the_first_sentence_is_not_repeated() -> None:
    from lecteur.essay import Section, SectionKind

    essay = _essay("Il fut une époque où tout était simple. Puis vint la suite.\n\nFin.\n")
    essay.sections = [
        Section(SectionKind.REMINISCENCE, "Il fut une époque où tout était simple.", 0, 0),
        Section(SectionKind.ARGUMENT, "Une conclusion", 1, 1),
    ]
    lines = plain_lines(essay, 72)
    assert sum("Il fut une époque" in line for line in lines) == 1
    assert "Une conclusion" in lines


@pytest.mark.parametrize(
    ("name", "text"), [("a.md", "# Mon titre\n\n"), ("a.txt", "Mon titre\n\n")]
)
def test_a_heading_that_gave_the_title_is_not_shown_twice(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text + "Un paragraphe.\n\n## Suite\n\nUn autre.\n", encoding="utf-8")
    essay = open_essay(path, corrections=[])
    assert essay.title == "Mon titre"
    lines = plain_lines(essay, 72)
    assert [line for line in lines if line.strip() == "Mon titre"] == ["Mon titre"]
    assert any("Suite" in line for line in lines)  # other headings stay


def test_plain_lines_hold_every_word_in_order(essay_path: Path) -> None:
    essay = open_essay(essay_path)
    words = " ".join(plain_lines(essay, 50)).split()
    position = 0
    for paragraph in essay.paragraphs:
        for word in paragraph.text.split():
            position = words.index(word, position) + 1


@pytest.mark.parametrize("width", [20, 40, 72])
def test_lists_quotes_code_fit_the_width(width: int) -> None:
    essay = _essay(
        "> Une citation assez longue pour être coupée en plusieurs lignes, voilà.\n\n"
        "- un élément de liste assez long pour passer à la ligne suivante\n"
        "  1. un sous-élément numéroté qui lui aussi est long\n\n"
        "```\nune ligne de code très longue qui ne doit pas déborder de la colonne du tout\n```\n"
    )
    layout = Layout(essay)
    for i in range(len(layout.items)):
        for line in layout.lines(i, width):
            assert cell_len(line.text) <= width, line.text


def _essay(markdown: str):
    from lecteur.essay import Essay

    parser = parse_markdown(markdown)
    return Essay(Path("t.md"), "T", "fr", {}, parser.blocks, parser.paragraphs)


def test_search_index_finds_across_paragraphs_with_exact_offsets() -> None:
    from lecteur.search import Index

    texts = ["Un coin d’hébergement MULTIMANIA", "", "hebergement… Hébergement", "fin"]
    index = Index(texts)
    hits = index.find("hébergement")
    assert [(h.paragraph, texts[h.paragraph][h.start : h.end]) for h in hits] == [
        (0, "hébergement"),
        (2, "hebergement"),
        (2, "Hébergement"),
    ]
    assert index.find("multimania\n\nheb") == []  # never across paragraphs
    assert index.find("fin")[0].paragraph == 3
    assert len(index.find("e", limit=3)) == 3


def test_terms_by_paragraph_reads_like_the_plain_dict_it_replaces() -> None:
    from lecteur.glossary import Occurrence
    from lecteur.layout import TermsByParagraph

    occurrences = [
        Occurrence("icq", 0, 3, 6, "ICQ"),
        Occurrence("mirc", 0, 10, 14, "mIRC"),
        Occurrence("phpbb", 4, 0, 5, "phpBB"),
        Occurrence("icq", 9, 7, 10, "ICQ"),
    ]
    plain: dict[int, list[tuple[int, int, int]]] = {}
    for i, occ in enumerate(occurrences):
        plain.setdefault(occ.paragraph, []).append((occ.start, occ.end, i))
    terms = TermsByParagraph(occurrences)
    assert dict(terms) == plain
    assert list(terms) == [0, 4, 9] and len(terms) == 3
    assert terms.get(1, ()) == () and 4 in terms and 5 not in terms
    assert dict(TermsByParagraph([])) == {}
