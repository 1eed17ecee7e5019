"""The index schema: one entry per section, carrying its document's fields.

The schema is pickled into every index, so the analyzers below must stay
importable from this module path. Change ``SCHEMA_VERSION`` whenever fields or
analyzers change: an incremental build then turns into a full one.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

from whoosh.analysis import (
    BiWordFilter,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from indexer import stemming
from kb import facets

SCHEMA_VERSION = 4  # also when indexer.stemming's exceptions change (a test says so)

# Snowball English stems ("running" -> "run"); the default stemmer leaves "runn".
# Words the stemmer would wrongly merge keep stems of their own (indexer.stemming).
TEXT_ANALYZER = (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
                 | StopFilter(minsize=1) | stemming.StemExceptions()
                 | stemming.exceptional_stemmer())


class WordPairs(BiWordFilter):
    """Whoosh's BiWordFilter, which raises UnboundLocalError on text with no words
    (a title of only stop words or punctuation): such text gives no pairs."""

    def __call__(self, tokens):
        tokens = iter(tokens)
        first = next(tokens, None)
        if first is not None:
            yield from super().__call__(itertools.chain([first], tokens))


# Neighbouring stems as one term ("traffick child"): proximity and phrase-like
# matches as cheap term look-ups instead of slow positional phrase queries.
PAIR_ANALYZER = TEXT_ANALYZER | WordPairs(sep=" ")
# Whole words, unstemmed: the dictionary for "did you mean".
SPELL_ANALYZER = (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
                  | StopFilter(minsize=3))

TEXT_FIELDS = ("title", "heading", "keywords", "summary", "body")


def _text(stored: bool = False) -> TEXT:
    return TEXT(analyzer=TEXT_ANALYZER, stored=stored, phrase=True, chars=stored)


def make_schema() -> Schema:
    """The fields of one section entry; one KEYWORD field per facet."""
    schema = Schema(
        id=ID(unique=True, stored=True),  # "<doc id>#<anchor>"
        doc_id=ID(stored=True),
        anchor=STORED, number=STORED,
        title=_text(), heading=_text(stored=True), keywords=_text(),
        summary=_text(), body=_text(stored=True),
        spell=TEXT(analyzer=SPELL_ANALYZER, phrase=False),
        pairs=TEXT(analyzer=PAIR_ANALYZER, phrase=False),
        publisher=TEXT(analyzer=TEXT_ANALYZER), year=ID, reviewed=DATETIME,
    )
    for facet in facets.FACETS:
        schema.add(facet.name, KEYWORD(lowercase=True, commas=facet.multi))
    return schema


def normalise(text: str) -> str:
    """Unicode NFKC, the same on both sides, so look-alike characters match."""
    return unicodedata.normalize("NFKC", text)


def analyse(text: str) -> tuple[str, ...]:
    """The indexed tokens of ``text``: what a query word must equal to match."""
    return tuple(t.text for t in TEXT_ANALYZER(normalise(text)))


@lru_cache(maxsize=8192)
def analyse_known(text: str) -> tuple[str, ...]:
    """``analyse`` for glossary names, best-bet queries and titles, cached.

    They are compared on every search. Never pass query text: it is not kept.
    """
    return analyse(text)


def contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether ``part`` (not empty) occurs in ``seq`` as a run of neighbours."""
    n = len(part)
    return n > 0 and any(seq[i:i + n] == part for i in range(len(seq) - n + 1))
