"""Unit tests for lecteur.glossary: matcher, loader and JSON export."""

from __future__ import annotations

import dataclasses
import itertools
import textwrap
from pathlib import Path
from types import MappingProxyType

import pytest

from lecteur.glossary import (
    Entry,
    Glossary,
    GlossaryError,
    Matcher,
    Occurrence,
    glossary_json,
    load_glossary,
    normalise,
)
from lecteur.library import glossary_paths, shipped_glossaries, user_glossary_dir

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def entry(id_: str, *patterns: str, cs: bool = False, term: str | None = None) -> Entry:
    return Entry(
        id=id_,
        term=term or patterns[0],
        patterns=patterns,
        case_sensitive=cs,
        kind="concept",
        years="2000",
        definition=MappingProxyType({"fr": f"déf {id_}", "en": f"def {id_}"}),
        note=MappingProxyType({}),
        see=(),
        sources=(),
        file="<test>",
        line=0,
    )


def glossary(*entries: Entry) -> Glossary:
    return Glossary(MappingProxyType({e.id: e for e in entries}), ("<test>",))


def find(texts: list[str], *entries: Entry) -> list[tuple[str, int, str]]:
    """(entry id, paragraph, matched text), after checking every offset."""
    found = Matcher(glossary(*entries)).find(texts)
    for occ in found:
        assert texts[occ.paragraph][occ.start : occ.end] == occ.text, occ
    return [(o.entry_id, o.paragraph, o.text) for o in found]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


ICQ = entry("icq", "ICQ")
AVATAR = entry("avatar", "AVATAR", "Avatar", cs=True)
TIC = entry("tic", "TIC", cs=True)
INTERNET = entry("internet", "Internet")
MIRC = entry("mirc", "mIRC")
MYGALE = entry("mygale", "mygale")

# ---------------------------------------------------------------------------
# Matcher
# ---------------------------------------------------------------------------


class TestElision:
    @pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
    def test_span_is_the_word_after_the_apostrophe(self, apostrophe: str) -> None:
        text = f"l{apostrophe}ICQ, d{apostrophe}AVATAR et qu{apostrophe}Internet"
        found = Matcher(glossary(ICQ, AVATAR, INTERNET)).find([text])
        assert [(o.entry_id, o.start, o.end, o.text) for o in found] == [
            ("icq", 2, 5, "ICQ"),
            ("avatar", 9, 15, "AVATAR"),
            ("internet", 22, 30, "Internet"),
        ]

    def test_apostrophes_inside_a_pattern_are_interchangeable(self) -> None:
        today = entry("today", "aujourd'hui")
        assert find(["aujourd’hui et aujourd'hui"], today) == [
            ("today", 0, "aujourd’hui"),
            ("today", 0, "aujourd'hui"),
        ]


class TestPlurals:
    def test_english_plural_of_the_last_word(self) -> None:
        cm = entry("cm", "community manager")
        blog = entry("blog", "blog")
        assert find(["des community managers et des blogs"], cm, blog) == [
            ("cm", 0, "community managers"),
            ("blog", 0, "blogs"),
        ]

    def test_french_x_plurals_and_first_word_plurals(self) -> None:
        reseau = entry("reseau", "réseau social")
        journal = entry("journal", "journal")
        regie = entry("regie", "régie publicitaire")
        text = "les réseaux sociaux, des journaux, des régies publicitaires"
        assert find([text], reseau, journal, regie) == [
            ("reseau", 0, "réseaux sociaux"),
            ("journal", 0, "journaux"),
            ("regie", 0, "régies publicitaires"),
        ]

    def test_y_to_ies(self) -> None:
        assert find(["online communities"], entry("c", "community")) == [("c", 0, "communities")]


class TestCase:
    def test_insensitive_by_default(self) -> None:
        assert find(["icq, Icq, ICQ"], ICQ) == [
            ("icq", 0, "icq"),
            ("icq", 0, "Icq"),
            ("icq", 0, "ICQ"),
        ]

    def test_sensitive_matches_only_the_given_cases(self) -> None:
        text = "AVATAR, Avatar, avatar, aVATAR ; prestataires TIC, un tic, Tic"
        assert find([text], AVATAR, TIC) == [
            ("avatar", 0, "AVATAR"),
            ("avatar", 0, "Avatar"),
            ("tic", 0, "TIC"),
        ]

    def test_sensitive_plural(self) -> None:
        assert find(["deux AVATARS, des Avatars, des avatars"], AVATAR) == [
            ("avatar", 0, "AVATARS"),
            ("avatar", 0, "Avatars"),
        ]

    def test_refused_sensitive_match_falls_back_to_a_shorter_one(self) -> None:
        web2 = entry("web2", "WEB 2.0", cs=True)
        web = entry("web", "web")
        assert find(["le web 2.0 et le WEB 2.0"], web2, web) == [
            ("web", 0, "web"),
            ("web2", 0, "WEB 2.0"),
        ]

    def test_refused_sensitive_match_lets_a_later_one_start_inside_it(self) -> None:
        cm = entry("cm", "Community Manager", cs=True)
        manager = entry("manager", "manager")
        assert find(["un community manager"], cm, manager) == [("manager", 0, "manager")]

    def test_sensitive_and_insensitive_entries_sharing_a_form(self) -> None:
        tic = entry("tic", "TIC", cs=True)
        tick = entry("tick", "tic")  # a (bad) insensitive homograph
        # Whatever the glossary order, the sensitive entry claims its exact case.
        assert find(["TIC tic"], tick, tic) == [("tic", 0, "TIC"), ("tick", 0, "tic")]


class TestAccents:
    def test_accent_insensitive_both_ways(self) -> None:
        heb = entry("heb", "hébergement")
        wiki = entry("wiki", "Wikipedia")
        text = "un coin d’hebergement, l’HÉBERGEMENT ; Wikipédia et wikipedia"
        assert find([text], heb, wiki) == [
            ("heb", 0, "hebergement"),
            ("heb", 0, "HÉBERGEMENT"),
            ("wiki", 0, "Wikipédia"),
            ("wiki", 0, "wikipedia"),
        ]

    def test_letters_beyond_latin1(self) -> None:
        dvorak = entry("dvorak", "Dvorak")
        # Curly quotes too: they are beyond Latin-1 but are not letters.
        assert find(["“Dvořák” et « Dvorak »"], dvorak) == [
            ("dvorak", 0, "Dvořák"),
            ("dvorak", 0, "Dvorak"),
        ]

    def test_accents_in_a_case_sensitive_pattern(self) -> None:
        ecole = entry("e", "École", cs=True)
        assert find(["École, ECOLE, Ecole, école"], ecole) == [("e", 0, "École"), ("e", 0, "Ecole")]


class TestLongestAndOverlaps:
    def test_community_manager_beats_manager(self) -> None:
        cm = entry("cm", "community manager")
        manager = entry("manager", "manager")
        text = "le community manager et le manager"
        assert find([text], manager, cm) == [
            ("cm", 0, "community manager"),
            ("manager", 0, "manager"),
        ]

    def test_web_2_0_beats_web(self) -> None:
        web2 = entry("web2", "Web 2.0")
        web = entry("web", "web")
        text = "le web 2.0, puis le web ; web 2.01"
        assert find([text], web, web2) == [
            ("web2", 0, "web 2.0"),
            ("web", 0, "web"),
            ("web", 0, "web"),  # "web 2.01": 2.0 is not a whole word there
        ]

    def test_leftmost_wins_over_a_longer_overlapping_match(self) -> None:
        ab = entry("ab", "alpha beta")
        bc = entry("bc", "beta gamma delta")
        assert find(["alpha beta gamma delta"], ab, bc) == [("ab", 0, "alpha beta")]

    def test_no_overlaps_and_sorted(self) -> None:
        entries = [entry("cm", "community manager"), entry("m", "manager"), entry("c", "community")]
        texts = ["community manager community manager manager community", "manager community"]
        found = Matcher(glossary(*entries)).find(texts)
        keys = [(o.paragraph, o.start) for o in found]
        assert keys == sorted(keys)
        for a, b in itertools.pairwise(found):
            assert a.paragraph < b.paragraph or a.end <= b.start
        assert [o.entry_id for o in found] == ["cm", "cm", "m", "c", "m", "c"]


class TestWordBoundaries:
    def test_letters_or_digits_around_prevent_a_match(self) -> None:
        assert find(["xICQ ICQx 2ICQ ICQ2000abc"], ICQ) == []

    def test_a_version_number_glued_to_a_name_belongs_to_it(self) -> None:
        assert find(["ICQ2000a et ICQ99"], ICQ) == [("icq", 0, "ICQ2000a"), ("icq", 0, "ICQ99")]

    def test_punctuation_and_brackets_are_boundaries(self) -> None:
        text = "mIRC. (mygale ?) [ICQ] mIRC,ICQ _ICQ_"
        assert find([text], ICQ, MIRC, MYGALE) == [
            ("mirc", 0, "mIRC"),
            ("mygale", 0, "mygale"),
            ("icq", 0, "ICQ"),
            ("mirc", 0, "mIRC"),
            ("icq", 0, "ICQ"),
            ("icq", 0, "ICQ"),
        ]

    def test_start_and_end_of_paragraph(self) -> None:
        assert find(["ICQ", "ICQ puis ICQ"], ICQ) == [
            ("icq", 0, "ICQ"),
            ("icq", 1, "ICQ"),
            ("icq", 1, "ICQ"),
        ]

    def test_pattern_ending_in_punctuation(self) -> None:
        cpp = entry("cpp", "C++")
        assert find(["du C++, pas du C++11 ni du C"], cpp) == [("cpp", 0, "C++")]
        # The "+" ending one match is also the boundary before the next one.
        dotnet = entry("dotnet", ".NET")
        assert find(["C++.NET C++ICQ"], cpp, dotnet, ICQ) == [
            ("cpp", 0, "C++"),
            ("dotnet", 0, ".NET"),
            ("icq", 0, "ICQ"),  # but "C++" is followed by a letter there
        ]


class TestWhitespace:
    def test_multi_word_across_newline_and_runs_of_spaces(self) -> None:
        cm = entry("cm", "community manager")
        texts = ["un community\nmanager, un community   manager, un community\u00a0manager"]
        assert [t for _, _, t in find(texts, cm)] == [
            "community\nmanager",
            "community   manager",
            "community\u00a0manager",
        ]

    def test_no_match_across_paragraphs(self) -> None:
        cm = entry("cm", "community manager")
        assert find(["un community", "manager"], cm) == []

    def test_pattern_with_extra_spaces_is_normalised(self) -> None:
        cm = entry("cm", "  community   manager ")
        assert find(["community manager"], cm) == [("cm", 0, "community manager")]


class TestOffsets:
    def test_every_offset_is_the_exact_slice(self) -> None:
        entries = [ICQ, AVATAR, MIRC, entry("heb", "hébergement"), entry("cm", "community manager")]
        texts = [
            "İstanbul : l’ICQ et İİ mIRC",  # "İ".lower() is two characters long
            "",
            "Des Community\n Managers d’hébergement ; AVATAR.",
        ]
        found = Matcher(glossary(*entries)).find(texts)
        assert [(o.entry_id, o.paragraph, o.start, o.end) for o in found] == [
            ("icq", 0, 13, 16),
            ("mirc", 0, 23, 27),
            ("cm", 2, 4, 23),
            ("heb", 2, 26, 37),
            ("avatar", 2, 40, 46),
        ]
        for occ in found:
            assert texts[occ.paragraph][occ.start : occ.end] == occ.text

    def test_many_paragraphs(self) -> None:
        texts = [f"paragraphe {n} : ICQ et mIRC" for n in range(200)]
        found = Matcher(glossary(ICQ, MIRC)).find(texts)
        assert len(found) == 400
        assert found[-1] == Occurrence("mirc", 199, 24, 28, "mIRC")


def test_normalise() -> None:
    assert normalise("  L’Hébergement\n  Web ") == "l'hebergement web"
    assert normalise("ÉCOLE") == normalise("ecole") == "ecole"


class TestEmpty:
    def test_empty_glossary(self) -> None:
        assert Matcher(glossary()).find(["ICQ"]) == []

    def test_no_texts(self) -> None:
        assert Matcher(glossary(ICQ)).find([]) == []


# ---------------------------------------------------------------------------
# Loader
# ---------------------------------------------------------------------------

SHARED = """
version: 1
entries:
  - id: icq
    term: ICQ
    kind: software
    years: "1996–2024"
    definition:
      fr: "Messagerie instantanée."
      en: "Instant messenger."
    see: [mirc]
  - id: mirc
    term: mIRC
    match: ["mIRC"]
    kind: software
    years: 1995
    definition: {fr: "Client IRC.", en: "IRC client."}
    sources: ["https://www.mirc.com/"]
"""

ESSAY = """
version: 1
entries:
  - id: icq
    note:
      fr: "Le premier souvenir."
  - id: mirc
    definition: {en: "An IRC client."}
    match: ["mIRC", "MIRC"]
  - id: avatar
    term: Avatar
    match: [AVATAR, Avatar]
    case_sensitive: true
    kind: work
    years: "2009"
    definition: {fr: "Film.", en: "Film."}
"""


class TestLoader:
    def test_override_by_id_merges_field_by_field(self, tmp_path: Path) -> None:
        shared = write(tmp_path, "glossary.yaml", SHARED)
        essay = write(tmp_path, "essai.glossary.yaml", ESSAY)
        g = load_glossary([shared, essay])
        assert list(g.entries) == ["icq", "mirc", "avatar"]
        assert g.files == (str(shared), str(essay))
        icq = g.get("icq")
        assert icq is not None
        assert icq.term == "ICQ" and icq.patterns == ("ICQ",) and icq.kind == "software"
        assert dict(icq.definition) == {"fr": "Messagerie instantanée.", "en": "Instant messenger."}
        assert dict(icq.note) == {"fr": "Le premier souvenir."}
        assert icq.see == ("mirc",)
        assert (icq.file, icq.line) == (str(essay), 3)
        mirc = g.get("mirc")
        assert mirc is not None
        assert dict(mirc.definition) == {"fr": "Client IRC.", "en": "An IRC client."}
        assert mirc.patterns == ("mIRC", "MIRC")
        assert mirc.years == "1995"  # an unquoted YAML number is read as text
        assert mirc.sources == ("https://www.mirc.com/",)
        avatar = g.get("avatar")
        assert (
            avatar is not None and avatar.case_sensitive and avatar.patterns == ("AVATAR", "Avatar")
        )
        assert g.get("nope") is None

    def test_missing_paths_are_skipped(self, tmp_path: Path) -> None:
        shared = write(tmp_path, "glossary.yaml", SHARED)
        g = load_glossary([tmp_path / "absent.yaml", shared])
        assert list(g.entries) == ["icq", "mirc"]
        assert g.files == (str(shared),)
        assert load_glossary([]).entries == {}

    def test_bad_yaml_reports_file_and_line(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "bad.yaml",
            """
            version: 1
            entries:
              - id: icq
                term: "ICQ
            """,
        )
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert info.value.file == str(path)
        assert info.value.line in (4, 5)  # the scanner reports the unclosed quote's end
        assert str(info.value).startswith(f"{path}:{info.value.line}: invalid YAML")

    def test_bad_yaml_indentation(self, tmp_path: Path) -> None:
        path = write(tmp_path, "bad.yaml", "version: 1\nentries:\n  - id: a\n   term: x\n")
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert (info.value.file, info.value.line) == (str(path), 4)

    def test_bad_entry_reports_the_field_line(self, tmp_path: Path) -> None:
        text = SHARED.replace("kind: software\n    years: 1995", "kind: softwear\n    years: 1995")
        path = write(tmp_path, "glossary.yaml", text)
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert info.value.line == 14
        assert info.value.message.startswith("entry 'mirc': unknown kind 'softwear'")
        assert str(info.value) == f"{path}:14: {info.value.message}"

    def test_new_id_in_a_later_file_must_be_complete(self, tmp_path: Path) -> None:
        shared = write(tmp_path, "glossary.yaml", SHARED)
        essay = write(
            tmp_path,
            "essai.glossary.yaml",
            """
            version: 1
            entries:
              - id: icq
                note: {en: "fine: overrides need nothing"}
              - id: navi
                note: {fr: "Les Na'vi."}
            """,
        )
        with pytest.raises(GlossaryError) as info:
            load_glossary([shared, essay])
        assert str(info.value) == f"{essay}:5: entry 'navi': missing required field 'term'"

    @pytest.mark.parametrize(
        ("old", "new", "line", "message"),
        [
            ("id: x", "id: Bad_Id", 3, "id must match"),
            ("term: X", "term: [a]", 4, "term must be a string"),
            ("term: X", "term: ''", 4, "term must not be empty"),
            ("term: X", "term: X\n    colour: blue", 5, "unknown field 'colour'"),
            ("term: X", "term: X\n    case_sensitive: maybe", 5, "case_sensitive must be true"),
            ("id: x\n    term: X", "term: X", 3, "missing required field 'id'"),
            ("term: X", "term: X\n    match: []", 5, "match must not be empty"),
            ("term: X", "term: X\n    match: ICQ", 5, "match must be a list of strings"),
            ("kind: work", "kind: film", 5, "unknown kind 'film'"),
            ('years: "2009"', 'years: "vers 2009"', 6, "malformed years 'vers 2009'"),
            ('years: "2009"', 'years: "2009–2001"', 6, "the span ends before it starts"),
            ("en: E", "en: E\n      de: D", 10, "unknown field 'de'"),
            ("en: E", "en: null", 9, "definition.en must be a string"),
            (
                "definition: {fr: F, en: E}",
                "note: {fr: N}",
                3,
                "missing required field 'definition'",
            ),
            ("    definition: {fr: F, en: E}\n", "", 3, "missing required field 'definition'"),
            ("en: E", "", 7, "definition lacks the 'en' language"),
            ("kind: work", "kind: work\n    term: Y", 6, "field 'term' given twice"),
        ],
    )
    def test_structure_errors(
        self, tmp_path: Path, old: str, new: str, line: int, message: str
    ) -> None:
        good = (
            "version: 1\nentries:\n  - id: x\n    term: X\n    kind: work\n"
            '    years: "2009"\n    definition:\n      fr: F\n      en: E\n'
        )
        if old.startswith(("definition", "    definition")):
            good = good.replace(
                "    definition:\n      fr: F\n      en: E\n", "    definition: {fr: F, en: E}\n"
            )
        assert load_glossary([write(tmp_path, "ok.yaml", good)]).get("x") is not None
        assert old in good
        path = write(tmp_path, "g.yaml", good.replace(old, new))
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert info.value.line == line
        assert message in info.value.message

    def test_duplicate_id_in_one_file(self, tmp_path: Path) -> None:
        text = SHARED + SHARED.split("entries:\n", 1)[1].split("  - id: mirc")[0]
        path = write(tmp_path, "g.yaml", text)
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert info.value.line == 18
        assert "duplicate id 'icq' (first defined at line 3)" in info.value.message

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "empty glossary file"),
            ("- a\n- b\n", "glossary must be a mapping"),
            ("version: 2\nentries: []\n", "unsupported version"),
            ("entries: []\n", "missing required field 'version'"),
            ("version: 1\nentries: {}\n", "entries must be a list"),
            ("version: 1\nversion: 1\nentries: []\n", "field 'version' given twice"),
        ],
    )
    def test_top_level_errors(self, tmp_path: Path, text: str, message: str) -> None:
        path = write(tmp_path, "g.yaml", text)
        with pytest.raises(GlossaryError, match=message):
            load_glossary([path])

    def test_toml_file(self, tmp_path: Path) -> None:
        toml = write(
            tmp_path,
            "glossary.toml",
            """
            version = 1

            [[entries]]
            id = "icq"
            term = "ICQ"
            kind = "software"
            years = "1996–2024"
            see = ["mirc"]
            definition = { fr = "Messagerie instantanée.", en = "Instant messenger." }

            [[entries]]
            id = "mirc"
            term = "mIRC"
            match = ["mIRC"]
            kind = "software"
            years = "1995"

            [entries.definition]
            fr = "Client IRC."
            en = "IRC client."
            """,
        )
        yaml_file = write(tmp_path, "glossary.yaml", SHARED.replace("years: 1995", 'years: "1995"'))
        from_toml = load_glossary([toml])
        from_yaml = load_glossary([yaml_file])

        def strip(e: Entry) -> tuple[object, ...]:
            return (e.id, e.term, e.patterns, e.kind, e.years, dict(e.definition), e.see)

        assert [strip(e) for e in from_toml.entries.values()] == [
            strip(e) for e in from_yaml.entries.values()
        ]
        assert (from_toml.entries["mirc"].file, from_toml.entries["mirc"].line) == (str(toml), 11)

    def test_toml_errors_have_lines(self, tmp_path: Path) -> None:
        bad = write(tmp_path, "bad.toml", 'version = 1\n[[entries]]\nid = "x"\nterm = \n')
        with pytest.raises(GlossaryError) as info:
            load_glossary([bad])
        assert (info.value.line, info.value.message.startswith("invalid TOML")) == (4, True)
        wrong = write(
            tmp_path,
            "wrong.toml",
            'version = 1\n\n[[entries]]\nid = "x"\nterm = "X"\nkind = "thing"\nyears = "2000"\n'
            'definition = { fr = "a", en = "b" }\n',
        )
        with pytest.raises(GlossaryError) as info:
            load_glossary([wrong])
        assert (info.value.line, "unknown kind 'thing'" in info.value.message) == (6, True)

    def test_yaml_and_toml_can_be_mixed(self, tmp_path: Path) -> None:
        shared = write(tmp_path, "glossary.yaml", SHARED)
        essay = write(
            tmp_path, "e.glossary.toml", '[[entries]]\nid = "icq"\nnote = { en = "N." }\n'
        )
        # A TOML file needs "version" too.
        with pytest.raises(GlossaryError, match="missing required field 'version'"):
            load_glossary([shared, essay])
        essay.write_text("version = 1\n" + essay.read_text(encoding="utf-8"), encoding="utf-8")
        assert dict(load_glossary([shared, essay]).entries["icq"].note) == {"en": "N."}

    def test_error_is_formatted(self) -> None:
        error = GlossaryError("g.yaml", 7, "boom")
        assert str(error) == "g.yaml:7: boom"
        assert (error.file, error.line, error.message) == ("g.yaml", 7, "boom")


class TestYears:
    @pytest.mark.parametrize(
        ("years", "first", "last"),
        [
            ("1996–2024", 1996, 2024),
            ("1996-2024", 1996, 2024),
            ("1995–", 1995, None),
            ("1797", 1797, None),
            ("2000–2000", 2000, None),
            ("", None, None),
        ],
    )
    def test_first_and_last_year(self, years: str, first: int | None, last: int | None) -> None:
        e = dataclasses.replace(entry("x", "x"), years=years)
        assert (e.first_year, e.last_year) == (first, last)

    def test_entries_are_hashable(self) -> None:
        assert len({ICQ, ICQ, MIRC}) == 2


class TestPathsFor:
    def test_shipped_user_folder_and_essay_files_in_order(self, tmp_path: Path) -> None:
        data = tmp_path / "data"
        user = tmp_path / "user"
        essays = tmp_path / "essays"
        for folder in (data, user, essays):
            folder.mkdir()
        essay = essays / "community-manager.md"
        essay.write_text("# x\n", encoding="utf-8")
        assert glossary_paths(essay, data, user) == []
        for path in (
            data / "games.yaml",
            data / "access.yaml",
            data / "notes.txt",
            user / "mine.toml",
            user / ".hidden.yaml",
            essays / "glossary.toml",
            essays / "community-manager.glossary.yaml",
            essays / "other.glossary.yaml",
        ):
            path.write_text("", encoding="utf-8")
        assert glossary_paths(essay, data, user) == [
            data / "access.yaml",
            data / "games.yaml",
            user / "mine.toml",
            essays / "glossary.toml",
            essays / "community-manager.glossary.yaml",
        ]

    def test_the_user_folder_is_the_platform_config_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
        assert user_glossary_dir() == tmp_path / "lecteur" / "glossary"

    def test_the_shipped_data_is_split_by_domain(self) -> None:
        names = {p.stem for p in shipped_glossaries()}
        assert {"messaging", "hosting", "social", "portals", "access", "games"} <= names
        assert "community-manager.glossary" in names


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


class TestJson:
    def test_exact_shape_and_order_of_first_occurrence(self, tmp_path: Path) -> None:
        g = load_glossary([write(tmp_path, "glossary.yaml", SHARED)])
        texts = ["Sur mIRC.", "ICQ puis mIRC"]
        data = glossary_json(g, Matcher(g).find(texts))
        assert data == {
            "terms": [
                {
                    "id": "mirc",
                    "term": "mIRC",
                    "kind": "software",
                    "years": "1995",
                    "maker": "",
                    "country": "",
                    "definition": {"fr": "Client IRC.", "en": "IRC client."},
                    "occurrences": [
                        {"paragraph": 0, "start": 4, "end": 8, "text": "mIRC"},
                        {"paragraph": 1, "start": 9, "end": 13, "text": "mIRC"},
                    ],
                    "headings": [],
                },
                {
                    "id": "icq",
                    "term": "ICQ",
                    "kind": "software",
                    "years": "1996–2024",
                    "maker": "",
                    "country": "",
                    "definition": {"fr": "Messagerie instantanée.", "en": "Instant messenger."},
                    "occurrences": [{"paragraph": 1, "start": 0, "end": 3, "text": "ICQ"}],
                    "headings": [],
                },
            ]
        }

    def test_no_occurrences(self) -> None:
        assert glossary_json(glossary(ICQ), []) == {"terms": []}


def test_found_entries_come_in_reading_order_a_heading_before_its_paragraph() -> None:
    from lecteur.glossary import Entry, Glossary, GlossaryView
    from lecteur.glossary.model import HeadingOccurrence, Occurrence

    def entry(i: str) -> Entry:
        return Entry.__new__(Entry)  # only its identity matters here

    ids = ["late", "early", "heading", "twice"]
    entries = {i: entry(i) for i in ids}
    view = GlossaryView(
        Glossary(entries),
        [
            Occurrence("twice", 0, 30, 35, "x"),
            Occurrence("early", 0, 2, 7, "x"),  # before "twice" in its paragraph
            Occurrence("late", 3, 0, 4, "x"),
            Occurrence("twice", 5, 0, 5, "x"),
        ],
        ["", "", "", "", "", ""],
        "fr",
        # Two headings over paragraph 3 (blocks 1 and 4), listed out of order.
        [HeadingOccurrence("heading", 4, 3, 0, 3, "x"), HeadingOccurrence("late", 1, 3, 0, 1, "x")],
    )
    assert view.found_entries == [entries[i] for i in ("early", "twice", "late", "heading")]
