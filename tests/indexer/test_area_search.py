"""Search with an area finds that area's local documents and never another's;
without an area, no local document is found. A real index in tmp_path."""

from __future__ import annotations

import pytest

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from tests.area_fixtures import AREAS, LOCAL_WORD, write_library
from tests.indexer.oracle import reference_search


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("areas")
    guidance = write_library(tmp / "guidance")
    build_index(guidance, tmp / "index", full=True)
    return tmp / "index"


def _ids(handle, q: str, area=None, exhaustive=False) -> list[str]:
    filters = {"area": area} if area is not None else None
    run = reference_search if exhaustive else search
    found = run(handle, q, filters=filters)
    return sorted(r.doc_id for r in found.results)


@pytest.mark.parametrize("exhaustive", [False, True])
@pytest.mark.parametrize("area", sorted(AREAS))
def test_an_area_finds_its_own_local_documents_and_no_others(index_dir, area,
                                                              exhaustive):
    with open_searcher_index(index_dir) as handle:
        assert _ids(handle, LOCAL_WORD, [area], exhaustive) == [f"{area}-referrals"]
        everything = _ids(handle, "referral OR social", [area], exhaustive)
    others = {f"{other}-referrals" for other in AREAS if other != area}
    assert f"{area}-referrals" in everything and "national-note" in everything
    assert not others & set(everything)


@pytest.mark.parametrize("exhaustive", [False, True])
def test_without_an_area_no_local_document_is_found(index_dir, exhaustive):
    with open_searcher_index(index_dir) as handle:
        assert _ids(handle, LOCAL_WORD, None, exhaustive) == []
        assert _ids(handle, "referral OR social", None, exhaustive) == ["national-note"]


def test_two_areas_asked_for_at_once_give_one_area_only(index_dir):
    with open_searcher_index(index_dir) as handle:
        found = _ids(handle, LOCAL_WORD, sorted(AREAS))
    assert len(found) == 1


def test_an_unknown_area_is_ignored_and_shows_no_local_document(index_dir):
    with open_searcher_index(index_dir) as handle:
        assert _ids(handle, LOCAL_WORD, ["nowhere"]) == []


def test_counts_agree_with_the_reference_count(index_dir):
    with open_searcher_index(index_dir) as handle:
        fast = search(handle, "referral OR social", filters={"area": ["ambridge"]})
        slow = reference_search(handle, "referral OR social",
                                filters={"area": ["ambridge"]})
    assert fast.total == slow.total == 2
    assert fast.facets == slow.facets
