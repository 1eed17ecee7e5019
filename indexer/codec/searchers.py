"""What a Whoosh searcher keeps between searches, and how to drop it.

A searcher caches each term's idf and each filter it was given, keyed by the
query's words. Pooled searchers outlive their search, and the words may hold a
child's name, so ``forget_query_caches`` empties both after every search.
"""

from __future__ import annotations

from whoosh.searching import Searcher


def forget_query_caches(searcher: Searcher) -> None:
    """Empty the searcher's caches keyed by query terms."""
    searcher._idf_cache.clear()
    searcher._filter_cache.clear()
