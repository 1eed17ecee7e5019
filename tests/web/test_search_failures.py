"""A fault inside search is an error page and a log line, never "no results"."""

from __future__ import annotations

import logging

import pytest

from indexer.codec.scoring import CachedLengthBM25F
from indexer.search.query import search
from web.stores import get_index

QUERY = "nrm referral"


class ScoringError(RuntimeError):
    pass


@pytest.fixture
def broken_scoring(monkeypatch):
    """Fault injection: scoring a matching section raises, as a bug in a ranking
    change would. Only the search itself scores; snippets do not."""
    original = CachedLengthBM25F.scorer

    def scorer(self, searcher, fieldname, text, qf=1):
        found = original(self, searcher, fieldname, text, qf)

        def score(*_args):
            raise ScoringError(f"cannot score {text!r}")

        # the search scores postings through both (indexer.search.rerank uses
        # _score, through indexer.codec.scoring.score_function)
        found.score = found._score = score
        return found

    monkeypatch.setattr(CachedLengthBM25F, "scorer", scorer)


def test_the_engine_raises_instead_of_finding_nothing(app, broken_scoring):
    with app.app_context(), pytest.raises(ScoringError):
        search(get_index(), QUERY)


@pytest.mark.parametrize(("path", "json"), [("/search", False),
                                             ("/api/search", True)])
def test_the_site_answers_500_and_logs_type_and_traceback_only(
        client, broken_scoring, caplog, path, json):
    with caplog.at_level(logging.ERROR):
        response = client.get(path, query_string={"q": QUERY})
    assert response.status_code == 500
    if json:
        assert response.get_json()["error"]["status"] == 500
    else:
        assert "Sorry, there is a problem with the service" in response.text
    logged = [r.getMessage() for r in caplog.records if r.name == "web.errors"]
    assert len(logged) == 1
    assert "Unhandled ScoringError on " + path in logged[0]
    assert 'File "' in logged[0] and "raise ScoringError" in logged[0]  # the traceback
    everything = caplog.text + " ".join(logged)
    for word in QUERY.split():
        assert word not in everything.lower()


def test_the_index_stays_healthy_for_the_next_search(client, broken_scoring,
                                                      monkeypatch):
    client.get("/search", query_string={"q": QUERY})
    monkeypatch.undo()
    assert "results" in client.get("/search", query_string={"q": QUERY}).text
