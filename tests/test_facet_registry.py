"""A facet over a new front-matter field is one entry in ``kb.facets.FACETS``
and its values in the library's ``vocabulary.yml``: with no other change it
is a known field, validated, indexed, counted, filtered, browsed, shown on the
document page and described and served by the API.

The test adds a made-up facet, ``setting``, over a field no document had
(``settings``), to the registry at run time, and writes a library with its
vocabulary in tmp_path. Nothing else in the code knows of it.
"""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from kb import facets, schema
from kb.check_report import run_check
from kb.facets import Facet
from tests.indexer.helpers import make_guidance
from web import create_app

SETTING = Facet("setting", "settings", "settings", "Where it happens", multi=True,
                browse="Browse by setting", browse_rank=9, required=False,
                shown="Settings")
VOCABULARY = "\nsettings:\n  hotel: Hotels and travel hubs\n  school: Schools\n"


def add_settings(guidance, doc_id: str, settings: str) -> None:
    path = guidance / "practice-notes" / f"{doc_id}.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("reviewed:", f"settings: {settings}\nreviewed:", 1),
                    "utf-8")


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(facets, "FACETS", (*facets.FACETS, SETTING))


@pytest.fixture
def library(tmp_path, registry):
    guidance = make_guidance(tmp_path / "guidance")
    with (guidance / "vocabulary.yml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(VOCABULARY)
    add_settings(guidance, "county-lines", "[school]")
    add_settings(guidance, "legal-note", "[school, hotel]")
    build_index(guidance, tmp_path / "index", full=True)
    return guidance, tmp_path / "index"


@pytest.fixture
def client(library):
    guidance, index_dir = library
    return create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                       "INDEX_DIR": str(index_dir),
                       "AUTO_REINDEX": False}).test_client()


def test_the_field_is_known_and_optional(registry):
    assert "settings" in schema.optional_fields()
    assert "settings" not in schema.required_fields()


def test_a_library_with_the_field_checks_clean(library):
    guidance, _ = library
    report = run_check([guidance])
    assert [p for p in report.problems if "settings" in (p.field or "")] == []


def test_values_are_checked_against_the_vocabulary(library):
    guidance, _ = library
    add_settings(guidance, "nrm-referral", "[unknown-place]")
    errors = [p for p in run_check([guidance]).problems if p.severity == "error"]
    errors = [p for p in errors if p.path.endswith("nrm-referral.md")]
    assert [p.field for p in errors] == ["settings"]
    assert "unknown value 'unknown-place'" in errors[0].message


def test_indexed_counted_and_filtered(library):
    _, index_dir = library
    with open_searcher_index(index_dir) as handle:
        assert handle.meta.labels["setting"] == {"hotel": "Hotels and travel hubs",
                                                 "school": "Schools"}
        everything = search(handle, "child")
        counts = {v.value: v.count for v in everything.facets["setting"]}
        assert counts == {"hotel": 1, "school": 2}
        narrowed = search(handle, "child", filters={"setting": ["hotel"]})
        assert [r.doc_id for r in narrowed.results] == ["legal-note"]
        fielded = search(handle, "setting:school")
        assert sorted(r.doc_id for r in fielded.results) == ["county-lines",
                                                              "legal-note"]


def test_browsed_and_filtered_on_the_site(client):
    browse = client.get("/browse").get_data(as_text=True)
    assert "Browse by setting" in browse
    value = client.get("/browse/setting/school").get_data(as_text=True)
    assert "County lines" in value and "Prosecution of exploited children" in value
    page = client.get("/search?q=child&setting=hotel").get_data(as_text=True)
    assert "Remove filter" in page and "Hotels and travel hubs" in page


def test_shown_on_the_document_page(client):
    page = client.get("/doc/legal-note").get_data(as_text=True)
    assert "Settings" in page and "Schools, Hotels and travel hubs" in page
    without = client.get("/doc/nrm-referral").get_data(as_text=True)
    assert "Settings" not in without


def test_described_by_the_openapi_description(client):
    spec = client.get("/api/openapi.json").get_json()
    parameters = spec["paths"]["/api/search"]["get"]["parameters"]
    assert "setting" in [p["name"] for p in parameters]
    schemas = spec["components"]["schemas"]
    assert "setting" in schemas["SearchResponse"]["properties"]["facets"][
        "propertyNames"]["enum"]
    summary = schemas["DocumentSummary"]
    assert summary["properties"]["settings"]["type"] == "array"
    assert "settings" in summary["required"]


def test_served_by_the_api_as_described(client):
    spec = client.get("/api/openapi.json").get_json()
    data = client.get("/api/search?q=child&setting=hotel").get_json()
    assert [r["doc_id"] for r in data["results"]] == ["legal-note"]
    assert [v["value"] for v in data["facets"]["setting"] if v["selected"]] == ["hotel"]
    document = client.get("/api/documents/legal-note").get_json()
    assert document["settings"] == ["school", "hotel"]
    assert client.get("/api/documents/nrm-referral").get_json()["settings"] == []
    validator = Draft202012Validator(
        {**spec, "$ref": "#/components/schemas/DocumentDetail"})
    assert list(validator.iter_errors(document)) == []
