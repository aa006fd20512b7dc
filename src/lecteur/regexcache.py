"""A disk cache of compiled regular expressions (and of the glossary matcher's tables).

Used by the glossary matcher and by the section splitter's phrase regexes (compiling
those cost about 170 ms at every start, before the first paint could show a split).

Building a :class:`~lecteur.glossary.match.Matcher` for the shipped glossary (over
a thousand entries, eleven thousand forms) and compiling the trie regex of a book
cost about a second, nearly all of it in Python: ``re`` parses a pattern in Python
before its C engine runs it. Both results depend only on the glossary's matching
fields, so they are kept in one file per glossary in the user cache folder:

- the tables (forms by key, shapes, shapes by opening word), as plain
  :mod:`marshal` data (no pickle: a cache file can hold no code to run);
- for each regex compiled so far, the engine's code (a list of integers) from
  which CPython's ``_sre.compile`` builds the pattern at once; ``_sre`` checks the
  code before running it.

Everything here is an optimisation: on any other Python, a file from another
version, a corrupt or unwritable cache, the matcher builds and compiles as usual.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["RegexStore", "cache_key", "default_cache_dir", "digest", "write_atomically"]

#: Bump when the tables or the regex sources change meaning.
FORMAT = 2
#: Regexes kept per glossary file, and their engine code in all (integers; the regex of
#: every shape of the shipped glossary takes about 230,000): the oldest go first.
MAX_REGEXES = 4096
MAX_CODE = 1_000_000
#: Glossary cache files kept in the folder (the least recently used are removed).
MAX_FILES = 8

_RegexData = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def default_cache_dir(part: str = "glossary") -> Path:
    """``$XDG_CACHE_HOME/lecteur/PART`` on Linux (platformdirs elsewhere): ``glossary`` for
    the matcher, ``sections`` for the splitter's phrase regexes."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("lecteur", appauthor=False)) / part


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so that a
    reader never sees half a file (raises OSError like any write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _engine() -> Any:
    """CPython's regex engine module (``_sre``), or None elsewhere."""
    try:
        return importlib.import_module("_sre")
    except ImportError:  # pragma: no cover - not CPython
        return None


def _engine_tag() -> str:
    magic = getattr(_engine(), "MAGIC", "none")
    return f"{FORMAT}:{sys.implementation.name}:{sys.version}:{magic}:{marshal.version}"


def cache_key(parts: Iterable[str]) -> str:
    """A digest of ``parts`` (the glossary's matching fields) and of this Python."""
    sha = hashlib.sha256(_engine_tag().encode())
    for part in parts:
        sha.update(part.encode("utf-8", "surrogatepass"))
        sha.update(b"\x00")
    return sha.hexdigest()[:32]


def digest(parts: Iterable[str]) -> str:
    """A short digest of strings (a regex's shapes, say)."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8", "surrogatepass"))
        sha.update(b"\x00")
    return sha.hexdigest()[:32]


def _regex_data(source: str) -> _RegexData | None:
    """What ``_sre.compile`` needs to rebuild ``re.compile(source)``, or None."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, 0)
        code = [int(op) for op in _compiler._code(parsed, 0)]
        groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (
            int(parsed.state.flags),
            code,
            int(parsed.state.groups),
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # pragma: no cover - another engine
        return None


def _from_data(source: str, data: Any) -> re.Pattern[str] | None:
    """The pattern rebuilt from cached engine code, or None if the code does not fit."""
    try:
        flags, code, groups, groupindex, indexgroup = data
        pattern: re.Pattern[str] = _engine().compile(
            source, flags, code, groups - 1, groupindex, tuple(indexgroup)
        )
    except Exception:
        return None
    if pattern.pattern != source or pattern.groups != groups - 1:
        return None
    return pattern


class RegexStore:
    """One glossary's cache file: its tables, and the regexes compiled for it.

    With ``folder=None`` nothing touches the disk: :meth:`regex` is ``re.compile``.
    """

    def __init__(self, folder: Path | None, key: str) -> None:
        self._path = folder / f"{key}.marshal" if folder is not None else None
        self.tables: Any = None
        self._regexes: dict[str, tuple[str, _RegexData]] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        #: Side files (a prefilter automaton): name -> SHA-256 of the file's bytes.
        self._sides: dict[str, str] = {}
        self._dirty = False
        if self._path is not None:
            self._load()

    def _load(self) -> None:
        assert self._path is not None
        try:
            data = marshal.loads(self._path.read_bytes())
            tables, regexes, sides = data
            if not isinstance(regexes, dict) or not isinstance(sides, dict):
                return
            self.tables, self._regexes, self._sides = tables, regexes, sides
            os.utime(self._path)  # recently used: kept when the folder is pruned
        except (OSError, EOFError, ValueError, TypeError):
            self.tables, self._regexes, self._sides = None, {}, {}

    @property
    def persistent(self) -> bool:
        """Whether compiled regexes are kept on disk (so compiling one is paid once)."""
        return self._path is not None

    def set_tables(self, tables: Any) -> None:
        if self._path is not None:
            self.tables = tables
            self._dirty = True

    def regex(self, key: str, build: Callable[[], str]) -> re.Pattern[str]:
        """The compiled regex whose source ``build()`` returns, stored under ``key``."""
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        stored = self._regexes.get(key)
        if stored is not None:
            source, data = stored
            compiled = _from_data(source, data)
            if compiled is not None:
                self._compiled[key] = compiled
                return compiled
            del self._regexes[key]
        source = build()
        # Parsed once: the engine code is both compiled here and kept for the cache.
        fresh = _regex_data(source) if self._path is not None else None
        built = _from_data(source, fresh) if fresh is not None else None
        if built is None:
            built = re.compile(source)
        elif fresh is not None:
            size = len(fresh[1])
            total = sum(len(data[1]) for _source, data in self._regexes.values())
            while self._regexes and (len(self._regexes) >= MAX_REGEXES or total + size > MAX_CODE):
                _source, data = self._regexes.pop(next(iter(self._regexes)))
                total -= len(data[1])
            self._regexes[key] = (source, fresh)
            self._dirty = True
        self._compiled[key] = built
        return built

    def side(self, name: str) -> bytes | None:
        """The bytes of the side file ``name``, if they are those that were stored."""
        digest_ = self._sides.get(name)
        if self._path is None or digest_ is None:
            return None
        try:
            data = self._path.with_suffix(f".{name}").read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest_ else None

    def side_path(self, name: str) -> Path | None:
        return self._path.with_suffix(f".{name}") if self._path is not None else None

    def keep_side(self, name: str, write: Callable[[Path], None]) -> None:
        """Store a side file: ``write(path)`` writes it; its digest goes in the cache file
        (a side file whose bytes differ is never used)."""
        if self._path is None:
            return
        target = self._path.with_suffix(f".{name}")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".tmp-", suffix=f".{name}")
            os.close(fd)
            try:
                write(Path(tmp))
                data = Path(tmp).read_bytes()
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return
        self._sides[name] = hashlib.sha256(data).hexdigest()
        self._dirty = True

    def flush(self) -> None:
        """Write what is new to the cache file (atomically), ignoring any failure."""
        if self._path is None or not self._dirty or self.tables is None:
            return
        self._dirty = False
        try:
            write_atomically(self._path, marshal.dumps((self.tables, self._regexes, self._sides)))
            _prune(self._path.parent, keep=self._path)
        except (OSError, ValueError):
            pass


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(
        (p for p in folder.glob("*.marshal") if p != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    kept = {keep.stem} | {p.stem for p in files[: MAX_FILES - 1]}
    stale = time.time() - 3600
    for path in folder.iterdir():
        # Old cache files, side files whose cache file is gone, and the temporary files
        # of writes cut short (an hour old: another process may be writing one now).
        if not path.is_file():
            continue
        if path.name.startswith(".tmp-"):
            if path.stat().st_mtime < stale:
                path.unlink(missing_ok=True)
        elif path.stem not in kept:
            path.unlink(missing_ok=True)
