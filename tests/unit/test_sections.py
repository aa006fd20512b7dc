"""The automatic split into reminiscence / argument / transition sections.

The main check runs the splitter over short essays written for these tests
(``tests/data/sections``), each with a careful reader's label per paragraph, and
measures the agreement on paragraphs labelled reminiscence or argument.  The
essays in ``heldout*/`` were written after the tuning of the rules (in batches)
and are reported separately; each batch was measured before the rules were
changed again (``heldout5`` was written and measured after the last change and
never tuned on).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from lecteur.language import detect_language
from lecteur.sections import KINDS, Evidence, Fixed, Section, explain, split_sections

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "sections"
BUNDLED = ROOT / "essays" / "community-manager.md"
SETS = {
    "tuned": sorted(DATA.glob("*.md")),
    "heldout": sorted((DATA / "heldout").glob("*.md")),
    "heldout2": sorted((DATA / "heldout2").glob("*.md")),
    "heldout3": sorted((DATA / "heldout3").glob("*.md")),
    "heldout4": sorted((DATA / "heldout4").glob("*.md")),
    "heldout5": sorted((DATA / "heldout5").glob("*.md")),
}
ALL_LABELLED = [p for paths in SETS.values() for p in paths]
R, A, T = KINDS


# --------------------------------------------------------------------------- loading


class Doc:
    def __init__(
        self, texts: list[str], headings: list[str | None], kinds: list[str], language: str
    ) -> None:
        self.texts, self.headings, self.kinds, self.language = texts, headings, kinds, language

    def split(self, fixed: Sequence[Fixed] = ()) -> list[Section]:
        return split_sections(
            self.texts, language=self.language, headings=self.headings,
            block_kinds=self.kinds, fixed=fixed,
        )

    def explain(self, fixed: Sequence[Fixed] = ()) -> list[Evidence]:
        return explain(
            self.texts, language=self.language, headings=self.headings,
            block_kinds=self.kinds, fixed=fixed,
        )


def load(path: Path) -> Doc:
    """Paragraphs as the app numbers them (``lecteur.essay``), else a local helper."""
    try:
        from lecteur.essay import parse_essay
    except ImportError:  # pragma: no cover - before the essay model existed
        return _load_with_markdown_it(path)
    essay = parse_essay(path)
    return Doc(essay.texts(), essay.headings_for_paragraphs(), essay.block_kinds(), essay.language)


_FRONT = re.compile(r"\A(?:---\s*\n.*?\n---|\+\+\+\s*\n.*?\n\+\+\+)\s*(?:\n|\Z)", re.S)


def _load_with_markdown_it(path: Path) -> Doc:  # pragma: no cover - fallback only
    from markdown_it import MarkdownIt

    def inline(tok) -> str:  # type: ignore[no-untyped-def]
        out = []
        for ch in tok.children or []:
            if ch.type in ("text", "code_inline", "image"):
                out.append(ch.content)
            elif ch.type == "softbreak":
                out.append(" ")
            elif ch.type == "hardbreak":
                out.append("\n")
        return "".join(out)

    tokens = MarkdownIt("commonmark").parse(_FRONT.sub("", path.read_text("utf-8"), count=1))
    texts: list[str] = []
    heads: list[str | None] = []
    kinds: list[str] = []
    heading = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            heading = inline(tokens[i + 1]).strip()
            i += 3
            continue
        opens = ("paragraph_open", "blockquote_open", "bullet_list_open", "ordered_list_open")
        if t.level == 0 and t.type in opens:
            close, depth, j, parts = t.type.replace("_open", "_close"), 0, i, []
            while True:
                tj = tokens[j]
                if tj.type == t.type:
                    depth += 1
                elif tj.type == close:
                    depth -= 1
                    if depth == 0:
                        break
                elif tj.type == "inline":
                    parts.append(inline(tj))
                j += 1
            texts.append("\n".join(parts))
            heads.append(heading)
            kinds.append({"paragraph_open": "text", "blockquote_open": "quote"}.get(t.type, "list"))
            i = j + 1
            continue
        if t.level == 0 and t.type in ("fence", "code_block", "html_block"):
            texts.append(t.content.rstrip("\n"))
            heads.append(heading)
            kinds.append("html" if t.type == "html_block" else "code")
        i += 1
    return Doc(texts, heads, kinds, detect_language(" ".join(texts)))


def labels(path: Path) -> list[str]:
    data = json.loads(path.with_name(path.stem + ".labels.json").read_text(encoding="utf-8"))
    return list(data["labels"])


def kinds_per_paragraph(sections: Sequence[Section], n: int) -> list[str]:
    out = [""] * n
    for s in sections:
        for i in range(s.first, s.last + 1):
            out[i] = s.kind
    return out


def index_of(doc: Doc, start: str) -> int:
    return next(i for i, t in enumerate(doc.texts) if t.startswith(start))


# --------------------------------------------------------------------------- agreement


def agreement(paths: Sequence[Path]) -> tuple[int, int, list[str]]:
    ok = total = 0
    misses: list[str] = []
    for path in paths:
        doc = load(path)
        got = kinds_per_paragraph(doc.split(), len(doc.texts))
        for i, (want, have) in enumerate(zip(labels(path), got)):
            if want == T:
                continue
            total += 1
            if want == have:
                ok += 1
            else:
                misses.append(f"{path.parent.name}/{path.stem} ¶{i}: {want} → {have}")
    return ok, total, misses


def test_agreement_on_labelled_essays(capsys: pytest.CaptureFixture[str]) -> None:
    ok_all = total_all = 0
    lines = []
    for name, paths in SETS.items():
        ok, total, misses = agreement(paths)
        ok_all += ok
        total_all += total
        lines.append(f"  {name:9s} {ok:3d}/{total:3d} = {ok / total:.3f}  ({len(paths)} essays)")
        lines.extend(f"      miss {m}" for m in misses)
    score = ok_all / total_all
    with capsys.disabled():
        print("\nsection agreement (paragraphs labelled reminiscence or argument):")
        print("\n".join(lines))
        print(f"  all       {ok_all:3d}/{total_all:3d} = {score:.3f}")
    assert score >= 0.90


def test_labelled_essays_are_well_formed() -> None:
    assert len(SETS["tuned"]) >= 10
    languages = [load(p).language for p in ALL_LABELLED]
    assert languages.count("fr") >= 5 and languages.count("en") >= 3
    for path in ALL_LABELLED:
        doc = load(path)
        want = labels(path)
        assert len(want) == len(doc.texts), path.name
        assert set(want) <= set(KINDS), path.name
        assert 2 <= len(want) <= 25, path.name


# --------------------------------------------------------------------------- the bundled essay


def test_bundled_essay_split() -> None:
    doc = load(BUNDLED)
    assert doc.language == "fr"
    got = kinds_per_paragraph(doc.split(), len(doc.texts))
    first_memory = index_of(doc, "Il fut une époque")
    last_memory = index_of(doc, "Cette fois ce sont les gens qui ont grandi avec le net")
    not_historian = index_of(doc, "Je ne suis pas historien du net")
    tombe_bien = index_of(doc, "Ca tombe bien")
    argument = index_of(doc, "Ayant évolué")
    assert (first_memory, not_historian, tombe_bien) == (1, last_memory + 1, last_memory + 2)
    assert got[0] in (T, R)
    assert got[first_memory : last_memory + 1] == [R] * (last_memory + 1 - first_memory)
    assert got[not_historian] in (T, A) and got[tombe_bien] in (T, A)
    assert argument == tombe_bien + 1
    assert got[argument:] == [A] * (len(got) - argument)


def test_bundled_essay_explanations() -> None:
    doc = load(BUNDLED)
    evidence = doc.explain()
    first = evidence[index_of(doc, "Il fut une époque")]
    assert first.kind == R
    assert '"Il fut une époque"' in first.reasons
    assert any(r.startswith("imparfait") for r in first.reasons)
    non = evidence[index_of(doc, "NON on ne se proclame")]
    assert non.kind == A and "emphatic NON" in non.reasons
    pivot = evidence[index_of(doc, "Je ne suis pas historien")]
    assert any("Je vais m" in r for r in pivot.reasons)


# --------------------------------------------------------------------------- hard cases


def essay(name: str) -> tuple[Doc, list[str]]:
    doc = load(DATA / f"{name}.md")
    return doc, kinds_per_paragraph(doc.split(), len(doc.texts))


def test_two_paragraph_essay() -> None:
    doc, got = essay("notes-a-la-main")
    assert len(doc.texts) == 2
    assert got == [R, A]


def test_historical_present_is_reminiscence() -> None:
    doc, got = essay("le-modem")  # "On est en 1997. Les connexions sont limitées…"
    assert got[1:4] == [R, R, R]
    assert got[5:] == [A, A, A]
    reasons = doc.explain()[1].reasons
    assert "présent de narration" in reasons


def test_headings_announce_the_kind_and_title_the_sections() -> None:
    doc, got = essay("carnet-adresses")
    sections = doc.split()
    assert [(s.kind, s.title) for s in sections] == [(R, "Avant"), (A, "Et maintenant")]
    assert 'heading "Avant"' in doc.explain()[0].reasons
    doc, got = essay("photo-album")  # "Back then" / "Now", with a raw HTML figure
    assert [(s.kind, s.title) for s in doc.split()] == [(R, "Back then"), (A, "Now")]


def test_argument_memories_argument() -> None:
    _, got = essay("forums")
    assert got == [A, A, A, R, R, R, A, A]


def test_alternating_sections() -> None:
    doc, got = essay("atelier")
    assert got == [R, R, A, A, R, R, A, A]
    assert [s.kind for s in doc.split()] == [R, A, R, A]


def test_one_past_example_does_not_cut_an_argument() -> None:
    texts = [
        "Il faut repenser la manière dont nous travaillons. Les bureaux ouverts ne favorisent pas"
        " la collaboration : ils la rendent bruyante.",
        "Je pense que chacun devrait pouvoir fermer une porte quand il a besoin de réfléchir.",
        "L'an dernier, une entreprise de Lyon a essayé : elle installa des cloisons, et les"
        " salariés retrouvèrent le calme. Les absences diminuèrent de moitié.",
        "Voilà pourquoi nous devons exiger des espaces calmes. Ce n'est pas un luxe, c'est une"
        " condition du travail bien fait.",
    ]
    got = kinds_per_paragraph(split_sections(texts, language="fr"), len(texts))
    assert got == [A, A, A, A]


def test_a_real_return_to_memories_makes_its_own_section() -> None:
    doc, got = essay("open-plan")
    assert got == [A, A, R, R, R, A, A]


def test_non_prose_paragraphs_follow_their_neighbours() -> None:
    doc, got = essay("photo-album")
    assert doc.kinds[2] == "html" and got[2] == R
    doc, got = essay("veille-rss")
    # The parser turns the tweet shortcode into a line naming the embed and its link.
    shortcode = index_of(doc, "[Embedded tweet")
    assert got[shortcode] == A
    assert any(r.startswith("non-prose") for r in doc.explain()[shortcode].reasons)
    assert doc.kinds[1] == "list" and got[1] == R  # a list inside the memories
    assert doc.kinds[6] == "list" and got[6] == A  # a link list inside the argument


def test_announced_pivots_are_short_transitions() -> None:
    doc, got = essay("premier-blog")
    pivot = index_of(doc, "Mais assez de nostalgie")
    assert got[pivot] == T
    assert "pivot annoncé" in doc.explain()[pivot].reasons
    doc, got = essay("library-dialup")
    assert got[index_of(doc, "Today, though")] == T


def test_front_matter_is_not_a_paragraph() -> None:
    for name in ("le-modem", "veille-rss"):  # YAML
        doc = load(DATA / f"{name}.md")
        assert not any(t.startswith(("title:", "---")) for t in doc.texts)
    doc = load(DATA / "carnet-adresses.md")  # TOML
    assert not any(t.startswith(("title =", "+++")) for t in doc.texts)


# --------------------------------------------------------------------------- invariants


def check_sections(sections: Sequence[Section], n: int, headings: Sequence[str | None]) -> None:
    assert sections, "no sections for a non-empty text"
    assert sections[0].first == 0 and sections[-1].last == n - 1
    for a, b in zip(sections, sections[1:]):
        assert b.first == a.last + 1
    for s in sections:
        assert s.first <= s.last and s.kind in KINDS
    auto = [s for s in sections if not s.explicit]
    for a, b in zip(auto, auto[1:]):
        if b.first == a.last + 1 and a.kind == b.kind:
            assert headings[a.last] != headings[b.first], "same kind twice in a row"
    for k, s in enumerate(sections):
        if s.kind == T and not s.explicit:
            assert s.last - s.first + 1 <= 2, "transitions are short"
            before = next((x.kind for x in reversed(sections[:k]) if x.kind != T), None)
            after = next((x.kind for x in sections[k + 1 :] if x.kind != T), None)
            assert before is None or after is None or before != after


@pytest.mark.parametrize("path", ALL_LABELLED + [BUNDLED], ids=lambda p: p.stem)
def test_sections_cover_every_paragraph_once(path: Path) -> None:
    doc = load(path)
    check_sections(doc.split(), len(doc.texts), doc.headings)


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.mark.parametrize("path", ALL_LABELLED + [BUNDLED], ids=lambda p: p.stem)
def test_titles_are_phrases_from_the_text(path: Path) -> None:
    doc = load(path)
    for s in doc.split():
        assert s.title.strip() and len(s.title) <= 41
        assert not re.fullmatch(r"(?i)section\s*\d+", s.title)
        phrase = normalise(s.title.rstrip("…"))
        sources = [doc.headings[s.first] or ""] + doc.texts[s.first : s.last + 1]
        assert any(phrase in normalise(src) for src in sources), (s.title, path.name)
        if s.title.endswith("…"):
            assert not s.title[:-1].endswith(" ")


def test_long_openings_are_cut_at_a_word_boundary() -> None:
    text = "Il fut une époque, où, pour la première fois, j'installais ICQ sur l'ordinateur familial."
    title = split_sections([text], language="fr")[0].title
    assert title.endswith("…") and len(title) <= 40
    assert text.startswith(title[:-1])
    assert text[len(title) - 1] in " ,"


def test_explain_matches_the_split() -> None:
    for path in ALL_LABELLED + [BUNDLED]:
        doc = load(path)
        sections = doc.split()
        evidence = doc.explain()
        assert [e.index for e in evidence] == list(range(len(doc.texts)))
        assert [e.kind for e in evidence] == kinds_per_paragraph(sections, len(doc.texts))
        for e in evidence:
            assert set(e.scores) == set(KINDS)
            assert e.describe().startswith(f"¶{e.index} {e.kind}: ")
            assert all(isinstance(r, str) and r for r in e.reasons)


def test_explanations_are_short_human_strings() -> None:
    doc, _ = essay("carnet-adresses")
    assert doc.explain()[0].describe() == '¶0 reminiscence: imparfait ×5, heading "Avant"'
    doc, _ = essay("library-dialup")
    first = doc.explain()[0]
    assert '"I used to"' in first.reasons and "habitual would" in first.reasons
    doc, _ = essay("atelier")
    assert "ne … plus" in doc.explain()[2].reasons
    doc, _ = essay("carnet-adresses")
    last = doc.explain()[5]
    assert "question" in last.reasons and any(r.startswith("impératif") for r in last.reasons)


# --------------------------------------------------------------------------- explicit marks


def test_fixed_ranges_are_kept_and_the_rest_is_split() -> None:
    doc, auto = essay("atelier")  # automatic: R R A A R R A A
    fixed = [Fixed(2, 3, R, "Mon atelier à moi")]
    sections = doc.split(fixed)
    check_sections(sections, len(doc.texts), doc.headings)
    marked = [s for s in sections if s.explicit]
    assert marked == [Section(R, "Mon atelier à moi", 2, 3, explicit=True)]
    got = kinds_per_paragraph(sections, len(doc.texts))
    assert got[:2] == auto[:2] and got[4:] == auto[4:]
    # Two explicit sections of the same kind side by side stay apart.
    both = doc.split([Fixed(0, 1, A, "Un"), Fixed(2, 3, A, "Deux")])
    assert [(s.title, s.first, s.last) for s in both if s.explicit] == [("Un", 0, 1), ("Deux", 2, 3)]


def test_fixed_ranges_covering_everything() -> None:
    doc, _ = essay("forums")
    n = len(doc.texts)
    sections = doc.split([Fixed(0, n - 1, T, "Tout")])
    assert sections == [Section(T, "Tout", 0, n - 1, explicit=True)]
    evidence = doc.explain([Fixed(0, n - 1, T, "Tout")])
    assert all(e.kind == T and e.reasons[0] == "explicit mark" for e in evidence)


def test_fixed_range_without_a_title_gets_one_from_the_text() -> None:
    doc, _ = essay("forums")
    sections = doc.split([Fixed(3, 5, R, "")])
    marked = next(s for s in sections if s.explicit)
    assert marked.title == "Je me souviens pourtant des forums de…"


def test_fixed_ranges_are_validated() -> None:
    texts = ["Il faut agir.", "Je me souviens de tout.", "Nous devons changer."]
    with pytest.raises(ValueError):
        split_sections(texts, language="fr", fixed=[Fixed(0, 0, "digression", "x")])
    # Out of range: clipped; overlapping: the later start cuts the earlier range.
    sections = split_sections(
        texts, language="fr", fixed=[Fixed(1, 9, R, "Souvenir"), Fixed(0, 1, A, "Thèse")]
    )
    assert [(s.kind, s.first, s.last, s.explicit) for s in sections] == [
        (A, 0, 0, True),
        (R, 1, 2, True),
    ]


# --------------------------------------------------------------------------- edge cases


def test_empty_input() -> None:
    assert split_sections([], language="fr") == []
    assert explain([], language="en") == []


def test_single_paragraph_is_not_a_transition() -> None:
    sections = split_sections(["Pour commencer, un mot."], language="fr")
    assert len(sections) == 1 and sections[0].kind != T


def test_missing_metadata_and_unknown_language() -> None:
    texts = ["Back then I walked to school.", "Today children are driven everywhere."]
    for language in ("en", "de", ""):
        sections = split_sections(texts, language=language)
        check_sections(sections, 2, [None, None])


def test_odd_paragraphs_do_not_break_anything() -> None:
    texts = [
        "",
        "   \n  ",
        "… — ?!",
        "Un paragraphe avec un\x00caractère nul, un \x00 seul, des | barres | et des \x1e séparateurs.",
        "😀 🎉 " * 20,
        "a" * 5000,
        "http://example.org/a http://example.org/b",
        "{{< youtube abc123 >}}",
        "<div>\n<p>du HTML</p>\n</div>",
        "Il était une fois, en 1997, un enfant qui se souvenait de tout.",
    ]
    kinds = ["text", "text", "text", "text", "text", "text", "list", "text", "html", "quote"]
    for language in ("fr", "en"):
        sections = split_sections(texts, language=language, block_kinds=kinds)
        check_sections(sections, len(texts), [None] * len(texts))
        evidence = explain(texts, language=language, block_kinds=kinds)
        assert len(evidence) == len(texts)


def test_headings_split_sections_of_the_same_kind() -> None:
    texts = [
        "Il faut agir maintenant.",
        "Nous devons changer nos habitudes.",
        "Je pense que chacun peut le faire.",
        "Il faut aussi en parler autour de soi.",
    ]
    heads = ["Pourquoi", "Pourquoi", "Comment", "Comment"]
    sections = split_sections(texts, language="fr", headings=heads)
    assert [(s.kind, s.title, s.first, s.last) for s in sections] == [
        (A, "Pourquoi", 0, 1),
        (A, "Comment", 2, 3),
    ]


# --------------------------------------------------------------------------- robustness round 2


def _kinds(texts: list[str], language: str = "fr", **kw: object) -> list[str]:
    return kinds_per_paragraph(split_sections(texts, language=language, **kw), len(texts))


def test_an_anecdote_announced_as_an_example_serves_the_argument() -> None:
    texts = [
        "Les open spaces ne favorisent pas la collaboration. Il faut arrêter de les imposer.",
        "Un exemple. En 2014, je travaillais dans une agence à Nantes. Nous étions quarante"
        " dans un plateau, les téléphones sonnaient sans arrêt et personne n'arrivait à se"
        " concentrer plus de dix minutes.",
        "Un jour, la direction a loué un deuxième étage. La moitié de l'équipe a déménagé"
        " dans des bureaux fermés, et les projets ont avancé deux fois plus vite.",
        "Ce que montre cette histoire, c'est que le calme n'est pas un luxe. Nous devons"
        " l'exiger.",
    ]
    assert _kinds(texts) == [A, A, A, A]
    assert "exemple" in explain(texts, language="fr")[2].reasons
    # The same memories without the announcement make their own section.
    texts[1] = texts[1].removeprefix("Un exemple. ")
    texts[1] = "Je me souviens de cette agence. " + texts[1]
    assert _kinds(texts)[1:3] == [R, R]


def test_a_year_opening_a_personal_paragraph_frames_a_historical_present() -> None:
    texts = [
        "Je crois que nous avons perdu quelque chose avec les smartphones. On ne s'ennuie"
        " plus jamais.",
        "En 1998, j'ai quinze ans et je découvre Internet au CDI du lycée. La documentaliste"
        " nous surveille de loin, on a droit à une demi-heure chacun.",
        "Je tape des adresses au hasard, je lis tout ce qui passe. Les pages mettent une"
        " éternité à s'afficher, mais je m'en fiche.",
        "Aujourd'hui mes élèves ont Internet dans la poche. Il faut leur apprendre à"
        " s'ennuyer un peu, et je pense que l'école peut le faire.",
    ]
    assert _kinds(texts) == [A, R, R, A]
    assert "présent de narration" in explain(texts, language="fr")[1].reasons
    english = [
        "Kids today never get lost, and I think that's a loss.",
        "In 1994, I'm twelve and my parents let me take the bus downtown alone. I have a"
        " paper map, two quarters for the payphone, and no idea where I'm going.",
        "I get off at the wrong stop, of course. I walk for an hour, ask a mailman for"
        " directions, and find the library just before it closes.",
        "These days my daughter has a phone that tracks her every step. We should let kids"
        " get a little lost sometimes.",
    ]
    assert _kinds(english, "en") == [A, R, R, A]


def test_a_future_inside_a_historical_present_keeps_the_frame() -> None:
    texts = [
        "Nous sommes en 1998. Je rentre du lycée et j'allume le modem. Il siffle, puis se tait.",
        "Sur le chat, je parle à une fille de Nantes qui aime Radiohead. On ne se verra"
        " jamais. Je ne connais même pas son vrai prénom.",
        "Je pense que cet anonymat nous protégeait. Les adolescents d'aujourd'hui n'ont plus"
        " ce droit à l'erreur, et il faut le leur rendre.",
    ]
    assert _kinds(texts) == [R, R, A]


def test_imperatives_and_questions_amid_past_narration_are_part_of_the_story() -> None:
    texts = [
        "The problem with chat apps today is that nobody reads anything before asking.",
        "I got my first shell account in 1994. I lurked on Usenet for weeks and read every"
        " thread before I posted anything.",
        "There were rules, and you learned them the hard way. Don't paste more than three"
        " lines. Don't ask to ask. I got kicked from a channel twice in my first month, and"
        " you know what? I deserved it both times.",
        "Was it elitist? Sure it was. Half the regulars were insufferable. But it worked.",
        "You should lurk before you post. Search first, and write the answers down.",
    ]
    assert _kinds(texts, "en")[1:4] == [R, R, R]
    reasons = explain(texts, language="en")[2].reasons
    assert "reported imperative" in reasons and "imperative" not in " ".join(
        r for r in reasons if r != "reported imperative"
    )


def test_si_with_the_imparfait_is_a_habit_unless_a_conditional_follows() -> None:
    habit = ["Le dimanche soir, si tu ratais le film, tu en entendais parler toute la semaine"
             " à la récré."]
    hypothesis = ["Si on supprimait les réunions, on gagnerait un temps fou."]
    assert explain(habit, language="fr")[0].kind == R
    assert explain(hypothesis, language="fr")[0].kind == A
    reasons = explain(hypothesis, language="fr")[0].reasons
    assert any(r.startswith("hypothèse") for r in reasons)


def test_futur_proche_with_a_negation() -> None:
    reasons = explain(["Je ne vais pas regretter les engueulades dans la voiture."],
                      language="fr")[0].reasons
    assert "futur" in reasons


def test_participles_without_a_subject_are_not_a_passe_simple() -> None:
    reasons = explain(["Plus de cinquante millions de morceaux, partis avec une migration"
                       " ratée."], language="fr")[0].reasons
    assert not any(r.startswith("passé simple") for r in reasons)
    reasons = explain(["Il prit son manteau et partit sans un mot."], language="fr")[0].reasons
    assert any(r.startswith("passé simple") for r in reasons)


def _strip_accents(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def test_french_typed_without_accents_reads_like_accented_french() -> None:
    same = total = 0
    for path in ALL_LABELLED:
        doc = load(path)
        if doc.language != "fr":
            continue
        accented = kinds_per_paragraph(doc.split(), len(doc.texts))
        plain = _kinds([_strip_accents(t) for t in doc.texts], "fr", headings=doc.headings,
                       block_kinds=doc.kinds)
        same += sum(a == b for a, b in zip(accented, plain))
        total += len(accented)
    assert same >= 0.95 * total
    texts = ["A l'epoque, j'avais 17 ans et je passais mes soirees sur les forums. C'etait"
             " deja toute ma vie, et ma mere a fini par couper le modem."]
    evidence = explain(texts, language="fr")[0]
    assert evidence.kind == R and '"A l\'epoque"' in evidence.reasons
    assert any(r.startswith("passé composé") for r in evidence.reasons)


def test_a_one_paragraph_thesis_before_the_memories_is_not_an_intro() -> None:
    texts = [
        "Kids today never get lost, and I think that's a loss.",
        "When I was ten, I used to ride my bike across town alone. I got lost every week"
        " and always found my way home.",
        "We should let our children do the same.",
    ]
    assert _kinds(texts, "en") == [A, R, A]
