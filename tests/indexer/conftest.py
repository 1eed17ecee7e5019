from pathlib import Path

import pytest

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index
from tests.indexer.helpers import make_guidance


@pytest.fixture
def guidance(tmp_path) -> Path:
    return make_guidance(tmp_path / "guidance")


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def handle(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        yield handle


@pytest.fixture
def open_handle():
    """Open handles like the site does; all are closed after the test."""
    handles = []

    def opener(index_dir: Path):
        handles.append(open_searcher_index(index_dir))
        return handles[-1]

    yield opener
    for handle in handles:
        handle.close()


@pytest.fixture(scope="module")
def real_handle(tmp_path_factory):
    """The bundled guidance, indexed once per test module."""
    index_dir = tmp_path_factory.mktemp("real")
    build_index(Path("guidance"), index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        yield handle
