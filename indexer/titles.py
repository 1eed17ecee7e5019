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
a document. A glossary expansion of a query
word ("KCSIE") names a document when it is the document's whole title.
"""

from __future__ import annotations

import re

from indexer.schema import analyse_known
from kb.model import Document

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


def named_length(title: str, names: list[str], typed: tuple[str, ...],
                 expansions: list[tuple[str, ...]]) -> int:
    """Words in the longest name of a document that the query holds; 0 for none."""
    best = len(analyse_known(title)) if analyse_known(title) in expansions else 0
    for name in names:
        tokens = analyse_known(name)
        if tokens and _holds(typed, tokens):
            best = max(best, len(tokens))
    return best


def _holds(seq: tuple[str, ...], name: tuple[str, ...]) -> bool:
    if len(name) < MIN_NAMED_WORDS:
        return seq == name
    n = len(name)
    return any(seq[i:i + n] == name for i in range(len(seq) - n + 1))
