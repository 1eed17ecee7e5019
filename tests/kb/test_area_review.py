"""``kb review`` names an area's changed phone number first."""

from __future__ import annotations

import pytest

from kb.review import review
from kb.review_report import as_json, as_markdown
from tests.area_fixtures import write_library
from tests.kb.helpers import git


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    top = tmp_path_factory.mktemp("repo")
    guidance = write_library(top / "guidance")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Base")
    git(top, "checkout", "-q", "-b", "change")
    path = guidance / "areas" / "ambridge" / "area.yml"
    path.write_text(path.read_text().replace("01632 960001", "01632 960005"))
    doc = guidance / "national-note.md"
    doc.write_text(doc.read_text() + "\nAnother line.\n")
    git(top, "commit", "-q", "-am", "Change")
    return review(guidance)


def test_a_changed_number_is_listed_with_its_source(changed):
    assert [(c.area, c.contact, c.old, c.new, c.source) for c in changed.phones] == [
        ("ambridge", "front_door", "01632 960001", "01632 960005",
         "https://example.org/ambridge/front-door")]
    assert as_json(changed)["phone_changes"][0]["new"] == "01632 960005"


def test_it_comes_first_in_the_report(changed):
    text = as_markdown(changed)
    assert "1 phone number changed" in text.splitlines()[2]
    first = next(line for line in text.splitlines() if line.startswith("### "))
    assert first == "### Phone numbers changed: check each on the body's own page"
    assert "- ambridge, front_door: 01632 960001 → 01632 960005" in text
