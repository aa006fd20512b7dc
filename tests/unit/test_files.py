"""Real-world files (issue 10): each class of input that crashed, hung, leaked or was
refused, with the behaviour it gets now. The hostile corpus (tests/hostile) runs the
same classes through the real program; these pin each fix at the model level."""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from lecteur.cli import main
from lecteur.essay import (
    EssayError,
    heading_mark,
    parse_essay,
    parse_markdown,
    read_stdin,
    split_front_matter,
)
from lecteur.htmltext import html_lines, safe_href
from lecteur.language import detect_language
from lecteur.layout import plain_lines
from lecteur.library import open_essay
from lecteur.templates import strip_templates
from lecteur.text import cell_len, clusters, safe, visible

BODY = "Il fut une époque où j'installais ICQ. " * 3 + "\n\nAujourd'hui, il faut le dire.\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- control characters


def test_control_characters_become_stand_ins_once_same_length(write) -> None:
    text = "# \x1b]2;PWNED\x1b\\ t\n\nHello \u009b31m \x7f there.\n"
    essay = parse_essay(write("e.md", text))
    assert "\x1b" not in essay.title and "␛" in essay.title
    assert essay.paragraphs[0].text == "Hello \ufffd31m \u2421 there."
    assert len(visible("a\x1bb\nc\td")) == len("a\x1bb\nc\td")
    assert visible("a\nb\tc") == "a\nb\tc" and safe("a\nb") == "a b"


@pytest.mark.parametrize("command", [("outline", "--json"), ("print",)])
def test_outputs_hold_no_c0_c1_or_del(write, command) -> None:
    path = write("e.md", "T \u0085 \u009b \x7f \x1b[31m x\n\n" + BODY)
    code, out, _ = run(*command, path)
    assert code == 0
    assert not any(0x7F <= ord(ch) <= 0x9F or (ord(ch) < 32 and ch not in "\n") for ch in out)
    if command[0] == "outline":
        json.loads(out)


def test_bad_input_line_is_one_line_without_escapes(tmp_path: Path) -> None:
    name = tmp_path / "x\x1b]2;PWNED\x1b\\\ny.md"
    code, out, err = run("print", name)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err
    assert str(EssayError("a\nb", "c\x1b")).count("\n") == 0


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    "front",
    [
        "date: 2023-02-30",
        "version: " + "9" * 5000,
        "title: !!timestamp hello",
        "x: !!bool maybe",
        "y: !!int abc",
        "title: null",
    ],
)
def test_front_matter_values_never_crash(write, front: str) -> None:
    essay = parse_essay(write("e.md", f"---\n{front}\n---\n{BODY}"))
    assert essay.paragraphs and "\n" not in essay.title
    assert essay.title != "null"


def test_impossible_date_is_shown_as_written(write) -> None:
    essay = parse_essay(write("e.md", f"---\ndate: 2023-02-30\n---\n{BODY}"))
    assert essay.date == "2023-02-30"


@pytest.mark.parametrize(
    ("front", "problem"),
    [
        ("---\nk: " + "[" * 3000 + "]" * 3000 + "\n---\n", "nested too deeply"),
        ("+++\nk = " + "[" * 3000 + "]" * 3000 + "\n+++\n", "nested too deeply"),
        ("+++\nk = " + "9" * 5000 + "\n+++\n", "bad front matter"),
    ],
)
def test_absurd_front_matter_is_one_clear_error(write, front: str, problem: str) -> None:
    with pytest.raises(EssayError, match=problem):
        parse_essay(write("e.md", front + BODY))


def _bomb(key: str) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + f"\n{key}: *a8\n"


@pytest.mark.parametrize("key", ["title", "unused"])
def test_yaml_alias_bomb_is_refused_at_once(write, key: str) -> None:
    started = time.monotonic()
    with pytest.raises(EssayError, match="alias bomb"):
        parse_essay(write("e.md", f"---\n{_bomb(key)}---\n{BODY}"))
    assert time.monotonic() - started < 2


def test_front_matter_field_line_is_linear() -> None:
    started = time.monotonic()
    meta, body, _ = split_front_matter("---\nword" + " " * 60000 + "\n---\nx\n", Path("e.md"))
    assert time.monotonic() - started < 1
    assert meta == {} and body.startswith("---")


def test_two_byte_order_marks_still_hide_the_front_matter(write) -> None:
    path = write("e.md", b"\xef\xbb\xbf\xef\xbb\xbf---\nsecret: LEAK\n---\n" + BODY.encode())
    essay = parse_essay(path)
    assert "LEAK" not in " ".join(essay.texts()) and essay.meta["secret"] == "LEAK"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom_are_read(write, encoding: str) -> None:
    path = write("e.md", ("\ufeff# Titre\n\n" + BODY).encode(encoding))
    essay = parse_essay(path)
    assert essay.title == "Titre" and essay.paragraphs[0].text.startswith("Il fut")


# --------------------------------------------------------------------------- shapes


def test_deep_nesting_keeps_the_rest_of_the_essay() -> None:
    for source in (
        "Intro.\n\n- - - - - - - - - - deep\n\nThis paragraph is kept.\n",
        "- " * 5000 + "deep\n\nThis paragraph is kept.\n",
        "".join("  " * i + f"- item {i}\n" for i in range(1000)) + "\nThis paragraph is kept.\n",
        ">" * 5000 + " deep\n\nThis paragraph is kept.\n",
    ):
        parser = parse_markdown(source)
        assert parser.paragraphs[-1].text == "This paragraph is kept."


@pytest.mark.parametrize("ordered", [False, True])
def test_a_list_of_5000_items_is_read(write, ordered: bool) -> None:
    items = "".join(f"{i}. item\n" if ordered else f"- item {i}\n" for i in range(1, 5001))
    essay = parse_essay(write("e.md", items))
    assert essay.paragraphs[0].text.count("\n") == 4999


def test_heading_marks_and_marked_sections_are_linear(write) -> None:
    started = time.monotonic()
    assert heading_mark("a" + " " * 120000 + "b") is None
    assert heading_mark("Avant {.reminiscence}") == "reminiscence"
    assert heading_mark("Titre {#id .argument}") == "argument"
    text = "".join(f"## H{i} {{.argument}}\n\nText {i}.\n\n" for i in range(20000))
    essay = parse_essay(write("e.md", text))
    marked = essay.marked_sections()
    assert len(marked) == 20000 and time.monotonic() - started < 10


def test_the_essay_repr_is_one_short_line(write) -> None:
    essay = parse_essay(write("e.md", BODY * 100))
    assert len(repr(essay)) < 200


# --------------------------------------------------------------------------- HTML and sites


def test_raw_html_is_its_text() -> None:
    source = (
        '<div><p>Un <a href="https://a.b/c">lien</a> &amp; <del>barré</del> <ins>ajouté</ins> '
        '<abbr title="x">HTML</abbr> <mark>marqué</mark><br>suite <img alt="Un chat" src="c.png">'
        "</p><script>alert(1)</script><style>p{}</style><svg><path d='M1 2'/><text>no</text></svg>"
        '<iframe src="https://evil.example/"></iframe></div>'
    )
    text = "\n".join("".join(r.text for r in line.runs) for line in html_lines(source))
    assert text == (
        "Un lien & barré ajouté HTML marqué\nsuite [Un chat]\n[Embedded content: https://evil.example/]"
    )


def test_embeds_become_one_line_naming_them() -> None:
    tweet = (
        '<blockquote class="twitter-tweet"><p>t</p>&mdash; X '
        '<a href="https://twitter.com/x/status/1">d</a></blockquote>'
    )
    lines = html_lines(tweet + '<iframe src="https://www.youtube.com/embed/abc"></iframe>')
    texts = ["".join(r.text for r in line.runs) for line in lines]
    assert texts == [
        "[Embedded tweet: https://twitter.com/x/status/1]",
        "[Embedded video: https://www.youtube.com/embed/abc]",
    ]


def test_link_targets_are_printable_and_never_scripts() -> None:
    assert safe_href("https://a.b/é x") == "https://a.b/%C3%A9%20x"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("https://a\x1b]2;x") is None


def test_static_site_syntax_is_not_shown() -> None:
    parser = parse_markdown(
        "{% include head.html %}\n\nText {{ site.name }} with ==mark== and a note[^1].{: .lead}\n\n"
        "{{< youtube abc123 >}}\n\n::: warning\nInside.\n:::\n\nTerm\n: Definition.\n\n"
        "{% highlight python %}\nprint(1)\n\n{% endhighlight %}\n\n[^1]: Note.\n"
    )
    texts = [p.text for p in parser.paragraphs]
    assert texts[0] == "Text with mark and a note¹."
    assert texts[1] == "[Embedded video: https://www.youtube.com/watch?v=abc123]"
    assert "Inside." in texts and "Term\nDefinition." in texts
    assert "print(1)" in texts[texts.index("Term\nDefinition.") + 1]
    assert texts[-1] == "Note."
    assert not any("{%" in t or "{{" in t or ":::" in t for t in texts)


def test_thirty_shortcodes_are_linear() -> None:
    started = time.monotonic()
    assert strip_templates("{{% note %}}" * 30 + " and then some text.") == [
        ("and then some text.", None)
    ]
    strip_templates("{{ {% {{< {: " * 50000)
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------------- formats


def test_restructuredtext_is_read_without_reading_other_files(write) -> None:
    path = write(
        "e.rst",
        "=====\nTitle\n=====\n\n:Author: Ann\n\nText with *em* and a `link <https://a.b>`_.\n\n"
        ".. include:: /etc/passwd\n\n.. raw:: html\n\n   <b>RAW</b>\n\n- a\n- b\n",
    )
    essay = parse_essay(path)
    assert essay.title == "Title" and essay.author == "Ann"
    texts = essay.texts()
    assert texts[0] == "Text with em and a link."
    assert "root:" not in " ".join(texts) and "RAW" not in " ".join(texts)
    assert texts[-1] == "a\nb"


def test_a_saved_web_page_gives_its_main_text(write) -> None:
    page = (
        "<!doctype html><html><head><title>Ma page</title><script>x()</script></head><body>"
        "<nav>Accueil Contact</nav><article><h1>Ma page</h1><p>"
        + "Il fut une époque où le web était petit, et je m'en souviens très bien. "
        * 4
        + '</p><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/9">d</a>'
        "</blockquote><p>"
        + "Aujourd'hui, je pense qu'il faut le dire et le redire encore une fois. " * 3
        + "</p></article><footer>Mentions légales © 2010</footer></body></html>"
    )
    essay = parse_essay(write("page.html", page))
    assert "date" not in essay.meta  # a copyright year is not a day the page was written
    text = " ".join(essay.texts())
    assert essay.title == "Ma page"
    assert "Il fut une époque" in text and "x()" not in text
    assert "[Embedded tweet: https://twitter.com/a/status/9]" in text


def test_notes_are_called_by_their_sign_in_markdown_and_rst(write) -> None:
    md = parse_essay(
        write("n.md", "Un texte[^1] et[^note].\n\n[^1]: Première.\n\n[^note]: Seconde.\n")
    )
    assert md.texts() == ["Un texte¹ et[note].", "Première.", "Seconde."]
    assert [p.pieces[0].bullet for p in md.paragraphs[1:]] == ["¹", "[note]"]
    rst = parse_essay(write("n.rst", "Un texte [#]_.\n\n.. [#] La note.\n"))
    assert rst.texts()[0] == "Un texte ¹." and rst.paragraphs[-1].pieces[0].bullet == "¹"


def test_a_web_page_keeps_the_date_it_states(write) -> None:
    page = (
        '<html><head><meta property="article:published_time" content="2009-05-14T10:00:00">'
        "<title>T</title></head><body><article><h1>T</h1><p>"
        + "Il fut une époque où le web était petit, et je m'en souviens très bien. " * 4
        + "</p></article></body></html>"
    )
    assert parse_essay(write("daté.html", page)).meta.get("date", "").startswith("2009-05-14")


def test_a_text_file_title_is_its_first_line(write) -> None:
    essay = parse_essay(write("mon-fichier.txt", "Mon titre\n\n" + BODY))
    assert essay.title == "Mon titre"
    assert essay.paragraphs[0].text.startswith("Il fut")
    plain = parse_essay(write("lignes.txt", "Une phrase.\nUne autre.\n"))
    assert plain.title == "lignes" and len(plain.paragraphs) == 2


def test_standard_input_is_read(monkeypatch) -> None:
    data = b"# Depuis un tube\n\nIl fut une epoque.\n"
    assert read_stdin(io.BytesIO(data)) == data
    essay = open_essay(Path("-"), data=data)
    assert essay.title == "Depuis un tube" and essay.path == Path("-")


# --------------------------------------------------------------------------- widths, languages, links


def test_cell_widths_of_joined_emoji_and_zero_width_characters() -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"
    assert cell_len(family) == 2
    assert cell_len("a\u200bb") == 2
    assert cell_len("\u2764\ufe0f") == 2
    assert cell_len("e\u0301") == 1
    assert [cells for _, cells in clusters(family + "x")] == [2, 1]


@pytest.mark.parametrize(
    "text",
    [
        "La casa de mi padre es muy grande y tiene un jardín donde jugábamos cuando éramos niños.",
        "Quando ero bambino, la casa di mio nonno era piena di libri e non c'era mai silenzio.",
        "Quando eu era criança, a casa do meu avô não tinha televisão, mas tinha muitos livros.",
        "Als ich ein Kind war, hatte das Haus meines Großvaters keinen Fernseher, aber Bücher.",
    ],
)
def test_other_languages_are_unknown(text: str) -> None:
    assert detect_language(text) == "unknown"


def test_print_numbers_links_and_lists_their_targets(write) -> None:
    essay = open_essay(write("e.md", "Voir [le site](https://example.org/a) et [ici](#sec).\n"))
    lines = plain_lines(essay, 60)
    assert "Voir le site[1] et ici[2]." in lines
    assert "  [1] https://example.org/a" in lines and "  [2] #sec" in lines


def test_print_width_is_clamped(write) -> None:
    code, out, _ = run("print", "--width", "1000000000", write("e.md", BODY))
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 1000
