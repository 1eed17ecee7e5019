"""Stemming, less a few merges that would mislead: the exceptions list.

The Snowball stemmer joins words a practitioner keeps apart: "national"
(National Referral Mechanism) and "nationality" (Nationality and Borders Act)
both become "nation"; "internal" trafficking and "international" law both
become "intern". ``STEM_EXCEPTIONS`` gives such words a stem of their own, so
they neither match nor highlight each other. It is the one place for them:
add a line here (and a case in tests/indexer/test_stemming.py) when a search
shows another false friend. The index must be rebuilt after a change: raise
``SCHEMA_VERSION`` in ``indexer/schema.py``; a test fails until you do.

The filter classes are pickled into every index: keep them at this module path.
"""

from __future__ import annotations

import hashlib

from whoosh.analysis import Filter, StemFilter

# word -> its own stem; every form of a word that must stay apart is listed.
STEM_EXCEPTIONS = {
    "national": "national", "nationally": "national",
    "nationality": "nationality", "nationalities": "nationality",
    "nationals": "nationals",
    "international": "international", "internationally": "international",
    "internal": "internal", "internally": "internal",
    "directive": "directive", "directives": "directive",
    "publication": "publication", "publications": "publication",
    "organ": "organ", "organs": "organ",
    "personal": "personal", "personally": "personal",
    "officer": "officer", "officers": "officer",
    "careful": "careful", "carefully": "careful",
    "reasonable": "reasonable", "reasonably": "reasonable",
    "relative": "relative", "relatives": "relative",
    "several": "several", "severe": "severe", "severely": "severe",
    "united": "united",
    "positive": "positive", "position": "position", "positions": "position",
    "likely": "likely",
}


def fingerprint() -> str:
    """Changes whenever the exceptions change: part of the schema version."""
    text = "\n".join(f"{k} {v}" for k, v in sorted(STEM_EXCEPTIONS.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


class StemExceptions(Filter):
    """Gives each listed word its own stem before the stemmer runs; the stemmer
    is told to leave those stems alone (``ExceptionalStemFilter``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = STEM_EXCEPTIONS.get(token.text, token.text)
            yield token


NO_CACHE = 0  # StemFilter.clear: 0 (or None) stems without a cache


def exceptional_stemmer(lang: str = "en") -> StemFilter:
    """Whoosh's stemmer, leaving the exceptions' stems as they are.

    Without Whoosh's cache of 50,000 words: the same analyser stems queries,
    and a query may hold a child's name, which must not stay in memory. A
    build hardly stems through it (``indexer.tokens`` keeps its own stems of
    library words), so it costs the build nothing measurable.
    """
    return StemFilter(lang=lang, ignore=set(STEM_EXCEPTIONS.values()),
                      cachesize=NO_CACHE)


def uncached(schema) -> None:
    """Turn off the stemmer cache of every field of ``schema``: an index built
    before stemmers were made without one pickled a cache into its schema."""
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        for item in getattr(analyzer, "items", ()):
            if isinstance(item, StemFilter) and item.cachesize != NO_CACHE:
                item.cachesize = NO_CACHE
                item.clear()
