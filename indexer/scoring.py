"""BM25F with each field's lengths read once per index reader, not per posting.

Whoosh's scorer looks up the field length of every matching section through
the column reader, one call chain per posting: a quarter of a search's time.
The lengths never change within a generation, so each reader keeps them in an
array and the scorer indexes it.
"""

from __future__ import annotations

import threading
import weakref
from array import array

from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer

_lengths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def field_lengths(reader: IndexReader, fieldname: str) -> array:
    """Every document's length in ``fieldname`` (1 when it has none, or when the
    document is deleted and the reader gives nothing)."""
    with _lock:
        per_field = _lengths.setdefault(reader, {})
        found = per_field.get(fieldname)
    if found is None:
        found = array("I", (reader.doc_field_length(n, fieldname, 1) or 1
                            for n in range(reader.doc_count_all())))
        with _lock:
            per_field[fieldname] = found
    return found


class CachedLengthBM25F(BM25F):
    """Whoosh's BM25F, scoring from the arrays of ``field_lengths``."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, BM25FScorer):
            scorer.dfl = field_lengths(searcher.reader(), fieldname).__getitem__
        return scorer
