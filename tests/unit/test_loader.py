"""The loader: the same essay as loading in-process, typed messages, errors and fallbacks."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from lecteur import loader
from lecteur.essay import EssayError
from lecteur.glossary import Matcher, load_glossary
from lecteur.library import glossary_paths, open_essay
from lecteur.loader import (
    ChildFailed,
    EssayReady,
    GlossaryProblem,
    GlossaryReady,
    Loader,
)

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def big_book(write) -> Path:
    return write(
        "big.md",
        "".join(f"## Partie {i}\n\n" + "Un mot de plus. " * 80 + "\n\n" for i in range(400)),
    )


@needs_fork
def test_small_essay_comes_whole_from_the_child(essay_path: Path) -> None:
    load = Loader(essay_path, head=40_000)
    assert load.pid > 0  # really a child process
    essay = load.first()
    load.close()
    direct = open_essay(essay_path)
    assert essay.complete
    assert essay.texts() == direct.texts()
    assert essay.sections == direct.sections
    assert essay.meta == direct.meta


@pytest.mark.parametrize("fork", [True, False], ids=["child", "in-process"])
def test_big_essay_comes_as_head_then_whole_then_glossary(write, fork: bool) -> None:
    path = big_book(write)
    load = Loader(path, head=5_000, fork=fork)
    head = load.first()
    assert not head.complete
    messages = list(load.rest())
    assert [type(m) for m in messages] == [EssayReady, GlossaryReady]
    whole = messages[0].essay
    assert whole.complete and whole.texts() == open_essay(path).texts()
    # Matched beside the split (in a grandchild, with fork): the same as here.
    (alone,) = list(Loader.resume(open_essay(path)).rest())
    assert messages[1] == alone
    assert head.texts() == whole.texts()[: len(head.paragraphs)]
    assert load.essay is whole
    assert load.pid == 0  # reaped


@pytest.mark.parametrize("fork", [True, False], ids=["child", "in-process"])
def test_the_glossary_comes_matched(essay_path: Path, fork: bool) -> None:
    load = Loader(essay_path, head=40_000, fork=fork)
    essay = load.first()
    (message,) = list(load.rest())
    assert isinstance(message, GlossaryReady)
    here = load_glossary(glossary_paths(essay_path))
    assert message.occurrences == Matcher(here).find(essay.texts())
    # Only what the reader can open: the entries found, and those their cards lead to.
    found = {o.entry_id for o in message.occurrences}
    assert found <= set(message.glossary.entries)
    led_to = {s for e in message.glossary.entries.values() for s in e.see if s in here.entries}
    assert set(message.glossary.entries) == found | led_to
    assert all(message.glossary.get(i) == here.get(i) for i in message.glossary.entries)
    assert len(message.glossary) < len(here)


def test_the_reader_glossary_follows_see_to_the_end() -> None:
    from lecteur.glossary import Glossary
    from lecteur.glossary.model import Occurrence
    from lecteur.loader import reader_glossary

    here = load_glossary(glossary_paths(Path("essay.md")))
    # An entry whose card leads to one that leads further.
    start = next(
        e for e in here.entries.values() if any(here.get(s) and here.get(s).see for s in e.see)
    )
    kept = reader_glossary(here, [Occurrence(start.id, 0, 0, 1, "x")])
    assert isinstance(kept, Glossary) and start.id in kept.entries
    for entry in kept.entries.values():
        assert all(s in kept.entries for s in entry.see if here.get(s) is not None)
    assert len(kept) >= 3
    assert reader_glossary(here, []).entries == {}


def test_messages_are_frozen_and_pickle(essay_path: Path) -> None:
    """What crosses the pipe: plain frozen dataclasses, no pickling hooks needed."""
    essay = open_essay(essay_path)
    (message,) = list(Loader.resume(essay).rest())
    assert isinstance(message, GlossaryReady)
    again = pickle.loads(pickle.dumps(message))
    assert again == message
    with pytest.raises(AttributeError):
        message.glossary = None  # type: ignore[misc]


def test_a_bad_glossary_is_reported(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Il fut une époque.\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text("entries: [oops\n", encoding="utf-8")
    load = Loader(essay, head=40_000)
    load.first()
    (message,) = list(load.rest())
    assert isinstance(message, GlossaryProblem) and "e.glossary.yaml" in message.message


@pytest.mark.parametrize("fork", [True, False], ids=["child", "in-process"])
def test_bad_input_is_raised_in_the_parent(write, fork: bool) -> None:
    load = Loader(write("empty.md", ""), head=40_000, fork=fork)
    with pytest.raises(EssayError, match="empty"):
        load.first()
    assert load.pid == 0


@needs_fork
def test_a_dead_child_falls_back_to_loading_here(essay_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(loader, "_child", lambda fd, path, head, go_fd, *rest: os._exit(3))
    load = Loader(essay_path, head=40_000)
    essay = load.first()
    assert essay.texts() == open_essay(essay_path).texts()
    assert [type(m) for m in load.rest()] == [GlossaryReady]  # the rest, done here


@needs_fork
def test_a_failing_child_falls_back_to_loading_here(essay_path: Path, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "open_essay", broken)
    monkeypatch.setattr(
        loader, "_child", lambda fd, path, head, go_fd, *rest: loader._send(fd, ChildFailed("x"))
    )
    load = Loader(essay_path, head=40_000)
    with pytest.raises(RuntimeError, match="boom"):  # the fallback really runs here
        load.first()
    load.close()


@needs_fork
def test_a_child_that_stops_after_the_head_leaves_the_rest_to_the_parent(
    write, monkeypatch
) -> None:
    path = big_book(write)

    def head_only(fd: int, path: Path, head: int, go_fd: int, *rest: object) -> None:
        loader._send(fd, EssayReady(open_essay(path, head=head)))
        loader._send(fd, ChildFailed("stopped"))

    monkeypatch.setattr(loader, "_child", head_only)
    load = Loader(path, head=5_000)
    assert not load.first().complete
    messages = list(load.rest())
    assert [type(m) for m in messages] == [EssayReady, GlossaryReady]
    assert messages[0].essay.complete


@needs_fork
def test_a_dead_glossary_grandchild_leaves_the_glossary_to_the_parent(write, monkeypatch) -> None:
    path = big_book(write)
    parent = os.getpid()
    real = loader.glossary_step

    def dies_away_from_home(essay, *rest):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os._exit(3)
        return real(essay, *rest)

    monkeypatch.setattr(loader, "glossary_step", dies_away_from_home)
    load = Loader(path, head=5_000)
    load.first()
    messages = list(load.rest())
    assert [type(m) for m in messages] == [EssayReady, GlossaryReady]
    (alone,) = list(Loader.resume(open_essay(path)).rest())
    assert messages[1] == alone  # matched here instead


@needs_fork
def test_closing_the_loader_ends_the_glossary_grandchild(
    write, tmp_path: Path, monkeypatch
) -> None:
    """The reader quits while a big book's glossary is matched: no process is left."""
    import time

    path = big_book(write)
    pid_file = tmp_path / "grandchild.pid"

    def slow(essay, *rest):  # type: ignore[no-untyped-def]
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    monkeypatch.setattr(loader, "glossary_step", slow)
    load = Loader(path, head=5_000)
    load.first()
    load.go()
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    grandchild = int(pid_file.read_text())
    load.close()
    for _ in range(100):
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the grandchild still runs")


def test_cancel_ends_the_rest_at_once_and_loads_nothing_here(write) -> None:
    """The reader quit while a big book loads in this process: the waiting ends, and no
    whole book or glossary comes after."""
    import threading

    path = big_book(write)
    load = Loader(path, head=5_000, fork=False)
    load.first()
    received: list[object] = []
    reader = threading.Thread(target=lambda: received.extend(load.rest()))
    reader.start()
    load.cancel()
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert not any(isinstance(m, GlossaryReady) for m in received)


def test_freed_memory_is_given_back_where_the_c_library_can(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ctypes

    from lecteur.loader import release_free_memory

    calls: list[int] = []

    class Trim:  # a C function: its types are set before the call
        argtypes: object = None
        restype: object = None

        def __call__(self, pad: int) -> int:
            assert self.argtypes == [ctypes.c_size_t]
            calls.append(pad)
            return 1

    class Libc:
        malloc_trim = Trim()

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    release_free_memory()
    assert calls == [0]

    class Other:  # musl, macOS: no malloc_trim
        pass

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Other())
    release_free_memory()  # nothing to give back, no error
    monkeypatch.undo()
    release_free_memory()  # this machine's own C library


def test_what_arrives_is_frozen_for_the_collector(essay_path: Path) -> None:
    """The model that crosses the pipe lives as long as the reader: it is moved out of
    the collector's reach as it arrives, not traversed at every later collection."""
    import gc

    essay = open_essay(essay_path)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the writer
        os.close(read)
        loader._send(write, EssayReady(essay))
        os._exit(0)
    os.close(write)
    gc.unfreeze()
    try:
        with os.fdopen(read, "rb") as stream:
            message = loader._receive(stream)
        assert isinstance(message, EssayReady)
        assert message.essay.paragraphs == essay.paragraphs
        frozen = gc.get_freeze_count()
        assert frozen > len(essay.paragraphs)
        tracked = {id(o) for o in gc.get_objects()}
        assert id(message.essay) not in tracked and id(message.essay.paragraphs) not in tracked
    finally:
        gc.unfreeze()
        os.waitpid(child, 0)
