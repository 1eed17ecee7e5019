"""Totals and facet counts are exact for every query form, not a bound.

Field queries, exclusions, phrases and AND / OR / NOT used to count every
document the document-level pass could not rule out ("title:referral" said 56
results and listed 2). A property test draws queries from the query grammar
over a synthetic library and checks totals, facet counts and first pages
against a brute-force count and the exhaustive ranking.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from indexer.build.builder import build_index
from indexer.search import engine, query
from indexer.search.engine import EXACT_SECTIONS
from indexer.search.parsing import parse
from indexer.search.query import open_searcher_index, search
from tests.indexer.oracle import reference_search
from tests.indexer.test_engine import FILTERS, brute_force, page_ids

WORDS = ["trafficking", "child", "police", "referral", "missing", "exploitation",
         "county", "lines", "age", "guardian", "indicators", "slavery", "care",
         "nrm", "defence", "interview"]
FIELDS = ["title", "heading", "body", "keywords", "summary"]


@pytest.fixture(autouse=True)
def no_time_limit(monkeypatch):
    """Both paths run to the end whatever the machine's load."""
    monkeypatch.setattr(query, "SEARCH_TIME_LIMIT", 3600.0)


@pytest.fixture(scope="module")
def handle(tmp_path_factory):
    library = generate(tmp_path_factory.mktemp("lib") / "guidance", scale=2).root
    index_dir = tmp_path_factory.mktemp("index")
    build_index(library, index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        yield handle


def listed(handle, q: str) -> int:
    """How many documents the pages list, read page by page."""
    count, page = 0, 1
    while True:
        data = search(handle, q, page=page, literal=True)
        count += len(data.results)
        if page >= data.pages or not data.results:
            return count
        page += 1


@pytest.mark.parametrize("q", ["title:referral", "heading:indicators",
                               "trafficking -police", '"referral mechanism"',
                               "child AND police", "missing NOT police"])
def test_the_total_is_what_the_pages_list(real_handle, q):
    data = search(real_handle, q, literal=True)
    total = brute_force(real_handle, q, {})[0]
    assert data.total == total == listed(real_handle, q) > 0


def everything(handle, q: str, filters: dict) -> list[str]:
    """Every document the exhaustive reference lists, page by page."""
    first = reference_search(handle, q, filters=filters, literal=True,
                   page_size=200)
    return page_ids(first)


def clause() -> st.SearchStrategy[str]:
    word = st.sampled_from(WORDS)
    return st.one_of(
        word,
        st.builds("{}:{}".format, st.sampled_from(FIELDS), word),
        st.lists(word, min_size=2, max_size=2, unique=True).map(
            lambda pair: '"{} {}"'.format(*pair)),
    )


QUERIES = st.one_of(
    clause(),
    st.builds("{} -{}".format, clause(), st.sampled_from(WORDS)),
    st.builds("{} {} {}".format, clause(), st.sampled_from(["AND", "OR", "NOT"]),
              clause()),
    st.builds("{} {}".format, clause(), clause()),
)


def refined(handle, q: str) -> bool:
    """Whether the section index decides ``q`` (operators, phrases, words in
    one field) and it matches few enough sections (``EXACT_SECTIONS``) for
    every match to be ranked, as the oracle does."""
    if not any(mark in q for mark in ('"', ":", " -", " AND ", " NOT ")):
        return False
    with handle.searching() as (searchers, gen):
        query = parse(searchers.sections, q, gen.meta.glossary).query
        return sum(1 for _ in searchers.sections.docs_for_query(query)) \
            <= EXACT_SECTIONS


def test_most_refined_queries_here_are_under_the_exact_limit(handle):
    """Else the property test below would check the candidate pass instead."""
    assert refined(handle, "child -police")
    assert refined(handle, "title:referral")
    assert not refined(handle, "child police")


def test_a_refined_query_matching_many_sections_uses_the_candidates(handle,
                                                                      monkeypatch):
    """Past the limit the first page comes from the candidate pass, and the
    total stays exact."""
    q = "child -police"
    exact = search(handle, q, literal=True)
    monkeypatch.setattr(engine, "EXACT_SECTIONS", 0)
    chosen = search(handle, q, literal=True)
    assert chosen.total == exact.total == brute_force(handle, q, {})[0]
    assert page_ids(chosen)[:3] == page_ids(exact)[:3]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES, filters=st.sampled_from(FILTERS))
def test_totals_counts_and_first_pages_equal_the_references(handle, q, filters):
    fast = search(handle, q, filters=filters, literal=True)
    slow = reference_search(handle, q, filters=filters, literal=True)
    assert (fast.total, fast.facets, fast.fuzzy) == (
        slow.total, slow.facets, slow.fuzzy), (q, filters)
    if refined(handle, q):  # every match was ranked: the oracle's page
        assert page_ids(fast) == page_ids(slow), (q, filters)
    elif not any(mark in q for mark in ('"', ":")):  # as test_engine: the top three
        assert page_ids(fast)[:3] == page_ids(slow)[:3], (q, filters)
    # Phrases and words in one field matching more sections than that choose
    # candidates on document-level scores of their words, which can rank a
    # long document lower than its best section does: membership only.
    assert len(page_ids(fast)) == len(page_ids(slow)), (q, filters)
    assert set(page_ids(fast)) <= set(everything(handle, q, filters)), (q, filters)
    if fast.fuzzy:  # near spellings were searched, not the query below
        return
    total, counts = brute_force(handle, q, filters)
    assert fast.total == total, (q, filters)
    for facet, values in fast.facets.items():
        assert {f.value: f.count for f in values} == {
            f.value: counts[facet][f.value] for f in values}, (q, facet)


def test_an_exclusion_excludes_the_first_wanted_section(tmp_path):
    """Whoosh's AndNot keeps the first wanted entry when the excluded word
    first occurs in an earlier one; ``Excluding`` does not."""
    from whoosh import index
    from whoosh.fields import TEXT, Schema
    from whoosh.query import AndNot, Term

    from indexer.search.exclusion import Excluding

    ix = index.create_in(tmp_path, Schema(body=TEXT))
    with ix.writer() as writer:
        for body in ["child", "county child", "county"]:
            writer.add_document(body=body)
    wanted, excluded = Term("body", "county"), Term("body", "child")
    with ix.searcher() as searcher:
        assert sorted(searcher.docs_for_query(AndNot(wanted, excluded))) == [1, 2]
        assert sorted(searcher.docs_for_query(Excluding(wanted, excluded))) == [2]
