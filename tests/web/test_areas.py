"""Your area on the site and in the API, over two made-up areas (numbers from
Ofcom's drama range) with a real index in tmp_path and Flask's test client."""

from __future__ import annotations

import io

import pytest
from docx import Document

from indexer.build.builder import build_index
from tests.area_fixtures import LOCAL_WORD, write_library
from web import create_app

ANSWER = "/now/worried?role=police&nation=england"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("areas-site")
    guidance = write_library(tmp / "guidance")
    build_index(guidance, tmp / "index", full=True)
    app = create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                      "INDEX_DIR": str(tmp / "index"), "AUTO_REINDEX": False})
    return app.test_client()


def test_the_chooser_lists_areas_by_nation_with_links_that_carry_the_area(client):
    response = client.get("/areas")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2 class=\"govuk-heading-m\" data-kb-area-nation>England</h2>" in page
    assert 'href="/?area=ambridge"' in page and 'href="/?area=borsetshire"' in page
    assert "Set-Cookie" not in response.headers


def test_the_chooser_returns_to_a_page_on_this_site_only(client):
    page = client.get("/areas?next=/browse").get_data(as_text=True)
    assert 'href="/browse?area=ambridge"' in page
    hostile = client.get("/areas?next=//evil.example/x").get_data(as_text=True)
    assert "evil.example" not in hostile and 'href="/?area=ambridge"' in hostile


def test_home_shows_the_areas_numbers_first_in_the_worried_box(client):
    response = client.get("/?area=ambridge")
    page = response.get_data(as_text=True)
    worried = page[page.index("Worried about a child right now?"):]
    assert worried.index("01632 960001") < worried.index("What to do now")
    assert 'href="tel:+441632960002"' in worried
    assert "Borsetshire" not in page
    assert "Set-Cookie" not in response.headers


def test_home_without_an_area_offers_the_chooser(client):
    page = client.get("/").get_data(as_text=True)
    assert "Choose your area" in page and "01632" not in page


@pytest.mark.parametrize("value", ["nowhere", "x" * 5000, "<script>alert(1)</script>"])
def test_an_unknown_area_is_a_404_with_the_chooser(client, value):
    urls = [f"/?area={value}", f"{ANSWER}&area={value}",
            f"/search?q=child&area={value}", f"/browse?area={value}"]
    for url in urls + ([f"/areas/{value}"] if "/" not in value else []):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 404, url
        assert "Area not found" in page and 'href="/?area=ambridge"' in page
        assert "<script>alert" not in page


def test_a_pathway_answer_puts_the_number_in_the_step_and_adds_local_steps(client):
    page = client.get(f"{ANSWER}&area=ambridge").get_data(as_text=True)
    lead = page.index("Tell your safeguarding lead")
    local = page.index("Use the Ambridge referral form")
    refer = page.index("Refer to children&#39;s social care")
    assert lead < local < refer
    assert "01632 960001" in page[refer:] and "01632 960002" in page[refer:]
    assert "Local</strong> A step added by Ambridge Safeguarding Partnership" in page
    assert "Borsetshire" not in page


def test_the_nation_comes_from_the_area_when_not_given(client):
    page = client.get("/now/worried?role=police&area=ambridge").get_data(as_text=True)
    assert "Use the Ambridge referral form" in page


def test_a_pathway_answer_without_an_area_links_to_the_chooser(client):
    page = client.get(ANSWER).get_data(as_text=True)
    refer = page[page.index("Refer to children&#39;s social care"):]
    assert "Choose your area</a> to see the number to ring" in refer
    assert "01632" not in page and "referral form" not in page


def test_search_with_an_area_labels_its_local_documents_and_no_others(client):
    page = client.get(f"/search?q={LOCAL_WORD}&area=ambridge").get_data(as_text=True)
    assert "Ambridge referral form" in page and "Local to Ambridge" in page
    assert "Borsetshire" not in page
    without = client.get(f"/search?q={LOCAL_WORD}").get_data(as_text=True)
    assert "referral form" not in without


def test_browse_has_local_to_the_area_and_nothing_local_without_one(client):
    page = client.get("/browse?area=borsetshire").get_data(as_text=True)
    assert "Local to Borsetshire" in page and "Borsetshire referral form" in page
    assert "Ambridge" not in page
    topic = client.get("/browse/topic/nrm").get_data(as_text=True)
    assert "National note" in topic and "referral form" not in topic
    assert "referral form" not in client.get("/a-z").get_data(as_text=True)


def test_the_area_page_marks_old_checks(client):
    page = client.get("/areas/ambridge").get_data(as_text=True)
    assert "Ambridge Children&#39;s Front Door" in page
    assert "Checked 1 November 2026" in page


def test_the_api_lists_areas_and_gives_contacts_with_sources(client):
    listed = client.get("/api/areas").get_json()
    assert [a["id"] for a in listed["areas"]] == ["ambridge", "borsetshire"]
    area = client.get("/api/areas/ambridge").get_json()
    front = next(c for c in area["contacts"] if c["kind"] == "front_door")
    assert front["phone"] == "01632 960001" and front["dial"] == "+441632960001"
    assert front["source"] == "https://example.org/ambridge/front-door"
    assert area["documents"] == ["ambridge-referrals"]
    assert client.get("/api/areas/nowhere").status_code == 404


def test_the_pathway_and_search_apis_take_an_area(client):
    data = client.get("/api/pathways/worried?role=police&area=ambridge").get_json()
    assert data["area"] == "ambridge" and data["nation"] == "england"
    local = [s for s in data["steps"] if s.get("local")]
    assert [s["title"] for s in local] == ["Use the Ambridge referral form"]
    refer = next(s for s in data["steps"] if s["title"].startswith("Refer"))
    assert [c["phone"] for c in refer["contacts"]] == ["01632 960001", "01632 960002"]
    found = client.get(f"/api/search?q={LOCAL_WORD}&area=borsetshire").get_json()
    assert [(r["doc_id"], r["local_to"]) for r in found["results"]] == [
        ("borsetshire-referrals", "Borsetshire Safeguarding Partnership")]
    assert client.get(f"/api/search?q={LOCAL_WORD}&area=nowhere").status_code == 404


def test_a_pack_carries_the_areas_numbers_and_checked_dates(client):
    item = "now/worried?role=police&nation=england&area=ambridge"
    text = client.get("/pack.md", query_string={"s": item}).get_data(as_text=True)
    assert "For Police, in England, Ambridge Safeguarding Partnership." in text
    assert ("Children's services (in hours): Ambridge Children's Front Door, "
            "01632 960001, Monday to Friday, 9am to 5pm (checked 1 November 2026)"
            in text)
    assert "Use the Ambridge referral form" in text
    docx = client.get("/pack.docx", query_string={"s": item})
    paragraphs = [p.text for p in Document(io.BytesIO(docx.data)).paragraphs]
    assert any("01632 960002" in p and "checked 1 November 2026" in p
               for p in paragraphs)
    assert any("Use the Ambridge referral form" in p for p in paragraphs)


def test_the_saved_copy_keeps_each_areas_contacts(client):
    pages = client.get("/offline/pages.json").get_json()["library"]
    assert {"/areas", "/areas/ambridge", "/?area=ambridge",
            "/areas/borsetshire"} <= set(pages)
