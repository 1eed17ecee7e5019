"""BM25F with each field's lengths read once per index segment, not per posting.

Whoosh's scorer looks up the field length of every matching section through
the column reader, one call chain per posting: a quarter of a search's time.
A segment's lengths never change (a deleted section keeps its slot), so the
lengths are read once into an array per segment and field, shared by every
searcher of the process, and the scorer indexes it. They are kept under
``indexer.codec.postings.segment_key``, as the posting blocks are: Whoosh's segment
id comes from the global random generator, so two indexes built with the same
seed would share (wrong) lengths under it. So each generation a process opens
reads its segments' lengths afresh, straight from the length column's bytes
(``_length_bytes``): about 45 times faster than one call per document (8
fields of 718 sections: 0.15-0.26 ms against 6.5-12.7 ms).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from indexer.codec.fallbacks import fell_back
from indexer.codec.postings import segment_key

MAX_CACHED_SEGMENTS = 32  # old generations' segments drop out first
_lengths: dict[tuple, dict[str, array]] = {}
_lock = threading.Lock()
# A length as Whoosh stores it (one byte) -> the length it reads back; a
# document without the field (byte 0) counts as 1, as the scorer assumes.
_BYTE_LENGTHS = [byte_to_length(b) or 1 for b in range(256)]


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
        found = _read_lengths(reader, fieldname)
        with _lock:
            if key not in _lengths and len(_lengths) >= MAX_CACHED_SEGMENTS:
                del _lengths[next(iter(_lengths))]
            _lengths.setdefault(key, {})[fieldname] = found
    return found


def _read_lengths(reader: IndexReader, fieldname: str) -> array:
    raw = _length_bytes(reader, fieldname)
    if raw is None:  # another codec: one call per document
        return array("I", (reader.doc_field_length(n, fieldname, 1) or 1
                           for n in range(reader.doc_count_all())))
    return array("I", map(_BYTE_LENGTHS.__getitem__, raw))


def _length_bytes(reader: IndexReader, fieldname: str) -> bytes | None:
    """Each document's length byte in ``fieldname``, read at once from the
    ``whoosh3`` codec's length column (Whoosh-Reloaded 2.7.5 is pinned; a test
    compares it with ``doc_field_length``); None for any other reader."""
    perdoc = getattr(reader, "_perdoc", None)
    if type(perdoc) is not W3PerDocReader:
        fell_back("field_lengths", perdoc)
        return None
    count = reader.doc_count_all()
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:  # no document has the field
        return bytes(count)
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        fell_back("field_lengths", column)
        return None
    stored = min(column._count, count)  # trailing documents without the field
    raw = column._dbfile.get(column._basepos, stored) if stored else b""
    return raw + bytes(count - stored)


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


def score_function(scorer) -> Callable[[float, int], float] | None:
    """A scorer's score of (weight, field length), as Whoosh's weight-and-length
    scorers compute it for each posting (their ``_score``); None for a scorer
    without lengths (a field not scorable), whose score is the weight."""
    return getattr(scorer, "_score", None)
