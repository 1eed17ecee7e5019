"""Filters and facet counts over the per-document table in meta.json.

Several values in one facet are OR-ed, facets are AND-ed, and each facet's
counts ignore that facet's own selection, as GOV.UK finders do. Counting in
Python over matched documents is cheap at this size and counts documents,
not sections.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from indexer.schema import FACETS

Filters = dict[str, set[str]]


def values(entry: dict, facet: str) -> list[str]:
    value = entry.get(facet)
    return list(value) if isinstance(value, list) else [value]


def clean_filters(filters: dict | None, labels: dict[str, dict[str, str]]) -> Filters:
    """Known facets and values only: anything else is ignored, never an error."""
    clean: Filters = {}
    if not isinstance(filters, dict):
        return clean
    for facet, wanted in filters.items():
        if facet not in FACETS:
            continue
        wanted = [wanted] if isinstance(wanted, str) else wanted
        known = {v for v in wanted or [] if isinstance(v, str)
                 and v in labels.get(facet, {})}
        if known:
            clean[facet] = known
    return clean


def matches(entry: dict, filters: Filters, skip: str | None = None) -> bool:
    return all(set(values(entry, facet)) & wanted
               for facet, wanted in filters.items() if facet != skip)


def facet_counts(doc_ids: Iterable[str], documents: dict[str, dict],
                 filters: Filters, labels: dict[str, dict[str, str]]) -> dict:
    """Every facet value with its count of matching documents, in vocabulary order."""
    entries = [documents[d] for d in doc_ids if d in documents]
    result = {}
    for facet in FACETS:
        counts = Counter(v for e in entries if matches(e, filters, skip=facet)
                         for v in values(e, facet))
        chosen = filters.get(facet, set())
        result[facet] = [{"value": value, "label": label, "count": counts[value],
                          "selected": value in chosen}
                         for value, label in labels.get(facet, {}).items()]
    return result
