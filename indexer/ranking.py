"""From scored sections to ranked documents: the rules both search paths share.

A document scores by its best section plus a little for its next two; a
document whose title is what was asked (or another name for it) goes first;
documents that are not current rank lower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from indexer.catalogue import NOT_CURRENT_FACTOR
from indexer.schema import TITLE_ANALYZER, analyse, analyse_known, normalise, title_key

MAX_SECTIONS = 3  # sections shown per document
OTHER_SECTIONS_WEIGHT = 0.1  # how much a document's 2nd and 3rd sections add
TITLE_COVERED = 0.5  # share of the top score added when the title has every word


@dataclass
class DocHit:
    doc_id: str
    score: float = 0.0
    sections: list[tuple[float, int]] = field(default_factory=list)  # (score, docnum)


def group(scored: Iterable[tuple[float, int]],
          doc_of: Callable[[int], str | None]) -> list[DocHit]:
    """Sections grouped by document; a document scores by its best sections."""
    by_doc: dict[str, DocHit] = {}
    for score, docnum in scored:
        doc_id = doc_of(docnum)
        if doc_id is not None:
            by_doc.setdefault(doc_id, DocHit(doc_id)).sections.append((score, docnum))
    for doc in by_doc.values():
        doc.sections.sort(key=lambda s: -s[0])
        scores = [s for s, _ in doc.sections[:MAX_SECTIONS]]
        doc.score = scores[0] + OTHER_SECTIONS_WEIGHT * sum(scores[1:])
    return list(by_doc.values())


def wanted_titles(text: str, glossary: list[dict]) -> set[tuple[str, ...]]:
    """The analysed titles that count as exactly what was asked: the query, and
    the other names of a glossary term when the whole query is one of its
    names ("KCSIE" asks for "Keeping children safe in education").

    A term named only inside a longer query does not count: in a large library
    some document is always titled just "Modern slavery", and a question that
    mentions trafficking is not asking for that document above all others.
    """
    asked = query_title_key(text)
    if not asked:
        return set()
    wanted = {asked}
    for term in glossary:
        names = [term["term"], term.get("expansion"), *term.get("synonyms", [])]
        known = {title_key(n) for n in names if n}
        if asked in known:
            wanted |= known
    wanted.discard(())
    return wanted


def query_title_key(text: str) -> tuple[str, ...]:
    """``title_key`` for query text, which is never cached."""
    return tuple(t.text for t in TITLE_ANALYZER(normalise(text)))


def adjust(docs: list[DocHit], documents: dict, wanted: set[tuple[str, ...]],
           text: str) -> None:
    """An exact title (or acronym for it) first, then titles holding every word
    asked (of two or more); documents not current lower."""
    top = max((d.score for d in docs), default=0.0)
    words = set(analyse(text))
    for doc in docs:
        entry = documents[doc.doc_id]
        if title_key(entry["title"]) in wanted:
            doc.score += top
        elif len(words) > 1 and words <= set(analyse_known(entry["title"])):
            doc.score += top * TITLE_COVERED
        if entry["status"] != "current":
            doc.score *= NOT_CURRENT_FACTOR


def ordered(docs: list[DocHit], documents: dict, sort: str) -> list[DocHit]:
    if sort == "updated":
        return sorted(docs, key=lambda d: (documents[d.doc_id]["updated"], d.score),
                      reverse=True)
    return sorted(docs, key=lambda d: (-d.score, d.doc_id))
