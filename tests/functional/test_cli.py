"""The command line: output, JSON shape, bad input.

Most tests run ``cli.main`` in this process (it needs no terminal); the last ones run the
real program, to prove the installed entry point behaves the same.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from lecteur.cli import main
from lecteur.library import open_essay


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str | Path) -> Result:
    """``lecteur ARGS…`` in this process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m lecteur ARGS…`` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "lecteur", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_print_holds_every_word_of_the_essay_in_order(essay_path: Path) -> None:
    result = run("print", "--width", "60")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    position = 0
    for paragraph in open_essay(essay_path).paragraphs:
        for word in paragraph.text.split():
            position = printed.index(word, position) + 1  # ValueError if missing or out of order
    assert "\x1b" not in result.stdout  # not a terminal: no escape codes
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    assert "━━ §1 · " in result.stdout


def test_print_never_emits_escape_sequences_from_the_file(write) -> None:
    path = write("evil.md", "Avant \x1b[2J\x1b]0;titre\x07 après [b]x[/b].\n")
    result = run("print", path)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[b]x[/b]" in result.stdout


def test_outline_json_is_exactly_the_documented_shape(essay_path: Path) -> None:
    result = run("outline", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "language", "paragraphs", "sections"}
    assert data["language"] == "fr"
    assert all(set(p) == {"index", "text"} for p in data["paragraphs"])
    assert [p["index"] for p in data["paragraphs"]] == list(range(len(data["paragraphs"])))
    assert data["paragraphs"][1]["text"].startswith("Il fut une époque, où")
    covered = []
    for s in data["sections"]:
        assert set(s) == {"kind", "title", "first", "last"}
        assert s["kind"] in ("reminiscence", "argument", "transition") and s["title"]
        covered.extend(range(s["first"], s["last"] + 1))
    assert covered == list(range(len(data["paragraphs"])))


def test_outline_table_is_readable() -> None:
    result = run("outline")
    assert result.returncode == 0
    # Section kinds are named in the interface language (English here, by LANG).
    assert "Reminiscence" in result.stdout and "Argument" in result.stdout


def test_outline_speaks_the_interface_language(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = run("outline")
    assert "Réminiscence" in result.stdout


def test_outline_explain_gives_evidence() -> None:
    result = run("outline", "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 29
    assert lines[1].startswith("¶1 reminiscence")


@pytest.mark.parametrize(
    ("setup", "problem"),
    [
        (lambda d: d / "missing.md", "no such file"),
        (lambda d: _file(d / "empty.md", b""), "empty"),
        (lambda d: _file(d / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00IHDR\x00"), "binary"),
        (lambda d: _file(d / "fm.md", b"---\ntitle: [x\n---\n\nTexte.\n"), "front matter"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "no essay"),
    ],
)
@pytest.mark.parametrize("command", [(), ("print",), ("outline", "--json")])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, setup, problem, command) -> None:
    path = setup(tmp_path)
    if command and problem == "no essay":
        problem = "folder"
    result = run(*command, path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0], result.stderr
    assert result.stdout == ""


def test_latin1_file_is_read(write) -> None:
    path = write("latin.txt", "Déjà l'été, ça y est.\n".encode("latin-1"))
    result = run("outline", "--json", path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["paragraphs"][0]["text"] == "Déjà l'été, ça y est."


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_glossary_json_offsets_point_into_the_outline_texts() -> None:
    outline = json.loads(run("outline", "--json").stdout)
    result = run("glossary", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"terms"}
    texts = [p["text"] for p in outline["paragraphs"]]
    ids = set()
    for term in data["terms"]:
        assert set(term) == {
            "id",
            "term",
            "kind",
            "years",
            "maker",
            "country",
            "definition",
            "occurrences",
            "headings",
        }
        assert set(term["definition"]) == {"fr", "en"}
        ids.add(term["id"])
        for occ in term["occurrences"]:
            assert set(occ) == {"paragraph", "start", "end", "text"}
            assert texts[occ["paragraph"]][occ["start"] : occ["end"]] == occ["text"]
        for occ in term["headings"]:
            assert set(occ) == {"block", "start", "end", "text"}
    # Every old-web and cultural reference the glossary issue lists is found.
    for required in (
        "icq",
        "mirc",
        "phpbb",
        "multimania",
        "mygale",
        "gandi",
        "lafraise",
        "patrice-cassard",
        "avatar",
        "navi",
        "jake-sully",
        "apec",
        "wikipedia",
        "community-manager",
        "twitter",
        "facebook",
        "tic",
        "apprenti-sorcier",
        "fracture",
        "bulle-internet",
        "web-2-0",
        "blog",
        "regie-publicitaire",
        "strategie-internet",
        "ecole-de-commerce",
        "salon-irc",
        "jeu-multijoueur",
    ):
        assert required in ids, required
    assert len(ids) >= 25


def test_glossary_check_reports_faults_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\nentries:\n"
        "  - id: a\n    term: A\n    kind: concept\n    years: '2000'\n"
        "    definition: {fr: 'x', en: 'y'}\n    see: [nowhere]\n"
        "  - id: a\n    term: B\n    kind: concept\n    years: '2001'\n"
        "    definition: {fr: 'x'}\n",
        encoding="utf-8",
    )
    result = run("glossary", "--check", bad)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 3
    assert all(line.startswith(f"{bad}:") and line.split(":")[1].isdigit() for line in lines)
    text = result.stdout
    assert "duplicate id" in text and "nowhere" in text and "en" in text
    assert run("glossary", "--check").returncode == 0  # the shipped files are clean


@pytest.mark.slow
def test_the_real_program_prints_lists_and_refuses_bad_input(tmp_path: Path) -> None:
    printed = run_process("print", "--width", "60")
    assert printed.returncode == 0 and "━━ §1 · " in printed.stdout
    assert printed.stdout == run("print", "--width", "60").stdout  # same as in-process
    outline = run_process("outline", "--json")
    assert json.loads(outline.stdout) == json.loads(run("outline", "--json").stdout)
    missing = run_process(tmp_path / "missing.md")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "no such file" in missing.stderr


def test_read_to_a_file_or_a_dumb_terminal_prints(write, monkeypatch) -> None:
    """`lecteur essay.md > out` (stdout not a terminal) and TERM=dumb: the text, not a UI."""
    path = write("e.md", "# Titre\n\nUn paragraphe.\n")
    result = run(path)  # stdout is a StringIO: not a terminal
    assert result.returncode == 0 and "Un paragraphe." in result.stdout
    assert "\x1b" not in result.stdout
    monkeypatch.setenv("TERM", "dumb")
    assert run(path).stdout == result.stdout


def test_read_from_standard_input_with_a_dash(monkeypatch) -> None:
    import io as _io

    fake = _io.TextIOWrapper(_io.BytesIO(b"# Tube\n\nDu texte venu d'un tube.\n"))
    monkeypatch.setattr(sys, "stdin", fake)
    result = run("print", "-")
    assert result.returncode == 0 and "Du texte venu d'un tube." in result.stdout
    assert result.stdout.startswith("Tube")


def test_an_empty_path_is_an_error_not_the_current_folder() -> None:
    result = run("")
    assert result.returncode == 2 and "empty path" in result.stderr
