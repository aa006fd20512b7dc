"""Where essays and glossaries are, and the steps that turn a file into what the reader shows.

:mod:`lecteur.essay` parses, :mod:`lecteur.sections` splits, :mod:`lecteur.glossary`
matches; this module knows where things live (the bundled folder, the glossary files of
an essay) and runs those steps in order. The CLI, the loader process and the reader all
go through it. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lecteur.essay import ESSAY_SUFFIXES, Essay, EssayError, parse_essay

if TYPE_CHECKING:
    from lecteur.glossary import Glossary, Occurrence

GLOSSARY_SUFFIXES = (".yaml", ".yml", ".toml")
"""Glossary files, in the order they are looked for."""

BUNDLED_ESSAY = "community-manager.md"
"""The essay lecteur opens when given no path."""


# --------------------------------------------------------------------------- locations


def bundled_dir() -> Path:
    """The folder of essays shipped with lecteur (in the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent
    packaged = here / "essays"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "essays"


def bundled_essay() -> Path:
    return bundled_dir() / BUNDLED_ESSAY


def find_essays(folder: Path) -> list[Path]:
    """Essay files in a folder (not recursive), sorted by name; glossary files excluded."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise EssayError(folder, f"cannot list the folder ({error.strerror or error})") from None
    return [
        p
        for p in entries
        if p.is_file()
        and p.suffix.lower() in ESSAY_SUFFIXES
        and not p.name.startswith(".")
        and ".glossary." not in p.name
        and p.name.lower() not in ("readme.md",)
    ]


def essay_file(path: Path | None) -> Path:
    """The essay file a command works on: the bundled essay for None; a folder is an error."""
    if path is None:
        return bundled_essay()
    if path.is_dir():
        raise EssayError(path, "is a folder; name an essay file (.md, .markdown or .txt)")
    if not path.exists():
        raise EssayError(path, "no such file")
    return path


def _first_existing(directory: Path, stem: str) -> Path | None:
    for suffix in GLOSSARY_SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def glossary_paths(essay_path: Path, shared_dir: Path | None = None) -> list[Path]:
    """The glossary files that apply to an essay, in loading order (later ones override).

    1. the shared glossary, ``glossary.yaml`` (or ``.toml``) in ``shared_dir`` (the
       bundled folder by default);
    2. ``glossary.yaml`` beside the essay, if that is another folder;
    3. ``<essay stem>.glossary.yaml`` beside the essay: notes about this essay only.

    Only existing files are returned.
    """
    essay_path = Path(essay_path)
    shared_dir = bundled_dir() if shared_dir is None else Path(shared_dir)
    result: list[Path] = []
    shared = _first_existing(shared_dir, "glossary")
    if shared is not None:
        result.append(shared)
    essay_dir = essay_path.parent
    if not _same_path(essay_dir, shared_dir):
        local = _first_existing(essay_dir, "glossary")
        if local is not None:
            result.append(local)
    own = _first_existing(essay_dir, f"{essay_path.with_suffix('').name}.glossary")
    if own is not None and all(not _same_path(own, p) for p in result):
        result.append(own)
    return result


def shipped_glossaries() -> list[Path]:
    """The shipped glossary files, the shared one first (later files override it)."""
    folder = bundled_dir()
    files = sorted(p for p in folder.glob("*glossary.*") if p.suffix in GLOSSARY_SUFFIXES)
    return sorted(files, key=lambda p: p.stem != "glossary")


# --------------------------------------------------------------------------- steps


SPLIT_CHARS = 20_000
"""Characters of each paragraph the section splitter reads. Its evidence (tenses, time
markers, the opening words for a title) is all in a paragraph's first pages; a 1 MB
paragraph given whole met patterns there that grow faster than its length."""


def splitter_texts(essay: Essay) -> list[str]:
    """Each paragraph's text as the splitter reads it (at most :data:`SPLIT_CHARS`)."""
    return [t if len(t) <= SPLIT_CHARS else t[:SPLIT_CHARS] for t in essay.texts()]


def split(essay: Essay) -> Essay:
    """Split the essay into sections (explicit marks win, the rest is automatic)."""
    from lecteur.sections import split_sections

    essay.sections = split_sections(
        splitter_texts(essay),
        language=essay.language,
        headings=essay.headings_for_paragraphs(),
        block_kinds=essay.block_kinds(),
        fixed=essay.marked_sections(),
    )
    return essay


def open_essay(path: str | Path, *, head: int | None = None, data: bytes | None = None) -> Essay:
    """Parse an essay file and split it into sections: what the reader shows.

    ``head``: only about that many characters of a big file (see :func:`parse_essay`);
    ``data``: the bytes already read (standard input).
    """
    return split(parse_essay(path, head=head, data=data))


def explain_lines(essay: Essay, *, first: int = 0) -> list[str]:
    """For each paragraph, its kind and the evidence behind it, one line each.

    Paragraphs are numbered from ``first``: 0 as in ``outline --json``, 1 in the reader.
    """
    from lecteur.sections import explain

    evidence = explain(
        splitter_texts(essay),
        language=essay.language,
        headings=essay.headings_for_paragraphs(),
        block_kinds=essay.block_kinds(),
        fixed=essay.marked_sections(),
    )
    return [e.describe(first=first) for e in evidence]


def open_glossary(
    essay: Essay, paths: Sequence[Path] | None = None
) -> tuple[Glossary, list[Occurrence]]:
    """Load the glossary files of an essay and find their terms in it.

    Raises :class:`lecteur.glossary.GlossaryError` for a bad glossary file.
    """
    from lecteur.glossary import Matcher, load_glossary

    glossary = load_glossary(glossary_paths(essay.path) if paths is None else paths)
    return glossary, Matcher(glossary).find(essay.texts())
