"""The matcher's disk cache: read back when the glossary is the same, ignored when it is
corrupt or from another glossary, never a change in what is found."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from lecteur.glossary import Matcher, Occurrence
from lecteur.glossary import match as match_module
from lecteur.glossary.compiled import default_cache_dir
from tests.unit.test_glossary import ICQ, MIRC, entry, glossary

TEXTS = [
    "Mon numéro ICQ, puis mIRC32 et les icq de mes amis.",
    "Rien ici.",
    "Un mIRC, deux ICQ.",
]


def found(cache: Path | None, *entries: object) -> list[Occurrence]:
    return Matcher(glossary(*entries), cache_dir=cache).find(TEXTS)  # type: ignore[arg-type]


def test_cold_then_warm_find_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = found(None, ICQ, MIRC)
    assert len(expected) == 5
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
