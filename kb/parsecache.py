"""Parsed documents kept between index builds, keyed by each file's content.

An incremental build needs every document's metadata, anchors and links (to
check references across documents and to write the per-document table), but
only the files that changed need parsing and checking. The cache keeps each
valid document without its text (its body is dropped, and each section's
text but its opening), keyed by path and the SHA-256 of the file's bytes, so
a document comes back only for exactly the bytes it was parsed from. The
whole cache is dropped when ``vocabulary.yml`` changes, because the checks
of every document depend on it.

The file is a pickle written by our own build next to the index, which is
itself pickled by Whoosh: never point a build at an index folder from an
untrusted source.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.model import Document, Library

CACHE_VERSION = 2
OPENING_CHARS = 1000  # of each section's text, kept for excerpts


@dataclass
class ParseCache:
    vocabulary_hash: str
    entries: dict[str, tuple[str, Document]] = field(default_factory=dict)
    served: set[str] = field(default_factory=set)  # paths answered from the cache

    def document(self, path: Path) -> Document | None:
        """The cached document for ``path`` if the file still has the same bytes."""
        found = self.entries.get(str(path))
        if found is None:
            return None
        try:
            digest = file_hash(path)
        except OSError:
            return None
        if found[0] != digest:
            return None
        self.served.add(str(path))
        return replace(found[1], path=path)

    def served_text(self, doc: Document) -> bool:
        """False when ``doc`` came from the cache, without its text."""
        return str(doc.path) not in self.served

    def keep(self, library: Library) -> None:
        """Remember every document of ``library``, text dropped."""
        self.entries = {str(d.path): (d.content_hash, _without_text(d))
                        for d in library.documents.values()}
        self.served = set()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _without_text(doc: Document) -> Document:
    """``doc`` without its body, and only the opening of each section's text:
    enough for the offline index's excerpts (``indexer.offline``)."""
    return replace(doc, body="", sections=[
        replace(s, markdown="", text=s.text[:OPENING_CHARS]) for s in doc.sections])


def load_cache(path: Path, vocabulary: Path) -> ParseCache:
    """The cache in ``path``, or an empty one when it is missing, from another
    version or for another vocabulary."""
    vocabulary_hash = file_hash(vocabulary) if vocabulary.is_file() else ""
    try:
        with open(path, "rb") as handle:
            version, cache = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
            AttributeError, ImportError):
        return ParseCache(vocabulary_hash)
    if version != CACHE_VERSION or not isinstance(cache, ParseCache) \
            or cache.vocabulary_hash != vocabulary_hash:
        return ParseCache(vocabulary_hash)
    return cache


def save_cache(path: Path, cache: ParseCache) -> None:
    tmp = path.with_name(path.name + ".tmp")
    kept = ParseCache(cache.vocabulary_hash, cache.entries)
    with open(tmp, "wb") as handle:
        pickle.dump((CACHE_VERSION, kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
