"""The reference search: score every matching section, then count in Python.

This was the only search path until the library outgrew it (230-600 ms a
query at 100x). It stays as the definition the fast path
(``indexer.engine``) is tested against: same totals, same facet counts, same
first page. ``search(..., exhaustive=True)`` runs it.
"""

from __future__ import annotations

from whoosh.query import NullQuery, Query
from whoosh.searching import Results, Searcher

from indexer.engine import Found
from indexer.facets import Filters, facet_counts, matches
from indexer.handle import Generation, Searchers
from indexer.parsing import ParsedQuery, fuzzy_query
from indexer.ranking import adjust, group, ordered, wanted_titles
from indexer.timelimit import DeadlineCollector, TimeLimit


def find_exhaustive(searchers: Searchers, gen: Generation, parsed: ParsedQuery,
                    filters: Filters, sort: str, time_limit: float) -> Found:
    searcher = searchers.sections
    query, fuzzy = parsed.query, False
    results, complete = _run(searcher, query, time_limit)
    if results is None or results.scored_length() == 0:
        retry_query = fuzzy_query(parsed.words)
        retry, retry_complete = _run(searcher, retry_query, time_limit)
        if retry is not None and retry.scored_length():
            results, fuzzy, query, complete = retry, True, retry_query, retry_complete
    documents = gen.meta["documents"]

    def doc_of(docnum: int) -> str | None:
        doc_id = gen.section(searcher, docnum)[0]
        return doc_id if doc_id in documents else None

    docs = group(results.top_n if results is not None else [], doc_of)
    adjust(docs, documents, wanted_titles(parsed.text, gen.meta["glossary"]),
           parsed.text)
    facets = facet_counts([d.doc_id for d in docs], documents, filters,
                          gen.meta["labels"])
    docs = ordered([d for d in docs if matches(documents[d.doc_id], filters)],
                   documents, sort)
    return Found(docs, 0, len(docs), facets, query, fuzzy, complete)


def _run(searcher: Searcher, query: Query,
         time_limit: float) -> tuple[Results | None, bool]:
    """All matching sections, scored, within ``time_limit``; None on failure."""
    if query is NullQuery:
        return None, True
    collector = DeadlineCollector(searcher.collector(limit=None), time_limit)
    complete = True
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        complete = False  # keep what was found in time
    except Exception:  # odd queries must give no results, never an error page
        return None, True
    return collector.results(), complete
