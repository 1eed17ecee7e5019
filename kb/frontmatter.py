"""Split a file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml is about ten times faster; its error messages differ, so errors are
# always reported from the pure-Python parser.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``line`` is the 1-based file line."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> 1-based file line
    sublines: dict[str, dict[str, int]]  # mapping key -> its own keys' lines
    body: str
    body_line: int  # 1-based file line where the body starts


def split(text: str) -> FrontMatter:
    """Parse ``---``-delimited YAML front matter at the top of ``text``."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "front matter",
                               "expected '---' on the first line to open the front "
                               "matter; found none")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise FrontMatterError(1, "front matter",
                               "expected a closing '---' line after the front matter; "
                               "found the end of the file")
    yaml_text = "".join(lines[1:end])
    data, key_lines, sub_lines = _parse_yaml(yaml_text, offset=2)
    return FrontMatter(data, key_lines, sub_lines, "".join(lines[end + 1:]), end + 2)


def _parse_yaml(yaml_text: str, offset: int) -> tuple[dict, dict, dict]:
    try:
        data, node = _load(yaml_text, FAST_LOADER)
    except yaml.YAMLError:
        pass  # read it again below, for the pure-Python parser's messages
    else:
        return _checked(data, node, offset)
    try:
        data, node = _load(yaml_text, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + offset if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = f"invalid YAML: {problem}"
        raise FrontMatterError(line, "front matter", message) from None
    return _checked(data, node, offset)


def _load(yaml_text: str, loader: type) -> tuple[Any, Any]:
    """Compose once and build the data from that node: one parse, not two."""
    parser = loader(yaml_text)
    try:
        node = parser.get_single_node()
        return (parser.construct_document(node) if node is not None else None), node
    finally:
        parser.dispose()


def _checked(data: Any, node: Any, offset: int) -> tuple[dict, dict, dict]:
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        found = "nothing" if data is None else type(data).__name__
        raise FrontMatterError(offset - 1, "front matter",
                               f"expected a mapping of fields; found {found}")
    return data, *_key_lines(node, offset)


def _key_lines(node: yaml.MappingNode, offset: int) -> tuple[dict, dict]:
    lines: dict[str, int] = {}
    sublines: dict[str, dict[str, int]] = {}
    for key, value in node.value:
        name = str(key.value)
        lines[name] = key.start_mark.line + offset
        if isinstance(value, yaml.MappingNode):
            sublines[name] = {str(k.value): k.start_mark.line + offset
                              for k, _ in value.value}
    return lines, sublines
