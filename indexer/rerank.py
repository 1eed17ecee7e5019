"""Exact section scores for a few chosen sections, with the full query.

The candidate documents' sections are scored with today's query and weights
(BM25F over five fields, word pairs, glossary names), exactly as scoring every
section would score them. Each segment's matcher skips straight to the next
wanted section, so the cost follows the number of candidates, not the number
of matches.

The parsed query ORs its clauses with Whoosh's array-backed union, which reads
every clause's postings whole: right when every match is scored, wrong here.
It is swapped for the binary tree of unions, which skips; without a
coordination factor both give the same sums.
"""

from __future__ import annotations

import time
from bisect import bisect_left

from whoosh.query import DefaultOr, Or, Query
from whoosh.searching import Searcher

from indexer.timelimit import TimeLimit

Scored = tuple[float, int]  # (score, section docnum)


def skipping(query: Query) -> Query:
    """``query`` with every OR as a tree of unions that can skip."""
    def swap(node: Query) -> Query:
        if isinstance(node, Or) and type(node) is not DefaultOr:
            return DefaultOr(node.subqueries, boost=node.boost)
        return node

    return query.accept(swap)


def score_sections(searcher: Searcher, query: Query, docnums: list[int],
                   deadline: float) -> tuple[list[Scored], bool]:
    """(score, docnum) of each section in ``docnums`` that matches ``query``,
    and whether all were scored before ``deadline`` (a ``time.monotonic``
    value): past it, the sections scored so far are returned."""
    targets = sorted(docnums)
    context = searcher.context()
    found: list[Scored] = []
    try:
        for sub, offset in searcher.leaf_searchers():
            end = offset + sub.doc_count_all()
            mine = targets[bisect_left(targets, offset):bisect_left(targets, end)]
            if mine:
                _score_leaf(sub, query, [d - offset for d in mine], context,
                            deadline, offset, found)
    except TimeLimit:
        return found, False
    return found, True


def _score_leaf(searcher: Searcher, query: Query, targets: list[int], context,
                deadline: float, offset: int, found: list[Scored]) -> None:
    matcher = query.matcher(searcher, context)
    for target in targets:
        if not matcher.is_active():
            break
        if matcher.id() < target:
            matcher.skip_to(target)
            if not matcher.is_active():
                break
        if matcher.id() == target:
            found.append((matcher.score(), target + offset))
        if time.monotonic() > deadline:
            raise TimeLimit
