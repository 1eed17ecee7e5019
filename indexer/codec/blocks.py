"""Posting blocks written in Whoosh's whoosh3 layout, pickled with protocol 4.

Whoosh pickles each block of postings (ids, weights, values) with pickle
protocol 2. Under Python 3 that protocol has no bytes type, so each value (a
section's positions and characters, as bytes) is pickled as a call to
``codecs.encode`` on a Latin-1 string, and unpickling makes that call for
every posting. Loading a block of 128 ``body`` postings took 123 us with
protocol 2 and 38 us with protocol 4, where bytes are native; the block is a
third smaller too (100x the library, one run). Searches decode thousands of
blocks, so full builds write protocol 4.

Readers need no change: ``pickle.loads`` reads any protocol, and every other
byte of the layout (the length, the header, zlib) is as Whoosh writes it.
Whoosh-Reloaded 2.7.5 is pinned; ``tests/indexer/test_writers.py`` checks
that an index written this way reads the same as one Whoosh writes.
"""

from __future__ import annotations

import pickle
import sys
import zlib

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

BLOCK_PROTOCOL = 4
HEADER_PROTOCOL = 2  # as Whoosh writes the header

# A segment records the codec that wrote it, pickled by module path. Indexes
# built before indexer/ was split into parts name ``indexer.blocks``: that
# path still finds this module, so they open after an upgrade.
OLD_PATH = "indexer.blocks"
sys.modules.setdefault(OLD_PATH, sys.modules[__name__])


class BlockWriter(W3PostingsWriter):
    """``W3PostingsWriter`` with its blocks' data pickled with ``BLOCK_PROTOCOL``."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(),
                             self._mini_values()), BLOCK_PROTOCOL)
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        header = pickle.dumps((len(ids), ids[-1], self._maxweight, compression,
                               length_to_byte(self._minlength),
                               length_to_byte(self._maxlength)), HEADER_PROTOCOL)
        length = len(header) + len(data)
        self._postfile.write_int(-length if last else length)  # negative: the last
        self._postfile.write(header)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class BlockCodec(W3Codec):
    """Whoosh's whoosh3 codec, writing postings with ``BlockWriter``. Segments
    record their codec, so this class must stay importable from this path."""

    def postings_writer(self, dbfile, byteids: bool = False) -> BlockWriter:
        return BlockWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                           compression=self._compression,
                           inlinelimit=self._inlinelimit)
