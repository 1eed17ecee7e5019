"""A facet added in one place (``kb.facets.FACETS``) is validated, indexed,
counted, filtered, browsed and served by the API, with no other change."""

from __future__ import annotations

import pytest

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from kb import facets
from kb.check_report import run_check
from kb.facets import Facet
from tests.indexer.helpers import make_guidance
from web import create_app

# A new facet over an attribute documents already have: their keywords.
KEYWORD = Facet("keyword", "keywords", "keywords", "Keyword", multi=True,
                browse="Browse by keyword", browse_rank=9)
VOCABULARY = "\nkeywords:\n  age: Age assessment\n  gangs: Gangs\n"


def add_keywords(guidance, doc_id: str, keywords: str) -> None:
    path = guidance / "practice-notes" / f"{doc_id}.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("reviewed:", f"keywords: {keywords}\nreviewed:", 1),
                    "utf-8")


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.setattr(facets, "FACETS", (*facets.FACETS, KEYWORD))
    guidance = make_guidance(tmp_path / "guidance")
    with (guidance / "vocabulary.yml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(VOCABULARY)
    add_keywords(guidance, "county-lines", "[gangs]")
    add_keywords(guidance, "legal-note", "[gangs, age]")
    build_index(guidance, tmp_path / "index", full=True)
    return guidance, tmp_path / "index"


def test_values_are_checked_against_the_vocabulary(library):
    guidance, _ = library
    add_keywords(guidance, "nrm-referral", "[unknown-word]")
    errors = [p for p in run_check([guidance]).problems if p.severity == "error"]
    errors = [p for p in errors if p.path.endswith("nrm-referral.md")]
    assert [p.field for p in errors] == ["keywords"]
    assert "unknown value 'unknown-word'" in errors[0].message


def test_indexed_counted_and_filtered(library):
    _, index_dir = library
    with open_searcher_index(index_dir) as handle:
        assert handle.meta.labels["keyword"] == {"age": "Age assessment",
                                                 "gangs": "Gangs"}
        everything = search(handle, "child")
        counts = {v.value: v.count for v in everything.facets["keyword"]}
        assert counts == {"age": 1, "gangs": 2}
        narrowed = search(handle, "child", filters={"keyword": ["age"]})
        assert [r.doc_id for r in narrowed.results] == ["legal-note"]
        assert [r.doc_id for r in search(handle, "keyword:gangs").results] != []


def test_browsed_and_served_by_the_site_and_the_api(library):
    guidance, index_dir = library
    client = create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                         "INDEX_DIR": str(index_dir),
                         "AUTO_REINDEX": False}).test_client()
    browse = client.get("/browse").get_data(as_text=True)
    assert "Browse by keyword" in browse
    value = client.get("/browse/keyword/gangs").get_data(as_text=True)
    assert "County lines" in value and "Prosecution of exploited children" in value
    page = client.get("/search?q=child&keyword=age").get_data(as_text=True)
    assert "Remove filter" in page and "Age assessment" in page
    data = client.get("/api/search?q=child&keyword=age").get_json()
    assert [r["doc_id"] for r in data["results"]] == ["legal-note"]
    assert [v["value"] for v in data["facets"]["keyword"] if v["selected"]] == ["age"]
    document = client.get("/api/documents/legal-note").get_json()
    assert document["keywords"] == ["gangs", "age"]
