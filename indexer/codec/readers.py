"""A term's postings at chosen documents, read only from the blocks that hold them.

Exact ranking scores a few hundred wanted sections, and snippets need the
character positions of the ten or so shown: walking Whoosh's matcher to each
costs a chain of Python calls per posting skipped. Here the term's block
directory (``indexer.codec.postings.BlockCache``) says which blocks can hold a
wanted section, and only those are read. Any matcher that is not the
``whoosh3`` block reader is walked with Whoosh's public ``skip_to`` instead,
with the same result (and counted: ``indexer.codec.fallbacks``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from whoosh.matching import Matcher
from whoosh.reading import IndexReader

from indexer.codec.postings import CACHE, is_blocked, leaf_matcher, term_key

Characters = list[tuple[int, int, int]]  # (position, start char, end char)


def postings_at(reader: IndexReader, fieldname: str, text: str,
                targets: list[int]) -> list[tuple[int, float]]:
    """(docnum, weight) of the term's postings at ``targets`` (ascending) in
    one segment; the term must be in the segment."""
    matcher = leaf_matcher(reader, fieldname, text)
    if not is_blocked(reader, matcher, "postings_at"):  # e.g. kept in the term info
        return [(d, matcher.weight()) for d in _walk(matcher, targets)]
    term = term_key(reader, fieldname, text)
    last_ids = CACHE.directory(term, matcher)[0]
    found: list[tuple[int, float]] = []
    index, count = 0, len(targets)
    while index < count:
        number = bisect_left(last_ids, targets[index])
        if number == len(last_ids):
            break
        end = bisect_right(targets, last_ids[number], index)
        ids, weights = CACHE.block(term, matcher, number)
        found += [(docnum, weights[at]) for at, docnum in
                  _hits(ids, targets[index:end])]
        index = end
    return found


def characters_at(reader: IndexReader, fieldname: str, text: str,
                  docnums: list[int]) -> Iterator[tuple[int, Characters]]:
    """(docnum, [(position, start, end), ...]) for each of ``docnums`` (sorted)
    the term occurs in, in one segment. A block is decoded for its positions
    only when it holds one of ``docnums``; its ids come from the block cache
    (the ranking has usually read them already)."""
    matcher = leaf_matcher(reader, fieldname, text)
    decode = matcher.format.decoder("characters")
    if not is_blocked(reader, matcher, "characters_at"):
        for docnum in _walk(matcher, docnums):
            yield docnum, decode(matcher.value())
        return
    term = term_key(reader, fieldname, text)
    last_ids, offsets = CACHE.directory(term, matcher)
    i = 0
    while i < len(docnums):
        number = bisect_left(last_ids, docnums[i])
        if number == len(last_ids):
            return
        end = bisect_right(docnums, last_ids[number], i)
        hits = _hits(CACHE.block(term, matcher, number)[0], docnums[i:end])
        if hits:
            matcher._goto(offsets[number])
            matcher._read_values()
            values = matcher._values
            for at, docnum in hits:
                yield docnum, decode(values[at])
        i = end


def _hits(ids, wanted: list[int]) -> list[tuple[int, int]]:
    """(position in ``ids``, docnum) of each wanted docnum present."""
    if len(wanted) * 4 > len(ids):
        chosen = set(wanted)
        return [(at, docnum) for at, docnum in enumerate(ids) if docnum in chosen]
    hits = []
    for docnum in wanted:
        at = bisect_left(ids, docnum)
        if at < len(ids) and ids[at] == docnum:
            hits.append((at, docnum))
    return hits


def _walk(matcher: Matcher, targets: list[int]) -> Iterator[int]:
    """Each of ``targets`` (ascending) the matcher holds, the matcher left on it."""
    for target in targets:
        if not matcher.is_active():
            return
        if matcher.id() < target:
            matcher.skip_to(target)
            if not matcher.is_active():
                return
        if matcher.id() == target:
            yield target
