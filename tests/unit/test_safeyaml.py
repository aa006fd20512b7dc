"""YAML that cannot hang lecteur: alias bombs, recursive aliases and deep nesting are
refused from the node graph, at once, in front matter and in glossary files alike."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from lecteur.cli import main
from lecteur.essay import parse_essay
from lecteur.glossary import GlossaryRefused, load_glossaries, load_glossary, refusal
from lecteur.library import shipped_glossaries
from lecteur.loader import GlossaryProblem, glossary_step
from lecteur.safeyaml import MAX_DEPTH, YamlLimitError, check_graph, compose, load_strings


def bomb(levels: int = 9) -> str:
    """A "billion laughs": nine aliases to nine aliases, ``levels`` deep (9**levels)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "k: " + "[" * depth + "]" * depth + "\n"


GLOSSARY_BOMB = bomb() + "version: 1\nentries:\n  - id: x\n    term: X\n    see: *a8\n"
HOSTILE = {
    "bomb": (GLOSSARY_BOMB, "alias bomb"),
    "recursive": ("version: 1\nentries: &e [*e]\n", "recursive YAML alias"),
    "deep": ("version: 1\n" + nested(MAX_DEPTH + 20), f"more than {MAX_DEPTH} levels"),
    "deeper-than-libyaml": ("version: 1\n" + nested(20_000), "nesting depth"),
}


# --------------------------------------------------------------------------- the checker


def test_the_graph_of_a_bomb_is_small_and_refused_at_once() -> None:
    root = compose(bomb())
    assert root is not None
    started = time.monotonic()
    with pytest.raises(YamlLimitError, match="alias bomb") as info:
        check_graph(root, max_values=1_000_000)
    assert time.monotonic() - started < 5  # a hang guard (it takes a millisecond)
    assert info.value.line == 7  # a6, the first list past the limit (9**7 values)


def test_values_are_counted_as_expanded() -> None:
    root = compose("a: &x [1, 2, 3]\nb: *x\nc: *x\n")
    assert root is not None
    # 1 mapping + 3 keys + 3 × (1 list + 3 items) = 16 values once expanded.
    check_graph(root, max_values=16)
    with pytest.raises(YamlLimitError):
        check_graph(root, max_values=15)


def test_depth_is_counted() -> None:
    root = compose(nested(10))
    assert root is not None
    check_graph(root, max_values=100, max_depth=11)  # the mapping and 10 lists
    with pytest.raises(YamlLimitError, match="more than 10 levels"):
        check_graph(root, max_values=100, max_depth=10)


def test_a_shared_value_is_not_a_cycle() -> None:
    root = compose("a: &x {k: v}\nb: [*x, *x]\n")
    assert root is not None
    check_graph(root, max_values=100)


def test_load_strings_builds_only_checked_documents() -> None:
    assert load_strings("date: 2023-02-30\nn: 5\n", max_values=10) == {
        "date": "2023-02-30",
        "n": "5",
    }
    with pytest.raises(YamlLimitError):
        load_strings(bomb(), max_values=10_000)
    with pytest.raises(ValueError, match="mine"):
        load_strings(bomb(), max_values=10_000, on_limit=lambda e: ValueError("mine"))
    # A tag builds nothing: the value is the text.
    assert load_strings("a: !!python/object:os.system x\n", max_values=10) == {"a": "x"}
    with pytest.raises(yaml.YAMLError):
        load_strings("a: [oops\n", max_values=10)


# --------------------------------------------------------------------------- glossary files


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_glossary_file_is_one_error_at_once(tmp_path: Path, name: str) -> None:
    text, why = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(GlossaryRefused, match=why):
        load_glossary([path])
    # A hang guard, not a benchmark (expanded, the bomb is 387 million values): the
    # refusal takes milliseconds; the bound leaves room for a loaded machine.
    assert time.monotonic() - started < 5
    refused = refusal(path)
    assert refused is not None and why in refused.message
    # The lenient loader leaves it out, names it, and keeps the others.
    glossary = load_glossaries([*shipped_glossaries(), path])
    (warning,) = glossary.warnings
    assert warning.startswith(f"{path}:") and why in warning
    assert len(glossary) > 1000


def test_an_ordinary_syntax_error_is_not_a_refusal(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("entries: [oops\n", encoding="utf-8")
    assert refusal(path) is None


@pytest.mark.parametrize("name", list(HOSTILE))
def test_check_says_it_in_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text, why = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    assert main(["glossary", "--check", str(path)]) == 2
    assert time.monotonic() - started < 20  # a hang guard: the shipped files are read too
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"lecteur: {path}: line ") and why in line


def test_a_bomb_beside_an_essay_is_a_note_and_the_essay_reads_on(tmp_path: Path) -> None:
    essay = tmp_path / "souvenirs.md"
    essay.write_text("Mon numéro ICQ, sur mon Minitel.\n", encoding="utf-8")
    beside = tmp_path / "souvenirs.glossary.yaml"
    beside.write_text(GLOSSARY_BOMB, encoding="utf-8")
    message = glossary_step(parse_essay(essay))
    assert isinstance(message, GlossaryProblem)
    (warning,) = message.warnings
    assert str(beside) in warning and "alias bomb" in warning and "file ignored" in warning
    assert message.glossary is not None
    assert {o.entry_id for o in message.occurrences} >= {"icq", "minitel"}
