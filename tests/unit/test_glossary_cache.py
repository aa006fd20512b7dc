"""The matcher's disk cache: read back when the glossary is the same, ignored when it is
corrupt or from another glossary, never a change in what is found."""

from __future__ import annotations

import importlib.util
import marshal
import os
from pathlib import Path

import pytest

from lecteur import regexcache as compiled
from lecteur.glossary import Matcher, Occurrence
from lecteur.glossary import match as match_module
from lecteur.regexcache import default_cache_dir
from tests.unit.test_glossary import ICQ, MIRC, entry, glossary

TEXTS = [
    "Mon numéro ICQ, puis mIRC32 et les icq de mes amis.",
    "Rien ici.",
    "Un mIRC, deux ICQ.",
    "Le dernier mot est mIRC",  # a form at the very end of the text
]


def found(cache: Path | None, *entries: object) -> list[Occurrence]:
    return Matcher(glossary(*entries), cache_dir=cache).find(TEXTS)  # type: ignore[arg-type]


def test_cold_then_warm_find_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = found(None, ICQ, MIRC)
    assert len(expected) == 6
    assert found(tmp_path, ICQ, MIRC) == expected
    (cache_file,) = tmp_path.glob("*.marshal")
    # Warm: the tables and the regex come from the file, nothing is built or compiled.
    monkeypatch.setattr(match_module, "_build_tables", None)
    monkeypatch.setattr(match_module.re, "compile", None)
    assert found(tmp_path, ICQ, MIRC) == expected
    assert list(tmp_path.glob("*.marshal")) == [cache_file]


def test_another_glossary_is_another_file(tmp_path: Path) -> None:
    found(tmp_path, ICQ, MIRC)
    found(tmp_path, ICQ)
    assert len(list(tmp_path.glob("*.marshal"))) == 2
    assert [o.entry_id for o in found(tmp_path, ICQ)] == ["icq", "icq", "icq"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: b"\x00garbage" * 100,
        # Well-formed data, but the regex code cut short: the engine refuses it.
        lambda data: marshal.dumps(
            (
                marshal.loads(data)[0],
                {
                    k: (src, (d[0], d[1][: len(d[1]) // 2], *d[2:]))
                    for k, (src, d) in marshal.loads(data)[1].items()
                },
            )
        ),
        lambda data: marshal.dumps(("tables", "regexes")),
    ],
)
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: object) -> None:
    expected = found(None, ICQ, MIRC)
    found(tmp_path, ICQ, MIRC)
    (cache_file,) = tmp_path.glob("*.marshal")
    cache_file.write_bytes(damage(cache_file.read_bytes()))  # type: ignore[operator]
    assert found(tmp_path, ICQ, MIRC) == expected
    assert found(tmp_path, ICQ, MIRC) == expected  # and written again, whole


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert found(blocked / "cache", ICQ, MIRC) == found(None, ICQ, MIRC)


def test_the_default_folder_is_the_user_cache() -> None:
    # conftest points XDG_CACHE_HOME at a private folder.
    assert default_cache_dir().parts[-2:] == ("lecteur", "glossary")


def test_a_huge_term_builds_without_recursion(tmp_path: Path) -> None:
    # Far more atoms than Python's recursion limit: the trie regex is built with a stack.
    term = " ".join(["ab"] * 6000)
    big = entry("big", term)
    occurrences = Matcher(glossary(big, ICQ)).find([f"un ICQ, {term}."])
    assert [(o.entry_id, len(o.text)) for o in occurrences] == [("icq", 3), ("big", len(term))]


@pytest.mark.parametrize("prefilter", [False, True], ids=["regex", "prefilter"])
def test_a_long_text_finds_the_same_with_and_without_the_prefilter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefilter: bool
) -> None:
    monkeypatch.setattr(match_module, "_WHOLE_REGEX_FROM", 10)  # every text is "long"
    expected = found(None, ICQ, MIRC)
    matcher = Matcher(glossary(ICQ, MIRC), cache_dir=tmp_path, prefilter=prefilter)
    assert matcher.find(TEXTS) == expected
    assert (matcher._automaton is not None) == (
        prefilter and importlib.util.find_spec("ahocorasick") is not None
    )


def test_a_damaged_prefilter_file_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ahocorasick")
    monkeypatch.setattr(match_module, "_WHOLE_REGEX_FROM", 10)
    expected = found(None, ICQ, MIRC)
    assert found(tmp_path, ICQ, MIRC) == expected
    (side,) = tmp_path.glob("*.prefilter")
    good = side.read_bytes()  # (the bytes of a save differ from run to run)
    for damaged in (good[: len(good) // 2], good[:-1] + b"\x00", b""):
        side.write_bytes(damaged)
        assert found(tmp_path, ICQ, MIRC) == expected  # checked, refused, rebuilt
        assert side.read_bytes() != damaged
    # The rebuilt file is read back: nothing to build.
    monkeypatch.setattr(match_module, "_prefilter_keys", None)
    assert found(tmp_path, ICQ, MIRC) == expected


def test_prefilter_keys_follow_the_atoms() -> None:
    keys = match_module._prefilter_keys
    assert keys("icq") == [" icq ", " icq0"]  # the end of the word, or a version
    assert keys("3615") == [" 0000 "]  # every digit is 0; no version after a digit
    # A hyphen: any one separator or none go on; two or more stop the key.
    assert sorted(keys("e-mail")) == [" e  ", " e mail ", " e mail0", " email ", " email0"]
    # A space: one separator goes on, two stop; between letter and digit it may be absent.
    assert " msn  " in keys("msn messenger") and " msn messenger " in keys("msn messenger")
    assert {" web  ", " web 0 ", " web0 "} == set(keys("web 2"))
    # Ligatures both ways; punctuation is a space in the prefilter's copy.
    assert {" coeur ", " c\xfeur "} <= set(keys("coeur"))
    assert keys(".mp3") == ["  mp0 "]
    # Too many spellings: the key stops early, a prefix (still a necessary condition).
    long = keys("oe oe oe oe oe oe")
    assert long and max(len(k) for k in long) < len(" oe oe oe oe oe oe ")


def test_the_folder_keeps_the_recent_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled, "MAX_FILES", 2)
    (tmp_path / "orphan.prefilter").write_bytes(b"left by a cache file gone")
    old_tmp, new_tmp = tmp_path / ".tmp-old.marshal", tmp_path / ".tmp-new.marshal"
    for path in (old_tmp, new_tmp):
        path.write_bytes(b"a write cut short")
    os.utime(old_tmp, (0, 0))
    for entries in ((ICQ,), (MIRC,), (ICQ, MIRC)):
        found(tmp_path, *entries)
    assert len([p for p in tmp_path.glob("*.marshal") if not p.name.startswith(".")]) == 2
    assert not (tmp_path / "orphan.prefilter").exists()
    assert not old_tmp.exists() and new_tmp.exists()  # another process may be writing it


def test_checked_glossary_files_are_read_back_from_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lecteur.glossary import files, load_glossaries
    from lecteur.library import shipped_glossaries

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(files, "_CHECKED", {})
    user = tmp_path / "mine.yaml"
    user.write_text(
        "version: 1\nentries:\n  - id: minitel\n    note: {fr: « Mon 3615. », en: My 3615.}\n"
        "  - id: bad\n    term: Bad\n",  # incomplete: a fault that must come back too
        encoding="utf-8",
    )
    paths = [*shipped_glossaries()[:3], user]
    cold = load_glossaries(paths)
    assert cold.warnings and "bad" in cold.warnings[0]
    assert len(list((tmp_path / "cache" / "lecteur" / "glossary-files").glob("*.checked"))) == 4
    # Warm, in a new process (no file kept in memory): nothing is parsed or checked.
    monkeypatch.setattr(files, "_CHECKED", {})
    monkeypatch.setattr(files, "_check_file_now", None)
    assert load_glossaries(paths) == cold
    # A changed file is checked anew; a corrupt cache file is ignored.
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(files, "_CHECKED", {})
    for cached in (tmp_path / "cache" / "lecteur" / "glossary-files").glob("*.checked"):
        cached.write_bytes(b"\x00garbage")
    user.write_text(user.read_text(encoding="utf-8").replace("  - id: bad\n    term: Bad\n", ""))
    again = load_glossaries(paths)
    assert not again.warnings
    assert dict(again.entries["minitel"].note) == {"fr": "« Mon 3615. »", "en": "My 3615."}
    assert {k for k in again.entries if again.entries[k] != cold.entries[k]} == {"minitel"}


def test_a_loader_process_keeps_no_checked_file_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader's processes read the glossary once: its raw entries are not kept (they
    weigh as much as the glossary at the time of the process's peak)."""
    from lecteur.glossary import files, load_glossaries
    from lecteur.library import shipped_glossaries

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(files, "_CHECKED", {})
    monkeypatch.setattr(files, "_KEEP_CHECKED", True)
    paths = shipped_glossaries()[:2]
    kept = load_glossaries(paths)
    assert len(files._CHECKED) == 2
    files.keep_checked_files(False)
    assert not files._CHECKED
    assert load_glossaries(paths) == kept  # the same glossary, read back from disk
    assert not files._CHECKED
    files.keep_checked_files(True)
    load_glossaries(paths)
    assert len(files._CHECKED) == 2
