"""A word's postings in one document-index segment, as arrays, kept per process.

The candidate pass (``indexer.search.candidates``) adds each query word's score to
every document holding it, in each of five fields, and the exact ranking
(``indexer.search.rerank``) reads the same postings for the words of the title,
summary and keywords. At 100x the library a common word has a posting in
most of the 6,000 documents, and a loop in Python over those postings was a
third of the CPU of a search. Here a term's postings in one segment are read
once, all blocks at a time, and kept as two numpy arrays (document numbers
and frequencies), so the arithmetic of a search runs over whole arrays in C.

The cache is bounded in bytes (``MAX_BYTES``), the least recently used term
going first. It is keyed as the block cache is (``indexer.codec.postings.term_key``:
the opened storage, the segment file and its identity, the term), so a term
of a closed generation is never asked for again and ages out.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader

from indexer.codec.postings import BoundedCache, term_key, uncached_blocks


@dataclass(frozen=True)
class Column:
    """A term's postings in one segment: document numbers (ascending) and
    the frequency of each, as the index stores it (float32, widened)."""

    docnums: np.ndarray  # uint32
    weights: np.ndarray  # float64

    @property
    def nbytes(self) -> int:
        return self.docnums.nbytes + self.weights.nbytes + ENTRY_OVERHEAD


ENTRY_OVERHEAD = 300  # the two array objects, the key and the dict's slot
EMPTY = Column(np.zeros(0, np.uint32), np.zeros(0, np.float64))


class ColumnCache(BoundedCache):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, lambda column: column.nbytes)

    def get(self, reader: IndexReader, fieldname: str, text: str) -> Column:
        """The term's postings in the segment of ``reader`` (a leaf reader);
        ``EMPTY`` when the segment does not have the term."""
        key = term_key(reader, fieldname, text)
        found = self._get(key)
        if found is None:
            found = _read(reader, fieldname, text)
            if found is not EMPTY:  # only the segment's own terms are kept:
                self._put(key, found)  # a word it lacks may be a typed name
        return found


def _read(reader: IndexReader, fieldname: str, text: str) -> Column:
    ids, weights = array("I"), array("f")
    for block_ids, block_weights in uncached_blocks(reader, fieldname, text):
        ids.extend(block_ids)
        weights.extend(block_weights)
    if not ids:
        return EMPTY
    return Column(np.frombuffer(ids, np.uint32).copy(),
                  np.frombuffer(weights, np.float32).astype(np.float64))


MAX_BYTES = 24 * 1024 * 1024
COLUMNS = ColumnCache(MAX_BYTES)
