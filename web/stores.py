"""The stores of the site: the library and the search index, each opened once
per process.

The library is reloaded when a file under the guidance folder changes (a cheap
``stat`` of each file per request). The index handle reopens itself when a new
generation is swapped in, so it is opened only once.
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

from indexer.query import IndexHandle, IndexUnavailable, open_searcher_index
from kb.library import load_library
from kb.model import Document, Library

log = logging.getLogger(__name__)
WATCHED_SUFFIXES = (".md", ".yml", ".yaml")
EXTENSION = "kb"

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
    """Holds the loaded library; reloads it when the guidance folder changes.

    Checking means a ``stat`` of every file: 0.3 ms for the real library but
    tens of milliseconds at a hundred times its size, so the check runs at most
    once every ``check_every`` seconds (0: on every request). ``on_change`` runs
    before each reload, so the index can catch up first.
    """

    def __init__(self, root: Path, check_every: float = 0.0,
                 on_change: Callable[[], None] | None = None) -> None:
        self.root = root
        self.check_every = check_every
        self.on_change = on_change
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._stamp: Stamp | None = None
        self._checked = 0.0

    def current(self) -> Library:
        now = time.monotonic()
        if self._library is not None and now - self._checked < self.check_every:
            return self._library
        self._checked = now
        stamp = fingerprint(self.root)
        if stamp != self._stamp or self._library is None:
            with self._lock:
                if stamp != self._stamp or self._library is None:
                    self._reload(stamp)
        assert self._library is not None
        return self._library

    def _reload(self, stamp: Stamp) -> None:
        if self.on_change:
            self.on_change()
        library, problems = load_library(self.root)
        if problems.errors:
            log.warning("%d document problem(s) in %s; run 'kb check' to see them",
                        len(problems.errors), self.root)
        self._library, self._stamp = library, stamp


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
        self.library = LibraryStore(Path(app.config["GUIDANCE_DIR"]), check_every,
                                    on_change)
        self.index = IndexStore(Path(app.config["INDEX_DIR"]))


def init_app(app: Flask, on_change: Callable[[], None] | None = None) -> None:
    """Open the stores; ``on_change`` runs before the library reloads."""
    app.extensions[EXTENSION] = Stores(app, on_change)


def stores() -> Stores:
    return current_app.extensions[EXTENSION]


def get_library() -> Library:
    return stores().library.current()


def get_document(doc_id: str) -> Document:
    """The document with this id, or a 404 that says which id was not found."""
    doc = get_library().get(doc_id)
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


__all__ = ["IndexUnavailable", "get_document", "get_index", "get_library"]
