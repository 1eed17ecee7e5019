"""Which sections match a query as a whole, by sets of posting ids.

Operators, phrases and words in one field are decided at the section level
(``indexer.search.candidates``). Whoosh's ``docs_for_query`` walks a matcher
tree of 25-50 clauses one section at a time: at 100x the library "child
trafficking" in quotes took 1.8 s and "trafficking -police" 0.5 s. Here each
segment's answer is a boolean array over its sections, built from whole
posting lists (read by ``indexer.codec.postings.blocks``): OR is ``|``, AND is
``&``, AND NOT is ``& ~``, the same rules Whoosh's matchers apply.

Only phrases need positions. A phrase is checked on the sections that hold
all its words (as neighbouring pairs, where ``pairs`` can tell) and that no
earlier clause of an OR has matched already: most of a phrase's sections
also match the plain words the query adds for its other names. The deadline
is checked as clauses and phrases are walked; past it ``TimeLimit`` is
raised and the caller keeps its bound. A node of another kind is left to
Whoosh (``docs_for_query``) for that node alone.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable

import numpy as np
from whoosh.collectors import TimeLimit
from whoosh.query import And, AndNot, FuzzyTerm, Not, NullQuery, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from indexer.codec.postings import blocks
from indexer.search.catalogue import Segment
from indexer.search.parsing import PAIRS_FIELD
from indexer.search.timelimit import Deadline

# The fields read into ``pairs`` as one stream of stems (``indexer.build.writing``):
# two words next to each other in one of them are a pair there, so a section
# without the pair cannot hold the phrase. (Not ``summary``: it is not read.)
PAIRED_FIELDS = ("title", "heading", "body", "keywords")
CHECK_EVERY = 256  # phrase sections walked between two looks at the clock


def matching_sections(searcher: Searcher, segments: list[Segment], size: int,
                      query: Query, deadline: Deadline) -> np.ndarray:
    """The docnums (ascending, over the whole index) of the live sections
    that match ``query``. ``size``: the catalogue's size, the ordinal of
    deleted sections (``indexer.search.catalogue``)."""
    found = []
    for (leaf, offset), segment in zip(searcher.leaf_searchers(), segments,
                                       strict=True):
        live = segment.ordinal_array < size
        flags = _Segment(leaf, live, deadline).run(query, live)
        found.append(np.flatnonzero(flags & live) + offset)
    return np.concatenate(found) if found else np.zeros(0, np.intp)


class _Segment:
    def __init__(self, searcher: Searcher, live: np.ndarray,
                 deadline: Deadline) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.live = live
        self.deadline = deadline
        self.terms: dict[tuple[str, str], np.ndarray] = {}  # this search's only

    def run(self, node: Query, within: np.ndarray) -> np.ndarray:
        """Sections matching ``node``; exact for those in ``within`` (the
        only ones the caller will keep), whatever it says of the rest."""
        if self.deadline.passed():
            raise TimeLimit
        if node is NullQuery:
            return self._none()
        if type(node) is Term:
            return self._term(node.fieldname, node.text)
        if type(node) is FuzzyTerm:
            return self._fuzzy(node)
        if isinstance(node, Phrase):
            return self._phrase(node, within)
        if isinstance(node, AndNot):
            wanted = self.run(node.a, within)
            return wanted & ~self.run(node.b, wanted & within)
        if isinstance(node, Not):
            return self.live & ~self.run(node.query, within)
        if isinstance(node, And):
            found = within.copy()
            for sub in node.subqueries:
                found &= self.run(sub, found)
            return found
        if isinstance(node, Or):
            return self._or(node.subqueries, within)
        return self._whoosh(node)

    def _or(self, clauses: list[Query], within: np.ndarray) -> np.ndarray:
        """Phrases last: a section another clause matched needs no positions."""
        found = self._none()
        for sub in sorted(clauses, key=_has_phrase):
            found |= self.run(sub, within & ~found)
        return found

    def _none(self) -> np.ndarray:
        return np.zeros(len(self.live), np.bool_)

    def _term(self, fieldname: str, text: str) -> np.ndarray:
        """A word's sections; a word a query repeats is read once."""
        key = (fieldname, text)
        if key not in self.terms:
            self.terms[key] = self._none()
            self.terms[key][section_ids(self.reader, fieldname, text)] = True
        return self.terms[key]

    def _fuzzy(self, node: FuzzyTerm) -> np.ndarray:
        flags = self._none()
        for word in self.reader.terms_within(node.fieldname, node.text, node.maxdist,
                                             prefix=node.prefixlength):
            flags |= self._term(node.fieldname, word)
            if self.deadline.passed():  # the walk of the terms is the slow part
                raise TimeLimit
        return flags

    def _phrase(self, node: Phrase, within: np.ndarray) -> np.ndarray:
        """The sections worth asking (``phrase_matches``) that hold the phrase."""
        candidates = within.copy()
        for word in node.words:
            candidates &= self._term(node.fieldname, word)
        if node.fieldname in PAIRED_FIELDS:  # neighbours there are a pair
            for first, second in itertools.pairwise(node.words):
                candidates &= self._term(PAIRS_FIELD, f"{first} {second}")
        found = self._none()
        found[phrase_matches(self.reader, node, np.flatnonzero(candidates).tolist(),
                             self.deadline.passed)] = True
        return found

    def _whoosh(self, node: Query) -> np.ndarray:
        flags = self._none()
        ids = list(self.searcher.docs_for_query(node))
        flags[np.array(ids, np.intp)] = True
        return flags


def section_ids(reader, fieldname: str, text: str) -> np.ndarray:
    """The section numbers (ascending) of a term's postings in one segment."""
    found = [np.frombuffer(ids, np.uint32) if isinstance(ids, array)
             else np.array(ids, np.uint32)
             for ids, _ in blocks(reader, fieldname, text)]
    if not found:
        return np.zeros(0, np.uint32)
    return found[0] if len(found) == 1 else np.concatenate(found)


def phrase_matches(reader, node: Phrase, docnums: list[int],
                   passed: Callable[[], bool]) -> list[int]:
    """Those of ``docnums`` (ascending, in one segment) whose positions hold
    ``node``'s words in order, each 1 to ``slop`` places after the one before,
    as Whoosh's phrase matcher requires. Read through Whoosh's public postings
    API one section at a time, with ``passed`` asked as it goes (``TimeLimit``
    once it says so): Whoosh's own matcher walks to its first match before it
    can be asked anything, and a long phrase that matches nowhere walks every
    section of the segment."""
    words = node.words
    if not docnums or not all((node.fieldname, w) in reader for w in words):
        return []
    postings = {w: reader.postings(node.fieldname, w) for w in words}
    found = []
    for count, docnum in enumerate(docnums):
        if count % CHECK_EVERY == 0 and passed():
            raise TimeLimit
        where = {}
        for word, matcher in postings.items():
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                return found
            if matcher.id() != docnum:
                break
            where[word] = matcher.value_as("positions")
        else:
            if in_order(words, where, node.slop):
                found.append(docnum)
    return found


def in_order(words: list[str], where: dict[str, list[int]], slop: int) -> bool:
    """Whether positions ``where`` hold ``words`` in order, each 1 to ``slop``
    places after the one before."""
    reached = set(where[words[0]])
    for word in words[1:]:
        reached = {p for p in where[word]
                   if any(1 <= p - q <= slop for q in reached)}
        if not reached:
            return False
    return True


def _has_phrase(node: Query) -> bool:
    return isinstance(node, Phrase) or any(_has_phrase(c) for c in node.children())
