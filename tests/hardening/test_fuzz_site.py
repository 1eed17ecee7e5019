"""Any parameters to /search and /api/search: 200, or a clear 400; never a 500.

Parameters are sent as raw percent-encoded bytes, so invalid UTF-8, NUL and
lone surrogates reach the site exactly as a hostile client would send them.
"""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from indexer.search.query import MAX_QUERY_LENGTH
from tests.hardening import strategies as st

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
NAMES = ["q", "page", "page_size", "sort", "highlight", *st.FACETS]
TRUNCATION_NOTICE = "Your search was long, so we used only its first part."

values = hst.one_of(st.query_text, hst.sampled_from(st.VOCABULARY_VALUES),
                    st.pages.map(str), hst.binary(max_size=20))
parameters = hst.lists(hst.tuples(hst.one_of(hst.sampled_from(NAMES),
                                             hst.text(max_size=8)), values),
                       max_size=8)


def encode(value: str | bytes) -> str:
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    return quote(value, safe="")


def query_string(pairs: list[tuple[str, str | bytes]]) -> str:
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


@FUZZ
@given(pairs=parameters)
def test_search_page_answers_any_parameters(site_client, pairs):
    response = site_client.get(f"/search?{query_string(pairs)}")
    # An unknown area is a 404 that offers the chooser (web.areas).
    named_area = any(k == "area" for k, _ in pairs)
    assert response.status_code in ((200, 400, 404) if named_area else (200, 400)), \
        response.status_code
    assert b"Traceback" not in response.data


@FUZZ
@given(pairs=parameters)
def test_search_api_answers_any_parameters(site_client, pairs):
    response = site_client.get(f"/api/search?{query_string(pairs)}")
    named_area = any(k == "area" for k, _ in pairs)  # unknown: 404 (web.areas)
    assert response.status_code in ((200, 400, 404) if named_area else (200, 400)), \
        response.status_code
    body = response.get_json()
    if response.status_code in (400, 404):
        assert body["error"]["message"]
    else:
        assert body["total"] >= len(body["results"])


def test_overlong_query_is_cut_and_the_page_says_so(site_client):
    q = "referral " + "x" * 10_000
    page = site_client.get(f"/search?q={quote(q)}")
    assert page.status_code == 200
    assert TRUNCATION_NOTICE in page.get_data(as_text=True)
    api = site_client.get(f"/api/search?q={quote(q)}").get_json()
    assert api["truncated"] is True and len(api["query"]) <= MAX_QUERY_LENGTH
    assert api["total"] >= 1


def test_query_at_the_limit_has_no_notice(site_client):
    page = site_client.get(f"/search?q={'a' * MAX_QUERY_LENGTH}")
    assert TRUNCATION_NOTICE not in page.get_data(as_text=True)


def test_hostile_query_is_escaped_on_the_page(site_client):
    page = site_client.get("/search?q=" + quote('"><script>alert(1)</script>'))
    assert page.status_code == 200
    assert b"<script>alert(1)" not in page.data
