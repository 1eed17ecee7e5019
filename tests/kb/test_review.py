"""``kb review`` on real commits in a temporary repository."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kb.review import review
from kb.review_report import as_json, as_markdown
from kbcli.main import main
from tests.kb.conftest import VOCABULARY
from tests.kb.helpers import git, write_doc

STYLE = "enforce: false\nsentence_words: 25\nwords_to_avoid:\n  utilise: use\n"
NOTE = """## Who can refer {#who-can-refer}

Police and councils can refer. Call 0800 123 4567 on weekdays.

## Next steps {#next-steps}

Wait for the decision. Section 51 of the Act applies from 1 May 2025.

## Unchanged {#unchanged}

Nothing here changes.
"""
CHANGED = """## Who makes referrals {#who-refers}

Police and councils can refer. Call 0800 765 4321 on weekdays.

## After the referral {#after}

Wait for the decision. Section 52 of the Act applies from 2 May 2025.
Staff utilise the portal when the decision arrives and the child has moved to a new
address in another part of the country far from where they were found.

## Unchanged {#unchanged}

Nothing here changes.
"""
SOURCE = ("source:\n  title: An Act\n  publisher: Parliament\n"
          "  url: https://www.legislation.gov.uk/{0}\n  published: 2015\n")


@pytest.fixture(scope="module")
def branch(tmp_path_factory):
    """main holds three documents; the branch changes them as a pull request would."""
    top = tmp_path_factory.mktemp("repo")
    guidance = top / "guidance"
    guidance.mkdir()
    shutil.copy(VOCABULARY, guidance / "vocabulary.yml")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    (guidance / "style.yml").write_text(STYLE)
    write_doc(guidance, "note", NOTE, title="Referrals")
    write_doc(guidance, "old", "## Gone {#gone}\n\nSoon removed.\n", title="Old")
    write_doc(guidance, "law", "## Text {#text}\n\nThe law.\n", title="An Act",
              extra=SOURCE.format("ukpga/2015/30"))
    _commit(top, "Base")
    git(top, "checkout", "-q", "-b", "change")
    write_doc(guidance, "note", CHANGED, title="Making referrals",
              extra="anchor_aliases:\n  next-steps: after\n"
                    "unverified:\n  - The phone number was not checked.\n")
    (guidance / "old.md").unlink()
    write_doc(guidance, "fresh", "## New {#new}\n\nA new note.\n", title="Fresh")
    write_doc(guidance, "law", "## Text {#text}\n\nThe law.\n", title="An Act",
              extra=SOURCE.format("ukpga/2015/31"))
    _commit(top, "Change")
    return guidance


def _commit(top, message):
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def report(branch):
    return review(branch)


def test_base_is_where_the_branch_left_main(report, branch):
    assert report.base.sha == git(branch.parent, "rev-parse", "main").strip()


def test_renamed_anchor_without_alias_is_an_error_and_aliased_one_is_not(report):
    messages = [p.message for p in report.broken_anchors]
    assert len(messages) == 2 and report.failed
    assert any("anchor 'who-can-refer'" in m for m in messages)
    assert any("existed at" in m and "is gone" in m for m in messages)  # old.md
    assert not any("next-steps" in m for m in messages)


def test_documents_added_removed_and_retitled(report):
    kinds = {d.id: (d.kind, d.old_title) for d in report.documents}
    assert kinds == {"fresh": ("added", None), "law": ("changed", None),
                     "note": ("changed", "Referrals"), "old": ("removed", None)}


def test_sections_with_word_counts(report):
    note = next(d for d in report.documents if d.id == "note")
    found = {(s.kind, s.anchor): (s.words_added, s.words_removed, s.old_heading)
             for s in note.sections}
    assert found[("changed", "after")] == (31, 2, "Next steps")
    assert found[("added", "who-refers")][1] == 0
    assert found[("removed", "who-can-refer")][0] == 0
    assert ("changed", "unchanged") not in found


def test_facts_changed(report):
    found = {(d.id, f.kind, f.change, f.text) for d, f in report.facts}
    assert found == {
        ("note", "phone number", "removed", "0800 123 4567"),
        ("note", "phone number", "added", "0800 765 4321"),
        ("note", "section", "removed", "Section 51"),
        ("note", "section", "added", "Section 52"),
        ("note", "date", "removed", "1 May 2025"),
        ("note", "date", "added", "2 May 2025"),
        ("law", "address", "removed", "https://www.legislation.gov.uk/ukpga/2015/30"),
        ("law", "address", "added", "https://www.legislation.gov.uk/ukpga/2015/31"),
    }


def _line_of(path, text):
    return next(number for number, line in
                enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_new_unverified_entries_and_plain_english_introduced(report, branch):
    note = next(d for d in report.documents if d.id == "note")
    assert note.unverified == ["The phone number was not checked."]
    assert sorted(p.field for p in note.plain_english) == [
        "sentence-length", "words-to-avoid"]
    line = _line_of(branch / "note.md", "Staff utilise")
    assert all(p.path == "guidance/note.md" and p.line == line
               for p in note.plain_english)


def test_markdown_lists_broken_citations_first(report):
    text = as_markdown(report)
    order = [text.index(h) for h in (
        "### Errors: citations that would break", "### Facts changed",
        "### New unverified entries", "### Plain-English warnings introduced",
        "### Documents", "### Sections")]
    assert order == sorted(order)
    retitled = ("| Changed | Referrals → Making referrals (retitled) | "
                "`guidance/note.md` |")
    assert retitled in text
    assert "| note | " not in text
    assert "| Making referrals | section 2 'After the referral' | phone number" \
        not in text
    assert "| Making referrals | section 1 'Who makes referrals' | phone number " \
           "`0800 765 4321` | added |" in text
    assert "| Changed | 2 Next steps → After the referral (`#after`) | 31 | 2 |" in text


def test_json_for_tools(report, branch):
    data = json.loads(json.dumps(as_json(report)))
    assert data["base"]["short"] == report.base.short
    assert data["errors"][0]["rule"] in ("anchor_aliases", "file")
    note = next(d for d in data["documents"] if d["id"] == "note")
    assert note["plain_english"][0]["line"] == _line_of(branch / "note.md", "Staff")
    assert {"kind", "change", "text", "where"} == set(note["facts"][0])


def test_cli_exits_1_on_broken_citations(branch, monkeypatch):
    monkeypatch.chdir(branch.parent)
    result = CliRunner().invoke(main, ["review", "--json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["errors"]


def test_cli_with_a_revision_and_nothing_to_flag(branch, monkeypatch):
    monkeypatch.chdir(branch.parent)
    result = CliRunner().invoke(main, ["review", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "0 documents changed: nothing to flag." in result.output


def test_cli_bad_revision_is_a_sentence(branch, monkeypatch):
    monkeypatch.chdir(branch.parent)
    result = CliRunner().invoke(main, ["review", "no-such-branch"])
    assert result.exit_code == 1
    assert "Error: git cannot find revision 'no-such-branch'" in result.output
