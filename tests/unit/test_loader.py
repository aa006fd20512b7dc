"""The loader process: the same essay as loading in-process, errors and fallbacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lecteur import loader
from lecteur.essay import EssayError, load_essay
from lecteur.loader import Prefetch

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_small_essay_comes_whole_from_the_child(essay_path: Path) -> None:
    prefetch = Prefetch(essay_path, head=40_000)
    assert prefetch.pid > 0  # really a child process
    essay = prefetch.first()
    prefetch.close()
    direct = load_essay(essay_path)
    assert essay.complete
    assert essay.texts() == direct.texts()
    assert essay.sections == direct.sections
    assert essay.meta == direct.meta


def test_big_essay_comes_as_head_then_whole(write) -> None:
    path = write("big.md", "".join(f"## Partie {i}\n\n" + "Un mot de plus. " * 80 + "\n\n"
                                   for i in range(400)))
    prefetch = Prefetch(path, head=5_000)
    head = prefetch.first()
    assert not head.complete
    messages = list(prefetch.messages())
    assert [m[0] for m in messages] == ["essay", "glossary"]
    whole = messages[0][1]
    assert whole.complete and whole.texts() == load_essay(path).texts()
    assert head.texts() == whole.texts()[: len(head.paragraphs)]
    assert prefetch.pid == 0  # reaped


def test_the_glossary_comes_matched(essay_path: Path) -> None:
    from lecteur.essay import bundled_dir
    from lecteur.glossary import Matcher, glossary_paths_for, load_glossary

    prefetch = Prefetch(essay_path, head=40_000)
    essay = prefetch.first()
    (kind, glossary, occurrences), = list(prefetch.messages())
    assert kind == "glossary"
    here = load_glossary(glossary_paths_for(essay_path, bundled_dir()))
    assert glossary == here
    assert occurrences == Matcher(here).find(essay.texts())


def test_a_bad_glossary_is_reported(tmp_path: Path) -> None:
    essay = tmp_path / "e.md"
    essay.write_text("Il fut une époque.\n", encoding="utf-8")
    (tmp_path / "e.glossary.yaml").write_text("entries: [oops\n", encoding="utf-8")
    prefetch = Prefetch(essay, head=40_000)
    prefetch.first()
    (message,) = list(prefetch.messages())
    assert message[0] == "glossary-error" and "e.glossary.yaml" in message[1]


def test_bad_input_is_raised_in_the_parent(write) -> None:
    prefetch = Prefetch(write("empty.md", ""), head=40_000)
    with pytest.raises(EssayError, match="empty"):
        prefetch.first()
    assert prefetch.pid == 0


def test_a_failing_child_falls_back_to_loading_here(essay_path: Path, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "_child", lambda fd, path, head, go_fd: os._exit(3))
    prefetch = Prefetch(essay_path, head=40_000)
    essay = prefetch.first()
    assert essay.texts() == load_essay(essay_path).texts()
    prefetch.close()
    monkeypatch.setattr(loader, "load_essay", broken)
    monkeypatch.setattr(loader, "_child", lambda fd, path, head, go_fd: loader._send(fd, ("failed", "x")))
    prefetch = Prefetch(essay_path, head=40_000)
    with pytest.raises(RuntimeError, match="boom"):  # the fallback really runs here
        prefetch.first()
    prefetch.close()
