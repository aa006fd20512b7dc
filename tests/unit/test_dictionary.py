"""dictd databases read directly: the index, dictzip random access, lookups."""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import pytest

from lecteur.dictionary import (
    DICT_DIRS,
    Database,
    Dictionaries,
    DictionaryError,
    DictzipReader,
    b64_number,
    candidates,
    find_databases,
)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64(n: int) -> str:
    out = ""
    while True:
        out = B64[n % 64] + out
        n //= 64
        if not n:
            return out


def dictzip(data: bytes, chunk: int = 64) -> bytes:
    """A dictzip file as dictzip(1) writes it: one deflate stream, fully flushed at every
    chunk boundary, the compressed chunk sizes in the gzip header's ``RA`` field."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = []
    for start in range(0, len(data), chunk):
        piece = compressor.compress(data[start : start + chunk])
        piece += compressor.flush(zlib.Z_FULL_FLUSH)
        chunks.append(piece)
    chunks[-1] += compressor.flush(zlib.Z_FINISH)
    ra = struct.pack("<HHH", 1, chunk, len(chunks)) + b"".join(
        struct.pack("<H", len(c)) for c in chunks
    )
    extra = b"RA" + struct.pack("<H", len(ra)) + ra
    header = b"\x1f\x8b\x08\x04" + b"\x00" * 4 + b"\x02\x03" + struct.pack("<H", len(extra))
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + extra + b"".join(chunks) + trailer


def make_database(folder: Path, name: str, entries: dict[str, str], *, plain: bool = False) -> Path:
    text = b""
    index = []
    for word, definition in [
        ("00-database-short", f"00-database-short\n     {name} test\n"),
        *entries.items(),
    ]:
        body = definition.encode("utf-8")
        index.append(f"{word}\t{b64(len(text))}\t{b64(len(body))}")
        text += body
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    data = folder / f"{name}.dict.dz"
    data.write_bytes(gzip.compress(text) if plain else dictzip(text))
    return data


WORDS = {
    "modem": "modem\n   A device that turns bits into sounds on a telephone line. " * 3,
    "Usenet": "Usenet\n   A worldwide system of discussion groups.\n",
    "café": "café\n   Un lieu où l'on boit du café.\n",
}


def test_base64_numbers() -> None:
    assert [b64_number(x) for x in ("A", "B", "BA", "/")] == [0, 1, 64, 63]
    assert all(b64_number(b64(n)) == n for n in (0, 5, 63, 64, 4095, 123456789))
    with pytest.raises(DictionaryError):
        b64_number("a-b")


@pytest.mark.parametrize("plain", [False, True], ids=["dictzip", "plain-gzip"])
def test_lookup_reads_the_right_definition(tmp_path: Path, plain: bool) -> None:
    make_database(tmp_path, "test", WORDS, plain=plain)
    (database,) = find_databases([tmp_path])
    assert database.title == "test test"
    (definition,) = database.lookup("MODEM")  # case ignored
    assert definition.text == WORDS["modem"] and definition.headword == "modem"
    assert database.lookup("cafe")[0].text == WORDS["café"]  # accents ignored
    assert database.lookup("nothing") == []


def test_reads_across_chunk_boundaries(tmp_path: Path) -> None:
    text = "".join(f"{i:05d} " for i in range(2000)).encode()
    path = tmp_path / "x.dict.dz"
    path.write_bytes(dictzip(text, chunk=100))
    reader = DictzipReader(path)
    for offset, length in ((0, 10), (95, 30), (150, 250), (len(text) - 7, 7), (999, 1)):
        assert reader.read(offset, length) == text[offset : offset + length]


def test_several_databases_and_word_forms(tmp_path: Path) -> None:
    make_database(tmp_path, "one", {"modem": "modem: one\n"})
    make_database(tmp_path, "two", {"modem": "modem: two\n", "ordinateur": "ordinateur\n"})
    dictionaries = Dictionaries(find_databases([tmp_path]))
    form, found = dictionaries.lookup("modems,")
    assert form == "modem" and [d.database for d in found] == ["one", "two"]
    assert dictionaries.lookup("l’ordinateur")[0] == "ordinateur"
    assert candidates("countries") == ["countries", "country", "countrie"]


def test_a_broken_database_does_not_hide_the_others(tmp_path: Path) -> None:
    make_database(tmp_path, "good", {"modem": "modem: good\n"})
    make_database(tmp_path, "bad", {"modem": "modem: bad\n"})
    (tmp_path / "bad.dict.dz").write_bytes(b"\x1f\x8b\x08\x04garbage")
    _, found = Dictionaries(find_databases([tmp_path])).lookup("modem")
    assert [d.database for d in found] == ["good"]


def test_no_database_installed(tmp_path: Path) -> None:
    assert not Dictionaries(find_databases([tmp_path / "nowhere"]))


def test_an_index_without_its_data_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "lonely.index").write_text("word\tA\tB\n", encoding="utf-8")
    assert find_databases([tmp_path]) == []


@pytest.mark.skipif(
    not any((d / "jargon.index").is_file() for d in DICT_DIRS), reason="dict-jargon not installed"
)
def test_the_real_jargon_file() -> None:
    (jargon,) = [d for d in find_databases() if d.name == "jargon"]
    assert isinstance(jargon, Database)
    (definition,) = jargon.lookup("lurker")
    assert "lurker" in definition.text.lower() and len(definition.text) > 50
