"""Reading a term's postings a block at a time, and bitsets of documents.

Whoosh's matchers hand out one posting per method call, which costs more than
the arithmetic done with it. The candidate pass (``indexer.candidates``) reads
whole blocks instead: a tuple of ids and an array of weights, straight from
the ``whoosh3`` codec's leaf matcher (Whoosh-Reloaded 2.7.5 is pinned; any
other matcher is read one posting at a time, with the same result).

A bitset of documents is a Python int with one BYTE per document ordinal
(bit 8 x ordinal): ``int.from_bytes`` builds it from a bytearray of flags in
one call, ``&`` and ``|`` combine sets and ``int.bit_count`` counts them, all
in C.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, compress

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound

Block = tuple[Sequence[int], Sequence[float]]


def leaf_matcher(reader: IndexReader, fieldname: str, text: str) -> Matcher:
    """The term's postings in one segment, deleted documents included (callers
    never ask for those); raises TermNotFound."""
    matcher = reader.postings(fieldname, text)
    while isinstance(matcher, FilterMatcher):  # the filter only hides deletions
        matcher = matcher.child
    return matcher


def blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[Block]:
    """(ids, weights) of every posting of a term in one segment, deleted
    documents included: callers map those to a slot they ignore."""
    try:
        matcher = leaf_matcher(reader, fieldname, text)
    except TermNotFound:
        return
    if type(matcher) is W3LeafMatcher:
        yield from _leaf_blocks(matcher)
    else:
        yield from _one_by_one(matcher)


def _leaf_blocks(matcher: W3LeafMatcher) -> Iterator[Block]:
    while matcher.is_active():
        read_ids(matcher)
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


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
