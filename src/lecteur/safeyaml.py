"""YAML that a hostile file cannot use to hang lecteur or exhaust its memory.

Shared by essays' front matter (:mod:`lecteur.essay`) and glossary files
(:mod:`lecteur.glossary.files`). A document is first *composed* into PyYAML's node
graph, where an alias is one more reference to the node it names, not a copy: a
"billion laughs" file of nine aliases to nine aliases is a few dozen nodes there. The
graph is then measured, iteratively (no recursion limit), as it would be once expanded:

- the number of values (each alias counting its whole target again), against a limit
  the caller gives;
- the nesting depth, against :data:`MAX_DEPTH`;
- an alias inside its own target (a cycle).

Only a document within the limits is built into Python values. Part of the model: PyYAML
and the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "YamlLimitError", "check_graph", "compose", "load_strings"]

MAX_DEPTH = 100
"""Nesting levels a document may have (a glossary needs five, front matter two or three)."""

# libyaml's parser when PyYAML was built with it; the pure-Python one otherwise. Both
# keep the marks (line numbers) of the nodes.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BASE_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class YamlLimitError(ValueError):
    """A document past a limit. ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def compose(text: str, loader: Any = None) -> yaml.Node | None:
    """The node graph of a one-document YAML text (None when empty).

    Raises ``yaml.YAMLError`` for a syntax error. Aliases are not expanded here.
    """
    parser = (loader or _SAFE_LOADER)(text)
    try:
        node: yaml.Node | None = parser.get_single_node()
    finally:
        parser.dispose()
    return node


def check_graph(root: yaml.Node, *, max_values: int, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`YamlLimitError` if ``root`` expands past ``max_values`` values or
    ``max_depth`` levels, or if an alias sits inside its own target.

    One visit per node of the graph (sizes and depths are remembered, and capped), so a
    bomb is refused in the time it takes to read its few lines.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    scalar = yaml.ScalarNode
    if isinstance(root, scalar):
        return None
    # Scalars (most nodes) are leaves: counted by their parent, never stacked.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total, deepest = 1, 0
            for child in _children(node):
                if isinstance(child, scalar):
                    total += 1
                    deepest = max(deepest, 1)
                else:
                    total += size[id(child)]
                    deepest = max(deepest, depth[id(child)])
            size[key] = min(total, max_values + 1)
            depth[key] = min(deepest + 1, max_depth + 1)
            if size[key] > max_values:
                raise YamlLimitError(
                    f"more than {max_values:,} values once its aliases are expanded "
                    "(a YAML alias bomb?)",
                    node.start_mark.line + 1,
                )
            if depth[key] > max_depth:
                raise YamlLimitError(
                    f"nested more than {max_depth} levels deep", node.start_mark.line + 1
                )
            continue
        if key in size:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if isinstance(child, scalar):
                continue
            if id(child) in on_path:
                raise YamlLimitError("recursive YAML alias", child.start_mark.line + 1)
            if id(child) not in size:
                stack.append((child, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_strings(
    text: str,
    *,
    max_values: int,
    loader: Any = None,
    on_limit: Callable[[YamlLimitError], Exception] | None = None,
) -> object:
    """A YAML document as Python values, every scalar a string (PyYAML's BaseLoader: no
    implicit types, and tags build nothing: ``!!python/…`` values are their text). ``loader``:
    a subclass of ``yaml.BaseLoader`` to use instead of libyaml's.

    The node graph is checked with :func:`check_graph` before anything is built; past a
    limit, :class:`YamlLimitError` (or what ``on_limit`` makes of it) is raised.
    """
    parser = (loader or _BASE_LOADER)(text)
    try:
        node = parser.get_single_node()
        if node is None:
            return None
        try:
            check_graph(node, max_values=max_values)
        except YamlLimitError as error:
            raise (on_limit(error) if on_limit is not None else error) from None
        return parser.construct_document(node)
    finally:
        parser.dispose()
