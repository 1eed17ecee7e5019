"""Any text, filters, page and sort through ``search``: typed data, never an error.

The query function sits behind both the site and the CLI; whatever a
practitioner types, or a script sends, it must answer with results or none.
"""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings

from indexer.search.query import MAX_QUERY_LENGTH, search
from tests.hardening import strategies as st
from tests.hardening.library import STABLE_QUERY

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
@FUZZ
@given(q=st.query_text, filters=st.filters, page=st.page_numbers,
       page_size=st.page_numbers, sort=st.sorts)
def test_search_answers_anything_with_typed_data(handle, q, filters, page,
                                                 page_size, sort):
    data = search(handle, q, filters, page, page_size, sort)
    assert data.total >= len(data.results) >= 0
    assert len(data.query) <= MAX_QUERY_LENGTH
    if q.isascii() and len(q) <= MAX_QUERY_LENGTH:
        assert not data.truncated
    json.dumps(dataclasses.asdict(data))  # plain data all the way down


def test_overlong_query_is_cut_and_says_so(handle):
    data = search(handle, f"{STABLE_QUERY} " + "x" * 10_000, {}, 1, 10, "relevance")
    assert data.truncated is True
    assert len(data.query) <= MAX_QUERY_LENGTH
    assert data.total >= 1


def test_a_query_at_the_limit_is_not_cut(handle):
    data = search(handle, "a" * MAX_QUERY_LENGTH, {}, 1, 10, "relevance")
    assert data.truncated is False
