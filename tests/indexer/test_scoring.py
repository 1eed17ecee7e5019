"""Cached field lengths give exactly Whoosh's own BM25F scores."""

from whoosh import index
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.scoring import BM25F

from indexer.build import build_index
from indexer.generations import current_folder
from indexer.scoring import CachedLengthBM25F, field_lengths


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


def test_lengths_are_read_once_per_reader(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    ix = index.open_dir(str(current_folder(index_dir)))
    with ix.reader() as reader:
        lengths = field_lengths(reader, "body")
        assert field_lengths(reader, "body") is lengths
        assert list(lengths) == [reader.doc_field_length(n, "body", 1) or 1
                                 for n in range(reader.doc_count_all())]
