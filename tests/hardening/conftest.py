"""Shared fixtures: a small library and its index, built once per module."""

from __future__ import annotations

import pytest

from tests.hardening.library import make_library


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(guidance folder, index folder) with a full index already built."""
    from indexer.build.builder import build_index

    top = tmp_path_factory.mktemp("built")
    guidance = make_library(top / "guidance")
    build_index(guidance, top / "index", full=True)
    return guidance, top / "index"


@pytest.fixture(scope="module")
def handle(built):
    from indexer.search.query import open_searcher_index

    return open_searcher_index(built[1])


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """(guidance, index) for the site: the small library, committed to git so
    history routes take their real path, with a full index."""
    from indexer.build.builder import build_index
    from tests.kb.helpers import git

    top = tmp_path_factory.mktemp("site")
    guidance = make_library(top / "guidance")
    git(top, "init", "-q", "-b", "main")
    git(top, "-c", "user.email=editor@example.org", "-c", "user.name=Editor",
        "commit", "-q", "--allow-empty", "-m", "Start")
    git(top, "add", ".")
    git(top, "-c", "user.email=editor@example.org", "-c", "user.name=Editor",
        "commit", "-q", "-m", "Add guidance")
    build_index(guidance, top / "index", full=True)
    return guidance, top / "index"


def make_site(guidance, index_dir):
    """The production app (not TESTING): errors take the path users would see."""
    from web import create_app

    return create_app({"GUIDANCE_DIR": str(guidance), "INDEX_DIR": str(index_dir),
                       "AUTO_REINDEX": False})


@pytest.fixture(scope="session")
def site_app(site):
    return make_site(*site)


@pytest.fixture
def site_client(site_app):
    return site_app.test_client()


@pytest.fixture(scope="session")
def production(site, tmp_path_factory):
    """(base URL, log folder) of gunicorn serving the site as in production."""
    from tests.hardening.servers import gunicorn

    logs = tmp_path_factory.mktemp("gunicorn-logs")
    with gunicorn(*site, logs) as url:
        yield url, logs
