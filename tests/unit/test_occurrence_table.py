"""A book's occurrences kept as columns (lecteur.glossary.model.OccurrenceTable)."""

from __future__ import annotations

import pickle
import random
from types import MappingProxyType

import pytest

from lecteur.glossary.model import Entry, Glossary, GlossaryView, Occurrence, OccurrenceTable


def _occurrences(n: int, seed: int = 3) -> list[Occurrence]:
    rng = random.Random(seed)
    out: list[Occurrence] = []
    for paragraph in range(n):
        start = 0
        for _ in range(rng.randint(0, 3)):
            entry_id = rng.choice(["icq", "mirc", "phpbb", "multimania"])
            start += rng.randint(1, 50)
            text = entry_id.upper() if rng.random() < 0.5 else entry_id
            out.append(Occurrence(entry_id, paragraph, start, start + len(text), text))
            start += len(text)
    return out


def test_a_table_reads_as_the_occurrences_it_was_made_of() -> None:
    occurrences = _occurrences(500)
    table = OccurrenceTable(occurrences)
    assert len(table) == len(occurrences)
    assert table == occurrences and occurrences == table
    assert list(table) == occurrences
    assert [table[i] for i in range(len(table))] == occurrences
    assert table[-1] == occurrences[-1]
    assert table[10:20] == occurrences[10:20]
    assert table.entry_ids() == [o.entry_id for o in occurrences]
    assert list(table.paragraphs) == [o.paragraph for o in occurrences]
    assert list(table.starts) == [o.start for o in occurrences]
    assert list(table.ends) == [o.end for o in occurrences]
    assert sorted(table.ids) == ["icq", "mirc", "multimania", "phpbb"]
    assert len(table.texts) <= 8  # each distinct surface once
    assert OccurrenceTable.of(table) is table
    assert OccurrenceTable.of(occurrences) == table
    assert table != occurrences[:-1]
    assert table != [*occurrences[:-1], Occurrence("icq", 0, 0, 3, "ICQ")]
    assert not OccurrenceTable() and OccurrenceTable() == []


def test_a_table_crosses_a_pipe_as_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    occurrences = _occurrences(5_000)
    table = OccurrenceTable(occurrences)
    made: list[object] = []
    init = Occurrence.__init__

    def counted(self: Occurrence, *args: object) -> None:
        made.append(args)
        init(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Occurrence, "__init__", counted)
    back = pickle.loads(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(back, OccurrenceTable)
    assert not made  # no object per occurrence, on either side of the pipe
    assert back == occurrences
    assert back.ids == table.ids and back.texts == table.texts


def test_the_view_answers_the_same_from_a_table_and_a_list() -> None:
    occurrences = _occurrences(300)
    entries = {
        i: Entry(
            id=i,
            term=i.upper(),
            patterns=(i,),
            case_sensitive=False,
            kind="software",
            years="?",
            definition=MappingProxyType({"fr": "x", "en": "x"}),
            note=MappingProxyType({}),
            see=(),
            sources=(),
            file="<test>",
            line=0,
        )
        for i in ("icq", "mirc", "phpbb", "multimania")
    }
    glossary = Glossary(MappingProxyType(entries), ("<test>",))
    texts = ["x" * 400] * 300
    listed = GlossaryView(glossary, occurrences, texts, "en")
    tabled = GlossaryView(glossary, OccurrenceTable(occurrences), texts, "en")
    assert [e.id for e in tabled.found_entries] == [e.id for e in listed.found_entries]
    assert len(tabled.found_entries) == 4
    for entry_id in entries:
        assert tabled.mentions(entry_id) == listed.mentions(entry_id)
        assert tabled.mentions(entry_id)
