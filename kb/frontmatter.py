"""Split a file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from kb import safeyaml

# A document past this is a mistake (the longest is 12 KB) or an attack on the
# tools and the site, which render and index whole documents.
MAX_DOCUMENT_BYTES = 200 * 1024

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
    _check_size(text)
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


def _check_size(text: str) -> None:
    # A character is at most four bytes: most texts need no encoding to tell.
    if len(text) * 4 <= MAX_DOCUMENT_BYTES:
        return
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise FrontMatterError(1, "file", f"expected at most "
                               f"{MAX_DOCUMENT_BYTES // 1024} KB; found "
                               f"{-(-size // 1024)} KB: split it into smaller "
                               "documents")


def _parse_yaml(yaml_text: str, offset: int) -> tuple[dict, dict, dict]:
    try:
        found = safeyaml.load(yaml_text)
    except yaml.YAMLError as exc:
        line, message = safeyaml.describe(exc)
        raise FrontMatterError(line + offset, "front matter", message) from None
    return _checked(found.data, found.node, offset)


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
