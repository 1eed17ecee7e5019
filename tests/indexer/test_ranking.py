"""Each ranking rule alone decides the order in a library made for it.

Every test here was checked by deleting its rule from ``indexer/search/query.py`` or
``indexer/search/parsing.py`` and watching it fail (CHANGES.md says so). The
libraries are small and the documents alike except for what the rule reads, so
without the rule the order flips (or falls to the tie-break, the document id).
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from whoosh.query import Term

from indexer.search import rerank, timelimit
from indexer.search.query import SEARCH_TIME_LIMIT, search
from tests.indexer import oracle
from tests.indexer.oracle import DeadlineCollector, TimeLimit
from tests.indexer.ranking import Doc, open_library, ranked_ids, shown_anchors


@pytest.fixture
def library(tmp_path):
    handles = []

    def opener(*docs: Doc):
        handles.append(open_library(tmp_path, list(docs)))
        return handles[-1]

    yield opener
    for handle in handles:
        handle.close()


def test_sort_by_updated_puts_the_newest_first(library):
    handle = library(
        Doc("a-older", "Older note", "## Bail {#bail}\n\nBail, bail and bail.\n",
            reviewed="2025-09-01"),
        Doc("b-newer", "Newer note", "## Bail {#bail}\n\nA word on bail.\n",
            reviewed="2026-01-10"))
    assert ranked_ids(search(handle, "bail")) == ["a-older", "b-newer"]
    assert ranked_ids(search(handle, "bail", sort="updated")) == ["b-newer", "a-older"]


def test_an_exact_title_beats_more_matching_text(library):
    handle = library(
        Doc("a-long", "Curfew checks, tagging and bail at home",
            "## Curfew checks {#checks}\n\nCurfew checks happen at night. Plan "
            "curfew checks with the family.\n"),
        Doc("b-exact", "Curfew checks", "## Overview {#overview}\n\nPlan visits.\n"))
    assert ranked_ids(search(handle, "curfew checks")) == ["b-exact", "a-long"]


def test_a_superseded_document_ranks_below_a_current_one(library):
    handle = library(
        Doc("a-old", "Old note", "## Interpreters {#interpreters}\n\nBook an "
            "interpreter. The interpreter should be independent.\n",
            status="superseded", superseded_by="b-new"),
        Doc("b-new", "New note", "## Interpreters {#interpreters}\n\nBook an "
            "interpreter early, before the first visit.\n"))
    assert ranked_ids(search(handle, "interpreter")) == ["b-new", "a-old"]


def test_weak_sections_are_cut_from_a_result(library):
    handle = library(Doc("a-note", "Home visits", """\
        ## Curfew {#curfew}

        A curfew sets the hours a child is at home. The curfew is checked.

        ## Other duties {#other}

        Visits cover school, health, housing, money, food, friends, sleep,
        transport, phones, online safety, family contact and, now and then, a
        curfew.
        """))
    assert shown_anchors(search(handle, "curfew"), "a-note") == ["curfew"]


def test_more_matching_sections_lift_a_document(library):
    handle = library(
        Doc("a-single", "First note",
            "## Tagging {#tagging}\n\nElectronic tagging rules.\n"),
        Doc("b-several", "Second note",
            "## Tagging {#tagging}\n\nElectronic tagging rules apply.\n\n"
            "## Tagging visits {#visits}\n\nTagging visits.\n\n"
            "## Tagging faults {#faults}\n\nTagging faults.\n"))
    assert ranked_ids(search(handle, "tagging")) == ["b-several", "a-single"]


def test_words_side_by_side_beat_the_same_words_apart(library):
    handle = library(
        Doc("a-apart", "First note",
            "## Duties {#duties}\n\nForced labour harms people; marriage law "
            "differs.\n"),
        Doc("b-together", "Second note",
            "## Duties {#duties}\n\nForced marriage harms people; labour law "
            "differs.\n"))
    assert ranked_ids(search(handle, "forced marriage")) == ["b-together", "a-apart"]


SAME = [Doc(f"note-{n}", f"Note {n}", "## Bail {#bail}\n\nBail.\n") for n in range(6)]


def slow_clock(monkeypatch, step: float) -> None:
    """Each reading of the search clock is ``step`` seconds after the last."""
    ticks = itertools.count(0.0, step)
    clock = SimpleNamespace(monotonic=lambda: next(ticks))
    for module in (oracle, timelimit, rerank):
        monkeypatch.setattr(module, "time", clock)


def test_deadline_collector_stops_and_keeps_what_it_found(library, monkeypatch):
    handle = library(*SAME)
    slow_clock(monkeypatch, 0.2)  # read at 0 (start), then 0.2, 0.4, 0.6 > 0.5
    with handle.searching() as (searchers, _gen):
        searcher = searchers.sections
        collector = DeadlineCollector(searcher.collector(limit=None), 0.5)
        with pytest.raises(TimeLimit):
            searcher.search_with_collector(Term("body", "bail"), collector)
        assert collector.timedout
        assert collector.results().scored_length() == 2


def test_a_search_past_its_deadline_still_counts_and_lists_every_match(
        library, monkeypatch):
    """Counting needs no scoring, so the total stays exact; the documents the
    ranking had no time for follow in candidate order."""
    handle = library(*SAME)
    assert search(handle, "bail").total == 6
    slow_clock(monkeypatch, SEARCH_TIME_LIMIT * 2)
    data = search(handle, "bail")
    assert data.total == 6 and len(data.results) == 6
    assert not data.complete  # and the page says so
