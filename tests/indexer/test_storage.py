"""Index files read with positional reads: the same bytes and the same search
results as Whoosh's own storage, without a copy of each file per reader."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile

from indexer.build.builder import build_index
from indexer.codec.storage import WINDOW, ReadFile, ReadStorage
from indexer.search import handle as handle_module
from indexer.search.query import open_searcher_index, search

REAL_GUIDANCE = Path(__file__).resolve().parents[2] / "guidance"
QUERIES = ["nrm", "county lines", "trafficked child turning 18", "age assessment",
           "section 45 defence", "missing children", "emergency", "modern slavery",
           "referal", "police and social care"]


@pytest.fixture
def data(tmp_path) -> tuple[Path, bytes]:
    """A file of pickles, lines and raw bytes, longer than the read window."""
    parts = [pickle.dumps(("block", n, 0.5, None, n * 3)) for n in range(400)]
    body = b"".join(parts) + b"first line\nsecond line\n" + bytes(range(256)) * 40
    path = tmp_path / "data.bin"
    path.write_bytes(body)
    return path, body


def test_reads_give_the_same_bytes_as_an_in_memory_file(data):
    path, body = data
    storage = ReadStorage(str(path.parent))
    ours, theirs = storage.open_file(path.name), BufferFile(memoryview(body))
    try:
        for file in (ours, theirs):
            file.seek(0)
        assert [ours.read_pickle() for _ in range(400)] == \
            [theirs.read_pickle() for _ in range(400)]
        assert ours.tell() == theirs.tell()
        assert ours.readline() == theirs.readline() == b"first line\n"
        assert next(iter(ours)) == b"second line\n"
        theirs.readline()
        assert ours.read(5) == theirs.read(5)
        for position, length in [(0, 4), (WINDOW - 2, 10), (len(body) - 3, 10),
                                 (100, 3 * WINDOW), (len(body) + 5, 4)]:
            assert ours.get(position, length) == theirs.get(position, length)
        ours.seek(-7, 2)
        theirs.seek(-7, 2)
        assert ours.read() == theirs.read() == body[-7:]
        with pytest.raises(OSError, match="reading only"):
            ours.write(b"x")
    finally:
        ours.close()


def test_parts_of_one_file_keep_their_own_positions(data):
    path, body = data
    whole = ReadStorage(str(path.parent)).open_file(path.name)
    try:
        first, second = whole.subset(10, 100), whole.subset(5000, 300)
        assert first.read(20) == body[10:30]
        assert second.read(20) == body[5000:5020]
        assert first.read(20) == body[30:50]
        assert second.read() == body[5020:5300]
        assert second.read(1) == b""
        first.close()  # a part does not close the file it was cut from
        assert whole.get(0, 3) == body[:3]
    finally:
        whole.close()


def test_search_results_are_the_same_as_through_whoosh_storage(tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    build_index(REAL_GUIDANCE, index_dir, full=True)
    with open_searcher_index(index_dir) as ours:
        found = [search(ours, q) for q in QUERIES]
    monkeypatch.setattr(handle_module, "ReadStorage",
                        lambda path: FileStorage(path, readonly=True))
    with open_searcher_index(index_dir) as theirs:
        expected = [search(theirs, q) for q in QUERIES]
    for mine, whoosh in zip(found, expected, strict=True):
        assert (mine.total, mine.facets, mine.suggestion) == \
            (whoosh.total, whoosh.facets, whoosh.suggestion)
        assert [(r.doc_id, [(s.anchor, s.snippet) for s in r.sections])
                for r in mine.results] == \
            [(r.doc_id, [(s.anchor, s.snippet) for s in r.sections])
             for r in whoosh.results]


def test_a_searcher_holds_no_copy_of_the_index_files(tmp_path):
    index_dir = tmp_path / "index"
    build_index(REAL_GUIDANCE, index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        search(handle, "nrm referral")
        with handle.searching() as (searchers, _gen):
            leaves = searchers.sections.reader().leaf_readers()
            files = [leaf._terms._postfile for leaf, _offset in leaves]
    # Whoosh's own storage gives a BufferFile holding a copy of the whole file.
    assert files and all(isinstance(f, ReadFile) for f in files)
