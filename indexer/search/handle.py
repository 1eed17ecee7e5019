"""One open index per process, following ``current`` to each new generation.

Open it once (after the server forks) with ``open_searcher_index``; every
``searching()`` checks where ``current`` points (one readlink) and reopens when
a build has swapped in a new generation. Each search borrows its own searcher
from a pool, because Whoosh readers are not thread-safe. ``Searcher.refresh()``
is never used: it shows deleted documents again after updates.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index
from whoosh.searching import Searcher

from indexer import checksums
from indexer.codec.scoring import CachedLengthBM25F
from indexer.codec.searchers import forget_query_caches
from indexer.codec.storage import ReadStorage
from indexer.generations import CURRENT
from indexer.meta import Meta, read_meta
from indexer.schema import DOCUMENT_INDEX
from indexer.search.catalogue import Catalogue, build_catalogue
from indexer.stemming import uncached

log = logging.getLogger(__name__)
REBUILD_HINT = "Build it with 'kb index --full' (or 'make index')."
# Sections whose labels a generation keeps. A results page shows at most 3
# sections of 10 documents, so this holds the sections of a few hundred recent
# pages: common searches never read stored fields. An entry is about 440 bytes,
# so 8192 cost about 3.5 MB a process, where keeping every section looked up
# grew to the whole library (about 31 MB at 100x) per generation.
SECTIONS_KEPT = 8192

Section = tuple[str, str, str, str]  # doc id, anchor, number, heading


class IndexUnavailable(Exception):  # noqa: N818 (name used by the site)
    """There is no usable index; the message says how to rebuild it."""


class IndexDamaged(IndexUnavailable):
    """Files of the generation served differ from what the build wrote
    (``indexer.checksums``). Logged once by the handle, naming the files,
    however many searches then fail."""

    logged = True


class SectionCache:
    """The labels of the sections looked up most recently, at most ``size``.

    Whoosh's stored fields need a searcher, which ``functools.lru_cache`` would
    make part of the key, so the searcher is passed beside the number.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[int, Section] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, searcher: Searcher, docnum: int) -> Section:
        with self._lock:
            found = self._kept.get(docnum)
            if found is not None:
                self._kept.move_to_end(docnum)
                return found
        stored = searcher.stored_fields(docnum)
        found = (stored["doc_id"], stored["anchor"], stored["number"],
                 stored["heading"])
        with self._lock:
            self._kept[docnum] = found
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return found


def _section_cache() -> SectionCache:
    return SectionCache(SECTIONS_KEPT)


@dataclass
class Searchers:
    """A searcher on each of a generation's two indexes, for one thread."""

    sections: Searcher
    documents: Searcher

    def close(self) -> None:
        self.sections.close()
        self.documents.close()

    def forget(self) -> None:
        """Drop what Whoosh kept during one search: each searcher's idf (and
        filter) cache is keyed by the query's words, which may hold a name."""
        for searcher in (self.sections, self.documents):
            forget_query_caches(searcher)


@dataclass
class Generation:
    """One opened generation: its two Whoosh indexes, meta.json and searchers.

    Searchers are pooled: a search borrows a pair and gives it back, so each is
    used by one thread at a time and a new thread per request costs nothing.
    A retired generation closes each pair as it comes back.
    ``sections`` maps a Whoosh document number to (doc id, anchor, number,
    heading) for the ``SECTIONS_KEPT`` sections used last; numbers are fixed
    within a generation, so every search shares it, as it shares the
    ``catalogue`` (built on first use).
    """

    target: str
    ix: Index
    documents_ix: Index
    meta: Meta
    sections: SectionCache = field(default_factory=_section_cache)
    idle: list[Searchers] = field(default_factory=list)
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    _catalogue: Catalogue | None = None

    def acquire(self) -> Searchers:
        with self.lock:
            if self.idle:
                return self.idle.pop()
        found = Searchers(self.ix.searcher(weighting=CachedLengthBM25F()),
                          self.documents_ix.searcher())
        for searcher in (found.sections, found.documents):
            uncached(searcher.schema)  # it stems queries: see indexer.stemming
        return found

    def release(self, searchers: Searchers) -> None:
        searchers.forget()
        with self.lock:
            if not self.retired:
                self.idle.append(searchers)
                return
        searchers.close()

    def retire(self) -> None:
        with self.lock:
            self.retired, idle, self.idle = True, self.idle, []
        for searchers in idle:
            searchers.close()

    def catalogue(self, searchers: Searchers) -> Catalogue:
        """The generation's shared tables, built once from ``searchers``."""
        if self._catalogue is None:
            with self.lock:
                if self._catalogue is None:
                    self._catalogue = build_catalogue(
                        self.meta, searchers.sections.reader(),
                        searchers.documents.reader())
        return self._catalogue

    def section(self, searcher: Searcher, docnum: int) -> Section:
        return self.sections.get(searcher, docnum)


class IndexHandle:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._watch = checksums.Watch()
        self._reported: set[tuple[checksums.Damage, ...]] = set()
        self._gen = self._open(self._target())

    def __enter__(self) -> IndexHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close idle searchers; searchers still in use close when returned."""
        self._gen.retire()

    # -- what the site and the CLI read -------------------------------------
    @property
    def meta(self) -> Meta:
        return self._current().meta

    @property
    def generation(self) -> int:
        return self.meta.generation

    @property
    def doc_count(self) -> int:
        return self.meta.document_count

    @property
    def section_count(self) -> int:
        return self.meta.section_count

    @property
    def content_commit(self) -> str | None:
        return self.meta.content_commit

    @contextmanager
    def searching(self) -> Iterator[tuple[Searchers, Generation]]:
        """Searchers on the current generation for this call, and that generation.

        Both come from the same generation, so results and labels always agree.
        """
        gen = self._current()
        searchers = gen.acquire()
        try:
            yield searchers, gen
        finally:
            gen.release(searchers)

    def damage(self) -> list[checksums.Damage]:
        """What differs from the build in the generation ``current`` names:
        a stat of each file, and a hash of one that changed (cheap to poll)."""
        return self._watch.damage(self.index_dir / self._target())

    def raise_if_damaged(self) -> None:
        """Raise ``IndexDamaged`` when the generation served is damaged: call
        it when a search fails, to tell damage from a fault in the code. The
        damage is logged the first time it is seen, not per search."""
        damage = tuple(self.damage())
        if not damage:
            return
        if damage not in self._reported:
            self._reported.add(damage)
            log.error("The search index is damaged: %s. Run 'kb index' to "
                      "rebuild it.", "; ".join(map(str, damage)))
        raise IndexDamaged(f"The search index in {self.index_dir} is damaged "
                           f"({damage[0]}). {REBUILD_HINT}")

    # -- following ``current`` -----------------------------------------------
    def _target(self) -> str:
        try:
            return os.readlink(self.index_dir / CURRENT)
        except OSError:
            raise IndexUnavailable(f"There is no search index in {self.index_dir}. "
                                   f"{REBUILD_HINT}") from None

    def _current(self) -> Generation:
        target = self._target()
        gen = self._gen
        if gen.target != target:
            with self._lock:
                if self._gen.target != target:
                    old, self._gen = self._gen, self._open(target)
                    old.retire()
                gen = self._gen
        return gen

    def _open(self, target: str) -> Generation:
        folder = self.index_dir / target
        try:
            storage = ReadStorage(str(folder))  # no copy per searcher: see there
            ix = storage.open_index()
            documents_ix = storage.open_index(DOCUMENT_INDEX)
            meta = read_meta(folder)
            ix.doc_count()
            documents_ix.doc_count()
        except Exception as exc:  # Whoosh raises many kinds on a broken folder
            if folder.is_dir():
                self.raise_if_damaged()
            raise IndexUnavailable(f"The search index in {self.index_dir} cannot be "
                                   f"read ({type(exc).__name__}). "
                                   f"{REBUILD_HINT}") from exc
        return Generation(target, ix, documents_ix, meta)


def open_searcher_index(index_dir: Path) -> IndexHandle:
    """Open the index once per process; raises IndexUnavailable with a fix."""
    return IndexHandle(index_dir)
