"""Home, browse, A to Z, glossary and the built assets."""

from __future__ import annotations

import pytest

from tests.web.conftest import REPO
from tests.web.pages import Page

STATIC = REPO / "web" / "static" / "govuk"


def test_home_puts_the_search_box_first(client):
    html = client.get("/").get_data(as_text=True)
    main = html[html.index('id="main-content"'):]
    assert main.index('name="q"') < main.index("Worried about a child right now?")


def test_home_worried_panel_comes_from_the_contacts_document(small_client):
    html = small_client.get("/").get_data(as_text=True)
    panel = html[html.index('class="kb-worried"'):html.index("</section>")]
    assert '<strong>Call <a href="tel:999" rel="noopener noreferrer">999</a>' in panel
    assert 'href="tel:0800000000"' in panel
    assert "Not on the home page" not in panel
    assert 'href="/doc/key-contacts-and-helplines"' in panel


def test_home_links_to_browse_and_recent_documents(client):
    page = Page(client.get("/").get_data(as_text=True))
    assert "/browse/topic/nrm" in page.links
    assert any(link.startswith("/browse/audience/") for link in page.links)
    assert "Recently updated" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("url", [
    "/browse", "/browse/topic", "/browse/audience", "/browse/jurisdiction",
    "/browse/type", "/browse/topic/nrm", "/browse/type/legislation",
    "/browse/audience/police", "/browse/jurisdiction/scotland", "/a-z", "/glossary",
])
def test_browse_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "<h1" in response.get_data(as_text=True)


def test_browse_value_lists_matching_documents(client):
    page = Page(client.get("/browse/type/legislation").get_data(as_text=True))
    assert "/doc/modern-slavery-act-2015" in page.links
    assert "/doc/working-together-2023" not in page.links


def test_a_to_z_lists_every_document(client, app):
    page = Page(client.get("/a-z").get_data(as_text=True))
    with app.app_context():
        from web.stores import get_library
        ids = get_library().documents
    assert {f"/doc/{doc_id}" for doc_id in ids} <= set(page.links)


def test_glossary_lists_terms_with_expansions(small_client):
    html = small_client.get("/glossary").get_data(as_text=True)
    assert "NRM" in html and "National Referral Mechanism" in html


@pytest.mark.parametrize("url", ["/browse/colour", "/browse/topic/no-such-topic",
                                 "/no/such/page"])
def test_unknown_browse_pages_are_styled_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_stylesheet_uses_system_fonts_and_requests_no_font_file():
    css = (STATIC / "site.css").read_text("utf-8")
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert ".woff" not in css
    assert "system-ui" in css


def test_pages_load_nothing_from_another_site(client):
    html = client.get("/").get_data(as_text=True)
    page = Page(html)
    assert all(not s.get("src", "/").startswith(("http", "//")) for s in page.scripts)
    assert "<script>" not in html  # no inline script: the CSP would block it
    assert 'media="print"' in html


def test_static_assets_are_served(client):
    for path in ("/static/govuk/site.css", "/static/govuk/govuk-frontend.min.js",
                 "/static/js/site.mjs", "/static/js/js-enabled.js",
                 "/static/css/print.css"):
        with client.get(path) as response:
            assert response.status_code == 200, path
