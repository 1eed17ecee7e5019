"""The results page: query, results, facets without JavaScript, hints, escaping."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.web.pages import Page, submit


def get(client, query: str):
    response = client.get(f"/search?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_empty_search_shows_the_form(client):
    html = get(client, "")
    assert 'name="q"' in html and "results" not in html.split("<main")[1][:2000]


def test_results_keep_the_query_and_show_the_total(client):
    html = get(client, "q=nrm+referral")
    assert 'value="nrm referral"' in html
    assert 'id="results-heading"' in html
    assert "results</h2>" in html


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
    assert 'value="county lines"' in html
    assert "Remove filter" in html
    assert "/search?q=county+lines" in filtered.links  # removes the only filter


def test_filters_narrow_the_results(client):
    everything = client.get("/api/search?q=trafficking").get_json()["total"]
    narrowed = client.get("/api/search?q=trafficking&type=legislation").get_json()
    assert 0 < narrowed["total"] < everything
    assert {r["type"] for r in narrowed["results"]} == {"legislation"}


def test_sort_and_pagination(client):
    html = get(client, "q=child&sort=updated&page=2")
    page = Page(html)
    assert any("page=3" in h and "sort=updated" in h for h in page.links)
    assert any(i.get("name") == "sort" for i in page.inputs)
    assert '<option value="updated" selected>' in html


def test_correction_is_shown_with_a_way_back(client):
    html = get(client, "q=chld")
    assert "Showing results for <strong>child</strong>" in html
    assert ('Search instead for <a class="govuk-link" '
            'href="/search?q=chld&amp;literal=1">chld</a>') in html
    literal = get(client, "q=chld&literal=1")
    assert "Showing results for" not in literal and "Did you mean" in literal
    assert 'href="/search?q=child"' in literal


def test_expansions_are_shown(client):
    assert "Also searched for" in get(client, "q=nrm")


def test_zero_results_give_advice(client):
    html = get(client, "q=zzxxqqvv")
    assert "0 results" in html
    assert "double-checking your spelling" in html
    assert "call 999" in html


def test_hostile_query_and_suggestion_are_escaped(client):
    for query in ("q=chld+%3Cscript%3Ealert(1)%3C/script%3E",
                  "q=chld+%3Cscript%3Ealert(1)%3C/script%3E&literal=1"):
        html = get(client, query)
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)" in html
        assert "Did you mean" in html or "Showing results for" in html


def test_best_bets_come_first(small_client):
    html = get(small_client, "q=call+999")
    assert html.index("Go straight to") < html.index('class="kb-result"')
    assert 'href="/doc/key-contacts-and-helplines#emergency"' in html


def test_superseded_result_links_its_successor(small_client):
    html = get(small_client, "q=refer")
    assert "Replaced by" in html
    assert 'href="/doc/new-note"' in html
