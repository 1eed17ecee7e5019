"""Filters as a search receives them, cleaned to known facets and values.

Several values in one facet are OR-ed, facets are AND-ed, and each facet's
counts ignore that facet's own selection, as GOV.UK finders do: the counting
is ``indexer.search.counting``. The facets themselves are described in
``kb.facets``.
"""

from __future__ import annotations

from indexer.meta import DocumentEntry
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
    """Whether a document passes the filters (all but ``skip``'s)."""
    return all(set(entry.values(facet)) & wanted
               for facet, wanted in filters.items() if facet != skip)

