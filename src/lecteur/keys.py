"""Named keys: how bindings are shown in the help screen and in the README.

Every binding of lecteur has an ``id`` of the form ``group.name`` (``sections.next``) and a
tooltip that says what it does. The help screen and the README's key table are both
generated from those bindings, so they cannot drift apart (a test compares the README).
The ids are also what a user keymap names (Textual's ``App.set_keymap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "apostrophe": "'",
    "delete": "Delete",
    "backspace": "Backspace",
}
_KEY_NAMES_FR = {
    "space": "espace",
    "pagedown": "PageSuiv",
    "pageup": "PagePréc",
    "home": "Début",
    "end": "Fin",
    "shift+tab": "Maj+Tab",
    "enter": "Entrée",
    "escape": "Échap",
    "delete": "Suppr",
    "backspace": "RetourArr",
}


def key_display(key: str, language: str = "en") -> str:
    """A key as a reader types it: ``question_mark`` → ``?``, ``pagedown`` → ``PageDown``
    (``PageSuiv`` in French)."""
    if language == "fr" and key in _KEY_NAMES_FR:
        return _KEY_NAMES_FR[key]
    if key.startswith("shift+") and len(key) == 7:
        return key[-1].upper()
    return _KEY_NAMES.get(key, key)


def keys_display(keys: str, language: str = "en") -> str:
    """A binding's keys (``"j,down"``) as the help shows them (``"j, ↓"``)."""
    return ", ".join(key_display(k.strip(), language) for k in keys.split(","))


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


def key_rows(
    owners: Iterable[type], *, language: str = "en", keymap: Mapping[str, str] | None = None
) -> list[KeyRow]:
    """The help's rows for the bindings of ``owners``, grouped as :data:`GROUPS` orders them.

    Bindings with the same tooltip in a group share a row (``1 … 9``); a binding that
    appears on several screens under the same id is listed once. ``language``: the help's
    (the README's table is English); ``keymap``: the reader's own keys (binding id → keys).
    """
    from lecteur.i18n import BINDINGS_FR, GROUPS_FR

    keymap = keymap or {}
    seen: set[str] = set()
    by_group: dict[str, list[tuple[list[str], str]]] = {group: [] for group in GROUPS}
    for binding in _bindings(owners):
        if binding.id is None or binding.id in seen:
            continue
        seen.add(binding.id)
        group = binding.id.split(".", 1)[0]
        rows = by_group.setdefault(group, [])
        what = binding.tooltip or binding.description
        if language == "fr" and binding.id in BINDINGS_FR:
            what = BINDINGS_FR[binding.id][1]
        shown_keys = keys_display(keymap.get(binding.id, binding.key), language)
        if rows and rows[-1][1] == what:
            rows[-1][0].append(shown_keys)
        else:
            rows.append(([shown_keys], what))
    out: list[KeyRow] = []
    for group, rows in by_group.items():
        title = GROUPS.get(group, group.title())
        if language == "fr":
            title = GROUPS_FR.get(group, title)
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


def localise(node: object) -> None:
    """Give a widget's or screen's bindings their footer label and help text in the
    interface language (see :mod:`lecteur.i18n`); the class keeps the English ones, which
    the README's key table is generated from.

    Textual copies a class's bindings into each instance (``_bindings``); only that copy
    changes, so each app, in each language, gets its own.
    """
    from dataclasses import replace

    from lecteur.i18n import binding_text, group_label

    bindings = getattr(node, "_bindings", None)
    if bindings is None:
        return
    for key, chain in bindings.key_to_bindings.items():
        out = []
        for binding in chain:
            if binding.id:
                description, tooltip = binding_text(
                    binding.id, binding.description, binding.tooltip
                )
                binding = replace(binding, description=description, tooltip=tooltip)
            if binding.group is not None:
                label = group_label(binding.group.description)
                binding = replace(binding, group=replace(binding.group, description=label))
            out.append(binding)
        bindings.key_to_bindings[key] = out
