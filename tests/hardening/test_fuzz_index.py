"""Random documents through the indexer: a clear outcome, and a searchable index.

A document that passes ``kb check`` may still hold any Unicode in its title,
keywords and body; one that fails is left out of the index with a count.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hst

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from tests.hardening.library import STABLE_QUERY, make_library
from tests.hardening.strategies import document_files, valid_document, valid_documents

FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    top = tmp_path_factory.mktemp("fuzz-index")
    return make_library(top / "guidance"), top / "index"


@FUZZ
@given(content=hst.one_of(valid_documents, document_files))
# Text without a single indexable word once crashed Whoosh's word-pair filter.
@example(content=valid_document(":", "0", [], ""))
@example(content=valid_document("It is", "The", [], ""))
def test_any_document_builds_a_searchable_index(workspace, content):
    guidance, index_dir = workspace
    shutil.rmtree(index_dir, ignore_errors=True)
    (guidance / "fuzzed.md").write_bytes(content)
    summary = build_index(guidance, index_dir, full=True)
    assert summary.documents in (5, 6)
    assert summary.skipped <= 1  # a broken link is counted, yet still indexed
    handle = open_searcher_index(index_dir)
    assert search(handle, STABLE_QUERY).total >= 5
    entry = handle.meta.documents.get("fuzzed")
    if entry and entry.title:
        search(handle, entry.title)  # answers, whatever the title holds
