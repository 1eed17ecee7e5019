"""The offline search index: a compact JSON file that a phone searches without signal.

``kb index`` writes ``offline-index.json`` into each generation folder beside the
Whoosh index, so the two always describe the same library and swap in together.
The site serves it to browsers that saved the library for offline use; MiniSearch
indexes it there (``web/static/js/offline-search.js``).

It holds what finds a section, not the section itself (the saved pages hold
that): per document its title, type, status, glossary names (term, expansion and
synonyms of each glossary term that lists it) and keywords; per section its
anchor, number, heading and the first ``TEXT_CHARS`` characters of its text; and
the best bets' queries with the sections they point to. It holds no URLs: the
site makes those. Documents and sections are arrays, not objects, to keep the
file small (about 100 bytes per section plus the short text, gzipped to a
quarter); the file grows in step with the number of sections.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from indexer.generations import CURRENT
from indexer.meta import Meta, glossary_names
from kb.model import Document, Library

OFFLINE_FILE = "offline-index.json"
FORMAT = 1
TEXT_CHARS = 280


def short_text(text: str, limit: int = TEXT_CHARS) -> str:
    """The start of a section's text, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def _document(library: Library, doc: Document) -> list[Any]:
    names = sorted(set(glossary_names(library, doc)) | set(doc.keywords))
    return [doc.id, doc.title, doc.type, doc.status, " ; ".join(names)]


def _sections(number: int, doc: Document) -> list[list[Any]]:
    return [[number, s.anchor, s.number, s.heading, short_text(s.text)]
            for s in doc.sections]


def _best_bets(library: Library, numbers: dict[str, int]) -> list[list[Any]]:
    bets = []
    for bet in library.best_bets:
        targets = [[numbers[doc_id], anchor] for doc_id, anchor in bet.targets
                   if doc_id in numbers]
        if targets:
            bets.append([list(bet.queries), targets])
    return bets


def offline_index(library: Library, generation: int, commit: str | None,
                  built_at: str) -> dict[str, Any]:
    """The offline index of ``library`` as a JSON-ready dict."""
    docs = sorted(library.documents.values(), key=lambda d: d.id)
    numbers = {doc.id: n for n, doc in enumerate(docs)}
    sections = [row for doc in docs for row in _sections(numbers[doc.id], doc)]
    return {"format": FORMAT, "generation": generation, "content_commit": commit,
            "built_at": built_at,
            "fields": {"documents": ["id", "title", "type", "status", "names"],
                       "sections": ["document", "anchor", "number", "heading",
                                    "text"],
                       "best_bets": ["queries", "targets"]},
            "documents": [_document(library, doc) for doc in docs],
            "sections": sections, "best_bets": _best_bets(library, numbers)}


def write_offline_index(folder: Path, library: Library, meta: Meta) -> Path:
    """Write the offline index for the generation in ``folder`` (atomically)."""
    data = offline_index(library, meta.generation, meta.content_commit,
                         meta.built_at)
    path = folder / OFFLINE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                   "utf-8")
    os.replace(tmp, path)
    return path


def offline_index_path(index_dir: Path) -> Path:
    """The offline index of the current generation (it may be missing in an
    index built before it existed: ``kb index --full`` writes it)."""
    return Path(index_dir) / CURRENT / OFFLINE_FILE
