"""One way to read YAML, bounded in size, alias expansion and depth.

Every YAML the project reads comes through here: front matter, vocabulary,
glossary, best bets, Acts, style, pathways, and old versions read from git for
the site. A few lines of YAML can hold an "alias bomb": anchors (``&a``) whose
aliases (``*a``) nest, so that the data is billions of values when anything
walks it, though it parses in a millisecond. We refuse such a file with its
line, before anything walks it, so ``kb check``, ``kb index`` and the site stay
fast whatever an editor (or an old commit) wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kb.problems import Problems

# libyaml is about ten times faster; its error messages differ, so errors are
# reported from the pure-Python parser (except nesting, see ``load``).
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # no file of ours comes near: the glossary is 40 KB
MAX_REPEATS = 1_000  # values that aliases may repeat, in all, in one file
MAX_DEPTH = 50  # our files nest four or five levels


class YAMLLimitError(yaml.MarkedYAMLError):
    """Well-formed YAML that passes one of our bounds."""


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


def text(value: Any) -> str | None:
    """``value`` as text when YAML gave a scalar meant as text (``999`` reads as
    a number); None for a list, mapping, true/false or nothing: the wrong type."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def texts(values: Any) -> tuple[str, ...] | None:
    """A list of scalars as text; None unless every item is one (see ``text``)."""
    if not isinstance(values, list):
        return None
    found = tuple(text(v) for v in values)
    return None if None in found else found  # type: ignore[return-value]


def _child(node: yaml.Node | None, key: str | int):
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        return next(((k, v) for k, v in node.value if k.value == key), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) \
            and 0 <= key < len(node.value):
        return node.value[key], node.value[key]
    return None


def load(text: str) -> Located:
    """The data of one YAML document and its nodes (for line numbers).

    Raises ``yaml.YAMLError`` (with ``problem`` and ``problem_mark``) when the
    text is not YAML, and ``YAMLLimitError`` when it passes our bounds.
    """
    if len(text) > MAX_BYTES:
        raise YAMLLimitError(problem=f"longer than {MAX_BYTES:,} characters")
    try:
        return _load(text, FAST_LOADER)
    except YAMLLimitError:
        raise
    except yaml.YAMLError as exc:
        # libyaml stops at 1,000 levels; the pure-Python parser would recurse
        # for seconds before failing, so its message is not worth the wait.
        if "nesting depth" in str(getattr(exc, "problem", "")):
            raise _too_deep(getattr(exc, "problem_mark", None)) from None
    try:
        return _load(text, yaml.SafeLoader)
    except RecursionError:
        raise _too_deep(None) from None


def describe(exc: yaml.YAMLError) -> tuple[int, str]:
    """(0-based line, message) of an error from ``load``, for an editor."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    message = problem if isinstance(exc, YAMLLimitError) else f"invalid YAML: {problem}"
    return (mark.line if mark else 0), message


def read(path: Path, problems: Problems, field: str = "yaml") -> Located | None:
    """The file's data and nodes; ``None`` (with the problem recorded under
    ``field``) if it cannot be read. No file: ``None`` and no problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(raw) > MAX_BYTES:
        problems.error(path, 1, "file", f"expected at most {MAX_BYTES:,} bytes; found "
                                        f"{len(raw):,}: split the file")
        return None
    try:
        return load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.error(path, 1, "file", "expected UTF-8 text")
    except yaml.YAMLError as exc:
        line, message = describe(exc)
        problems.error(path, line + 1, field, message)
    return None


def _load(text: str, loader_class: type) -> Located:
    """Compose once, check the bounds, then build the data from the nodes."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_bounds(node)
        return Located(loader.construct_document(node) if node is not None else None,
                       node)
    finally:
        loader.dispose()


def check_bounds(root: yaml.Node) -> None:
    """Refuse a node tree whose aliases repeat more than ``MAX_REPEATS`` values
    or that nests deeper than ``MAX_DEPTH``. Visits each node once, plus at most
    ``MAX_REPEATS`` repeats: the check itself cannot be made slow."""
    seen: set[int] = set()
    repeats = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if id(node) in seen:
            repeats += 1
            if repeats > MAX_REPEATS:
                raise YAMLLimitError(
                    problem=f"aliases (*name) repeat more than {MAX_REPEATS:,} values "
                            "in all; write the values out instead",
                    problem_mark=node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


def _too_deep(mark) -> YAMLLimitError:
    return YAMLLimitError(problem=f"nested more than {MAX_DEPTH} levels deep",
                          problem_mark=mark)
