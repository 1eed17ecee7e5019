"""A document's sections as HTML for its page.

Each section is rendered on its own so the page template can render its heading
(number, anchor id, section link and tools) through one partial. Internal links
become site links, glossary acronyms become ``<abbr>``, and search terms are
marked when the reader arrives from results.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from kb.htmltext import map_text
from kb.library import resolve_link
from kb.markdown_html import render
from kb.model import Document, GlossaryTerm, Library, Section
from kb.sections import LEAD_ANCHOR
from web.permalinks import document_url

NO_ABBR_IN = ("a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
STOPWORDS = {"and", "the", "for", "with", "not", "are", "was", "from", "that",
             "this", "what", "who", "how", "when", "can", "you", "our", "into"}
MAX_HIGHLIGHT_WORDS = 10


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    html: Markup

    @property
    def is_lead(self) -> bool:
        return self.section.anchor == LEAD_ANCHOR and not self.section.heading


def link_rewriter(library: Library, doc: Document):
    """Relative ``.md`` links become ``/doc/<id>#<anchor>``; others stay."""
    def rewrite(href: str) -> str | None:
        resolved = resolve_link(library, doc, href)
        if resolved is None or not isinstance(resolved[0], Document):
            return None
        target, anchor = resolved
        section = target.section(anchor) if anchor else None
        return document_url(target.id, section.anchor if section else anchor)
    return rewrite


def render_sections(library: Library, doc: Document,
                    highlight: str = "") -> list[RenderedSection]:
    rewrite = link_rewriter(library, doc)
    acronyms = abbreviations(library.glossary)
    rendered = [RenderedSection(section, Markup(abbreviate(
        render(section.markdown, rewrite), acronyms))) for section in doc.sections]
    return mark_sections(rendered, highlight)


def mark_sections(rendered: list[RenderedSection],
                  highlight: str) -> list[RenderedSection]:
    """``rendered`` with the search terms marked, made afresh: what someone
    typed is never kept."""
    pattern = highlight_pattern(highlight)
    if not pattern:
        return rendered
    return [RenderedSection(part.section, Markup(map_text(
        str(part.html), lambda text: mark(text, pattern)))) for part in rendered]


def abbreviations(glossary: list[GlossaryTerm]) -> dict[str, str]:
    """Acronym -> expansion for every glossary term that has an expansion."""
    return {t.term: t.expansion for t in glossary if t.expansion}


def abbreviate(body: str, acronyms: dict[str, str]) -> str:
    """Wrap the first use of each acronym in this HTML in ``<abbr title>``."""
    if not acronyms:
        return body
    names = sorted(acronyms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(
        re.escape(html.escape(n, quote=False)) for n in names) + r")(?![\w-])")
    seen: set[str] = set()

    def wrap(match: re.Match) -> str:
        name = html.unescape(match.group(1))
        if name in seen:
            return match.group(0)
        seen.add(name)
        title = html.escape(acronyms[name])
        return f'<abbr title="{title}">{match.group(1)}</abbr>'

    return map_text(body, lambda text: pattern.sub(wrap, text), skip=NO_ABBR_IN)


def highlight_words(highlight: str) -> list[str]:
    words = re.findall(r"\w+", highlight[:200].lower())
    kept = [w for w in words if len(w) >= 3 and w not in STOPWORDS]
    return list(dict.fromkeys(kept))[:MAX_HIGHLIGHT_WORDS]


WORD = re.compile(r"(?<!\w)\w+")


@dataclass(frozen=True)
class Highlighter:
    """Marks each word that starts with one of the searched words.

    One fixed pattern finds words and a prefix test picks them: a pattern
    made from the searched words would stay in ``re``'s cache of compiled
    patterns, and they may hold a child's name."""

    words: tuple[str, ...]

    def sub(self, text: str) -> str:
        words = self.words
        return WORD.sub(lambda m: f"<mark>{m.group()}</mark>"
                        if m.group().lower().startswith(words) else m.group(), text)


def highlight_pattern(highlight: str) -> Highlighter | None:
    words = highlight_words(highlight)
    return Highlighter(tuple(words)) if words else None


def mark(text: str, pattern: Highlighter) -> str:
    return pattern.sub(text)


def highlight_text(text: str, highlight: str) -> Markup:
    """Plain text escaped, with the search terms marked."""
    escaped = str(Markup.escape(text))
    pattern = highlight_pattern(highlight)
    return Markup(mark(escaped, pattern) if pattern else escaped)
