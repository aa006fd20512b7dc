"""The reader's own glossary files: found in the user config folder, merged over the shipped
ones, linted by ``lecteur glossary --check FILE``; a broken file never stops the reader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lecteur.cli import main
from lecteur.essay import parse_essay
from lecteur.glossary import load_glossaries
from lecteur.library import glossary_paths, shipped_glossaries, user_glossary_dir
from lecteur.loader import GlossaryProblem, GlossaryReady, glossary_step

MINE = """
version: 1
entries:
  - id: icq
    note: {fr: "Mon premier numéro.", en: "My first number."}
  - id: minitel-rose
    term: Minitel rose
    kind: service
    years: "?"
    definition: {fr: "Messageries coquines du Minitel.", en: "The Minitel's adult chat lines."}
    see: [minitel]
    sources: ["https://example.org/"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user config folder (XDG_CONFIG_HOME), and its glossary folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = user_glossary_dir()
    assert folder == tmp_path / "config" / "lecteur" / "glossary"
    return folder


@pytest.fixture
def essay(tmp_path: Path) -> Path:
    path = tmp_path / "essais" / "souvenirs.md"
    write(path, "Mon numéro ICQ, puis le Minitel rose.\n")
    return path


def test_user_files_come_after_the_shipped_ones(config: Path, essay: Path) -> None:
    mine = write(config / "mine.yaml", MINE)
    paths = glossary_paths(essay)
    assert paths[: len(shipped_glossaries()) - 1] == shipped_glossaries()[:-1]
    assert paths[-1] == mine


def test_a_user_file_overrides_and_adds(config: Path, essay: Path) -> None:
    write(config / "mine.yaml", MINE)
    message = glossary_step(parse_essay(essay))
    assert isinstance(message, GlossaryReady)
    icq = message.glossary.get("icq")
    assert icq is not None and icq.note["fr"] == "Mon premier numéro." and icq.maker
    assert [o.entry_id for o in message.occurrences] == ["icq", "minitel-rose"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("entries: [oops\n", "invalid YAML"),
        ("version: 1\nentries:\n  - id: x\n    term: X\n", "missing required field"),
        ("version: 1\nentries:\n  - id: icq\n    kind: gadget\n", "unknown kind 'gadget'"),
    ],
)
def test_a_broken_user_file_is_left_out_and_reported(
    config: Path, essay: Path, text: str, why: str
) -> None:
    bad = write(config / "bad.yaml", text)
    write(config / "mine.yaml", MINE)
    message = glossary_step(parse_essay(essay))
    assert isinstance(message, GlossaryProblem)
    (warning,) = message.warnings
    assert warning.startswith(f"{bad}:") and why in warning and "file ignored" in warning
    # The rest of the glossary, the user's good file included, still came.
    assert message.glossary is not None and message.glossary.get("minitel-rose") is not None
    assert {o.entry_id for o in message.occurrences} == {"icq", "minitel-rose"}


def test_lenient_loading_keeps_order_and_names_each_bad_file(tmp_path: Path) -> None:
    alone = MINE.replace("see: [minitel]", "see: []")
    good = write(tmp_path / "a.yaml", alone[alone.index("  - id: minitel-rose") :])
    write(good, "version: 1\nentries:\n" + good.read_text(encoding="utf-8"))
    # A note on an id that no earlier file defines: an incomplete new entry.
    orphan = write(tmp_path / "b.yaml", MINE)
    bad = write(tmp_path / "c.yaml", "version: 2\nentries: []\n")
    missing = tmp_path / "absent.yaml"
    glossary = load_glossaries([good, orphan, bad, missing])
    assert glossary.files == (str(good),)
    assert [w.split(":")[0] for w in glossary.warnings] == [str(orphan), str(bad)]
    assert "missing required field" in glossary.warnings[0]
    assert glossary.get("minitel-rose") is not None


def test_check_lints_a_user_file_over_the_shipped_glossary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = write(tmp_path / "mine.yaml", MINE)  # see: [minitel], a shipped id
    assert main(["glossary", "--check", str(mine)]) == 0
    assert "no faults" in capsys.readouterr().out
    broken = write(tmp_path / "broken.yaml", MINE.replace("see: [minitel]", "see: [nowhere]"))
    assert main(["glossary", "--check", str(broken)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{broken}:10: entry 'minitel-rose': see-also 'nowhere' is not defined"]
