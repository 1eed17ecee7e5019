"""The ownership pages: who publishes this copy, how to reach them, and the
"Report a problem" link that carries a page's address and version, never its
search words."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.web.conftest import make_app

OWNERSHIP = {"/about": "About this knowledge base", "/contact": "Contact",
             "/accessibility": "Accessibility statement", "/privacy": "Privacy",
             "/cookies": "Cookies"}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def report_link(page: BeautifulSoup) -> str:
    link = page.find("a", string="Report a problem with this page")
    assert link is not None, "no report link"
    return link["href"]


@pytest.mark.parametrize("path", ["/", "/search?q=trafficking", "/glossary", "/now",
                                  "/doc/children-act-1989", "/doc/no-such-document",
                                  *OWNERSHIP])
def test_every_page_links_the_five_pages_from_its_footer(client, path):
    response = client.get(path)
    footer = BeautifulSoup(response.get_data(as_text=True), "html.parser").footer
    hrefs = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
    assert {hrefs.get(name) for name in ("About", "Accessibility statement", "Contact",
                                         "Privacy", "Cookies")} == set(OWNERSHIP)


@pytest.mark.parametrize("path,heading", OWNERSHIP.items())
def test_each_page_has_its_heading_and_a_description(client, path, heading):
    page = soup(client.get(path))
    assert page.h1.get_text(strip=True) == heading
    assert page.find("meta", attrs={"name": "description"})["content"].strip()


def test_about_says_it_is_not_an_official_publication_and_what_unverified_means(client):
    text = soup(client.get("/about")).main.get_text(" ", strip=True)
    assert "not an official government publication" in text
    assert 'What "unverified" means' in text
    assert "How content is checked" in text


def test_accessibility_statement_follows_the_model(client):
    text = soup(client.get("/accessibility")).main.get_text(" ", strip=True)
    for part in ("How accessible this website is", "Reporting accessibility problems",
                 "Enforcement procedure", "Equality and Human Rights Commission",
                 "Equality Advisory and Support Service", "Compliance status",
                 "partially compliant", "version 2.2 AA",
                 "Preparation of this accessibility statement"):
        assert part in text, part


def test_privacy_says_no_query_text_and_no_cookies(client):
    text = soup(client.get("/privacy")).main.get_text(" ", strip=True)
    assert "The words you search for" in text and "never stored" in text
    assert "Cookies or any other identifier" in text
    assert "kept by your browser on your device" in text


def test_unset_publisher_is_said_plainly(client):
    text = soup(client.get("/contact")).main.get_text(" ", strip=True)
    assert "has not given its name" in text
    assert "No contact address or issue tracker is set" in text
    report = soup(client.get("/contact/report?page=/glossary")).main
    assert report.find("a", href=lambda h: h and h.startswith("mailto:")) is None
    assert "cannot be reported through this site" in report.get_text(" ", strip=True)


@pytest.fixture(scope="module")
def published(real_index):
    from tests.web.conftest import REAL_GUIDANCE
    return make_app(REAL_GUIDANCE, real_index, PUBLISHER_NAME="Example Trust",
                    CONTACT_EMAIL="kb@example.org",
                    REPORT_URL="https://issues.example.org/kb/new").test_client()


def test_settings_name_the_publisher_everywhere(published):
    for path in OWNERSHIP:
        assert "Example Trust" in published.get(path).get_data(as_text=True), path
    about = soup(published.get("/about")).main
    assert about.find("a", href="mailto:kb@example.org")
    assert about.find("a", href="https://issues.example.org/kb/new")


def test_report_link_carries_the_page_and_its_version(published):
    page = soup(published.get("/doc/children-act-1989"))
    args = parse_qs(urlsplit(report_link(page)).query)
    assert args["page"] == ["/doc/children-act-1989"]
    version = args.get("version", [""])[0]
    report = soup(published.get(report_link(page)))
    assert "/doc/children-act-1989" in report.find(id="report-page").get_text()
    mailto = report.find("a", href=lambda h: h and h.startswith("mailto:"))["href"]
    assert mailto.startswith("mailto:kb@example.org?")
    assert "children-act-1989" in mailto
    if version:
        assert report.find(id="report-version").get_text(strip=True) == version
        assert version in mailto


def test_report_link_never_carries_the_search_words(published):
    page = soup(published.get("/search?q=Jane+Doe+age+14"))
    href = report_link(page)
    assert "Jane" not in href and "q=" not in href
    assert parse_qs(urlsplit(href).query)["page"] == ["/search"]
    report = published.get(href).get_data(as_text=True)
    assert "Jane" not in report


def test_report_link_keeps_a_pathway_answers_choices(client):
    page = soup(client.get("/now/child-may-be-trafficked?role=police&nation=wales"))
    args = parse_qs(urlsplit(report_link(page)).query)
    assert args["page"] == ["/now/child-may-be-trafficked?role=police&nation=wales"]


@pytest.mark.parametrize("page,version", [
    ("https://evil.example/phish", "0123456789ab"),
    ("//evil.example/x", "0123456789ab"),
    ("/" + "a" * 5000, "0123456789ab"),
    ("/doc/x\r\nSet-Cookie: a=b", "<script>"),
    ("javascript:alert(1)", "z" * 100),
])
def test_hostile_report_addresses_are_not_shown(published, page, version):
    response = published.get("/contact/report", query_string={"page": page,
                                                               "version": version})
    report = soup(response)
    assert report.find(id="report-page").get_text(strip=True) == "Not known"
    shown_version = report.find(id="report-version").get_text(strip=True)
    assert shown_version == (version if version == "0123456789ab" else "Not known")
    assert "evil.example" not in response.get_data(as_text=True)
