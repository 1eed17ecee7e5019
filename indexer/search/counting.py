"""Filters and facet counts as operations on bitsets of documents.

The same rules as ``indexer.search.facets`` (values of one facet OR-ed, facets
AND-ed, each facet's counts ignoring its own selection), computed with the
per-value masks of ``indexer.search.catalogue``: a count is one ``&`` and one
``bit_count``, whatever the size of the library.
"""

from __future__ import annotations

from indexer.results import FacetCount
from indexer.search.catalogue import Catalogue
from indexer.search.facets import Filters
from kb import facets


def filter_bits(cat: Catalogue, filters: Filters, skip: str | None = None) -> int:
    """The documents that pass every selected facet but ``skip``."""
    allowed = cat.live
    for facet in facets.FACETS:
        if facet.scoped and facet.name != skip:
            allowed &= _scoped_bits(cat, facet.name, filters.get(facet.name, set()))
    for facet, wanted in filters.items():
        if facet == skip or facets.get(facet).scoped:
            continue
        masks = cat.masks.get(facet, {})
        either = 0
        for value in wanted:
            either |= masks.get(value, 0)
        allowed &= either
    return allowed


def _scoped_bits(cat: Catalogue, facet: str, wanted: set[str]) -> int:
    """Documents without a value of ``facet``, and those with a wanted one."""
    masks = cat.masks.get(facet, {})
    anywhere = chosen = 0
    for value, bits in masks.items():
        anywhere |= bits
        if value in wanted:
            chosen |= bits
    return (cat.live & ~anywhere) | chosen


def facet_counts(cat: Catalogue, matched: int, filters: Filters,
                 labels: dict[str, dict[str, str]]
                 ) -> dict[str, tuple[FacetCount, ...]]:
    """Every facet value with its count of matching documents, in vocabulary order."""
    result = {}
    for facet in facets.names():
        base = matched & filter_bits(cat, filters, skip=facet)
        masks, chosen = cat.masks.get(facet, {}), filters.get(facet, set())
        result[facet] = tuple(
            FacetCount(value, label, (base & masks.get(value, 0)).bit_count(),
                       value in chosen)
            for value, label in labels.get(facet, {}).items())
    return result
