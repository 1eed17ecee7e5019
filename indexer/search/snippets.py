"""Safe HTML snippets with the matched words in <mark>.

Built from the character positions stored in the index (``chars=True``) with a
PinpointFragmenter, so the text is never re-analysed. Positions are read only
for the few sections shown on the page, once per query word, so the search
itself does not have to record which words matched in every hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    Fragment,
    HtmlFormatter,
    PinpointFragmenter,
    top_fragments,
)
from whoosh.query import Query
from whoosh.searching import Searcher

from indexer.codec.readers import characters_at
from indexer.search.timelimit import Deadline

FIELD = "body"
SNIPPET_CHARS = 220
FALLBACK_CHARS = 200
MAX_LEAD = 150  # characters a snippet may start before its first match
# Where a sentence or a clause ends: a snippet starts just after one.
SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+|\n\s*")
CLAUSE_END = re.compile(r"[,;:]\s+|\s[\u2013\u2014-]\s+|\(")
# A provision's word, which its number must not be parted from ("Section | 51").
PROVISION_WORD = re.compile(
    r"\b(?:sections?|articles?|regulations?|parts?|schedules?|paragraphs?|"
    r"ss?\.?|arts?\.?|regs?\.?|sch\.?)\s*$", re.IGNORECASE)
PROVISION_NUMBER = re.compile(r"\s*\d+[A-Za-z]{0,2}\b")


class MarkFormatter(HtmlFormatter):
    """<mark>word</mark>, everything else escaped; fragments joined by an ellipsis."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(text[token.startchar:token.endchar])}</mark>"


FRAGMENTER = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
FORMATTER = MarkFormatter()
SCORER = BasicFragmentScorer()


def snippets(searcher: Searcher, query: Query | None, docnums: Iterable[int],
             deadline: Deadline | None = None) -> dict[int, str]:
    """A snippet for each section: its best fragment, or its opening (for
    every section once ``deadline`` has passed)."""
    docnums = sorted(set(docnums))
    deadline = deadline or Deadline.unlimited()
    found = _positions(searcher, query, docnums, deadline) \
        if query is not None and not deadline.passed() else {}
    return {n: _snippet(searcher.stored_fields(n).get(FIELD, ""), found.get(n, []))
            for n in docnums}


def _positions(searcher: Searcher, query: Query, docnums: list[int],
               deadline: Deadline | None = None) -> dict[int, list[Token]]:
    """Where each query word occurs in each section, from the stored positions,
    read segment by segment (``docnums`` sorted); nothing more once
    ``deadline`` has passed (a section without positions shows its opening)."""
    # fieldname is required: without it Whoosh drops every field but the
    # first it meets (its loop reuses the parameter's name).
    deadline = deadline or Deadline.unlimited()
    words = {text for _, text in query.existing_terms(
        searcher.reader(), expand=True, fieldname=FIELD)}
    found: dict[int, list[Token]] = {}
    from_bytes = searcher.schema[FIELD].from_bytes
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        end = offset + reader.doc_count_all()
        local = [n - offset for n in docnums if offset <= n < end]
        for word in words:
            if not local or (FIELD, word) not in reader:
                continue
            if deadline.passed():
                return found
            text = from_bytes(word)
            for docnum, chars in characters_at(reader, FIELD, word, local):
                found.setdefault(docnum + offset, []).extend(
                    Token(text=text, pos=pos, startchar=start, endchar=end)
                    for pos, start, end in chars)
    return found


def _snippet(text: str, tokens: list[Token]) -> str:
    if tokens:
        html = _highlight(text, tokens)
        if html:
            return html
    return escape(_opening(text))


def _highlight(text: str, tokens: list[Token]) -> str:
    """As Whoosh's pinpoint highlighting does, for one section."""
    tokens = sorted(tokens, key=lambda t: (t.startchar, -t.endchar))
    unique, last = [], None
    for token in tokens:
        if token.startchar != last:
            unique.append(token)
            last = token.startchar
    fragments = FRAGMENTER.fragment_matches(text, unique)
    best = top_fragments(fragments, 1, SCORER, lambda f: f.startchar)
    return FORMATTER.format([readable(text, f) for f in best])


def readable(text: str, fragment: Fragment) -> Fragment:
    """``fragment`` cut where a reader would cut it: from the start of the
    sentence (or else the clause) holding its first match, never between a
    provision's word and its number ("Section 51 of ...", not "51 of ..."),
    and ending at a word boundary, about SNIPPET_CHARS long."""
    if not fragment.matches:
        return fragment
    first = min(t.startchar for t in fragment.matches)
    start = _sentence_start(text, first, fragment.startchar)
    end = min(max(fragment.endchar, start + SNIPPET_CHARS), len(text))
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
        tail = PROVISION_NUMBER.match(text, end)
        if tail and PROVISION_WORD.search(text, max(start, end - 20), end):
            end = tail.end()
    kept = [t for t in fragment.matches if start <= t.startchar and t.endchar <= end]
    return Fragment(text, kept, start, end)


def _sentence_start(text: str, first: int, fallback: int) -> int:
    """Just after the last sentence end (else clause end) before ``first``,
    looking back at most MAX_LEAD characters; the text's start counts."""
    lead = max(0, first - MAX_LEAD)
    window = text[lead:first]
    for boundary in (SENTENCE_END, CLAUSE_END):
        ends = [m.end() for m in boundary.finditer(window)]
        if ends:
            return lead + ends[-1]
        if lead == 0:
            return 0
    start = min(fallback, first)
    word = PROVISION_WORD.search(text, max(0, start - 20), start)
    return word.start() if word else start


def _opening(text: str) -> str:
    if len(text) <= FALLBACK_CHARS:
        return text
    cut = text[:FALLBACK_CHARS].rsplit(" ", 1)[0]
    return cut + " …"
