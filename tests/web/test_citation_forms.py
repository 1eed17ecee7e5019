"""Citations say who wrote what, on every legislation summary: our summary is
cited as ours, with its edition and fixed-version link in every form, and the
law it describes is offered apart, in OSCOLA form, linked to the official text."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from kb.library import load_library
from tests.web.conftest import REAL_GUIDANCE

LIBRARY = load_library(REAL_GUIDANCE)[0]
LEGISLATION = sorted(d.id for d in LIBRARY.documents.values()
                     if d.type == "legislation")
FORMS = ("citation-text", "citation-markdown", "citation-oscola", "citation-short")
OTHER_WRITERS = ("Parliament", "Privy Council", "Assembly", "Home Office",
                 "Department", "Government", "Ministry")


def soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_there_are_legislation_summaries_to_check():
    assert len(LEGISLATION) >= 10


@pytest.mark.parametrize("doc_id", LEGISLATION)
def test_no_form_names_another_writer_and_each_has_the_fixed_link(client, doc_id):
    doc = LIBRARY.get(doc_id)
    writers = (doc.source.publisher, *OTHER_WRITERS)
    for section in doc.sections:
        page = soup(client, f"/doc/{doc_id}/cite/{section.anchor}")
        permalink = page.find(id="citation-permalink")
        assert permalink is not None, f"{doc_id}#{section.anchor}: no fixed version"
        link = permalink["href"]
        assert f"/doc/{doc_id}/at/" in link
        for form in FORMS:
            text = page.find(id=form).get_text(" ", strip=True)
            where = f"{doc_id}#{section.anchor} {form}: {text}"
            assert text.startswith("Safeguarding Guidance Knowledge Base"), where
            assert not [w for w in writers if w in text], where
            assert link in text, where
            assert " edition (" in text, where
        law = page.find(id="citation-law")
        assert law is not None, f"{doc_id}#{section.anchor}: no law form"
        law_text = law.get_text(" ", strip=True)
        assert not [w for w in writers if w in law_text], law_text
        assert law.a["href"].startswith("https://www.legislation.gov.uk/")


@pytest.mark.parametrize("doc_id,anchor,oscola,href", [
    ("children-act-1989", "section-47", "Children Act 1989, s 47",
     "https://www.legislation.gov.uk/ukpga/1989/41/section/47"),
    ("modern-slavery-act-2015", "section-45", "Modern Slavery Act 2015, s 45",
     "https://www.legislation.gov.uk/ukpga/2015/30/section/45"),
    ("sexual-offences-act-2003", "sections-48-50",
     "Sexual Offences Act 2003, ss 48\u201350",
     "https://www.legislation.gov.uk/ukpga/2003/42/section/48"),
    ("children-northern-ireland-order-1995", "article-66",
     "Children (Northern Ireland) Order 1995, art 66",
     "https://www.legislation.gov.uk/nisi/1995/755/article/66"),
    ("nationality-and-borders-act-2022", "public-order-disqualification",
     "Nationality and Borders Act 2022, s 63",
     "https://www.legislation.gov.uk/ukpga/2022/36/section/63"),
    ("human-rights-act-1998-and-article-4", "article-4", "Human Rights Act 1998",
     "https://www.legislation.gov.uk/ukpga/1998/42"),
    ("children-act-1989", "what-it-is", "Children Act 1989",
     "https://www.legislation.gov.uk/ukpga/1989/41"),
])
def test_the_law_itself_in_oscola_form(client, doc_id, anchor, oscola, href):
    law = soup(client, f"/doc/{doc_id}/cite/{anchor}").find(id="citation-law")
    assert law.get_text(strip=True) == oscola
    assert law.a["href"] == href


def test_section_47_reads_as_our_section_3_4_not_the_acts(client):
    page = soup(client, "/doc/children-act-1989/cite/section-47")
    text = page.find(id="citation-text").get_text(" ", strip=True)
    assert text.startswith("Safeguarding Guidance Knowledge Base (")
    assert "Children Act 1989: summary, section 3.4, Child protection enquiries (s47)" \
        in text
    assert "UK Parliament" not in page.main.get_text()
    tools = soup(client, "/doc/children-act-1989")
    assert tools.find("a", href="https://www.legislation.gov.uk/ukpga/1989/41/section/47",
                      string="Children Act 1989, s 47")


def test_csl_json_download(client):
    response = client.get("/doc/children-act-1989/cite/section-47/csl.json")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    assert "attachment" in response.headers["Content-Disposition"]
    [item] = json.loads(response.get_data(as_text=True))
    assert item["author"] == [{"literal": "Safeguarding Guidance Knowledge Base"}]
    assert item["title"].startswith("Children Act 1989: summary, section 3.4")
    assert "/doc/children-act-1989/at/" in item["URL"]
    assert client.get("/doc/children-act-1989/cite/no-such/csl.json").status_code == 404


@pytest.mark.parametrize("path", ["/doc/children-act-1989",
                                  "/doc/children-act-1989/cite/section-47"])
def test_pages_carry_citation_metadata(client, path):
    page = soup(client, path)
    meta = {m["name"]: m["content"]
            for m in page.find_all("meta", attrs={"name": True})}
    assert meta["citation_author"] == "Safeguarding Guidance Knowledge Base"
    assert meta["DC.creator"] == "Safeguarding Guidance Knowledge Base"
    assert meta["citation_title"].startswith("Children Act 1989: summary")
    assert "/doc/children-act-1989/at/" in meta["citation_public_url"]
    assert meta["citation_date"].count("/") == 2


def test_printed_document_says_how_to_cite_it(client):
    printed = soup(client, "/doc/children-act-1989").find(attrs={
        "data-kb-printed-from": True}).get_text(" ", strip=True)
    assert "Cite as: Safeguarding Guidance Knowledge Base (" in printed
    assert "Children Act 1989: summary" in printed and "UK Parliament" not in printed
