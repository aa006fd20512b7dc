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
    from lecteur.glossary import Glossary, HeadingOccurrence, Occurrence
    from lecteur.store import CorrectionRow

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


def _glossary_files(folder: Path) -> list[Path]:
    """The glossary files of a folder, sorted by name (hidden files left out)."""
    try:
        return sorted(
            p
            for p in folder.iterdir()
            if p.suffix.lower() in GLOSSARY_SUFFIXES and p.is_file() and not p.name.startswith(".")
        )
    except OSError:
        return []


def glossary_data_dir() -> Path:
    """The shipped glossary: one file per domain (messaging, hosting, games...)."""
    return Path(__file__).resolve().parent / "glossary_data"


def user_glossary_dir() -> Path:
    """The reader's own glossary files: ``<user config folder>/lecteur/glossary/``.

    ``~/.config/lecteur/glossary`` on Linux (``$XDG_CONFIG_HOME`` respected),
    ``~/Library/Application Support/lecteur/glossary`` on macOS, ``%APPDATA%`` on Windows.
    """
    from platformdirs import user_config_path

    return user_config_path("lecteur", appauthor=False) / "glossary"


def glossary_paths(
    essay_path: Path, data_dir: Path | None = None, user_dir: Path | None = None
) -> list[Path]:
    """The glossary files that apply to an essay, in loading order (later ones override).

    1. the shipped glossary: every ``.yaml``/``.toml`` file in ``data_dir``
       (:func:`glossary_data_dir` by default), by name;
    2. the reader's own files in ``user_dir`` (:func:`user_glossary_dir` by default);
    3. ``glossary.yaml`` (or ``.toml``) beside the essay: terms for a folder of essays;
    4. ``<essay stem>.glossary.yaml`` beside the essay: notes about this essay only.

    Only existing files are returned.
    """
    essay_path = Path(essay_path)
    result = _glossary_files(glossary_data_dir() if data_dir is None else Path(data_dir))
    result += _glossary_files(user_glossary_dir() if user_dir is None else Path(user_dir))
    essay_dir = essay_path.parent
    for candidate in (
        _first_existing(essay_dir, "glossary"),
        _first_existing(essay_dir, f"{essay_path.with_suffix('').name}.glossary"),
    ):
        if candidate is not None and all(not _same_path(candidate, p) for p in result):
            result.append(candidate)
    return result


def shipped_glossaries() -> list[Path]:
    """The shipped glossary files: the domain files, then the bundled essays' own files."""
    bundled = sorted(
        p for p in bundled_dir().glob("*glossary.*") if p.suffix.lower() in GLOSSARY_SUFFIXES
    )
    return _glossary_files(glossary_data_dir()) + bundled


# --------------------------------------------------------------------------- steps


def split(essay: Essay, corrections: Sequence[CorrectionRow] | None = None) -> Essay:
    """Split the essay into sections: explicit marks win over the automatic split, and the
    reader's own corrections (kept in the state store) win over both.

    ``corrections``: None reads the reader's corrections for this file from the store
    (nothing when there is none, or no store); ``[]`` gives the split without them.
    """
    from lecteur.sections import split_essay

    sections = split_essay(essay)
    if corrections is None:
        from lecteur.store import read_corrections

        corrections = read_corrections(essay.path, essay.texts() if essay.complete else None)
    if corrections:
        from lecteur.corrections import apply

        sections = apply(sections, corrections, essay.texts(), essay.headings_for_paragraphs())
    essay.sections = sections
    return essay


def open_essay(
    path: str | Path,
    *,
    head: int | None = None,
    data: bytes | None = None,
    corrections: Sequence[CorrectionRow] | None = None,
) -> Essay:
    """Parse an essay file and split it into sections: what the reader shows.

    ``head``: only about that many characters of a big file (see :func:`parse_essay`).
    ``data``: the bytes already read (standard input).
    ``corrections``: see :func:`split` (None: the reader's, from the store).
    """
    return split(parse_essay(path, head=head, data=data), corrections)


def explain_lines(essay: Essay, *, first: int = 0) -> list[str]:
    """For each paragraph, its kind and the evidence behind it, one line each.

    Paragraphs are numbered from ``first``: 0 as in ``outline --json``, 1 in the reader.
    """
    from lecteur.sections import explain_essay

    return [e.describe(first=first) for e in explain_essay(essay)]


def explain_line(essay: Essay, paragraph: int, *, first: int = 0) -> str:
    """:func:`explain_lines` for one paragraph, reading only the paragraphs around it (fast
    in a book: the essay's sections are already known)."""
    from lecteur.sections import explain_paragraph

    return explain_paragraph(essay, paragraph).describe(first=first)


def open_glossary(
    essay: Essay, paths: Sequence[Path] | None = None
) -> tuple[Glossary, list[Occurrence], list[HeadingOccurrence]]:
    """Load the glossary files of an essay and find their terms in its paragraphs and
    headings.

    Lenient: a broken file is left out and named in ``glossary.warnings`` (see
    :func:`lecteur.glossary.load_glossaries`); this never raises for a bad file.
    """
    from lecteur.glossary import Matcher, find_in_essay, load_glossaries
    from lecteur.regexcache import default_cache_dir

    glossary = load_glossaries(glossary_paths(essay.path) if paths is None else paths)
    matcher = Matcher(glossary, cache_dir=default_cache_dir())
    occurrences, headings = find_in_essay(matcher, essay)
    return glossary, occurrences, headings
