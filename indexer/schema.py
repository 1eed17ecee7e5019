"""The index schemas: one entry per section, and one entry per document.

Each generation folder holds two Whoosh indexes. The section index (Whoosh's
default name) has one entry per section, carrying its document's fields: it
ranks sections exactly and gives snippets. The document index
(``DOCUMENT_INDEX``) has one entry per document with its whole text once and
no positions: it finds the matching documents and their candidates cheaply
(see ``indexer.search.candidates``). Both carry the document's ordinal, a small
number that stays the same across incremental builds.

Every text field is written from one shared pass over each text
(``indexer.tokens``) instead of running the analyzer chain once per field:
a section's body feeds ``body``, ``pairs`` and ``spell``, so ``pairs`` and
``spell`` take the section's texts as a tuple (title, heading, body,
keywords). The analyzers below still analyse queries, and define what the
pass must give.

The schemas are pickled into every index, so the analyzers below must stay
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
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Characters, Frequency, Positions
from whoosh.support.charset import accent_map

from indexer import stemming
from indexer.tokens import TokenPass
from kb import facets

SCHEMA_VERSION = 7  # also when indexer.stemming's exceptions change (a test says so)
DOCUMENT_INDEX = "documents"

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
# The document's own text that every section repeats: scored once per document.
HEAD_FIELDS = ("title", "keywords", "summary")
TOKENS = TokenPass(TEXT_ANALYZER, SPELL_ANALYZER)


class StemmedText(TEXT):
    """TEXT analysed by ``TEXT_ANALYZER``, written from the shared token pass:
    the same postings, without a chain of filters per field."""

    def index(self, value, **kwargs):
        fmt = self.format
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        if type(fmt) is Frequency:
            return iter(TOKENS.frequencies(
                (s for s, _, _, _ in TOKENS.stemmed(value)), fmt.field_boost))
        if type(fmt) in (Positions, Characters):
            return iter(TOKENS.positions(value, fmt, type(fmt) is Characters))
        return super().index(value, **kwargs)


class PairsText(TEXT):
    """Neighbouring stems (``PAIR_ANALYZER``) of a section's texts, given as a
    tuple (title, heading, body, keywords) or as one string."""

    def index(self, value, **kwargs):
        if kwargs or type(self.format) is not Frequency:
            return super().index(_joined(value), **kwargs)
        texts = [value] if isinstance(value, str) else value
        return iter(TOKENS.frequencies(TOKENS.pairs(texts), self.format.field_boost))


class SpellText(TEXT):
    """Whole words (``SPELL_ANALYZER``) of a section's texts, given as a tuple
    or as one string: the dictionary for "did you mean"."""

    def index(self, value, **kwargs):
        if kwargs or type(self.format) is not Frequency:
            return super().index(_joined(value), **kwargs)
        texts = [value] if isinstance(value, str) else value
        words = (w for text in texts for w in TOKENS.spelled(text))
        return iter(TOKENS.frequencies(words, self.format.field_boost))


def _joined(value) -> str:
    return value if isinstance(value, str) else "\n".join(value)


class RepeatedText(StemmedText):
    """TEXT for a document's title, summary and keywords, which each of its
    sections repeats: the postings of the last few values are kept, so a
    document's title is analysed once instead of once per section (a quarter
    of a full build's analysis). Nothing kept is ever pickled with the schema.
    """

    KEPT = 8

    def index(self, value, **kwargs):
        recent = self.__dict__.setdefault("_recent", {})
        key = (value, tuple(sorted(kwargs.items())))
        found = recent.get(key)
        if found is None:
            found = list(super().index(value, **kwargs))
            if len(recent) >= self.KEPT:
                del recent[next(iter(recent))]
            recent[key] = found
        return iter(found)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_recent", None)
        return state


def _text(stored: bool = False) -> TEXT:
    return StemmedText(analyzer=TEXT_ANALYZER, stored=stored, phrase=True,
                       chars=stored)


def _repeated() -> TEXT:
    return RepeatedText(analyzer=TEXT_ANALYZER, phrase=True)


def make_schema() -> Schema:
    """The fields of one section entry; one KEYWORD field per facet."""
    schema = Schema(
        id=ID(unique=True, stored=True),  # "<doc id>#<anchor>"
        doc_id=ID(stored=True),
        anchor=STORED, number=STORED,
        title=_repeated(), heading=_text(stored=True), keywords=_repeated(),
        summary=_repeated(), body=_text(stored=True),
        ordinal=_ordinal(),
        spell=SpellText(analyzer=SPELL_ANALYZER, phrase=False),
        pairs=PairsText(analyzer=PAIR_ANALYZER, phrase=False),
        publisher=_repeated(), year=ID,
    )
    for facet in facets.FACETS:
        schema.add(facet.name, KEYWORD(lowercase=True, commas=facet.multi))
    return schema


def _ordinal() -> COLUMN:
    return COLUMN(NumericColumn("I", default=NO_ORDINAL))


NO_ORDINAL = 2**32 - 1  # a deleted or foreign entry's ordinal column value


def make_document_schema() -> Schema:
    """One entry per document, with the section index's five text fields: the
    document's title, summary and keywords (which each of its sections
    repeats), all its headings and all its bodies, each once. Frequencies
    only: no positions to decode."""
    text = {name: StemmedText(analyzer=TEXT_ANALYZER, phrase=False)
            for name in TEXT_FIELDS}
    return Schema(doc_id=ID(unique=True, stored=True), ordinal=_ordinal(), **text)


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
