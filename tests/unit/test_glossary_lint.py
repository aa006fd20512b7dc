"""Unit tests for lecteur.glossary.lint, and a lint of the shipped glossary."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lecteur.glossary import COMMON_WORDS, GlossaryError, LintFault, load_glossary
from lecteur.glossary import lint as full_lint
from lecteur.library import shipped_glossaries

REPO = Path(__file__).resolve().parents[2]
SHIPPED = shipped_glossaries()


def lint(paths: list[Path]) -> list[LintFault]:
    """The lint's faults, less "no sources" (tested on its own below): the fixtures are
    about other faults and stay short."""
    return [f for f in full_lint(paths) if not f.message.endswith(": no sources")]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


CLEAN = """
version: 1
entries:
  - id: icq
    term: ICQ
    kind: software
    years: "1996–2024"
    definition: {fr: "Messagerie.", en: "Messenger."}
    see: [mirc]
  - id: mirc
    term: mIRC
    kind: software
    years: "1995–"
    definition: {fr: "Client IRC.", en: "IRC client."}
    sources: ["https://www.mirc.com/"]
  - id: avatar
    term: Avatar
    match: [AVATAR, Avatar]
    case_sensitive: true
    kind: work
    years: "2009"
    definition: {fr: "Film.", en: "Film."}
  - id: tic
    term: TIC
    case_sensitive: true
    kind: concept
    years: "1990"
    definition: {fr: "Technologies.", en: "Technologies."}
  - id: blog
    term: blog
    kind: concept
    years: "1999"
    definition: {fr: "Blog.", en: "Blog."}
  - id: salon-irc
    term: salon de discussion
    match: ["salons de discussion", "salon de discussion"]
    kind: concept
    years: "1988"
    definition: {fr: "Canal.", en: "Channel."}
"""

LONG = "x" * 501

# Each fault on its own line; the comments give the line numbers.
BAD = f"""
version: 1
entries:
  - id: one                 # 3
    term: One
    kind: gadget            # 5  unknown kind
    years: "about 1990"     # 6  malformed years
    definition:             # 7  lacks 'en'
      fr: "Un."
    see: [two, nowhere]     # 9  'nowhere' is not defined
  - id: two                 # 10 missing required field 'kind'
    term: Two
    years: "1990"
    definition:
      fr: "{LONG}"          # 14 over 500 characters
      en: "Two."
  - id: one                 # 16 duplicate id
    term: Uno
    kind: concept
    years: "1990"
    definition: {{fr: "Un.", en: "One."}}
  - id: avatar              # 21
    term: avatar            # 22 common word, case-insensitive
    kind: work
    years: "2009"
    definition: {{fr: "Film.", en: "Film."}}
  - id: salon
    term: Salon
    match: [salon, "Tic"]   # 28 'salon' (plural 'salons') and 'tic' are common words
    kind: concept
    years: "1988"
    definition: {{fr: "Salon.", en: "Room."}}
  - id: ai
    term: AI
    match: ["AI", "One"]    # 34 too short; 'One' is also a pattern of 'one'
    kind: concept
    years: "1956"
    definition: {{fr: "IA.", en: "AI."}}
"""


def faults_by_line(faults: list[LintFault]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for fault in faults:
        result.setdefault(fault.line, []).append(fault.message)
    return result


class TestLint:
    def test_clean_file_has_no_faults(self, tmp_path: Path) -> None:
        path = write(tmp_path, "glossary.yaml", CLEAN)
        assert lint([path]) == []
        load_glossary([path])  # and it loads

    def test_every_fault_has_its_file_and_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, "bad.yaml", BAD)
        faults = lint([path])
        assert {f.file for f in faults} == {str(path)}
        assert all(str(f) == f"{path}:{f.line}: {f.message}" for f in faults)
        expected = {
            5: ["entry 'one': unknown kind 'gadget'"],
            6: ["entry 'one': malformed years 'about 1990'"],
            7: ["entry 'one': definition lacks the 'en' language"],
            9: ["entry 'one': see-also 'nowhere' is not defined"],
            10: ["entry 'two': missing required field 'kind'"],
            14: ["entry 'two': definition.fr is 501 characters (at most 500)"],
            16: ["duplicate id 'one' (first defined at line 3)"],
            22: [
                "entry 'avatar': case-insensitive pattern 'avatar' would match the common word 'avatar'"
            ],
            28: [
                "entry 'salon': case-insensitive pattern 'salon' would match the common word 'salon'",
                "entry 'salon': case-insensitive pattern 'Tic' would match the common word 'tic'",
            ],
            34: [
                "entry 'ai': case-insensitive pattern 'AI' is shorter than 3 letters",
                "entry 'ai': pattern 'One' is also a pattern of 'one'",
            ],
        }
        got = faults_by_line(faults)
        assert sorted(got) == sorted(expected)
        for line, messages in expected.items():
            assert len(got[line]) == len(messages), (line, got[line])
            for message in messages:
                assert any(m.startswith(message) for m in got[line]), (line, message, got[line])
        assert [f.line for f in faults] == sorted(f.line for f in faults)

    def test_loading_the_bad_file_fails_on_its_first_schema_fault(self, tmp_path: Path) -> None:
        path = write(tmp_path, "bad.yaml", BAD)
        with pytest.raises(GlossaryError) as info:
            load_glossary([path])
        assert (info.value.line, info.value.message) == (
            5,
            (
                "entry 'one': unknown kind 'gadget' (expected one of company, concept, "
                "event, game, hardware, institution, person, service, software, work)"
            ),
        )

    def test_quality_faults_do_not_prevent_loading(self, tmp_path: Path) -> None:
        text = (
            CLEAN.replace("see: [mirc]", "see: [mirc, nowhere]")
            .replace(
                'definition: {fr: "Blog.", en: "Blog."}',
                f'definition: {{fr: "{LONG}", en: "Blog."}}',
            )
            .replace("match: [AVATAR, Avatar]\n    case_sensitive: true", "match: [avatar]")
        )
        path = write(tmp_path, "g.yaml", text)
        assert len(lint([path])) == 3
        assert load_glossary([path]).get("blog") is not None

    def test_see_also_and_duplicates_across_files(self, tmp_path: Path) -> None:
        shared = write(tmp_path, "glossary.yaml", CLEAN)
        essay = write(
            tmp_path,
            "essai.glossary.yaml",
            """
            version: 1
            entries:
              - id: icq
                note: {fr: "Note."}
                see: [mirc, navi]
              - id: navi
                term: Na'vi
                match: ["Na'vi"]
                kind: concept
                years: "2009"
                definition: {fr: "Peuple.", en: "People."}
                see: [avatar, jake]
              - id: icq2
                term: ICQ 2
                match: ["icq"]
                kind: software
                years: "2000"
                definition: {fr: "Autre.", en: "Other."}
            """,
        )
        faults = lint([shared, essay])
        assert [str(f) for f in faults] == [
            f"{essay}:12: entry 'navi': see-also 'jake' is not defined",
            f"{essay}:15: entry 'icq2': pattern 'icq' is also a pattern of 'icq', and no guard "
            "(case or context) tells them apart",
        ]
        # Alone, the essay file lacks the shared ids: icq is new there, and incomplete.
        alone = [str(f) for f in lint([essay])]
        assert f"{essay}:3: entry 'icq': missing required field 'term'" in alone
        assert f"{essay}:12: entry 'navi': see-also 'avatar' is not defined" in alone

    def test_override_changes_what_is_linted(self, tmp_path: Path) -> None:
        shared = write(
            tmp_path,
            "glossary.yaml",
            """
            version: 1
            entries:
              - id: avatar
                term: Avatar
                kind: work
                years: "2009"
                definition: {fr: "Film.", en: "Film."}
            """,
        )
        fix = write(
            tmp_path,
            "fix.glossary.yaml",
            "version: 1\nentries:\n  - id: avatar\n    case_sensitive: true\n",
        )
        assert [f.line for f in lint([shared])] == [4]  # term line: the implicit pattern
        assert lint([shared, fix]) == []

    def test_case_sensitive_homographs_are_not_duplicates(self, tmp_path: Path) -> None:
        tic_title = (
            "  - id: tic-title\n    term: Tic\n    case_sensitive: true\n    kind: concept\n"
            '    years: "1990"\n    definition: {fr: "Autre.", en: "Other."}\n'
        )
        path = write(tmp_path, "g.yaml", CLEAN.lstrip("\n") + tic_title)
        assert load_glossary([path]).get("tic-title") is not None
        assert lint([path]) == []
        # Insensitive, the same pattern would clash with the sensitive "TIC".
        clash = write(
            tmp_path,
            "clash.yaml",
            CLEAN.lstrip("\n") + tic_title.replace("    case_sensitive: true\n", ""),
        )
        messages = [f.message for f in lint([clash])]
        assert len(messages) == 2
        assert messages[0].startswith("entry 'tic-title': pattern 'Tic' is also a pattern of 'tic'")
        assert messages[1].startswith(
            "entry 'tic-title': case-insensitive pattern 'Tic' would match the common word 'tic'"
        )

    def test_parse_errors_and_missing_files(self, tmp_path: Path) -> None:
        bad = write(tmp_path, "bad.yaml", "version: 1\nentries: [\n")
        missing = tmp_path / "missing.yaml"
        faults = lint([bad, missing])
        assert [(f.file, f.line) for f in faults] == [(str(bad), 3), (str(missing), 0)]
        assert faults[0].message.startswith("invalid YAML")
        assert faults[1].message == "no such glossary file"

    def test_toml_faults_have_lines(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "g.toml",
            """
            version = 1

            [[entries]]
            id = "fraise"
            term = "fraise"
            kind = "company"
            years = "2003"
            see = ["nowhere"]

            [entries.definition]
            fr = "Site."
            """,
        )
        faults = [str(f) for f in lint([path])]
        assert faults[0].startswith(
            f"{path}:5: entry 'fraise': case-insensitive pattern 'fraise' would match the "
            "common word 'fraise'"
        )
        assert faults[1:] == [
            f"{path}:8: entry 'fraise': see-also 'nowhere' is not defined",
            f"{path}:10: entry 'fraise': definition lacks the 'en' language",
        ]

    def test_common_word_list(self) -> None:
        assert len(COMMON_WORDS) >= 300
        for word in ("avatar", "tic", "salon", "fracture", "fraise", "net", "the", "orange"):
            assert word in COMMON_WORDS
        # Terms that are the glossary sense anyway must not be flagged.
        for word in ("blog", "web", "internet", "forum", "icq"):
            assert word not in COMMON_WORDS
        assert all(w == w.lower() and w.isascii() for w in COMMON_WORDS)


COMMON_WORDS_FILE = REPO / "tests" / "data" / "common-words-fr-en.txt"


def frequent_words() -> frozenset[str]:
    """The word-frequency list (French and English) the shipped glossary is linted with."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#")) | COMMON_WORDS


def test_shipped_glossary_lints_clean() -> None:
    """Every shipped file, with the frequency list: no fault, not even "no sources"."""
    words = frequent_words()
    assert len(words) > 20_000 and {"free", "orange", "voila", "salon", "mygale"} <= words
    assert [str(f) for f in full_lint(SHIPPED, common_words=words)] == []
    glossary = load_glossary(SHIPPED)
    assert len(glossary) >= 600
    assert glossary.files == tuple(str(p) for p in SHIPPED)


def test_the_frequency_lint_flags_the_known_traps(tmp_path: Path) -> None:
    """The review's traps, written unguarded, are flagged; each guard silences them."""
    entries = "".join(
        f"  - id: {slug}\n    term: {term}\n    kind: service\n    years: '?'\n"
        f"    definition: {{fr: x, en: y}}\n    sources: ['https://example.org/']\n"
        for slug, term in [
            ("free", "Free"),
            ("orange", "Orange"),
            ("voila", "Voila"),
            ("mygale", "Mygale"),
            ("twitter", "twitter"),
            ("avatar", "avatar"),
        ]
    )
    path = write(tmp_path, "traps.yaml", "version: 1\nentries:\n" + entries)
    flagged = {f.message.split("'")[1] for f in full_lint([path], common_words=frequent_words())}
    assert flagged >= {"free", "orange", "voila", "mygale", "avatar"}
    guarded = path.read_text(encoding="utf-8").replace(
        "    kind: service\n", "    case_sensitive: true\n    context: [web]\n    kind: service\n"
    )
    path.write_text(guarded, encoding="utf-8")
    assert full_lint([path], common_words=frequent_words()) == []


def test_own_sense_silences_the_common_word_fault(tmp_path: Path) -> None:
    text = (
        "version: 1\nentries:\n  - id: modem\n    term: modem\n    kind: hardware\n"
        "    years: '?'\n    definition: {fr: x, en: y}\n    sources: ['https://example.org/']\n"
    )
    path = write(tmp_path, "m.yaml", text)
    assert [f.line for f in full_lint([path], common_words={"modem"})] == [4]
    path.write_text(text + "    own_sense: true\n", encoding="utf-8")
    assert full_lint([path], common_words={"modem"}) == []


def test_no_sources_is_a_fault(tmp_path: Path) -> None:
    path = write(tmp_path, "g.yaml", CLEAN)
    assert {f.message for f in full_lint([path]) if f.message.endswith("no sources")} == {
        f"entry {i!r}: no sources" for i in ("icq", "avatar", "tic", "blog", "salon-irc")
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "fr", "country 'fr' is not an ISO 3166-1 alpha-2 code"),
        ("country", "FRA", "country 'FRA' is not an ISO 3166-1 alpha-2 code"),
        ("context", "[]", "context must not be empty"),
        ("context", "forum", "context must be a list of strings"),
        ("own_sense", "maybe", "own_sense must be true or false"),
        ("guard_phrases", "yes please", "guard_phrases must be true or false"),
        ("guard_phrases", "true", "guard_phrases needs context words to look for"),
        ("maker", "''", "maker must not be empty"),
    ],
)
def test_new_fields_are_checked_with_their_line(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    text = (
        "version: 1\nentries:\n  - id: x\n    term: Xanadu\n    kind: game\n    years: '1990'\n"
        f"    definition: {{fr: x, en: y}}\n    sources: ['https://example.org/']\n"
        f"    {field}: {value}\n"
    )
    path = write(tmp_path, "g.yaml", text)
    faults = full_lint([path])
    assert [(f.line, f.message) for f in faults if "x" in f.message] == [
        (
            9,
            f"entry 'x': {message}"
            + (" (two capital letters, e.g. FR, US)" if "ISO" in message else ""),
        )
    ]
