"""Finding guidance: search, open a result, narrow with filters, fix a misspelling."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import PHONE_WIDTH

pytestmark = pytest.mark.browser

QUERY = "reasonable grounds"


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def search_from_home(page, actor, query: str = QUERY) -> None:
    page.goto("/")
    actor.fill(page.locator("#q"), query)
    actor.activate(page.get_by_role("button", name="Search", exact=True))
    expect(page).to_have_url(re.compile(r"/search\?q=reasonable"))


def test_search_opens_the_highlighted_section(page, actor):
    search_from_home(page, actor)
    expect(page.locator("#q")).to_have_value(QUERY)
    first = page.locator(".kb-result__sections a").first
    target = first.get_attribute("href").split("#")[1]
    actor.activate(first)
    expect(page).to_have_url(re.compile(f"#{target}$"))
    heading = page.locator(f"#{target}")
    expect(heading).to_be_in_viewport()
    expect(heading.locator("mark").first).to_be_visible()


def tick_filter(page, actor, label: str, javascript: bool) -> None:
    """Open its group, tick one filter; without JavaScript, press "Apply"."""
    box = page.get_by_label(label)
    group = page.locator("details", has=box)
    if group.count() and not group.evaluate("el => el.open"):
        actor.activate(group.locator("summary"))
    actor.toggle(box)
    if not javascript:
        actor.activate(page.get_by_role("button", name=re.compile("^Apply")))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_narrow_the_results(request, actor, javascript):
    page = request.getfixturevalue("page" if javascript else "nojs_page")
    search_from_home(page, actor)
    before = total(page)
    tick_filter(page, actor, "Practice note", javascript)
    expect(page).to_have_url(re.compile(r"type=practice-note"))
    expect(page.get_by_label("Practice note")).to_be_checked()
    assert 0 < total(page) < before
    for result in page.locator(".kb-result").all_inner_texts():
        assert "Practice note" in result, result


def total(page) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_misspelling_is_corrected_and_can_be_undone(page, actor):
    page.goto("/search?q=reasonible+grounds")
    expect(page.get_by_text("Showing results for reasonable grounds")).to_be_visible()
    assert total(page) > 0
    actor.activate(page.get_by_role("link", name="reasonible grounds", exact=True))
    expect(page).to_have_url(re.compile(r"q=reasonible\+grounds&literal=1"))
    suggestion = page.get_by_role("link", name="reasonable grounds", exact=True)
    actor.activate(suggestion)
    expect(page).to_have_url(re.compile(r"q=reasonable\+grounds$"))
    assert total(page) > 0


def test_phone_search_has_no_sideways_scrolling(phone_page):
    page = phone_page
    page.goto("/")
    assert page_width(page) <= PHONE_WIDTH
    page.locator("#q").tap()
    page.locator("#q").fill(QUERY)
    page.get_by_role("button", name="Search", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/search\?q=reasonable"))
    assert page_width(page) <= PHONE_WIDTH
    page.locator(".kb-result__sections a").first.tap()
    expect(page).to_have_url(re.compile(r"/doc/.+#"))
    assert page_width(page) <= PHONE_WIDTH
