"""The library as pages about all of it need it: documents without their text.

A parsed document keeps its Markdown and plain text twice over (the body, and
each section's Markdown and text). Pages about the whole library (browse, A to
Z, the glossary, "what to do now", link checks while rendering) need only each
document's front matter and its sections' anchors, numbers and headings. At a
hundred times today's library the full documents take about 230 MB of Python
objects in every process; their outlines a small part of that. A page that
shows a document's text reads that one document again (``load_document``).

``Outlines`` keeps each outline with the size and modification time of its
file, so reading the library again after an edit parses only the files that
changed. Validity is decided exactly as ``load_library`` decides it: a file is
parsed and checked in full, and left out when it has errors.

A first reading need not parse at all. The index build parses every file
anyway, so it keeps each valid document's outline (``outline_data``) in the
index generation, and ``Outlines.read`` takes those ``stored`` outlines in
place of parsing a file whose bytes still have the outline's content hash.
Parsing 6,000 files at a hundred times today's library takes 20 to 26 s of
CPU; reading their stored outlines and hashing the files, well under one.
Stored outlines only hold documents that were valid; a file not among them
(new, renamed, left out for errors or a duplicate id) is parsed, so the
documents kept are those ``load_library`` keeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from kb.areas.loader import load_areas
from kb.library import (
    BEST_BETS_FILE,
    GLOSSARY_FILE,
    VOCABULARY_FILE,
    document_paths,
    load_best_bets,
    load_document,
    load_glossary,
    load_spellings,
    load_vocabulary,
)
from kb.model import Document, Library, Section, Source, Vocabulary
from kb.pathways.loader import load_helplines, load_pathways
from kb.problems import Problems

FileStamp = tuple[int, int, int]  # modification time (ns), size, inode
# Outlines kept elsewhere (by the index build), by the path of their file.
StoredOutlines = Mapping[Path, Document]
# Fields ``outline_data`` leaves out (the text, and what only checks use) or
# writes its own way.
WITHOUT = frozenset({"path", "body", "links", "field_lines", "sections", "source",
                     "reviewed", "review_due"})


def load_frame(root: Path, problems: Problems) -> Library:
    """Everything in ``root`` but the documents: the vocabulary, glossary, best
    bets, pathways, helplines, spellings and areas, read from a few YAML files.

    Its ``documents`` are empty: a page that needs no document (the search
    page's pathway links) uses the frame, so it never reads the documents.
    """
    vocabulary = load_vocabulary(root / VOCABULARY_FILE, problems)
    return Library(root, {}, vocabulary,
                   load_glossary(root / GLOSSARY_FILE, problems),
                   load_best_bets(root / BEST_BETS_FILE, problems),
                   load_pathways(root, vocabulary, problems),
                   load_helplines(root, vocabulary, problems),
                   load_spellings(root / VOCABULARY_FILE, problems),
                   load_areas(root, problems))


def outline(doc: Document) -> Document:
    """``doc`` without its text: no body, no links, and sections with their
    anchor, number, heading, level and line but no Markdown or text."""
    return replace(doc, body="", links=(), field_lines={}, sections=[
        Section(sys.intern(s.anchor), sys.intern(s.number), s.heading, s.level,
                "", "", s.line) for s in doc.sections])


def outline_data(doc: Document, path: str) -> dict:
    """What ``outline`` keeps of ``doc``, as JSON-ready data, with the path of
    its file (relative to the guidance folder, with forward slashes)."""
    data = {f.name: getattr(doc, f.name) for f in fields(Document)
            if f.name not in WITHOUT}
    return dict(data, path=path, reviewed=doc.reviewed.isoformat(),
                review_due=doc.review_due.isoformat(),
                source=asdict(doc.source) if doc.source else None,
                sections=[[s.anchor, s.number, s.heading, s.level, s.line]
                          for s in doc.sections])


def outline_from_data(root: Path, data: dict) -> Document:
    """The outline that ``outline_data`` gave, its file under ``root``; equal to
    ``outline`` of the document. KeyError, TypeError or ValueError when the
    data is not laid out so."""
    data = dict(data)
    source = data.pop("source")
    data.update(
        path=root / data.pop("path"), body="",
        source=Source(**source) if source else None,
        reviewed=dt.date.fromisoformat(data.pop("reviewed")),
        review_due=dt.date.fromisoformat(data.pop("review_due")),
        sections=[Section(sys.intern(anchor), sys.intern(number), heading, level,
                          "", "", line)
                  for anchor, number, heading, level, line in data.pop("sections")])
    return Document(**data)


def file_stamp(path: Path) -> FileStamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


@dataclass
class Outlines:
    """The outline of every valid document, kept between readings of the library.

    A file whose size, modification time and inode are unchanged, under an
    unchanged ``vocabulary.yml``, is not parsed again.
    """

    _known: dict[Path, tuple[FileStamp, Document]] = field(default_factory=dict)
    _vocabulary: FileStamp | None = None
    parsed: int = 0  # files parsed by the last ``read``, for tests and logs
    reused: int = 0  # stored outlines taken by the last ``read``

    def read(self, frame: Library, problems: Problems,
             stored: Callable[[], StoredOutlines | None] | None = None) -> Library:
        """``frame`` with the outlines of its documents: a new ``Library``.

        ``stored`` gives outlines made from the files as they were (by the
        index build), each taken while its file still has its content hash.
        It is asked only on a first reading (or after ``vocabulary.yml``
        changed): later readings parse the few files that changed.
        """
        root = frame.root
        vocabulary = file_stamp(root / VOCABULARY_FILE)
        if vocabulary != self._vocabulary:
            self._known = {}
        known, self._known, self._vocabulary = self._known, {}, vocabulary
        self.parsed = self.reused = 0
        kept = (stored() if stored and not known else None) or {}
        documents: dict[str, Document] = {}
        for path in document_paths(root):
            doc = self._outline(path, known, kept.get(path), frame.vocabulary,
                                problems)
            if doc is None:
                continue
            if doc.id in documents:
                problems.error(path, 2, "id",
                               f"duplicate id '{doc.id}': also used by "
                               f"{documents[doc.id].path.relative_to(root)}")
                continue
            documents[doc.id] = doc
        return replace(frame, documents=documents)

    def _outline(self, path: Path, known: dict[Path, tuple[FileStamp, Document]],
                 kept: Document | None, vocabulary: Vocabulary,
                 problems: Problems) -> Document | None:
        stamp = file_stamp(path)  # before the bytes are read: see kb.filestate
        found = known.get(path)
        if found is not None and stamp is not None and found[0] == stamp:
            self._known[path] = found
            return found[1]
        raw = None
        if kept is not None:
            raw = path.read_bytes()
            if hashlib.sha256(raw).hexdigest() == kept.content_hash:
                self.reused += 1
                return self._keep(path, stamp, kept)
        self.parsed += 1
        doc = load_document(path, vocabulary, problems, raw)
        return None if doc is None else self._keep(path, stamp, outline(doc))

    def _keep(self, path: Path, stamp: FileStamp | None, kept: Document) -> Document:
        if stamp is not None:
            self._known[path] = (stamp, kept)
        return kept
