"""The results page: query, results, facets without JavaScript, hints, escaping.

Pages are parsed (Beautiful Soup), so the tests read what a browser would show
and do not depend on attribute order or whitespace in the templates.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from bs4 import BeautifulSoup

from tests.web.pages import Page, submit


def get(client, query: str) -> str:
    response = client.get(f"/search?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def soup(client, query: str) -> BeautifulSoup:
    return BeautifulSoup(get(client, query), "html.parser")


def main(page: BeautifulSoup):
    return page.find("main")


def text(node) -> str:
    return " ".join(node.get_text().split())


def hrefs(node) -> list[str]:
    return [a["href"] for a in node.find_all("a", href=True)]


def test_empty_search_shows_the_form(client):
    page = soup(client, "")
    assert page.find("input", attrs={"name": "q"}) is not None
    assert main(page).find(id="results-heading") is None
    assert not main(page).select(".kb-result")


def test_results_keep_the_query_and_show_the_total(client):
    page = soup(client, "q=nrm+referral")
    assert page.find("input", attrs={"name": "q"})["value"] == "nrm referral"
    heading = page.find(id="results-heading")
    assert heading.name == "h2"
    count, word = text(heading).split()
    assert int(count) > 1 and word == "results"
    assert len(page.select(".kb-result")) == min(int(count), 10)


def test_section_links_go_straight_to_the_anchor_with_highlighting(client):
    page = Page(get(client, "q=first+responder"))
    links = [urlsplit(h) for h in page.internal_links() if h.startswith("/doc/")]
    with_anchor = [u for u in links if u.fragment]
    assert with_anchor, "expected links to sections"
    assert all(parse_qs(u.query)["highlight"] == ["first responder"]
               for u in with_anchor)


def test_facet_flow_without_javascript(client):
    first = Page(get(client, "q=county+lines"))
    police = first.checkboxes("audience")
    assert any(box["value"] == "police" for box in police)
    html = get(client, submit(first, tick=("audience", "police")))
    filtered = Page(html)
    ticked = [b for b in filtered.checkboxes("audience") if "checked" in b]
    assert [b["value"] for b in ticked] == ["police"]
    page = BeautifulSoup(html, "html.parser")
    assert page.find("input", attrs={"name": "q"})["value"] == "county lines"
    active = page.select_one(".kb-active-filters")
    assert text(active.find("a")).startswith("Remove filter")
    assert "/search?q=county+lines" in hrefs(active)  # removes the only filter


def test_filters_narrow_the_results(client):
    everything = client.get("/api/search?q=trafficking").get_json()["total"]
    narrowed = client.get("/api/search?q=trafficking&type=legislation").get_json()
    assert 0 < narrowed["total"] < everything
    assert {r["type"] for r in narrowed["results"]} == {"legislation"}


def test_sort_and_pagination(client):
    page = soup(client, "q=child&sort=updated&page=2")
    assert any("page=3" in h and "sort=updated" in h for h in hrefs(page))
    chosen = page.find("select", attrs={"name": "sort"}).find("option", selected=True)
    assert chosen["value"] == "updated"


def paragraph(page, start: str):
    return next((p for p in page.find_all("p") if text(p).startswith(start)), None)


def test_correction_is_shown_with_a_way_back(client):
    page = soup(client, "q=chld")
    assert text(paragraph(page, "Showing results for")) == "Showing results for child"
    back = paragraph(page, "Search instead for")
    assert hrefs(back) == ["/search?q=chld&literal=1"]
    assert text(back) == "Search instead for chld"
    literal = soup(client, "q=chld&literal=1")
    assert paragraph(literal, "Showing results for") is None
    hint = paragraph(literal, "Did you mean")
    assert hrefs(hint) == ["/search?q=child"] and text(hint) == "Did you mean child?"


LITERAL = "q=chld+exploitation&literal=1&sort=updated"  # "Search instead for"


def onward_searches(html: str) -> list[dict[str, list[str]]]:
    """The parameters of each link in the page's main part that searches again,
    but for "Did you mean" (a new search, for other words)."""
    page = BeautifulSoup(html, "html.parser")
    hint = paragraph(page, "Did you mean")
    new_words = set(hrefs(hint)) if hint else set()
    return [parse_qs(urlsplit(h).query) for h in hrefs(main(page))
            if urlsplit(h).path == "/search" and h not in new_words]


def test_a_literal_search_keeps_its_words_through_pages_filters_and_sort(client):
    first = get(client, LITERAL)
    page = BeautifulSoup(first, "html.parser")
    assert paragraph(page, "Showing results for") is None
    assert page.select_one(".govuk-pagination")  # several pages of results
    links = onward_searches(first)
    assert len(links) >= 3
    assert all(p["literal"] == ["1"] and p["sort"] == ["updated"] for p in links)

    query = submit(Page(first), tick=("audience", "police"))  # no JavaScript
    assert parse_qs(query)["literal"] == ["chld exploitation"]
    filtered = get(client, query)
    page = BeautifulSoup(filtered, "html.parser")
    assert paragraph(page, "Showing results for") is None
    assert page.find("input", attrs={"name": "q"})["value"] == "chld exploitation"
    as_typed = {**parse_qs(query), "literal": ["1"]}  # the API takes 0 or 1
    expected = client.get("/api/search?" + urlencode(as_typed, doseq=True)
                          ).get_json()["total"]
    assert text(page.find(id="results-heading")) == f"{expected} results"
    links = onward_searches(filtered)
    assert all(p["literal"] == ["1"] and p["sort"] == ["updated"] for p in links)
    clear = page.find("a", string="Clear all filters")["href"]
    assert parse_qs(urlsplit(clear).query) == {
        "q": ["chld exploitation"], "sort": ["updated"], "literal": ["1"]}


def test_only_a_literal_page_sends_literal_from_its_form(client):
    for query, expected in ((LITERAL, [{"type": "hidden",
                                        "value": "chld exploitation"}]),
                            ("q=chld+exploitation&sort=updated", [])):
        form = BeautifulSoup(get(client, query), "html.parser").find(
            "form", attrs={"role": "search"})
        hidden = form.find_all("input", attrs={"name": "literal"})
        assert [{"type": i["type"], "value": i["value"]} for i in hidden] == expected


def test_new_words_typed_on_a_literal_page_are_corrected_as_usual(client):
    """The form of a literal page sends the words it showed; other words are a
    new search, so "Search instead" does not stick to every later search."""
    form = BeautifulSoup(get(client, LITERAL), "html.parser").find(
        "form", attrs={"role": "search"})
    sent = form.find("input", attrs={"name": "literal"})["value"]
    same = BeautifulSoup(get(client, urlencode({"q": "chld exploitation",
                                                "literal": sent})), "html.parser")
    assert paragraph(same, "Showing results for") is None
    other = BeautifulSoup(get(client, urlencode({"q": "chld neglect",
                                                 "literal": sent})), "html.parser")
    assert "child" in text(paragraph(other, "Showing results for"))


def test_the_api_searches_the_words_as_typed_with_filters_and_pages(client):
    typed = "q=chld+exploitation&audience=police&sort=updated&page=2&page_size=5"
    corrected = client.get(f"/api/search?{typed}").get_json()
    assert corrected["corrected_from"] == "chld exploitation"
    literal = client.get(f"/api/search?{typed}&literal=1").get_json()
    assert literal["corrected_from"] is None
    assert literal["query"] == "chld exploitation"
    assert (literal["page"], literal["page_size"], literal["sort"]) == (2, 5, "updated")
    selected = [v["value"] for v in literal["facets"]["audience"] if v["selected"]]
    assert selected == ["police"]


def test_expansions_are_shown(client):
    expanded = soup(client, "q=nrm")
    assert any(text(p).startswith("Also searched for: ")
               for p in expanded.find_all("p"))


def test_zero_results_give_advice(client):
    page = soup(client, "q=zzxxqqvv")
    assert text(page.find(id="results-heading")) == "0 results"
    advice = [text(li) for li in main(page).select("ul.govuk-list--bullet li")]
    assert "double-checking your spelling" in advice
    assert "call 999" in text(page.select_one(".govuk-warning-text"))


def test_hostile_query_and_suggestion_are_escaped(client):
    for query in ("q=chld+%3Cscript%3Ealert(1)%3C/script%3E",
                  "q=chld+%3Cscript%3Ealert(1)%3C/script%3E&literal=1"):
        html = get(client, query)
        page = BeautifulSoup(html, "html.parser")
        assert not [s for s in page.find_all("script") if "alert(1)" in s.get_text()]
        assert page.find("input", attrs={"name": "q"})["value"] == \
            "chld <script>alert(1)</script>"
        hint = paragraph(page, "Did you mean") or paragraph(page, "Showing results")
        assert "<script>alert(1)</script>" in text(hint)  # shown as text


def test_best_bets_come_first(small_client):
    page = soup(small_client, "q=call+999")
    bets = page.select_one(".kb-best-bets")
    first_result = page.select_one(".kb-result")
    assert text(bets.find("h2")) == "Go straight to"
    assert first_result in bets.find_all_next(class_="kb-result")
    assert "/doc/key-contacts-and-helplines#emergency" in hrefs(bets)


def test_superseded_result_links_its_successor(small_client):
    page = soup(small_client, "q=refer")
    replaced = next(p for p in page.find_all("p") if text(p).startswith("Replaced by"))
    assert hrefs(replaced) == ["/doc/new-note"]
