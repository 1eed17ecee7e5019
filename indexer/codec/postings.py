"""Reading a term's postings a block at a time, and bitsets of documents.

Whoosh's matchers hand out one posting per method call, which costs more than
the arithmetic done with it. The candidate pass (``indexer.search.candidates``) reads
whole blocks instead: a tuple of ids and an array of weights, straight from
the ``whoosh3`` codec's leaf matcher (Whoosh-Reloaded 2.7.5 is pinned; any
other matcher is read one posting at a time, with the same result).

A bitset of documents is a Python int with one BYTE per document ordinal
(bit 8 x ordinal): ``int.from_bytes`` builds it from a bytearray of flags in
one call, ``&`` and ``|`` combine sets and ``int.bit_count`` counts them, all
in C.
"""

from __future__ import annotations

import os
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress
from itertools import count as numbers
from pickle import loads
from threading import Lock

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.matching import ListMatcher, Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.system import _INT_SIZE, unpack_int

from indexer.codec.fallbacks import fell_back

Block = tuple[Sequence[int], Sequence[float]]


def leaf_matcher(reader: IndexReader, fieldname: str, text: str) -> Matcher:
    """The term's postings in one segment, deleted documents included (callers
    never ask for those); raises TermNotFound."""
    matcher = reader.postings(fieldname, text)
    while isinstance(matcher, FilterMatcher):  # the filter only hides deletions
        matcher = matcher.child
    return matcher


def is_blocked(reader: IndexReader, matcher: Matcher, path: str) -> bool:
    """Whether ``matcher`` reads the whoosh3 block layout the fast paths read.
    The whoosh3 codec keeps a term with one posting inline in its term info (a
    ``ListMatcher``, already in memory): no fast path is needed. Anything else
    is counted as a fallback of ``path`` (``indexer.codec.fallbacks``)."""
    if type(matcher) is W3LeafMatcher:
        return True
    if type(matcher) is not ListMatcher or not isinstance(reader.codec(), W3Codec):
        fell_back(path, matcher)
    return False


def blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[Block]:
    """(ids, weights) of every posting of a term in one segment, deleted
    documents included: callers map those to a slot they ignore."""
    try:
        matcher = leaf_matcher(reader, fieldname, text)
    except TermNotFound:
        return
    if is_blocked(reader, matcher, "blocks"):
        term = term_key(reader, fieldname, text)
        for block in range(len(CACHE.directory(term, matcher)[0])):
            yield CACHE.block(term, matcher, block)
    else:
        yield from _one_by_one(matcher)


def uncached_blocks(reader: IndexReader, fieldname: str,
                    text: str) -> Iterator[Block]:
    """As ``blocks``, but read straight from the file, not through ``CACHE``:
    for a reader that keeps what it reads in a cache of its own."""
    try:
        matcher = leaf_matcher(reader, fieldname, text)
    except TermNotFound:
        return
    if not is_blocked(reader, matcher, "uncached_blocks"):
        yield from _one_by_one(matcher)
        return
    matcher._goto(matcher._baseoffset)
    while True:
        yield read_ids(matcher), _weights(matcher)
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def term_key(reader: IndexReader, fieldname: str, text: str) -> tuple:
    """A term of one opened segment: ``segment_key`` plus the term."""
    return (*segment_key(reader), fieldname, text)


_tokens = numbers(1)
_token_lock = Lock()


def segment_key(reader: IndexReader) -> tuple:
    """Who a segment's blocks belong to, never repeated by another index or
    generation in this process.

    Whoosh's segment id cannot serve: it comes from the global random
    generator, so a seeded rebuild repeats it. The key is a number given once
    to each opened storage (a generation opened afresh gets a new one, and
    the pooled searchers of one generation share it), the segment's file
    name, and that file's inode, size and modification time.
    """
    found = getattr(reader, "_block_cache_key", None)
    if found is None:
        segment = reader.segment()
        storage = reader.storage()
        storage = getattr(storage, "b", storage)  # a compound segment's overlay
        found = (_token(storage), segment.make_filename(".seg"),
                 *_file_identity(storage, segment))
        reader._block_cache_key = found
    return found


def _token(storage: object) -> int:
    with _token_lock:
        token = getattr(storage, "_block_cache_token", None)
        if token is None:
            token = next(_tokens)
            storage._block_cache_token = token
        return token


def _file_identity(storage: object, segment) -> tuple:
    folder = getattr(storage, "folder", None)
    if folder is None:  # in memory: the storage's number is enough
        return ()
    names = [segment.make_filename(".seg"), segment.make_filename(".pst")]
    for name in names:
        try:
            found = os.stat(os.path.join(folder, name))
        except OSError:
            continue
        return (name, found.st_ino, found.st_size, found.st_mtime_ns)
    return ()


class BoundedCache:
    """Values by key, least recently used first out when their bytes (as
    ``size_of`` counts them) pass ``max_bytes``. Shared by the block cache
    here and the column cache (``indexer.search.columns``); safe across threads."""

    def __init__(self, max_bytes: int, size_of) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.size_of = size_of
        self.entries: OrderedDict[tuple, object] = OrderedDict()
        self.lock = Lock()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _get(self, key: tuple):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def _put(self, key: tuple, value) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.size += self.size_of(value)
            while self.size > self.max_bytes and self.entries:
                self.size -= self.size_of(self.entries.popitem(last=False)[1])


class BlockCache(BoundedCache):
    """Decoded posting blocks and each term's block directory, kept per process.

    Whoosh reads a block by unpickling and inflating all of it, positions
    included, and finds a block by reading every header before it: at 100x
    that was about 40% of the CPU of a search, and the same common words'
    blocks are read by search after search. Here a block's ids and weights
    are kept as arrays (about 1 KB for 128 postings; the positions are
    dropped), and a term's directory (the last id and offset of each block)
    lets a reader jump straight to the block holding a wanted section.

    Both share one bound in bytes, the least recently used going first.
    ``MAX_BYTES`` (48 MB) holds about 34,000 blocks of 128: at 100x a worker measured
    99 MB without it, against a 200 MB target (BENCHMARKS.md, "Search CPU at
    100x"). Entries of a closed generation are never asked for again and age
    out.
    """

    # Bytes beside the arrays' items (sys.getsizeof): two array headers (184),
    # the value and key tuples (112) and the dict's slot and order link.
    ENTRY_OVERHEAD = 400

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, _bytes)

    def directory(self, term: tuple, matcher: W3LeafMatcher) -> tuple[array, array]:
        """(last id, offset) of each block of a term's postings, in order."""
        key = ("directory", term)
        found = self._get(key)
        if found is None:
            found = _directory(matcher)
            self._put(key, found)
        return found

    def block(self, term: tuple, matcher: W3LeafMatcher, number: int) -> Block:
        """The ids and weights of block ``number`` of the term's postings."""
        key = (term, number)
        found = self._get(key)
        if found is None:
            matcher._goto(self.directory(term, matcher)[1][number])
            found = (array("I", read_ids(matcher)), _weights(matcher))
            self._put(key, found)
        return found


def _bytes(value: tuple[array, array]) -> int:
    first, second = value
    return (BlockCache.ENTRY_OVERHEAD + len(first) * first.itemsize
            + len(second) * second.itemsize)


def _directory(matcher: W3LeafMatcher) -> tuple[array, array]:
    """Every block header of a term, from one read of its postings: walking the
    blocks with ``_goto`` costs several small reads and a Python call chain a
    block, a sixth of a search's CPU at 100x when the cache is cold.

    The whoosh3 layout: after the term's 4-byte magic, each block is a signed
    4-byte length (negative for the last block), then the pickled header
    ``(count, last id, max weight, compression, min length, max length)``
    and the block's data; ``length`` counts the header and the data."""
    start, length = matcher._baseoffset, matcher._length
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it unpacked
        length = length[0]
    end = matcher._startoffset + length
    data = memoryview(matcher._postfile.get(start, end - start))
    last_ids, offsets = array("I"), array("Q")
    at = 0
    while True:
        (length,) = unpack_int(data[at:at + _INT_SIZE])
        last_ids.append(loads(data[at + _INT_SIZE:])[1])  # trailing bytes ignored
        offsets.append(start + at)
        if length < 0:
            return last_ids, offsets
        at += _INT_SIZE + length


def _weights(matcher: W3LeafMatcher) -> array:
    matcher._read_weights()
    weights = matcher._weights
    return weights if isinstance(weights, array) else array("f", weights)


MAX_BYTES = 48 * 1024 * 1024
CACHE = BlockCache(MAX_BYTES)


def read_ids(matcher: W3LeafMatcher) -> Sequence[int]:
    """The current block's ids, as ``matcher._read_ids`` gives them, but with
    the deltas summed in C (``itertools.accumulate``) instead of by Whoosh's
    Python generator: a fifth of the time spent reading blocks at 100x."""
    if matcher._data is None:
        matcher._read_data()
    ids = matcher._data[0]
    if not matcher._byteids:
        ids = tuple(accumulate(ids))
    matcher._ids = ids
    return ids


def _one_by_one(matcher: Matcher) -> Iterator[Block]:
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def to_bits(flags: bytearray | bytes) -> int:
    """The bitset of the ordinals whose byte in ``flags`` is 1."""
    return int.from_bytes(flags, "little")


def from_ordinals(ordinals: Iterable[int], size: int) -> int:
    flags = bytearray(size)
    for ordinal in ordinals:
        flags[ordinal] = 1
    return to_bits(flags)


def members(bits: int, size: int) -> list[int]:
    """The ordinals in ``bits``, in increasing order."""
    return list(compress(range(size), bits.to_bytes(size, "little")))


def count(bits: int) -> int:
    return bits.bit_count()
