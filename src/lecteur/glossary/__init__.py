"""The annotated glossary: loading, merging, linting and matching terms in text.

Part of the *model*: pure Python (PyYAML and the standard library only), with no
dependency on the user interface.

- :mod:`lecteur.glossary.model`: :class:`Entry`, :class:`Glossary`, :class:`Occurrence`,
  :class:`HeadingOccurrence`, :class:`GlossaryView`, the JSON export.
- :mod:`lecteur.glossary.files`: reading YAML/TOML files with line numbers, the schema,
  merging files by id (later files override earlier ones field by field).
- :mod:`lecteur.glossary.match`: the one-pass matcher and its rules (accents, NFD,
  ligatures, apostrophes, separators, numbers, versions, URLs, guards).
- :mod:`lecteur.glossary.lint`: the faults ``lecteur glossary --check`` reports.

The file format is described in the README ("Glossary format").
"""

from lecteur.glossary.files import load_glossaries, load_glossary, refusal
from lecteur.glossary.lint import COMMON_WORDS, lint
from lecteur.glossary.match import Matcher, find_in_essay, normalise
from lecteur.glossary.model import (
    KINDS,
    LANGUAGES,
    MAX_DEFINITION_LENGTH,
    Entry,
    Glossary,
    GlossaryError,
    GlossaryRefused,
    GlossaryView,
    HeadingOccurrence,
    LintFault,
    Occurrence,
    OccurrenceTable,
    glossary_json,
)

__all__ = [
    "COMMON_WORDS",
    "KINDS",
    "LANGUAGES",
    "MAX_DEFINITION_LENGTH",
    "Entry",
    "Glossary",
    "GlossaryError",
    "GlossaryRefused",
    "GlossaryView",
    "HeadingOccurrence",
    "LintFault",
    "Matcher",
    "Occurrence",
    "OccurrenceTable",
    "find_in_essay",
    "glossary_json",
    "lint",
    "load_glossaries",
    "load_glossary",
    "normalise",
    "refusal",
]
