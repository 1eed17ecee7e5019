"""Security headers on every route, error pages included, and nothing loaded from
another site: a query may hold a child's name, so no page may leak it onward."""

from __future__ import annotations

import re

import pytest
from flask import abort

from tests.hardening.conftest import make_site
from tests.hardening.routes import get_rules, url_for_rule

EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*"
    r"\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def assert_secure_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().partition(" ")[::2] for d in csp.split(";"))
    assert "frame-ancestors" in directives and directives["frame-ancestors"] == "'none'"
    script = directives.get("script-src", directives.get("default-src", ""))
    assert script and "'unsafe-inline'" not in script and "*" not in script
    assert "'unsafe-eval'" not in script
    assert directives.get("default-src") == "'self'"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "no-referrer"


def pages(app) -> list[str]:
    return [url_for_rule(rule) for rule in get_rules(app)] + [
        "/search?q=referral", "/api/search?q=referral", "/doc/spotting-the-signs",
        "/api/documents/spotting-the-signs"]


def test_every_route_has_the_headers_and_loads_nothing_from_elsewhere(site_app):
    client = site_app.test_client()
    for path in pages(site_app):
        response = client.get(path)
        assert response.status_code < 500, path
        assert_secure_headers(response)
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            assert not EXTERNAL_RESOURCE.search(html), path
            assert not INLINE_SCRIPT.search(html), path
            assert not EVENT_HANDLER.search(html), path


@pytest.mark.parametrize("path", ["/no-such-page", "/doc/no-such-document",
                                  "/api/documents/no-such-document",
                                  "/api/search?q=", "/doc/%ff"])
def test_client_errors_have_the_headers(site_client, path):
    response = site_client.get(path)
    assert response.status_code in (400, 404)
    assert_secure_headers(response)


def test_method_not_allowed_has_the_headers(site_client):
    response = site_client.post("/search?q=x")
    assert response.status_code == 405
    assert_secure_headers(response)


@pytest.fixture
def failing_app(site):
    """The site with two routes that fail the ways code can fail."""
    app = make_site(*site)

    @app.get("/fail/crash")
    def crash():
        raise RuntimeError("a bug")

    @app.get("/fail/abort")
    def aborted():
        abort(500)

    return app


@pytest.mark.parametrize("path", ["/fail/crash", "/fail/abort"])
def test_server_errors_have_the_headers_and_no_traceback(failing_app, path):
    response = failing_app.test_client().get(path)
    assert response.status_code == 500
    assert_secure_headers(response)
    assert b"Traceback" not in response.data and b"a bug" not in response.data


def test_search_unavailable_has_the_headers(tmp_path, site):
    client = make_site(site[0], tmp_path / "no-index").test_client()
    for path in ("/search?q=referral", "/api/search?q=referral", "/healthz"):
        response = client.get(path)
        assert response.status_code == 503
        assert_secure_headers(response)
