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


def exceptional_stemmer(lang: str = "en", cachesize: int = 50000) -> StemFilter:
    """Whoosh's stemmer, leaving the exceptions' stems as they are."""
    return StemFilter(lang=lang, ignore=set(STEM_EXCEPTIONS.values()),
                      cachesize=cachesize)
