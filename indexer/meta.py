"""meta.json: everything a query needs besides the index itself.

Each generation folder carries its own copy, written by the build that made it,
so a searcher never reads ``guidance/`` and never mixes two versions of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer.schema import SCHEMA_VERSION
from indexer.titles import document_names
from kb import facets
from kb.model import Document, GlossaryTerm, Library

META_FILE = "meta.json"


@dataclass(frozen=True)
class DocumentEntry:
    """One row of the per-document table: enough to show, filter and rank a result."""

    title: str
    type: str
    status: str
    summary: str
    superseded_by: str | None
    successor_title: str | None
    reviewed: str
    updated: str
    content_hash: str
    index_hash: str
    sections: int
    facets: dict[str, tuple[str, ...]]  # facet name -> the document's values
    names: tuple[str, ...] = ()  # title, official and short titles (indexer.titles)

    def values(self, facet: str) -> tuple[str, ...]:
        return self.facets.get(facet, ())


@dataclass(frozen=True)
class BestBetTarget:
    doc_id: str
    title: str
    anchor: str  # "" for the whole document
    number: str
    heading: str


@dataclass(frozen=True)
class BestBetEntry:
    title: str | None
    queries: tuple[str, ...]
    sections: tuple[BestBetTarget, ...]


@dataclass(frozen=True)
class Meta:
    """meta.json as read: the one typed view every reader uses."""

    schema_version: int
    generation: int
    built_at: str
    content_commit: str | None
    document_count: int
    section_count: int
    labels: dict[str, dict[str, str]]  # facet name -> value -> label
    glossary: tuple[GlossaryTerm, ...]
    best_bets: tuple[BestBetEntry, ...]
    documents: dict[str, DocumentEntry]
    spellings: dict[str, dict[str, str]]  # misspellings, variants: other -> ours

    def content(self) -> Meta:
        """This meta without what changes on every build: equal means no change."""
        return replace(self, generation=0, built_at="", content_commit=None)


def document_entry(library: Library, doc: Document) -> dict[str, Any]:
    """One row of the per-document table: enough to show and filter a result."""
    successor = library.successor(doc)
    return {
        "title": doc.title, "names": document_names(doc), "summary": doc.summary,
        "superseded_by": doc.superseded_by,
        "successor_title": successor.title if successor else None,
        "reviewed": doc.reviewed.isoformat(), "updated": doc.last_updated,
        **{f.name: facets.values_of(doc, f) if f.multi else getattr(doc, f.attribute)
           for f in facets.FACETS},
        "content_hash": doc.content_hash,
        "index_hash": index_hash(library, doc), "sections": len(doc.sections),
    }


def glossary_names(library: Library, doc: Document) -> list[str]:
    """Names of the glossary terms that list this document: indexed as keywords."""
    return [name for term in library.glossary if doc.id in term.documents
            for name in term.names]


def index_hash(library: Library, doc: Document) -> str:
    """Changes when anything indexed for ``doc`` changes: its file or its terms."""
    extra = "\n".join(glossary_names(library, doc))
    return hashlib.sha256(f"{doc.content_hash}\n{extra}".encode()).hexdigest()


def build_meta(library: Library, generation: int, commit: str | None) -> dict:
    documents = {d.id: document_entry(library, d)
                 for d in sorted(library.documents.values(), key=lambda d: d.id)}
    return {
        "schema_version": SCHEMA_VERSION, "generation": generation,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "content_commit": commit, "document_count": len(documents),
        "section_count": sum(d["sections"] for d in documents.values()),
        "labels": _labels(library), "glossary": _glossary(library),
        "best_bets": _best_bets(library), "spellings": library.spellings.as_data(),
        "documents": documents,
    }


def _labels(library: Library) -> dict[str, dict[str, str]]:
    return {f.name: dict(library.vocabulary.values(f.name)) for f in facets.FACETS}


def _glossary(library: Library) -> list[dict[str, Any]]:
    return [{"term": t.term, "expansion": t.expansion, "synonyms": list(t.synonyms),
             "definition": t.definition, "documents": list(t.documents)}
            for t in library.glossary]


def _best_bets(library: Library) -> list[dict[str, Any]]:
    bets = []
    for bet in library.best_bets:
        targets = [_target(library, doc_id, anchor) for doc_id, anchor in bet.targets]
        targets = [t for t in targets if t]
        if targets:
            bets.append({"title": bet.title, "queries": list(bet.queries),
                         "sections": targets})
    return bets


def _target(library: Library, doc_id: str, anchor: str) -> dict[str, str] | None:
    doc = library.get(doc_id)
    section = doc.section(anchor) if doc and anchor else None
    if doc is None or (anchor and section is None):
        return None
    return {"doc_id": doc.id, "title": doc.title,
            "anchor": section.anchor if section else "",
            "number": section.number if section else "",
            "heading": section.heading if section else doc.title}


def write_meta(folder: Path, meta: dict) -> None:
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=1, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / META_FILE)


def read_meta(folder: Path) -> Meta:
    """The meta of a generation; raises OSError or ValueError when unreadable."""
    data = json.loads((folder / META_FILE).read_text("utf-8"))
    if not isinstance(data, dict) or "documents" not in data:
        raise ValueError("meta.json has no document table")
    return parse_meta(data)


def parse_meta(data: dict[str, Any]) -> Meta:
    """The typed meta of a meta.json mapping; ValueError when a part is missing."""
    try:
        return Meta(
            schema_version=int(data["schema_version"]),
            generation=int(data["generation"]), built_at=str(data["built_at"]),
            content_commit=data.get("content_commit"),
            document_count=int(data["document_count"]),
            section_count=int(data["section_count"]), labels=data["labels"],
            glossary=tuple(_glossary_term(t) for t in data["glossary"]),
            best_bets=tuple(_best_bet(b) for b in data["best_bets"]),
            documents={k: _document(v) for k, v in data["documents"].items()},
            spellings=_spellings(data.get("spellings")))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"meta.json is incomplete ({type(exc).__name__})") from None


def _spellings(data: Any) -> dict[str, dict[str, str]]:
    data = data if isinstance(data, dict) else {}
    return {kind: dict(data.get(kind) or {}) for kind in ("misspellings", "variants")}


def _document(entry: dict[str, Any]) -> DocumentEntry:
    values = {f.name: tuple(entry[f.name]) if f.multi else (entry[f.name],)
              for f in facets.FACETS}
    return DocumentEntry(
        title=entry["title"], type=entry["type"], status=entry["status"],
        summary=entry["summary"], superseded_by=entry.get("superseded_by"),
        successor_title=entry.get("successor_title"), reviewed=entry["reviewed"],
        updated=entry["updated"], content_hash=entry["content_hash"],
        index_hash=entry["index_hash"], sections=int(entry["sections"]),
        facets=values, names=tuple(entry.get("names") or (entry["title"],)))


def _glossary_term(entry: dict[str, Any]) -> GlossaryTerm:
    return GlossaryTerm(entry["term"], entry["definition"], entry.get("expansion"),
                        tuple(entry.get("synonyms") or ()),
                        tuple(entry.get("documents") or ()))


def _best_bet(entry: dict[str, Any]) -> BestBetEntry:
    return BestBetEntry(entry.get("title"), tuple(entry["queries"]),
                        tuple(BestBetTarget(**t) for t in entry["sections"]))
