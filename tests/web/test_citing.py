"""Cite pages, versions from git, change feeds and session packs, end to end."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.kb.helpers import git, write_doc
from web import create_app

VOCABULARY = Path(__file__).parents[1] / "kb" / "broken" / "vocabulary.yml"
FIRST = ("Lead text.\n\n## Who can refer {#who-can-refer}\n\nPolice.\n\n"
         "## Next steps {#next-steps}\n\nWait for a decision.\n")
SECOND = FIRST.replace("Wait for a decision.",
                       "Write to the Single Competent Authority.")
RENAMED = SECOND.replace("## Who can refer {#who-can-refer}",
                         "## Who may refer {#who-may-refer}")


def commit(top, message, date):
    """Commit everything with a fixed date, so pages can be checked word for word."""
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date}
    git(top, "add", ".")
    subprocess.run(["git", "-C", str(top), "commit", "-q", "-m", message], check=True,
                   env=env)
    return git(top, "rev-parse", "HEAD").strip()


def write_guidance(root):
    root.mkdir()
    shutil.copy(VOCABULARY, root / "vocabulary.yml")
    write_doc(root, "note", FIRST, title="Making a referral")
    write_doc(root, "other", "## Alpha {#alpha}\n\nFirst.\n", title="Other note")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Three commits: the notes, a change to 'Next steps', an anchor renamed."""
    top = tmp_path_factory.mktemp("site")
    guidance = write_guidance(top / "guidance")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    shas = [commit(top, "Add notes", "2026-01-05T12:00:00+00:00")]
    write_doc(guidance, "note", SECOND, title="Making a referral")
    shas.append(commit(top, "Change next steps", "2026-03-10T12:00:00+00:00"))
    write_doc(guidance, "note", RENAMED, title="Making a referral",
              extra="anchor_aliases:\n  who-can-refer: who-may-refer\n")
    shas.append(commit(top, "Rename who can refer", "2026-04-01T12:00:00+00:00"))
    return make_client(guidance, top), shas


def make_client(guidance, top):
    app = create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                      "INDEX_DIR": str(top / "index"), "AUTO_REINDEX": False})
    return app.test_client()


@pytest.fixture
def client(site):
    return site[0]


@pytest.fixture
def repo(site):
    return site[1]


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return response.get_data(as_text=True)


def test_old_permalink_shows_old_words(client, repo):
    html = page(client, f"/doc/note/at/{repo[0][:12]}")
    assert "Wait for a decision." in html
    assert "Single Competent Authority" not in html
    assert f"This is the 5 January 2026 edition ({repo[0][:7]})." in html
    assert "Add notes" not in html  # the commit's own note is for editors
    assert f"/doc/note/changes?from={repo[0][:12]}" in html
    assert 'id="who-may-refer"' in html  # today's name reaches the old section


def test_changes_list_exactly_the_changed_section(client, repo):
    html = page(client, f"/doc/note/changes?from={repo[0]}")
    assert html.count('class="govuk-summary-card kb-change"') == 2
    assert "<del>Wait for a decision</del><ins>Write to the Single Competent " \
           "Authority</ins>." in html
    html = page(client, f"/doc/note/changes?from={repo[1]}")
    assert html.count('class="govuk-summary-card kb-change"') == 1
    assert "The heading was “Who can refer”." in html


def test_changes_since_a_date(client, repo):
    html = page(client, "/doc/note/changes?since=2026-03-01")
    assert "Since the version of 5 January 2026" in html
    assert "Next steps" in html
    assert page(client, "/doc/note/changes?since=March", 400).count("Enter a date") == 2


def test_cite_page_flags_a_changed_section(client, repo):
    html = page(client, f"/doc/note/cite/next-steps?at={repo[0][:12]}")
    assert "This section has changed since you cited it" in html
    assert "<ins>Write to the Single Competent Authority</ins>" in html
    html = page(client, f"/doc/note/cite/next-steps?at={repo[1][:12]}")
    assert "This section has not changed since the version you cited" in html


def test_cite_page_gives_every_format(client, repo):
    html = page(client, "/doc/note/cite/next-steps")
    short = repo[2][:7]
    permalink = f"http://localhost/doc/note/at/{repo[2][:12]}#next-steps"
    assert ("Safeguarding Guidance Knowledge Base (2026) <i>Making a referral, "
            f"section 2, Next steps</i>. 1 April 2026 edition ({short}). "
            f"Available at: {permalink}") in html
    assert ("Safeguarding Guidance Knowledge Base, Making a referral, section 2 "
            f"(1 April 2026 edition ({short})) {permalink}") in html
    assert 'id="citation-oscola"' in html
    assert 'data-kb-copy="citation-markdown"' in html
    assert re.search(r'<script src="/static/js/cite(-[0-9a-f]{32})?\.js', html)


def test_document_page_has_section_tools(client, repo):
    html = page(client, "/doc/note")
    assert html.count("Cite this section") == 2
    assert 'href="/pack?s=note%23next-steps"' in html
    assert 'href="/doc/note/cite/next-steps"' in html
    assert 'href="/doc/note/history"' in html


def test_feeds_list_the_commits(client, repo):
    response = client.get("/changes.atom")
    assert response.content_type.startswith("application/atom+xml")
    feed = response.get_data(as_text=True)
    assert feed.count("<entry>") == 3
    assert "<title>Change next steps</title>" in feed
    feed = page(client, "/doc/note/changes.atom")
    assert "Changed: &lt;a href=&#34;http://localhost/doc/note#next-steps" in feed


def test_old_anchor_redirects_and_stays_as_an_id(client, repo):
    response = client.get("/doc/note/cite/who-can-refer?at=abc")
    assert response.status_code == 301
    assert response.location == "/doc/note/cite/who-may-refer?at=abc"
    assert 'id="who-can-refer"' in page(client, "/doc/note")


@pytest.mark.parametrize("url", [
    "/doc/note/at/--help", "/doc/note/at/HEAD;rm", "/doc/note/at/" + "0" * 40,
    "/doc/note/at/HEAD..main", "/doc/note/changes?from=-x",
    "/doc/note/cite/next-steps?at=no-such-version", "/doc/nothing/history",
    "/doc/note/cite/no-such-anchor"])
def test_bad_revisions_and_names_are_not_found(client, url):
    page(client, url, 404)


def test_pack_renders_citations_in_order(client, repo):
    html = page(client, "/pack?s=other%23alpha&s=note%23next-steps"
                        "&s=http://localhost/doc/note%23who-can-refer&s=nope%23x")
    order = [html.index(f"{name}</i>. ")
             for name in ("Alpha", "Next steps", "Who may refer")]
    assert order == sorted(order)
    assert "Not found: “nope#x”" in html
    assert html.count("Valid as at") == 3
    assert html.index("Reading list") > order[-1]
    markdown = page(client, "/pack.md?s=note%23next-steps&s=other%23alpha")
    assert markdown.index("## 1. Making a referral: 2 Next steps") < \
        markdown.index("## 2. Other note: 1 Alpha")
    assert "Write to the Single Competent Authority." in markdown


def test_pack_links_work_without_javascript(client, repo):
    html = page(client, "/pack?s=note%23next-steps&s=other%23alpha")
    assert 'href="/pack?s=other%23alpha"' in html  # remove the first
    assert 'href="/pack?s=other%23alpha&amp;s=note%23next-steps"' in html  # move up
    assert 'data-kb-pack-empty="false"' in html


def test_without_git_history_is_unavailable(tmp_path):
    client = make_client(write_guidance(tmp_path / "guidance"), tmp_path)
    assert "History unavailable" in page(client, "/doc/note/history")
    assert "History unavailable" in page(client, "/doc/note/at/HEAD")
    assert "History unavailable" in page(client, "/doc/note/changes?since=2026-01-01")
    for feed in ("/changes.atom", "/doc/note/changes.atom"):
        assert "<entry>" not in page(client, feed)
    assert "Version history is unavailable" in page(client, "/doc/note/cite/next-steps")
    assert "Cite this section" in page(client, "/doc/note")
    assert "Valid as at" in page(client, "/pack?s=note%23next-steps")
