"""Exact section scores for a few chosen sections, with the full query.

The candidate documents' sections are scored with today's query and weights
(BM25F over five fields, word pairs, glossary names), to the same sums as
scoring every section gives them (the reference in ``tests/indexer/oracle.py``).

Walking Whoosh's matcher tree to each wanted section costs a chain of Python
calls per clause per posting skipped (skip_to, is_active and id through every
level of a binary tree of 25-50 unions): at 10x the library that cost as much
as scoring everything. So the query tree is evaluated clause by clause
instead: each term reads only the posting blocks that hold wanted sections
(blocks are skipped by their header, without decoding), scores those
postings with the searcher's own scorer, and the tree combines the per-term
scores as Whoosh's matchers would (OR: sum of the matching clauses; AND: sum
when all match; AND NOT: the first when the second does not match; a boost
multiplies a compound of two or more clauses). Phrases, fuzzy terms and
other rare nodes use Whoosh's own matcher, skipping to each wanted section; a
phrase's matcher is made only when a wanted section holds the phrase
(``indexer.search.section_matches.phrase_matches``), since making it walks to
the phrase's first match in the whole segment.

A document's title, summary and keywords are the same in each of its
sections, and their postings (with positions, repeated per section) were most
of the blocks read. Their frequency and length are read once per document
from the document index instead, which holds the same text without positions,
and scored with the section index's idf and average length: the same numbers.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from whoosh.collectors import TimeLimit
from whoosh.matching import Matcher
from whoosh.query import And, AndNot, NullQuery, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from indexer.codec.readers import postings_at
from indexer.codec.scoring import field_lengths, score_function
from indexer.schema import HEAD_FIELDS
from indexer.search.catalogue import Catalogue
from indexer.search.columns import COLUMNS
from indexer.search.section_matches import phrase_matches

Scored = tuple[float, int]  # (score, section docnum)
Scores = dict[int, float]  # section docnum (in one segment) -> score


class HeadWeights:
    """A word's frequency and field length in the title, summary or keywords
    of each document, by ordinal, read from the document index's columns
    (``indexer.search.columns``) once per search and word."""

    def __init__(self, cat: Catalogue, documents: Searcher) -> None:
        self.cat = cat
        self.leaves = [r for r, _ in documents.reader().leaf_readers()]
        self.found: dict[tuple[str, str], _Head] = {}

    def get(self, fieldname: str, text: str) -> _Head:
        key = (fieldname, text)
        if key not in self.found:
            size = self.cat.size + 1
            head = _Head(np.zeros(size, np.bool_), np.zeros(size, np.float64),
                         np.zeros(size, np.int64))
            for reader, segment in zip(self.leaves, self.cat.documents, strict=True):
                column = COLUMNS.get(reader, fieldname, text)
                if not len(column.docnums):
                    continue
                lengths = np.frombuffer(field_lengths(reader, fieldname), np.uint32)
                ordinals = segment.ordinal_array[column.docnums]
                head.present[ordinals] = True
                head.weights[ordinals] = column.weights
                head.lengths[ordinals] = lengths[column.docnums]
            self.found[key] = head
        return self.found[key]


@dataclass
class _Head:
    present: np.ndarray  # bool by ordinal
    weights: np.ndarray  # float64 by ordinal
    lengths: np.ndarray  # int64 by ordinal

    def at(self, ordinals: list[int]) -> list[tuple[float, int] | None]:
        """(frequency, length) at each ordinal, None where the word is absent."""
        present = self.present[ordinals].tolist()
        weights = self.weights[ordinals].tolist()
        lengths = self.lengths[ordinals].tolist()
        return [(w, n) if p else None
                for p, w, n in zip(present, weights, lengths, strict=True)]


def score_sections(searcher: Searcher, query: Query, docnums: list[int],
                   deadline: float, heads: HeadWeights) -> tuple[list[Scored], bool]:
    """(score, docnum) of each section in ``docnums`` that matches ``query``,
    and whether all were scored before ``deadline`` (a ``time.monotonic``
    value): past it, the segments scored so far are returned."""
    targets = sorted(docnums)
    found: list[Scored] = []
    try:
        for (sub, offset), segment in zip(searcher.leaf_searchers(),
                                          heads.cat.sections, strict=True):
            end = offset + sub.doc_count_all()
            mine = targets[bisect_left(targets, offset):bisect_left(targets, end)]
            if mine:
                scores = _Segment(sub, [d - offset for d in mine], deadline, heads,
                                  segment.ordinals).run(query)
                found += [(score, docnum + offset) for docnum, score in scores.items()]
    except TimeLimit:
        return found, False
    return found, True


class _Segment:
    """One segment's wanted sections, and the query evaluated on them."""

    def __init__(self, searcher: Searcher, targets: list[int], deadline: float,
                 heads: HeadWeights, ordinals) -> None:
        self.searcher = searcher
        self.targets = targets
        self.deadline = deadline
        self.weighting = searcher.weighting
        self.heads = heads
        self.ordinals = ordinals
        self.by_document: dict[int, list[int]] | None = None

    def run(self, node: Query) -> Scores:
        if self._past_deadline():
            raise TimeLimit
        if node is NullQuery:
            return {}
        if type(node) is Term:
            return self._term(node)
        if isinstance(node, Or | And) and len(node.subqueries) == 1:
            return self.run(node.subqueries[0])  # Whoosh ignores the boost here
        if isinstance(node, Or):
            return _boosted(_union([self.run(q) for q in node.subqueries]), node.boost)
        if type(node) is And:
            return _boosted(_intersection([self.run(q) for q in node.subqueries]),
                            node.boost)
        if isinstance(node, AndNot):
            excluded = self.run(node.b)
            return {d: s for d, s in self.run(node.a).items() if d not in excluded}
        targets = self.targets
        if isinstance(node, Phrase):  # Whoosh's matcher only where it matches
            targets = phrase_matches(self.searcher.reader(), node, targets,
                                     self._past_deadline)
            if not targets:
                return {}
        return self._matched(node.matcher(self.searcher, self.searcher.context()),
                             targets)

    def _past_deadline(self) -> bool:
        return time.monotonic() > self.deadline

    def _term(self, term: Query) -> Scores:
        reader = self.searcher.reader()
        if term.fieldname not in reader.schema or \
                (term.fieldname, term.text) not in reader:
            return {}
        scorer = self.weighting.scorer(self.searcher, term.fieldname, term.text)
        boost, score = term.boost, score_function(scorer)
        if term.fieldname in HEAD_FIELDS and score is not None:
            return self._head_term(term, score)
        postings = postings_at(reader, term.fieldname, term.text, self.targets)
        if score is None:  # a field without lengths: its weight
            return {d: w * boost for d, w in postings}
        length = scorer.dfl
        return {d: score(w, length(d)) * boost for d, w in postings}

    def _head_term(self, term: Query, score) -> Scores:
        """Scored once per document, then given to each of its wanted sections."""
        head = self.heads.get(term.fieldname, term.text)
        by_document = self._by_document()
        found = {}
        for docnums, known in zip(by_document.values(), head.at(list(by_document)),
                                  strict=True):
            if known is not None:
                value = score(known[0], known[1]) * term.boost
                for docnum in docnums:
                    found[docnum] = value
        return found

    def _by_document(self) -> dict[int, list[int]]:
        """The wanted sections grouped by their document's ordinal."""
        if self.by_document is None:
            self.by_document = {}
            for docnum in self.targets:
                self.by_document.setdefault(self.ordinals[docnum], []).append(docnum)
        return self.by_document

    def _matched(self, matcher: Matcher, targets: list[int]) -> Scores:
        found = {}
        for target in targets:
            if not matcher.is_active():
                break
            if matcher.id() < target:
                matcher.skip_to(target)
                if not matcher.is_active():
                    break
            if matcher.id() == target:
                found[target] = matcher.score()
        return found


def _union(parts: list[Scores]) -> Scores:
    found: Scores = {}
    for part in parts:
        for docnum, score in part.items():
            found[docnum] = found.get(docnum, 0.0) + score
    return found


def _intersection(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    common = set(parts[0]).intersection(*parts[1:])
    return {d: sum(p[d] for p in parts) for d in common}


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}
