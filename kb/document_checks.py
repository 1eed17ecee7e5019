"""Check one document's front matter and body; every problem is collected."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kb import facets, schema
from kb.facets import Facet
from kb.frontmatter import FrontMatter
from kb.model import Vocabulary
from kb.problems import Problems, describe

# An on*= attribute in a tag (after a space, slash or quote, as browsers accept)
# or in a Markdown attribute list {: ...}; a tag may span lines.
EVENT_HANDLER = re.compile(r"(?:<[A-Za-z][^<>]*|\{[^{}\n]*)[\s/\"'{]on[a-z]+\s*=",
                           re.I)
EVENT_HANDLER_MESSAGE = "HTML event-handler attributes are not allowed"
DANGEROUS_HTML = [
    (re.compile(r"<!--"), "HTML comments are not allowed: they can hide markup"),
    (re.compile(r"<\s*(script|iframe|object|embed|svg|math|style|form|base|meta|link)"
                r"\b", re.I), "raw HTML <{0}> is not allowed"),
    (EVENT_HANDLER, EVENT_HANDLER_MESSAGE),
    # Inline [x](...), reference definitions [x]: ... and autolinks <...>.
    (re.compile(r"(?:\]\(|\]:|<)\s*<?\s*(javascript|vbscript|data):", re.I),
     "'{0}:' links are not allowed"),
    (re.compile(r"\b(?:href|src)\s*=\s*['\"]?\s*(javascript|vbscript|data):", re.I),
     "'{0}:' links are not allowed"),
]
# C0 control characters other than tab and line ends: invisible, and neither XML
# (so Word packs) nor most tools can hold them. Pasted text sometimes carries one.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
RAW_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")


def check_front_matter(path: Path, fm: FrontMatter, vocab: Vocabulary,
                       problems: Problems) -> None:
    """Check every field; report each problem at its own line."""
    checker = _Checker(path, fm, problems)
    checker.required()
    checker.unknown()
    checker.identity()
    checker.text("title")
    checker.summary()
    for facet in facets.FACETS:
        checker.facet(facet, vocab.values(facet.name))
    checker.date("reviewed")
    checker.date("review_due")
    checker.string_list("keywords")
    checker.string_list("related", pattern=schema.KEBAB)
    checker.string_list("unverified")
    checker.aliases()
    checker.superseded()
    checker.source()


class _Checker:
    def __init__(self, path: Path, fm: FrontMatter, problems: Problems) -> None:
        self.path, self.data, self.lines = path, fm.data, fm.lines
        self.sublines, self.problems = fm.sublines, problems

    def line(self, field: str) -> int:
        return self.lines.get(field, 1)

    def error(self, field: str, message: str, line: int | None = None) -> None:
        self.problems.error(self.path, line or self.line(field), field, message)

    def required(self) -> None:
        for field in schema.required_fields():
            if field not in self.data:
                self.error(field, "required field is missing", 1)

    def unknown(self) -> None:
        known = schema.all_fields()
        for field in self.data:
            if str(field) not in known:
                self.problems.warning(self.path, self.line(str(field)), str(field),
                                      "unknown field; expected one of "
                                      + ", ".join(known))

    def present(self, field: str) -> Any:
        return self.data.get(field)

    def text(self, field: str) -> str | None:
        value = self.present(field)
        if field not in self.data:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(field, f"expected text; found {describe(value)}")
            return None
        if schema.PLACEHOLDER in value:
            self.error(field, f"replace the {schema.PLACEHOLDER} placeholder")
        return value

    def identity(self) -> None:
        value = self.text("id")
        if value is None:
            return
        if not schema.KEBAB.match(value):
            self.error("id", f"expected lower-case words joined by hyphens; "
                             f"found '{value}'")
        elif value != self.path.stem:
            self.error("id", f"expected '{self.path.stem}' to match the file name; "
                             f"found '{value}'")

    def summary(self) -> None:
        value = self.text("summary")
        if value and len(value) > schema.SUMMARY_MAX:
            self.error("summary", f"expected at most {schema.SUMMARY_MAX} characters; "
                                  f"found {len(value)}")

    def choice(self, field: str, allowed) -> None:
        value = self.present(field)
        if field in self.data and value not in allowed:
            self.error(field, f"expected one of {', '.join(allowed)}; "
                              f"found {describe(value)}")

    def facet(self, facet: Facet, allowed: dict[str, str]) -> None:
        field = facet.key
        if field not in self.data:
            return
        value = self.data[field]
        if facet.folders and not isinstance(value, str):
            return self.error(field, f"expected the id of an area as text; found "
                                     f"{describe(value)}")
        if facet.folders and value not in allowed:
            return self.error(field, f"unknown {field} {describe(value)}: "
                                     f"expected the name of a folder in guidance/"
                                     f"{facet.folders}/ that holds an area.yml")
        if not facet.multi:
            return self.choice(field, list(allowed))
        values = self.string_list(field)
        if values == []:
            self.error(field, "expected at least one value; found an empty list")
        for value in values or []:
            if value not in allowed:
                self.error(field, f"unknown value '{value}'; expected one of "
                                  f"{', '.join(allowed)} (add new values to "
                                  "guidance/vocabulary.yml)")

    def string_list(self, field: str, pattern: re.Pattern | None = None):
        if field not in self.data:
            return None
        value = self.present(field)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(field, "expected a list of text values; found "
                              f"{describe(value)}")
            return None
        for item in value:
            if pattern and not pattern.match(item):
                self.error(field, f"expected a document id; found '{item}'")
        return value

    def date(self, field: str) -> None:
        if field in self.data and not isinstance(self.present(field), dt.date):
            self.error(field, "expected a date as YYYY-MM-DD; found "
                              f"{describe(self.present(field))}")

    def aliases(self) -> None:
        value = self.present("anchor_aliases")
        if "anchor_aliases" not in self.data:
            return
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            self.error("anchor_aliases", "expected a mapping of old anchor to current "
                                         f"anchor; found {describe(value)}")

    def superseded(self) -> None:
        if self.present("status") == "superseded" and not self.present("superseded_by"):
            self.error("superseded_by", "required when status is superseded: give the "
                                        "id of the replacing document",
                       self.line("status"))
        if "superseded_by" in self.data:
            self.text("superseded_by")

    def source(self) -> None:
        value = self.present("source")
        kind = self.present("type")
        if "source" not in self.data:
            if kind not in schema.TYPES_WITHOUT_SOURCE and "type" in self.data:
                self.error("source", f"required for type '{kind}': give the official "
                                     "title, publisher, url and published date", 1)
            return
        if not isinstance(value, dict):
            return self.error("source", f"expected a mapping with "
                                        f"{', '.join(schema.SOURCE_REQUIRED)}; "
                                        f"found {describe(value)}")
        self._source_fields(value, self.sublines.get("source", {}))

    def _source_fields(self, value: dict, lines: dict[str, int]) -> None:
        for key in schema.SOURCE_REQUIRED:
            if key not in value:
                self.error(f"source.{key}", "required field is missing",
                           self.line("source"))
        for key, item in value.items():
            line = lines.get(str(key), self.line("source"))
            name = f"source.{key}"
            if key not in schema.SOURCE_FIELDS:
                self.problems.warning(self.path, line, name, "unknown field; expected "
                                      "one of " + ", ".join(schema.SOURCE_FIELDS))
            elif key in ("published", "updated"):
                if not schema.PARTIAL_DATE.match(_date_text(item)):
                    self.error(name, "expected YYYY-MM-DD, YYYY-MM or YYYY; found "
                                     f"{describe(item)}", line)
            elif not isinstance(item, str) or not item.strip():
                self.error(name, f"expected text; found {describe(item)}", line)
            elif schema.PLACEHOLDER in item:
                self.error(name, f"replace the {schema.PLACEHOLDER} placeholder", line)
            elif key == "url" and not item.startswith("https://"):
                self.error(name, "expected an address starting https://; found "
                                 f"'{item}'",
                           line)


def check_body(path: Path, body: str, body_line: int, problems: Problems) -> None:
    """Refuse hostile raw HTML; warn about any other raw HTML; require text."""
    if not body.strip():
        problems.error(path, body_line, "body", "the document has no text")
    _check_controls(path, body, body_line, problems)
    for offset, text in enumerate(body.splitlines()):
        _check_line(path, body_line + offset, text, problems)
    _check_spanning_tags(path, body, body_line, problems)


def _check_controls(path: Path, body: str, body_line: int, problems: Problems) -> None:
    """Each line's first control character. Lines are counted by "\\n" alone:
    Python's ``splitlines`` also breaks at some control characters."""
    line, counted, reported = body_line, 0, 0
    for match in CONTROL.finditer(body):
        line += body.count("\n", counted, match.start())
        counted = match.start()
        if line != reported:
            reported = line
            problems.error(path, line, "body", f"invisible control character "
                                               f"U+{ord(match.group()):04X}: delete it")


def _check_spanning_tags(path: Path, body: str, body_line: int,
                         problems: Problems) -> None:
    """An event handler on a tag's second line hides from the line-by-line check."""
    for match in EVENT_HANDLER.finditer(body):
        if "\n" in match.group(0):
            line = body_line + body.count("\n", 0, match.start())
            problems.error(path, line, "body", EVENT_HANDLER_MESSAGE)


def _check_line(path: Path, line: int, text: str, problems: Problems) -> None:
    for pattern, message in DANGEROUS_HTML:
        match = pattern.search(text)
        if match:
            found = match.group(1).lower() if match.groups() else ""
            problems.error(path, line, "body", message.format(found))
            return
    if RAW_TAG.search(_without_code(text)):
        problems.warning(path, line, "body", "raw HTML found; use Markdown instead")


def _without_code(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)

