"""Search: one function serves the site, the JSON API and ``kb search``.

``search`` returns plain, JSON-able data grouped by document: see the README
of the API (or ``tests/indexer/test_search_shape.py``) for the exact shape.
How documents are found and ranked is ``indexer.engine``'s job.
Query text is never logged or stored: it may hold a child's name.
"""

from __future__ import annotations

import math
import time

from whoosh.searching import Searcher

from indexer.bestbets import best_bets
from indexer.engine import Found, find
from indexer.exhaustive import find_exhaustive
from indexer.facets import clean_filters
from indexer.handle import (
    Generation,
    IndexHandle,
    IndexUnavailable,
    Searchers,
    open_searcher_index,
)
from indexer.parsing import MAX_QUERY_LENGTH, parse
from indexer.ranking import MAX_SECTIONS, DocHit
from indexer.snippets import snippets
from indexer.spelling import did_you_mean

__all__ = ["MAX_QUERY_LENGTH", "IndexHandle", "IndexUnavailable",
           "open_searcher_index", "search"]

SEARCH_TIME_LIMIT = 0.5  # seconds; a search that runs longer returns what it found
MAX_PAGE_SIZE = 100
SECTION_CUTOFF = 0.5  # sections shown score at least this share of the best one
SORTS = ("relevance", "updated")
LEAD_HEADING = "Introduction"


def search(handle: IndexHandle, q: str, filters: dict[str, list[str]] | None = None,
           page: int = 1, page_size: int = 10, sort: str = "relevance",
           exhaustive: bool = False) -> dict:
    """Search ``q`` and return one page of documents, facets and hints.

    ``exhaustive`` scores every matching section instead of the candidates
    (``indexer.exhaustive``): the reference the tests compare with.
    """
    page, page_size = _int(page, 1, 1, 10**6), _int(page_size, 10, 1, MAX_PAGE_SIZE)
    sort = sort if sort in SORTS else "relevance"
    with handle.searching() as (searchers, gen):
        return _search(searchers, gen, q, filters, page, page_size, sort, exhaustive)


def _search(searchers: Searchers, gen: Generation, q: str, filters: dict | None,
            page: int, page_size: int, sort: str, exhaustive: bool) -> dict:
    meta, searcher = gen.meta, searchers.sections
    parsed = parse(searcher, q or "", meta["glossary"])
    selected = clean_filters(filters, meta["labels"])
    if exhaustive:
        found = find_exhaustive(searchers, gen, parsed, selected, sort,
                                SEARCH_TIME_LIMIT)
    else:
        found = find(searchers, gen, parsed, selected, page, page_size, sort,
                     time.monotonic() + SEARCH_TIME_LIMIT)
    chosen = _page(found, page, page_size)
    shown = {d.doc_id: _shown(d) for d in chosen}
    texts = snippets(searcher, found.query, [n for s in shown.values() for _, n in s])
    return {
        "query": parsed.text, "truncated": parsed.truncated, "total": found.total,
        "page": page, "page_size": page_size,
        "pages": math.ceil(found.total / page_size), "sort": sort,
        "results": [_result(d, gen, searcher, shown[d.doc_id], texts)
                    for d in chosen],
        "facets": found.facets,
        "suggestion": _suggestion(searchers.documents, parsed.text, parsed.words),
        "expansions": parsed.expansions, "fuzzy": found.fuzzy,
        "best_bets": best_bets(meta["best_bets"], parsed.text) if page == 1 else [],
    }


def _page(found: Found, page: int, page_size: int) -> list[DocHit]:
    start = (page - 1) * page_size - found.offset
    return found.docs[max(start, 0):max(start + page_size, 0)]


def _int(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def _result(doc: DocHit, gen: Generation, searcher: Searcher,
            shown: list[tuple[float, int]], texts: dict[int, str]) -> dict:
    entry, labels = gen.meta["documents"][doc.doc_id], gen.meta["labels"]
    return {
        "doc_id": doc.doc_id, "title": entry["title"], "type": entry["type"],
        "type_label": labels["type"].get(entry["type"], entry["type"]),
        "status": entry["status"],
        "status_label": labels["status"].get(entry["status"], entry["status"]),
        "summary": entry["summary"], "url": f"/doc/{doc.doc_id}",
        "successor": _successor(entry), "reviewed": entry["reviewed"],
        "sections": _sections(shown, gen, searcher, texts),
    }


def _successor(entry: dict) -> dict | None:
    doc_id = entry.get("superseded_by")
    if not doc_id:
        return None
    return {"doc_id": doc_id, "title": entry.get("successor_title") or doc_id,
            "url": f"/doc/{doc_id}"}


def _shown(doc: DocHit) -> list[tuple[float, int]]:
    """A document's best sections: up to MAX_SECTIONS, each near the best one."""
    best = doc.sections[0][0]
    return [s for s in doc.sections[:MAX_SECTIONS] if s[0] >= best * SECTION_CUTOFF]


def _sections(shown: list[tuple[float, int]], gen: Generation, searcher: Searcher,
              texts: dict[int, str]) -> list[dict]:
    sections = []
    for _score, docnum in shown:
        doc_id, anchor, number, heading = gen.section(searcher, docnum)
        sections.append({"anchor": anchor, "number": number,
                         "heading": heading or LEAD_HEADING,
                         "snippet": texts[docnum],
                         "url": f"/doc/{doc_id}#{anchor}"})
    return sections


def _suggestion(searcher: Searcher, text: str, words: list[str]) -> str | None:
    try:
        return did_you_mean(searcher, text, words)
    except Exception:  # a hint is optional; the results are not
        return None
