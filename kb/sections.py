"""Split a Markdown body into numbered sections with stable anchors."""

from __future__ import annotations

import re

from kb import markdown_bounds
from kb.markdown_html import heading_ids
from kb.model import Section

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATTR_LIST = re.compile(r"\s*\{:?\s*#([^\s}]+)[^}]*\}\s*$")
SECTION_LEVELS = range(2, 5)
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LEAD_ANCHOR = "top"


class SectionError(ValueError):
    """Headings could not be matched to the rendered page, or the body is past
    the bounds that keep rendering fast; ``offset`` is the 0-based body line."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


def heading_lines(body: str) -> list[tuple[int, int, str]]:
    """(0-based line, level, raw heading text) of every ATX heading outside code."""
    found, fence = [], None
    for index, line in enumerate(body.splitlines()):
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        match = None if fence else ATX_HEADING.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def explicit_anchor(raw_heading: str) -> str | None:
    match = ATTR_LIST.search(raw_heading)
    return match.group(1) if match else None


def split_sections(body: str, body_line: int = 1) -> list[Section]:
    """Sections for headings ``##`` to ``####``, numbered 1, 1.1, 1.1.1.

    Text before the first heading becomes a lead section anchored ``top``.
    Anchors come from the renderer's own slug rules applied to the heading lines
    alone (ids depend only on headings and their order), so they equal the HTML
    ids at a fraction of the cost of rendering the whole body.
    """
    beyond = markdown_bounds.check(body)
    if beyond is not None:
        raise SectionError(beyond.message, beyond.offset)
    lines = body.splitlines()
    headings = heading_lines(body)
    _refuse_setext(lines)
    ids = heading_ids("\n\n".join(lines[index] for index, _, _ in headings))
    if len(ids) != len(headings):
        raise SectionError(f"found {len(headings)} headings but the page renders "
                           f"{len(ids)}; use '## Heading' lines only")
    sections = _lead(lines, headings, body_line)
    counters = [0, 0, 0]
    starts = [index for index, level, _ in headings if level in SECTION_LEVELS]
    for (index, level, _raw), (_, anchor, name) in zip(headings, ids, strict=True):
        if level not in SECTION_LEVELS:
            continue
        end = next((start for start in starts if start > index), len(lines))
        markdown = "\n".join(lines[index + 1:end]).strip("\n")
        sections.append(Section(anchor, _next_number(counters, level), name, level,
                                markdown, plain_text(markdown), body_line + index))
    return sections


def _refuse_setext(lines: list[str]) -> None:
    """Underlined headings would get ids too; only ``##`` lines start sections."""
    for index in range(1, len(lines)):
        if SETEXT_UNDERLINE.match(lines[index]) and _is_paragraph(lines[index - 1]):
            raise SectionError(f"line {index}: underlined headings are not "
                               "supported; use '## Heading' lines only", index)


def _is_paragraph(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not re.match(r"([-*+>|#]|\d+\.|`{3}|~{3})", stripped)


def _lead(lines: list[str], headings: list, body_line: int) -> list[Section]:
    first = headings[0][0] if headings else len(lines)
    markdown = "\n".join(lines[:first]).strip("\n")
    if not markdown.strip():
        return []
    return [Section(LEAD_ANCHOR, "", "", 1, markdown, plain_text(markdown), body_line)]


def _next_number(counters: list[int], level: int) -> str:
    depth = level - 2
    counters[depth] += 1
    for deeper in range(depth + 1, len(counters)):
        counters[deeper] = 0
    return ".".join(str(n) for n in counters[: depth + 1])


_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # one line: linear time
_MARKS = re.compile(
    r"(\*\*|__|[*_`]|^\s*(?:[-+*]|\d+\.)\s+|^\s*>\s?|^#+\s*|\{:?\s*#[^}]*\})",
    re.MULTILINE)
_TAGS = re.compile(r"<[^>]+>")


def plain_text(markdown: str) -> str:
    """A cheap Markdown-to-text for indexing and snippets."""
    text = _LINK.sub(r"\1", markdown)
    text = _TAGS.sub(" ", text)
    text = _MARKS.sub("", text)
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.MULTILINE)
    text = text.replace("|", " ")
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{3,}", "\n\n", text)).strip()
