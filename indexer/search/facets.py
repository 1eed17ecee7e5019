"""Filters and facet counts over the per-document table in meta.json.

Several values in one facet are OR-ed, facets are AND-ed, and each facet's
counts ignore that facet's own selection, as GOV.UK finders do. Counting in
Python over matched documents is cheap at this size and counts documents,
not sections. The facets themselves are described in ``kb.facets``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from indexer.meta import DocumentEntry
from indexer.results import FacetCount
from kb import facets

Filters = dict[str, set[str]]


def clean_filters(filters: dict | None, labels: dict[str, dict[str, str]]) -> Filters:
    """Known facets and values only: anything else is ignored, never an error."""
    clean: Filters = {}
    if not isinstance(filters, dict):
        return clean
    known_facets = facets.names()
    for facet, wanted in filters.items():
        if facet not in known_facets:
            continue
        wanted = [wanted] if isinstance(wanted, str) else wanted
        known = {v for v in wanted or [] if isinstance(v, str)
                 and v in labels.get(facet, {})}
        if known:
            clean[facet] = known
    return clean


def matches(entry: DocumentEntry, filters: Filters, skip: str | None = None) -> bool:
    return all(set(entry.values(facet)) & wanted
               for facet, wanted in filters.items() if facet != skip)


def facet_counts(doc_ids: Iterable[str], documents: dict[str, DocumentEntry],
                 filters: Filters, labels: dict[str, dict[str, str]]
                 ) -> dict[str, tuple[FacetCount, ...]]:
    """Every facet value with its count of matching documents, in vocabulary order."""
    entries = [documents[d] for d in doc_ids if d in documents]
    result = {}
    for name in facets.names():
        counts = Counter(v for e in entries if matches(e, filters, skip=name)
                         for v in e.values(name))
        chosen = filters.get(name, set())
        result[name] = tuple(FacetCount(value, label, counts[value], value in chosen)
                             for value, label in labels.get(name, {}).items())
    return result
