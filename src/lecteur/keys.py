"""Named keys: how bindings are shown in the help screen and in the README.

Every binding of lecteur has an ``id`` of the form ``group.name`` (``sections.next``) and a
tooltip that says what it does. The help screen and the README's key table are both
generated from those bindings, so they cannot drift apart (a test compares the README).
The ids are also what a user keymap names (Textual's ``App.set_keymap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType

GROUPS: dict[str, str] = {
    "reader": "Reading",
    "sections": "Sections",
    "search": "Search",
    "outline": "Outline",
    "glossary": "Glossary",
    "card": "In a card or list",
    "picker": "Essay list",
    "app": "Everywhere",
}
"""Binding id prefixes and the help's headings, in the order the help shows them."""

_KEY_NAMES = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "space": "space",
    "pagedown": "PageDown",
    "pageup": "PageUp",
    "home": "Home",
    "end": "End",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "enter": "Enter",
    "escape": "Esc",
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "equals_sign": "=",
    "minus": "-",
}


def key_display(key: str) -> str:
    """A key as a reader types it: ``question_mark`` → ``?``, ``pagedown`` → ``PageDown``."""
    return _KEY_NAMES.get(key, key)


def keys_display(keys: str) -> str:
    """A binding's keys (``"j,down"``) as the help shows them (``"j, ↓"``)."""
    return ", ".join(key_display(k.strip()) for k in keys.split(","))


@dataclass(frozen=True)
class KeyRow:
    """One line of the help: a group, the keys and what they do."""

    group: str
    keys: str
    what: str


def _bindings(owners: Iterable[type]) -> list[Binding]:
    out: list[Binding] = []
    for owner in owners:
        binding_list: Sequence[BindingType] = getattr(owner, "BINDINGS", [])
        for binding in binding_list:
            if isinstance(binding, Binding):
                out.append(binding)
    return out


def key_rows(owners: Iterable[type]) -> list[KeyRow]:
    """The help's rows for the bindings of ``owners``, grouped as :data:`GROUPS` orders them.

    Bindings with the same tooltip in a group share a row (``1 … 9``); a binding that
    appears on several screens under the same id is listed once.
    """
    seen: set[str] = set()
    by_group: dict[str, list[tuple[list[str], str]]] = {group: [] for group in GROUPS}
    for binding in _bindings(owners):
        if binding.id is None or binding.id in seen:
            continue
        seen.add(binding.id)
        group = binding.id.split(".", 1)[0]
        rows = by_group.setdefault(group, [])
        what = binding.tooltip or binding.description
        if rows and rows[-1][1] == what:
            rows[-1][0].append(keys_display(binding.key))
        else:
            rows.append(([keys_display(binding.key)], what))
    out: list[KeyRow] = []
    for group, rows in by_group.items():
        title = GROUPS.get(group, group.title())
        for keys, what in rows:
            shown = f"{keys[0]} … {keys[-1]}" if len(keys) > 3 else " / ".join(keys)
            out.append(KeyRow(title, shown, what))
    return out


def markdown_table(rows: Sequence[KeyRow]) -> str:
    """The README's key table: ``| keys | what they do |``, a bold row per group."""
    lines = ["| key | what it does |", "|---|---|"]
    group = ""
    for row in rows:
        if row.group != group:
            group = row.group
            lines.append(f"| **{group}** | |")
        keys = " / ".join(f"`{k}`" for k in row.keys.split(" / "))
        lines.append(f"| {keys} | {row.what} |")
    return "\n".join(lines)
