"""Choosing your area in a real browser on a 375 px phone, with and without
JavaScript: the choice is kept in the address, and the home page then shows
that area's numbers first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import axe
from tests.browser.support import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser, site):
    context = browser.new_context(base_url=site.url, **PHONE, bypass_csp=True,
                                  java_script_enabled=request.param)
    context.set_default_timeout(10_000)
    yield context.new_page(), request.param
    context.close()


def test_choosing_an_area_on_a_phone(phone, actor):
    page, javascript = phone
    page.goto("/")
    actor.activate(page.get_by_role("link", name="Choose your area").first)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Choose your area")
    expect(page.get_by_role("heading", name="Northern Ireland")).to_be_visible()
    _axe_clean(page, javascript)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    actor.activate(_area(page, "Northern"))
    expect(page).to_have_url(re.compile(r"/\?area=northern-hsc-trust$"))
    worried = page.locator(".kb-worried")
    expect(worried.locator(".kb-contact__phone").first).to_have_text("0300 1234 333")
    expect(worried.locator(".kb-contact__phone").nth(1)).to_have_text("028 9504 9999")
    assert page.context.cookies() == []
    _axe_clean(page, javascript)


def _axe_clean(page, javascript: bool) -> None:
    """axe-core runs as a script: checked on the JavaScript run (the no-JS run
    shows the same markup, with the filter box hidden)."""
    if javascript:
        found = axe.violations(page)
        assert not found, axe.report(found)


def _area(page, name: str):
    return page.get_by_role("link", name=f"{name} Health and Social Care Trust",
                            exact=True)


def test_the_filter_box_only_with_javascript(phone):
    page, javascript = phone
    page.goto("/areas")
    box = page.get_by_label("Filter the areas")
    if not javascript:
        expect(box).to_be_hidden()
        expect(_area(page, "Western")).to_be_visible()
        return
    box.fill("south")
    expect(page.get_by_role("status")).to_have_text("2 areas")
    expect(_area(page, "Southern")).to_be_visible()
    expect(_area(page, "Western")).to_be_hidden()
