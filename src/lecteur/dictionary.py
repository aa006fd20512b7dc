"""Look up any word in the dictd databases installed on the machine (no server needed).

Debian's ``dict-*`` packages (FOLDOC, the Jargon File, GCIDE, WordNet, FreeDict…) put each
database in ``/usr/share/dictd`` as two files: ``NAME.index``, one line per headword
(``word<TAB>offset<TAB>length``, offsets in dictd's base64), and ``NAME.dict.dz``, the
definitions, compressed with *dictzip*: gzip whose header lists independently deflated
chunks, so one definition is read by inflating one or two chunks, not the whole file.

Pure Python, no Textual. Reading an index takes a fraction of a second for the largest
databases: do it off the event loop (:class:`Dictionaries` caches each index once read).
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lecteur.text import fold

DICT_DIRS: tuple[Path, ...] = (Path("/usr/share/dictd"), Path("/usr/local/share/dictd"))
"""Where dictd databases are installed."""

SUGGESTED_PACKAGES = (
    "dict-foldoc dict-jargon dict-gcide dict-wn dict-freedict-fra-eng dict-freedict-eng-fra"
)
"""What to install when no database is there (Debian and Ubuntu package names)."""

MAX_DEFINITION = 20_000
"""Characters of one definition kept: a card is not a book."""

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(_B64)}


class DictionaryError(Exception):
    """A database that cannot be read (a truncated file, a bad index line)."""


def b64_number(text: str) -> int:
    """A number in dictd's base64 (``"B"`` is 1, ``"BA"`` is 64)."""
    value = 0
    for char in text:
        digit = _B64_VALUE.get(char)
        if digit is None:
            raise DictionaryError(f"not a dictd base64 number: {text!r}")
        value = value * 64 + digit
    return value


@dataclass(frozen=True)
class Definition:
    """One database's entry for a word."""

    database: str
    """The database's name as dictd gives it (``foldoc``, ``jargon``, ``wn``…)."""
    title: str
    """Its description from the ``00-database-short`` entry, else its name."""
    headword: str
    text: str


class DictzipReader:
    """Random access to a dictzip file (or a plain gzip one, inflated whole once)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._chunk_length = 0
        self._chunk_offsets: list[int] = []
        self._chunk_sizes: list[int] = []
        self._data: bytes | None = None
        self._read_header()

    def _read_header(self) -> None:
        try:
            self._parse_header()
        except (OSError, struct.error) as error:
            raise DictionaryError(f"{self.path}: unreadable dictzip header ({error})") from None

    def _parse_header(self) -> None:
        with self.path.open("rb") as f:
            head = f.read(10)
            if len(head) < 10 or head[:2] != b"\x1f\x8b":
                raise DictionaryError(f"{self.path}: not a gzip file")
            flags = head[3]
            if not flags & 0x04:  # no FEXTRA: plain gzip, no random access
                return
            (extra_length,) = struct.unpack("<H", f.read(2))
            extra = f.read(extra_length)
            position = 12 + extra_length
            chunks = self._random_access_field(extra)
            if flags & 0x08:  # FNAME
                position += self._skip_zero_terminated(f)
            if flags & 0x10:  # FCOMMENT
                position += self._skip_zero_terminated(f)
            if flags & 0x02:  # FHCRC
                position += 2
        if chunks is None:
            return
        self._chunk_length, sizes = chunks
        offset = position
        for size in sizes:
            self._chunk_offsets.append(offset)
            self._chunk_sizes.append(size)
            offset += size

    @staticmethod
    def _skip_zero_terminated(f: BinaryIO) -> int:
        count = 0
        while True:
            byte = f.read(1)
            count += 1
            if not byte or byte == b"\x00":
                return count

    @staticmethod
    def _random_access_field(extra: bytes) -> tuple[int, list[int]] | None:
        """The dictzip ``RA`` subfield: chunk length and compressed chunk sizes."""
        position = 0
        while position + 4 <= len(extra):
            tag = extra[position : position + 2]
            (length,) = struct.unpack("<H", extra[position + 2 : position + 4])
            body = extra[position + 4 : position + 4 + length]
            if tag == b"RA" and len(body) >= 6:
                _version, chunk_length, count = struct.unpack("<HHH", body[:6])
                sizes = list(struct.unpack(f"<{count}H", body[6 : 6 + 2 * count]))
                return chunk_length, sizes
            position += 4 + length
        return None

    def read(self, offset: int, length: int) -> bytes:
        """``length`` bytes of the uncompressed text from ``offset``."""
        if not self._chunk_offsets:
            if self._data is None:
                try:
                    self._data = gzip.decompress(self.path.read_bytes())
                except (OSError, EOFError, zlib.error) as error:
                    raise DictionaryError(f"{self.path}: {error}") from None
            return self._data[offset : offset + length]
        first = offset // self._chunk_length
        last = (offset + length - 1) // self._chunk_length
        if first >= len(self._chunk_offsets):
            return b""
        parts = []
        with self.path.open("rb") as f:
            for chunk in range(first, min(last, len(self._chunk_offsets) - 1) + 1):
                f.seek(self._chunk_offsets[chunk])
                raw = f.read(self._chunk_sizes[chunk])
                try:
                    parts.append(zlib.decompressobj(-15).decompress(raw))
                except zlib.error as error:
                    raise DictionaryError(f"{self.path}: chunk {chunk}: {error}") from None
        data = b"".join(parts)
        start = offset - first * self._chunk_length
        return data[start : start + length]


@dataclass
class Database:
    """One dictd database: its index in memory, its definitions read on demand."""

    name: str
    index_path: Path
    dict_path: Path
    _index: dict[str, list[tuple[str, int, int]]] | None = field(default=None, repr=False)
    _reader: DictzipReader | None = field(default=None, repr=False)
    _title: str | None = field(default=None, repr=False)

    def index(self) -> dict[str, list[tuple[str, int, int]]]:
        """Folded headword → ``(headword, offset, length)`` entries. Read once."""
        if self._index is None:
            index: dict[str, list[tuple[str, int, int]]] = {}
            try:
                raw = self.index_path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise DictionaryError(f"{self.index_path}: {error.strerror or error}") from None
            for line in raw.splitlines():
                parts = line.split("\t")
                if len(parts) < 3:
                    continue
                try:
                    entry = (parts[0], b64_number(parts[1]), b64_number(parts[2]))
                except DictionaryError:
                    continue
                index.setdefault(fold(parts[0]), []).append(entry)
            self._index = index
        return self._index

    def _read(self, offset: int, length: int) -> str:
        if self._reader is None:
            self._reader = DictzipReader(self.dict_path)
        data = self._reader.read(offset, min(length, MAX_DEFINITION * 4))
        return data.decode("utf-8", errors="replace")[:MAX_DEFINITION]

    @property
    def title(self) -> str:
        """The database's own short description (its ``00-database-short`` entry)."""
        if self._title is None:
            self._title = self.name
            for key in ("00-database-short", "00databaseshort"):
                for _, offset, length in self.index().get(key, []):
                    lines = self._read(offset, length).strip().splitlines()
                    text = (lines[1] if len(lines) > 1 else lines[0]).strip() if lines else ""
                    if text:
                        self._title = text
                        return self._title
        return self._title

    def lookup(self, word: str) -> list[Definition]:
        """Every entry of this database for ``word`` (case and accents ignored)."""
        out = []
        for headword, offset, length in self.index().get(fold(word.strip()), []):
            out.append(Definition(self.name, self.title, headword, self._read(offset, length)))
        return out


def find_databases(folders: Iterable[Path] = DICT_DIRS) -> list[Database]:
    """The databases installed in ``folders`` (an ``.index`` with its ``.dict[.dz]``)."""
    found: list[Database] = []
    seen: set[str] = set()
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.endswith(".index"):
                continue
            stem = name[: -len(".index")]
            for suffix in (".dict.dz", ".dict"):
                data = folder / f"{stem}{suffix}"
                if data.is_file() and stem not in seen:
                    seen.add(stem)
                    found.append(Database(stem, folder / name, data))
                    break
    return found


def candidates(word: str) -> list[str]:
    """The forms of a word worth looking up: as written, then without an elision or a
    plural ending (« l'ordinateur » → ordinateur, "modems" → modem)."""
    word = word.strip(' \t\n.,;:!?«»"“”()[]{}…')
    forms = [word]
    for apostrophe in ("'", "’"):
        if apostrophe in word[:4]:
            forms.append(word.split(apostrophe, 1)[1])
    for form in list(forms):
        lowered = form.lower()
        if lowered.endswith("ies") and len(form) > 4:
            forms.append(form[:-3] + "y")
        if lowered.endswith(("s", "x")) and len(form) > 3:
            forms.append(form[:-1])
    return list(dict.fromkeys(f for f in forms if f))


class Dictionaries:
    """The installed databases, looked up together (each index read once, on first use)."""

    def __init__(self, databases: Sequence[Database] | None = None) -> None:
        self.databases = list(find_databases() if databases is None else databases)

    def __bool__(self) -> bool:
        return bool(self.databases)

    def lookup(self, word: str) -> tuple[str, list[Definition]]:
        """The first form of ``word`` that some database knows, and its definitions.

        Databases that cannot be read are skipped: one broken package must not hide the
        others.
        """
        for form in candidates(word):
            found: list[Definition] = []
            for database in self.databases:
                try:
                    found.extend(database.lookup(form))
                except DictionaryError:
                    continue
            if found:
                return form, found
        return word, []
