"""The document-level pass: which documents match, and which few to rank exactly.

Ranking every matching section costs about 690 ms of CPU a query at 100x the
library,
because a query ORs 25-50 clauses and most sections match one of them. This
pass reads, for each query word, its postings in the document index instead
(one posting per document, no positions) and in one go

- marks the documents that match (a bitset: see ``indexer.codec.postings``), which
  gives totals and facet counts by counting, with no scoring; and
- adds the word's BM25F score (each of the five text fields with the section
  index's weight and idf, as if the document were one section) to each of
  them, which picks the candidates whose sections are then scored with the
  full query (``indexer.search.rerank``).

The parsed Whoosh query is walked as it is: a plain word (a term in every
text field) matches a document exactly when one of the document's fields has
it, so for plain queries the match set is exact. Pairs of neighbouring words and
other names of glossary terms are looked up in the section index's positionless
``pairs`` field; a multi-word name needs every one of its pairs in one section,
found by intersecting posting ids, not through Whoosh's And matcher. Operators
that depend on words sharing a section (AND, phrases, NOT, a word in one
field) are evaluated per document first, which gives a bound; the section index
then decides which of those documents have a section matching the whole query,
as the exact ranking does, so totals and facet counts are exact for every query
form.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.collectors import TimeLimit
from whoosh.query import (
    And,
    AndNot,
    FuzzyTerm,
    Not,
    NullQuery,
    Or,
    Phrase,
    Query,
    Term,
)
from whoosh.searching import Searcher

from indexer.codec.postings import to_bits
from indexer.schema import HEAD_FIELDS, TEXT_FIELDS
from indexer.search.bm25 import word_scores
from indexer.search.catalogue import Catalogue
from indexer.search.columns import COLUMNS
from indexer.search.parsing import FIELD_BOOSTS, PAIRS_FIELD
from indexer.search.section_matches import matching_sections, section_ids
from indexer.search.timelimit import Deadline
from kb import facets


@dataclass
class DocumentMatches:
    bits: int  # the documents with a section that matches the query
    scores: list[float]  # candidate score by ordinal (the last slot is spare)
    # The matching sections' docnums, when the section index decided which
    # documents match (operators, phrases, words in one field); else None.
    sections: np.ndarray | None = None


class DocumentPass:
    """Evaluate one query against one generation's document and section indexes."""

    def __init__(self, catalogue: Catalogue, documents: Searcher,
                 sections: Searcher, deadline: Deadline | None = None) -> None:
        self.cat = catalogue
        self.deadline = deadline or Deadline.unlimited()
        self.documents = documents
        self.sections = sections
        self.doc_leaves = [r for r, _ in documents.reader().leaf_readers()]
        self.section_leaves = [r for r, _ in sections.reader().leaf_readers()]
        self.scores = np.zeros(catalogue.size + 1, np.float64)
        self.exact = True  # False once an operator makes the bits a bound

    def run(self, query: Query) -> DocumentMatches:
        bits = self.match(query, 1.0) & self.cat.live
        if self.exact or not bits or self.deadline.cut:  # cut: a bound at best
            return DocumentMatches(bits, self.scores.tolist())
        try:
            sections = matching_sections(self.sections, self.cat.sections,
                                         self.cat.size, query, self.deadline)
        except TimeLimit:  # the bound stands; the page says it was cut short
            return DocumentMatches(bits, self.scores.tolist())
        bits &= self._documents_of(sections)
        return DocumentMatches(bits, self.scores.tolist(), sections)

    def _documents_of(self, sections: np.ndarray) -> int:
        """Documents owning ``sections`` (the section index's answer to the
        whole query, without scoring: what the exact ranking shows)."""
        flags = np.zeros(self.cat.size + 1, np.uint8)
        flags[self.cat.section_ordinals[sections]] = 1
        return _bits(flags, self.cat.size)

    # -- the query tree ------------------------------------------------------
    def match(self, node: Query, boost: float) -> int:
        boost *= getattr(node, "boost", 1.0)
        if isinstance(node, Or):
            return self._or(node.subqueries, boost)
        if isinstance(node, AndNot):
            self.exact = False
            return self.match(node.a, boost) & ~self._everywhere(node.b)
        if isinstance(node, Not):
            self.exact = False
            return self.cat.live & ~self._everywhere(node.query)
        if isinstance(node, And):
            return self._and(node.subqueries, boost)
        if isinstance(node, Phrase):
            self.exact = False
            return self._all([self.word(w, boost) for w in node.words])
        if isinstance(node, Term | FuzzyTerm):
            return self._or([node], 1.0 / getattr(node, "boost", 1.0) * boost)
        if node is NullQuery:
            return 0
        self.exact = False
        return self.cat.live

    def _or(self, clauses: list[Query], boost: float) -> int:
        """Clauses grouped by word: a word scores once per document, however
        many fields the query names it in."""
        words: dict[tuple, tuple[float, set[str]]] = {}
        bits = 0
        for clause in clauses:
            key = _word_key(clause)
            if key is None:
                bits |= self._leaf_or_node(clause, boost)
                continue
            weight = clause.boost * boost / FIELD_BOOSTS[clause.fieldname]
            best, fields = words.get(key, (0.0, set()))
            words[key] = (max(best, weight), fields | {clause.fieldname})
        for (kind, text, *fuzz), (weight, fields) in words.items():
            if len(fields) < len(TEXT_FIELDS):
                self.exact = False  # a word in some fields only
            named = tuple(f for f in TEXT_FIELDS if f in fields)
            bits |= (self.word(text, weight, named) if kind == "term"
                     else self._fuzzy(text, weight, *fuzz))
            if self.deadline.passed():  # one word at least: a page to show
                self.exact = False
                break
        return bits

    def _leaf_or_node(self, clause: Query, boost: float) -> int:
        if isinstance(clause, Term):
            if clause.fieldname == PAIRS_FIELD:
                return self._pairs([clause.text], clause.boost * boost)
            if clause.fieldname in facets.names():
                return self._facet(clause.fieldname, clause.text)
            return self._section_term(clause.fieldname, clause.text)
        return self.match(clause, boost)

    def _and(self, clauses: list[Query], boost: float) -> int:
        if clauses and all(isinstance(c, Term) and c.fieldname == PAIRS_FIELD
                           for c in clauses):
            weight = boost * sum(c.boost for c in clauses) / len(clauses)
            return self._pairs([c.text for c in clauses], weight)
        self.exact = False
        return self._all([self.match(c, boost) for c in clauses])

    def _all(self, sets: list[int]) -> int:
        if not sets:
            return 0
        found = sets[0]
        for bits in sets[1:]:
            found &= bits
        return found

    def _everywhere(self, node: Query) -> int:
        """Documents in which every section matches ``node``: those with its
        word in the title, summary or keywords field it names (every section
        repeats them), or with its facet value. Used for exclusions; other
        documents may still have a section without it."""
        if isinstance(node, Term) and node.fieldname in facets.names():
            return self._facet(node.fieldname, node.text)
        if isinstance(node, Or):
            found = 0
            for sub in node.subqueries:
                found |= self._everywhere(sub)
            return found
        key = _word_key(node)
        if key is None or key[0] != "term" or node.fieldname not in HEAD_FIELDS:
            return 0  # a heading or body word: some sections may lack it
        return self._postings(node.fieldname, key[1], 0.0)

    # -- reading postings -----------------------------------------------------
    def word(self, text: str, weight: float,
             fields: tuple[str, ...] = TEXT_FIELDS) -> int:
        """Documents with ``text`` in one of ``fields``; each gains the word's
        BM25F score in those fields with the section index's field weights and
        idf, as if the document were one section: close to how its best section
        will score."""
        found = 0
        for name in fields:
            found |= self._postings(name, text, weight * FIELD_BOOSTS[name])
        return found

    def _postings(self, fieldname: str, text: str, weight: float) -> int:
        cat, scores = self.cat, self.scores
        flags = np.zeros(cat.size + 1, np.uint8)
        idf = self.sections.idf(fieldname, text)
        for reader, segment in zip(self.doc_leaves, cat.documents, strict=True):
            column = COLUMNS.get(reader, fieldname, text)
            if not len(column.docnums):
                continue
            ordinals = segment.ordinal_array[column.docnums]
            tf, norms = column.weights, segment.norms[fieldname][column.docnums]
            flags[ordinals] = 1
            # The same operations, in the same order, as one posting at a time.
            scores[ordinals] += word_scores(tf, norms, weight, idf)
        return _bits(flags, cat.size)

    def _fuzzy(self, text: str, weight: float, maxdist: int, prefix: int) -> int:
        """Documents with a word near ``text``: finding the near words is the
        slow part (a walk of each field's terms), so the deadline is checked
        after each field and each word found."""
        reader = self.documents.reader()
        near: set[str] = set()
        for name in TEXT_FIELDS:
            near.update(reader.terms_within(name, text, maxdist, prefix=prefix))
            if self.deadline.passed():
                break
        bits = 0
        for term in sorted(near):
            bits |= self.word(term, weight)
            if self.deadline.passed():
                break
        return bits

    def _pairs(self, texts: list[str], weight: float) -> int:
        """Documents with a section holding every pair in ``texts`` (neighbouring
        words), each gaining ``weight`` times the pairs' idf once."""
        cat, flags = self.cat, np.zeros(self.cat.size + 1, np.uint8)
        idf = sum(self.sections.idf(PAIRS_FIELD, t) for t in texts)
        for reader, segment in zip(self.section_leaves, cat.sections, strict=True):
            found = None
            for text in texts:
                ids = section_ids(reader, PAIRS_FIELD, text)
                found = ids if found is None else np.intersect1d(found, ids,
                                                                 assume_unique=True)
                if not len(found):
                    break
            if found is not None and len(found):
                flags[segment.ordinal_array[found]] = 1
        bits = _bits(flags, cat.size)
        self._add(bits, weight * idf)
        return bits

    def _section_term(self, fieldname: str, text: str) -> int:
        """Documents with a section holding ``text`` in ``fieldname``, exactly."""
        cat, flags = self.cat, np.zeros(self.cat.size + 1, np.uint8)
        for reader, segment in zip(self.section_leaves, cat.sections, strict=True):
            ids = section_ids(reader, fieldname, text)
            if len(ids):
                flags[segment.ordinal_array[ids]] = 1
        return _bits(flags, cat.size)

    def _facet(self, facet: str, value: str) -> int:
        return self.cat.masks.get(facet, {}).get(value.lower(), 0)

    def _add(self, bits: int, amount: float) -> None:
        if not bits or not amount:
            return
        size = self.cat.size
        chosen = np.frombuffer(bits.to_bytes(size, "little"), np.bool_)
        self.scores[:size][chosen] += amount


def _bits(flags: np.ndarray, size: int) -> int:
    return to_bits(flags[:size].tobytes())


def _word_key(clause: Query) -> tuple | None:
    """("term", text) or ("fuzzy", text, maxdist, prefix) for a word in a text
    field; None for anything else."""
    if getattr(clause, "fieldname", None) not in TEXT_FIELDS:
        return None
    if type(clause) is FuzzyTerm:
        return ("fuzzy", clause.text, clause.maxdist, clause.prefixlength)
    if type(clause) is Term:
        return ("term", clause.text)
    return None
