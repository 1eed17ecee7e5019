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

import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.query import Term

from indexer import generations as gens
from indexer import writers
from indexer.meta import (
    META_FILE,
    Meta,
    build_meta,
    glossary_names,
    index_hash,
    ordinals,
    parse_meta,
    read_meta,
    write_meta,
)
from indexer.offline import write_offline_index
from indexer.schema import (
    DOCUMENT_INDEX,
    NO_ORDINAL,
    SCHEMA_VERSION,
    make_document_schema,
    make_schema,
    normalise,
)
from kb import facets, gitrepo
from kb.library import VOCABULARY_FILE, document_paths, load_document, load_library
from kb.model import Document, Library
from kb.parsecache import ParseCache, load_cache, save_cache
from kb.problems import Problems

PARSE_CACHE = "parsed.pickle"  # see kb.parsecache
PARALLEL_MIN_DOCUMENTS = 200
MAX_BUILD_PROCESSES = 2
COPY_IGNORE = shutil.ignore_patterns(gens.RETIRED_MARK, META_FILE, "*.tmp", "*LOCK*")

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
        return text


@dataclass
class Plan:
    added: list[str]
    updated: list[str]
    removed: list[str]


def build_index(guidance_dir: Path, index_dir: Path, full: bool = False,
                progress: Progress | None = None, *,
                lock_wait: float = gens.LOCK_WAIT_SECONDS) -> BuildSummary:
    """Bring the index in ``index_dir`` up to date with ``guidance_dir``.

    ``progress`` is told about each document indexed, for a progress bar: the
    build itself never writes to the terminal.
    """
    started = time.perf_counter()
    cache = load_cache(index_dir / PARSE_CACHE, guidance_dir / VOCABULARY_FILE)
    library, skipped = _load(guidance_dir, None if full else cache)
    try:
        with gens.writer_lock(index_dir, lock_wait):
            summary = _build_locked(library, guidance_dir, index_dir, full, progress,
                                    cache)
    except gens.LockHeldError:
        raise BuildError(f"Another index build is running (it holds {index_dir}/"
                         f"{gens.LOCK_FILE}). Wait for it to finish, then run the "
                         "command again.") from None
    summary.skipped = skipped
    summary.seconds = time.perf_counter() - started
    return summary


def _load(guidance_dir: Path, cache: ParseCache | None) -> tuple[Library, int]:
    if not (guidance_dir / VOCABULARY_FILE).is_file():
        raise BuildError(f"{guidance_dir} is not a guidance folder: it has no "
                         f"{VOCABULARY_FILE}. Check the path or set KB_GUIDANCE_DIR.")
    library, _ = load_library(guidance_dir, cache=cache, across=False)
    if not library.documents:
        raise BuildError(f"No valid documents found in {guidance_dir}: run "
                         "'kb check' to see what is wrong.")
    loaded = {doc.path for doc in library.documents.values()}
    left_out = [p for p in document_paths(guidance_dir) if p not in loaded]
    return library, len(left_out)


def _build_locked(library: Library, guidance_dir: Path, index_dir: Path,
                  full: bool, progress: Progress | None,
                  cache: ParseCache) -> BuildSummary:
    gens.remove_stale(index_dir)
    old = gens.current_folder(index_dir)
    old_meta = _usable_meta(old)
    full = full or old_meta is None
    if full and cache.served:  # documents came without text: read them all
        library, _ = _load(guidance_dir, None)
    plan = _plan(library, old_meta, full)
    _with_text(library, plan, cache)
    commit = _content_commit(guidance_dir)
    if not full and _up_to_date(library, plan, old_meta):
        if len(cache.served) < len(library.documents):  # some files were parsed
            cache.keep(library)
            save_cache(index_dir / PARSE_CACHE, cache)
        return _summary(plan, old_meta, full, changed=False)
    folder = gens.new_generation(index_dir)
    try:
        numbers = ordinals(library, None if full else old_meta)
        _write(library, folder, old, plan, full, progress, numbers)
        write_meta(folder, build_meta(library, gens.generation_number(folder), commit,
                                      numbers))
        meta = _verify(folder)
        write_offline_index(folder, library, meta)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    gens.swap_current(index_dir, folder)
    cache.keep(library)
    save_cache(index_dir / PARSE_CACHE, cache)
    return _summary(plan, meta, full)


def _with_text(library: Library, plan: Plan, cache: ParseCache) -> None:
    """Parse again the documents to index that came from the cache without
    their text: their file is unchanged but their glossary terms changed."""
    for doc_id in plan.added + plan.updated:
        doc = library.documents[doc_id]
        if not cache.served_text(doc):
            fresh = load_document(doc.path, library.vocabulary, Problems())
            if fresh is None:
                raise BuildError(f"{doc.path} could not be read again; run "
                                 "'kb index --full'.")
            library.documents[doc_id] = fresh


def _usable_meta(folder: Path | None) -> Meta | None:
    """The current generation's meta when an incremental build can start from it."""
    if folder is None:
        return None
    try:
        meta = read_meta(folder)
    except (OSError, ValueError):
        return None
    return meta if meta.schema_version == SCHEMA_VERSION else None


def _plan(library: Library, old_meta: Meta | None, full: bool) -> Plan:
    """What changed; a full build counts every surviving document as updated."""
    documents = old_meta.documents if old_meta else {}
    old = {k: v.index_hash for k, v in documents.items()}
    new = {doc.id: doc for doc in library.documents.values()}
    changed = [i for i in new if i in old
               and (full or old[i] != index_hash(library, new[i]))]
    return Plan(added=sorted(set(new) - set(old)), updated=sorted(changed),
                removed=sorted(set(old) - set(new)))


def _up_to_date(library: Library, plan: Plan, old_meta: Meta) -> bool:
    if plan.added or plan.updated or plan.removed:
        return False
    fresh = parse_meta(build_meta(library, old_meta.generation,
                                  old_meta.content_commit, ordinals(library, old_meta)))
    return fresh.content() == old_meta.content()


def _summary(plan: Plan, meta: Meta, full: bool, changed: bool = True) -> BuildSummary:
    return BuildSummary(len(plan.added), len(plan.updated), len(plan.removed), 0.0,
                        meta.generation, full, meta.document_count,
                        meta.section_count, changed=changed)


def _content_commit(guidance_dir: Path) -> str | None:
    if gitrepo.toplevel(guidance_dir.resolve()) is None:
        return None
    try:
        return gitrepo.run_git(guidance_dir, "rev-parse", "HEAD").strip() or None
    except gitrepo.GitError:
        return None


def _write(library: Library, folder: Path, old: Path | None, plan: Plan,
           full: bool, progress: Progress | None, numbers: dict[str, int]) -> None:
    if full:
        _write_full(library, folder, progress, numbers)
    else:
        _write_changes(library, folder, old, plan, progress, numbers)


def _write_full(library: Library, folder: Path, progress: Progress | None,
                numbers: dict[str, int]) -> None:
    """Both indexes from scratch (``indexer.writers``): the sections split
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


def _write_changes(library: Library, folder: Path, old: Path | None, plan: Plan,
                   progress: Progress | None, numbers: dict[str, int]) -> None:
    """A new generation sharing the old one's files, with the changed
    documents deleted and written again."""
    shutil.copytree(old, folder, dirs_exist_ok=True, ignore=COPY_IGNORE,
                    copy_function=os.link)
    ix = index.open_dir(str(folder))
    docs_ix = index.open_dir(str(folder), indexname=DOCUMENT_INDEX)
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
    writer.commit()
    docs_writer.commit()
    ix.close()
    docs_ix.close()


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


def _verify(folder: Path) -> Meta:
    """Refuse to swap in an index that does not open, count or answer correctly."""
    meta = read_meta(folder)
    docs_ix = index.open_dir(str(folder), indexname=DOCUMENT_INDEX)
    try:
        if docs_ix.doc_count() != meta.document_count:
            raise BuildError(f"The new index holds {docs_ix.doc_count()} documents "
                             f"instead of {meta.document_count}; run "
                             "'kb index --full'.")
    finally:
        docs_ix.close()
    ix = index.open_dir(str(folder))
    try:
        count = ix.doc_count()
        if count != meta.section_count:
            raise BuildError(f"The new index holds {count} sections instead of "
                             f"{meta.section_count}; run 'kb index --full'.")
        first = next(iter(meta.documents), None)
        with ix.searcher() as searcher:
            if first and not searcher.search(Term("doc_id", first), limit=1):
                raise BuildError("The new index does not answer a test query; "
                                 "run 'kb index --full'.")
    finally:
        ix.close()
    return meta
