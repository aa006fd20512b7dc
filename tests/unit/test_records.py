"""The model's records pickle as calls to their class (see lecteur.records)."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field

import pytest

from lecteur.essay import Heading, Mark, Paragraph, Piece, Section, SectionKind
from lecteur.glossary.model import HeadingOccurrence, Occurrence
from lecteur.records import pickled_as_call


def test_records_cross_a_pickle_whole_and_shared() -> None:
    mark = Mark(2, 5, ("em",), "http://x")
    piece = Piece(0, 9, 2, "-", 1, True)
    records = [
        Paragraph(7, "text", "un phpBB2", (mark,), (piece,), 12, 2),
        Paragraph(8, "text", "un phpBB2", (mark,), (piece,), 13, 2),
        Heading(2, "Titre", (), 3, 7, SectionKind.ARGUMENT),
        Section(SectionKind.REMINISCENCE, "Il fut", 0, 4, True),
        Occurrence("phpbb", 7, 3, 9, "phpBB2"),
        HeadingOccurrence("icq", 4, 5, 0, 3, "ICQ"),
    ]
    back = pickle.loads(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == records
    assert [type(r) for r in back] == [type(r) for r in records]
    assert back[0].marks[0] is back[1].marks[0]  # one object stays one
    assert copy.deepcopy(records) == records


def test_a_record_is_rebuilt_by_its_class(monkeypatch: pytest.MonkeyPatch) -> None:
    occurrence = Occurrence("icq", 1, 2, 5, "ICQ")
    made: list[tuple[object, ...]] = []
    init = Occurrence.__init__

    def counted(self: Occurrence, *args: object) -> None:
        made.append(args)
        init(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Occurrence, "__init__", counted)
    assert pickle.loads(pickle.dumps(occurrence)) == occurrence
    assert made == [("icq", 1, 2, 5, "ICQ")]


@pickled_as_call
@dataclass(frozen=True, slots=True)
class One:
    value: int


def test_one_field_and_fields_outside_init() -> None:
    assert pickle.loads(pickle.dumps(One(3))) == One(3)

    @dataclass(frozen=True)
    class Derived:
        value: int
        double: int = field(init=False, default=0)

    with pytest.raises(TypeError, match="__init__"):
        pickled_as_call(Derived)
