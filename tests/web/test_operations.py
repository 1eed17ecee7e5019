"""Headers on every response, error pages, a missing index, logs, auto-reindex."""

from __future__ import annotations

import logging
import time

import pytest
from flask import Flask

from tests.web.conftest import make_app, write_small_guidance
from web.access_log import DropQueryStrings

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assert_secure(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize("url", [
    "/", "/search?q=nrm", "/doc/national-referral-mechanism", "/doc/nope",
    "/api/search?q=nrm", "/api/documents/nope", "/healthz", "/static/govuk/site.css",
    "/glossary", "/no-such-page",
])
def test_security_headers_on_every_response(client, url):
    with client.get(url) as response:
        assert_secure(response)


def test_search_pages_are_not_cached(client):
    assert client.get("/search?q=nrm").headers["Cache-Control"] == "no-store"
    assert client.get("/api/search?q=nrm").headers["Cache-Control"] == "no-store"


@pytest.fixture
def broken_app(small_site) -> Flask:
    """Not in testing mode, so errors are handled as in production."""
    app = make_app(*small_site, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    return app


def test_500_is_styled_with_no_traceback(broken_app, caplog):
    caplog.set_level(logging.CRITICAL)
    response = broken_app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "secret detail" not in html
    assert_secure(response)


def test_missing_index_gives_503_pages_but_documents_still_work(small_site, tmp_path,
                                                                caplog):
    caplog.set_level(logging.CRITICAL)
    client = make_app(small_site[0], tmp_path / "no-index").test_client()
    page = client.get("/search?q=nrm")
    assert page.status_code == 503
    assert "search is not available" in page.get_data(as_text=True)
    assert_secure(page)
    api = client.get("/api/search?q=nrm")
    assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["status"] == "unavailable"
    assert health.get_json()["reason"]
    assert client.get("/doc/new-note").status_code == 200


def test_corrupt_index_gives_503(small_site, tmp_path, caplog):
    caplog.set_level(logging.CRITICAL)
    index_dir = tmp_path / "index"
    (index_dir / "gen-000001").mkdir(parents=True)
    (index_dir / "gen-000001" / "meta.json").write_text("{not json", "utf-8")
    (index_dir / "current").symlink_to("gen-000001")
    client = make_app(small_site[0], index_dir).test_client()
    assert client.get("/search?q=nrm").status_code == 503
    assert client.get("/healthz").status_code == 503


def test_access_log_drops_query_strings():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1,
        '127.0.0.1 - - [date] "%s" %s %s',
        ("GET /search?q=Jane+Doe&type=x HTTP/1.1", "200", "-"), None)
    DropQueryStrings().filter(record)
    line = record.getMessage()
    assert "Jane" not in line and "GET /search HTTP/1.1" in line


def test_werkzeug_logger_has_the_filter(app):
    filters = logging.getLogger("werkzeug").filters
    assert any(isinstance(f, DropQueryStrings) for f in filters)


def test_changed_guidance_shows_on_next_page_load(tmp_path):
    from indexer.build.builder import build_index

    guidance = write_small_guidance(tmp_path / "guidance")
    build_index(guidance, tmp_path / "index", full=True)
    client = make_app(guidance, tmp_path / "index", AUTO_REINDEX=True).test_client()
    assert client.get("/api/search?q=zebra").get_json()["total"] == 0
    note = guidance / "practice-notes" / "new-note.md"
    time.sleep(0.01)
    note.write_text(note.read_text("utf-8").replace(
        "Wait for the decision.", "Wait for the zebra decision."), "utf-8")
    assert "zebra" in client.get("/doc/new-note").get_data(as_text=True)
    assert client.get("/api/search?q=zebra").get_json()["total"] == 1
