"""meta.json: everything a query needs besides the index itself.

Each generation folder carries its own copy, written by the build that made it,
so a searcher never reads ``guidance/`` and never mixes two versions of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from indexer.provisions import acts_data, document_provisions
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
    ordinal: int = 0  # the document's number in both indexes: see number()
    law: str = ""  # a legislation summary's Act address (indexer.provisions)
    provisions: tuple[tuple[str, str, str, int], ...] = ()  # kind, number, anchor,
    # strength: the sections describing a provision of that Act


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
class ActEntry:
    """An Act of acts.yml: its short title, legislation.gov.uk address, names."""

    title: str
    url: str
    names: tuple[str, ...]


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
    acts: tuple[ActEntry, ...] = ()  # the Acts of acts.yml: see indexer.provisions

    def content(self) -> Meta:
        """This meta without what changes on every build: equal means no change."""
        return replace(self, generation=0, built_at="", content_commit=None)


def document_entry(doc: Document, ordinal: int) -> dict[str, Any]:
    """One row of the per-document table, from the document alone: what
    depends on other documents or the glossary is filled in by ``link_entries``,
    so an incremental build can keep the rows of unchanged documents."""
    return {
        "ordinal": ordinal,
        "title": doc.title, "names": document_names(doc), "summary": doc.summary,
        "superseded_by": doc.superseded_by, "successor_title": None,
        "reviewed": doc.reviewed.isoformat(), "updated": doc.last_updated,
        **{f.name: facets.value_of(doc, f) for f in facets.FACETS},
        "content_hash": doc.content_hash, "index_hash": "",
        "sections": len(doc.sections), **document_provisions(doc),
    }


@dataclass
class KeptRow:
    """A row of the current generation's per-document table, kept as the JSON
    text its build wrote (``meta_text``), with the few values a build reads."""

    text: bytes
    content_hash: str
    index_hash: str
    ordinal: int
    sections: int
    superseded_by: str | None

    @classmethod
    def of(cls, entry: dict[str, Any]) -> KeptRow:
        return cls(_json(entry), entry["content_hash"], entry["index_hash"],
                   int(entry["ordinal"]), int(entry["sections"]),
                   entry.get("superseded_by"))

    def decoded(self) -> dict[str, Any]:
        return json.loads(self.text)


Row = dict[str, Any] | KeptRow


def link_entries(entries: dict[str, Row], glossary: list[GlossaryTerm]) -> None:
    """Fill in each row's successor's title and index hash, from the rows
    themselves and the glossary. A kept row stays as it is unless its
    successor's row was made afresh or is gone: its index hash cannot have
    changed, or the build would have indexed its document again."""
    names = names_by_document(glossary)
    for doc_id, entry in entries.items():
        if isinstance(entry, KeptRow):
            if entry.superseded_by is None \
                    or isinstance(entries.get(entry.superseded_by), KeptRow):
                continue
            entry = entries[doc_id] = entry.decoded()
        successor = entries.get(entry["superseded_by"] or "")
        entry["successor_title"] = _title(successor) if successor else None
        entry["index_hash"] = hash_for_index(entry["content_hash"],
                                             names.get(doc_id, []))


def _title(entry: Row) -> str:
    return (entry.decoded() if isinstance(entry, KeptRow) else entry)["title"]


def glossary_names(library: Library, doc: Document) -> list[str]:
    """Names of the glossary terms that list this document: indexed as keywords."""
    return [name for term in library.glossary if doc.id in term.documents
            for name in term.names]


def names_by_document(glossary: list[GlossaryTerm]) -> dict[str, list[str]]:
    """``glossary_names`` of every document at once."""
    found: dict[str, list[str]] = {}
    for term in glossary:
        for doc_id in dict.fromkeys(term.documents):
            found.setdefault(doc_id, []).extend(term.names)
    return found


def hash_for_index(content_hash: str, names: list[str]) -> str:
    """Changes when anything indexed for a document changes: its file (its
    ``content_hash``) or the glossary names it is indexed with."""
    extra = "\n".join(names)
    return hashlib.sha256(f"{content_hash}\n{extra}".encode()).hexdigest()


def ordinals(library: Library, old_meta: Meta | None) -> dict[str, int]:
    """Each document's ordinal, kept from ``old_meta`` where it has one (see
    ``number``)."""
    old = {k: v.ordinal for k, v in (old_meta.documents if old_meta else {}).items()}
    return number(library.documents, old)


def number(doc_ids: Iterable[str], old: dict[str, int]) -> dict[str, int]:
    """Each document's ordinal: documents in ``old`` (the current generation's
    ordinals) keep theirs, new ones take the next free numbers in id order. A
    full build passes no ``old``, which closes the gaps deletions leave."""
    doc_ids = set(doc_ids)
    found = {k: v for k, v in old.items() if k in doc_ids}
    following = max(found.values(), default=-1) + 1
    for doc_id in sorted(doc_ids - set(found)):
        found[doc_id], following = following, following + 1
    return found


Resolver = Callable[[str, str], "dict[str, str] | None"]


def build_meta(library: Library, generation: int, commit: str | None,
               numbers: dict[str, int]) -> dict:
    """The meta of a generation; ``numbers`` are the ordinals from ``ordinals``."""
    documents = {d.id: document_entry(d, numbers[d.id])
                 for d in sorted(library.documents.values(), key=lambda d: d.id)}
    return assemble_meta(documents, library, generation, commit,
                         lambda doc_id, anchor: _target(library, doc_id, anchor))


def assemble_meta(documents: dict[str, Row], library: Library,
                  generation: int, commit: str | None, target: Resolver) -> dict:
    """The meta of a generation from its per-document rows (in id order) and
    the library's shared files; ``target`` resolves a best bet's (document
    id, anchor) to the section it shows, or None."""
    link_entries(documents, library.glossary)
    return {
        "schema_version": SCHEMA_VERSION, "generation": generation,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "content_commit": commit, "document_count": len(documents),
        "section_count": sum(d.sections if isinstance(d, KeptRow) else d["sections"]
                             for d in documents.values()),
        "labels": _labels(library), "glossary": _glossary(library),
        "best_bets": _best_bets(library, target), "acts": acts_data(library),
        "spellings": library.spellings.as_data(), "documents": documents,
    }


def _labels(library: Library) -> dict[str, dict[str, str]]:
    return {f.name: dict(library.vocabulary.values(f.name)) for f in facets.FACETS}


def _glossary(library: Library) -> list[dict[str, Any]]:
    return [{"term": t.term, "expansion": t.expansion, "synonyms": list(t.synonyms),
             "definition": t.definition, "documents": list(t.documents)}
            for t in library.glossary]


def _best_bets(library: Library, target: Resolver) -> list[dict[str, Any]]:
    bets = []
    for bet in library.best_bets:
        targets = [target(doc_id, anchor) for doc_id, anchor in bet.targets]
        targets = [t for t in targets if t]
        if targets:
            bets.append({"title": bet.title, "queries": list(bet.queries),
                         "sections": targets})
    return bets


def _target(library: Library, doc_id: str, anchor: str) -> dict[str, str] | None:
    return best_bet_target(library.get(doc_id), anchor)


def best_bet_target(doc: Document | None, anchor: str) -> dict[str, str] | None:
    """What a best bet shows of ``doc`` (its section ``anchor``, or the whole
    document for ""), or None when there is no such document or section."""
    section = doc.section(anchor) if doc and anchor else None
    if doc is None or (anchor and section is None):
        return None
    return {"doc_id": doc.id, "title": doc.title,
            "anchor": section.anchor if section else "",
            "number": section.number if section else "",
            "heading": section.heading if section else doc.title}


DOCUMENTS_START = b',"documents":{'


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def meta_text(meta: dict[str, Any]) -> bytes:
    """``meta.json`` as written: plain JSON with ``documents`` last and one
    document's row a line, so an incremental build keeps unchanged rows as text
    (``kept_rows``) instead of decoding and encoding 5 MB at 100x."""
    head = _json({k: v for k, v in meta.items() if k != "documents"})
    rows = [_json(doc_id) + b":"
            + (row.text if isinstance(row, KeptRow) else _json(row))
            for doc_id, row in meta["documents"].items()]
    return b"".join((head[:-1], DOCUMENTS_START, b"\n", b",\n".join(rows), b"\n}}"))


def write_meta(folder: Path, meta: dict) -> None:
    """Write ``meta.json`` (see ``meta_text``) atomically."""
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_bytes(meta_text(meta))
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
            spellings=_spellings(data.get("spellings")),
            acts=tuple(ActEntry(a["title"], a["url"], tuple(a["names"]))
                       for a in data.get("acts") or ()))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"meta.json is incomplete ({type(exc).__name__})") from None


def _spellings(data: Any) -> dict[str, dict[str, str]]:
    data = data if isinstance(data, dict) else {}
    return {kind: dict(data.get(kind) or {}) for kind in ("misspellings", "variants")}


def _document(entry: dict[str, Any]) -> DocumentEntry:
    # an optional one-valued facet left out is "" in meta.json: no value
    values = {f.name: tuple(entry.get(f.name) or ()) if f.multi
              else ((entry[f.name],) if entry.get(f.name) else ())
              for f in facets.FACETS}
    return DocumentEntry(
        title=entry["title"], type=entry["type"], status=entry["status"],
        summary=entry["summary"], superseded_by=entry.get("superseded_by"),
        successor_title=entry.get("successor_title"), reviewed=entry["reviewed"],
        updated=entry["updated"], content_hash=entry["content_hash"],
        index_hash=entry["index_hash"], sections=int(entry["sections"]),
        facets=values, names=tuple(entry.get("names") or (entry["title"],)),
        ordinal=int(entry.get("ordinal", 0)), law=entry.get("law") or "",
        provisions=tuple((str(k), str(n), str(a), int(s))
                         for k, n, a, s in entry.get("provisions") or ()))


def _glossary_term(entry: dict[str, Any]) -> GlossaryTerm:
    return GlossaryTerm(entry["term"], entry["definition"], entry.get("expansion"),
                        tuple(entry.get("synonyms") or ()),
                        tuple(entry.get("documents") or ()))


def _best_bet(entry: dict[str, Any]) -> BestBetEntry:
    return BestBetEntry(entry.get("title"), tuple(entry["queries"]),
                        tuple(BestBetTarget(**t) for t in entry["sections"]))
