"""Ranking quality on the real library stays above the floors reached.

The floors are the numbers ``make relevance`` printed after the last tuning
step (see CHANGES.md), rounded down a little: a change that loses more than
that is a regression to look at, not noise.
"""

import pytest

from bench.relevance import DEFAULT_QUERIES, evaluate_library, load_cases
from kb.config import guidance_dir

FLOORS = {"mrr": 0.94, "success@1": 0.91, "success@3": 0.95, "ndcg@10": 0.93}


@pytest.fixture(scope="module")
def report():
    return evaluate_library(guidance_dir(), DEFAULT_QUERIES)


def test_queries_are_many_and_varied():
    cases = load_cases(DEFAULT_QUERIES)
    assert len(cases) >= 60
    assert {c["kind"] for c in cases} >= {"question", "keywords", "acronym",
                                          "misspelling"}
    assert len({c["audience"] for c in cases}) >= 10


def test_ranking_meets_its_floors(report):
    measured = {"mrr": report.mrr, "success@1": report.success(1),
                "success@3": report.success(3), "ndcg@10": report.ndcg10}
    below = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[k]}
    assert not below, f"{report.summary()}\n" + "\n".join(report.misses())
