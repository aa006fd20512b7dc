"""The pieces of the split: features, heading inheritance, the sequence pass, the weights."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import sys
import time
from pathlib import Path

import pytest

from lecteur.essay import parse_essay
from lecteur.sections import KINDS, doc_from_essay, doc_from_texts, split_essay, tuning
from lecteur.sections.evidence import (
    DIRECTION,
    FEATURES,
    Sparse,
    Vocabulary,
    columns,
    heading_cue,
    path_cue,
    vocabulary_score,
    word_forms,
)
from lecteur.sections.model import Model, from_dict, shipped
from lecteur.sections.split import _collapse, viterbi

ROOT = Path(__file__).resolve().parents[2]
R, A, T = KINDS


def feature(texts: list[str], name: str, j: int = 0, language: str = "fr", **kw: object) -> float:
    return columns(doc_from_texts(texts, language, **kw)).value(name, j)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- features


def test_tense_balance_reads_past_and_present() -> None:
    assert feature(["J'avais dix ans et je jouais dehors tous les soirs."], "tense") > 0.5
    assert feature(["Je pense qu'il faut agir et que nous pouvons changer."], "tense") < -0.5
    assert feature(["I was ten and I walked to school every day."], "tense", language="en") > 0.5
    assert feature(["I think we should act now."], "tense", language="en") < 0


def test_passe_compose_and_imparfait_are_told_apart() -> None:
    texts = ["J'ai acheté un modem et j'ai appelé mes amis.", "Je jouais, je lisais, je courais."]
    cols = columns(doc_from_texts(texts, "fr"))
    assert cols.value("compound_past", 0) > 0 and cols.value("imperfect", 0) == 0
    assert cols.value("imperfect", 1) > 0 and cols.value("compound_past", 1) == 0


def test_first_person_with_a_past_verb() -> None:
    assert feature(["J'avais un carnet bleu."], "i_past") > 0
    assert feature(["Je pense souvent à toi."], "i_past") == 0
    assert feature(["I walked home."], "i_past", language="en") > 0


def test_phrase_families_count_and_open_the_paragraph() -> None:
    texts = ["Je revois encore les livres d'or et les compteurs de visites."]
    assert feature(texts, "phrase:nostalgia") >= 1
    assert feature(texts, "opens_past") == 1
    texts = ["Aujourd'hui, il faut agir."]
    assert feature(texts, "phrase:now") >= 1 and feature(texts, "phrase:modal") >= 1
    assert feature(texts, "opens_present") == 1


def test_years_are_read_against_the_essay_date() -> None:
    text = ["En 1998, j'avais quinze ans. En 2023, j'ai repris le vélo."]
    assert feature(text, "year_old", year=2024) == 1
    assert feature(text, "year_recent", year=2024) == 1
    assert 0 < feature(text, "year_age", year=2024) <= 1
    assert feature(text, "year_old") == 0  # no date: nothing to compare with
    assert feature(["En 2024, tout a changé."], "phrase:year") == 1  # years after 2022


def test_neighbours_tenses_skip_non_prose() -> None:
    texts = [
        "J'avais dix ans. Je jouais dehors.",
        "ping 192.168.0.1",
        "Je pense que c'est fini.",
        "Il faut agir.",
    ]
    cols = columns(doc_from_texts(texts, "fr", block_kinds=["text", "code", "text", "text"]))
    assert not cols.prose[1] and cols.form[1] == 2
    assert cols.value("before_tense", 2) == cols.value("tense", 0)
    assert cols.value("after_tense", 0) == cols.value("tense", 2)
    assert cols.value("non_prose", 1) == 1


def test_html_blocks_with_prose_are_read() -> None:
    html = (
        "<p>Je n'ai pas connu ma grand-mère. Elle habitait loin et nous allions la voir"
        " une fois par an, à Noël, dans sa maison froide.</p>"
    )
    cols = columns(
        doc_from_texts([html, "<iframe src='x'></iframe>"], "fr", block_kinds=["html", "html"])
    )
    assert cols.prose[0] and cols.value("tense", 0) > 0
    assert not cols.prose[1]


def test_a_window_gives_the_same_features_as_the_whole() -> None:
    from lecteur.sections import _window

    essay = parse_essay(ROOT / "essays" / "community-manager.md")
    doc = doc_from_essay(essay)
    words = shipped().words("fr")
    whole = columns(doc, vocabulary=words)
    for index in (0, 5, 12, len(doc.texts) - 1):
        lo, hi = _window(doc, index)
        window = columns(doc, lo, hi, vocabulary=words)
        for name in FEATURES:
            assert window.value(name, index - lo) == pytest.approx(whole.value(name, index)), name


_MIXED = [
    "Samedi soir, 1999. Je me souviens du modem qui grésillait dans le salon.",
    "Aujourd'hui, je pense qu'il faut arrêter de regretter : vous savez bien pourquoi.",
    "En 1998, j'ai quinze ans et je découvre les forums.",
    "```python\nprint('code')\n```",
    "Les gens disent que c'était mieux avant. Est-ce vrai ? Est-ce utile ?",
    "https://example.org/forum https://example.org/irc",
    "NON. Il ne faut plus attendre.",
    "Par exemple, nous passions nos nuits sur IRC et nous parlions jusqu'à l'aube.",
    "Bref.",
    "J'avais un carnet bleu où je notais les adresses des sites que j'aimais.",
]
_OWN = [
    name
    for name in FEATURES
    if not name.endswith(("_tense", "_phrase", "_i_past"))
    and name not in ("position", "first", "last")
]
"""The features read from a paragraph alone (not its neighbours nor its place)."""


def test_a_paragraphs_own_features_are_those_it_has_alone() -> None:
    # the whole book is encoded at once and cut back into paragraphs: each one's own
    # features must be exactly those of the paragraph split alone
    words = shipped().words("fr")
    kinds = ["code" if t.startswith("```") else "text" for t in _MIXED]
    whole = columns(doc_from_texts(_MIXED, "fr", block_kinds=kinds), vocabulary=words)
    for j, text in enumerate(_MIXED):
        alone = columns(doc_from_texts([text], "fr", block_kinds=[kinds[j]]), vocabulary=words)
        for name in _OWN:
            assert whole.value(name, j) == alone.value(name, 0), (j, name)
    assert {"phrase:frame", "question", "vocabulary", "i_past", "non_prose"} <= {
        name for name in _OWN for j in range(len(_MIXED)) if whole.value(name, j)
    }


def test_neighbour_features_are_means_over_the_prose_around() -> None:
    cols = columns(doc_from_texts(_MIXED, "fr", block_kinds=["text"] * 3 + ["code"] + ["text"] * 6))
    prose = [j for j in range(cols.n) if cols.prose[j]]
    past = ("past_strong", "past_medium", "frame", "nostalgia")
    sources = {
        "around_tense": [cols.value("tense", j) for j in range(cols.n)],
        "around_past_phrase": [
            float(any(cols.value(f"phrase:{f}", j) for f in past)) for j in range(cols.n)
        ],
        "around_i_past": [float(cols.value("i_past", j) > 0) for j in range(cols.n)],
    }
    k = tuning.NEIGHBOURS
    for j in range(cols.n):
        near = [i for i in prose if i < j][-k:] + [i for i in prose if i > j][:k]
        for name, values in sources.items():
            expected = sum(values[i] for i in near) / len(near)
            assert cols.value(name, j) == pytest.approx(expected), (j, name)
        before = [i for i in prose if i < j]
        after = [i for i in prose if i > j]
        register = [i for i in prose if i <= j][-tuning.CONTEXT - 1 :] + after[: tuning.CONTEXT]
        tenses = sources["around_tense"]
        expected = sum(tenses[i] for i in register) / len(register)
        assert cols.value("context_tense", j) == pytest.approx(expected), j
        assert cols.value("before_tense", j) == (
            sources["around_tense"][before[-1]] if before else 0
        )
        assert cols.value("after_tense", j) == (sources["around_tense"][after[0]] if after else 0)
    assert any(sources["around_past_phrase"]) and any(sources["around_i_past"])


def test_a_sparse_column_reads_like_its_dict() -> None:
    values = {7: -0.5, 2: 3.0, 40: 1.0}
    column = Sparse(values)
    assert dict(column) == values and len(column) == 3
    assert list(column) == [2, 7, 40] and list(column.pairs()) == [(2, 3.0), (7, -0.5), (40, 1.0)]
    assert column.at(7) == -0.5 and column.at(8) == 0.0 and column.at(41) == 0.0
    assert 40 in column and 3 not in column and "2" not in column
    with pytest.raises(KeyError):
        column[3]
    assert len(Sparse()) == 0 and Sparse().at(0) == 0.0


def test_title_white_space_is_collapsed_as_the_regex_did() -> None:
    # titles collapse white space with str.split: the same characters as the regex \s
    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    assert len(spaces) > 20
    text = f"{spaces}Un{spaces}titre\u00a0 \u2003coupé\n\t{spaces}ici{spaces}"
    assert _collapse(text) == re.sub(r"\s+", " ", text).strip() == "Un titre coupé ici"
    assert all(re.fullmatch(r"\s", ch) for ch in spaces)


def test_word_forms_keep_elisions_and_drop_numbers() -> None:
    assert word_forms("J’avais 12 ans, à l'époque : « Super » !") == [
        "j'avais",
        "ans",
        "à",
        "l'époque",
        "super",
    ]


def test_vocabulary_score_is_the_same_token_by_token() -> None:
    words = Vocabulary({"canapé": 1.0, "soir": 0.5, "faut": -2.0})
    text = "Ce soir, sur le canapé… Il faut dire que le canapé est vieux."
    expected = vocabulary_score([0.5, 1.0, -2.0, 1.0])
    assert words.score(text) == pytest.approx(expected)
    assert words.score(text) == pytest.approx(words.score(text))  # cached tokens
    assert words.strongest(text, 1.0) == ["canapé", "soir"]
    assert words.strongest(text, -1.0) == ["faut"]
    assert Vocabulary().score(text) == 0.0


def test_the_vocabulary_feature_reads_the_models_words() -> None:
    doc = doc_from_texts(["Ce soir, sur le canapé.", "Il faut agir.", "```x```"], "fr")
    words = Vocabulary({"canapé": 1.0, "soir": 0.5, "faut": -2.0})
    cols = columns(doc, vocabulary=words, quotes=True)
    assert cols.value("vocabulary", 0) > 0 > cols.value("vocabulary", 1)
    assert cols.quoted[(0, "vocabulary")] == '"canapé", "soir"'
    assert columns(doc).value("vocabulary", 0) == 0.0  # no model words, no feature


# --------------------------------------------------------------------------- headings


def test_short_headings_announce_a_kind() -> None:
    assert heading_cue("Avant") == R and heading_cue("Back then") == R
    assert heading_cue("Aujourd'hui") == A and heading_cue("Now") == A
    assert heading_cue("Hier et aujourd’hui") == A  # the last word wins
    assert heading_cue("La sécurité avant tout, toujours et partout") is None  # a phrase
    assert heading_cue("Le modem") is None and heading_cue(None) is None


def test_a_year_in_a_heading_is_read_against_the_essays_date() -> None:
    assert heading_cue("Objectifs 2024", 2024) == A  # this year: the present
    assert heading_cue("Objectifs 2024", 2023) == A  # next year: not a memory
    assert heading_cue("En 1998", 2024) == R and heading_cue("En 1998") == R
    assert heading_cue("2022", 2024) is None  # neither long ago nor now


def test_without_a_date_the_latest_year_written_is_the_present(write) -> None:  # type: ignore[no-untyped-def]
    essay = parse_essay(
        write(
            "b.md",
            "# Mon année\n\n## 2023\n\nEn 2023 j'ai changé de voiture.\n\n"
            "## Objectifs 2024\n\nPour 2024, je veux courir.\n",
        )
    )
    doc = doc_from_essay(essay)
    assert [path_cue(p, 2024)[0] for p in doc.paths] == [None, A]
    assert columns(doc).value("heading_present", 1) == 1.0


def test_a_heading_cue_reaches_its_whole_subtree(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "h.md",
        (
            "# Avant\n\n## Le modem\n\n"
            "Je revois encore le modem qui siffle, la facture qui grimpe, les soirées sur IRC.\n\n"
            "## Les forums\n\n"
            "Les forums sont ma maison. On y parle de tout, on s'y dispute, on s'y réconcilie.\n\n"
            "# Aujourd'hui\n\n## Les réseaux\n\n"
            "Les réseaux sociaux ont tout avalé. Je pense qu'il faut revenir aux forums.\n"
        ),
    )
    essay = parse_essay(path)
    doc = doc_from_essay(essay)
    assert doc.paths[0] == ("Avant", "Le modem")
    assert [path_cue(p)[0] for p in doc.paths] == [R, R, A]
    assert [s.kind for s in split_essay(essay)] == [R, R, A]
    assert doc.boundary == [False, True, True]


def test_a_break_is_a_boundary(write) -> None:  # type: ignore[no-untyped-def]
    essay = parse_essay(write("b.md", "Un.\n\n---\n\nDeux.\n"))
    assert doc_from_essay(essay).boundary == [False, True]


def test_essay_date_becomes_the_reference_year(write) -> None:  # type: ignore[no-untyped-def]
    path = write("d.md", "---\ndate: 2019-05-01\n---\n\nEn 1995, j'avais dix ans.\n")
    assert doc_from_essay(parse_essay(path)).year == 2019


# --------------------------------------------------------------------------- sequence


def _model(change: float = 2.0, heading_change: float = 0.5) -> Model:
    return Model(tuple(0.0 for _ in FEATURES), change, heading_change)


def _em(*pairs: tuple[float, float]) -> list[tuple[float, float, float]]:
    """Emissions from P(R) per paragraph; T impossible unless given as a third value."""
    out = []
    for p in pairs:
        pr = p[0]
        t = p[1] if len(p) > 1 else -math.inf
        out.append((math.log(pr), math.log(1 - pr), t))
    return out


def test_one_odd_paragraph_does_not_cut_a_section() -> None:
    em = _em((0.1,), (0.1,), (0.7,), (0.1,), (0.1,))
    assert viterbi(em, [False] * 5, _model()) == [A] * 5


def test_a_heading_makes_a_change_cheap() -> None:
    em = _em((0.1,), (0.1,), (0.7,), (0.7,))
    assert viterbi(em, [False] * 4, _model(change=2.0)) == [A] * 4
    assert viterbi(em, [False, False, True, False], _model(heading_change=0.2)) == [A, A, R, R]


def test_transitions_inside_a_section_join_it() -> None:
    em = [
        (math.log(0.9), math.log(0.1), -9.0),
        (-9.0, -9.0, 0.0),
        (math.log(0.9), math.log(0.1), -9.0),
    ]
    assert viterbi(em, [False] * 3, _model()) == [R, R, R]
    em[2] = (math.log(0.1), math.log(0.9), -9.0)
    assert viterbi(em, [False] * 3, _model(change=0.1)) == [R, T, A]


def test_a_title_line_opening_the_essay_is_a_transition() -> None:
    em = [(-9.0, -9.0, 0.0)] + _em((0.9,), (0.9,))
    assert viterbi(em, [False] * 3, _model()) == [T, R, R]


# --------------------------------------------------------------------------- weights


def test_shipped_weights_load_fast_and_cover_the_features() -> None:
    path = ROOT / "src" / "lecteur" / "sections" / "data" / "model.json"
    assert path.stat().st_size < 32_000
    data = json.loads(path.read_text("utf-8"))
    assert data["features"] == list(FEATURES)
    for language in ("fr", "en"):
        words = data["vocabulary"][language]
        assert 100 <= len(words) <= tuning.VOCABULARY_SIZE
        assert all(w == w.lower() and math.isfinite(x) for w, x in words.items())
    assert len(data["weights"]) == len(FEATURES)
    assert all(math.isfinite(w) for w in data["weights"])
    t0 = time.perf_counter()
    from_dict(data)
    assert time.perf_counter() - t0 < 0.01
    costs = data["costs"]
    assert costs["change"] > costs["heading_change"] > 0  # sections start at headings


def test_shipped_weights_keep_a_readers_direction() -> None:
    model = shipped()
    for name, sign in DIRECTION.items():
        assert sign * model.weight(name) >= 0, name
    assert sum(model.weight(n) for n, sign in DIRECTION.items() if sign > 0) > 5
    assert sum(model.weight(n) for n, sign in DIRECTION.items() if sign < 0) < -5


def _train_module():  # type: ignore[no-untyped-def]
    if importlib.util.find_spec("numpy") is None:
        pytest.skip("numpy is not installed (pip install -e '.[train]')")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sections_corpus
    import train_sections

    return sections_corpus, train_sections


def test_shipped_weights_are_what_the_training_script_produces() -> None:
    corpus, train = _train_module()
    path = corpus.real_dir()
    if path is None:
        pytest.skip("the real corpus is not here (../shared or $" + corpus.ENV + ")")
    data = train.train(train.training_set())
    shipped_data = json.loads(train.MODEL_PATH.read_text("utf-8"))
    assert data["features"] == shipped_data["features"]
    assert data["costs"] == shipped_data["costs"]
    assert data["weights"] == pytest.approx(shipped_data["weights"], abs=1e-3)
    assert data["vocabulary"] == shipped_data["vocabulary"]


def test_shipped_model_on_the_real_essays_it_learned_from() -> None:
    """In-sample, so a floor against a broken pipeline, not a measure (the CV is that)."""
    env = os.environ.get("LECTEUR_SECTIONS_REAL")
    real = Path(env) if env else ROOT.parent / "shared" / "corpora" / "sections-real"
    if not (real / "manifest.json").is_file():
        pytest.skip("the real corpus is not here")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sections_corpus

    right = total = 0
    for item in sections_corpus.load_real(real):
        kinds = sections_corpus.kinds_of(split_essay(item.essay), len(item.essay.paragraphs))
        r, t = sections_corpus.score(item, kinds)
        right, total = right + r, total + t
    assert right / total >= 0.78


def test_the_licensed_essays_load_once_each_with_their_authors() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import sections_corpus

    licensed = sections_corpus.load_licensed()
    assert len(licensed) >= 20
    assert all(item.group == "licensed" and item.author for item in licensed)
    assert {item.language for item in licensed} == {"fr", "en"}
    assert not any(item.id.startswith("real/") for item in sections_corpus.load_team())
    # an essay is the same essay as itself, and as no other
    pairs = sections_corpus.duplicates(licensed[:5], licensed[:5])
    assert pairs == [(i, i) for i in range(5)]
