"""The matching cases of the glossary review (§3.1 wrong matches, §3.2 matching problems),
each as a test: first on small entries (the engine), then on the shipped glossary (the
data: guards and aliases)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pytest

from lecteur.essay import parse_essay
from lecteur.glossary import (
    Entry,
    Glossary,
    Matcher,
    find_in_essay,
    load_glossary,
)
from lecteur.library import glossary_paths, shipped_glossaries


def entry(
    id_: str,
    *patterns: str,
    cs: bool = False,
    context: tuple[str, ...] = (),
    guard_phrases: bool = False,
) -> Entry:
    return Entry(
        id=id_,
        term=patterns[0],
        patterns=patterns,
        case_sensitive=cs,
        kind="concept",
        years="?",
        definition=MappingProxyType({"fr": "d", "en": "d"}),
        note=MappingProxyType({}),
        see=(),
        sources=(),
        file="<test>",
        line=0,
        context=context,
        guard_phrases=guard_phrases,
    )


def find(texts: list[str], *entries: Entry, prose: int = 0) -> list[tuple[str, str]]:
    """(entry id, matched text) after checking every offset is the exact slice."""
    glossary = Glossary(MappingProxyType({e.id: e for e in entries}))
    found = Matcher(glossary).find(texts, prose=prose)
    for occ in found:
        assert texts[occ.paragraph][occ.start : occ.end] == occ.text, occ
    return [(o.entry_id, o.text) for o in found]


# --------------------------------------------------------------------------- §3.2, engine


class TestNumber:
    @pytest.mark.parametrize("text", ["un blog", "Le blog associé", "des blogs"])
    def test_a_plural_pattern_finds_the_singular(self, text: str) -> None:
        assert find([text], entry("blog", "blogs")) == [("blog", text.split()[-1])] or find(
            [text], entry("blog", "blogs")
        ) == [("blog", "blog")]

    def test_a_plural_compound_finds_its_singular(self) -> None:
        regie = entry("regie", "régies publicitaires")
        assert find(["une régie publicitaire"], regie) == [("regie", "régie publicitaire")]

    def test_english_and_french_plurals(self) -> None:
        tweet = entry("tweet", "tweet")
        jeu = entry("jeu", "jeu de rôle")
        assert find(["des tweets et des jeux de rôle"], tweet, jeu) == [
            ("tweet", "tweets"),
            ("jeu", "jeux de rôle"),
        ]

    def test_acronyms_take_only_a_lowercase_s(self) -> None:
        tic = entry("tic", "TIC", cs=True)
        assert find(["LES TICS DE LANGAGE", "les TICs et les TIC"], tic) == [
            ("tic", "TICs"),
            ("tic", "TIC"),
        ]

    def test_names_are_not_singularised(self) -> None:
        assert find(["a window, all new"], entry("w", "Windows"), entry("n", "News")) == []


class TestUnicode:
    @pytest.mark.parametrize("pattern", ["stratégie internet", "école de commerce", "Wikipédia"])
    def test_decomposed_accents(self, pattern: str) -> None:
        nfd = unicodedata.normalize("NFD", f"Une {pattern.upper()} et une {pattern}.")
        found = find([nfd], entry("x", pattern))
        assert len(found) == 2 and all(i == "x" for i, _ in found)

    @pytest.mark.parametrize(
        ("pattern", "text"),
        [
            ("cœur de réseau", "le coeur de réseau"),
            ("coeur de réseau", "le cœur de réseau"),
            ("oeuvre", "une œuvre"),
            ("Œuvre", "une oeuvre"),
            ("ex aequo", "ex æquo"),
        ],
    )
    def test_ligatures(self, pattern: str, text: str) -> None:
        assert [i for i, _ in find([text], entry("x", pattern))] == ["x"]

    @pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "\u02bc", "\u00b4"])
    def test_apostrophes(self, apostrophe: str) -> None:
        icq = entry("icq", "ICQ")
        oubli = entry("oubli", "droit à l'oubli")
        text = f"l{apostrophe}ICQ et le droit à l{apostrophe}oubli"
        assert find([text], icq, oubli) == [
            ("icq", "ICQ"),
            ("oubli", f"droit à l{apostrophe}oubli"),
        ]

    @pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200c", "\u2060"])
    def test_soft_hyphens_and_zero_width_spaces(self, invisible: str) -> None:
        text = f"sur Face{invisible}book, puis Face{invisible}book"
        found = find([text], entry("fb", "Facebook"))
        assert found == [("fb", f"Face{invisible}book")] * 2


class TestSeparators:
    @pytest.mark.parametrize(
        "text",
        ["community-managers", "community managers", "community\u2011manager", "COMMUNITY MANAGER"],
    )
    def test_hyphen_and_space_are_alike(self, text: str) -> None:
        assert find([text], entry("cm", "community manager")) == [("cm", text)]

    @pytest.mark.parametrize(
        "text", ["Over-Blog", "Over Blog", "over\u2011blog", "over\u2010blog", "overblog"]
    )
    def test_a_hyphen_is_optional(self, text: str) -> None:
        assert find([text], entry("ob", "Over-Blog")) == [("ob", text)]

    @pytest.mark.parametrize("text", ["jeu multi-joueurs", "jeux multijoueurs", "jeu multijoueur"])
    def test_optional_hyphen_in_a_compound(self, text: str) -> None:
        assert find([text], entry("j", "jeu multi-joueur")) == [("j", text)]

    @pytest.mark.parametrize("text", ["web2.0", "Web-2.0", "Web 2.0", "web\u00a02.0"])
    def test_a_space_before_a_number_may_go(self, text: str) -> None:
        assert find([text], entry("w", "Web 2.0")) == [("w", text)]


class TestVersions:
    @pytest.mark.parametrize(
        ("pattern", "text"),
        [
            ("phpBB", "phpBB2"),
            ("phpBB", "phpbb3"),
            ("mIRC", "mIRC32"),
            ("GameSpy", "Gamespy3D"),
        ],
    )
    def test_a_version_suffix_belongs_to_the_name(self, pattern: str, text: str) -> None:
        assert find([f"avec {text}."], entry("x", pattern)) == [("x", text)]

    def test_no_version_after_a_pattern_ending_in_a_digit(self) -> None:
        assert find(["web 2.01"], entry("w", "Web 2.0")) == []


class TestWhereNothingMatches:
    def test_urls(self) -> None:
        wiki = entry("wiki", "Wikipedia")
        twitter = entry("tw", "Twitter")
        texts = [
            "voir https://en.wikipedia.org/wiki/Twitter pour en savoir plus",
            "voir en.wikipedia.org/wiki/ICQ et www.twitter.com",
            "Wikipedia (et twitter.com tout court)",
        ]
        assert find(texts, wiki, twitter) == [("wiki", "Wikipedia"), ("tw", "twitter")]

    def test_html_attributes(self) -> None:
        twitter = entry("tw", "Twitter")
        text = '<blockquote class="twitter-tweet">Un tweet sur Twitter</blockquote>'
        assert find([text], twitter) == [("tw", "Twitter")]

    def test_restructuredtext_targets(self) -> None:
        salon = entry("salon", "salons de discussion")
        texts = [".. _salons de discussion: https://example.org/", "les salons de discussion"]
        assert find(texts, salon) == [("salon", "salons de discussion")]

    def test_skipped_ranges(self) -> None:
        icq = entry("icq", "ICQ")
        glossary = Glossary(MappingProxyType({"icq": icq}))
        found = Matcher(glossary).find(["ICQ `ICQ` ICQ"], skip={0: [(4, 9)]})
        assert [o.start for o in found] == [0, 10]


class TestGuards:
    def test_context_words_are_required(self) -> None:
        kali = entry("kali", "Kali", cs=True, context=("IPX", "jeu"))
        texts = [
            "Kali Linux pour tester",
            "Kali, déesse hindoue",
            "Kali émulait l'IPX",
            "Kali et les jeux",
        ]
        assert find(texts, kali) == [("kali", "Kali"), ("kali", "Kali")]

    def test_a_phrase_as_context(self) -> None:
        free = entry("free", "Free", cs=True, context=("Xavier Niel",))
        assert find(["Free, fondé par Xavier Niel", "Free software"], free) == [("free", "Free")]

    def test_the_first_sense_whose_guard_holds_wins(self) -> None:
        messenger = entry("msn-messenger", "MSN", cs=True, context=("Messenger", "wizz"))
        portal = entry("msn-com", "MSN", cs=True, context=("portail", "portal"))
        texts = ["un wizz sur MSN", "le portail MSN", "MSN tout court"]
        assert find(texts, messenger, portal) == [("msn-messenger", "MSN"), ("msn-com", "MSN")]

    def test_a_phrase_is_guarded_when_the_entry_says_so(self) -> None:
        trail = entry("trail", "The Oregon Trail", context=("game", "school"), guard_phrases=True)
        texts = ["Pioneers took The Oregon Trail west.", "At school we played The Oregon Trail."]
        assert find(texts, trail) == [("trail", "The Oregon Trail")]
        unguarded = entry("trail", "The Oregon Trail", context=("game",))
        assert len(find(texts, unguarded)) == 2

    def test_a_short_paragraph_borrows_guard_words_from_its_neighbours(self) -> None:
        mouse = entry("souris", "souris", context=("ordinateur",))
        texts = [
            "Ce que je faisais sur mon ordinateur :",
            "Nettoyer les rouleaux des souris",
            "Ranger le grenier",
        ]
        assert find(texts, mouse, prose=3) == [("souris", "souris")]
        assert find(texts, mouse) == []  # not an essay's paragraphs in order
        # A long paragraph stands on its own.
        long = "Nettoyer les rouleaux des souris, " + "puis ranger le grenier, " * 5
        assert find([texts[0], long, texts[2]], mouse, prose=3) == []
        # Only the next and previous paragraphs lend their words.
        assert find([texts[0], "Ranger.", texts[1]], mouse, prose=3) == []

    def test_one_sense_per_essay(self) -> None:
        forum = entry("forum", "forum", context=("phpBB",))
        texts = ["Mon forum tournait sous phpBB.", "Les gens du forum" + ", et les autres" * 10]
        assert find(texts, forum, prose=2) == [("forum", "forum"), ("forum", "forum")]
        assert find(texts, forum) == [("forum", "forum")]
        # A word never confirmed in the essay stays unmarked.
        roman = ["Le forum romain" + ", et les autres" * 10, "Le forum de Davos" + "." * 130]
        assert find(roman, forum, prose=2) == []

    def test_headings_use_the_next_paragraph_as_context(self, tmp_path: Path) -> None:
        kali = entry("kali", "Kali", cs=True, context=("IPX",))
        path = tmp_path / "e.md"
        path.write_text("# Kali\n\nUn émulateur IPX.\n\n# Kali\n\nUne déesse.\n", encoding="utf-8")
        essay = parse_essay(path)
        matcher = Matcher(Glossary(MappingProxyType({"kali": kali})))
        occurrences, headings = find_in_essay(matcher, essay)
        assert occurrences == []
        assert [(h.block, h.next_paragraph, h.text) for h in headings] == [(0, 0, "Kali")]


def test_essays_skip_code_html_and_link_targets(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_text(
        "# ICQ et mIRC\n\n"
        'J\'avais [ICQ](https://icq.com/mirc) et `mIRC`, et <span title="ICQ">mIRC</span>.\n\n'
        "```\nICQ\n```\n",
        encoding="utf-8",
    )
    essay = parse_essay(path)
    glossary = Glossary(
        MappingProxyType({"icq": entry("icq", "ICQ"), "mirc": entry("mirc", "mIRC")})
    )
    occurrences, headings = find_in_essay(Matcher(glossary), essay)
    texts = essay.texts()
    assert [(o.entry_id, texts[o.paragraph][o.start : o.end]) for o in occurrences] == [
        ("icq", "ICQ"),  # the link text is read, its target is not
        ("mirc", "mIRC"),  # the span's text; not its attribute, not the inline code
    ]
    assert [(h.entry_id, h.text) for h in headings] == [("icq", "ICQ"), ("mirc", "mIRC")]


# --------------------------------------------------------------------------- the data


@cache
def shipped() -> Matcher:
    return Matcher(load_glossary(shipped_glossaries()[:-1]))  # without the bundled essay's


def ids(text: str) -> list[str]:
    return [o.entry_id for o in shipped().find([text])]


@pytest.mark.parametrize(
    "text",
    [
        "Navi, la fée de Zelda, et Navi (Natus Vincere)",
        "Kali Linux, ou Kali, déesse hindoue",
        "le sommet de l'APEC à Singapour",
        "une mygale dans un terrarium",
        "CHANGER SON AVATAR",
        "Avatar : la légende d'Aang",
        "LES TICS DE LANGAGE",
        "the birds twitter at dawn",
        "une fracture du poignet",
        "Et voilà ! Voilà le travail.",
        "free software is free as in freedom",
        "une orange pressée",
    ],
)
def test_the_review_traps_do_not_match(text: str) -> None:
    traps = {"navi", "kali", "apec", "mygale", "avatar", "avatar-forum", "tic", "twitter"}
    traps |= {"fracture", "voila", "free", "orange", "tweet"}
    assert traps.isdisjoint(ids(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on se retrouvait sur irc", "irc"),
        ("J'avais un blogue, puis un weblog", "blog"),
        ("un blogueur", "blog"),
        ("des tweets par milliers sur Twitter", "tweet"),
        ("la bulle Internet", "bulle-internet"),
        ("the dot-com bubble", "bulle-internet"),
        ("un animateur de communauté", "community-manager"),
        ("les salons de discussion de Caramail", "salon-irc"),
        ("le forum phpBB2 du clan", "phpbb"),
        ("Free, le FAI de Xavier Niel, et sa Freebox", "free"),
        ("le portail Voila et son moteur de recherche", "voila"),
        ("un wizz sur MSN Messenger", "msn-messenger"),
    ],
)
def test_the_data_finds_the_review_variants(text: str, expected: str) -> None:
    assert expected in ids(text)


def test_the_bundled_essay_keeps_its_terms_in_their_sense() -> None:
    """The bundled essay's own file adds the film's names, guarded by its context."""
    path = Path(__file__).resolve().parents[2] / "essays" / "community-manager.md"
    essay = parse_essay(path)
    glossary = load_glossary(glossary_paths(path))
    occurrences, _headings = find_in_essay(Matcher(glossary), essay)
    texts = essay.texts()
    found = {(o.entry_id, texts[o.paragraph][o.start : o.end]) for o in occurrences}
    assert {("navi", "navi"), ("avatar", "AVATAR"), ("jake-sully", "Jack Sully")} <= found
    assert {("twitter", "twitter"), ("mygale", "mygale"), ("gandi", "gandi")} <= found
    assert ("tic", "prestataires TIC") in found


def test_forms_with_characters_beyond_latin1_are_found() -> None:
    """ "…", "–", "″" or a Greek word in a form: the search copy writes them one way, the
    form was spelt another, and such a form could never be found."""
    got = find(
        ["La fusion AOL–Time Warner, au format 3″, puis Il était une fois… la Vie : Νενικήκαμεν !"],
        entry("aol-tw", "AOL–Time Warner"),
        entry("trois", "format 3″"),
        entry("vie", "Il était une fois… la Vie"),
        entry("nike", "Νενικήκαμεν"),
        entry("autre", "Νενικήκαμες"),  # same length, another word: not found
    )
    assert [i for i, _ in got] == ["aol-tw", "trois", "vie", "nike"]
