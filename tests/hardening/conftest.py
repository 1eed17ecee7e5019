"""Shared fixtures: a small library and its index, built once per module."""

from __future__ import annotations

import pytest

from tests.hardening.library import make_library


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(guidance folder, index folder) with a full index already built."""
    from indexer.build import build_index

    top = tmp_path_factory.mktemp("built")
    guidance = make_library(top / "guidance")
    build_index(guidance, top / "index", full=True)
    return guidance, top / "index"


@pytest.fixture(scope="module")
def handle(built):
    from indexer.query import open_searcher_index

    return open_searcher_index(built[1])
