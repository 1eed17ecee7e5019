"""Bounds on Markdown that keep rendering fast, checked in one linear pass.

Python-Markdown reads an opening ``[`` by scanning the rest of its paragraph for
the ``]`` and ``)`` that close it, character by character: 20,000 ``[`` on one
line took a minute to render. Lists and quotes nest by recursion: 5,000 nested
``- `` ran out of stack. No guidance needs either, so ``split_sections`` (which
every reader of a document calls: ``kb check``, ``kb index``, old versions for
the site) refuses a body past these bounds, naming its line, and ``render``
shows such a body as plain text rather than hang.

The bracket bound is on the work itself: for each paragraph, its ``[``, ``` ` ```
and ``<`` times its length, summed over the body. Real documents use a
hundredth of it or less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 10  # nested lists and quotes: ours nest two or three levels
MAX_LINK_WORK = 1_000_000  # sum of (openers in a paragraph) x (its length)
# Each starts a scan to the end of its paragraph for what closes it: a link's
# ``]``, a code span's backticks, a tag's or autolink's ``>``.
OPENERS = ("[", "`", "<")
# Raw HTML is found by scanning the whole body from each ``<`` for its ``>``:
# ``<`` times the body's length. The guidance has no ``<`` at all.
MAX_TAG_WORK = 4_000_000
MAX_HEADINGS = 400  # our longest document has about 40
TAB_WIDTH = 4  # as Python-Markdown counts indentation
NESTING_STARTS = frozenset(" \t>-*+0123456789")

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# Python-Markdown reads each item of a list on its own, but a list marker after
# a paragraph's first line is only more of the paragraph, and (with sane_lists)
# a numbered line in a bulleted list is more of the item before it, and back.
LIST_ITEMS = {"bullets": re.compile(r"^[ \t]*[-*+][ \t]"),
              "numbers": re.compile(r"^[ \t]*\d+\.[ \t]")}
CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")


@dataclass(frozen=True)
class BoundsError:
    """A body past a bound: ``offset`` is the 0-based line within the body."""

    offset: int
    message: str


def check(body: str) -> BoundsError | None:
    """The first bound ``body`` passes, or None when it renders quickly."""
    tags = body.count("<")
    if tags * len(body) > MAX_TAG_WORK:
        return BoundsError(body.count("\n", 0, body.index("<")),
                           f"{tags} '<' are too many for a body of {len(body):,} "
                           "characters to render quickly; use Markdown, not HTML")
    work, headings = 0, 0
    block_start, block_brackets, block_length = 0, 0, 0  # the paragraph so far
    fence, kind = None, ""  # kind: the paragraph's kind of list, if it is one
    for offset, line in enumerate(body.splitlines()):
        start = line[:4]
        opening = FENCE.match(line) if "`" in start or "~" in start else None
        if opening or fence:
            fence = _next_fence(fence, opening)
            continue
        depth = nesting(line)
        if depth > MAX_DEPTH:
            return BoundsError(offset, f"lists, quotes or indents nest {depth} levels "
                                       f"deep here; use at most {MAX_DEPTH}")
        if "#" in start and HEADING.match(line):
            headings += 1
            if headings > MAX_HEADINGS:
                return BoundsError(offset, f"more than {MAX_HEADINGS} headings; "
                                           "split the document")
        if not line.strip() or (kind and LIST_ITEMS[kind].match(line)):
            work += block_brackets * block_length
            block_brackets, block_length = 0, 0
        if not line.strip():
            kind = ""
            continue
        if not block_length:
            block_start = offset
            kind = kind or _list_kind(line)
        block_brackets += sum(map(line.count, OPENERS))
        block_length += len(line) + 1
        if work + block_brackets * block_length > MAX_LINK_WORK:
            return BoundsError(block_start, "this paragraph has too many '[', '`' or "
                                            "'<' to render quickly: write \\[ for a "
                                            "bracket that does not start a link, or "
                                            "split the paragraph")
    return None


def nesting(line: str) -> int:
    """How deep a line nests: its list and quote markers, plus its indent in
    steps of four columns (how Python-Markdown nests a list item's content)."""
    if not line or line[0] not in NESTING_STARTS:
        return 0  # most lines: prose
    depth, position = 0, 0
    while True:
        match = CONTAINER.match(line, position)
        if match is None:
            break
        depth, position = depth + 1, match.end()
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    return depth + len(indent.expandtabs(TAB_WIDTH)) // TAB_WIDTH


def _list_kind(line: str) -> str:
    return next((kind for kind, item in LIST_ITEMS.items() if item.match(line)), "")


def _next_fence(fence: str | None, opening: re.Match | None) -> str | None:
    if opening is None:
        return fence
    marker = opening.group(1)
    if fence is None:
        return marker[0] * 3
    return None if marker.startswith(fence) else fence
