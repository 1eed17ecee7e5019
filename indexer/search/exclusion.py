"""Exclusions ("-police", "NOT police") that exclude every section they should.

Whoosh 2.7's ``AndNotMatcher`` checks the excluded matcher against the first
wanted section only when both happen to start on the same section. When the
excluded words first occur in an earlier section, the first wanted section is
kept even if it holds them: "county -child" listed a section about children.
``Excluding`` moves the excluded matcher up to the first wanted section before
Whoosh's matcher starts, through the public matcher API; from there Whoosh
skips correctly. ``indexer.search.parsing`` uses it for every exclusion.
"""

from __future__ import annotations

from whoosh.matching import AndNotMatcher, Matcher
from whoosh.query import AndNot


class Excluding(AndNot):
    """``AndNot`` whose matcher never keeps an excluded first section."""

    def matcher(self, searcher, context=None) -> Matcher:
        wanted = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        if wanted.is_active() and excluded.is_active() \
                and excluded.id() < wanted.id():
            excluded.skip_to(wanted.id())
        return AndNotMatcher(wanted, excluded)
