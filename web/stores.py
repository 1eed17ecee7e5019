"""The stores of the site: the library and the search index, each opened once
per process.

The library is read in parts as pages need them (see ``LibraryStore``), so a
process that only serves searches never reads the documents, and no process
holds every document's text. It is read again when a file under the guidance
folder changes (a cheap ``stat`` of each file, at most every few seconds). The
index handle reopens itself when a new generation is swapped in, so it is
opened only once.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, abort, current_app

from indexer.build.outlines import stored_outlines
from indexer.search.query import IndexHandle, IndexUnavailable, open_searcher_index
from kb.library import load_document
from kb.model import Document, Library
from kb.outlines import Outlines, StoredOutlines, load_frame
from kb.problems import Problems

log = logging.getLogger(__name__)
WATCHED_SUFFIXES = (".md", ".yml", ".yaml")
EXTENSION = "kb"
DOCUMENT_CACHE_SIZE = 64  # documents with their text kept per process

Stamp = tuple[tuple[str, int, int], ...]
T = TypeVar("T")


def fingerprint(root: Path) -> Stamp:
    """Name, modification time and size of every content file under ``root``."""
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(WATCHED_SUFFIXES) and not name.startswith("."):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except FileNotFoundError:
                    continue
                found.append((path, info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


class LibraryStore:
    """The library in three parts, each read only when a page needs it.

    - The **frame** (``frame()``): vocabulary, glossary, best bets, pathways and
      helplines, from a few YAML files. The search page needs nothing more.
    - The **outlines** (``current()``): the frame plus every valid document
      without its text (``kb.outlines``), for pages about the whole library.
      Read on first use, from the outlines the index build stored (``stored``)
      for every file that still has the bytes they were made from; the other
      files are parsed. After an edit only the changed files are parsed again.
    - **Documents** with their text (``document(doc_id)``): read one at a time
      and kept in a bounded cache (``cache_size`` documents, least recently
      used first out), keyed by path and content hash.

    Checking for changes means a ``stat`` of every file: 0.3 ms for the real
    library but tens of milliseconds at a hundred times its size, so the check
    runs at most once every ``check_every`` seconds (0: on every request).
    ``on_change`` runs before each reload, so the index can catch up first; a
    reload drops the outlines and the cached documents.
    """

    def __init__(self, root: Path, check_every: float = 0.0,
                 on_change: Callable[[], None] | None = None,
                 cache_size: int = DOCUMENT_CACHE_SIZE,
                 stored: Callable[[], StoredOutlines | None] | None = None) -> None:
        self.root = root
        self.check_every = check_every
        self.on_change = on_change
        self.stored = stored
        self._lock = threading.Lock()
        self._frame: Library | None = None
        self._library: Library | None = None
        self._outlines = Outlines()
        self._stamp: Stamp | None = None
        self._checked = 0.0
        self.files_read = 0  # document files parsed so far, outlines and text
        self.outlines_reused = 0  # stored outlines taken in place of parsing
        self._documents = functools.lru_cache(maxsize=cache_size)(self._read)

    def frame(self) -> Library:
        """The library without documents (its ``documents`` are empty)."""
        return self._check()

    def current(self) -> Library:
        """The library with the outline of every document (no text)."""
        self._check()
        library = self._library
        if library is None:
            with self._lock:
                if self._library is None:
                    self._library = self._read_outlines()
                library = self._library
        return library

    def document(self, doc_id: str) -> Document | None:
        """The document with its text, or None when the library has no such id."""
        found = self.current().get(doc_id)
        if found is None:
            return None
        return self._documents(found.path, found.content_hash)

    def cached_documents(self) -> int:
        """How many documents with text are held now (at most ``cache_size``)."""
        return self._documents.cache_info().currsize

    def _check(self) -> Library:
        now = time.monotonic()
        frame = self._frame
        if frame is not None and now - self._checked < self.check_every:
            return frame
        self._checked = now
        stamp = fingerprint(self.root)
        if stamp != self._stamp or self._frame is None:
            with self._lock:
                if stamp != self._stamp or self._frame is None:
                    self._reload(stamp)
        assert self._frame is not None
        return self._frame

    def _reload(self, stamp: Stamp) -> None:
        if self.on_change:
            self.on_change()
        problems = Problems()
        frame = load_frame(self.root, problems)
        _log_problems(problems, self.root)
        self._library = None
        self._documents.cache_clear()
        self._frame, self._stamp = frame, stamp

    def _read_outlines(self) -> Library:
        assert self._frame is not None
        problems = Problems()
        library = self._outlines.read(self._frame, problems, self.stored)
        self.files_read += self._outlines.parsed
        self.outlines_reused += self._outlines.reused
        log.info("library outlines: %d taken from the index, %d files parsed",
                 self._outlines.reused, self._outlines.parsed)
        _log_problems(problems, self.root)
        return library

    def _read(self, path: Path, content_hash: str) -> Document | None:
        """The document at ``path`` with its text, cached per path and hash.

        A file edited since the last check is read as it is now (the next check
        reloads the rest); one that no longer loads gives None."""
        frame = self._frame
        if frame is None:
            return None
        self.files_read += 1
        return load_document(path, frame.vocabulary, Problems())


def _log_problems(problems: Problems, root: Path) -> None:
    if problems.errors:
        log.warning("%d document problem(s) in %s; run 'kb check' to see them",
                    len(problems.errors), root)


class IndexStore:
    """One index handle per process, opened on first use."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._handle = None

    def handle(self):
        """The open index; raises ``IndexUnavailable`` (not cached) when missing."""
        if self._handle is None:
            with self._lock:
                if self._handle is None:
                    self._handle = open_searcher_index(self.index_dir)
        return self._handle


class Stores:
    """The library and the index of one app."""

    def __init__(self, app: Flask, on_change: Callable[[], None] | None) -> None:
        check_every = 0.0 if app.config["AUTO_REINDEX"] else float(
            app.config["LIBRARY_CHECK_SECONDS"])
        guidance = Path(app.config["GUIDANCE_DIR"])
        index = Path(app.config["INDEX_DIR"])
        self.library = LibraryStore(guidance, check_every, on_change,
                                    int(app.config["DOCUMENT_CACHE_SIZE"]),
                                    lambda: stored_outlines(index, guidance))
        self.index = IndexStore(index)


def init_app(app: Flask, on_change: Callable[[], None] | None = None) -> None:
    """Open the stores; ``on_change`` runs before the library reloads."""
    app.extensions[EXTENSION] = Stores(app, on_change)


def stores() -> Stores:
    return current_app.extensions[EXTENSION]


def get_library() -> Library:
    """The library with every document's outline: front matter and section
    headings, no text. Show a document's text through ``get_document``."""
    return stores().library.current()


def get_frame() -> Library:
    """The library without its documents (``documents`` is empty): vocabulary,
    glossary, best bets, pathways and helplines, without reading any document."""
    return stores().library.frame()


def find_document(doc_id: str) -> Document | None:
    """The document with this id and its text, or None."""
    return stores().library.document(doc_id)


def get_document(doc_id: str) -> Document:
    """The document with this id and its text, or a 404 that says which id was
    not found."""
    doc = find_document(doc_id)
    if doc is None:
        abort(404, description=f"No document with id '{doc_id}'.")
    return doc


def once_per_library(build: Callable[[Library], T]) -> Callable[[Library], T]:
    """``build(library)``, kept until the library is reloaded, not made per request.

    Each reload makes a new ``Library``, so the value is kept beside the library
    it was built from and built again when that is no longer the one asked about.
    """
    last: tuple[Library, T] | None = None

    @functools.wraps(build)
    def cached(library: Library) -> T:
        nonlocal last
        entry = last
        if entry is None or entry[0] is not library:
            entry = last = (library, build(library))
        return entry[1]
    return cached


def get_index() -> IndexHandle:
    return stores().index.handle()


__all__ = ["IndexUnavailable", "find_document", "get_document", "get_frame",
           "get_index", "get_library"]
