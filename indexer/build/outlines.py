"""outlines.json: every indexed document's outline, for the site's first page.

Pages about the whole library need every document's front matter and section
headings (``kb.outlines``). A fresh site process would parse every file for
them: 20 to 26 s of CPU at a hundred times today's library. The build has
parsed every file already, so each generation keeps the outline of each of
its documents, with the path and content hash of the file it came from. The
site takes an outline only while its file still has that hash
(``kb.outlines.Outlines``), so an edit made after the build shows at once.

The file holds the outlines made under one ``vocabulary.yml`` by one version
of the code (``indexer.build.hashes``); ``stored_outlines`` gives nothing when
either differs now, and the site parses every file as before.

It is written one row a line (still plain JSON), like ``meta.json``, so an
incremental build copies unchanged documents' rows as bytes.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer import generations as gens
from indexer.build.hashes import code_hash, file_hash
from indexer.build.meta_rows import row_id
from kb.library import VOCABULARY_FILE
from kb.model import Document
from kb.outlines import StoredOutlines, outline_data, outline_from_data

OUTLINES_FILE = "outlines.json"
log = logging.getLogger(__name__)
FORMAT = 1
DOCUMENTS_START = b',"documents":{'


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def outline_row(doc: Document, path: str) -> bytes:
    """One document's row: its outline as JSON text, ``path`` its file's path
    relative to the guidance folder."""
    return _json(outline_data(doc, path))


def outlines_text(rows: dict[str, bytes], vocabulary: str, code: str) -> bytes:
    """The file from each document's row (by document id): one row a line."""
    head = _json({"format": FORMAT, "vocabulary": vocabulary, "code": code})
    lines = b",\n".join(_json(doc_id) + b":" + rows[doc_id] for doc_id in sorted(rows))
    return b"".join((head[:-1], DOCUMENTS_START, b"\n", lines, b"\n}}"))


def kept_rows(text: bytes) -> dict[str, bytes]:
    """Each document's row, by id, in a file written by ``outlines_text``, cut
    out as text; ValueError when the file is laid out otherwise."""
    return dict(_row(line) for line in _lines(text)[1] if line)


def _lines(text: bytes) -> tuple[dict[str, Any], Iterator[bytes]]:
    """The head of the file and its row lines, cut one at a time."""
    first = text.find(b"\n")
    if first < 0 or not text.endswith(b"\n}}") \
            or not text[:first].endswith(DOCUMENTS_START):
        raise ValueError("outlines.json laid out otherwise")
    head = json.loads(text[:first].removesuffix(DOCUMENTS_START) + b"}")
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ValueError("outlines.json has another format")
    return head, _cut(text, first + 1, len(text) - len(b"\n}}"))


def _cut(text: bytes, start: int, end: int) -> Iterator[bytes]:
    while start < end:
        stop = text.find(b"\n", start, end)
        stop = end if stop < 0 else stop
        yield text[start:stop]
        start = stop + 1


def _row(line: bytes) -> tuple[str, bytes]:
    """A row line's document id and row. An id has no quotes (``kb.schema.KEBAB``),
    so it ends at the first ``":``."""
    cut = line.index(b'":{') + 1
    return row_id(line[:cut]), line[cut + 1:].removesuffix(b",")


def write_outlines(folder: Path, text: bytes) -> None:
    """Write ``outlines.json`` into the generation ``folder`` atomically."""
    tmp = folder / (OUTLINES_FILE + ".tmp")
    tmp.write_bytes(text)
    os.replace(tmp, folder / OUTLINES_FILE)


def read_outlines(folder: Path) -> bytes:
    """A generation's outlines file; OSError when it cannot be read."""
    return (folder / OUTLINES_FILE).read_bytes()


def stored_outlines(index_dir: Path, guidance_dir: Path) -> StoredOutlines | None:
    """The current generation's outlines, by the path of their file under
    ``guidance_dir``; None when there is no index, it has no outlines (built
    before they were kept), or they were made under another ``vocabulary.yml``
    or by other code."""
    folder = gens.current_folder(index_dir)
    if folder is None:
        return None
    try:
        head, lines = _lines(read_outlines(folder))
        if head["code"] != code_hash() \
                or head["vocabulary"] != file_hash(guidance_dir / VOCABULARY_FILE):
            return None
        return _outlines(guidance_dir, lines)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("%s in %s could not be used (%s); every document file will "
                    "be read instead", OUTLINES_FILE, folder, exc)
        return None


def _outlines(guidance_dir: Path, lines: Iterator[bytes]) -> StoredOutlines:
    """The outline of each row. Rows are cut and decoded one at a time: at
    100x the whole file decoded at once is 42 MB of objects besides the
    outlines, and its lines another 12 MB."""
    found = {}
    for line in lines:
        if line:
            doc = outline_from_data(guidance_dir, json.loads(_row(line)[1]))
            found[doc.path] = doc
    return found
