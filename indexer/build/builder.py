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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from indexer import generations as gens
from indexer.build.changes import (
    SOURCES_FILE,
    Changes,
    FileChangedError,
    Previous,
    find_changes,
    read_previous,
    write_sources,
)
from indexer.build.offline import (
    OFFLINE_FILE,
    document_rows,
    offline_text,
    write_offline_index,
)
from indexer.build.outlines import (
    OUTLINES_FILE,
    outline_row,
    outlines_text,
    write_outlines,
)
from indexer.codec import writers
from indexer.meta import (
    DOCUMENTS_START,
    META_FILE,
    Resolver,
    Row,
    assemble_meta,
    best_bet_target,
    document_entry,
    glossary_names,
    meta_text,
    number,
    write_meta,
)
from indexer.schema import (
    DOCUMENT_INDEX,
    NO_ORDINAL,
    make_document_schema,
    make_schema,
    normalise,
)
from kb import facets, gitrepo
from kb import library as kb_library
from kb.filestate import FileState, StatCache
from kb.library import VOCABULARY_FILE, document_paths
from kb.model import Document, Library
from kb.problems import Problems

STAT_CACHE = "files.sqlite"  # see kb.filestate
OLD_PARSE_CACHE = "parsed.pickle"  # written by earlier versions: removed
PARALLEL_MIN_DOCUMENTS = 200
EDIT_SEGMENTS = 8  # small segments kept before an incremental build merges them
SMALL_SEGMENT = 2000  # sections (or documents): a segment that edits made
MAX_BUILD_PROCESSES = 2
COPY_IGNORE = shutil.ignore_patterns(gens.RETIRED_MARK, META_FILE, OFFLINE_FILE,
                                     OUTLINES_FILE, SOURCES_FILE, "*.tmp", "*LOCK*")

# Called after each document is indexed with (documents done, documents to do).
Progress = Callable[[int, int], None]


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
    previous = read_previous(old)
    full = full or previous.meta is None
    hashes = StatCache(index_dir / STAT_CACHE)
    changes = _changes(guidance_dir, hashes, previous, full)
    commit = _content_commit(guidance_dir)
    if not full and changes.unchanged() and _same_meta(changes, previous):
        hashes.save()
        return _summary(changes, previous.meta, full, changed=False)
    folder = gens.new_generation(index_dir)
    try:
        old_numbers = {k: v.ordinal for k, v in previous.documents.items()}
        numbers = number(changes.paths, {} if full else old_numbers)
        _write(changes.library, folder, old, changes, full, progress, numbers)
        meta = _meta(changes, previous, gens.generation_number(folder), commit,
                     numbers)
        write_meta(folder, meta)
        _verify(folder, meta)
        write_offline_index(folder, _offline(changes, previous, meta))
        write_outlines(folder, _outlines(changes, previous))
        write_sources(folder, changes.sources)
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


def _write(library: Library, folder: Path, old: Path | None, plan: Changes,
           full: bool, progress: Progress | None, numbers: dict[str, int]) -> None:
    if full:
        _write_full(library, folder, progress, numbers)
    else:
        _write_changes(library, folder, old, plan, progress, numbers)


def _write_full(library: Library, folder: Path, progress: Progress | None,
                numbers: dict[str, int]) -> None:
    """Both indexes from scratch (``indexer.codec.writers``): the sections split
    between processes for large libraries, the documents meanwhile."""
    ix = index.create_in(str(folder), make_schema())
    docs_ix = index.create_in(str(folder), make_document_schema(),
                              indexname=DOCUMENT_INDEX)
    docs = sorted(library.documents.values(), key=lambda d: d.id)

    def sections(doc: Document) -> Iterable[dict]:
        return section_entries(library, doc, numbers[doc.id])

    def documents() -> None:
        writers.write_all(docs_ix, _with_progress(docs, progress),
                          lambda doc: [document_fields(library, doc, numbers[doc.id])])

    try:
        processes = _build_processes(len(docs))
        if processes > 1:
            writers.write_split(ix, docs, sections, processes, meanwhile=documents)
        else:
            writers.write_all(ix, docs, sections)
            documents()
    except writers.SplitBuildError as error:
        raise BuildError(f"{error} Run 'kb index --full' again.") from None
    finally:
        ix.close()
        docs_ix.close()


def _write_changes(library: Library, folder: Path, old: Path | None, plan: Changes,
                   progress: Progress | None, numbers: dict[str, int]) -> None:
    """A new generation sharing the old one's files, with the changed
    documents deleted and written again."""
    shutil.copytree(old, folder, dirs_exist_ok=True, ignore=COPY_IGNORE,
                    copy_function=os.link)
    ix = _open(folder)
    docs_ix = _open(folder, DOCUMENT_INDEX)
    docs = [library.documents[i] for i in plan.added + plan.updated]
    writer = ix.writer(limitmb=256)
    docs_writer = docs_ix.writer(limitmb=128)
    try:
        for doc_id in plan.removed + plan.updated:
            writer.delete_by_term("doc_id", doc_id)
            docs_writer.delete_by_term("doc_id", doc_id)
        for doc in _with_progress(docs, progress):
            ordinal = numbers[doc.id]
            for fields in section_entries(library, doc, ordinal):
                writer.add_document(**fields)
            docs_writer.add_document(**document_fields(library, doc, ordinal))
    except BaseException:
        writer.cancel()
        docs_writer.cancel()
        raise
    writer.commit(mergetype=merge_edits)
    docs_writer.commit(mergetype=merge_edits)
    ix.close()
    docs_ix.close()


def merge_edits(writer: SegmentWriter, segments: list) -> list:
    """Whoosh merge policy for incremental builds: keep each commit small.

    Every edit adds a small segment and deletes the old version of what it
    changed. Segments left with no live document are dropped (free). Small
    segments are merged only once there are ``EDIT_SEGMENTS`` of them, so an
    edit never rewrites the large segments of a full build, and the merge,
    when it comes, reads a few hundred sections. (Whoosh's default policy
    keeps emptied segments, and at 100x merged the document index's small
    segments every fifth edit.) Segments of ``SMALL_SEGMENT`` or more, from
    large batches of changes, stay until the next full build.
    """
    live = [s for s in segments if s.doc_count() > 0]
    small = [s for s in live if s.doc_count_all() < SMALL_SEGMENT]
    if len(small) < EDIT_SEGMENTS:
        return live
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in live if s not in small]


def _open(folder: Path, indexname: str | None = None) -> index.Index:
    """Open an index in ``folder`` without memory-mapping it. Whoosh reads a
    memory-mapped segment through ``BytesIO``, which copies the segment's
    terms and postings into memory each time a reader opens: at 100x about
    560 MB and 0.3 s per open, against 5 ms reading the files directly. A
    build opens readers only to delete documents, merge small segments and
    check the result."""
    storage = FileStorage(str(folder), supports_mmap=False)
    return storage.open_index(indexname) if indexname else storage.open_index()


def _build_processes(documents: int) -> int:
    """Worker processes for a full build: one per core (at most two) for large
    libraries. Two processes halve the build of a 10x library (39 -> 18 s) and
    leave two segments, which search about 25% slower than one; merging them
    afterwards costs more than the parallel build saves. Small libraries build
    in one process, where forking costs more than it gains."""
    if documents < PARALLEL_MIN_DOCUMENTS:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_BUILD_PROCESSES))


def _with_progress(docs: list[Document],
                   progress: Progress | None) -> Iterable[Document]:
    for done, doc in enumerate(docs, start=1):
        yield doc
        if progress:
            progress(done, len(docs))


def section_entries(library: Library, doc: Document,
                    ordinal: int = NO_ORDINAL) -> Iterable[dict]:
    """The section index's entries for one document: one per section."""
    keywords = normalise(" ; ".join(doc.keywords + glossary_names(library, doc)))
    shared = {
        "doc_id": doc.id, "title": normalise(doc.title), "keywords": keywords,
        "summary": normalise(doc.summary),
        **{f.name: ",".join(facets.values_of(doc, f)) for f in facets.FACETS},
    }
    if doc.source:
        shared.update(publisher=normalise(doc.source.publisher),
                      year=str(doc.source.year))
    for section in doc.sections:
        heading, body = normalise(section.heading), normalise(section.text)
        texts = (shared["title"], heading, body, keywords)  # one token pass each
        yield dict(shared, id=f"{doc.id}#{section.anchor}", anchor=section.anchor,
                   number=section.number, heading=heading, body=body,
                   ordinal=ordinal, spell=texts, pairs=texts)


def document_fields(library: Library, doc: Document, ordinal: int) -> dict:
    """The document index's entry for one document: its text once."""
    fields = {
        "title": doc.title, "summary": doc.summary,
        "keywords": " ; ".join(doc.keywords + glossary_names(library, doc)),
        "heading": "\n".join(s.heading for s in doc.sections if s.heading),
        "body": "\n".join(s.text for s in doc.sections),
    }
    fields = {name: normalise(value) for name, value in fields.items()}
    return dict(fields, doc_id=doc.id, ordinal=ordinal)


def _verify(folder: Path, meta: dict) -> None:
    """Refuse to swap in an index that does not open, count or answer as its
    ``meta`` says."""
    docs_ix = _open(folder, DOCUMENT_INDEX)
    try:
        if docs_ix.doc_count() != meta["document_count"]:
            raise BuildError(f"The new index holds {docs_ix.doc_count()} documents "
                             f"instead of {meta['document_count']}; run "
                             "'kb index --full'.")
    finally:
        docs_ix.close()
    ix = _open(folder)
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
