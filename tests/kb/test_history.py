import datetime as dt

import pytest

from kb import gitrepo, history
from kb.gitrepo import GitError, UnknownRevision
from kb.library import load_library
from tests.kb.helpers import git, write_doc

CHANGED_BODY = ("## Who can refer {#who-can-refer}\n\nPolice.\n\n"
                "## Next steps {#next-steps}\n\nWait for the R&D letter.\n")


def load(root):
    library, problems = load_library(root)
    assert library.get("note"), [str(p) for p in problems]
    return library.get("note")


def commit_all(root, message):
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", message)


@pytest.fixture
def edited(repo, monkeypatch):
    """Two commits: the note in January, then a change to 'Next steps' in March."""
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-05T12:00:00")
    git(repo.parent, "commit", "-q", "--amend", "--no-edit")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-10T12:00:00")
    write_doc(repo, "note", CHANGED_BODY)
    commit_all(repo, "Change next steps")
    return repo


def sha(root, revision="HEAD"):
    return git(root.parent, "rev-parse", revision).strip()


def test_document_at_old_commit_has_old_words(edited):
    old = history.document_at(load(edited), sha(edited, "HEAD~1")[:12])
    assert old.section("next-steps").text == "Wait."
    assert old.title == "A title"


def test_changes_list_exactly_the_changed_section(edited):
    changes = history.changes_since(load(edited), sha(edited, "HEAD~1"))
    assert [(c.kind, c.anchor) for c in changes.sections] == [("changed", "next-steps")]
    assert changes.sections[0].diff_html == (
        "Wait <ins>for the R&amp;D letter</ins>.")


def test_changes_since_date_use_last_commit_before_it(edited):
    doc = load(edited)
    assert [c.anchor for c in history.changes_since(doc, since=dt.date(2026, 3, 1))
            .sections] == ["next-steps"]
    later = history.changes_since(doc, since=dt.date(2026, 3, 11))
    assert later.sections == []


def test_changes_follow_anchor_aliases(repo):
    write_doc(repo, "note", "## Who may refer {#who-may-refer}\n\nPolice.\n\n"
                            "## Next steps {#next-steps}\n\nWait.\n",
              extra="anchor_aliases:\n  who-can-refer: who-may-refer\n")
    changes = history.changes_since(load(repo), sha(repo))
    assert [(c.kind, c.anchor, c.old_heading) for c in changes.sections] == [
        ("changed", "who-may-refer", "Who can refer")]


def test_added_and_removed_sections(repo):
    write_doc(repo, "note", "## Who can refer {#who-can-refer}\n\nPolice.\n\n"
                            "## Timescales {#timescales}\n\nFive days.\n")
    changes = history.changes_since(load(repo), sha(repo))
    assert [(c.kind, c.anchor) for c in changes.sections] == [
        ("added", "timescales"), ("removed", "next-steps")]


def test_history_and_changes_in_commit(edited):
    doc = load(edited)
    commits = history.history(doc)
    assert [c.subject for c in commits] == ["Change next steps", "Add note"]
    assert commits[0].day == dt.date(2026, 3, 10)
    latest = history.changes_in_commit(doc, commits[0])
    assert [c.anchor for c in latest.sections] == ["next-steps"]
    first = history.changes_in_commit(doc, commits[1])
    assert first.base is None
    assert [c.kind for c in first.sections] == ["added", "added"]


def test_current_version_is_none_while_edits_are_uncommitted(edited):
    doc = load(edited)
    assert history.current_version(doc).subject == "Change next steps"
    write_doc(edited, "note", CHANGED_BODY + "\nMore.\n")
    assert history.current_version(load(edited)) is None


def test_document_missing_at_revision_is_none(edited):
    write_doc(edited, "later", "## A {#a}\n\nText.\n")
    commit_all(edited, "Add later")
    later = load_library(edited)[0].get("later")
    assert history.document_at(later, sha(edited, "HEAD~1")) is None


def test_library_log_names_files(edited):
    (commit, paths), _ = gitrepo.log_files(edited)
    assert commit.subject == "Change next steps"
    assert [p.name for p in paths] == ["note.md"]


@pytest.mark.parametrize("revision", ["--help", "-x", "HEAD;rm", "../", "HEAD..main",
                                      "", "deadbeef" * 5, "no-such-branch",
                                      "HEAD", "HEAD~1", "main", ":/Change", "@{0}",
                                      "abc", "ABCDEF12"])
def test_bad_revisions_are_rejected(edited, revision):
    with pytest.raises(UnknownRevision):
        history.document_at(load(edited), revision)


def test_without_git_history_is_unavailable(guidance):
    write_doc(guidance, "note", "## A {#a}\n\nText.\n")
    doc = load(guidance)
    assert not history.available(guidance)
    for call in (history.history, history.current_version,
                 lambda d: history.document_at(d, "abcdef12"),
                 lambda d: history.changes_since(d, "abcdef12")):
        with pytest.raises(GitError):
            call(doc)


def test_word_diff_escapes_and_keeps_lines():
    assert history.word_diff("a <b>\nc", "a <b>\nd") == (
        "a &lt;b&gt;<br>\n<del>c</del><ins>d</ins>")
