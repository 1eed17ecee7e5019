"""A full build's writers give the index Whoosh's own writer gives."""

import zlib

import pytest
from whoosh import index

from indexer.build.writing import section_entries
from indexer.codec import writers
from indexer.codec.blocks import BLOCK_PROTOCOL
from indexer.meta import ordinals
from indexer.schema import make_schema
from kb.library import load_library
from tests.indexer.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def library():
    found, _ = load_library(REPO_ROOT / "guidance")
    return found


def entries_of(library):
    numbers = ordinals(library, None)
    return lambda doc: section_entries(library, doc, numbers[doc.id])


def new_index(folder):
    folder.mkdir()
    return index.create_in(str(folder), make_schema())


def with_whoosh(folder, docs, entries):
    ix = new_index(folder)
    writer = ix.writer()
    for doc in docs:
        for fields in entries(doc):
            writer.add_document(**fields)
    writer.commit(optimize=True)
    return ix


def contents(ix) -> dict:
    """Everything a reader can see, keyed by section id, not by docnum."""
    found = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: reader.stored_fields(n)["id"] for n in range(reader.doc_count_all())}
        for n, section in ids.items():
            found[("stored", section)] = reader.stored_fields(n)
            for name in reader.schema.scorable_names():
                found[("length", section, name)] = reader.doc_field_length(n, name)
        for name, text in reader.all_terms():
            info = reader.term_info(name, text)
            found[("term", name, text)] = (info.doc_frequency(), info.weight(),
                                           info.max_weight(), info.min_length(),
                                           info.max_length())
            postings = reader.postings(name, text)
            found[("postings", name, text)] = sorted(
                (ids[n], w, v) for n, w, v in _items(postings))
        for column in ("ordinal",):
            values = reader.column_reader(column)
            found[("column", column)] = sorted((ids[n], values[n]) for n in ids)
    return found


def _items(matcher):
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value()
        matcher.next()


def test_one_process_writes_what_whoosh_writes(library, tmp_path):
    docs = sorted(library.documents.values(), key=lambda d: d.id)
    entries = entries_of(library)
    expected = contents(with_whoosh(tmp_path / "whoosh", docs, entries))
    ix = new_index(tmp_path / "ours")
    writers.write_all(ix, docs, entries)
    got = contents(ix)
    assert got.keys() == expected.keys()
    assert got == expected
    assert sum(1 for k in got if k[0] == "stored") == sum(
        len(d.sections) for d in docs)


def test_split_processes_write_the_same_sections(library, tmp_path):
    docs = sorted(library.documents.values(), key=lambda d: d.id)
    entries = entries_of(library)
    expected = contents(with_whoosh(tmp_path / "whoosh", docs, entries))
    ix = new_index(tmp_path / "ours")
    ran = []
    writers.write_split(ix, docs, entries, 2, meanwhile=lambda: ran.append(1))
    assert ran == [1] and len(ix.reader().leaf_readers()) == 2
    got = contents(ix)
    terms = {k for k in got if k[0] == "term"}
    assert terms == {k for k in expected if k[0] == "term"}
    # Two segments: the same postings; per-segment term statistics differ.
    assert {k: v for k, v in got.items() if k[0] != "term"} == \
        {k: v for k, v in expected.items() if k[0] != "term"}


def test_a_failing_process_fails_the_build_and_says_why(library, tmp_path):
    docs = sorted(library.documents.values(), key=lambda d: d.id)

    def broken(doc):
        raise RuntimeError(f"cannot index {doc.id}")

    ix = new_index(tmp_path / "ours")
    with pytest.raises(writers.SplitBuildError, match="RuntimeError: cannot index"):
        writers.write_split(ix, docs, broken, 2)
    assert ix.doc_count() == 0


def test_postings_added_out_of_order_come_out_sorted():
    pool = writers.TermPool()
    for docnum in (5, 2, 9):
        pool.add(("body", b"child", docnum, 1.0, b"v"))
    pool.add(("body", b"aid", 1, 2.0, b"w"))
    assert [p[1:3] for p in pool.iter_postings()] == \
        [(b"aid", 1), (b"child", 2), (b"child", 5), (b"child", 9)]


def _block_protocols(ix, fieldname: str) -> set[int]:
    """The pickle protocol of every posting block of ``fieldname``."""
    found = set()
    with ix.reader() as reader:
        for name, text in reader.all_terms():
            if name != fieldname:
                continue
            matcher = reader.postings(name, text)
            if not hasattr(matcher, "_goto"):  # a posting kept in the term info
                continue
            matcher._goto(matcher._baseoffset)
            while True:
                data = matcher._postfile.get(matcher._dataoffset,
                                             matcher._nextoffset - matcher._dataoffset)
                data = zlib.decompress(data) if matcher._compression else data
                found.add(data[1] if data[0] == 0x80 else 0)  # PROTO opcode
                if matcher._lastblock:
                    break
                matcher._goto(matcher._nextoffset)
    return found


def test_blocks_are_pickled_with_protocol_4_and_read_as_whoosh_reads_them(
        library, tmp_path):
    """Protocol 2 pickles every position value as a function call: 3 times
    slower to load (indexer.codec.blocks). Whoosh's own writer stays at 2."""
    docs = sorted(library.documents.values(), key=lambda d: d.id)[:5]
    entries = entries_of(library)
    ix = new_index(tmp_path / "ours")
    writers.write_all(ix, docs, entries)
    assert _block_protocols(ix, "body") == {BLOCK_PROTOCOL}
    whoosh = with_whoosh(tmp_path / "whoosh", docs, entries)
    assert _block_protocols(whoosh, "body") == {2}
    assert contents(ix) == contents(whoosh)
