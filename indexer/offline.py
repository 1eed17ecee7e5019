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
from indexer.meta import glossary_names
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


Rows = tuple[list[Any], list[list[Any]]]  # a document's row; its sections' rows


def document_rows(library: Library, doc: Document) -> Rows:
    """The offline index's rows for one document; its sections' rows without
    the document's number, which depends on the other documents."""
    names = sorted(set(glossary_names(library, doc)) | set(doc.keywords))
    return ([doc.id, doc.title, doc.type, doc.status, " ; ".join(names)],
            [[s.anchor, s.number, s.heading, short_text(s.text)] for s in doc.sections])


def rows_of(data: dict[str, Any]) -> dict[str, Rows]:
    """Each document's rows in an offline index as read (``offline_index``)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"offline index format {data.get('format')!r}")
    found: dict[str, Rows] = {}
    ids = []
    for row in data["documents"]:
        found[row[0]] = (row, [])
        ids.append(row[0])
    for row in data["sections"]:
        found[ids[row[0]]][1].append(row[1:])
    return found


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
    rows = {doc.id: document_rows(library, doc) for doc in library.documents.values()}
    return assemble(rows, library, generation, commit, built_at)


def assemble(rows: dict[str, Rows], library: Library, generation: int,
             commit: str | None, built_at: str) -> dict[str, Any]:
    """The offline index from each document's rows (``document_rows``) and the
    library's best bets. An incremental build keeps unchanged documents' rows."""
    ids = sorted(rows)
    numbers = {doc_id: n for n, doc_id in enumerate(ids)}
    sections = [[n, *row] for n, doc_id in enumerate(ids) for row in rows[doc_id][1]]
    return {"format": FORMAT, "generation": generation, "content_commit": commit,
            "built_at": built_at,
            "fields": {"documents": ["id", "title", "type", "status", "names"],
                       "sections": ["document", "anchor", "number", "heading",
                                    "text"],
                       "best_bets": ["queries", "targets"]},
            "documents": [rows[doc_id][0] for doc_id in ids],
            "sections": sections, "best_bets": _best_bets(library, numbers)}


def read_offline_index(folder: Path) -> dict[str, Any]:
    """The offline index of a generation; OSError or ValueError when unreadable."""
    return json.loads((folder / OFFLINE_FILE).read_text("utf-8"))


def write_offline_index(folder: Path, data: dict[str, Any]) -> Path:
    """Write the offline index ``data`` into the generation ``folder`` (atomically)."""
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
