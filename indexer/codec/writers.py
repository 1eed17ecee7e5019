"""Writing a full build's segments: postings kept by term, one segment per core.

Whoosh's ``SegmentWriter`` keeps each posting as a tuple in a pool, pickles
the pool to disk one tuple at a time every 128 MB, merges those runs back,
and looks up each posting's field length through the length column: at 10x
the library that was half of a build's time. A full build adds documents in
order, so each term's postings arrive sorted by document: ``TermPool`` keeps
them by term in arrays (no tuples, no spills, no merge), and ``FullWriter``
reads each field's lengths once.

Large libraries are split between processes forked from the build
(``write_split``): each writes one segment from the library it inherited, so
no document is pickled, and the build commits the segments together, as
Whoosh's multi-process writer does with ``multisegment=True``. The parent
writes the document index meanwhile.
"""

from __future__ import annotations

import multiprocessing
import traceback
from array import array
from collections.abc import Callable, Iterable, Iterator

from whoosh.index import Index
from whoosh.writing import SegmentWriter

from indexer.codec.blocks import BlockCodec

Entries = Callable[[object], Iterable[dict]]  # a document -> its index entries


class SplitBuildError(Exception):
    """A build process failed; the message says how."""


class TermPool:
    """Whoosh's posting pool for postings added in document order: each
    term's documents, weights and values in arrays, sorted by term only when
    the segment is written."""

    def __init__(self) -> None:
        # field -> term -> (documents, weights, values), each in adding order
        self.fields: dict[str, dict[bytes, tuple[array, array, list]]] = {}
        self._unsorted: set[tuple[str, bytes]] = set()

    @property
    def fieldnames(self) -> set[str]:
        return set(self.fields)

    def add(self, item: tuple) -> None:
        """One posting, as Whoosh's writer adds them when merging."""
        fieldname, btext, docnum, weight, value = item
        terms = self.fields.setdefault(fieldname, {})
        docs, weights, values = terms.get(btext) or _new_term(terms, btext)
        if docs and docnum < docs[-1]:
            self._unsorted.add((fieldname, btext))
        docs.append(docnum)
        weights.append(weight)
        values.append(value)

    def add_field(self, fieldname: str, docnum: int, items) -> int:
        """A new document's postings in one field, from the field's ``index``;
        returns the field's length (the sum of the frequencies)."""
        terms, length = self.fields.setdefault(fieldname, {}), 0
        for btext, freq, weight, value in items:
            length += freq
            found = terms.get(btext) or _new_term(terms, btext)
            found[0].append(docnum)
            found[1].append(weight)
            found[2].append(value)
        return length

    def postings(self, fieldname: str, btext: bytes) -> tuple[array, array, list]:
        return self.fields[fieldname][btext]

    def sorted_terms(self) -> list[tuple[str, bytes]]:
        """Every (field, term) in order, each term's postings sorted by document."""
        for fieldname, btext in self._unsorted:
            docs, weights, values = self.fields[fieldname][btext]
            rows = sorted(zip(docs, weights, values, strict=True), key=lambda r: r[0])
            self.fields[fieldname][btext] = (
                array("I", (r[0] for r in rows)), array("d", (r[1] for r in rows)),
                [r[2] for r in rows])
        self._unsorted.clear()
        return [(name, btext) for name in sorted(self.fields)
                for btext in sorted(self.fields[name])]

    def iter_postings(self) -> Iterator[tuple]:
        """Every posting as (field, term, docnum, weight, value), sorted as
        Whoosh's pool would give them."""
        for key in self.sorted_terms():
            fieldname, btext = key
            docs, weights, values = self.postings(fieldname, btext)
            for docnum, weight, value in zip(docs, weights, values, strict=True):
                yield fieldname, btext, docnum, weight, value

    def cleanup(self) -> None:
        self.fields.clear()


def _new_term(terms: dict, btext: bytes) -> tuple[array, array, list]:
    found = terms[btext] = (array("I"), array("d"), [])
    return found


class _Lengths:
    """Each field's lengths read once for the whole segment, not per posting."""

    def __init__(self, reader) -> None:
        self.reader = reader

    def of(self, fieldname: str) -> list:
        length = self.reader.doc_field_length
        return [length(n, fieldname) for n in range(self.reader.doc_count_all())]


class FullWriter(SegmentWriter):
    """A ``SegmentWriter`` for documents added in order into a new segment,
    with ``TermPool`` as its pool. Not for merging existing segments."""

    def __init__(self, ix: Index, **kwargs) -> None:
        kwargs.setdefault("codec", BlockCodec())
        super().__init__(ix, **kwargs)
        self.pool = TermPool()
        odd = [n for n, f in self.schema.items() if f.vector or f.separate_spelling()]
        if odd:
            raise ValueError(f"FullWriter does not write term vectors or separate "
                             f"spelling words: {', '.join(odd)}")

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document`` without boosts, vectors or spelling words
        (our schemas have none), each field's postings added in one call."""
        self._check_state()
        perdoc, schema, docnum, pool = (self.perdocwriter, self.schema,
                                        self.docnum, self.pool)
        names = sorted(n for n in fields if not n.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = pool.add_field(name, docnum, field.index(value))
                    if not field.scorable:
                        length = 0
                kept = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, kept if field.stored else None, length)
                if field.column_type and kept is not None:
                    perdoc.add_column_value(name, field.column_type,
                                            field.to_column_value(kept))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            self._write_terms(_Lengths(lengths) if lengths else None)
            self.fieldwriter.close()
        finally:
            if lengths:
                lengths.close()

    def _write_terms(self, lengths: _Lengths | None) -> None:
        """Each term's postings a block at a time, as Whoosh's field writer
        would add them one by one (``FieldWriter.add_postings``)."""
        writer, pool, last = self.fieldwriter, self.pool, None
        for key in self.pool.sorted_terms():
            fieldname, btext = key
            if fieldname != last:
                if last is not None:
                    writer.finish_field()
                writer.start_field(fieldname, self.schema[fieldname])
                last = fieldname
                field_lengths = lengths.of(fieldname) if lengths else None
            writer.start_term(btext)
            _add_postings(writer._postwriter, *pool.postings(*key), field_lengths)
            writer.finish_term()
        if last is not None:
            writer.finish_field()


def _add_postings(postings, docs: array, weights: array, values: list,
                  lengths: list | None) -> None:
    """``W3PostingsWriter.add_posting`` for many postings: whole blocks
    filled at once, with the same statistics."""
    limit, count = postings._blocklimit, len(docs)
    for start in range(0, count, limit):
        if len(postings._ids) >= limit:
            postings._write_block()
        end = min(start + limit, count)
        postings._ids.extend(docs[start:end])
        chunk = weights[start:end]
        postings._weights.fromlist(chunk.tolist())
        postings._maxweight = max(postings._maxweight, max(chunk))
        postings._values.extend(v for v in values[start:end] if v)
        if lengths is not None:
            found = [n for n in (lengths[d] for d in docs[start:end]) if n]
            if found:
                low = min(found)
                if postings._minlength is None or low < postings._minlength:
                    postings._minlength = low
                postings._maxlength = max(postings._maxlength, max(found))


def write_all(ix: Index, docs: list, entries: Entries) -> None:
    """Every document's entries into one new segment, in this process."""
    writer = FullWriter(ix)
    try:
        for doc in docs:
            for fields in entries(doc):
                writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)


def write_split(ix: Index, docs: list, entries: Entries, processes: int,
                meanwhile: Callable[[], None] = lambda: None) -> None:
    """Every document's entries, split between ``processes`` forked
    processes (one segment each); ``meanwhile`` runs in this process while
    they work. Raises ``SplitBuildError`` when one of them fails."""
    ctx = multiprocessing.get_context("fork")
    writer = ix.writer()  # holds Whoosh's lock; commits the segments' TOC
    workers = []
    try:
        for part in range(processes):
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_write_part, daemon=True,
                               args=(ix, docs[part::processes], entries, send))
            proc.start()
            send.close()
            workers.append((proc, receive))
        meanwhile()
        segments = [_result(proc, receive) for proc, receive in workers]
    except BaseException:
        for proc, _ in workers:
            if proc.is_alive():
                proc.kill()
            proc.join()
        writer.cancel()
        raise
    writer._close_segment()
    writer._commit_toc([s for s in segments if s is not None])
    writer._finish()


def _write_part(ix: Index, docs: list, entries: Entries, send) -> None:
    """In a forked process: ``docs`` into one new segment; its description
    (or None when ``docs`` is empty, or the error) goes back through ``send``."""
    try:
        segment = None
        if docs:
            writer = FullWriter(ix, _lk=False)
            for doc in docs:
                for fields in entries(doc):
                    writer.add_document(**fields)
            segment = writer._finalize_segment()
        send.send(("ok", segment))
    except BaseException:
        send.send(("error", traceback.format_exc(limit=5)))
    finally:
        send.close()


def _result(proc, receive):
    try:
        kind, value = receive.recv()
    except EOFError:
        proc.join()
        raise SplitBuildError(f"A build process ended with code {proc.exitcode} "
                              "before finishing its documents.") from None
    proc.join()
    if kind != "ok":
        raise SplitBuildError(f"A build process failed:\n{value}")
    return value
