"""Reading glossary files: located YAML/TOML nodes, schema validation, merging by id.

Every fault carries the file and line of the offending entry or field, so that
``lecteur glossary --check`` and the reader's status line can say where it is.
"""

from __future__ import annotations

import marshal
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from lecteur.glossary.model import (
    _COUNTRY_RE,
    _ID_RE,
    _YEARS_RE,
    KINDS,
    LANGUAGES,
    MAX_DEFINITION_LENGTH,
    SCHEMA_VERSION,
    Entry,
    Glossary,
    GlossaryError,
    GlossaryRefused,
)
from lecteur.safeyaml import YamlLimitError, check_graph, compose

_TOP_FIELDS = ("version", "entries")
_ENTRY_FIELDS = (
    "id",
    "term",
    "match",
    "case_sensitive",
    "kind",
    "years",
    "definition",
    "note",
    "see",
    "sources",
    "maker",
    "country",
    "context",
    "own_sense",
    "guard_phrases",
)
_REQUIRED_FIELDS = ("term", "kind", "years", "definition")

# ---------------------------------------------------------------------------
# Reading files into located nodes
# ---------------------------------------------------------------------------


@dataclass
class _Node:
    """A parsed value with the line where it starts (1-based; 0 if unknown)."""

    kind: Literal["map", "seq", "scalar"]
    line: int
    #: map: list of (key, value node); seq: list of nodes; scalar: the value.
    value: Any
    #: For scalars that read as text (strings, numbers): their text.
    text: str | None = None


@dataclass
class _Fault:
    file: str
    line: int
    message: str
    #: Fatal faults make :func:`load_glossary` fail; others are only linted.
    fatal: bool = True
    #: The file was refused as a whole (see :class:`GlossaryRefused`).
    refused: bool = False


# libyaml's parser when PyYAML was built with it (several times faster on 600 entries);
# the pure-Python one otherwise. Both give the node marks the line numbers come from.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML_STR_TAGS = frozenset(
    {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
)


MAX_YAML_VALUES = 500_000
"""Values a glossary file may hold once its YAML aliases are expanded (the largest shipped
file holds about 6,000): past it, the file is refused at once (an alias "bomb")."""


def _yaml_nodes(text: str, file: str) -> _Node | None:
    """Parse YAML text into located nodes (``None`` for an empty document).

    The node graph is measured before it is converted (:mod:`lecteur.safeyaml`): an alias
    bomb, a recursive alias or absurd nesting is one :class:`GlossaryError`, at once.
    """
    try:
        root = compose(text, _YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "syntax error"
        error = GlossaryRefused if "nesting depth" in problem else GlossaryError
        raise error(file, line, f"invalid YAML: {problem}") from exc
    except yaml.YAMLError as exc:
        raise GlossaryError(file, 0, f"invalid YAML: {exc}") from exc
    except RecursionError:  # the pure-Python composer, on very deep nesting
        raise GlossaryRefused(file, 0, "invalid YAML: nested too deeply") from None
    if root is None:
        return None
    try:
        check_graph(root, max_values=MAX_YAML_VALUES)
    except YamlLimitError as exc:
        raise GlossaryRefused(file, exc.line, f"invalid YAML: {exc.message}") from None
    constructor = yaml.SafeLoader("")

    # Recursive, but check_graph has bounded the depth (MAX_DEPTH) and refused cycles.
    def convert(node: yaml.Node) -> _Node:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return _Node("map", line, [(convert(k), convert(v)) for k, v in node.value])
        if isinstance(node, yaml.SequenceNode):
            return _Node("seq", line, [convert(v) for v in node.value])
        assert isinstance(node, yaml.ScalarNode)
        try:
            value = constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise GlossaryError(file, line, f"invalid YAML value: {exc}") from exc
        text = node.value if node.tag in _YAML_STR_TAGS else None
        return _Node("scalar", line, value, text)

    return convert(root)


def _toml_nodes(text: str, file: str) -> _Node:
    """Parse TOML text into located nodes.

    :mod:`tomllib` gives no positions, so lines are recovered from the text:
    each ``[[entries]]`` header starts an entry, and a field's line is that
    of its ``key =`` (or ``[entries.key]``) within the entry's block.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise GlossaryError(file, line, f"invalid TOML: {message}") from exc
    lines = text.splitlines()

    def find(pattern: str, lo: int, hi: int) -> int:
        rx = re.compile(pattern)
        for i in range(lo, min(hi, len(lines))):
            if rx.match(lines[i]):
                return i + 1
        return 0

    headers = [i for i, ln in enumerate(lines) if re.match(r"\s*\[\[\s*entries\s*\]\]", ln)]

    def key_line(key: str, lo: int, hi: int, default: int) -> int:
        quoted = re.escape(key)
        return (
            find(rf"\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=", lo, hi)
            or find(rf"\s*\[\s*entries\s*\.\s*{quoted}\s*\]", lo, hi)
            or default
        )

    def convert(value: Any, line: int, lo: int, hi: int) -> _Node:
        if isinstance(value, dict):
            pairs = []
            for k, v in value.items():
                kline = key_line(str(k), lo, hi, line)
                pairs.append(
                    (
                        _Node("scalar", kline, k, str(k)),
                        convert(v, kline, kline - 1 if kline else lo, hi),
                    )
                )
            return _Node("map", line, pairs)
        if isinstance(value, list):
            return _Node("seq", line, [convert(v, line, lo, hi) for v in value])
        text_value = (
            str(value)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            else None
        )
        return _Node("scalar", line, value, text_value)

    top_pairs: list[tuple[_Node, _Node]] = []
    first_header = headers[0] if headers else len(lines)
    for key, value in data.items():
        kline = key_line(str(key), 0, first_header, 0) or find(
            rf"\s*\[\[?\s*{re.escape(str(key))}\s*\]", 0, len(lines)
        )
        if key == "entries" and isinstance(value, list) and len(headers) == len(value):
            items = []
            for n, entry in enumerate(value):
                lo = headers[n]
                hi = headers[n + 1] if n + 1 < len(headers) else len(lines)
                items.append(convert(entry, lo + 1, lo, hi))
            node = _Node("seq", kline, items)
        else:
            node = convert(value, kline, kline - 1 if kline else 0, len(lines))
        top_pairs.append((_Node("scalar", kline, key, str(key)), node))
    return _Node("map", 1, top_pairs)


def _read_nodes(path: Path, file: str) -> _Node | None:
    """Read and parse one glossary file (YAML, or TOML by extension)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(file, 0, f"not UTF-8 text: {exc.reason}") from exc
    except OSError as exc:
        raise GlossaryError(file, 0, f"cannot read: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".toml":
        return _toml_nodes(text, file)
    return _yaml_nodes(text, file)


# ---------------------------------------------------------------------------
# Validating one file
# ---------------------------------------------------------------------------


@dataclass
class _Val:
    """A validated field value and where it was written."""

    value: Any
    line: int
    file: str
    #: For list fields: each item with its own line.
    items: tuple[tuple[str, int], ...] = ()


@dataclass
class _RawEntry:
    """One entry as written in one file (only the fields it gives)."""

    id: str
    file: str
    line: int
    fields: dict[str, _Val]
    definition: dict[str, _Val]
    note: dict[str, _Val]
    #: Fields (and "definition.<lang>") given but invalid: already reported,
    #: so they do not count as missing too.
    invalid: set[str] = field(default_factory=set)


class _FileChecker:
    """Validate the nodes of one file, collecting faults."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.faults: list[_Fault] = []

    def fault(self, line: int, message: str, *, fatal: bool = True) -> None:
        self.faults.append(_Fault(self.file, line, message, fatal))

    def mapping(self, node: _Node, what: str, allowed: Sequence[str]) -> dict[str, _Node] | None:
        """A map node as a dict, flagging non-string, unknown or repeated keys."""
        if node.kind != "map":
            self.fault(node.line, f"{what} must be a mapping")
            return None
        result: dict[str, _Node] = {}
        for key, value in node.value:
            if key.kind != "scalar" or not isinstance(key.value, str):
                self.fault(key.line, f"{what}: keys must be strings")
                continue
            name = key.value
            if name not in allowed:
                self.fault(
                    key.line,
                    f"{what}: unknown field {name!r} (expected one of {', '.join(allowed)})",
                )
                continue
            if name in result:
                self.fault(key.line, f"{what}: field {name!r} given twice")
                continue
            # Faults about a field point at its "field:" line.
            result[name] = _Node(value.kind, key.line or value.line, value.value, value.text)
        return result

    def string(self, node: _Node, what: str) -> str | None:
        if node.kind == "scalar" and node.text is not None and node.text.strip():
            return node.text.strip()
        if node.kind == "scalar" and node.text is not None:
            self.fault(node.line, f"{what} must not be empty")
        else:
            self.fault(node.line, f"{what} must be a string")
        return None

    def string_list(self, node: _Node, what: str) -> tuple[tuple[str, int], ...] | None:
        if node.kind != "seq":
            self.fault(node.line, f"{what} must be a list of strings")
            return None
        items: list[tuple[str, int]] = []
        for item in node.value:
            text = self.string(item, f"{what} item")
            if text is not None:
                items.append((text, item.line or node.line))
        return tuple(items)

    def languages(self, node: _Node, what: str) -> dict[str, _Val | None] | None:
        """A {language: text} mapping; ``None`` values were given but invalid."""
        mapping = self.mapping(node, what, LANGUAGES)
        if mapping is None:
            return None
        result: dict[str, _Val | None] = {}
        for lang, value in mapping.items():
            text = self.string(value, f"{what}.{lang}")
            result[lang] = _Val(text, value.line, self.file) if text is not None else None
        return result

    def entry(self, node: _Node, index: int) -> _RawEntry | None:
        where = f"entry #{index + 1}"
        fields = self.mapping(node, where, _ENTRY_FIELDS)
        if fields is None:
            return None
        id_node = fields.get("id")
        if id_node is None:
            self.fault(node.line, f"{where}: missing required field 'id'")
            return None
        entry_id = self.string(id_node, f"{where}: id")
        if entry_id is None:
            return None
        if not _ID_RE.fullmatch(entry_id):
            self.fault(id_node.line, f"entry {entry_id!r}: id must match [a-z0-9-]+")
            return None
        where = f"entry {entry_id!r}"
        raw = _RawEntry(entry_id, self.file, node.line, {}, {}, {})
        for name in ("term", "kind", "years", "maker", "country"):
            if name in fields:
                text = self.string(fields[name], f"{where}: {name}")
                if text is not None:
                    raw.fields[name] = _Val(text, fields[name].line, self.file)
        kind = raw.fields.get("kind")
        if kind is not None and kind.value not in KINDS:
            self.fault(
                kind.line,
                f"{where}: unknown kind {kind.value!r} (expected one of {', '.join(sorted(KINDS))})",
            )
            del raw.fields["kind"]
        years = raw.fields.get("years")
        if years is not None:
            problem = _years_problem(years.value)
            if problem:
                self.fault(years.line, f"{where}: malformed years {years.value!r}: {problem}")
                del raw.fields["years"]
        country = raw.fields.get("country")
        if country is not None and not _COUNTRY_RE.fullmatch(country.value):
            self.fault(
                country.line,
                f"{where}: country {country.value!r} is not an ISO 3166-1 alpha-2 code "
                "(two capital letters, e.g. FR, US)",
            )
            del raw.fields["country"]
        for name in ("case_sensitive", "own_sense", "guard_phrases"):
            if name in fields:
                flag = fields[name]
                if flag.kind == "scalar" and isinstance(flag.value, bool):
                    raw.fields[name] = _Val(flag.value, flag.line, self.file)
                else:
                    self.fault(flag.line, f"{where}: {name} must be true or false")
        for name in ("match", "see", "sources", "context"):
            if name in fields:
                items = self.string_list(fields[name], f"{where}: {name}")
                if items is None:
                    continue
                if name in ("match", "context") and not items:
                    self.fault(fields[name].line, f"{where}: {name} must not be empty")
                    continue
                raw.fields[name] = _Val(
                    tuple(t for t, _ in items), fields[name].line, self.file, items
                )
        for item, line in raw.fields["see"].items if "see" in raw.fields else ():
            if not _ID_RE.fullmatch(item):
                self.fault(line, f"{where}: see-also {item!r} is not a valid id")
        for item, line in raw.fields["sources"].items if "sources" in raw.fields else ():
            if not re.match(r"https?://\S+$", item):
                self.fault(line, f"{where}: source {item!r} is not an http(s) URL", fatal=False)
        if "definition" in fields:
            definition = self.languages(fields["definition"], f"{where}: definition")
            if definition is not None:
                raw.definition = {k: v for k, v in definition.items() if v is not None}
                raw.invalid |= {f"definition.{k}" for k, v in definition.items() if v is None}
                raw.fields["definition"] = _Val(None, fields["definition"].line, self.file)
                for lang, val in raw.definition.items():
                    if len(val.value) > MAX_DEFINITION_LENGTH:
                        self.fault(
                            val.line,
                            f"{where}: definition.{lang} is {len(val.value)} characters "
                            f"(at most {MAX_DEFINITION_LENGTH})",
                            fatal=False,
                        )
        if "note" in fields:
            note = self.languages(fields["note"], f"{where}: note")
            if note is not None:
                raw.note = {k: v for k, v in note.items() if v is not None}
        raw.invalid |= {name for name in fields if name not in raw.fields and name != "id"}
        return raw

    def document(self, root: _Node | None) -> list[_RawEntry]:
        if root is None:
            self.fault(1, "empty glossary file (expected 'version' and 'entries')")
            return []
        top = self.mapping(root, "glossary", _TOP_FIELDS)
        if top is None:
            return []
        version = top.get("version")
        if version is None:
            self.fault(root.line, "missing required field 'version'")
        elif not (
            version.kind == "scalar"
            and type(version.value) is int
            and version.value == SCHEMA_VERSION
        ):
            self.fault(version.line, f"unsupported version (expected {SCHEMA_VERSION})")
        entries = top.get("entries")
        if entries is None:
            self.fault(root.line, "missing required field 'entries'")
            return []
        if entries.kind != "seq":
            self.fault(entries.line, "entries must be a list")
            return []
        result: list[_RawEntry] = []
        seen: dict[str, int] = {}
        for index, node in enumerate(entries.value):
            raw = self.entry(node, index)
            if raw is None:
                continue
            if raw.id in seen:
                self.fault(
                    raw.line,
                    f"duplicate id {raw.id!r} (first defined at line {seen[raw.id]})",
                )
                continue
            seen[raw.id] = raw.line
            result.append(raw)
        return result


def _years_problem(years: str) -> str | None:
    """Why ``years`` is malformed, or ``None`` if it is fine (``?``: not known)."""
    if years.strip() == "?":
        return None
    found = _YEARS_RE.fullmatch(years)
    if found is None:
        return "expected YYYY, YYYY–YYYY, YYYY– or ?"
    if found.group(2) is not None and int(found.group(2)) < int(found.group(1)):
        return "the span ends before it starts"
    return None


_CHECKED: dict[tuple[str, str, int, int], tuple[list[_RawEntry], list[_Fault]]] = {}
"""Files read and validated in this process, by path, name, size and modification time:
the shipped glossary is read once however many essays a process opens (the tests open
dozens; a reader opening essays from a folder, several)."""

_KEEP_CHECKED = True


def keep_checked_files(keep: bool) -> None:
    """Whether this process keeps the files it read in :data:`_CHECKED`.

    The loader's processes read the glossary once and exit: for them the raw entries
    kept there (about 7 MB for the shipped glossary, as much as the glossary itself) are
    dead weight at the time of their peak, the match of a book.
    """
    global _KEEP_CHECKED
    _KEEP_CHECKED = keep
    if not keep:
        _CHECKED.clear()


def _check_file(path: Path, file: str) -> tuple[list[_RawEntry], list[_Fault]]:
    """Read and validate one file; a read/parse error is a single fatal fault.

    The result is kept in this process and on disk (:func:`_from_disk`): the next process
    reads the shipped glossary's twenty files back in a few milliseconds each, instead of
    parsing and validating their YAML again (about half a second in all).
    """
    try:
        info = path.stat()
    except OSError:
        return _check_file_now(path, file)
    key = (str(path.resolve()), file, info.st_size, info.st_mtime_ns)
    cached = _CHECKED.get(key)
    if cached is None:
        if len(_CHECKED) > 64:
            _CHECKED.clear()
        name = _disk_name(key)
        cached = _from_disk(name)
        if cached is None:
            cached = _check_file_now(path, file)
            _to_disk(name, cached)
        if _KEEP_CHECKED:
            _CHECKED[key] = cached
    entries, faults = cached
    return list(entries), list(faults)


#: Bump when what a checked file holds, or how it is written to disk, changes.
_DISK_FORMAT = 1
#: Checked files kept on disk (the least recently written go first).
_DISK_FILES = 64


def _disk_name(key: tuple[str, str, int, int]) -> str:
    """The cache file of a glossary file: its path, name, size and modification time, and
    this module's and the model's own (a new lecteur checks files anew)."""
    from lecteur.glossary import model
    from lecteur.regexcache import cache_key

    code = []
    for module_file in (__file__, model.__file__):
        try:
            info = Path(module_file).stat()
            code.append(f"{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            code.append("?")
    return cache_key([str(_DISK_FORMAT), *code, *map(str, key)]) + ".checked"


def _disk_folder() -> Path:
    from lecteur.regexcache import default_cache_dir

    return default_cache_dir("glossary-files")


def _from_disk(name: str) -> tuple[list[_RawEntry], list[_Fault]] | None:
    """A checked file read back (plain :mod:`marshal` data: no code), or None."""
    try:
        data = marshal.loads((_disk_folder() / name).read_bytes())
        entries = [
            _RawEntry(
                id_,
                file,
                line,
                {k: _Val(*v) for k, v in fields.items()},
                {k: _Val(*v) for k, v in definition.items()},
                {k: _Val(*v) for k, v in note.items()},
                set(invalid),
            )
            for id_, file, line, fields, definition, note, invalid in data[0]
        ]
        faults = [_Fault(*f) for f in data[1]]
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None
    return entries, faults


def _to_disk(name: str, checked: tuple[list[_RawEntry], list[_Fault]]) -> None:
    """Write a checked file's result (atomically); any failure only costs the time."""

    def val(v: _Val) -> tuple[Any, ...]:
        return (v.value, v.line, v.file, v.items)

    entries, faults = checked
    data = (
        [
            (
                e.id,
                e.file,
                e.line,
                {k: val(v) for k, v in e.fields.items()},
                {k: val(v) for k, v in e.definition.items()},
                {k: val(v) for k, v in e.note.items()},
                sorted(e.invalid),
            )
            for e in entries
        ],
        [(f.file, f.line, f.message, f.fatal, f.refused) for f in faults],
    )
    from lecteur.regexcache import write_atomically

    folder = _disk_folder()
    try:
        write_atomically(folder / name, marshal.dumps(data))
        kept = sorted(folder.glob("*.checked"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_DISK_FILES:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


def _check_file_now(path: Path, file: str) -> tuple[list[_RawEntry], list[_Fault]]:
    checker = _FileChecker(file)
    try:
        root = _read_nodes(path, file)
    except GlossaryError as exc:
        return [], [
            _Fault(exc.file, exc.line, exc.message, refused=isinstance(exc, GlossaryRefused))
        ]
    entries = checker.document(root)
    return entries, checker.faults


# ---------------------------------------------------------------------------
# Merging files
# ---------------------------------------------------------------------------


@dataclass
class _Merged:
    """An entry merged across files, remembering where each part came from."""

    id: str
    file: str
    line: int
    fields: dict[str, _Val]
    definition: dict[str, _Val]
    note: dict[str, _Val]

    def patterns(self) -> tuple[tuple[str, str, int], ...]:
        """Effective patterns as (pattern, file, line)."""
        match = self.fields.get("match")
        if match is not None:
            return tuple((text, match.file, line) for text, line in match.items)
        term = self.fields.get("term")
        if term is None:
            return ()
        return ((term.value, term.file, term.line),)

    @property
    def case_sensitive(self) -> bool:
        cs = self.fields.get("case_sensitive")
        return bool(cs.value) if cs is not None else False

    def to_entry(self) -> Entry:
        def value(name: str, default: Any) -> Any:
            val = self.fields.get(name)
            return val.value if val is not None else default

        return Entry(
            id=self.id,
            term=value("term", ""),
            patterns=tuple(p for p, _, _ in self.patterns()),
            case_sensitive=self.case_sensitive,
            kind=value("kind", ""),
            years=value("years", ""),
            definition={k: v.value for k, v in self.definition.items()},
            note={k: v.value for k, v in self.note.items()},
            see=tuple(value("see", ())),
            sources=tuple(value("sources", ())),
            file=self.file,
            line=self.line,
            maker=value("maker", ""),
            country=value("country", ""),
            context=tuple(value("context", ())),
            guard_phrases=bool(value("guard_phrases", False)),
        )


def _merge(
    files: Iterable[tuple[str, list[_RawEntry]]],
) -> tuple[dict[str, _Merged], list[_Fault]]:
    """Merge files in order: later files override earlier ids field by field."""
    merged: dict[str, _Merged] = {}
    faults: list[_Fault] = []
    for _file, raws in files:
        for raw in raws:
            current = merged.get(raw.id)
            if current is None:
                faults += _completeness_faults(raw)
                merged[raw.id] = _Merged(
                    raw.id,
                    raw.file,
                    raw.line,
                    dict(raw.fields),
                    dict(raw.definition),
                    dict(raw.note),
                )
                continue
            current.file, current.line = raw.file, raw.line
            current.fields.update(raw.fields)
            current.definition.update(raw.definition)
            current.note.update(raw.note)
    return merged, faults


def _completeness_faults(raw: _RawEntry) -> list[_Fault]:
    """Faults for a new id lacking a required field or a definition language.

    Fields given but invalid were reported already and are not "missing".
    """
    where = f"entry {raw.id!r}"
    faults = [
        _Fault(raw.file, raw.line, f"{where}: missing required field {name!r}")
        for name in _REQUIRED_FIELDS
        if name not in raw.fields and name not in raw.invalid
    ]
    definition = raw.fields.get("definition")
    if definition is not None:
        faults += [
            _Fault(raw.file, definition.line, f"{where}: definition lacks the {lang!r} language")
            for lang in LANGUAGES
            if lang not in raw.definition and f"definition.{lang}" not in raw.invalid
        ]
    return faults


def _resolve(
    paths: Sequence[str | Path], *, report_missing: bool
) -> tuple[tuple[str, ...], dict[str, _Merged], list[_Fault]]:
    """Read, validate and merge ``paths``; return files, entries and faults."""
    files: list[tuple[str, list[_RawEntry]]] = []
    faults: list[_Fault] = []
    for raw_path in paths:
        path = Path(raw_path)
        file = str(raw_path)
        if not path.is_file():
            if report_missing:
                faults.append(_Fault(file, 0, "no such glossary file"))
            continue
        entries, file_faults = _check_file(path, file)
        faults += file_faults
        files.append((file, entries))
    merged, merge_faults = _merge(files)
    return tuple(f for f, _ in files), merged, faults + merge_faults


def refusal(path: str | Path) -> GlossaryRefused | None:
    """Why the file at ``path`` is refused as a whole (alias bomb, nesting), or None.

    Reads it once: the result is kept for the lint or load that follows.
    """
    _entries, faults = _check_file(Path(path), str(path))
    for fault in faults:
        if fault.refused:
            return GlossaryRefused(fault.file, fault.line, fault.message)
    return None


def load_glossary(paths: Sequence[str | Path]) -> Glossary:
    """Load and merge glossary files, in order; missing paths are skipped.

    Strict: raises :class:`GlossaryError` (``file:line: message``) for the first file
    that cannot be parsed or breaks the schema (see :func:`load_glossaries` for the
    reader's lenient loading). Quality issues that do not break the schema (long
    definitions, common-word patterns, dangling see-also ids, ...) are only reported by
    :func:`lecteur.glossary.lint`.
    """
    files, merged, faults = _resolve(paths, report_missing=False)
    fatal = [f for f in faults if f.fatal]
    if fatal:
        order = {file: n for n, file in enumerate(files)}
        first = min(fatal, key=lambda f: (order.get(f.file, -1), f.line))
        error = GlossaryRefused if first.refused else GlossaryError
        raise error(first.file, first.line, first.message)
    entries = {id_: m.to_entry() for id_, m in merged.items()}
    return Glossary(entries, files)


def load_glossaries(paths: Sequence[str | Path]) -> Glossary:
    """Load and merge glossary files, in order, leaving out each broken one.

    What the reader uses: a user's or an essay's glossary file with a typo must not take
    the whole glossary down. A file that cannot be read, breaks the schema, or adds an
    incomplete entry is skipped as a whole, and :attr:`Glossary.warnings` says which
    file and why (``file:line: message``, the first fault). Missing paths are skipped
    silently.
    """
    kept: list[tuple[str, list[_RawEntry]]] = []
    warnings: list[str] = []
    for raw_path in paths:
        path = Path(raw_path)
        file = str(raw_path)
        if not path.is_file():
            continue
        entries, faults = _check_file(path, file)
        fatal = [f for f in faults if f.fatal]
        if not fatal:
            _merged, merge_faults = _merge([*kept, (file, entries)])
            fatal = [f for f in merge_faults if f.fatal and f.file == file]
        if fatal:
            first = min(fatal, key=lambda f: f.line)
            more = f" (and {len(fatal) - 1} more faults)" if len(fatal) > 1 else ""
            warnings.append(f"{first.file}:{first.line}: {first.message}{more}; file ignored")
            continue
        kept.append((file, entries))
    merged, _faults = _merge(kept)
    entries_by_id = {id_: m.to_entry() for id_, m in merged.items()}
    return Glossary(entries_by_id, tuple(f for f, _ in kept), tuple(warnings))
