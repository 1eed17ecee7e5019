"""The results page and the API say which provision a search was read as."""

import re


def test_the_api_says_what_it_understood(client):
    data = client.get("/api/search", query_string={"q": "s.47 CA 1989"}).get_json()
    assert data["provisions"] == [{
        "label": "Section 47 of the Children Act 1989", "doc_id": "children-act-1989",
        "anchor": "section-47",
        "url": "http://localhost/doc/children-act-1989#section-47"}]
    first = data["results"][0]
    assert (first["doc_id"], first["sections"][0]["anchor"]) == (
        "children-act-1989", "section-47")


def test_the_page_says_what_it_understood_with_links(client):
    html = client.get("/search", query_string={"q": "section 47"}).get_data(
        as_text=True)
    said = re.search(r'<p class="govuk-body" id="provisions-understood">(.*?)</p>',
                     html, re.S)
    assert said, "no provisions line"
    text = re.sub(r"<[^>]+>|\s+", " ", said.group(1)).split()
    assert " ".join(text) == ("Shown first: Section 47 of the Children Act 1989 and "
                              "Section 47 of the Sexual Offences Act 2003")
    assert 'href="/doc/children-act-1989#section-47"' in said.group(1)


def test_a_search_naming_no_provision_says_nothing_of_the_law(client):
    data = client.get("/api/search", query_string={"q": "county lines"}).get_json()
    assert data["provisions"] == []
    html = client.get("/search", query_string={"q": "county lines"}).get_data(
        as_text=True)
    assert "provisions-understood" not in html
