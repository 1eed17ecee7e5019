"""The bundled library: every required document, long enough, checked, strict-clean."""

import re
from pathlib import Path

import pytest

from kb.check_report import run_check
from kb.config import guidance_dir
from kb.library import load_library

REQUIRED = {
    "legislation": ["modern-slavery-act-2015", "scotland-human-trafficking-act-2015",
                    "northern-ireland-human-trafficking-act-2015",
                    "nationality-and-borders-act-2022"],
    "international-instrument": ["palermo-protocol-2000",
                                 "council-of-europe-convention-2005",
                                 "eu-directive-2011-36"],
    "guidance": [
        "working-together-2023", "care-of-unaccompanied-migrant-children-2017",
        "modern-slavery-statutory-guidance", "national-referral-mechanism",
        "child-decision-making-pilots", "independent-child-trafficking-guardians",
        "missing-children-statutory-guidance-2014", "child-sexual-exploitation-2017",
        "county-lines-guidance", "keeping-children-safe-in-education",
        "achieving-best-evidence", "cps-modern-slavery-legal-guidance",
        "age-assessment", "scotland-national-guidance-child-protection",
        "wales-safeguarding-procedures",
        "all-wales-practice-guidance-trafficked-children-2011",
        "safeguarding-children-who-may-have-been-trafficked-2011",
        "human-trafficking-strategy-2011", "modern-slavery-strategy-2014"],
    "practice-note": [
        "indicators-of-child-trafficking", "making-an-nrm-referral-for-a-child",
        "responding-when-a-trafficked-child-goes-missing",
        "children-in-criminal-activity-as-victims",
        "interviewing-trafficked-children-legal-professionals",
        "health-needs-of-trafficked-children", "trauma-and-its-impact",
        "travel-industry-identifying-child-trafficking",
        "information-sharing-and-multi-agency-working", "online-exploitation-and-ceop",
        "trafficking-within-the-uk", "safe-accommodation-and-placements",
        "first-duty-visit-checklist", "supporting-child-witnesses",
        "transition-to-adulthood-for-trafficked-young-people",
        "independent-anti-slavery-commissioner", "forced-marriage-and-trafficking",
        "private-fostering-and-trafficking",
        "legal-aid-and-immigration-advice-for-child-victims",
        "temporary-permission-to-stay-for-victims", "national-transfer-scheme",
        "unaccompanied-children-in-hotels-2021-2024", "nrm-statistics-explained"],
    "contacts": ["key-contacts-and-helplines"],
}
ALL_REQUIRED = [doc_id for ids in REQUIRED.values() for doc_id in ids]
MSA_ANCHORS = ["section-1", "section-2", "section-3", "section-45", "section-48",
               "section-49", "section-52"]


@pytest.fixture(scope="module")
def library():
    library, _ = load_library(guidance_dir())
    return library


def words(doc) -> int:
    """Words a reader sees: headings and plain text, not Markdown syntax."""
    return sum(len(f"{s.heading} {s.text}".split()) for s in doc.sections)


def test_there_are_50_required_documents():
    assert len(ALL_REQUIRED) == 50 == len(set(ALL_REQUIRED))


@pytest.mark.parametrize("doc_id", ALL_REQUIRED)
def test_required_document_is_complete(library, doc_id):
    doc = library.get(doc_id)
    assert doc is not None, f"{doc_id} is missing or fails kb check"
    assert "TODO" not in doc.summary and len(doc.summary) >= 40
    if doc.type == "practice-note":
        assert 600 <= words(doc) <= 1500, words(doc)
    else:
        assert doc.source is not None and doc.source.url.startswith("https://")
        assert 400 <= words(doc) <= 1200, words(doc)
    assert all(s.anchor for s in doc.sections)


def test_modern_slavery_act_has_a_section_per_key_provision(library):
    doc = library.get("modern-slavery-act-2015")
    for anchor in MSA_ANCHORS:
        assert doc.section(anchor) is not None, anchor


def test_contacts_open_with_emergency_and_helplines(library):
    doc = library.get("key-contacts-and-helplines")
    assert [s.anchor for s in doc.sections[:2]] == ["emergency", "helplines"]
    assert "999" in doc.sections[0].text
    assert "08000 121 700" in doc.body


def test_every_heading_has_an_explicit_anchor():
    pattern = re.compile(r"^#{2,4} (?!.*\{#[a-z0-9-]+\}\s*$)", re.M)
    for path in Path(guidance_dir()).rglob("*.md"):
        assert not pattern.search(path.read_text()), path


def test_library_is_at_least_35000_words(library):
    assert sum(words(doc) for doc in library.documents.values()) >= 35_000


def test_glossary_has_at_least_40_terms(library):
    assert len(library.glossary) >= 40
    names = {t.term for t in library.glossary}
    assert {"NRM", "SCA", "ICTG", "CSE", "CCE", "UASC", "LADO", "MASH", "DSL", "ABE",
            "CTAC", "CEOP"} <= names


def test_library_passes_strict_check():
    report = run_check([guidance_dir()])
    assert not report.failed(strict=True), "\n".join(map(str, report.problems))


NI_TRUSTS = {"belfast-hsc-trust", "northern-hsc-trust", "south-eastern-hsc-trust",
             "southern-hsc-trust", "western-hsc-trust"}
# Seen on the bodies' own pages (areas fact sheet, V-OFF); no other number may
# appear in the Northern Ireland areas.
NI_CONFIRMED = {"028 9504 9999", "0300 1234 333", "101"}


def test_the_five_ni_trusts_are_areas_with_sourced_contacts():
    library, _ = load_library(guidance_dir())
    assert set(library.areas) >= NI_TRUSTS
    for area_id in NI_TRUSTS:
        area = library.areas[area_id]
        assert area.nation == "northern-ireland"
        assert area.contact("out_of_hours").phone == "028 9504 9999"
        phones = {c.phone for c in area.contacts.values() if c.phone}
        assert phones <= NI_CONFIRMED, area_id
        assert all(c.source.startswith(("https://", "http://"))
                   for c in area.contacts.values())
    assert library.areas["northern-hsc-trust"].contact("front_door").phone == \
        "0300 1234 333"


def test_no_made_up_number_is_in_the_guidance():
    text = "\n".join(p.read_text("utf-8")
                     for p in (guidance_dir() / "areas").rglob("*.yml"))
    assert not re.search(r"01632\s*96\d", text.replace(" ", ""))
    assert "01632" not in text.replace(" ", "")
