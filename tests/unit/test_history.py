"""Back and forward over the reader's jumps."""

from __future__ import annotations

from lecteur.history import LIMIT, History, Place


def test_back_and_forward_as_in_a_browser() -> None:
    h = History()
    a, b, c = Place(1), Place(5, 10), Place(9)
    h.record(a)  # jumped from a to b
    h.record(b)  # jumped from b to c
    assert h.back(c) == b
    assert h.back(b) == a
    assert h.back(a) is None
    assert h.forward(a) == b
    assert h.forward(b) == c
    assert h.forward(c) is None


def test_a_new_jump_forgets_the_way_forward() -> None:
    h = History()
    h.record(Place(1))
    assert h.back(Place(2)) == Place(1)
    h.record(Place(1))
    assert h.forward(Place(3)) is None


def test_the_same_place_twice_is_one_step_and_the_stack_is_bounded() -> None:
    h = History()
    h.record(Place(1))
    h.record(Place(1))
    assert h.back_stack == [Place(1)]
    assert h.back(Place(1)) is None  # going back to where one is: nothing
    for i in range(LIMIT + 50):
        h.record(Place(i))
    assert len(h.back_stack) == LIMIT
