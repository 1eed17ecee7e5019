"""The reference search: score every matching section, then count in Python.

This was the only search path until the library outgrew it (690 ms of CPU a
query at 100x). It stays as the definition the fast path (``indexer.search.engine``)
is tested against: same totals, same facet counts, same first page.
``search(..., exhaustive=True)`` runs it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from whoosh.query import NullQuery, Query, QueryError
from whoosh.searching import Results, Searcher

from indexer.meta import DocumentEntry
from indexer.results import FacetCount
from indexer.search.engine import Found
from indexer.search.facets import Filters, matches
from indexer.search.forgive import Attempt
from indexer.search.handle import Generation
from indexer.search.parsing import ParsedQuery
from indexer.search.ranking import adjust, group, ordered
from indexer.search.timelimit import DeadlineCollector, TimeLimit
from kb import facets as registry


def attempt(parsed: ParsedQuery, query: Query, searcher: Searcher, gen: Generation,
            time_limit: float) -> Attempt:
    return Attempt(parsed, query, _run(searcher, query, time_limit))


def rank(attempt: Attempt, gen: Generation, searcher: Searcher, filters: Filters,
         sort: str) -> Found:
    documents = gen.meta.documents

    def doc_of(docnum: int) -> str | None:
        doc_id = gen.section(searcher, docnum)[0]
        return doc_id if doc_id in documents else None

    results = attempt.results
    docs = group(results.top_n if results is not None else [], doc_of)
    adjust(docs, documents, attempt.parsed.text, gen.meta.glossary)
    facets = reference_counts([d.doc_id for d in docs], documents, filters,
                              gen.meta.labels)
    docs = ordered([d for d in docs if matches(documents[d.doc_id], filters)],
                   documents, sort)
    return Found(docs, len(docs), facets, True)


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


def reference_counts(doc_ids: Iterable[str], documents: dict[str, DocumentEntry],
                     filters: Filters, labels: dict[str, dict[str, str]]
                     ) -> dict[str, tuple[FacetCount, ...]]:
    """The facet counts by definition, counted in Python over the matched
    documents: what ``indexer.search.counting.facet_counts`` must equal."""
    entries = [documents[d] for d in doc_ids if d in documents]
    result = {}
    for name in registry.names():
        counts = Counter(v for e in entries if matches(e, filters, skip=name)
                         for v in e.values(name))
        chosen = filters.get(name, set())
        result[name] = tuple(FacetCount(value, label, counts[value], value in chosen)
                             for value, label in labels.get(name, {}).items())
    return result
