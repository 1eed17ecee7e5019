"""Find one page of documents: document-level candidates, then exact ranking.

1. ``indexer.search.candidates`` reads each query word's postings in the document
   index: the set of matching documents and a BM25 score for each.
2. Totals and facet counts are bit counts of that set with the filters' and
   facet values' masks (``indexer.search.counting``): exact, and no scoring.
3. The best-scoring candidates (``candidate_count``) have their sections
   scored with the full query (``indexer.search.rerank``), then are grouped and
   ranked by the same rules as before (``indexer.search.ranking``).

How many candidates: a page can only hold documents from the top of the
exact ranking, and the document-level score orders documents much as the
exact ranking does, so the pass keeps three times as many as the pages up to the
one asked for hold, and never fewer than ``MIN_CANDIDATES``. Documents whose
title is exactly what was asked are always candidates, because the exact
ranking puts them first. With ``sort=updated`` the candidates are the newest
matching documents the page needs, plus every one updated on the same day as
the page's last, so ties by score are broken exactly.

Operators, phrases and words in one field are decided by the section index
(``DocumentMatches.sections``), and they usually match few sections: up to
``EXACT_SECTIONS`` of them are all scored, so their pages are the exact
ranking's. Above that, and for plain queries, the candidates are chosen as
above: a long document whose words are spread over many sections can score
lower as a whole than its best section does, so a document the exact ranking
puts low on the first page may be left out.

At 100x the library this scores a few hundred sections instead of tens of
thousands; ``tests/indexer/test_engine.py`` checks the first page equals the
exhaustive ranking (``tests/indexer/oracle.py``) on the relevance set.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from operator import mul

from whoosh.query import NullQuery, Query, QueryError
from whoosh.searching import Searcher

from indexer.codec.postings import members
from indexer.schema import analyse, analyse_known
from indexer.search.candidates import DocumentMatches, DocumentPass
from indexer.search.catalogue import Catalogue
from indexer.search.counting import facet_counts, filter_bits
from indexer.search.facets import Filters
from indexer.search.forgive import Attempt
from indexer.search.handle import Generation, Searchers
from indexer.search.parsing import ParsedQuery
from indexer.search.ranking import DocHit, adjust, group, ordered
from indexer.search.rerank import HeadWeights, score_sections
from indexer.search.timelimit import Deadline
from indexer.titles import MIN_NAMED_WORDS, aliases
from kb.model import GlossaryTerm

MIN_CANDIDATES = 80
CANDIDATES_PER_SHOWN = 3
MAX_TIED_CANDIDATES = 400  # with sort=updated, documents of the boundary day
EXACT_SECTIONS = 1000  # matching sections that are all scored (see above)


@dataclass
class Found:
    """The documents to show (ranked from the first), how many matched."""

    docs: list  # DocHit, ranked; the page is a slice of it
    total: int
    facets: dict
    complete: bool  # False when the time limit cut the ranking short


@dataclass
class MatchedAttempt(Attempt):
    """A query and the documents it matches. ``found`` (matching sections, for
    weighing a spelling correction) is counted only when asked: unscored, but
    it reads every section posting of the query's words."""

    matches: DocumentMatches | None = None
    sections: Searcher | None = None

    @property
    def matched(self) -> bool:
        return bool(self.matches and self.matches.bits)

    @property
    def found(self) -> int:
        if not self.matched or self.sections is None:
            return 0
        try:
            return sum(1 for _ in self.sections.docs_for_query(self.query))
        except QueryError:
            return 0


def candidate_count(page: int, page_size: int) -> int:
    return max(MIN_CANDIDATES, CANDIDATES_PER_SHOWN * page * page_size)


def attempt(parsed: ParsedQuery, query: Query, searchers: Searchers,
            gen: Generation, deadline: Deadline | None = None) -> MatchedAttempt:
    """The document-level pass for ``query``: no section is scored yet."""
    cat = gen.catalogue(searchers)
    if query is NullQuery:
        matches = DocumentMatches(0, [])
    else:
        matches = DocumentPass(cat, searchers.documents, searchers.sections,
                               deadline).run(query)
    return MatchedAttempt(parsed, query, None, matches, searchers.sections)


def rank(found: MatchedAttempt, searchers: Searchers, gen: Generation,
         filters: Filters, page: int, page_size: int, sort: str,
         deadline: float) -> Found:
    cat = gen.catalogue(searchers)
    matches = found.matches
    facets = facet_counts(cat, matches.bits, filters, gen.meta.labels)
    allowed = matches.bits & filter_bits(cat, filters)
    wanted = None
    if sort == "updated":
        chosen = _newest(cat, allowed, matches.scores, page * page_size)
    elif matches.sections is not None and len(matches.sections) <= EXACT_SECTIONS:
        chosen, wanted = _every_match(cat, allowed, matches.sections)
    else:
        chosen = _best(cat, allowed, matches.scores, found.parsed.text,
                       gen.meta.glossary, candidate_count(page, page_size))
    if wanted is None:
        wanted = {n: cat.ids[o] for o in chosen for n in cat.sections_of[o]}
    docs, complete = _rank(searchers, gen, found, chosen, wanted, sort, deadline)
    return Found(docs, allowed.bit_count(), facets, complete)


def _every_match(cat: Catalogue, allowed: int,
                 sections) -> tuple[list[int], dict[int, str]]:
    """Every allowed document, and its sections among ``sections`` (the
    matching ones) with their owners: the exact ranking's whole input."""
    flags = allowed.to_bytes(cat.size, "little") + b"\0"  # the spare slot
    owners = cat.section_ordinals[sections].tolist()
    wanted = {int(n): cat.ids[o] for n, o in zip(sections.tolist(), owners,
                                                 strict=True) if flags[o]}
    return members(allowed, cat.size), wanted


def _best(cat: Catalogue, allowed: int, scores: list[float], text: str,
          glossary: Iterable[GlossaryTerm], count: int) -> list[int]:
    """The ``count`` best candidates, and every document the query names."""
    weighted = list(map(mul, scores, cat.factor))  # in C, for every document
    ordinals = members(allowed, cat.size)
    best = heapq.nlargest(count, ordinals, key=weighted.__getitem__)
    flags = allowed.to_bytes(cat.size, "little")
    named = [o for o in _named(cat, text, glossary) if flags[o]]
    return list(dict.fromkeys(best + named))


def _named(cat: Catalogue, text: str, glossary: Iterable[GlossaryTerm]) -> list[int]:
    """Documents ``indexer.titles`` may find named: a name that is the whole
    query, an alias of it, or a run of at least MIN_NAMED_WORDS of its words."""
    typed = analyse(text)
    found = list(cat.names.get(typed, ()))
    for length in range(MIN_NAMED_WORDS, len(typed)):
        for start in range(len(typed) - length + 1):
            found += cat.names.get(typed[start:start + length], ())
    for name in aliases(typed, glossary):
        found += cat.names.get(analyse_known(name), ())
    return found


def _newest(cat: Catalogue, allowed: int, scores: list[float],
            shown: int) -> list[int]:
    """The ``shown`` newest documents, and those updated on the last one's day."""
    flags = allowed.to_bytes(cat.size, "little")
    newest = [o for o in cat.by_updated if flags[o]]
    chosen = newest[:shown]
    if len(newest) > shown and chosen:
        day = cat.entries[chosen[-1]].updated
        tied = [o for o in newest[shown:] if cat.entries[o].updated == day]
        chosen += heapq.nlargest(MAX_TIED_CANDIDATES, tied, key=scores.__getitem__)
    return chosen


def _rank(searchers: Searchers, gen: Generation, found: MatchedAttempt,
          chosen: list[int], owner: dict[int, str], sort: str,
          deadline: float) -> tuple[list[DocHit], bool]:
    """Score the ``owner`` sections exactly and rank their documents;
    past the deadline the rest of ``chosen`` follow in candidate order."""
    cat = gen.catalogue(searchers)
    scored, complete = score_sections(searchers.sections, found.query, list(owner),
                                      deadline, HeadWeights(cat, searchers.documents))
    docs = group(scored, owner.get)
    documents = gen.meta.documents
    adjust(docs, documents, found.parsed.text, gen.meta.glossary)
    docs = ordered(docs, documents, sort)
    if not complete:  # past the time limit: the rest in candidate order
        done = {d.doc_id for d in docs}
        docs += [DocHit(cat.ids[o], 0.0, [(0.0, cat.sections_of[o][0])])
                 for o in chosen if cat.ids[o] not in done and cat.sections_of[o]]
    return docs, complete
