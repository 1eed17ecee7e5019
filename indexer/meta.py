"""meta.json: everything a query needs besides the index itself.

Each generation folder carries its own copy, written by the build that made it,
so a searcher never reads ``guidance/`` and never mixes two versions of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from indexer.schema import SCHEMA_VERSION
from indexer.titles import document_names
from kb.model import Document, Library

META_FILE = "meta.json"
FACET_LABELS = {"type": "types", "jurisdiction": "jurisdictions",
                "audience": "audiences", "topic": "topics"}


def document_entry(library: Library, doc: Document) -> dict[str, Any]:
    """One row of the per-document table: enough to show and filter a result."""
    successor = library.successor(doc)
    return {
        "title": doc.title, "names": document_names(doc), "type": doc.type,
        "status": doc.status,
        "summary": doc.summary, "superseded_by": doc.superseded_by,
        "successor_title": successor.title if successor else None,
        "reviewed": doc.reviewed.isoformat(), "updated": doc.last_updated,
        "jurisdiction": list(doc.jurisdictions), "audience": list(doc.audiences),
        "topic": list(doc.topics), "content_hash": doc.content_hash,
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
    labels = {facet: dict(getattr(library.vocabulary, name))
              for facet, name in FACET_LABELS.items()}
    labels["status"] = {s: s.capitalize() for s in
                        ("current", "superseded", "withdrawn", "historic")}
    return labels


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


def content_part(meta: dict) -> dict:
    """The meta that depends on content only: equal means nothing to rebuild."""
    skip = {"generation", "built_at", "content_commit"}
    return {k: v for k, v in meta.items() if k not in skip}


def write_meta(folder: Path, meta: dict) -> None:
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=1, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / META_FILE)


def read_meta(folder: Path) -> dict:
    """The meta of a generation; raises OSError or ValueError when unreadable."""
    data = json.loads((folder / META_FILE).read_text("utf-8"))
    if not isinstance(data, dict) or "documents" not in data:
        raise ValueError("meta.json has no document table")
    return data
