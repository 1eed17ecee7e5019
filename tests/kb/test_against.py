import datetime as dt

import pytest

from kb.check_report import run_check
from kb.gitrepo import UnknownRevision
from tests.kb.helpers import write_doc

TODAY = dt.date(2026, 11, 27)


def messages(root, against):
    return [p.message for p in run_check([root], against=against, today=TODAY).problems]


def test_unchanged_anchors_pass(repo):
    assert messages(repo, "HEAD") == []


def test_removed_anchor_without_alias_is_reported(repo):
    write_doc(repo, "note", "## Who may refer {#who-may-refer}\n\nPolice.\n\n"
                            "## Next steps {#next-steps}\n\nWait.\n")
    assert messages(repo, "HEAD") == [
        "anchor 'who-can-refer' existed at HEAD and is gone: add 'who-can-refer: "
        "<current anchor>' to anchor_aliases so citations keep working"]


def test_alias_keeps_old_anchor(repo):
    write_doc(repo, "note", "## Who may refer {#who-may-refer}\n\nPolice.\n\n"
                            "## Next steps {#next-steps}\n\nWait.\n",
              extra="anchor_aliases:\n  who-can-refer: who-may-refer\n")
    assert messages(repo, "HEAD") == []


def test_deleted_document_is_reported(repo):
    (repo / "note.md").unlink()
    write_doc(repo, "other", "## A {#a}\n\ntext\n")
    assert any("existed at HEAD and is gone" in m for m in messages(repo, "HEAD"))


@pytest.mark.parametrize("revision", ["--help", "-x", "HEAD;rm -rf /", "nope123"])
def test_bad_revisions_are_refused(repo, revision):
    with pytest.raises(UnknownRevision):
        run_check([repo], against=revision, today=TODAY)
