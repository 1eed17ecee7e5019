"""How the site reads the library: search pages read no document, pages about
the whole library read outlines, a document's text is read on demand and kept
in a bounded cache, and an edit shows on the next page."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.web.conftest import make_app
from web.stores import stores

DOCUMENTS = ("key-contacts-and-helplines", "new-note", "old-note")


@pytest.fixture
def site(small_site, tmp_path):
    """A copy of the small library (its index shared, read-only), so a test
    may edit it, with changes looked for on every request."""
    guidance = tmp_path / "guidance"
    shutil.copytree(small_site[0], guidance)
    return guidance, small_site[1]


def store_of(app):
    with app.app_context():
        return stores().library


def test_search_pages_read_no_document(site):
    app = make_app(*site)
    client = app.test_client()
    for path in ("/search?q=nrm", "/search?q=emergency", "/search?q=call+999",
                 "/api/search?q=referral", "/search?q=nrm&page=2", "/"):
        assert client.get(path).status_code == 200
        if path == "/":
            break
        assert store_of(app).files_read == 0, path
    # The home page does need the library: the store was really in use.
    assert store_of(app).files_read > 0


def test_pages_about_the_whole_library_keep_no_text(site):
    app = make_app(*site)
    client = app.test_client()
    for path in ("/browse", "/a-z", "/glossary", "/browse/topic/nrm",
                 "/api/documents", "/now", "/offline/pages.json"):
        assert client.get(path).status_code == 200, path
    store = store_of(app)
    assert store.cached_documents() == 0
    # Each outline taken from the index, none parsed (tests/web/test_stored_outlines.py)
    assert (store.files_read, store.outlines_reused) == (0, len(DOCUMENTS))
    with app.app_context():
        library = store.current()
    assert all(doc.body == "" for doc in library.documents.values())


def test_a_document_page_shows_its_text(site):
    client = make_app(*site).test_client()
    html = client.get("/doc/new-note").get_data(as_text=True)
    assert "Only a first responder can refer to the" in html
    data = client.get("/api/documents/new-note").get_json()
    assert data["sections"][1]["text"].startswith("Only a first responder")


def test_documents_with_text_are_kept_in_a_bounded_cache(site):
    app = make_app(*site, DOCUMENT_CACHE_SIZE=2)
    client = app.test_client()
    store = store_of(app)
    for doc_id in DOCUMENTS:
        assert client.get(f"/doc/{doc_id}").status_code == 200
        assert store.cached_documents() <= 2
    read = store.files_read
    client.get("/doc/old-note")  # the most recent: still cached
    assert store.files_read == read
    html = client.get(f"/doc/{DOCUMENTS[0]}").get_data(as_text=True)
    assert store.files_read == read + 1  # the oldest was dropped, so read again
    assert "and ask for the police" in html


def test_an_edited_document_shows_on_the_next_page(site):
    guidance, index = site
    app = make_app(guidance, index, LIBRARY_CHECK_SECONDS=0)
    client = app.test_client()
    assert "Wait for the decision." in client.get("/doc/new-note").get_data(
        as_text=True)
    read = store_of(app).files_read
    note = guidance / "practice-notes" / "new-note.md"
    text = note.read_text("utf-8").replace("Wait for the decision.",
                                           "Wait for the written decision.")
    note.write_text(text.replace("title: New note", "title: Newer note"), "utf-8")
    stat = note.stat()
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    html = client.get("/doc/new-note").get_data(as_text=True)
    assert "Wait for the written decision." in html
    assert "Newer note" in client.get("/a-z").get_data(as_text=True)
    # Only the edited file was read again: once for its outline, once in full.
    assert store_of(app).files_read == read + 2


def test_a_deleted_document_is_gone_on_the_next_page(site):
    guidance, index = site
    client = make_app(guidance, index, LIBRARY_CHECK_SECONDS=0).test_client()
    assert client.get("/doc/old-note").status_code == 200
    (guidance / "practice-notes" / "old-note.md").unlink()
    assert client.get("/doc/old-note").status_code == 404
    assert "Old note" not in client.get("/a-z").get_data(as_text=True)
