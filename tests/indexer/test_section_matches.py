"""Matching sections by sets of posting ids gives what Whoosh's own matching
gives, for every query form, and stops at the deadline."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh.collectors import TimeLimit

from indexer.search.parsing import parse
from indexer.search.section_matches import matching_sections
from indexer.search.timelimit import Deadline

QUERIES = [
    "title:referral", "trafficking -police", "county -child", "NOT police",
    '"referral mechanism"', '"national referral mechanism"', '"child trafficking"',
    'summary:"modern slavery"', 'body:"section 47"', '"trafficking child" OR title:nrm',
    "child AND police", "(child OR police) AND NOT missing", "missing NOT police",
    "body:missing -heading:missing", "type:legislation child", "chld~ missing",
    '"no such words here"', "zzzz -child",
]


def both(handle, q: str, deadline: Deadline) -> tuple[np.ndarray, np.ndarray]:
    with handle.searching() as (searchers, gen):
        query = parse(searchers.sections, q, gen.meta.glossary).query
        cat = gen.catalogue(searchers)
        whoosh = np.array(sorted(searchers.sections.docs_for_query(query)), np.intp)
        ours = matching_sections(searchers.sections, cat.sections, cat.size, query,
                                 deadline)
    return whoosh, ours


@pytest.mark.parametrize("q", QUERIES)
def test_the_sets_match_what_whoosh_matches(real_handle, q):
    whoosh, ours = both(real_handle, q, Deadline.unlimited())
    assert ours.tolist() == whoosh.tolist()


def test_a_phrase_past_the_deadline_stops(real_handle):
    passed = Deadline(-1.0)
    with pytest.raises(TimeLimit):
        both(real_handle, '"child trafficking"', passed)
    assert passed.cut  # so the page says it was cut short
