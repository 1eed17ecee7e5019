"""BM25F with each field's lengths read once per index segment, not per posting.

Whoosh's scorer looks up the field length of every matching section through
the column reader, one call chain per posting: a quarter of a search's time.
A segment's lengths never change (a deleted section keeps its slot), so the
lengths are read once into an array per segment and field, shared by every
searcher of the process, and the scorer indexes it. They are kept under
``indexer.postings.segment_key``, as the posting blocks are: Whoosh's segment
id comes from the global random generator, so two indexes built with the same
seed would share (wrong) lengths under it.
"""

from __future__ import annotations

import threading
from array import array

from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer

from indexer.postings import segment_key

MAX_CACHED_SEGMENTS = 32  # old generations' segments drop out first
_lengths: dict[tuple, dict[str, array]] = {}
_lock = threading.Lock()


def field_lengths(reader: IndexReader, fieldname: str) -> array | None:
    """Every document's length in ``fieldname`` (1 when it has none, or when the
    document is deleted and the reader gives nothing); None for a reader that
    is not one segment's, which Whoosh then scores as usual."""
    key = _segment_key(reader)
    if key is None:
        return None
    with _lock:
        found = _lengths.get(key, {}).get(fieldname)
    if found is None:
        found = array("I", (reader.doc_field_length(n, fieldname, 1) or 1
                            for n in range(reader.doc_count_all())))
        with _lock:
            if key not in _lengths and len(_lengths) >= MAX_CACHED_SEGMENTS:
                del _lengths[next(iter(_lengths))]
            _lengths.setdefault(key, {})[fieldname] = found
    return found


def _segment_key(reader: IndexReader) -> tuple | None:
    """``segment_key`` of a one-segment reader; None for any other."""
    if getattr(reader, "segment", lambda: None)() is None:
        return None
    return segment_key(reader)


class CachedLengthBM25F(BM25F):
    """Whoosh's BM25F, scoring from the arrays of ``field_lengths``."""

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, BM25FScorer):
            lengths = field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer
