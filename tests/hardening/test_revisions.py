"""Issue 27, item 1: a revision in an address must not make git use gigabytes.

Git reads ``:/<regex>`` as "the newest commit whose message matches", and a
regex such as ``.{99}{99}{99}{99}`` took a git child to 6.7 GB. The site now
accepts only hex commit ids (what it links to) at ``/doc/<id>/at/<rev>``,
``changes?from=`` and ``cite/<anchor>?at=``, and every git child runs with
limits of memory and CPU as well as wall-clock time.

Before the fix, git's other forms (``HEAD``, ``HEAD@{0}``, ``main@{1.day.ago}``)
answered 200, and the attack address held a worker for ten seconds.
"""

from __future__ import annotations

import time

import pytest

from kb import gitrepo
from kb.gitrepo import GitError, UnknownRevision

DOC = "spotting-the-signs"
BOMB = "%3A/.%7B99%7D%7B99%7D%7B99%7D%7B99%7D"  # :/.{99}{99}{99}{99}
# Revision forms git accepts that the site never links to.
NOT_COMMIT_IDS = ["%3A%2FAdd", "%3A/Add", "HEAD", "main", "HEAD~1", "HEAD%5E",
                  "HEAD%40%7B0%7D", "%40%7B0%7D", "main%40%7B1.day.ago%7D",
                  "%3Aspotting-the-signs.md", "HEAD%3Aguidance", BOMB]


def _head(site) -> str:
    guidance, _ = site
    return gitrepo.run_git(guidance, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("rev", NOT_COMMIT_IDS)
def test_only_commit_ids_reach_git_from_any_address(site_client, rev):
    addresses = [f"/doc/{DOC}/at/{rev}", f"/doc/{DOC}/changes?from={rev}",
                 f"/doc/{DOC}/cite/making-a-referral?at={rev}"]
    for address in addresses:
        started = time.monotonic()
        response = site_client.get(address)
        assert response.status_code == 404, address
        assert time.monotonic() - started < 2, address


def test_the_attack_address_is_refused_at_once(site_client):
    started = time.monotonic()
    response = site_client.get(f"/doc/{DOC}/at/{BOMB}")
    assert response.status_code == 404
    assert time.monotonic() - started < 1


def test_commit_ids_the_site_links_to_still_work(site, site_client):
    sha = _head(site)
    for rev in (sha, sha[:12], sha[:7]):
        assert site_client.get(f"/doc/{DOC}/at/{rev}").status_code == 200
        assert site_client.get(f"/doc/{DOC}/changes?from={rev}").status_code == 200
        page = site_client.get(f"/doc/{DOC}/cite/making-a-referral?at={rev}")
        assert page.status_code == 200


@pytest.mark.parametrize("rev", [":/Add", "HEAD", "HEAD@{0}", "main", "ABCDEF12",
                                 "abc", "0" * 65, "--all", " deadbeef"])
def test_the_kb_api_takes_commit_ids_only(site, rev):
    with pytest.raises(UnknownRevision):
        gitrepo.commit(site[0], rev)


@pytest.mark.parametrize("rev", [":/Add", "HEAD@{0}", "@{-1}", "main:guidance",
                                 "HEAD..main", "--output=x"])
def test_editors_names_exclude_searches_reflogs_and_paths(site, rev):
    """``kb review`` and ``kb check --against`` may name branches, not these."""
    with pytest.raises(UnknownRevision):
        gitrepo.resolve(site[0], rev, names=True)
    assert gitrepo.resolve(site[0], "HEAD~1", names=True)


def test_every_git_child_runs_with_limits_of_memory_and_cpu(site):
    """Git runs a shell alias as its own child, which inherits the limits."""
    out = gitrepo.run_git(site[0], "-c", "alias.limits=!ulimit -v; ulimit -t",
                          "limits").split()
    assert out == [str(gitrepo.GIT_MEMORY // 1024), str(gitrepo.GIT_TIMEOUT)]


def test_a_runaway_git_fails_on_its_memory_limit_not_the_clock(site, monkeypatch):
    """Before the limit, this git grew for the full ten seconds, to gigabytes.

    A lower limit than the real one reaches its end sooner, so a busy machine
    cannot turn the test into a race with the clock.
    """
    monkeypatch.setattr(gitrepo, "GIT_MEMORY", 64 << 20)
    with pytest.raises(GitError) as raised:
        gitrepo.run_git(site[0], "rev-parse", "--verify", "--quiet",
                        "--end-of-options", ":/.{99}{99}{99}{99}^{commit}")
    assert "timed out" not in str(raised.value)
