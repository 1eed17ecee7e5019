"""A term's postings as arrays (indexer.search.columns) equal Whoosh's own postings."""

from __future__ import annotations

from whoosh import fields, index

from indexer.search.columns import ENTRY_OVERHEAD, ColumnCache
from tests.indexer.helpers import whoosh_postings

SCHEMA = fields.Schema(body=fields.TEXT(phrase=False))
DOCS = 700  # several blocks of 128 postings


def _build(folder) -> index.Index:
    folder.mkdir()
    ix = index.create_in(str(folder), SCHEMA)
    with ix.writer() as writer:
        for n in range(DOCS):
            words = ["exploitation"] * (1 + n % 4) if n % 3 else ["filler"]
            writer.add_document(body=" ".join(words))
    return ix



def test_a_column_holds_every_posting_with_its_frequency(tmp_path):
    ix = _build(tmp_path / "index")
    cache = ColumnCache(max_bytes=10**6)
    with ix.reader() as reader:
        for word in ("exploitation", "filler"):
            column = cache.get(reader, "body", word)
            found = list(zip(column.docnums.tolist(), column.weights.tolist(),
                             strict=True))
            assert found == whoosh_postings(reader, word)
        assert len(cache.get(reader, "body", "exploitation").docnums) > 256


def test_a_missing_term_gives_an_empty_column(tmp_path):
    ix = _build(tmp_path / "index")
    with ix.reader() as reader:
        assert len(ColumnCache(10**6).get(reader, "body", "absent").docnums) == 0


def test_the_bound_in_bytes_holds_and_the_oldest_goes_first(tmp_path):
    ix = _build(tmp_path / "index")
    with ix.reader() as reader:
        big = ColumnCache(10**6).get(reader, "body", "exploitation").nbytes
        cache = ColumnCache(max_bytes=big + ENTRY_OVERHEAD + 10)
        cache.get(reader, "body", "filler")
        assert len(cache.entries) == 1
        cache.get(reader, "body", "exploitation")
        assert cache.size <= cache.max_bytes
        assert len(cache.entries) == 1  # "filler" went to make room
        assert next(iter(cache.entries))[-1] == "exploitation"
