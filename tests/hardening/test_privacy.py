"""What a practitioner types never reaches a log: a test searches for a child's
name every way a request can carry it and reads every log line written."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest

from tests.hardening.conftest import make_site
from tests.hardening.servers import development_server, get, raw_request

NAME = "Amara Okafor-Test"
PARTS = ("Amara", "Okafor")
Q = quote(NAME)

# Every place a request may carry the name: query, filters, pages, highlights.
REQUESTS = [
    f"/search?q={Q}", f"/search?q={Q}&audience={Q}&page={Q}&sort={Q}",
    f"/api/search?q={Q}", f"/api/search?q={Q}&topic=nrm&page_size={Q}",
    f"/doc/spotting-the-signs?highlight={Q}", f"/no-such-page?q={Q}",
    f"/doc/no-such-document?q={Q}", f"/api/documents/x?q={Q}",
    f"/doc/spotting-the-signs/changes?from={Q}", f"/pack?s={Q}",
    f"/search?q={quote(NAME + ' ' + 'x' * 2000)}",
]


def assert_private(text: str) -> None:
    for part in PARTS:
        assert part not in text, text[text.find(part) - 200: text.find(part) + 200]


def everything_logged(caplog) -> str:
    return "\n".join(caplog.messages + [r.exc_text or "" for r in caplog.records]
                     + [caplog.text])


@pytest.fixture
def failing_site(site):
    """The site with a route whose error message holds what was typed: the
    worst case for an error report."""
    from flask import request

    app = make_site(*site)

    @app.get("/fail")
    def fail():
        raise ValueError(f"could not handle {request.args.get('q')}")

    return app


def test_no_log_record_holds_the_name(caplog, failing_site, tmp_path, site):
    caplog.set_level(logging.DEBUG)
    client = failing_site.test_client()
    for path in [*REQUESTS, f"/fail?q={Q}"]:
        assert client.get(path).status_code < 600
    unavailable = make_site(site[0], tmp_path / "no-index").test_client()
    assert unavailable.get(f"/search?q={Q}").status_code == 503
    logged = everything_logged(caplog)
    assert "/fail" in logged  # the error was reported, without the name
    assert_private(logged)


def test_development_server_log_holds_no_query(caplog, site_app):
    caplog.set_level(logging.DEBUG)
    with development_server(site_app) as (url, port):
        for path in REQUESTS:
            get(url + path)
        raw_request(port, f"GET /search?q={NAME} HTTP/1.1".encode())
    logged = everything_logged(caplog)
    assert '"GET /search HTTP/1.1" 200' in logged
    assert_private(logged)


# Request lines with the words where the path or the protocol belong.
MALFORMED = [f"GET {NAME}", f"{NAME} HTTP/1.1", f"GET /search?q=x HTTP/1.1 {NAME}",
             f"GET search?q={Q} HTTP/1.1", f"GET /x'?q={Q} HTTP/1.1",
             f"GET *?q={Q} HTTP/1.1", f"GET {PARTS[0]}", f"GET /search?q={Q} HTTP/9.9"]


def test_item14_development_server_withholds_malformed_request_lines(caplog,
                                                                    site_app):
    """Issue 27, item 14: the development server logged these lines verbatim."""
    caplog.set_level(logging.DEBUG)
    with development_server(site_app) as (url, port):
        for line in MALFORMED:
            raw_request(port, line.encode())
        get(url + "/doc/spotting-the-signs")
    logged = everything_logged(caplog)
    assert '"(malformed request line withheld)" 400' in logged
    assert "(request text withheld)" in logged
    assert '"GET /doc/spotting-the-signs HTTP/1.1" 200' in logged
    assert_private(logged)


def test_gunicorn_logs_hold_no_query(production):
    url, logs = production
    for path in REQUESTS:
        assert get(url + path)[0] < 500, path
    port = int(url.rsplit(":", 1)[1])
    raw_request(port, f"GET /search?q={NAME} HTTP/1.1".encode())
    raw_request(port, f"GET /search?q={NAME}\x01 HTTP/1.1".encode())
    raw_request(port, f"GET /search?q={Q}{'x' * 9000} HTTP/1.1".encode())
    access = (logs / "access.log").read_text()
    errors = (logs / "error.log").read_text()
    assert '"GET /search HTTP/1.1" 200' in access
    assert "Invalid request" in errors  # the malformed lines were logged...
    assert_private(access + errors)  # ...without what they carried


def test_nothing_is_stored_in_the_browser_or_caches(site_client):
    for path in REQUESTS:
        response = site_client.get(path)
        assert "Set-Cookie" not in response.headers, path
    for path in (f"/search?q={Q}", f"/api/search?q={Q}"):
        assert site_client.get(path).headers["Cache-Control"] == "no-store"
