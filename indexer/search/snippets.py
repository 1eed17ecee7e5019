"""Safe HTML snippets with the matched words in <mark>.

Built from the character positions stored in the index (``chars=True``) with a
PinpointFragmenter, so the text is never re-analysed. Positions are read only
for the few sections shown on the page, once per query word, so the search
itself does not have to record which words matched in every hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    HtmlFormatter,
    PinpointFragmenter,
    top_fragments,
)
from whoosh.query import Query
from whoosh.searching import Searcher

from indexer.codec.readers import characters_at

FIELD = "body"
SNIPPET_CHARS = 220
FALLBACK_CHARS = 200


class MarkFormatter(HtmlFormatter):
    """<mark>word</mark>, everything else escaped; fragments joined by an ellipsis."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(text[token.startchar:token.endchar])}</mark>"


FRAGMENTER = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True)
FORMATTER = MarkFormatter()
SCORER = BasicFragmentScorer()


def snippets(searcher: Searcher, query: Query | None,
             docnums: Iterable[int]) -> dict[int, str]:
    """A snippet for each section: its best fragment, or its opening."""
    docnums = sorted(set(docnums))
    found = _positions(searcher, query, docnums) if query is not None else {}
    return {n: _snippet(searcher.stored_fields(n).get(FIELD, ""), found.get(n, []))
            for n in docnums}


def _positions(searcher: Searcher, query: Query,
               docnums: list[int]) -> dict[int, list[Token]]:
    """Where each query word occurs in each section, from the stored positions,
    read segment by segment (``docnums`` sorted)."""
    # fieldname is required: without it Whoosh drops every field but the
    # first it meets (its loop reuses the parameter's name).
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
    return FORMATTER.format(best)


def _opening(text: str) -> str:
    if len(text) <= FALLBACK_CHARS:
        return text
    cut = text[:FALLBACK_CHARS].rsplit(" ", 1)[0]
    return cut + " …"
