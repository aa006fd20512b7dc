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
    assert message.glossary == here
    assert message.occurrences == Matcher(here).find(essay.texts())


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
    monkeypatch.setattr(loader, "_child", lambda fd, path, head, go_fd: os._exit(3))
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
        loader, "_child", lambda fd, path, head, go_fd: loader._send(fd, ChildFailed("x"))
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

    def head_only(fd: int, path: Path, head: int, go_fd: int) -> None:
        loader._send(fd, EssayReady(open_essay(path, head=head)))
        loader._send(fd, ChildFailed("stopped"))

    monkeypatch.setattr(loader, "_child", head_only)
    load = Loader(path, head=5_000)
    assert not load.first().complete
    messages = list(load.rest())
    assert [type(m) for m in messages] == [EssayReady, GlossaryReady]
    assert messages[0].essay.complete


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
