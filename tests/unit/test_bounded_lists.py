"""Lists a book could make thousands of lines long are bounded (no Textual screen here)."""

from __future__ import annotations

from lecteur.cards import mentions_window


def test_a_short_list_is_kept_whole() -> None:
    assert mentions_window([3, 5, 9], 5, 10) == [3, 5, 9]


def test_the_window_is_centred_on_the_current_mention() -> None:
    mentions = list(range(0, 2000, 2))  # occurrence indexes, in reading order
    shown = mentions_window(mentions, 1000, 100)
    assert len(shown) == 100
    assert 1000 in shown
    assert shown == sorted(shown) and shown == mentions[shown[0] // 2 : shown[0] // 2 + 100]
    assert abs(shown.index(1000) - 50) <= 1


def test_the_window_stays_inside_the_list() -> None:
    mentions = list(range(500))
    assert mentions_window(mentions, None, 100) == list(range(100))
    assert mentions_window(mentions, 2, 100) == list(range(100))
    assert mentions_window(mentions, 499, 100) == list(range(400, 500))
