"""The plain-English limits, read from the library's ``style.yml``.

The limits are data, next to ``vocabulary.yml``, so editors can see and discuss
them in a pull request without reading code. A library without the file has no
plain-English checks at all (test libraries, other collections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.library import load_yaml
from kb.problems import Problems

STYLE_FILE = "style.yml"


@dataclass(frozen=True)
class Style:
    """Limits for the plain-English rules (see ``guidance/style.yml``)."""

    enforce: bool = False
    sentence_words: int = 25
    paragraph_sentences: int = 5
    reading_age_min_words: int = 100
    reading_age_default: int = 14
    reading_age_by_type: dict[str, int] = field(default_factory=dict)
    words_to_avoid: dict[str, str] = field(default_factory=dict)
    skip_headings: tuple[str, ...] = ()

    def reading_age_limit(self, doc_type: str) -> int:
        return self.reading_age_by_type.get(doc_type, self.reading_age_default)

    @property
    def skip_heading_pattern(self) -> re.Pattern | None:
        if not self.skip_headings:
            return None
        names = "|".join(re.escape(h) for h in self.skip_headings)
        return re.compile(rf"^(?:{names})$", re.I)


def load_style(root: Path, problems: Problems) -> Style | None:
    """The style of the library at ``root``; None when it has no style file."""
    path = root / STYLE_FILE
    if not path.exists():
        return None
    data = load_yaml(path, problems)
    if not isinstance(data, dict):
        if data is not None:
            problems.error(path, 1, "style", "expected a mapping of setting to value")
        return Style()
    reader = _Reader(path, data, problems)
    reading = data.get("reading_age") if isinstance(data.get("reading_age"), dict) \
        else {}
    return Style(
        enforce=reader.flag("enforce"),
        sentence_words=reader.number(data, "sentence_words", 25),
        paragraph_sentences=reader.number(data, "paragraph_sentences", 5),
        reading_age_min_words=reader.number(reading, "min_words", 100,
                                            "reading_age.min_words"),
        reading_age_default=reader.number(reading, "default", 14,
                                          "reading_age.default"),
        reading_age_by_type=reader.numbers(reading.get("by_type"),
                                           "reading_age.by_type"),
        words_to_avoid=reader.mapping("words_to_avoid"),
        skip_headings=tuple(reader.texts("skip_headings")),
    )


class _Reader:
    """Reads one setting at a time; a wrong value is reported with its name."""

    def __init__(self, path: Path, data: dict, problems: Problems) -> None:
        self.path, self.data, self.problems = path, data, problems
        self.lines = _key_lines(path)

    def error(self, name: str, message: str) -> None:
        line = self.lines.get(name.split(".")[-1], 1)
        self.problems.error(self.path, line, name, message)

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            self.error(name, f"expected true or false; found '{value}'")
            return False
        return value

    def number(self, data: dict, key: str, default: int, name: str = "") -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(name or key, f"expected a whole number above 0; found '{value}'")
            return default
        return value

    def numbers(self, value: object, name: str) -> dict[str, int]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value.values()):
            self.error(name, "expected a mapping of document type to a whole number")
            return {}
        return {str(k): v for k, v in value.items()}

    def mapping(self, name: str) -> dict[str, str]:
        value = self.data.get(name) or {}
        if not isinstance(value, dict):
            self.error(name, "expected a mapping of phrase to a plainer choice")
            return {}
        return {str(k).lower(): str(v) for k, v in value.items()}

    def texts(self, name: str) -> list[str]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            self.error(name, "expected a list of headings")
            return []
        return [str(v) for v in value]


def _key_lines(path: Path) -> dict[str, int]:
    """The line of each ``key:`` in the file, for messages (first one wins)."""
    lines: dict[str, int] = {}
    text = path.read_text("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^\s*([A-Za-z_]+):", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines
