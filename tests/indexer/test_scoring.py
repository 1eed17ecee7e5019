"""Cached field lengths give exactly Whoosh's own BM25F scores."""

import random

from whoosh import fields, index
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import Term
from whoosh.scoring import BM25F

from indexer.build.builder import build_index
from indexer.codec.scoring import CachedLengthBM25F, _length_bytes, field_lengths
from indexer.generations import current_folder
from tests.indexer.helpers import write_doc


def test_scores_equal_whooshs_bm25f(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    ix = index.open_dir(str(current_folder(index_dir)))
    query = MultifieldParser(["title", "heading", "body"], ix.schema,
                             group=OrGroup).parse("county lines exploitation missing")
    with ix.searcher(weighting=BM25F()) as plain, \
            ix.searcher(weighting=CachedLengthBM25F()) as cached:
        expected = [(hit.docnum, round(hit.score, 9)) for hit in plain.search(query)]
        found = [(hit.docnum, round(hit.score, 9)) for hit in cached.search(query)]
    assert found == expected
    assert len(expected) >= 3


def test_lengths_read_whole_equal_whooshs_one_by_one(guidance, index_dir):
    """On every segment of an edited index (deletions, several segments), for
    every scored field, the column read at once gives what Whoosh gives."""
    build_index(guidance, index_dir, full=True)
    for n in range(3):
        write_doc(guidance, "county-lines", "County lines", "## What it is "
                  "{#what-it-is}\n\n" + "Deal lines and cuckooing. " * (n * 40))
        build_index(guidance, index_dir)
    ix = index.open_dir(str(current_folder(index_dir)))
    with ix.reader() as top:
        readers = [r for r, _offset in top.leaf_readers()]
        assert len(readers) > 1 and any(r.has_deletions() for r in readers)
        for reader in readers:
            for name in ix.schema.scorable_names():
                whooshs = [reader.doc_field_length(n, name, 1) or 1
                           for n in range(reader.doc_count_all())]
                assert _length_bytes(reader, name) is not None
                assert list(field_lengths(reader, name)) == whooshs, name


def test_lengths_are_read_once_per_reader(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    ix = index.open_dir(str(current_folder(index_dir)))
    with ix.reader() as reader:
        lengths = field_lengths(reader, "body")
        assert field_lengths(reader, "body") is lengths
        assert list(lengths) == [reader.doc_field_length(n, "body", 1) or 1
                                 for n in range(reader.doc_count_all())]


def _seeded(folder, filler: int) -> index.Index:
    """Ten documents that hold "harbour" once, the n-th padded with n x
    ``filler`` other words, written with Whoosh's random generator seeded."""
    folder.mkdir()
    random.seed(3)
    ix = index.create_in(str(folder), fields.Schema(body=fields.TEXT(phrase=False)))
    with ix.writer() as writer:
        for n in range(10):
            writer.add_document(body=" ".join(["harbour"] + ["filler"] * (filler * n)))
    return ix


def _scores(ix: index.Index, weighting) -> list[tuple[int, float]]:
    with ix.searcher(weighting=weighting) as searcher:
        return [(hit.docnum, round(hit.score, 9))
                for hit in searcher.search(Term("body", "harbour"), limit=None)]


def test_indexes_built_with_the_same_seed_keep_their_own_lengths(tmp_path):
    short, long = _seeded(tmp_path / "short", 1), _seeded(tmp_path / "long", 7)
    with short.reader() as a, long.reader() as b:
        # Whoosh repeats the segment id: lengths kept under it would be shared.
        assert a.segment().segment_id() == b.segment().segment_id()
        assert a.doc_count_all() == b.doc_count_all()
    assert _scores(short, BM25F()) != _scores(long, BM25F())
    for ix in (short, long, short):
        assert _scores(ix, CachedLengthBM25F()) == _scores(ix, BM25F())
