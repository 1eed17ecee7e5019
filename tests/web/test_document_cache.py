"""A document page is rendered once per loading of the library and its version
read from git once; an edit loads the library again and the page follows it.
A page that marks search words is never kept."""

from __future__ import annotations

import pytest

from kb import gitrepo
from tests.kb.helpers import git, write_doc
from tests.web.test_citing import FIRST, SECOND, VOCABULARY, commit
from web import create_app
from web.documents import page_cache
from web.stores import get_library


@pytest.fixture
def site(tmp_path):
    top = tmp_path / "site"
    guidance = top / "guidance"
    guidance.mkdir(parents=True)
    (guidance / "vocabulary.yml").write_bytes(VOCABULARY.read_bytes())
    write_doc(guidance, "note", FIRST, title="Making a referral")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    sha = commit(top, "Add the note", "2026-01-05T12:00:00+00:00")
    app = create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                      "INDEX_DIR": str(tmp_path / "index"), "AUTO_REINDEX": False,
                      "LIBRARY_CHECK_SECONDS": 0})
    return app, top, sha


@pytest.fixture
def git_calls(monkeypatch):
    """Every git command the site runs, as its arguments (git still runs)."""
    calls: list[tuple[str, ...]] = []
    real = gitrepo.run_git

    def counted(folder, *args):
        calls.append(args)
        return real(folder, *args)

    monkeypatch.setattr(gitrepo, "run_git", counted)
    return calls


def rendered(app) -> int:
    with app.app_context():
        return page_cache(get_library()).rendered


def test_a_page_is_rendered_and_its_version_read_once(site, git_calls):
    app, _, sha = site
    client = app.test_client()
    first = client.get("/doc/note").get_data(as_text=True)
    assert sha[:7] in first and "Wait for a decision." in first
    made = rendered(app)
    assert git_calls and made == 2  # the sections' HTML, then the page
    git_calls.clear()
    assert client.get("/doc/note").get_data(as_text=True) == first
    assert git_calls == [] and rendered(app) == made


def test_an_edit_renders_the_page_and_reads_git_again(site, git_calls):
    app, top, first_sha = site
    client = app.test_client()
    assert first_sha[:7] in client.get("/doc/note").get_data(as_text=True)
    write_doc(top / "guidance", "note", SECOND, title="Making a referral")
    second_sha = commit(top, "Change next steps", "2026-03-10T12:00:00+00:00")
    git_calls.clear()
    page = client.get("/doc/note").get_data(as_text=True)
    assert "Write to the Single Competent Authority." in page
    assert second_sha[:7] in page and first_sha[:7] not in page
    assert git_calls and rendered(app) == 2  # a new cache for the new load


def test_a_highlighted_page_is_never_kept(site):
    app, _, _ = site
    client = app.test_client()
    client.get("/doc/note")
    page = client.get("/doc/note?highlight=decision").get_data(as_text=True)
    assert "<mark>decision</mark>" in page
    assert rendered(app) == 2  # the plain page and its sections' HTML only
    with app.app_context():
        kept = page_cache(get_library())._kept
    assert "decision" not in repr(list(kept))


def test_pages_asked_for_under_many_host_names_stay_bounded(site):
    """The key holds the address asked for (links in the page are absolute),
    which a client chooses: the cache keeps the latest few and drops the rest."""
    app, _, _ = site
    app.config["TRUSTED_HOSTS"] = [f"host{n}.example" for n in range(6)]
    client = app.test_client()
    with app.app_context():
        kept = page_cache(get_library())
    kept.size = 3
    for n in range(6):
        assert client.get("/doc/note", base_url=f"http://host{n}.example").status_code \
            == 200
    assert len(kept._kept) == 3
    assert "host5.example" in repr(list(kept._kept))
    assert "host0.example" not in repr(list(kept._kept))
