"""Search: one function serves the site, the JSON API and ``kb search``.

``search`` returns a typed ``SearchPage`` (see ``indexer.results``) grouped by
document, with ids and anchors but no links: the web layer makes those.
Query text is never logged or stored: it may hold a child's name.

Only the errors Whoosh is known to raise on odd queries are caught (as no
results); anything else is a bug and reaches the caller, so a broken search
shows an error page instead of "no guidance found".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from whoosh.query import NullQuery, Query, QueryError
from whoosh.searching import Results, Searcher

from indexer.bestbets import best_bets
from indexer.facets import clean_filters, facet_counts, matches
from indexer.forgive import Attempt, Outcome, forgiving_search
from indexer.handle import (
    Generation,
    IndexHandle,
    IndexUnavailable,
    open_searcher_index,
)
from indexer.meta import DocumentEntry
from indexer.parsing import MAX_QUERY_LENGTH, ParsedQuery, fuzzy_query, parse
from indexer.results import DocumentHit, DocumentRef, SearchPage, SectionHit
from indexer.schema import analyse, analyse_known
from indexer.snippets import snippets
from indexer.spelling import SpellingData
from indexer.timelimit import DeadlineCollector, TimeLimit
from indexer.titles import named_length

__all__ = ["MAX_QUERY_LENGTH", "IndexHandle", "IndexUnavailable",
           "open_searcher_index", "search"]

SEARCH_TIME_LIMIT = 0.5  # seconds; a search that runs longer returns what it found
MAX_SECTIONS = 3  # sections shown per document
SECTION_CUTOFF = 0.5  # ... each scoring at least this share of the best one
OTHER_SECTIONS_WEIGHT = 0.1  # how much a document's 2nd and 3rd sections add
NOT_CURRENT_FACTOR = 0.35  # replaced documents rank lower: see _replaced
SORTS = ("relevance", "updated")
LEAD_HEADING = "Introduction"


@dataclass
class DocHit:
    doc_id: str
    score: float = 0.0
    sections: list[tuple[float, int]] = field(default_factory=list)  # (score, docnum)


def search(handle: IndexHandle, q: str, filters: dict[str, list[str]] | None = None,
           page: int = 1, page_size: int = 10, sort: str = "relevance",
           literal: bool = False) -> SearchPage:
    """Search ``q`` and return one page of documents, facets and hints.

    ``page`` and ``page_size`` must be at least 1: callers check their own
    limits (``web.limits`` for the site and the API). Misspellings are
    corrected when that is clearly what was meant (``indexer.forgive``);
    ``literal`` searches the words as typed.
    """
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size start at 1")
    sort = sort if sort in SORTS else "relevance"
    with handle.searching() as (searcher, gen):
        return _search(searcher, gen, q, filters, page, page_size, sort, literal)


def _search(searcher: Searcher, gen: Generation, q: str, filters: dict | None,
            page: int, page_size: int, sort: str, literal: bool) -> SearchPage:
    meta, documents = gen.meta, gen.meta.documents
    outcome = _forgiving(searcher, gen, q or "", literal)
    parsed, query, results = (outcome.attempt.parsed, outcome.attempt.query,
                              outcome.attempt.results)
    docs = _group(results, gen, searcher)
    _adjust(docs, documents, parsed.text, parsed.expansions)
    selected = clean_filters(filters, meta.labels)
    facets = facet_counts([d.doc_id for d in docs], documents, selected, meta.labels)
    docs = [d for d in docs if matches(documents[d.doc_id], selected)]
    docs = _sorted(docs, documents, sort)
    chosen = docs[(page - 1) * page_size: page * page_size]
    shown = {d.doc_id: _shown(d) for d in chosen}
    texts = snippets(searcher, query, [n for s in shown.values() for _, n in s])
    return SearchPage(
        query=parsed.text, truncated=parsed.truncated, total=len(docs),
        page=page, page_size=page_size, pages=math.ceil(len(docs) / page_size),
        sort=sort,
        results=tuple(_result(d, gen, searcher, shown[d.doc_id], texts)
                      for d in chosen),
        facets=facets, corrected_from=outcome.corrected_from,
        suggestion=outcome.suggestion, expansions=tuple(parsed.expansions),
        fuzzy=outcome.fuzzy,
        best_bets=best_bets(meta.best_bets, parsed.text) if page == 1 else ())


def _forgiving(searcher: Searcher, gen: Generation, q: str, literal: bool) -> Outcome:
    def run(text: str) -> Attempt:
        parsed = parse(searcher, text, gen.meta.glossary)
        return Attempt(parsed, parsed.query, _run(searcher, parsed.query))

    def retry(parsed: ParsedQuery) -> Attempt:
        query = fuzzy_query(parsed.words)
        return Attempt(parsed, query, _run(searcher, query))

    spelling = SpellingData.from_meta(gen.meta)  # about 0.1 ms
    return forgiving_search(searcher.reader(), q, run, retry, spelling, literal)


def _run(searcher: Searcher, query: Query) -> Results | None:
    """All matching sections, scored, within SEARCH_TIME_LIMIT.

    None when there is nothing to run or Whoosh refuses the query as such
    (``QueryError``: a phrase in a field without positions, say).
    """
    if query is NullQuery:
        return None
    inner = searcher.collector(limit=None)
    collector = DeadlineCollector(inner, SEARCH_TIME_LIMIT)
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        pass  # keep what was found in time
    except QueryError:
        return None
    return collector.results()


def _group(results: Results | None, gen: Generation,
           searcher: Searcher) -> list[DocHit]:
    """Sections grouped by document; a document scores by its best sections."""
    if results is None:
        return []
    by_doc: dict[str, DocHit] = {}
    for score, docnum in results.top_n:
        doc_id = gen.section(searcher, docnum)[0]
        if doc_id in gen.meta.documents:
            by_doc.setdefault(doc_id, DocHit(doc_id)).sections.append((score, docnum))
    for doc in by_doc.values():
        doc.sections.sort(key=lambda s: -s[0])
        scores = [s for s, _ in doc.sections[:MAX_SECTIONS]]
        doc.score = scores[0] + OTHER_SECTIONS_WEIGHT * sum(scores[1:])
    return list(by_doc.values())


def _adjust(docs: list[DocHit], documents: dict[str, DocumentEntry], text: str,
            expansions: list[str]) -> None:
    """Documents the query names first, longest name first (``indexer.titles``);
    other documents lower when they are not current."""
    top = max((d.score for d in docs), default=0.0)
    typed = analyse(text)
    expanded = [analyse_known(name) for name in expansions]
    for doc in docs:
        entry = documents[doc.doc_id]
        named = named_length(entry.title, entry.names, typed, expanded)
        if named:
            doc.score += top * named
        elif _replaced(entry):
            doc.score *= NOT_CURRENT_FACTOR


def _replaced(entry: DocumentEntry) -> bool:
    """Superseded or withdrawn, or historic with a named successor: something
    newer answers instead. A historic record with no successor (a past event,
    an old strategy) is still the only answer about itself, so it keeps its rank."""
    return (entry.status in ("superseded", "withdrawn")
            or bool(entry.superseded_by))


def _sorted(docs: list[DocHit], documents: dict[str, DocumentEntry],
            sort: str) -> list[DocHit]:
    if sort == "updated":
        return sorted(docs, key=lambda d: (documents[d.doc_id].updated, d.score),
                      reverse=True)
    return sorted(docs, key=lambda d: (-d.score, d.doc_id))


def _result(doc: DocHit, gen: Generation, searcher: Searcher,
             shown: list[tuple[float, int]], texts: dict[int, str]) -> DocumentHit:
    entry, labels = gen.meta.documents[doc.doc_id], gen.meta.labels
    return DocumentHit(
        doc_id=doc.doc_id, title=entry.title, type=entry.type,
        type_label=labels["type"].get(entry.type, entry.type), status=entry.status,
        status_label=labels["status"].get(entry.status, entry.status),
        summary=entry.summary, reviewed=entry.reviewed,
        successor=_successor(entry),
        sections=_sections(shown, gen, searcher, texts))


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
