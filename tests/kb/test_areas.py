"""Areas: loading, the checks of ``kb check`` and the slotting of local steps."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.areas.phones import parse_uk
from kb.areas.points import merged, points
from kb.library import load_library
from tests.area_fixtures import write_library

TODAY = dt.date(2026, 12, 1)


def _messages(problems) -> list[str]:
    return [f"{p.path.split('guidance/')[-1]}:{p.line}: {p.field}: {p.message}"
            for p in problems]


@pytest.fixture
def root(tmp_path):
    return write_library(tmp_path / "guidance")


def test_a_good_area_loads_with_its_contacts_steps_and_local_document(root):
    library, problems = load_library(root, TODAY)
    assert problems.errors == []
    area = library.areas["ambridge"]
    assert area.contact("front_door").phone == "01632 960001"
    assert area.contact("front_door").dial == "+441632960001"
    assert [s.title for s in area.steps] == ["Use the Ambridge referral form"]
    assert library.get("ambridge-referrals").facet_values["area"] == ["ambridge"]
    assert library.get("national-note").facet_values["area"] == []
    assert library.vocabulary.values("area") == {
        "ambridge": "Ambridge Safeguarding Partnership",
        "borsetshire": "Borsetshire Safeguarding Partnership"}


def test_drama_numbers_are_accepted_with_a_warning(root):
    _, problems = load_library(root, TODAY)
    assert any("Ofcom's drama range" in p.message for p in problems.warnings)


def test_a_step_at_a_point_that_does_not_exist_is_an_error(root):
    path = root / "areas" / "ambridge" / "area.yml"
    path.write_text(path.read_text().replace("after: tell-your-safeguarding-lead",
                                             "after: tell-your-manager"))
    _, problems = load_library(root, TODAY)
    assert any("local_steps[1].after: 'tell-your-manager' is not a point of 'worried'"
               in m for m in _messages(problems.errors))


def test_an_unknown_field_is_an_error_with_its_line(root):
    path = root / "areas" / "ambridge" / "area.yml"
    path.write_text(path.read_text().replace("kind:", "colour: red\nkind:"))
    library, problems = load_library(root, TODAY)
    assert "areas/ambridge/area.yml:4: colour: unknown field; expected one of name, " \
           "nation, kind, covers, contacts, short_name, local_steps, unverified" \
           in _messages(problems.errors)
    assert "ambridge" not in library.areas  # never half an area


def test_a_local_document_citing_a_missing_anchor_is_an_error(root):
    path = root / "areas" / "ambridge" / "ambridge-referrals.md"
    link = "\nSee [the note](../../national-note.md#gone).\n"
    path.write_text(path.read_text() + link)
    _, problems = load_library(root, TODAY)
    assert any("'../../national-note.md#gone': no section with anchor 'gone'" in m
               for m in _messages(problems.errors))


def test_a_local_step_citing_another_areas_document_is_an_error(root):
    path = root / "areas" / "ambridge" / "area.yml"
    path.write_text(path.read_text().replace("[ambridge-referrals#what-to-do]",
                                             "[borsetshire-referrals#what-to-do]"))
    _, problems = load_library(root, TODAY)
    assert any("'borsetshire-referrals' belongs to another area, 'borsetshire'" in m
               for m in _messages(problems.errors))


def test_a_local_document_outside_its_folder_is_an_error(root):
    doc = root / "areas" / "ambridge" / "ambridge-referrals.md"
    doc.rename(root / "ambridge-referrals.md")
    _, problems = load_library(root, TODAY)
    assert any("belongs in guidance/areas/ambridge/" in m
               for m in _messages(problems.errors))


def test_a_document_naming_an_unknown_area_is_an_error(root):
    doc = root / "areas" / "ambridge" / "ambridge-referrals.md"
    doc.write_text(doc.read_text().replace("area: ambridge", "area: nowhere"))
    _, problems = load_library(root, TODAY)
    assert any("unknown area 'nowhere'" in m for m in _messages(problems.errors))


def test_a_check_older_than_twelve_months_is_a_warning(tmp_path):
    root = write_library(tmp_path / "guidance", checked="2025-11-01")
    _, problems = load_library(root, TODAY)
    assert any(m.endswith("contacts.front_door.checked: last checked 2025-11-01, more "
                          "than 12 months ago: check it on the body's page")
               for m in _messages(problems.warnings))


def test_a_long_number_read_by_yaml_as_an_integer_is_refused(root):
    path = root / "areas" / "ambridge" / "area.yml"
    path.write_text(path.read_text().replace('"01632 960001"', "1632960001"))
    _, problems = load_library(root, TODAY)
    assert any("front_door.phone: expected the number in quotes" in m
               for m in _messages(problems.errors))


@pytest.mark.parametrize(("text", "dial"), [
    ("028 9504 9999", "+442895049999"), ("02895049999", "+442895049999"),
    ("+44 28 9504 9999", "+442895049999"), ("101", "101"),
    ("0300  1234 333", "+443001234333"), ("01632 960999", "+441632960999")])
def test_uk_numbers_are_parsed_and_shown_as_written(text, dial):
    assert parse_uk(text).dial == dial
    assert parse_uk(text).shown == " ".join(text.split())


@pytest.mark.parametrize("text", ["01632 96000", "028 9504 999", "+1 202 555 0100",
                                  "call us", "0" * 41, "999999"])
def test_bad_numbers_are_refused_with_a_reason(text):
    assert isinstance(parse_uk(text), str)


def test_local_steps_follow_their_point_even_when_it_is_hidden(root):
    library, _ = load_library(root, TODAY)
    pathway = library.pathways["worried"]
    assert points(pathway) == ["start", "call-999-if-the-child-is-in-danger",
                               "tell-your-safeguarding-lead",
                               "refer-to-children-s-social-care", "end"]
    local = library.areas["ambridge"].steps_for("worried")
    shown = list(pathway.steps)
    assert [s.title for s in merged(pathway, shown, local)][2] == \
        "Use the Ambridge referral form"
    hidden = [shown[0], shown[2]]  # the step at the point is another role's
    assert [s.title for s in merged(pathway, hidden, local)] == [
        "Call 999 if the child is in danger", "Use the Ambridge referral form",
        "Refer to children's social care"]


def test_a_hostile_area_file_is_refused_with_a_reason(root):
    path = root / "areas" / "ambridge" / "area.yml"
    step = ("  - {pathway: worried, after: start, title: T, text: X, "
            "contacts: [front_door]}\n")
    path.write_text(path.read_text().split("local_steps:")[0]
                    + "local_steps:\n" + step * 51)
    library, problems = load_library(root, TODAY)
    assert any("local_steps: expected at most 50 local steps; found 51" in m
               for m in _messages(problems.errors))
    assert "ambridge" not in library.areas
    path.write_text(path.read_text().replace("name: Ambridge", "name: " + "A" * 700))
    _, problems = load_library(root, TODAY)
    assert any("name: expected text of at most 600 characters" in m
               for m in _messages(problems.errors))


def test_an_area_field_that_is_not_text_is_an_error(root):
    doc = root / "areas" / "ambridge" / "ambridge-referrals.md"
    doc.write_text(doc.read_text().replace("area: ambridge", "area: [ambridge]"))
    _, problems = load_library(root, TODAY)
    assert any("area: expected the id of an area as text; found a list" in m
               for m in _messages(problems.errors))
