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


# A document's rows as UTF-8 JSON: its own row, the number its sections' rows
# carry, and those rows, each ending with a comma. An incremental build keeps
# an unchanged document's rows as text, and writes a new number into them only
# when documents added or removed before it moved it (see ``offline_text``).
Rows = tuple[bytes, int, list[bytes]]
DOCUMENTS_START = b',"documents":['
SECTIONS_START = b'],"sections":['
BETS_START = b'],"best_bets":'


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def document_rows(library: Library, doc: Document) -> Rows:
    """The offline index's rows for one document (see ``Rows``)."""
    names = sorted(set(glossary_names(library, doc)) | set(doc.keywords))
    row = _json([doc.id, doc.title, doc.type, doc.status, " ; ".join(names)])
    return row, -1, [_json([-1, s.anchor, s.number, s.heading, short_text(s.text)])
                     + b"," for s in doc.sections]


def rows_of(text: bytes, sections: dict[str, int]) -> dict[str, Rows]:
    """Each document's rows in an offline index file written by ``offline_text``
    (one row a line), given each document's id and number of sections. The sections'
    rows are cut out by those numbers, not decoded: at 100x the file is 25 MB,
    and decoding and encoding it again cost more than the rest of an edit.
    ValueError when the file is not laid out so."""
    lines = text.split(b"\n")
    try:
        header = json.loads(lines[0].removesuffix(DOCUMENTS_START) + b"}")
        middle, end = lines.index(SECTIONS_START), len(lines) - 1
        documents = [line.removesuffix(b",") for line in lines[1:middle] if line]
    except (ValueError, IndexError):
        raise ValueError("offline index laid out otherwise") from None
    ids = sorted(sections)  # the documents' order; each row is checked below
    counts = [sections[doc_id] for doc_id in ids]
    if len(ids) != len(documents) or not all(
            row.startswith(b'["%s",' % doc_id.encode())
            for doc_id, row in zip(ids, documents, strict=True)):
        raise ValueError("offline index holds other documents")
    rows = lines[middle + 1:end]
    if rows == [b""]:  # no sections
        rows = []
    if header.get("format") != FORMAT or not lines[end].startswith(BETS_START) \
            or sum(counts) != len(rows):
        raise ValueError("offline index laid out otherwise")
    if rows:
        rows[-1] += b","
    found: dict[str, Rows] = {}
    start = 0
    for number, (doc_id, line, count) in enumerate(
            zip(ids, documents, counts, strict=True)):
        mine = rows[start:start + count]
        if mine and not mine[0].startswith(b"[%d," % number):
            raise ValueError("offline index laid out otherwise")
        found[doc_id] = (line, number, mine)
        start += count
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
    return json.loads(offline_text(rows, library, generation, commit, built_at))


def offline_text(rows: dict[str, Rows], library: Library, generation: int,
                 commit: str | None, built_at: str) -> bytes:
    """The offline index file from each document's rows and the library's best
    bets, one row a line (JSON allows it, and ``rows_of`` reads it back), so an
    incremental build keeps the rows of unchanged documents as text."""
    ids = sorted(rows)
    numbers = {doc_id: n for n, doc_id in enumerate(ids)}
    head = _json({"format": FORMAT, "generation": generation,
                  "content_commit": commit, "built_at": built_at,
                  "fields": {"documents": ["id", "title", "type", "status", "names"],
                             "sections": ["document", "anchor", "number", "heading",
                                          "text"],
                             "best_bets": ["queries", "targets"]}})
    documents = b",\n".join(rows[doc_id][0] for doc_id in ids)
    sections = []
    for number, doc_id in enumerate(ids):
        _, carried, lines = rows[doc_id]
        if carried == number:
            sections += lines
        else:
            cut, prefix = len(b"[%d," % carried), b"[%d," % number
            sections += [prefix + line[cut:] for line in lines]
    if sections:
        sections[-1] = sections[-1].removesuffix(b",")
    bets = _json(_best_bets(library, numbers))
    return b"".join((head[:-1], DOCUMENTS_START, b"\n", documents, b"\n",
                     SECTIONS_START, b"\n", b"\n".join(sections), b"\n",
                     BETS_START, bets, b"}"))


def read_offline_index(folder: Path) -> bytes:
    """The offline index file of a generation; OSError when unreadable."""
    return (folder / OFFLINE_FILE).read_bytes()


def write_offline_index(folder: Path, text: bytes) -> Path:
    """Write the offline index ``text`` into the generation ``folder`` (atomically)."""
    path = folder / OFFLINE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(text)
    os.replace(tmp, path)
    return path


def offline_index_path(index_dir: Path) -> Path:
    """The offline index of the current generation (it may be missing in an
    index built before it existed: ``kb index --full`` writes it)."""
    return Path(index_dir) / CURRENT / OFFLINE_FILE
