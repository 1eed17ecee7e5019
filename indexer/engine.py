"""Find one page of documents: document-level candidates, then exact ranking.

1. ``indexer.candidates`` reads each query word's postings in the document
   index: the set of matching documents and a BM25 score for each.
2. Totals and facet counts are bit counts of that set with the filters' and
   facet values' masks (``indexer.counting``): exact, and no scoring.
3. The best-scoring candidates (``candidate_count``) have their sections
   scored with the full query (``indexer.rerank``), then are grouped and
   ranked by the same rules as before (``indexer.ranking``).

How many candidates: a page can only hold documents from the top of the
exact ranking, and the document-level score orders documents much as the
exact ranking does, so the pass keeps twice as many as the pages up to the
one asked for hold, and never fewer than ``MIN_CANDIDATES``. Documents whose
title is exactly what was asked are always candidates, because the exact
ranking puts them first. With ``sort=updated`` the candidates are the newest
matching documents the page needs, plus every one updated on the same day as
the page's last, so ties by score are broken exactly.

At 100x the library this scores a few hundred sections instead of tens of
thousands; ``tests/indexer/test_engine.py`` checks the first page equals the
exhaustive ranking (``indexer.exhaustive``) on the relevance set.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from whoosh.query import NullQuery, Query

from indexer.candidates import DocumentMatches, DocumentPass
from indexer.catalogue import Catalogue
from indexer.counting import facet_counts, filter_bits
from indexer.facets import Filters
from indexer.handle import Generation, Searchers
from indexer.parsing import ParsedQuery, fuzzy_query
from indexer.postings import members
from indexer.ranking import DocHit, adjust, group, ordered, wanted_titles
from indexer.rerank import HeadWeights, score_sections

MIN_CANDIDATES = 50
CANDIDATES_PER_SHOWN = 2
MAX_TIED_CANDIDATES = 400  # with sort=updated, documents of the boundary day


@dataclass
class Found:
    """The documents to show (ranked), how many matched, and how they were found."""

    docs: list[DocHit]  # ranked; the page is a slice of it
    offset: int  # the rank of docs[0] among all matching documents
    total: int
    facets: dict
    query: Query  # the query that found them (the fuzzy retry's, if it ran)
    fuzzy: bool
    complete: bool  # False when the time limit cut the ranking short


def candidate_count(page: int, page_size: int) -> int:
    return max(MIN_CANDIDATES, CANDIDATES_PER_SHOWN * page * page_size)


def find(searchers: Searchers, gen: Generation, parsed: ParsedQuery,
         filters: Filters, page: int, page_size: int, sort: str,
         deadline: float) -> Found:
    cat = gen.catalogue(searchers)
    query, fuzzy = parsed.query, False
    matches = _match(searchers, cat, query)
    if not matches.bits:
        retry_query = fuzzy_query(parsed.words)
        retry = _match(searchers, cat, retry_query)
        if retry.bits:
            matches, query, fuzzy = retry, retry_query, True
    labels = gen.meta["labels"]
    facets = facet_counts(cat, matches.bits, filters, labels)
    allowed = matches.bits & filter_bits(cat, filters)
    wanted = wanted_titles(parsed.text, gen.meta["glossary"])
    shown = page * page_size
    if sort == "updated":
        chosen = _newest(cat, allowed, matches.scores, shown)
    else:
        chosen = _best(cat, allowed, matches.scores, wanted,
                       candidate_count(page, page_size))
    docs, complete = _rank(searchers, gen, cat, query, chosen, wanted, parsed.text,
                           sort, deadline)
    return Found(docs, 0, allowed.bit_count(), facets, query, fuzzy, complete)


def _match(searchers: Searchers, cat: Catalogue, query: Query) -> DocumentMatches:
    if query is NullQuery:
        return DocumentMatches(0, [], True)
    return DocumentPass(cat, searchers.documents, searchers.sections).run(query)


def _best(cat: Catalogue, allowed: int, scores: list[float],
          wanted: set[tuple[str, ...]], count: int) -> list[int]:
    """The ``count`` best candidates, and every document titled as asked."""
    factor = cat.factor
    ordinals = members(allowed, cat.size)
    best = heapq.nlargest(count, ordinals, key=lambda o: scores[o] * factor[o])
    flags = allowed.to_bytes(cat.size, "little")
    titled = [o for title in wanted for o in cat.titles.get(title, ()) if flags[o]]
    return list(dict.fromkeys(best + titled))


def _newest(cat: Catalogue, allowed: int, scores: list[float],
            shown: int) -> list[int]:
    """The ``shown`` newest documents, and those updated on the last one's day."""
    flags = allowed.to_bytes(cat.size, "little")
    newest = [o for o in cat.by_updated if flags[o]]
    chosen = newest[:shown]
    if len(newest) > shown and chosen:
        day = cat.entries[chosen[-1]]["updated"]
        tied = [o for o in newest[shown:] if cat.entries[o]["updated"] == day]
        chosen += heapq.nlargest(MAX_TIED_CANDIDATES, tied, key=scores.__getitem__)
    return chosen


def _rank(searchers: Searchers, gen: Generation, cat: Catalogue, query: Query,
          chosen: list[int], wanted: set[tuple[str, ...]], text: str, sort: str,
          deadline: float) -> tuple[list[DocHit], bool]:
    owner = {n: cat.ids[o] for o in chosen for n in cat.sections_of[o]}
    scored, complete = score_sections(searchers.sections, query, list(owner),
                                      deadline, HeadWeights(cat, searchers.documents))
    docs = group(scored, owner.get)
    documents = gen.meta["documents"]
    adjust(docs, documents, wanted, text)
    docs = ordered(docs, documents, sort)
    if not complete:  # past the time limit: the rest in candidate order
        done = {d.doc_id for d in docs}
        docs += [DocHit(cat.ids[o], 0.0, [(0.0, cat.sections_of[o][0])])
                 for o in chosen if cat.ids[o] not in done and cat.sections_of[o]]
    return docs, complete
