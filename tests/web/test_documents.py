"""Document pages: banners, metadata, numbered sections, links, glossary, highlights."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import REAL_GUIDANCE
from tests.web.pages import Page
from web.stores import get_library


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_unknown_document_is_a_styled_404(client):
    response = client.get("/doc/no-such-document")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_sections_are_numbered_with_anchor_ids_and_links(small_client):
    html = page_of(small_client, "/doc/new-note")
    assert 'id="who-can-refer"' in html and 'id="after"' in html
    assert '<span class="kb-section-number">1.1</span>' in html
    assert 'href="/doc/new-note#after">Link to section 1.1' in html
    contents = html[html.index('id="contents-heading"'):]
    assert 'href="#who-can-refer"' in contents


def test_internal_markdown_links_become_site_links(small_client):
    page = Page(page_of(small_client, "/doc/new-note"))
    assert "/doc/old-note#steps" in page.links
    assert "/doc/new-note#after" in page.links
    assert "/doc/old-note" in page.links
    assert not any(link.endswith(".md") or ".md#" in link for link in page.links)


def test_glossary_acronym_marked_once_per_section_never_in_links(small_client):
    html = page_of(small_client, "/doc/new-note")
    section = html[html.index('id="who-can-refer"'):html.index('id="after"')]
    assert section.count('<abbr title="National Referral Mechanism">NRM</abbr>') == 1
    headings = re.findall(r"<h[1-6].*?</h[1-6]>", html, re.S)
    links = re.findall(r"<a .*?</a>", html, re.S)
    assert not any("<abbr" in part for part in headings + links)


def test_metadata_unverified_and_related(small_client):
    html = page_of(small_client, "/doc/new-note")
    assert "Facts still to check against the source" in html
    assert "The referral form changed in 2026." in html
    assert "Related guidance" in html
    assert "Last reviewed" in html and "1 November 2026" in html
    assert "official source is authoritative" not in html  # a practice note


def test_official_source_reminder_and_partial_dates(small_client):
    html = page_of(small_client, "/doc/key-contacts-and-helplines")
    assert "The official source is authoritative" in html
    assert 'href="https://www.gov.uk/example"' in html
    assert "March 2020" in html and "1 March 2020" not in html


def test_superseded_banner_links_successor_and_title_is_escaped(small_client):
    html = page_of(small_client, "/doc/old-note")
    assert "This document has been replaced." in html
    assert 'href="/doc/new-note"' in html
    assert "due for review" in html
    assert "Old note &amp; &lt;b&gt;bold&lt;/b&gt; title" in html


def test_old_anchors_still_land(small_client):
    assert 'id="old-steps"' in page_of(small_client, "/doc/old-note")


def test_search_terms_are_highlighted(small_client):
    html = page_of(small_client, "/doc/new-note?highlight=decision+responder")
    assert "<mark>decision</mark>" in html
    assert "<mark>responder</mark>" in html
    assert page_of(small_client, "/doc/new-note").count("<mark>") == 0


def test_highlight_cannot_inject_markup(small_client):
    html = page_of(small_client, "/doc/new-note?highlight=%3Cscript%3Edecision")
    assert "<script>decision" not in html
    assert "<mark>decision</mark>" in html


def test_section_tools_partial_is_included_for_each_section(small_client):
    html = page_of(small_client, "/doc/new-note")
    assert html.count('kb-section-link"') == 2


def real_document_ids() -> list[str]:
    return sorted(p.stem for p in REAL_GUIDANCE.rglob("*.md") if p.name != "README.md")


@pytest.fixture(scope="module")
def real_pages(app):
    client = app.test_client()
    with app.app_context():
        ids = sorted(get_library().documents)
    return {doc_id: Page(page_of(client, f"/doc/{doc_id}")) for doc_id in ids}


def test_every_real_document_loads(real_pages):
    assert set(real_pages) == set(real_document_ids())


FETCH_PER_ENDPOINT = 5  # every link is routed and checked; this many are fetched


def test_every_internal_link_on_every_document_page_resolves(app, client, real_pages):
    """Each link must match a route whose document and anchor exist; every
    document page is fetched, and a few links of every other kind."""
    urls = app.url_map.bind("localhost")
    fetched: dict[str, list[str]] = {}
    for doc_id, page in real_pages.items():
        for href in page.internal_links():
            url = urlsplit(href)
            endpoint, args = urls.match(url.path, query_args=url.query)
            where = f"{doc_id}: {href}"
            if "doc_id" in args:
                target = real_pages.get(args["doc_id"])
                assert target is not None, where
                for anchor in filter(None, [args.get("anchor"), url.fragment]):
                    assert anchor in target.ids, where
            sample = fetched.setdefault(endpoint, [])
            if endpoint != "documents.show" and len(sample) < FETCH_PER_ENDPOINT:
                sample.append(href)
                with client.get(href) as response:
                    assert response.status_code == 200, where
