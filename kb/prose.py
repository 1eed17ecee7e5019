"""The running text of a Markdown body, as readers meet it, with its file lines.

The plain-English rules judge sentences and paragraphs, not markup. This module
keeps what a reader reads (paragraphs and list items, link text, quoted titles)
and drops what they do not read as prose: headings, tables, code, raw HTML,
link addresses and lists of references. Every sentence keeps the file line it
starts on, so a finding can say ``path:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kb.sections import ATX_HEADING, FENCE

PARAGRAPH, ITEM = "paragraph", "item"
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
TABLE_ROW = re.compile(r"^\s*\|")
HTML_LINE = re.compile(r"^\s*</?[A-Za-z]")
QUOTE_MARK = re.compile(r"^\s*>\s?")
WORD = re.compile(r"[A-Za-z0-9](?:[\w'’-]|\.(?=\w))*")

_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
_CODE = re.compile(r"`+[^`]*`+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>|https?://\S+[\w/]")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")
# Words inside quotation marks or italics: official titles and quoted terms,
# which editors must not reword; the words-to-avoid rule skips them.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<!\w)\*[^*\s][^*]*\*(?!\w)"
                     r"|(?<!\w)_[^_\s][^_]*_(?!\w)")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass
class Block:
    """A paragraph or a list item: the unit the paragraph rule counts in."""

    kind: str  # PARAGRAPH or ITEM
    line: int
    heading: str  # the heading of the section it sits in ("" before the first)
    section_line: int  # the line of that heading (the body's first line before it)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (file line, raw)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def readable(line: str) -> str:
    """One Markdown line as it is read: link text kept, addresses and marks gone."""
    text = _ATTR_LIST.sub("", line)
    text = _CODE.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def own_words(line: str) -> str:
    """The line without quoted or italic passages and without link text.

    Titles of Acts, guidance and services are written as their publishers wrote
    them, and are usually quoted, italic or a link: they are not ours to reword.
    """
    text = _ATTR_LIST.sub("", line)
    text = _CODE.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(" ", text)
    text = _QUOTED.sub(" ", text)
    return readable(text)


def prose_blocks(body: str, body_line: int = 1,
                 skip_heading: re.Pattern | None = None) -> list[Block]:
    """Paragraphs and list items of ``body`` with their sentences.

    Sections whose heading matches ``skip_heading`` (reading lists, sources) are
    left out, and so is any list item that is mostly a link: a reference.
    """
    blocks = [b for b in _blocks(body.splitlines(), body_line, skip_heading)
              if not _is_reference(b)]
    for block in blocks:
        block.sentences = split_sentences(block.lines)
    return [b for b in blocks if b.sentences]


def _blocks(lines: list[str], body_line: int,
            skip_heading: re.Pattern | None) -> Iterable[Block]:
    current: Block | None = None
    heading, heading_line, skipping, fence = "", body_line, False, None
    for index, raw in enumerate(lines):
        number = body_line + index
        fence, in_code = _fence_state(raw, fence)
        heading_match = None if in_code else ATX_HEADING.match(raw)
        if heading_match:
            heading, heading_line = readable(heading_match.group(2)), number
            skipping = bool(skip_heading and skip_heading.search(heading))
        if in_code or heading_match or skipping or _not_prose(raw):
            if current:
                yield current
            current = None
            continue
        text = QUOTE_MARK.sub("", raw)
        starts_item = bool(LIST_ITEM.match(text))
        if current is None or starts_item:
            if current:
                yield current
            current = Block(ITEM if starts_item else PARAGRAPH, number, heading,
                            heading_line)
            text = LIST_ITEM.sub("", text, count=1)
        current.lines.append((number, text))
    if current:
        yield current


def _fence_state(line: str, fence: str | None) -> tuple[str | None, bool]:
    """(fence still open, whether this line is code or a fence line)."""
    opening = FENCE.match(line)
    if opening:
        marker = opening.group(1)
        if fence is None:
            return marker[0] * 3, True
        if marker.startswith(fence):
            return None, True
    return fence, fence is not None


def _not_prose(line: str) -> bool:
    stripped = QUOTE_MARK.sub("", line).strip()
    return (not stripped or bool(TABLE_ROW.match(stripped))
            or bool(HTML_LINE.match(stripped)) or set(stripped) <= set("-*_= "))


def _is_reference(block: Block) -> bool:
    """A list item that is mostly a link (a reading list entry, a source)."""
    if block.kind != ITEM:
        return False
    raw = " ".join(text for _, text in block.lines)
    linked = sum(count_words(m.group(1)) for m in _LINK.finditer(raw))
    linked += len(_AUTOLINK.findall(raw))
    total = count_words(readable(raw)) + len(_AUTOLINK.findall(raw))
    return linked > 0 and linked * 2 >= total


# A full stop after one of these does not end a sentence (data: kb/style.py can
# extend it from the style file).
ABBREVIATIONS = frozenset({
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "nos", "s", "ss",
    "para", "paras", "cf", "vs", "v", "co", "ltd", "inc", "approx", "sch", "art",
    "reg", "regs", "p", "pp", "ch", "vol", "sec", "fig", "eg", "ie",
})
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£])")
_LAST_TOKEN = re.compile(r"([\w.'’]+)\.*$")  # "Barnardo's." is a word, not "s."


def split_sentences(lines: list[tuple[int, str]]) -> list[Sentence]:
    """Sentences across the block's lines, each with the line it starts on."""
    text, starts = "", []
    for number, raw in lines:
        piece = readable(raw)
        if piece:
            starts.append((len(text), number))
            text += piece + " "
    sentences, begin = [], 0
    for match in _END.finditer(text):
        if _is_abbreviation(text[begin:match.start() + 1]):
            continue
        sentences.append(_sentence(text, begin, match.end(), starts))
        begin = match.end()
    sentences.append(_sentence(text, begin, len(text), starts))
    return [s for s in sentences if s.words]


def _is_abbreviation(before: str) -> bool:
    token = _LAST_TOKEN.search(before.rstrip("."))
    if token is None:
        return False
    word = token.group(1).lower().strip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _sentence(text: str, begin: int, end: int,
              starts: list[tuple[int, int]]) -> Sentence:
    while begin < end and text[begin].isspace():
        begin += 1
    line = next((n for offset, n in reversed(starts) if offset <= begin),
                starts[0][1] if starts else 0)
    return Sentence(text[begin:end].strip(), line)
