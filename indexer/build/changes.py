"""What changed since the current generation, found without reading the library.

Each generation records in ``sources.json`` the files it was built from: per
file (path relative to the guidance folder) its SHA-256 and the id of the
document it gave, or null when the file was left out (errors, or an id used
by a file earlier in path order). An incremental build hashes only the files
whose stat changed (``kb.filestate``), compares with that record, and parses
only:

- files that are new, renamed or have other bytes;
- files left out last time (they may be valid now, or their rival gone);
- every file when ``vocabulary.yml`` changed (every check depends on it), when
  the code that parses documents and makes their rows changed (a hash of
  ``kb/`` and ``indexer/``: the rows kept must be the rows this code would
  make), or when the record, ``meta.json``, the offline index or the outlines
  cannot be read (``Changes.reparsed`` says which, for the build summary);
- unchanged files whose document must be indexed again because the glossary
  names it under other names (they need their text).

Everything else about an unchanged document (its meta row, its offline rows,
its outline, its best-bet targets) is taken from the current generation, which
was built from exactly those bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.build.hashes import code_hash, file_hash
from indexer.build.meta_rows import kept_rows
from indexer.build.offline import OFFLINE_FILE, Rows, read_offline_index, rows_of
from indexer.build.outlines import OUTLINES_FILE, read_outlines
from indexer.build.outlines import kept_rows as kept_outlines
from indexer.meta import (
    META_FILE,
    KeptRow,
    hash_for_index,
    names_by_document,
)
from indexer.schema import SCHEMA_VERSION
from kb import library as kb_library
from kb.filestate import FileState
from kb.library import VOCABULARY_FILE, library_of, load_vocabulary
from kb.model import Document, Library
from kb.parsing_pool import parse_files
from kb.problems import Problems

SOURCES_FILE = "sources.json"
SOURCES_FORMAT = 1
# What reading a generation's files raises when they are missing, damaged,
# out of step with each other or written by another version.
READ_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError)


class FileChangedError(Exception):
    """A file changed between being hashed and being read."""


@dataclass
class Sources:
    """What a generation was built from; see the module docstring."""

    vocabulary: str  # SHA-256 of vocabulary.yml ("" when missing)
    files: dict[str, tuple[str | None, str]]  # path -> (document id, SHA-256)
    code: str = ""  # code_hash() of the build that wrote it

    def as_data(self) -> dict[str, Any]:
        return {"format": SOURCES_FORMAT, "vocabulary": self.vocabulary,
                "code": self.code,
                "files": {p: list(v) for p, v in sorted(self.files.items())}}


def read_sources(folder: Path) -> Sources:
    """A generation's record; OSError or ValueError when it cannot be used."""
    data = json.loads((folder / SOURCES_FILE).read_text("utf-8"))
    if not isinstance(data, dict) or data.get("format") != SOURCES_FORMAT:
        raise ValueError("sources.json has another format")
    try:
        return Sources(str(data["vocabulary"]),
                       {str(p): (v[0], str(v[1])) for p, v in data["files"].items()},
                       str(data["code"]))
    except (KeyError, TypeError, IndexError, AttributeError):
        raise ValueError("sources.json is incomplete") from None


def write_sources(folder: Path, sources: Sources) -> None:
    tmp = folder / (SOURCES_FILE + ".tmp")
    tmp.write_text(json.dumps(sources.as_data(), ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / SOURCES_FILE)


@dataclass
class Previous:
    """The current generation's meta (its head, and its rows kept as text),
    offline rows, outlines (rows as text) and record: None (or empty) for each
    part that is missing or unreadable."""

    meta: dict[str, Any] | None = None  # meta.json without "documents"
    documents: dict[str, KeptRow] = field(default_factory=dict)
    meta_text: bytes = b""
    offline: dict[str, Rows] | None = None
    outlines: dict[str, bytes] | None = None
    sources: Sources | None = None
    unusable: str = ""  # why a part is None, in words for the build summary


def read_previous(folder: Path | None) -> Previous:
    """What an incremental build can start from in the generation ``folder``.

    A part that cannot be used costs a parse of every file, never a wrong row,
    and ``unusable`` says which part and why, so the slow build is explained.
    """
    found = Previous()
    if folder is None:
        return found
    try:
        found.meta_text = (folder / META_FILE).read_bytes()
        head, rows = _meta_rows(found.meta_text)
    except READ_ERRORS as exc:
        found.unusable = _unusable(META_FILE, exc)
        return found
    if head.get("schema_version") != SCHEMA_VERSION:
        found.unusable = (f"the previous generation has index schema "
                          f"{head.get('schema_version')}; this version writes "
                          f"schema {SCHEMA_VERSION}")
        return found
    found.meta, found.documents = head, rows
    part = OFFLINE_FILE
    try:
        sections = {k: v.sections for k, v in rows.items()}
        found.offline = rows_of(read_offline_index(folder), sections)
        part = SOURCES_FILE
        found.sources = read_sources(folder)
    except READ_ERRORS as exc:
        found.offline = found.sources = None
        found.unusable = _unusable(part, exc)
        return found
    try:
        found.outlines = kept_outlines(read_outlines(folder))
    except READ_ERRORS as exc:
        found.outlines = None
        found.unusable = _unusable(OUTLINES_FILE, exc)
    return found


def _unusable(name: str, error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return f"the previous generation has no {name}"
    if isinstance(error, OSError):
        return f"the previous generation's {name} could not be read"
    return (f"the previous generation's {name} could not be used: it is damaged, "
            "does not match the rest of the generation or was written by another "
            "version")


def _meta_rows(text: bytes) -> tuple[dict[str, Any], dict[str, KeptRow]]:
    """meta.json's head and rows; one written otherwise (by an older version)
    is decoded whole."""
    try:
        return kept_rows(text)
    except ValueError:
        data = json.loads(text)
        rows = {k: KeptRow.of(v) for k, v in data.pop("documents").items()}
        return data, rows


@dataclass
class Changes:
    """The documents of the new generation and what changed to make them."""

    library: Library  # the shared files, and every document parsed in this build
    paths: dict[str, str]  # every document id in the new generation -> its path
    sources: Sources
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reparsed: str = ""  # why every file was parsed again; "" when it was not

    @property
    def skipped(self) -> int:
        """Files left out because they have errors or a duplicate id."""
        return len(self.sources.files) - len(self.paths)

    def unchanged(self) -> bool:
        return not (self.added or self.updated or self.removed)


def find_changes(root: Path, files: dict[str, FileState], previous: Previous,
                 full: bool) -> Changes:
    """Parse what must be parsed (see the module docstring) and plan the build.

    ``files``: every document file's path relative to ``root`` and its state,
    in ``document_paths`` order, which decides which of two files with the same
    id is indexed; ``full``: parse every file and count every document as
    changed.
    """
    problems = Problems()  # an index build reports no problems: ``kb check`` does
    vocabulary = load_vocabulary(root / VOCABULARY_FILE, problems)
    vocabulary_hash = file_hash(root / VOCABULARY_FILE)
    reparsed = previous.unusable or ("" if full else
                                     _everything_changed(previous, vocabulary_hash))
    trusted = {} if full or reparsed else _trusted(files, previous)
    docs: dict[str, Document] = {}
    paths: dict[str, str] = {}
    record: dict[str, tuple[str | None, str]] = {}
    wanted = [rel for rel in files if trusted.get(rel) is None]
    parsed = dict(zip(wanted, parse_files([root / rel for rel in wanted], vocabulary,
                                          [files[rel].raw for rel in wanted]),
                      strict=True))
    for rel in files:
        doc_id, sha, doc = trusted.get(rel), files[rel].sha256, None
        if doc_id is None:
            doc = parsed[rel][0]
            if doc is not None:
                doc_id, sha = doc.id, doc.content_hash
        if doc_id is None or doc_id in paths:  # errors, or an id used before
            record[rel] = (None, sha)
            continue
        paths[doc_id] = rel
        record[rel] = (doc_id, sha)
        if doc is not None:
            docs[doc_id] = doc
    library = library_of(root, docs, vocabulary, problems)
    changes = Changes(library, paths, Sources(vocabulary_hash, record, code_hash()),
                      reparsed=reparsed)
    _plan(changes, previous.documents, full)
    _with_text(changes)
    return changes


def _everything_changed(previous: Previous, vocabulary_hash: str) -> str:
    """Why no file's document can be kept from the current generation, when
    something every file depends on changed; "" when files can be kept."""
    sources = previous.sources
    if sources is None or previous.offline is None or previous.outlines is None:
        return "the previous generation has no record of its files"
    if sources.vocabulary != vocabulary_hash:
        return f"{VOCABULARY_FILE} changed since the previous build"
    if sources.code != code_hash():
        return "the code in kb/ or indexer/ changed since the previous build"
    return ""


def _trusted(files: dict[str, FileState], previous: Previous) -> dict[str, str]:
    """Files whose document the current generation holds from the same bytes:
    path -> document id."""
    sources, documents = previous.sources, previous.documents
    offline, outlines = previous.offline, previous.outlines
    if sources is None or offline is None or outlines is None:
        return {}
    trusted = {}
    for rel, state in files.items():
        doc_id, sha = sources.files.get(rel, (None, ""))
        entry = documents.get(doc_id or "")
        if doc_id and sha == state.sha256 and entry and entry.content_hash == sha \
                and doc_id in offline and doc_id in outlines:
            trusted[rel] = doc_id
    return trusted


def _plan(changes: Changes, old: dict[str, KeptRow], full: bool) -> None:
    """Added, updated (the index hash changed) and removed documents."""
    names = names_by_document(changes.library.glossary)
    record = changes.sources.files
    for doc_id, rel in sorted(changes.paths.items()):
        if doc_id not in old:
            changes.added.append(doc_id)
        elif full or old[doc_id].index_hash != hash_for_index(
                record[rel][1], names.get(doc_id, [])):
            changes.updated.append(doc_id)
    changes.removed = sorted(set(old) - set(changes.paths))


def _with_text(changes: Changes) -> None:
    """Parse the documents to index that were not parsed: their file is
    unchanged but the glossary names them under other names."""
    library = changes.library
    for doc_id in changes.added + changes.updated:
        if doc_id in library.documents:
            continue
        path = library.root / changes.paths[doc_id]
        doc = kb_library.load_document(path, library.vocabulary, Problems())
        if doc is None or doc.id != doc_id:
            raise FileChangedError(path)
        library.documents[doc_id] = doc
