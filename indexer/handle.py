"""One open index per process, following ``current`` to each new generation.

Open it once (after the server forks) with ``open_searcher_index``; every call
to ``searcher()`` checks where ``current`` points (one readlink) and reopens
when a build has swapped in a new generation. Each thread gets its own
searcher, because Whoosh readers are not thread-safe. ``Searcher.refresh()`` is
never used: it shows deleted documents again after updates.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.index import Index
from whoosh.searching import Searcher

from indexer.generations import CURRENT
from indexer.meta import read_meta

REBUILD_HINT = "Build it with 'kb index --full' (or 'make index')."


class IndexUnavailable(Exception):  # noqa: N818 (name used by the site)
    """There is no usable index; the message says how to rebuild it."""


@dataclass
class Generation:
    """One opened generation: the Whoosh index, its meta.json and a cache.

    ``sections`` maps a Whoosh document number to (doc id, anchor, number,
    heading); numbers are fixed within a generation, so every thread shares it.
    """

    target: str
    ix: Index
    meta: dict[str, Any]
    sections: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)

    def section(self, searcher: Searcher, docnum: int) -> tuple[str, str, str, str]:
        found = self.sections.get(docnum)
        if found is None:
            stored = searcher.stored_fields(docnum)
            found = (stored["doc_id"], stored["anchor"], stored["number"],
                     stored["heading"])
            self.sections[docnum] = found
        return found


class IndexHandle:
    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._gen = self._open(self._target())

    # -- what the site and the CLI read -------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return self._current().meta

    @property
    def generation(self) -> int:
        return int(self.meta["generation"])

    @property
    def doc_count(self) -> int:
        return int(self.meta["document_count"])

    @property
    def section_count(self) -> int:
        return int(self.meta["section_count"])

    @property
    def content_commit(self) -> str | None:
        return self.meta.get("content_commit")

    def searcher(self) -> tuple[Searcher, Generation]:
        """This thread's searcher on the current generation, and that generation.

        Both come from the same generation, so results and labels always agree.
        """
        gen = self._current()
        cached = getattr(self._local, "pair", None)
        if cached is None or cached[0] is not gen:
            if cached is not None:
                cached[1].close()
            cached = (gen, gen.ix.searcher())
            self._local.pair = cached
        return cached[1], gen

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
                    self._gen = self._open(target)
                gen = self._gen
        return gen

    def _open(self, target: str) -> Generation:
        folder = self.index_dir / target
        try:
            ix = index.open_dir(str(folder))
            meta = read_meta(folder)
            ix.doc_count()
        except Exception as exc:  # Whoosh raises many kinds on a broken folder
            raise IndexUnavailable(f"The search index in {self.index_dir} cannot be "
                                   f"read ({type(exc).__name__}). "
                                   f"{REBUILD_HINT}") from None
        return Generation(target, ix, meta)


def open_searcher_index(index_dir: Path) -> IndexHandle:
    """Open the index once per process; raises IndexUnavailable with a fix."""
    return IndexHandle(index_dir)
