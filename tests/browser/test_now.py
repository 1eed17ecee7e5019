"""What to do now in a real browser: the chooser with and without JavaScript, with
the mouse and the keyboard alone, on a phone, in print and into a session pack."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PHONE_WIDTH

pytestmark = pytest.mark.browser

A4_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def choose(page, actor, name: str) -> None:
    actor.activate(page.get_by_role("link", name=name, exact=True))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_chooser_leads_from_the_home_page_to_the_steps(request, actor, javascript):
    page = request.getfixturevalue("page" if javascript else "nojs_page")
    page.goto("/")
    choose(page, actor, "A child who may be trafficked has gone missing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who are you?")
    choose(page, actor, "Foster carers and residential care staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where do you work?")
    choose(page, actor, "Scotland")
    expect(page).to_have_url(re.compile(
        r"/now/child-gone-missing\?role=carers&nation=scotland$"))
    steps = page.locator(".kb-step")
    expect(steps.first.get_by_role("heading")).to_contain_text("Call 999")
    expect(steps.first.locator(".govuk-warning-text")).to_be_visible()
    titles = steps.locator(".kb-step__title").all_inner_texts()
    api = page.request.get("/api/pathways/child-gone-missing?role=carers"
                           "&nation=scotland").json()
    assert [t.split("\n")[-1].strip() for t in titles] == [
        s["title"] for s in api["steps"]]
    expect(page.get_by_role("heading", name="Helplines in Scotland")).to_be_visible()


def test_citation_link_opens_the_exact_section(page, actor):
    page.goto("/now/age-disputed?role=social-care&nation=scotland")
    link = page.locator(".kb-step__sources a", has_text="Presumption of age").first
    target = link.get_attribute("href").split("#")[1]
    actor.activate(link)
    expect(page).to_have_url(re.compile(f"#{target}$"))
    expect(page.locator(f"#{target}")).to_be_in_viewport()


def test_print_button_shows_only_with_javascript(page, nojs_page):
    path = "/now/child-may-be-trafficked?role=police&nation=wales"
    page.goto(path)
    expect(page.get_by_role("button", name="Print these steps")).to_be_visible()
    nojs_page.goto(path)
    expect(nojs_page.get_by_role("button", name="Print these steps")).to_be_hidden()


@pytest.mark.parametrize("path", [
    "/now/child-may-be-trafficked?role=police&nation=wales",
    "/now/interviewing-a-child?role=legal&nation=wales",
    "/now/turning-18-in-the-nrm?role=social-care&nation=wales",
])
def test_print_fits_one_a4_page(page, path):
    """A typical pathway and the two longest answers print on one sheet."""
    page.goto(path)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(A4_PAGE.findall(pdf)) == 1


def test_a_long_document_still_prints_on_several_pages(page):
    """The page counter itself: it must be able to see more than one page."""
    page.goto("/doc/national-referral-mechanism")
    assert len(A4_PAGE.findall(page.pdf(format="A4"))) > 1


def test_answer_goes_into_the_session_pack(page, actor):
    page.goto("/now/travel-and-hotels?role=travel-hospitality&nation=england")
    actor.activate(page.get_by_role("link", name="Add to session pack"))
    expect(page.get_by_text("Added to your pack")).to_be_visible()
    actor.activate(page.get_by_role("link", name=re.compile(r"^View pack \(1\)")))
    expect(page.get_by_role("heading", level=2, name=re.compile(
        "What to do now: You see a child at an airport"))).to_be_visible()
    expect(page.get_by_text("Tell the right person quietly")).to_be_visible()


def test_phone_chooser_has_no_sideways_scrolling(phone_page):
    page = phone_page
    page.goto("/now")
    page.get_by_role("link", name="A young person's age is disputed").tap()
    page.get_by_role("link", name="Border Force and immigration staff").tap()
    page.get_by_role("link", name="Northern Ireland").tap()
    expect(page.locator(".kb-step").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
