"""The reference search: score every matching section, then count in Python.

This was the only search path until the library outgrew it (690 ms of CPU a
query at 100x). It stays, with the tests, as the definition the fast path
(``indexer.search.engine``) is tested against: same totals, same facet counts,
same first page. ``reference_search`` runs it through the same page-making
code as ``search`` (``indexer.search.query.page_of``); only how documents are
found, counted and ranked differs. Its facet counter and its collector with a
deadline are its own, so they share no shortcut with the engine.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable

from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.query import NullQuery, Query, QueryError
from whoosh.searching import Results, Searcher

from indexer.meta import DocumentEntry
from indexer.results import FacetCount, SearchPage
from indexer.search import query as search_query
from indexer.search.engine import Found
from indexer.search.facets import Filters
from indexer.search.forgive import Attempt
from indexer.search.handle import Generation, IndexHandle, Searchers
from indexer.search.parsing import ParsedQuery
from indexer.search.ranking import adjust, group, ordered
from kb import facets


def reference_search(handle: IndexHandle, q: str,
                     filters: dict[str, list[str]] | None = None, page: int = 1,
                     page_size: int = 10, sort: str = "relevance",
                     literal: bool = False) -> SearchPage:
    """``search`` with every matching section scored: the tests' oracle."""
    sort = sort if sort in search_query.SORTS else "relevance"
    with handle.searching() as (searchers, gen):
        return search_query.page_of(searchers, gen, q, filters, page, page_size,
                                    sort, literal, path=sys.modules[__name__])


def attempt(parsed: ParsedQuery, query: Query, searchers: Searchers,
            gen: Generation, deadline: object = None) -> Attempt:
    """Every matching section scored, within the search's own time limit (the
    engine's stage deadline is not the oracle's)."""
    return Attempt(parsed, query, _run(searchers.sections, query,
                                       search_query.SEARCH_TIME_LIMIT))


def rank(attempt: Attempt, searchers: Searchers, gen: Generation, filters: Filters,
         page: int, page_size: int, sort: str, deadline: float) -> Found:
    documents, searcher = gen.meta.documents, searchers.sections

    def doc_of(docnum: int) -> str | None:
        doc_id = gen.section(searcher, docnum)[0]
        return doc_id if doc_id in documents else None

    results = attempt.results
    docs = group(results.top_n if results is not None else [], doc_of)
    adjust(docs, documents, attempt.parsed.text, gen.meta.glossary)
    counts = facet_counts([d.doc_id for d in docs], documents, filters,
                          gen.meta.labels)
    docs = ordered([d for d in docs if matches(documents[d.doc_id], filters)],
                   documents, sort)
    return Found(docs, len(docs), counts, True)


def matches(entry: DocumentEntry, filters: Filters, skip: str | None = None) -> bool:
    """Several values in one facet are OR-ed, facets are AND-ed. A document
    local to an area (a scoped facet) is found only with that area chosen."""
    for facet in facets.FACETS:
        mine = set(entry.values(facet.name))
        if facet.scoped and facet.name != skip and mine \
                and not mine & filters.get(facet.name, set()):
            return False
    return all(set(entry.values(facet)) & wanted
               for facet, wanted in filters.items()
               if facet != skip and not facets.get(facet).scoped)


def facet_counts(doc_ids: Iterable[str], documents: dict[str, DocumentEntry],
                 filters: Filters, labels: dict[str, dict[str, str]]
                 ) -> dict[str, tuple[FacetCount, ...]]:
    """Every facet value with its count of matching documents, in vocabulary
    order; each facet's counts ignore that facet's own selection."""
    entries = [documents[d] for d in doc_ids if d in documents]
    result = {}
    for name in facets.names():
        counts = Counter(v for e in entries if matches(e, filters, skip=name)
                         for v in e.values(name))
        chosen = filters.get(name, set())
        result[name] = tuple(FacetCount(value, label, counts[value], value in chosen)
                             for value, label in labels.get(name, {}).items())
    return result


class DeadlineCollector(TimeLimitCollector):
    """Whoosh's ``TimeLimitCollector`` (``use_alarm=False``) reading the clock
    between matches instead of starting a timer thread per search."""

    def __init__(self, child, timelimit: float) -> None:
        super().__init__(child, timelimit, use_alarm=False)
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self.timer = None
        self.deadline = time.monotonic() + self.timelimit

    def collect_matches(self) -> None:
        child, deadline = self.child, self.deadline
        for sub_docnum in child.matches():
            if time.monotonic() > deadline:
                self.timedout = True
                raise TimeLimit
            child.collect(sub_docnum)


def _run(searcher: Searcher, query: Query, time_limit: float) -> Results | None:
    """All matching sections, scored, within ``time_limit``.

    None when there is nothing to run or Whoosh refuses the query as such
    (``QueryError``: a phrase in a field without positions, say).
    """
    if query is NullQuery:
        return None
    collector = DeadlineCollector(searcher.collector(limit=None), time_limit)
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        pass  # keep what was found in time
    except QueryError:
        return None
    return collector.results()
