"""Sections laid out as slide pages: real lists, nothing cut, long text continued.

A slide holds about thirteen lines of 20-point text. A section longer than that
is continued on the next slide, split between blocks, or between sentences of a
long paragraph; no word is dropped. Numbered lists keep counting across slides.
``web.pack_pptx`` draws the pages; this module only decides what goes where.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from web.html_blocks import BULLET, HEADING, NUMBER, PARAGRAPH, ROW, Block, Run

LINES_PER_SLIDE = 12
CHARS_PER_LINE = 78  # 20-point text across a 16:9 slide's body
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\u201c])")


@dataclass(frozen=True)
class Piece:
    """One paragraph of a slide: a list item, a paragraph or a heading."""

    kind: str  # PARAGRAPH, BULLET, NUMBER or HEADING
    runs: tuple[Run, ...]
    number: int | None = None  # the item's number, for numbered lists
    continued: bool = False  # the rest of an item split across slides

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()

    @property
    def lines(self) -> int:
        indent = 4 if self.kind in (BULLET, NUMBER) else 0
        return max(1, math.ceil((len(self.text) + indent) / CHARS_PER_LINE))


def pieces(blocks: list[Block]) -> list[Piece]:
    """The blocks as slide paragraphs, numbered lists counted, table rows as text."""
    found: list[Piece] = []
    number = 0
    for block in blocks:
        number = number + 1 if block.kind == NUMBER else 0
        if block.kind == ROW:
            found.append(Piece(PARAGRAPH, (Run(" | ".join(block.cells),
                                               bold=block.header),)))
        else:
            kind = block.kind if block.kind in (BULLET, NUMBER, HEADING) else PARAGRAPH
            found.append(Piece(kind, tuple(block.runs), number or None))
    return found


def paginate(found: list[Piece], budget: int = LINES_PER_SLIDE) -> list[list[Piece]]:
    """Pieces in slide-sized pages, in order; a piece too long for one slide is
    split between sentences (or words) and continued on the next."""
    pages: list[list[Piece]] = []
    page: list[Piece] = []
    used = 0
    for whole in found:
        for piece in _split(whole, budget):
            heading_alone = bool(page) and page[-1].kind == HEADING
            if page and used + piece.lines > budget:
                moved = [page.pop()] if heading_alone else []
                pages.append(page)
                page, used = moved, sum(p.lines for p in moved)
            page.append(piece)
            used += piece.lines
    if page:
        pages.append(page)
    return pages or [[]]


def _split(piece: Piece, budget: int) -> list[Piece]:
    limit = budget * CHARS_PER_LINE * 3 // 4
    if len(piece.text) <= limit:
        return [piece]
    parts: list[list[Run]] = [[]]
    size = 0
    for run in piece.runs:
        for chunk in _chunks(run.text, limit):
            if size and size + len(chunk) > limit:
                parts.append([])
                size = 0
            parts[-1].append(replace(run, text=chunk))
            size += len(chunk)
    return [replace(piece, runs=tuple(runs), continued=index > 0)
            for index, runs in enumerate(parts) if runs]


def _chunks(text: str, limit: int) -> list[str]:
    """Sentences (with their trailing space), each at most ``limit`` characters:
    a longer sentence is cut between words."""
    found: list[str] = []
    for sentence in SENTENCE_END.split(text):
        sentence += " "
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit) + 1 or limit
            found.append(sentence[:cut])
            sentence = sentence[cut:]
        found.append(sentence)
    if found:
        found[-1] = found[-1][:-1] if not text.endswith(" ") else found[-1]
    return found


def plain(piece: Piece) -> str:
    """A piece as a line of speaker notes."""
    if piece.kind == BULLET and not piece.continued:
        return f"\u2022 {piece.text}"
    if piece.kind == NUMBER and not piece.continued:
        return f"{piece.number}. {piece.text}"
    return piece.text
