"""lecteur's memory: one SQLite file in the user state folder (platformdirs).

What is kept, per essay: where the reader was, their bookmarks and notes, their
corrections to the split; and, for all essays, the last searches. An essay is known by
the SHA-256 of its file's bytes, with its path as a hint: a moved file keeps its state
(same bytes), an edited file keeps what can still be anchored (each paragraph-anchored
row carries a fingerprint of its paragraph's text, looked for in the new text).

Writes are transactions; the database is in WAL mode, so two lecteur processes may read
and write it at once. Memory is a comfort, never a reason not to read: a damaged file is
moved aside (and a fresh one started), a folder where the file should be, an unreadable
or locked file, a read-only or missing home folder make the store *off*; every method then
returns nothing and :attr:`Store.problem` holds the one line the status bar shows.

No Textual here. Methods are safe to call from any thread (one connection, one lock).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

APP_NAME = "lecteur"
DB_NAME = "lecteur.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 2.0
"""Seconds a write waits for another lecteur's transaction before giving up."""
SEARCHES_KEPT = 50

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS essays (
    id      TEXT PRIMARY KEY,          -- sha256 of the file's bytes
    path    TEXT NOT NULL,             -- where it was last seen (the hint for an edited file)
    title   TEXT NOT NULL DEFAULT '',
    seen    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS essays_path ON essays(path);
CREATE TABLE IF NOT EXISTS positions (
    essay       TEXT PRIMARY KEY REFERENCES essays(id) ON DELETE CASCADE,
    paragraph   INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    updated     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS marks (
    id          INTEGER PRIMARY KEY,
    essay       TEXT NOT NULL REFERENCES essays(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('bookmark', 'note')),
    paragraph   INTEGER NOT NULL,
    offset      INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    quote       TEXT NOT NULL,             -- the paragraph's start, for the export and anchoring
    text        TEXT NOT NULL DEFAULT '',  -- a note's text
    created     REAL NOT NULL,
    UNIQUE (essay, kind, paragraph)
);
CREATE TABLE IF NOT EXISTS corrections (
    id          INTEGER PRIMARY KEY,       -- the order they are applied in
    essay       TEXT NOT NULL REFERENCES essays(id) ON DELETE CASCADE,
    op          TEXT NOT NULL CHECK (op IN ('kind', 'split', 'merge')),
    paragraph   INTEGER NOT NULL,
    value       TEXT NOT NULL DEFAULT '',  -- the new kind, for 'kind'
    fingerprint TEXT NOT NULL,
    quote       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS searches (
    query   TEXT PRIMARY KEY,
    used    REAL NOT NULL
);
"""


# --------------------------------------------------------------------------- places


def state_dir() -> Path:
    """The user state folder (``$XDG_STATE_HOME/lecteur`` on Linux)."""
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def default_path() -> Path:
    return state_dir() / DB_NAME


@lru_cache(maxsize=32)
def _digest(path: str, size: int, mtime: int) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (cached while its size and mtime hold), or None."""
    try:
        info = os.stat(path)
        return _digest(str(Path(path).resolve()), info.st_size, info.st_mtime_ns)
    except OSError:
        return None


_SPACES = re.compile(r"\s+")


def fingerprint(text: str) -> str:
    """A paragraph's identity across edits elsewhere: its text, spaces collapsed, hashed."""
    return hashlib.sha1(_SPACES.sub(" ", text).strip().encode("utf-8")).hexdigest()[:16]


def quote_of(text: str, limit: int = 200) -> str:
    return _SPACES.sub(" ", text).strip()[:limit]


def reanchor(paragraph: int, print_: str, quote: str, texts: Sequence[str]) -> int | None:
    """Where a paragraph-anchored row goes in a new version of the text, or None.

    The paragraph with the same fingerprint nearest to the old index; failing that, the
    nearest one that starts as the quote started (a paragraph edited at its end).
    """
    prints = [fingerprint(t) for t in texts]
    same = [i for i, p in enumerate(prints) if p == print_]
    if not same:
        head = quote[:40]
        if len(head) >= 12:
            same = [i for i, t in enumerate(texts) if quote_of(t, 40) == head]
    if not same:
        return None
    return min(same, key=lambda i: abs(i - paragraph))


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader was: a paragraph and a character in it (not a line)."""

    paragraph: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class MarkRow:
    """A bookmark or a note on a paragraph."""

    id: int
    kind: str
    """``bookmark`` or ``note``."""
    paragraph: int
    offset: int
    quote: str
    text: str
    created: float


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """One correction of the split, in the order it was made (see :mod:`lecteur.corrections`)."""

    op: str
    """``kind``, ``split`` or ``merge``."""
    paragraph: int
    value: str = ""


# --------------------------------------------------------------------------- the store


class StoreOff(Exception):
    """The store cannot be used; ``str()`` is the one line the status bar shows."""


class Store:
    """The state database, or a store that is off (see :attr:`problem`)."""

    def __init__(self, connection: sqlite3.Connection | None, path: Path | None) -> None:
        self._db = connection
        self.path = path
        self.problem: str | None = None
        """Why memory is off, or what was repaired; None when all is well."""
        self._lock = threading.Lock()

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | None = None, *, timeout: float = BUSY_TIMEOUT) -> Store:
        """Open (and create) the state database; never raises.

        A file that is not a database, or a damaged one, is renamed ``….broken-<time>``
        and a fresh database started (``problem`` says so). A folder in its place, a
        locked or unreadable file, or a folder that cannot be created: the store is off.
        """
        path = default_path() if path is None else Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls.off(f"memory off: cannot create {path.parent} ({_reason(error)})")
        if path.is_dir():
            return cls.off(f"memory off: {path} is a folder, not a database")
        try:
            return cls(_connect(path, timeout), path)
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                return cls.off(f"memory off: {path}: {_reason(error)}")
        aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.rename(aside)
            for suffix in ("-wal", "-shm"):
                extra = path.with_name(path.name + suffix)
                if extra.exists():
                    extra.rename(aside.with_name(aside.name + suffix))
            store = cls(_connect(path, timeout), path)
        except (OSError, sqlite3.Error) as error:
            return cls.off(f"memory off: {path} is damaged and cannot be replaced ({error})")
        store.problem = f"memory: {path.name} was damaged; moved aside to {aside.name}"
        return store

    @classmethod
    def off(cls, problem: str) -> Store:
        store = cls(None, None)
        store.problem = problem
        return store

    @property
    def available(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._db is None:
            raise StoreOff(self.problem or "memory off")
        with self._lock, self._db:
            yield self._db

    def _run(self, default: T, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(connection)`` in one transaction; on any database error the store goes
        off with one message and ``default`` is returned."""
        if self._db is None:
            return default
        try:
            with self._transaction() as db:
                return work(db)
        except StoreOff:
            return default
        except sqlite3.Error as error:
            self.problem = f"memory off: {self.path}: {_reason(error)}"
            try:
                self.close()
            except sqlite3.Error:
                self._db = None
            return default

    # ------------------------------------------------------------ essays

    def find(
        self, path: Path, digest: str, texts: Sequence[str] | None = None, title: str = ""
    ) -> str | None:
        """The essay's id (its digest), recorded as seen at ``path``; None when off.

        Known by its bytes: the same id, wherever the file now is. Unknown bytes at a
        known path (an edited file): with ``texts``, what can still be anchored in them
        moves to the new id; without, None (call again with the whole text).
        """
        where = str(Path(path).resolve())

        def work(db: sqlite3.Connection) -> str | None:
            known = db.execute("SELECT 1 FROM essays WHERE id = ?", (digest,)).fetchone()
            if known is None and texts is None:
                old = db.execute(
                    "SELECT 1 FROM essays WHERE path = ? AND id != ?", (where, digest)
                ).fetchone()
                if old is not None:
                    return None
            db.execute(
                "INSERT INTO essays(id, path, title, seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET path = excluded.path, seen = excluded.seen, "
                "title = CASE WHEN excluded.title = '' THEN essays.title ELSE excluded.title END",
                (digest, where, title, time.time()),
            )
            if known is None and texts is not None:
                old_row = db.execute(
                    "SELECT id FROM essays WHERE path = ? AND id != ? ORDER BY seen DESC",
                    (where, digest),
                ).fetchone()
                if old_row is not None:
                    _migrate(db, old_row[0], digest, texts)
            return digest

        return self._run(None, work)

    def lookup(self, path: Path) -> str | None:
        """The id of the essay last seen at ``path`` (for ``lecteur notes``), or None."""
        where = str(Path(path).resolve())

        def work(db: sqlite3.Connection) -> str | None:
            row = db.execute(
                "SELECT id FROM essays WHERE path = ? ORDER BY seen DESC", (where,)
            ).fetchone()
            return None if row is None else str(row[0])

        return self._run(None, work)

    def known(self, digest: str) -> bool:
        return self._run(
            False,
            lambda db: (
                db.execute("SELECT 1 FROM essays WHERE id = ?", (digest,)).fetchone() is not None
            ),
        )

    # ------------------------------------------------------------ position

    def position(self, essay: str) -> Position | None:
        def work(db: sqlite3.Connection) -> Position | None:
            row = db.execute(
                "SELECT paragraph, offset FROM positions WHERE essay = ?", (essay,)
            ).fetchone()
            return None if row is None else Position(int(row[0]), int(row[1]))

        return self._run(None, work)

    def save_position(self, essay: str, position: Position, text: str) -> None:
        self._run(
            None,
            lambda db: db.execute(
                "INSERT INTO positions(essay, paragraph, offset, fingerprint, updated) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(essay) DO UPDATE SET "
                "paragraph = excluded.paragraph, offset = excluded.offset, "
                "fingerprint = excluded.fingerprint, updated = excluded.updated",
                (essay, position.paragraph, position.offset, fingerprint(text), time.time()),
            ),
        )

    # ------------------------------------------------------------ bookmarks and notes

    def marks(self, essay: str) -> list[MarkRow]:
        def work(db: sqlite3.Connection) -> list[MarkRow]:
            rows = db.execute(
                "SELECT id, kind, paragraph, offset, quote, text, created FROM marks "
                "WHERE essay = ? ORDER BY paragraph, kind",
                (essay,),
            ).fetchall()
            return [MarkRow(*row) for row in rows]

        return self._run([], work)

    def set_mark(
        self, essay: str, kind: str, paragraph: int, offset: int, text: str, note: str = ""
    ) -> None:
        """Set the bookmark, or the note, of a paragraph (one of each per paragraph)."""
        self._run(
            None,
            lambda db: db.execute(
                "INSERT INTO marks(essay, kind, paragraph, offset, fingerprint, quote, text, "
                "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(essay, kind, paragraph) "
                "DO UPDATE SET text = excluded.text, offset = excluded.offset",
                (
                    essay,
                    kind,
                    paragraph,
                    offset,
                    fingerprint(text),
                    quote_of(text),
                    note,
                    time.time(),
                ),
            ),
        )

    def delete_mark(self, essay: str, kind: str, paragraph: int) -> None:
        self._run(
            None,
            lambda db: db.execute(
                "DELETE FROM marks WHERE essay = ? AND kind = ? AND paragraph = ?",
                (essay, kind, paragraph),
            ),
        )

    # ------------------------------------------------------------ corrections

    def corrections(self, essay: str) -> list[CorrectionRow]:
        def work(db: sqlite3.Connection) -> list[CorrectionRow]:
            rows = db.execute(
                "SELECT op, paragraph, value FROM corrections WHERE essay = ? ORDER BY id",
                (essay,),
            ).fetchall()
            return [CorrectionRow(str(op), int(p), str(v)) for op, p, v in rows]

        return self._run([], work)

    def add_correction(self, essay: str, correction: CorrectionRow, text: str) -> None:
        def work(db: sqlite3.Connection) -> None:
            if correction.op == "kind":
                # Cycling a section's kind: only the last choice matters.
                last = db.execute(
                    "SELECT id, op, paragraph FROM corrections WHERE essay = ? "
                    "ORDER BY id DESC LIMIT 1",
                    (essay,),
                ).fetchone()
                if last is not None and last[1] == "kind" and last[2] == correction.paragraph:
                    db.execute("DELETE FROM corrections WHERE id = ?", (last[0],))
            db.execute(
                "INSERT INTO corrections(essay, op, paragraph, value, fingerprint, quote) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    essay,
                    correction.op,
                    correction.paragraph,
                    correction.value,
                    fingerprint(text),
                    quote_of(text),
                ),
            )

        self._run(None, work)

    def clear_corrections(self, essay: str) -> None:
        self._run(None, lambda db: db.execute("DELETE FROM corrections WHERE essay = ?", (essay,)))

    # ------------------------------------------------------------ searches

    def searches(self, limit: int = SEARCHES_KEPT) -> list[str]:
        """The last searches, the most recent first."""

        def work(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT query FROM searches ORDER BY used DESC LIMIT ?", (limit,)
            ).fetchall()
            return [str(r[0]) for r in rows]

        return self._run([], work)

    def add_search(self, query: str) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO searches(query, used) VALUES (?, ?) "
                "ON CONFLICT(query) DO UPDATE SET used = excluded.used",
                (query, time.time()),
            )
            db.execute(
                "DELETE FROM searches WHERE query NOT IN "
                "(SELECT query FROM searches ORDER BY used DESC LIMIT ?)",
                (SEARCHES_KEPT,),
            )

        self._run(None, work)


# --------------------------------------------------------------------------- helpers


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection in WAL mode with the schema, checked; raises sqlite3 errors."""
    db = sqlite3.connect(path, timeout=timeout, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.OperationalError(
                f"written by a newer lecteur (schema {version}, this one reads {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            # One transaction: another lecteur creating the schema at the same time waits.
            db.executescript(
                f"BEGIN IMMEDIATE;\n{SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
            )
        # Python's sqlite3 then manages transactions: `with db:` commits or rolls back.
        db.isolation_level = "DEFERRED"
    except BaseException:
        db.close()
        raise
    return db


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """A file that is not a database or is damaged (as opposed to locked or unreadable)."""
    if isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    text = str(error)
    if "locked" in text:
        return "locked by another program"
    if "unable to open" in text:
        return "cannot be opened"
    return text


def _migrate(db: sqlite3.Connection, old: str, new: str, texts: Sequence[str]) -> None:
    """Move what can be anchored in ``texts`` from essay ``old`` to essay ``new``.

    Rows that cannot be anchored stay with ``old`` (nothing is deleted).
    """
    row = db.execute(
        "SELECT p.paragraph, p.offset, p.fingerprint FROM positions p WHERE p.essay = ?", (old,)
    ).fetchone()
    if row is not None:
        where = reanchor(int(row[0]), str(row[2]), "", texts)
        if where is not None:
            db.execute(
                "INSERT OR REPLACE INTO positions(essay, paragraph, offset, fingerprint, updated) "
                "VALUES (?, ?, ?, ?, ?)",
                (new, where, int(row[1]), row[2], time.time()),
            )
    for mark_id, paragraph, print_, quote in db.execute(
        "SELECT id, paragraph, fingerprint, quote FROM marks WHERE essay = ?", (old,)
    ).fetchall():
        where = reanchor(int(paragraph), str(print_), str(quote), texts)
        if where is not None:
            db.execute(
                "UPDATE OR IGNORE marks SET essay = ?, paragraph = ?, fingerprint = ? WHERE id = ?",
                (new, where, fingerprint(texts[where]), mark_id),
            )
    for corr_id, paragraph, print_, quote in db.execute(
        "SELECT id, paragraph, fingerprint, quote FROM corrections WHERE essay = ? ORDER BY id",
        (old,),
    ).fetchall():
        where = reanchor(int(paragraph), str(print_), str(quote), texts)
        if where is not None:
            db.execute(
                "UPDATE corrections SET essay = ?, paragraph = ?, fingerprint = ? WHERE id = ?",
                (new, where, fingerprint(texts[where]), corr_id),
            )


def read_corrections(path: Path, texts: Sequence[str] | None) -> list[CorrectionRow]:
    """The corrections of the essay in ``path`` without opening a store for writing.

    For :func:`lecteur.library.split`, which runs in the loader process and the CLI:
    nothing is created when there is no database yet, and an edited file's corrections
    are re-anchored in ``texts`` (when given) without moving them. Never raises.
    """
    db_path = default_path()
    if not db_path.is_file():
        return []
    try:
        db = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error:
        return []
    try:
        if db.execute("SELECT 1 FROM corrections LIMIT 1").fetchone() is None:
            return []  # most readers never correct: no need to hash the file
        digest = file_digest(path)
        if digest is None:
            return []
        rows = db.execute(
            "SELECT op, paragraph, value FROM corrections WHERE essay = ? ORDER BY id", (digest,)
        ).fetchall()
        if rows or texts is None:
            return [CorrectionRow(str(o), int(p), str(v)) for o, p, v in rows]
        old = db.execute(
            "SELECT id FROM essays WHERE path = ? AND id != ? ORDER BY seen DESC",
            (str(Path(path).resolve()), digest),
        ).fetchone()
        if old is None:
            return []
        out = []
        for op, paragraph, value, print_, quote in db.execute(
            "SELECT op, paragraph, value, fingerprint, quote FROM corrections "
            "WHERE essay = ? ORDER BY id",
            (old[0],),
        ).fetchall():
            where = reanchor(int(paragraph), str(print_), str(quote), texts)
            if where is not None:
                out.append(CorrectionRow(str(op), where, str(value)))
        return out
    except sqlite3.Error:
        return []
    finally:
        db.close()
