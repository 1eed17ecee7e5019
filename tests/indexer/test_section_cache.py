"""A generation keeps the labels of the sections used last, within a bound."""

from __future__ import annotations

from indexer.build.builder import build_index
from indexer.search import handle as handle_module
from indexer.search.handle import SectionCache
from indexer.search.query import search

QUERIES = ["child", "missing police", "county lines", "referral consent",
           "prosecution drugs"]


def stored(searcher, docnum: int) -> tuple[str, str, str, str]:
    fields = searcher.stored_fields(docnum)
    return (fields["doc_id"], fields["anchor"], fields["number"], fields["heading"])


def test_the_bound_holds_and_the_oldest_goes_first(handle):
    with handle.searching() as (searchers, _gen):
        searcher = searchers.sections
        count = searcher.doc_count_all()
        assert count > 6
        cache = SectionCache(3)
        for docnum in range(count):
            assert cache.get(searcher, docnum) == stored(searcher, docnum)
            assert len(cache) == min(docnum + 1, 3)
            cache.get(searcher, 0)  # used after every other: never the oldest
        assert list(cache._kept) == [count - 2, count - 1, 0]


def test_a_generation_holds_no_more_than_sections_kept(guidance, index_dir,
                                                       open_handle, monkeypatch):
    build_index(guidance, index_dir, full=True)
    roomy = open_handle(index_dir)
    expected = [search(roomy, q) for q in QUERIES]
    with roomy.searching() as (_searchers, gen):
        assert len(gen.sections) > 3  # the queries show more sections than that
    monkeypatch.setattr(handle_module, "SECTIONS_KEPT", 3)
    tight = open_handle(index_dir)
    assert [search(tight, q) for q in QUERIES] == expected
    with tight.searching() as (_searchers, gen):
        assert len(gen.sections) == 3
