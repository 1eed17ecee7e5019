"""What the service worker is given: pages to keep, version, manifest, worker."""

from __future__ import annotations

from flask import url_for

from web import offline


def test_pages_list_every_document_and_no_search(client, app):
    data = client.get("/offline/pages.json").get_json()
    library = data["library"]
    with app.test_request_context():
        documents = {url_for("documents.show", doc_id=d) for d in
                     offline.get_library().documents}
    assert documents <= set(library)
    assert {"/", "/glossary", "/a-z", "/offline/index.json", "/now"} <= set(library)
    assert any(u.startswith("/now/") and "nation=" in u for u in library)
    assert "/doc/key-contacts-and-helplines" in data["core"]
    assert "/offline" in data["core"]
    everything = data["core"] + library
    assert not [u for u in everything if u.startswith(("/search", "/api/"))]
    assert data["version"]["id"]


def test_a_feature_adds_its_pages_with_one_registration(client, monkeypatch):
    monkeypatch.setattr(offline, "_page_listers", list(offline._page_listers))
    offline.register_pages(lambda library: ["/now/example"])
    assert "/now/example" in client.get("/offline/pages.json").get_json()["library"]


def test_version_changes_with_the_index(client):
    data = client.get("/offline/version.json").get_json()
    assert data["generation"] >= 1 and data["label"]
    page = client.get("/")
    assert page.headers["X-KB-Version"] == data["label"]


def test_worker_from_the_root_never_cached_long(client):
    with client.get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["Cache-Control"] == "no-cache"
        assert b'addEventListener("fetch"' in response.get_data()


def test_manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = response.get_json()
    assert data["start_url"] == "/" and data["theme_color"] == offline.THEME_COLOUR
    for icon in data["icons"]:
        with client.get(icon["src"]) as reply:
            assert reply.status_code == 200


def test_offline_index_is_served_uncached_and_compressed(client):
    with client.get("/offline/index.json",
                    headers={"Accept-Encoding": "br"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Cache-Control"] == "no-cache"


def test_save_control_and_footer_link_work_without_javascript(client):
    html = client.get("/").get_data(as_text=True)
    assert "data-kb-offline-save" in html and 'href="/offline"' in html
    assert "<!--kb-saved-copy-->" in html
    assert client.get("/offline").status_code == 200
    assert client.get("/offline/search").status_code == 200
