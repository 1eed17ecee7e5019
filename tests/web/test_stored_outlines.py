"""A fresh site process takes the outlines the index build stored instead of
parsing every file, and still shows every file as it is now: an edit, a
broken file, a new file or a changed vocabulary after the build shows at once,
and the documents kept are always those ``load_library`` keeps."""

from __future__ import annotations

import pytest

from indexer.build.builder import build_index
from kb.library import load_library
from kb.outlines import outline
from tests.web.conftest import make_app, write_small_guidance
from web.stores import stores

DOCUMENTS = 3


@pytest.fixture
def site(tmp_path):
    """The small library with an index built from it, both in ``tmp_path``."""
    guidance = write_small_guidance(tmp_path / "guidance")
    build_index(guidance, tmp_path / "index", full=True)
    return guidance, tmp_path / "index"


def store_of(app):
    with app.app_context():
        return stores().library


def library_of(app):
    with app.app_context():
        return stores().library.current()


def assert_as_load_library(app, guidance):
    """The site's documents are the outlines of those ``load_library`` keeps."""
    library, _ = load_library(guidance, across=False)
    expected = {doc_id: outline(doc) for doc_id, doc in library.documents.items()}
    assert library_of(app).documents == expected


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


# The home page reads one document with its text: the contacts, for its
# emergency and helpline sections.
@pytest.mark.parametrize(("path", "texts"), [("/", 1), ("/healthz", 0),
                                             ("/browse", 0), ("/a-z", 0)])
def test_a_fresh_site_parses_no_outline_when_the_index_is_current(site, path, texts):
    app = make_app(*site)
    response = app.test_client().get(path)
    assert response.status_code == 200
    if path == "/healthz":
        assert response.get_json()["library"]["documents"] == DOCUMENTS
    store = store_of(app)
    assert (store.files_read, store.outlines_reused) == (texts, DOCUMENTS)
    assert_as_load_library(app, site[0])


def test_without_an_index_every_file_is_parsed(site, tmp_path):
    app = make_app(site[0], tmp_path / "no-index")
    assert app.test_client().get("/a-z").status_code == 200
    assert store_of(app).files_read == DOCUMENTS
    assert_as_load_library(app, site[0])


def test_a_file_edited_after_the_build_shows_as_it_is_now(site):
    guidance, index = site
    edit(guidance / "practice-notes" / "new-note.md", "title: New note",
         "title: Newer note")
    edit(guidance / "practice-notes" / "new-note.md", "### After the referral",
         "### Once referred")
    app = make_app(guidance, index)
    client = app.test_client()
    html = client.get("/a-z").get_data(as_text=True)
    assert "Newer note" in html
    assert store_of(app).files_read == 1  # only the edited file
    headings = [s.heading for s in library_of(app).get("new-note").sections]
    assert "Once referred" in headings and "After the referral" not in headings
    assert_as_load_library(app, guidance)


def test_a_file_broken_after_the_build_is_left_out(site):
    guidance, index = site
    edit(guidance / "practice-notes" / "old-note.md", "status: superseded",
         "status: nonsense-status")
    app = make_app(guidance, index)
    client = app.test_client()
    assert client.get("/healthz").get_json()["library"]["documents"] == DOCUMENTS - 1
    assert "Old note" not in client.get("/a-z").get_data(as_text=True)
    assert library_of(app).get("old-note") is None
    assert_as_load_library(app, guidance)


def test_a_file_added_after_the_build_is_read(site):
    guidance, index = site
    extra = guidance / "extra" / "new-note.md"  # the same id, earlier in path order
    extra.parent.mkdir()
    extra.write_text((guidance / "practice-notes" / "new-note.md").read_text(
        "utf-8").replace("title: New note", "title: Extra note"), "utf-8")
    app = make_app(guidance, index)
    assert app.test_client().get("/a-z").status_code == 200
    assert library_of(app).get("new-note").title == "Extra note"
    assert store_of(app).files_read == 1
    assert_as_load_library(app, guidance)


def test_outlines_made_under_another_vocabulary_are_not_used(site):
    guidance, index = site
    # The contacts document's only topic is no longer an allowed value.
    edit(guidance / "vocabulary.yml", "\n  contacts:", "\n  contacts-gone:")
    app = make_app(guidance, index)
    assert app.test_client().get("/a-z").status_code == 200
    assert store_of(app).files_read == DOCUMENTS
    assert library_of(app).get("key-contacts-and-helplines") is None
    assert_as_load_library(app, guidance)


def test_a_damaged_outlines_file_is_named_and_every_file_read(site, caplog):
    from indexer import generations

    damaged = generations.current_folder(site[1]) / "outlines.json"
    damaged.write_bytes(b'{"format": 1, "documents": {"x": [')
    app = make_app(*site)
    with caplog.at_level("WARNING", logger="indexer.build.outlines"):
        assert app.test_client().get("/a-z").status_code == 200
    assert store_of(app).files_read == DOCUMENTS
    assert_as_load_library(app, site[0])
    assert any("outlines.json" in r.getMessage() and "could not be used"
               in r.getMessage() for r in caplog.records)
