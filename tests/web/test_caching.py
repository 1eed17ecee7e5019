"""Issue 30: public pages may be kept by a shared cache, with validators; pages
carrying typed words never; links say https only behind a trusted proxy."""

from __future__ import annotations

import re

import pytest
from flask import url_for

from indexer.build.builder import build_index
from tests.web.conftest import make_app, write_small_guidance

PUBLIC = ["/doc/national-referral-mechanism", "/browse", "/browse/topic/nrm", "/a-z",
          "/glossary", "/now", "/now/child-gone-missing"]
NAME = "Amara+Okafor"
PRIVATE = [f"/search?q={NAME}", f"/api/search?q={NAME}", f"/offline/search?q={NAME}",
           f"/doc/national-referral-mechanism?highlight={NAME}", f"/glossary?q={NAME}",
           f"/browse?q={NAME}", "/search"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_may_be_kept_by_a_shared_cache(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    control = response.headers["Cache-Control"]
    assert control.startswith("public, ")
    assert re.search(r"s-maxage=([1-9]\d*)", control)  # shared caches keep it
    assert "max-age=0," in control  # browsers ask again: the offline copy
    assert "stale-while-revalidate=" in response.headers["CDN-Cache-Control"]
    assert response.headers["ETag"]


@pytest.mark.parametrize("path", PUBLIC[:3])
def test_a_cache_revalidating_gets_304_without_the_page(client, path):
    etag = client.get(path).headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_cache_holding_a_compressed_copy_gets_304(client, encoding):
    path = PUBLIC[0]
    first = client.get(path, headers={"Accept-Encoding": encoding})
    assert first.headers["Content-Encoding"] == encoding
    etag = first.headers["ETag"]
    assert etag.endswith(f':{encoding}"')
    again = client.get(path, headers={"Accept-Encoding": encoding,
                                      "If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    other = client.get(path, headers={"Accept-Encoding": encoding,
                                      "If-None-Match": '"0123:gzip"'})
    assert other.status_code == 200


def test_the_etag_is_the_same_for_each_compressed_copy(client):
    path = PUBLIC[0]
    tags = {client.get(path, headers={"Accept-Encoding": encoding}).headers["ETag"]
            for encoding in ("", "gzip", "br", "gzip")}
    # One tag per encoding at most, stable across requests (no gzip timestamp).
    assert len(tags) <= 3
    assert client.get(path, headers={"Accept-Encoding": "gzip"}).headers["ETag"] == \
        client.get(path, headers={"Accept-Encoding": "gzip"}).headers["ETag"]


@pytest.mark.parametrize("path", PRIVATE)
def test_pages_with_typed_words_are_never_stored(client, path):
    response = client.get(path)
    assert response.headers["Cache-Control"] == "no-store", path
    assert "ETag" not in response.headers


@pytest.mark.parametrize("path", ["/doc/nope", "/browse/topic/no-such-topic"])
def test_errors_are_not_made_cacheable(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "public" not in response.headers.get("Cache-Control", "")


def test_a_new_generation_changes_the_etag(tmp_path):
    guidance = write_small_guidance(tmp_path / "guidance")
    index = tmp_path / "index"
    build_index(guidance, index, full=True)
    client = make_app(guidance, index).test_client()
    before = client.get("/a-z").headers["ETag"]
    assert client.get("/a-z").headers["ETag"] == before
    build_index(guidance, index, full=True)  # the same content, a new generation
    after = client.get("/a-z")
    assert after.headers["ETag"] != before
    assert client.get("/a-z", headers={"If-None-Match": before}).status_code == 200


def test_static_files_carry_validators(client):
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200
        assert "max-age=" in response.headers["Cache-Control"]
        etag = response.headers["ETag"]
    with client.get("/static/favicon.svg", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_links_say_http_unless_a_proxy_is_trusted(app, real_index):
    from tests.web.conftest import REAL_GUIDANCE
    forwarded = {"X-Forwarded-Proto": "https"}
    with app.test_request_context("/", headers=forwarded):
        assert url_for("home.index", _external=True).startswith("http://")
    behind = make_app(REAL_GUIDANCE, real_index, PROXIES=1)
    client = behind.test_client()
    feed = client.get("/changes.atom", headers=forwarded)
    assert b"https://localhost/" in feed.data and b"http://localhost/" not in feed.data
    plain = client.get("/changes.atom")
    assert b"http://localhost/" in plain.data


def test_a_drained_replica_answers_503_everywhere(tmp_path, small_site):
    drain = tmp_path / "drain"
    client = make_app(*small_site, DRAIN_FILE=str(drain)).test_client()
    assert client.get("/healthz").status_code == 200
    drain.touch()
    for path in ("/healthz", "/", "/a-z"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"]
        assert "public" not in response.headers.get("Cache-Control", "")
    drain.unlink()
    assert client.get("/healthz").status_code == 200
