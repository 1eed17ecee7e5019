"""Writing a generation's two Whoosh indexes: from scratch, or by changes.

A full build writes every section and document into empty indexes, split
between processes for large libraries (``indexer.codec.writers``). An
incremental build hard-links the current generation's files into the new
folder, then deletes and re-adds only the changed documents, merging the small
segments edits leave behind (``merge_edits``). What each document puts in the
indexes is ``section_entries`` and ``document_fields``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from indexer import checksums
from indexer import generations as gens
from indexer.build.changes import SOURCES_FILE, Changes
from indexer.build.offline import OFFLINE_FILE
from indexer.build.outlines import OUTLINES_FILE
from indexer.codec import writers
from indexer.meta import META_FILE, glossary_names
from indexer.schema import (
    DOCUMENT_INDEX,
    NO_ORDINAL,
    make_document_schema,
    make_schema,
    normalise,
)
from kb import facets
from kb.model import Document, Library

PARALLEL_MIN_DOCUMENTS = 200
EDIT_SEGMENTS = 8  # small segments kept before an incremental build merges them
SMALL_SEGMENT = 2000  # sections (or documents): a segment that edits made
MAX_BUILD_PROCESSES = 2
COPY_IGNORE = shutil.ignore_patterns(gens.RETIRED_MARK, META_FILE, OFFLINE_FILE,
                                     checksums.CHECKSUMS_FILE,
                                     OUTLINES_FILE, SOURCES_FILE, "*.tmp", "*LOCK*")

# Called after each document is indexed with (documents done, documents to do).
Progress = Callable[[int, int], None]


def write_indexes(library: Library, folder: Path, old: Path | None, plan: Changes,
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
    finally:
        ix.close()
        docs_ix.close()


def _write_changes(library: Library, folder: Path, old: Path | None, plan: Changes,
                   progress: Progress | None, numbers: dict[str, int]) -> None:
    """A new generation sharing the old one's files, with the changed
    documents deleted and written again."""
    shutil.copytree(old, folder, dirs_exist_ok=True, ignore=COPY_IGNORE,
                    copy_function=os.link)
    ix = open_index(folder)
    docs_ix = open_index(folder, DOCUMENT_INDEX)
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


def open_index(folder: Path, indexname: str | None = None) -> index.Index:
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
