"""From scored sections to ranked documents: the rules both search paths share.

A document scores by its best section plus a little for its next two;
documents the query names come first, longest name first (``indexer.titles``);
replaced documents rank lower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from indexer.meta import DocumentEntry
from indexer.titles import asked, named_length
from kb.model import GlossaryTerm

MAX_SECTIONS = 3  # sections shown per document
OTHER_SECTIONS_WEIGHT = 0.1  # how much a document's 2nd and 3rd sections add
NOT_CURRENT_FACTOR = 0.35  # replaced documents rank lower: see status_factor()


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


def adjust(docs: list[DocHit], documents: dict[str, DocumentEntry], text: str,
           glossary: Iterable[GlossaryTerm]) -> None:
    """Documents the query names first, longest name first (``indexer.titles``);
    other documents lower when they are not current."""
    top = max((d.score for d in docs), default=0.0)
    query = asked(text, glossary)
    for doc in docs:
        entry = documents[doc.doc_id]
        named = named_length(entry.names, query)
        if named:
            doc.score += top * named
        else:
            doc.score *= status_factor(entry)


def status_factor(entry: DocumentEntry) -> float:
    """How much a document's status lowers its rank: the one place of the
    rule "replaced documents rank lower", for the exact ranking (``adjust``)
    and the document-level candidates (``indexer.search.catalogue``)."""
    return NOT_CURRENT_FACTOR if replaced(entry) else 1.0


def replaced(entry: DocumentEntry) -> bool:
    """Superseded or withdrawn, or historic with a named successor: something
    newer answers instead. A historic record with no successor (a past event,
    an old strategy) is still the only answer about itself, so it keeps its rank."""
    return (entry.status in ("superseded", "withdrawn")
            or bool(entry.superseded_by))


def ordered(docs: list[DocHit], documents: dict[str, DocumentEntry],
            sort: str) -> list[DocHit]:
    if sort == "updated":
        return sorted(docs, key=lambda d: (documents[d.doc_id].updated, d.score),
                      reverse=True)
    return sorted(docs, key=lambda d: (-d.score, d.doc_id))
