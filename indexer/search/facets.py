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
        if known and facets.get(facet).scoped:
            known = {min(known)}  # one area at a time: never another area's
        if known:
            clean[facet] = known
    return clean


def matches(entry: DocumentEntry, filters: Filters, skip: str | None = None) -> bool:
    """Whether ``entry`` passes ``filters``. A scoped facet (the area) passes a
    document without a value, and one with a value only when it is chosen,
    chosen or not: without an area, no local document is found."""
    for facet in facets.FACETS:
        if facet.scoped and facet.name != skip:
            values = set(entry.values(facet.name))
            if values and not values & filters.get(facet.name, set()):
                return False
    return all(set(entry.values(facet)) & wanted
               for facet, wanted in filters.items()
               if facet != skip and not facets.get(facet).scoped)

