"""The JSON API against its own OpenAPI description."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from web import parameters
from web.api import openapi_spec


def check(name: str, data) -> None:
    """Validate ``data`` against ``#/components/schemas/<name>`` of the spec."""
    spec = openapi_spec()
    validator = Draft202012Validator({**spec, "$ref": f"#/components/schemas/{name}"})
    errors = sorted(validator.iter_errors(data), key=lambda e: e.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_openapi_description_is_served_and_valid(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    Draft202012Validator.check_schema(spec["components"]["schemas"]["SearchResponse"])
    assert {"/api/search", "/api/documents", "/api/documents/{doc_id}",
            "/healthz"} <= set(spec["paths"])


@pytest.mark.parametrize("query", [
    "q=nrm", "q=county+lines&audience=police&type=practice-note",
    "q=chld", "q=zzxxqqvv", "q=child&sort=updated&page=2&page_size=3",
])
def test_search_matches_the_spec(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200
    check("SearchResponse", response.get_json())


def test_search_takes_the_same_parameters_as_the_page(client):
    data = client.get("/api/search?q=nrm&type=legislation&page_size=2").get_json()
    assert data["page_size"] == 2
    assert all(r["type"] == "legislation" for r in data["results"])
    selected = [f["value"] for f in data["facets"]["type"] if f["selected"]]
    assert selected == ["legislation"]


def test_documents_list_matches_the_spec(client):
    data = client.get("/api/documents").get_json()
    check("DocumentList", data)
    assert data["total"] == len(data["documents"]) > 0


def test_document_detail_matches_the_spec(client):
    data = client.get("/api/documents/national-referral-mechanism").get_json()
    check("DocumentDetail", data)
    anchors = [s["anchor"] for s in data["sections"]]
    assert "first-responders" in anchors
    first = data["sections"][anchors.index("first-responders")]
    assert first["url"].endswith("/doc/national-referral-mechanism#first-responders")
    assert "&amp;" not in " ".join(s["heading"] for s in data["sections"])


@pytest.mark.parametrize(("url", "status"), [
    ("/api/documents/no-such-document", 404), ("/api/search", 400),
    ("/api/search?q=", 400), ("/api/no-such-route", 404),
])
def test_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json
    check("Error", response.get_json())
    assert response.get_json()["error"]["status"] == status


def test_healthz_matches_the_spec(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    check("Health", data)
    assert data["index"]["documents"] == data["library"]["documents"]
    assert data["index"]["sections"] > data["index"]["documents"]


@pytest.mark.parametrize(("query", "message"), [
    ("q=nrm&page=null", "page: expected a whole number; found 'null'."),
    ("q=nrm&page=0", "page: expected 1 or more; found 0."),
    ("q=nrm&page=1.5", "page: expected a whole number; found '1.5'."),
    ("q=nrm&page_size=51", "page_size: expected 50 or less; found 51."),
    ("q=nrm&page=1&page=2", "page: expected one value; found 2."),
    ("q=nrm&sort=best", "sort: expected one of relevance, updated; found 'best'."),
    ("q=nrm&status=draft",
     "status: expected one of current, superseded, withdrawn, historic; "
     "found 'draft'."),
    ("q=&page=x", "q: expected some text; found none; "
                  "page: expected a whole number; found 'x'."),
    ("page=x", "q: required; none given; page: expected a whole number; found 'x'."),
])
def test_search_refuses_parameters_its_description_does_not_allow(client, query,
                                                                   message):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": {"status": 400, "message": message}}


def test_the_search_page_stays_forgiving(client):
    assert client.get("/search?q=nrm&page=null&sort=best").status_code == 200


def test_query_parameters_use_only_keywords_the_api_checks():
    for path in openapi_spec()["paths"].values():
        for param in path.get("get", {}).get("parameters", []):
            schema = param["schema"]
            used = set(schema) | set(schema.get("items", {}))
            assert used <= parameters.SUPPORTED_KEYWORDS, (param["name"], used)


@pytest.mark.parametrize("url", ["/api/search?q=nrm", "/healthz", "/"])
def test_a_wrong_method_is_refused_with_the_allowed_ones(client, url):
    response = client.open(url, method="TRACE")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_every_link_in_search_results_is_absolute(client):
    data = client.get("/api/search?q=nrm").get_json()
    links = [r["url"] for r in data["results"]]
    links += [s["url"] for r in data["results"] for s in r["sections"]]
    links += [r["successor"]["url"] for r in data["results"] if r["successor"]]
    links += [b["url"] for b in data["best_bets"]]
    assert links and all(link.startswith("http://localhost/doc/") for link in links)
    assert not any("highlight" in link for link in links)


def test_the_page_and_the_api_link_the_same_sections(client):
    data = client.get("/api/search?q=nrm").get_json()
    page = client.get("/search?q=nrm").text
    for result in data["results"]:
        relative = result["url"].removeprefix("http://localhost")
        assert f'href="{relative}?highlight=nrm"' in page
