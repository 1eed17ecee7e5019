"""Search: one function serves the site, the JSON API and ``kb search``.

``search`` returns a typed ``SearchPage`` (see ``indexer.results``) grouped by
document, with ids and anchors but no links: the web layer makes those.
How documents are found, counted and ranked is ``indexer.search.engine``'s job
(``page_of`` takes another ``SearchPath``: the tests' reference, which scores
every matching section, runs through it too).
Query text is never logged or stored: it may hold a child's name.

Only the errors Whoosh is known to raise on odd queries are caught (as no
results); anything else is a bug and reaches the caller, so a broken search
shows an error page instead of "no guidance found".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from whoosh.query import Query
from whoosh.searching import Searcher

from indexer.meta import DocumentEntry
from indexer.results import DocumentHit, DocumentRef, SearchPage, SectionHit
from indexer.search import engine
from indexer.search.bestbets import best_bets
from indexer.search.engine import Found
from indexer.search.facets import Filters, clean_filters, matches
from indexer.search.forgive import Attempt, Outcome, forgiving_search
from indexer.search.handle import (
    Generation,
    IndexDamaged,
    IndexHandle,
    IndexUnavailable,
    Searchers,
    open_searcher_index,
)
from indexer.search.parsing import (
    MAX_QUERY_LENGTH,
    ParsedQuery,
    clean,
    fuzzy_query,
    parse,
)
from indexer.search.provision_query import pin, understood, written_out
from indexer.search.ranking import MAX_SECTIONS, DocHit
from indexer.search.snippets import snippets
from indexer.search.spelling import SpellingData
from indexer.search.timelimit import Deadline
from kb import facets

__all__ = ["MAX_QUERY_LENGTH", "IndexDamaged", "IndexHandle", "IndexUnavailable",
           "open_searcher_index", "search"]

SEARCH_TIME_LIMIT = 0.5  # seconds for every stage; past it, what was found so far
SECTION_CUTOFF = 0.5  # sections shown score at least this share of the best one
SORTS = ("relevance", "updated")
LEAD_HEADING = "Introduction"


class SearchPath(Protocol):
    """How a search finds, counts and ranks documents (``indexer.search.engine``)."""

    def attempt(self, parsed: ParsedQuery, query: Query, searchers: Searchers,
                gen: Generation, deadline: Deadline | None = None) -> Attempt: ...

    def rank(self, attempt: Attempt, searchers: Searchers, gen: Generation,
             filters: Filters, page: int, page_size: int, sort: str,
             deadline: float) -> Found: ...


def search(handle: IndexHandle, q: str, filters: dict[str, list[str]] | None = None,
           page: int = 1, page_size: int = 10, sort: str = "relevance",
           literal: bool = False) -> SearchPage:
    """Search ``q`` and return one page of documents, facets and hints.

    ``page`` and ``page_size`` must be at least 1: callers check their own
    limits (``web.limits`` for the site and the API). Misspellings are
    corrected when that is clearly what was meant (``indexer.search.forgive``);
    ``literal`` searches the words as typed.
    """
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size start at 1")
    sort = sort if sort in SORTS else "relevance"
    try:
        with handle.searching() as (searchers, gen):
            return page_of(searchers, gen, q, filters, page, page_size, sort,
                           literal)
    except IndexUnavailable:
        raise
    except Exception:
        handle.raise_if_damaged()  # a damaged file says so, once, by name
        raise


def page_of(searchers: Searchers, gen: Generation, q: str, filters: dict | None,
            page: int, page_size: int, sort: str, literal: bool,
            path: SearchPath = engine) -> SearchPage:
    """One page of results for ``q`` in an open generation, found by ``path``."""
    meta, searcher = gen.meta, searchers.sections
    deadline = Deadline(SEARCH_TIME_LIMIT)
    outcome = _forgiving(searchers, gen, q or "", literal, path, deadline)
    attempt = outcome.attempt
    parsed = attempt.parsed
    selected = clean_filters(filters, meta.labels)
    found = path.rank(attempt, searchers, gen, selected, page, page_size, sort,
                      deadline.at)
    asked = [u for u in understood(meta, parsed.text, written_out(q or ""))
             if matches(meta.documents[u.doc_id], selected)]
    if sort == "relevance":
        found = pin(found, asked, gen, gen.catalogue(searchers), searcher,
                    _counted(attempt, found, meta))
    chosen = _page(found, page, page_size)
    shown = {d.doc_id: _shown(d) for d in chosen}
    texts = snippets(searcher, attempt.query,
                     [n for s in shown.values() for _, n in s], deadline)
    return SearchPage(
        query=parsed.text, truncated=parsed.truncated, total=found.total,
        page=page, page_size=page_size, pages=math.ceil(found.total / page_size),
        sort=sort,
        results=tuple(_result(d, gen, searcher, shown[d.doc_id], texts)
                      for d in chosen),
        facets=found.facets, corrected_from=outcome.corrected_from,
        suggestion=outcome.suggestion, expansions=tuple(parsed.expansions),
        fuzzy=outcome.fuzzy,
        best_bets=_best_bets(meta, parsed.text, outcome.corrected_from, page),
        complete=found.complete and not deadline.cut,
        provisions=tuple(asked))


def _best_bets(meta, searched: str, typed: str | None, page: int) -> tuple:
    """The bets for the words searched and, when they were corrected, for the
    words as typed too: a correction never hides a bet ("child ran away" is
    searched as "child run away" but is itself a bet's query)."""
    if page != 1:
        return ()
    found = best_bets(meta.best_bets, searched)
    extra = best_bets(meta.best_bets, typed) if typed else ()
    return found + tuple(b for b in extra if b not in found)


def _counted(attempt: Attempt, found: Found, meta) -> Callable[[str], bool]:
    """Whether a document is in ``found.total``: one the words matched."""
    bits = getattr(attempt, "matches", None)
    if bits is None:
        listed = {d.doc_id for d in found.docs}
        return listed.__contains__
    # One byte per ordinal (indexer.postings.from_ordinals).
    return lambda doc_id: bool(bits.bits >> 8 * meta.documents[doc_id].ordinal & 1)


def _forgiving(searchers: Searchers, gen: Generation, q: str, literal: bool,
               path: SearchPath, deadline: Deadline) -> Outcome:
    searcher = searchers.sections

    def match(parsed: ParsedQuery, query) -> Attempt:
        return path.attempt(parsed, query, searchers, gen, deadline)

    def run(text: str) -> Attempt:
        parsed = parse(searcher, text, gen.meta.glossary)
        return match(parsed, parsed.query)

    def retry(parsed: ParsedQuery) -> Attempt:
        return match(parsed, fuzzy_query(parsed.words))

    spelling = SpellingData.for_meta(gen.meta)
    outcome = forgiving_search(searcher.reader(), written_out(q), run, retry,
                               spelling, literal, deadline)
    if outcome.corrected_from is not None:  # as typed, not as written out
        outcome.corrected_from = clean(q)[0]
    return outcome


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
