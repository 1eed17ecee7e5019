"""Finding your way: the menu, letter links, meta descriptions, related guidance
near the top, and answers that link rather than print addresses."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def soup(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_what_to_do_now_is_in_the_menu(client):
    menu = soup(client, "/glossary").find("nav", attrs={"aria-label": "Menu"})
    assert menu.find("a").get_text(strip=True) == "What to do now"
    now = soup(client, "/now").find("nav", attrs={"aria-label": "Menu"})
    assert "govuk-service-navigation__item--active" in str(now.find("li"))


@pytest.mark.parametrize("path,label", [("/a-z", "Documents by letter"),
                                        ("/glossary", "Terms by letter")])
def test_every_letter_is_shown_and_empty_ones_greyed(client, path, label):
    page = soup(client, path)
    nav = page.find("nav", attrs={"aria-label": label})
    items = nav.find_all("li")
    letters = [li.get_text(strip=True)[:1] for li in items]
    assert letters[-26:] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    linked = [li.a.get_text() for li in items if li.a]
    empty = [li.get_text(strip=True)[:1] for li in items if not li.a]
    assert linked and empty
    for letter in linked:
        assert page.find(id=f"letter-{letter}"), letter
    for letter in empty:
        assert page.find(id=f"letter-{letter}") is None


@pytest.mark.parametrize("path", ["/", "/search?q=nrm", "/doc/children-act-1989",
                                  "/now/child-may-be-trafficked?role=police&nation=wales",
                                  "/glossary", "/a-z", "/browse", "/now"])
def test_every_page_has_one_meta_description(client, path):
    found = soup(client, path).find_all("meta", attrs={"name": "description"})
    assert len(found) == 1 and len(found[0]["content"]) > 40, path
    assert "nrm" not in found[0]["content"].lower() or path != "/search?q=nrm"


def test_related_guidance_sits_beside_the_title(client):
    page = soup(client, "/doc/children-act-1989")
    row = page.find("h1").find_parent(class_="govuk-grid-row")
    assert row.find("aside", class_="kb-related") is not None


def test_answer_links_to_its_current_steps_instead_of_printing_the_address(client):
    page = soup(client, "/now/child-may-be-trafficked?role=police&nation=wales")
    validity = page.find(class_="kb-validity")
    assert "http" not in validity.get_text()
    assert validity.find("a", string=lambda s: s and s.startswith(
        "See the current steps"))["href"] == \
        "/now/child-may-be-trafficked?role=police&nation=wales"
