"""Documents the query names: by title, official title, short title or acronym.

A practitioner who types a document's whole title, even inside a question
("what replaced Safeguarding Children Who May Have Been Trafficked"), wants
that document first, whatever its status. A document's names are its title
and its source's official title, each also without a bracketed part
("National Referral Mechanism (NRM)"), the bracketed part itself ("NRM",
"Palermo Protocol") and without a closing year ("Modern Slavery Act"). A name
of three or more words counts when it appears anywhere in the query; a
shorter name only when it is the whole query: an acronym or a two-word title
("Missing children") inside a longer question names a subject more often than
a document. The glossary's other names of a term count the same way, as
aliases of the whole query only: "KCSIE" names "Keeping children safe in
education", but "trafficked child turning 18" does not name a document titled
"Modern slavery", though the glossary lists that as another name for
trafficking. A word in a question names a subject; only the whole query, or a
long name written out, names a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.schema import analyse_known
from kb.model import Document, GlossaryTerm

MIN_NAMED_WORDS = 3  # shorter names count only as the whole query
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


def aliases(typed: tuple[str, ...],
            glossary: Iterable[GlossaryTerm]) -> list[tuple[str, ...]]:
    """The other names (analysed) of the glossary term that the whole query is."""
    found: list[tuple[str, ...]] = []
    for term in glossary:
        names = [analyse_known(n) for n in term.names if n]
        if typed in names:
            found += [n for n in names if n and n != typed and n not in found]
    return found


def named_length(names: Iterable[str], typed: tuple[str, ...],
                 aliases: list[tuple[str, ...]]) -> int:
    """Words in the longest name of a document that the query holds, or that
    is an alias of the whole query; 0 for none."""
    best = 0
    for name in names:
        tokens = analyse_known(name)
        if tokens and (_holds(typed, tokens) or tokens in aliases):
            best = max(best, len(tokens))
    return best


def _holds(seq: tuple[str, ...], name: tuple[str, ...]) -> bool:
    if len(name) < MIN_NAMED_WORDS:
        return seq == name
    n = len(name)
    return any(seq[i:i + n] == name for i in range(len(seq) - n + 1))
