"""Hostile requests to the site, each an attack from issue 27 (its item number is
in each test's name): query arguments that reach ``url_for``, numbers too long to
read, a Host the site does not answer to, and errors answered before Flask."""

from __future__ import annotations

import json

import pytest

from tests.hardening.conftest import make_site
from tests.hardening.library import STABLE_QUERY, make_library
from tests.hardening.test_site_headers import assert_secure_headers
from tests.kb.helpers import write_doc
from web import LOCAL_HOSTS, create_app, trusted_hosts

HOSTILE_HOSTS = ["evil.example", "a" * 64 + ".localhost", "localhost.evil.example"]


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """A document whose section was renamed: its old anchor redirects."""
    guidance = make_library(tmp_path_factory.mktemp("renamed") / "guidance")
    write_doc(guidance, "renamed", "## Who may refer {#who-may-refer}\n\nPolice.\n",
              extra="anchor_aliases:\n  who-can-refer: who-may-refer\n")
    return make_site(guidance, guidance.parent / "no-index").test_client()


# -- item 6: only the route's own arguments reach url_for ---------------------

@pytest.mark.parametrize("query", ["doc_id=x", "anchor=x", "_anchor=x", "_method=POST",
                                   "_scheme=javascript", "_external=1"])
def test_item6_cite_redirect_ignores_other_arguments(renamed, query):
    response = renamed.get(f"/doc/renamed/cite/who-can-refer?{query}",
                           headers={"Host": "localhost"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/doc/renamed/cite/who-may-refer"


def test_item6_cite_redirect_keeps_the_version_cited(renamed):
    response = renamed.get("/doc/renamed/cite/who-can-refer?at=abc1234&doc_id=x")
    assert response.status_code == 301
    assert response.headers["Location"] == "/doc/renamed/cite/who-may-refer?at=abc1234"


# -- item 7: numbers of any length are answered, not crashed on --------------

@pytest.mark.parametrize("digits", [10, 4301, 20000])
@pytest.mark.parametrize("name", ["page", "page_size", "literal"])
def test_item7_api_refuses_overlong_numbers(site_client, name, digits):
    response = site_client.get(f"/api/search?q={STABLE_QUERY}&{name}={'1' * digits}")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert f"{name}: expected a whole number of at most 9 digits" in message
    assert len(message) < 200  # the value is not repeated whole


def test_item7_api_still_reads_long_page_numbers_within_bounds(site_client):
    response = site_client.get(f"/api/search?q={STABLE_QUERY}&page=000000002")
    assert response.status_code == 200 and response.get_json()["page"] == 2


def test_item7_every_number_the_api_reads_is_bounded():
    from web.api import openapi_spec
    from web.parameters import MAX_DIGITS

    numbers = [(path, p) for path, item in openapi_spec()["paths"].items()
               for p in item.get("get", {}).get("parameters", [])
               if p["schema"].get("type") == "integer"]
    assert numbers
    for path, param in numbers:
        schema = param["schema"]
        highest = schema.get("maximum", max(schema.get("enum", [10 ** MAX_DIGITS])))
        assert highest < 10 ** MAX_DIGITS, (path, param["name"])


@pytest.mark.parametrize("name", ["page", "page_size"])
def test_item7_search_page_ignores_overlong_numbers(site_client, name):
    response = site_client.get(f"/search?q={STABLE_QUERY}&{name}={'1' * 4301}")
    assert response.status_code == 200


# -- item 10: a Host the site does not answer to is a plain 400 ---------------

@pytest.mark.parametrize("host", HOSTILE_HOSTS)
@pytest.mark.parametrize("path", [f"/api/search?q={STABLE_QUERY}", "/changes.atom",
                                  "/doc/spotting-the-signs/cite/making-a-referral",
                                  "/no-such-page", "/api/no-such"])
def test_item10_untrusted_host_is_refused(site_client, host, path):
    response = site_client.get(path, headers={"Host": host})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "does not answer to that host name" in text and host not in text
    assert_secure_headers(response)


def test_item10_label_over_63_characters_under_a_trusted_suffix(site):
    app = make_site(*site)
    app.config["TRUSTED_HOSTS"] = [".example.org"]
    client = app.test_client()
    response = client.get(f"/api/search?q={STABLE_QUERY}",
                          headers={"Host": "a" * 64 + ".example.org"})
    assert response.status_code == 400 and response.data
    assert_secure_headers(response)
    good = client.get(f"/api/search?q={STABLE_QUERY}",
                      headers={"Host": "kb.example.org"})
    assert good.status_code == 200


def test_item10_links_use_the_trusted_host(site, monkeypatch):
    monkeypatch.setenv("KB_TRUSTED_HOSTS", "kb.example.org, .example.net")
    app = create_app({"GUIDANCE_DIR": str(site[0]), "INDEX_DIR": str(site[1]),
                      "AUTO_REINDEX": False})
    client = app.test_client()
    for host in ("kb.example.org", "www.example.net:8443"):
        response = client.get(f"/api/search?q={STABLE_QUERY}", headers={"Host": host})
        assert response.status_code == 200
        urls = [r["url"] for r in json.loads(response.data)["results"]]
        assert urls and all(u.startswith(f"http://{host}/doc/") for u in urls)
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400


def test_item10_default_is_this_machine_only(monkeypatch):
    monkeypatch.delenv("KB_TRUSTED_HOSTS", raising=False)
    assert create_app().config["TRUSTED_HOSTS"] == list(LOCAL_HOSTS)
    assert trusted_hosts(" , ") == list(LOCAL_HOSTS)
    assert trusted_hosts("KB.example.org,.example.net") == ["kb.example.org",
                                                            ".example.net"]


# -- item 11: answers made before Flask runs carry the headers too ------------

@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_item11_static_file_method_not_allowed_has_the_headers(site_client, method):
    response = site_client.open("/static/favicon.svg", method=method)
    assert response.status_code == 405
    assert_secure_headers(response)


def test_item11_static_files_keep_the_headers(site_client):
    with site_client.get("/static/favicon.svg") as response:
        assert response.status_code == 200
        assert_secure_headers(response)
        assert list(response.headers.keys()).count("Content-Security-Policy") == 1


# -- item 13: an address with typed words is never kept -----------------------

@pytest.mark.parametrize("path", ["/offline/search?q=Amara+Okafor",
                                  "/offline/search?q=", "/glossary?q=Amara",
                                  "/doc/spotting-the-signs?highlight=Amara"])
def test_item13_typed_words_are_never_kept(site_client, path):
    response = site_client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_item13_the_offline_search_page_itself_may_be_kept(site_client):
    response = site_client.get("/offline/search")
    assert "no-store" not in response.headers.get("Cache-Control", "")
