"""Full and incremental index builds, swapped in atomically.

Both kinds of build write a NEW generation folder and only then point
``current`` at it (see ``indexer.generations``):

- a full build indexes every section into an empty folder and optimises it;
- an incremental build hard-links the current generation's files into the
  new folder, then deletes, re-adds and adds only the documents whose index
  hash changed.

Copy-on-write was chosen over writing into the live folder under the lock
because Whoosh readers in other processes that open a folder while a writer
commits can miss a ``.toc`` or see deleted documents again. Whoosh never
changes a file once written (a commit writes a new ``.toc`` and new segment
files, and records deletions in the ``.toc``), so hard links are as safe as a
copy and cost nothing at any size: a generation that readers can see never
changes. A build that dies leaves only an unfinished
folder, which the next build removes.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from whoosh.query import Term

from indexer import checksums
from indexer import generations as gens
from indexer.build.changes import (
    Changes,
    FileChangedError,
    Previous,
    find_changes,
    read_previous,
    write_sources,
)
from indexer.build.offline import (
    document_rows,
    offline_text,
    write_offline_index,
)
from indexer.build.outlines import (
    outline_row,
    outlines_text,
    write_outlines,
)
from indexer.build.writing import Progress, open_index, write_indexes
from indexer.codec import writers
from indexer.meta import (
    DOCUMENTS_START,
    Resolver,
    Row,
    assemble_meta,
    best_bet_target,
    document_entry,
    meta_text,
    number,
    write_meta,
)
from indexer.schema import (
    DOCUMENT_INDEX,
)
from kb import gitrepo
from kb import library as kb_library
from kb.filestate import FileState, StatCache
from kb.library import VOCABULARY_FILE, document_paths
from kb.problems import Problems

STAT_CACHE = "files.sqlite"  # see kb.filestate
OLD_PARSE_CACHE = "parsed.pickle"  # written by earlier versions: removed


class BuildError(Exception):
    """The index could not be built; the message says what to do."""


@dataclass
class BuildSummary:
    added: int
    updated: int
    removed: int
    seconds: float
    generation: int
    full: bool
    documents: int
    sections: int
    skipped: int = 0  # files left out because they have errors
    changed: bool = True
    reparsed: str = ""  # why every file was parsed again (``Changes.reparsed``)
    repaired: tuple[checksums.Damage, ...] = ()  # damage that forced a rebuild

    def __str__(self) -> str:
        kind = "Full rebuild" if self.full else "Index updated"
        if not self.changed:
            kind = "Index already up to date"
        text = (f"{kind}: {self.added} added, {self.updated} updated, "
                f"{self.removed} removed in {self.seconds:.2f} s "
                f"(generation {self.generation}, {self.documents} documents, "
                f"{self.sections} sections)")
        if self.skipped:
            text += (f". {self.skipped} file(s) with errors left out: "
                     "run 'kb check' to see them")
        if self.reparsed:  # an operator wonders why an edit took so long
            text += f"\nParsed every file again: {self.reparsed}."
        if self.repaired:
            text += ("\nRepaired a damaged index by building it again in full: "
                     + "; ".join(map(str, self.repaired)) + ".")
        return text


def build_index(guidance_dir: Path, index_dir: Path, full: bool = False,
                progress: Progress | None = None, *,
                lock_wait: float = gens.LOCK_WAIT_SECONDS) -> BuildSummary:
    """Bring the index in ``index_dir`` up to date with ``guidance_dir``.

    ``progress`` is told about each document indexed, for a progress bar: the
    build itself never writes to the terminal.
    """
    started = time.perf_counter()
    if not (guidance_dir / VOCABULARY_FILE).is_file():
        raise BuildError(f"{guidance_dir} is not a guidance folder: it has no "
                         f"{VOCABULARY_FILE}. Check the path or set KB_GUIDANCE_DIR.")
    try:
        with gens.writer_lock(index_dir, lock_wait):
            summary = _build_locked(guidance_dir, index_dir, full, progress)
    except gens.LockHeldError:
        raise BuildError(f"Another index build is running (it holds {index_dir}/"
                         f"{gens.LOCK_FILE}). Wait for it to finish, then run the "
                         "command again.") from None
    summary.seconds = time.perf_counter() - started
    return summary


def _build_locked(guidance_dir: Path, index_dir: Path, full: bool,
                  progress: Progress | None) -> BuildSummary:
    gens.remove_stale(index_dir)
    (index_dir / OLD_PARSE_CACHE).unlink(missing_ok=True)
    old = gens.current_folder(index_dir)
    checked = old is not None and not full and checksums.recorded(old)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # A damaged generation is neither built on (its files would be linked
        # into the next) nor left in place: it is rebuilt in full. It is
        # hashed beside the build (``hashlib`` lets other threads run while
        # it hashes); the new generation is finished, but made current only
        # once the hashes agree. Damage is rare: then that work is thrown away.
        checking = pool.submit(checksums.verify, old) if checked else None

        def damage() -> list[checksums.Damage]:
            return checking.result() if checking else []

        try:
            return _build(guidance_dir, index_dir, old, full, progress, damage)
        except Exception:  # a damaged segment may fail the build itself
            found = damage()
            if not found:
                raise
    summary = _build(guidance_dir, index_dir, None, True, progress,
                     lambda: [])  # built from nothing: nothing to be damaged
    summary.repaired = tuple(found)
    return summary


class _DamageError(Exception):
    """The generation a build was building on failed its checksums."""


def _build(guidance_dir: Path, index_dir: Path, old: Path | None, full: bool,
           progress: Progress | None,
           damage: Callable[[], list[checksums.Damage]]) -> BuildSummary:
    """Build on ``old`` (None: from nothing); ``damage`` says, when asked
    before anything is made current, whether ``old`` was damaged."""
    hashes = StatCache(index_dir / STAT_CACHE)
    previous = read_previous(old)
    full = full or previous.meta is None
    changes = _changes(guidance_dir, hashes, previous, full)
    commit = _content_commit(guidance_dir)
    if not full and changes.unchanged() and _same_meta(changes, previous) \
            and checksums.recorded(old):
        if damage():
            raise _DamageError
        hashes.save()
        return _summary(changes, previous.meta, full, changed=False)
    folder = gens.new_generation(index_dir)
    try:
        old_numbers = {k: v.ordinal for k, v in previous.documents.items()}
        numbers = number(changes.paths, {} if full else old_numbers)
        try:
            write_indexes(changes.library, folder, old, changes, full, progress,
                          numbers)
        except writers.SplitBuildError as error:
            raise BuildError(f"{error} Run 'kb index --full' again.") from None
        meta = _meta(changes, previous, gens.generation_number(folder), commit,
                     numbers)
        write_meta(folder, meta)
        _verify(folder, meta)
        write_offline_index(folder, _offline(changes, previous, meta))
        write_outlines(folder, _outlines(changes, previous))
        write_sources(folder, changes.sources)
        if damage():
            raise _DamageError
        # Last, once every other file is complete; files linked from the
        # generation verified above keep their digests.
        checksums.write(folder, old if old and not full else None)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    gens.swap_current(index_dir, folder)
    hashes.save()
    return _summary(changes, meta, full)


def _changes(guidance_dir: Path, hashes: StatCache, previous: Previous,
             full: bool) -> Changes:
    """Hash what may have changed, parse what did, and plan the build."""
    root = str(guidance_dir)
    files = {}
    for path in document_paths(guidance_dir):
        state = hashes.state(path)
        rel = str(path)[len(root) + 1:] if str(path).startswith(root + os.sep) \
            else path.relative_to(guidance_dir).as_posix()
        files[rel] = FileState(state.sha256) if full else state  # full: read again
    try:
        changes = find_changes(guidance_dir, files, previous, full)
    except FileChangedError as exc:
        raise BuildError(f"{exc} changed during the build: run the command "
                         "again.") from None
    if not changes.paths:
        raise BuildError(f"No valid documents found in {guidance_dir}: run "
                         "'kb check' to see what is wrong.")
    return changes


def _meta(changes: Changes, previous: Previous, generation: int,
          commit: str | None, numbers: dict[str, int]) -> dict:
    """The new meta: rows of parsed documents made afresh, the others kept."""
    parsed, old = changes.library.documents, previous.documents
    entries: dict[str, Row] = {}
    for doc_id in sorted(changes.paths):
        doc = parsed.get(doc_id)
        if doc is not None:
            entries[doc_id] = document_entry(doc, numbers[doc_id])
        elif old[doc_id].ordinal == numbers[doc_id]:
            entries[doc_id] = old[doc_id]
        else:  # not so far: kept documents keep their ordinals
            entries[doc_id] = dict(old[doc_id].decoded(), ordinal=numbers[doc_id])
    return assemble_meta(entries, changes.library, generation, commit,
                         _targets(changes, previous))


def _targets(changes: Changes, previous: Previous) -> Resolver:
    """Best bet targets: an unchanged document's are those of the current
    generation; other documents are read."""
    library = changes.library
    kept = {(t["doc_id"], t["anchor"]): t
            for bet in (previous.meta or {}).get("best_bets", [])
            for t in bet["sections"]}

    def target(doc_id: str, anchor: str) -> dict[str, str] | None:
        if doc_id not in changes.paths:
            return None
        doc = library.documents.get(doc_id)
        if doc is None and (doc_id, anchor) in kept:
            return dict(kept[doc_id, anchor])
        if doc is None:
            doc = kb_library.load_document(library.root / changes.paths[doc_id],
                                library.vocabulary, Problems())
        return best_bet_target(doc if doc and doc.id == doc_id else None, anchor)

    return target


def _offline(changes: Changes, previous: Previous, meta: dict) -> bytes:
    """The offline index: rows of parsed documents made afresh, the others kept."""
    library = changes.library
    rows = {doc_id: document_rows(library, library.documents[doc_id])
            if doc_id in library.documents else previous.offline[doc_id]
            for doc_id in changes.paths}
    return offline_text(rows, library, meta["generation"], meta["content_commit"],
                        meta["built_at"])


def _outlines(changes: Changes, previous: Previous) -> bytes:
    """The outlines file (``indexer.build.outlines``): rows of parsed documents made
    afresh, the others kept."""
    parsed, kept = changes.library.documents, previous.outlines or {}
    rows = {doc_id: outline_row(parsed[doc_id], path) if doc_id in parsed
            else kept[doc_id] for doc_id, path in changes.paths.items()}
    return outlines_text(rows, changes.sources.vocabulary, changes.sources.code)


def _same_meta(changes: Changes, previous: Previous) -> bool:
    """True when nothing the current generation's meta says would change, and
    its record of files (``sources.json``) is current: a stale or missing one
    would make every later build parse the files again."""
    old = previous.meta
    if previous.sources != changes.sources or previous.offline is None \
            or previous.outlines is None:
        return False
    fresh = _meta(changes, previous, old["generation"], old.get("content_commit"),
                  {k: v.ordinal for k, v in previous.documents.items()})
    head, rows = meta_text(fresh).split(b"\n", 1)
    volatile = ("generation", "built_at", "content_commit")
    new_head = json.loads(head.removesuffix(DOCUMENTS_START) + b"}")
    return rows == previous.meta_text.split(b"\n", 1)[-1] \
        and {k: v for k, v in new_head.items() if k not in volatile} \
        == {k: v for k, v in old.items() if k not in volatile}


def _summary(changes: Changes, meta: dict, full: bool,
             changed: bool = True) -> BuildSummary:
    return BuildSummary(len(changes.added), len(changes.updated), len(changes.removed),
                        0.0, meta["generation"], full, meta["document_count"],
                        meta["section_count"], skipped=changes.skipped,
                        changed=changed, reparsed=changes.reparsed)


def _content_commit(guidance_dir: Path) -> str | None:
    if gitrepo.toplevel(guidance_dir.resolve()) is None:
        return None
    try:
        return gitrepo.run_git(guidance_dir, "rev-parse", "HEAD").strip() or None
    except gitrepo.GitError:
        return None


def _verify(folder: Path, meta: dict) -> None:
    """Refuse to swap in an index that does not open, count or answer as its
    ``meta`` says."""
    docs_ix = open_index(folder, DOCUMENT_INDEX)
    try:
        if docs_ix.doc_count() != meta["document_count"]:
            raise BuildError(f"The new index holds {docs_ix.doc_count()} documents "
                             f"instead of {meta['document_count']}; run "
                             "'kb index --full'.")
    finally:
        docs_ix.close()
    ix = open_index(folder)
    try:
        count = ix.doc_count()
        if count != meta["section_count"]:
            raise BuildError(f"The new index holds {count} sections instead of "
                             f"{meta['section_count']}; run 'kb index --full'.")
        first = next(iter(meta["documents"]), None)
        with ix.searcher() as searcher:
            if first and not searcher.search(Term("doc_id", first), limit=1):
                raise BuildError("The new index does not answer a test query; "
                                 "run 'kb index --full'.")
    finally:
        ix.close()
