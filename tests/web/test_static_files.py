"""Light on a phone: fingerprinted static files cached for good; all compressed."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import REPO
from tests.web.test_operations import assert_secure
from web.static_files import is_fingerprinted

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_links(client, path: str = "/") -> list[str]:
    return STATIC_LINK.findall(client.get(path).get_data(as_text=True))


def test_pages_link_to_fingerprinted_copies(client):
    links = static_links(client)
    assert len(links) >= 6, links
    for link in links:
        assert is_fingerprinted(link), link


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_fingerprinted_files_are_compressed_and_cached_for_good(client, encoding):
    for link in static_links(client):
        with client.get(link, headers={"Accept-Encoding": encoding}) as response:
            assert response.status_code == 200, link
            assert "immutable" in response.headers["Cache-Control"], link
            max_age = re.search(r"max-age=(\d+)", response.headers["Cache-Control"])
            assert int(max_age.group(1)) >= 365 * 24 * 3600, link
            if not link.endswith(".svg") or encoding == "gzip":
                assert response.headers["Content-Encoding"] == encoding, link
            assert_secure(response)


def test_plain_names_are_cached_briefly(client):
    with client.get("/static/govuk/site.css") as response:
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_and_json_are_compressed(client, encoding):
    for path in ("/", "/doc/national-referral-mechanism", "/api/search?q=nrm"):
        response = client.get(path, headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding, path
        assert "Accept-Encoding" in response.headers["Vary"]


def test_compressed_search_stays_private(client):
    response = client.get("/search?q=nrm", headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == "no-store"


def test_no_relative_module_import_escapes_the_fingerprint():
    """A relative import would fetch a plain name, which browsers check again."""
    text = (REPO / "web" / "static" / "js" / "site.mjs").read_text("utf-8")
    assert "import(" in text
    assert not re.search(r"^import .* from ", text, re.M)
