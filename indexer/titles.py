"""Documents the query names: by title, official title, short title or acronym.

A practitioner who types a document's whole title, even inside a question
("what replaced Safeguarding Children Who May Have Been Trafficked"), wants
that document first, whatever its status. A document's names are its title
and its source's official title, each also without a bracketed part
("National Referral Mechanism (NRM)"), the bracketed part itself ("NRM",
"Palermo Protocol") and without a closing year ("Modern Slavery Act"). A name
of three or more words (stop words aside) counts when it appears anywhere in
the query; a shorter name only when it is the whole query: an acronym or a
two-word title ("Missing children") inside a longer question names a subject
more often than a document. A name counts only as written, its stop words
included: "modern slavery statutory guidance" names the document of that
title, not one titled "The modern slavery statutory guidance", which a large
library always has. The glossary's other names of a term count the same way, as
aliases of the whole query only: "KCSIE" names "Keeping children safe in
education", but "trafficked child turning 18" does not name a document titled
"Modern slavery", though the glossary lists that as another name for
trafficking. A word in a question names a subject; only the whole query, or a
long name written out, names a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from indexer import stemming
from indexer.schema import analyse, analyse_known, contains, normalise
from kb.model import Document, GlossaryTerm

MIN_NAMED_WORDS = 3  # shorter names count only as the whole query
# The index's analysis with stop words kept: a name must be typed as written.
WORDS_ANALYZER = (RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
                  | stemming.StemExceptions() | stemming.exceptional_stemmer())
_BRACKETED = re.compile(r"\s*\(([^()]*)\)")
_YEAR_AT_END = re.compile(r"[\s,-]+(?:19|20)\d\d$")


def document_names(doc: Document) -> list[str]:
    """Every name a query may use for ``doc``, as written (for meta.json)."""
    titles = [doc.title] + ([doc.source.title] if doc.source else [])
    names: list[str] = []
    for title in titles:
        plain = _BRACKETED.sub("", title).strip()
        names += [title, plain, _YEAR_AT_END.sub("", plain)]
        names += [m.strip() for m in _BRACKETED.findall(title)]
    return list(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class Asked:
    """The query as the naming rule reads it."""

    words: tuple[str, ...]  # every word stemmed, stop words kept
    content: tuple[str, ...]  # without stop words, as the index has them
    aliases: tuple[str, ...]  # other names of the glossary term the query is


def asked(text: str, glossary: Iterable[GlossaryTerm]) -> Asked:
    content = analyse(text)
    return Asked(_words(text), content, aliases(content, glossary))


def aliases(content: tuple[str, ...],
            glossary: Iterable[GlossaryTerm]) -> tuple[str, ...]:
    """The other names of the glossary term that the whole query is."""
    found: list[str] = []
    for term in glossary:
        names = [n for n in term.names if n]
        if any(analyse_known(n) == content for n in names):
            found += [n for n in names if analyse_known(n) != content
                      and n not in found]
    return tuple(found)


def named_length(names: Iterable[str], query: Asked) -> int:
    """Words (stop words aside) in the longest name of a document that the
    query holds, or that is another name of the whole query; 0 for none."""
    best = 0
    other = {name_key(n)[0] for n in query.aliases}
    for name in names:
        words, content = name_key(name)
        if content and (words in other or _holds(query, words, content)):
            best = max(best, len(content))
    return best


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A document's or glossary term's name: every word stemmed, and its
    words without stop words. Cached: never pass query text."""
    return _words(name), analyse(name)


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in WORDS_ANALYZER(normalise(text)))


def _holds(query: Asked, words: tuple[str, ...], content: tuple[str, ...]) -> bool:
    """The query holds the name as written (its stop words too), and either the
    name is long or it is the whole query, stop words aside."""
    if not contains(query.words, words):
        return False
    return len(content) >= MIN_NAMED_WORDS or query.content == content
