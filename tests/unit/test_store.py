"""The state store: what it keeps, and what it does with a damaged, locked or missing file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lecteur.store import CorrectionRow, Position, Store, default_path, file_digest, reanchor

TEXTS = ["Il fut une époque.", "Le fond du post.", "Une transition.", "La fin."]


def opened(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "s.sqlite3")
    assert store.available and store.problem is None
    return store


def test_the_default_store_lives_in_the_test_state_folder(private_user_folders: Path) -> None:
    assert default_path().is_relative_to(private_user_folders)


def test_position_marks_corrections_and_searches_survive_a_reopen(tmp_path: Path) -> None:
    store = opened(tmp_path)
    essay = store.find(tmp_path / "e.md", "d1", TEXTS, "Titre")
    assert essay == "d1"
    store.save_position(essay, Position(2, 7), TEXTS[2])
    store.set_mark(essay, "bookmark", 1, 0, TEXTS[1])
    store.set_mark(essay, "note", 1, 0, TEXTS[1], "À relire")
    store.add_correction(essay, CorrectionRow("kind", 0, "argument"), TEXTS[0])
    store.add_correction(essay, CorrectionRow("kind", 0, "transition"), TEXTS[0])  # cycled
    store.add_correction(essay, CorrectionRow("split", 3), TEXTS[3])
    store.add_search("époque")
    store.add_search("fond")
    store.close()
    store = opened(tmp_path)
    assert store.position("d1") == Position(2, 7)
    assert [(m.kind, m.paragraph, m.text) for m in store.marks("d1")] == [
        ("bookmark", 1, ""),
        ("note", 1, "À relire"),
    ]
    assert store.corrections("d1") == [
        CorrectionRow("kind", 0, "transition"),  # only the last of a cycle is kept
        CorrectionRow("split", 3),
    ]
    assert store.searches() == ["fond", "époque"]
    store.delete_mark("d1", "bookmark", 1)
    assert [m.kind for m in store.marks("d1")] == ["note"]


def test_a_moved_file_keeps_its_state_by_its_bytes(tmp_path: Path) -> None:
    store = opened(tmp_path)
    essay = store.find(tmp_path / "a.md", "d1", TEXTS)
    store.save_position(essay, Position(3), TEXTS[3])
    assert store.find(tmp_path / "elsewhere" / "b.md", "d1") == "d1"
    assert store.position("d1") == Position(3)


def test_an_edited_file_keeps_what_can_be_anchored(tmp_path: Path) -> None:
    store = opened(tmp_path)
    path = tmp_path / "e.md"
    store.find(path, "old", TEXTS)
    store.save_position("old", Position(3, 2), TEXTS[3])
    store.set_mark("old", "note", 1, 0, TEXTS[1], "sur le fond")
    store.set_mark("old", "bookmark", 2, 0, TEXTS[2])  # its paragraph is rewritten below
    store.add_correction("old", CorrectionRow("split", 3), TEXTS[3])
    edited = ["Un nouveau début.", TEXTS[0], TEXTS[1], "Une autre transition.", TEXTS[3]]
    assert store.find(path, "new") is None  # unknown bytes at a known path: needs the text
    assert store.find(path, "new", edited) == "new"
    assert store.position("new") == Position(4, 2)
    assert [(m.kind, m.paragraph, m.text) for m in store.marks("new")] == [
        ("note", 2, "sur le fond")
    ]
    assert store.corrections("new") == [CorrectionRow("split", 4)]
    assert [m.kind for m in store.marks("old")] == ["bookmark"]  # kept aside, not deleted


def test_reanchor_prefers_the_nearest_copy_and_falls_back_on_the_start() -> None:
    from lecteur.store import fingerprint, quote_of

    texts = ["Bis.", "Autre.", "Bis.", "Le début d'un long paragraphe, puis une fin nouvelle."]
    assert reanchor(2, fingerprint("Bis."), "Bis.", texts) == 2
    assert reanchor(0, fingerprint("Bis."), "Bis.", texts) == 0
    old = "Le début d'un long paragraphe, puis une fin ancienne."
    assert reanchor(9, fingerprint(old), quote_of(old), texts) == 3
    assert reanchor(1, fingerprint("Disparu."), "Disparu.", texts) is None


def test_file_digest_is_of_the_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text("Texte.\n", encoding="utf-8")
    b.write_text("Texte.\n", encoding="utf-8")
    assert file_digest(a) == file_digest(b) is not None
    assert file_digest(tmp_path / "missing.md") is None


def test_a_truncated_database_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store.open(path)
    store.find(tmp_path / "e.md", "d1", TEXTS)
    for i in range(300):
        store.add_search(f"recherche numéro {i} " + "x" * 200)
    store.close()
    # Fold the WAL into the file, then cut the file in the middle of its pages.
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2 + 100])
    store = Store.open(path)
    assert store.available
    assert store.problem and "moved aside" in store.problem
    assert list(tmp_path.glob("s.sqlite3.broken-*"))
    assert store.searches() == []  # a fresh start, which works
    store.add_search("encore")
    assert store.searches() == ["encore"]


def test_a_file_that_is_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    store = Store.open(path)
    assert store.available and "moved aside" in (store.problem or "")


def test_a_database_that_is_a_directory_turns_memory_off(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.mkdir()
    store = Store.open(path)
    assert not store.available
    assert store.problem == f"memory off: {path} is a folder, not a database"
    # Every method answers "nothing" and the folder is left alone.
    assert store.find(tmp_path / "e.md", "d1", TEXTS) is None
    assert store.position("d1") is None and store.marks("d1") == [] and store.searches() == []
    store.add_search("x")
    assert path.is_dir()


def test_a_folder_that_cannot_be_created_turns_memory_off(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the home folder should be", encoding="utf-8")
    store = Store.open(blocker / "state" / "s.sqlite3")
    assert not store.available and "cannot create" in (store.problem or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_a_read_only_home_turns_memory_off(tmp_path: Path) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    try:
        store = Store.open(home / "state" / "s.sqlite3")
        assert not store.available and store.problem
    finally:
        home.chmod(0o700)


def test_a_locked_database_turns_memory_off_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    opened_store = Store.open(path)
    opened_store.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = Store.open(path, timeout=0.05)
        store.add_search("x")  # the write cannot wait forever: memory goes off
        assert not store.available
        assert "locked" in (store.problem or "")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_two_stores_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    a, b = Store.open(path), Store.open(path)
    a.find(tmp_path / "a.md", "da", TEXTS)
    b.find(tmp_path / "b.md", "db", TEXTS)
    for i in range(20):
        a.set_mark("da", "note", i, 0, f"paragraphe {i}", "a")
        b.set_mark("db", "note", i, 0, f"paragraphe {i}", "b")
    assert len(a.marks("db")) == 20 and len(b.marks("da")) == 20
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


WRITER = """
import sys
from pathlib import Path
from lecteur.store import Store
store = Store.open(Path(sys.argv[1]))
essay = store.find(Path("e.md"), "d1", ["x"])
i = 0
while True:
    store.set_mark(essay, "note", i, 0, f"paragraphe {i}", "n" * 2000)
    print(i, flush=True)
    i += 1
"""


def test_kill_9_during_writes_keeps_everything_committed_before(tmp_path: Path) -> None:
    """A writer killed with SIGKILL in the middle of its stream of transactions: the next
    start opens the database, and every transaction it reported committed is there."""
    path = tmp_path / "s.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    committed = -1
    for line in child.stdout:
        committed = int(line)
        if committed >= 200:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    store = Store.open(path)
    assert store.available and store.problem is None
    paragraphs = {m.paragraph for m in store.marks("d1")}
    assert set(range(committed + 1)) <= paragraphs
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


BOUNDED_WRITER = """
import sys
from pathlib import Path
from lecteur.store import Store
store = Store.open(Path(sys.argv[1]))
essay = store.find(Path(sys.argv[2]), sys.argv[2], ["x"])
for i in range(150):
    store.set_mark(essay, "note", i, 0, f"paragraphe {i}", "n" * 500)
    store.add_search(f"{sys.argv[2]} {i}")
print(store.problem or "ok", flush=True)
"""


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", BOUNDED_WRITER, str(path), name],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [child.communicate(timeout=120)[0].strip() for child in children]
    assert outputs == ["ok", "ok"]
    store = Store.open(path)
    assert len(store.marks("a")) == len(store.marks("b")) == 150
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
