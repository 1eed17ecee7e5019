"""YAML with line numbers for nested fields, so every message names its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kb.frontmatter import FAST_LOADER
from kb.problems import Problems


class Located:
    """Data read from a YAML file, with the line of any nested key or item."""

    def __init__(self, data: Any, node: yaml.Node | None) -> None:
        self.data, self.node = data, node

    def line(self, *keys: str | int) -> int:
        """1-based line of the deepest of ``keys`` found (a key, or a list item)."""
        node = self.node
        line = 1 if node is None else node.start_mark.line + 1
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            marker, node = found
            line = marker.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, key: str | int):
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        return next(((k, v) for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) \
            and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None


def read(path: Path, problems: Problems) -> Located | None:
    """The file's data and nodes; ``None`` (with the problem recorded) if unreadable.

    libyaml reads it when it can (several times faster, with the same line
    marks); errors are read again by the pure-Python parser for its messages.
    """
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        problems.error(path, 1, "file", "expected UTF-8 text")
        return None
    try:
        return _load(text, FAST_LOADER)
    except yaml.YAMLError:
        pass
    try:
        return _load(text, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.error(path, mark.line + 1 if mark else 1, "yaml",
                       f"invalid YAML: {problem}")
        return None


def _load(text: str, loader_class: type) -> Located:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return Located(data, node)
