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
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

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
from kb.model import Document, Library, Section, Vocabulary
from kb.pathways.loader import load_helplines, load_pathways
from kb.problems import Problems

FileStamp = tuple[int, int, int]  # modification time (ns), size, inode


def load_frame(root: Path, problems: Problems) -> Library:
    """Everything in ``root`` but the documents: the vocabulary, glossary, best
    bets, pathways, helplines and spellings, read from a few YAML files.

    Its ``documents`` are empty: a page that needs no document (the search
    page's pathway links) uses the frame, so it never reads the documents.
    """
    vocabulary = load_vocabulary(root / VOCABULARY_FILE, problems)
    return Library(root, {}, vocabulary,
                   load_glossary(root / GLOSSARY_FILE, problems),
                   load_best_bets(root / BEST_BETS_FILE, problems),
                   load_pathways(root, vocabulary, problems),
                   load_helplines(root, vocabulary, problems),
                   load_spellings(root / VOCABULARY_FILE, problems))


def outline(doc: Document) -> Document:
    """``doc`` without its text: no body, no links, and sections with their
    anchor, number, heading, level and line but no Markdown or text."""
    return replace(doc, body="", links=(), field_lines={}, sections=[
        Section(sys.intern(s.anchor), sys.intern(s.number), s.heading, s.level,
                "", "", s.line) for s in doc.sections])


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

    def read(self, frame: Library, problems: Problems) -> Library:
        """``frame`` with the outlines of its documents: a new ``Library``."""
        root = frame.root
        vocabulary = file_stamp(root / VOCABULARY_FILE)
        if vocabulary != self._vocabulary:
            self._known = {}
        known, self._known, self._vocabulary = self._known, {}, vocabulary
        self.parsed = 0
        documents: dict[str, Document] = {}
        for path in document_paths(root):
            doc = self._outline(path, known, frame.vocabulary, problems)
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
                 vocabulary: Vocabulary, problems: Problems) -> Document | None:
        stamp = file_stamp(path)
        found = known.get(path)
        if found is not None and stamp is not None and found[0] == stamp:
            self._known[path] = found
            return found[1]
        self.parsed += 1
        doc = load_document(path, vocabulary, problems)
        if doc is None:
            return None
        kept = outline(doc)
        if stamp is not None:
            self._known[path] = (stamp, kept)
        return kept
