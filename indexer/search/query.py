"""Search: one function serves the site, the JSON API and ``kb search``.

``search`` returns a typed ``SearchPage`` (see ``indexer.results``) grouped by
document, with ids and anchors but no links: the web layer makes those.
How documents are found, counted and ranked is ``indexer.search.engine``'s job;
``exhaustive=True`` scores every matching section instead (the reference).
Query text is never logged or stored: it may hold a child's name.

Only the errors Whoosh is known to raise on odd queries are caught (as no
results); anything else is a bug and reaches the caller, so a broken search
shows an error page instead of "no guidance found".
"""

from __future__ import annotations

import math
import time

from whoosh.searching import Searcher

from indexer.meta import DocumentEntry
from indexer.results import DocumentHit, DocumentRef, SearchPage, SectionHit
from indexer.search import engine, exhaustive
from indexer.search.bestbets import best_bets
from indexer.search.engine import Found
from indexer.search.facets import clean_filters
from indexer.search.forgive import Attempt, Outcome, forgiving_search
from indexer.search.handle import (
    Generation,
    IndexHandle,
    IndexUnavailable,
    Searchers,
    open_searcher_index,
)
from indexer.search.parsing import MAX_QUERY_LENGTH, ParsedQuery, fuzzy_query, parse
from indexer.search.ranking import MAX_SECTIONS, DocHit
from indexer.search.snippets import snippets
from indexer.search.spelling import SpellingData
from kb import facets

__all__ = ["MAX_QUERY_LENGTH", "IndexHandle", "IndexUnavailable",
           "open_searcher_index", "search"]

SEARCH_TIME_LIMIT = 0.5  # seconds; a search that runs longer returns what it found
SECTION_CUTOFF = 0.5  # sections shown score at least this share of the best one
SORTS = ("relevance", "updated")
LEAD_HEADING = "Introduction"


def search(handle: IndexHandle, q: str, filters: dict[str, list[str]] | None = None,
           page: int = 1, page_size: int = 10, sort: str = "relevance",
           literal: bool = False, exhaustive: bool = False) -> SearchPage:
    """Search ``q`` and return one page of documents, facets and hints.

    ``page`` and ``page_size`` must be at least 1: callers check their own
    limits (``web.limits`` for the site and the API). Misspellings are
    corrected when that is clearly what was meant (``indexer.search.forgive``);
    ``literal`` searches the words as typed. ``exhaustive`` scores every
    matching section (``indexer.search.exhaustive``): the reference for tests.
    """
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size start at 1")
    sort = sort if sort in SORTS else "relevance"
    with handle.searching() as (searchers, gen):
        return _search(searchers, gen, q, filters, page, page_size, sort, literal,
                       exhaustive)


def _search(searchers: Searchers, gen: Generation, q: str, filters: dict | None,
            page: int, page_size: int, sort: str, literal: bool,
            reference: bool) -> SearchPage:
    meta, searcher = gen.meta, searchers.sections
    deadline = time.monotonic() + SEARCH_TIME_LIMIT
    outcome = _forgiving(searchers, gen, q or "", literal, reference)
    attempt = outcome.attempt
    parsed = attempt.parsed
    selected = clean_filters(filters, meta.labels)
    if reference:
        found = exhaustive.rank(attempt, gen, searcher, selected, sort)
    else:
        found = engine.rank(attempt, searchers, gen, selected, page, page_size, sort,
                            deadline)
    chosen = _page(found, page, page_size)
    shown = {d.doc_id: _shown(d) for d in chosen}
    texts = snippets(searcher, attempt.query,
                     [n for s in shown.values() for _, n in s])
    return SearchPage(
        query=parsed.text, truncated=parsed.truncated, total=found.total,
        page=page, page_size=page_size, pages=math.ceil(found.total / page_size),
        sort=sort,
        results=tuple(_result(d, gen, searcher, shown[d.doc_id], texts)
                      for d in chosen),
        facets=found.facets, corrected_from=outcome.corrected_from,
        suggestion=outcome.suggestion, expansions=tuple(parsed.expansions),
        fuzzy=outcome.fuzzy,
        best_bets=best_bets(meta.best_bets, parsed.text) if page == 1 else ())


def _forgiving(searchers: Searchers, gen: Generation, q: str, literal: bool,
               reference: bool) -> Outcome:
    searcher = searchers.sections

    def match(parsed: ParsedQuery, query) -> Attempt:
        if reference:
            return exhaustive.attempt(parsed, query, searcher, gen, SEARCH_TIME_LIMIT)
        return engine.attempt(parsed, query, searchers, gen)

    def run(text: str) -> Attempt:
        parsed = parse(searcher, text, gen.meta.glossary)
        return match(parsed, parsed.query)

    def retry(parsed: ParsedQuery) -> Attempt:
        return match(parsed, fuzzy_query(parsed.words))

    spelling = SpellingData.for_meta(gen.meta)
    return forgiving_search(searcher.reader(), q, run, retry, spelling, literal)


def _page(found: Found, page: int, page_size: int) -> list[DocHit]:
    start = (page - 1) * page_size
    return found.docs[start:start + page_size]


def _result(doc: DocHit, gen: Generation, searcher: Searcher,
             shown: list[tuple[float, int]], texts: dict[int, str]) -> DocumentHit:
    entry, labels = gen.meta.documents[doc.doc_id], gen.meta.labels
    return DocumentHit(
        doc_id=doc.doc_id, title=entry.title, type=entry.type,
        type_label=labels["type"].get(entry.type, entry.type), status=entry.status,
        status_label=labels["status"].get(entry.status, entry.status),
        summary=entry.summary, reviewed=entry.reviewed,
        successor=_successor(entry),
        sections=_sections(shown, gen, searcher, texts),
        local_to=_local_to(entry, labels))


def _local_to(entry: DocumentEntry, labels: dict[str, dict[str, str]]) -> str | None:
    """The name of the area a local document belongs to (``kb.facets``'s
    scoped facet), for its "Local" label; None for a national document."""
    for facet in facets.FACETS:
        for value in entry.values(facet.name) if facet.scoped else ():
            return labels.get(facet.name, {}).get(value, value)
    return None


def _successor(entry: DocumentEntry) -> DocumentRef | None:
    doc_id = entry.superseded_by
    if not doc_id:
        return None
    return DocumentRef(doc_id, entry.successor_title or doc_id)


def _shown(doc: DocHit) -> list[tuple[float, int]]:
    """A document's best sections: up to MAX_SECTIONS, each near the best one."""
    best = doc.sections[0][0]
    return [s for s in doc.sections[:MAX_SECTIONS] if s[0] >= best * SECTION_CUTOFF]


def _sections(shown: list[tuple[float, int]], gen: Generation, searcher: Searcher,
              texts: dict[int, str]) -> tuple[SectionHit, ...]:
    sections = []
    for _score, docnum in shown:
        _doc_id, anchor, number, heading = gen.section(searcher, docnum)
        sections.append(SectionHit(anchor, number, heading or LEAD_HEADING,
                                   texts[docnum]))
    return tuple(sections)
