"""Accessibility of every page: axe-core clean, a skip link first, fits a phone."""

import pytest

from tests.browser import axe
from tests.browser.pages import PAGES
from tests.browser.support import PHONE_WIDTH

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_serious_accessibility_problems(axe_page, path):
    axe_page.goto(path)
    found = axe.violations(axe_page)
    assert not found, f"{path}:\n{axe.report(found)}"


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("href") == "#main-content"
    assert focused.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_pages_fit_a_phone_without_sideways_scrolling(phone_page, path):
    """Nothing scrolls sideways on a phone (WCAG 1.4.10 Reflow)."""
    phone_page.goto(path)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{path} is {width} px wide on a phone"
