"""Quoting guidance: cite and copy, build a printable pack, follow versions."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import CITED, DOC

pytestmark = pytest.mark.browser

PACKED = ["first-responders", "reasonable-grounds", "conclusive-grounds"]
HISTORIC = ("human-trafficking-strategy-2011", "modern-slavery-strategy-2014")


def test_cite_a_section_and_copy_the_citation(page, actor):
    doc, anchor = CITED
    page.goto(f"/doc/{doc}")
    citation = page.locator(f"#cite-{anchor}")
    tools = page.locator("details", has=citation)
    actor.activate(tools.locator("summary"))
    expect(citation).to_be_visible()
    actor.activate(tools.get_by_role("button", name="Copy citation"))
    expect(tools.get_by_role("status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == citation.inner_text().strip()
    assert "section 4.1" in copied
    assert re.search(rf"/doc/{doc}/at/[0-9a-f]{{12}}#{anchor}", copied), copied
    actor.activate(tools.get_by_role("link", name=re.compile("permanent link")))
    expect(page).to_have_url(re.compile(f"/doc/{doc}/cite/{anchor}$"))
    expect(page.locator("#citation-permalink")).to_have_attribute(
        "href", re.compile(f"/doc/{doc}/at/[0-9a-f]+#{anchor}$"))


def test_pack_of_three_sections_prints(page, actor):
    page.goto(f"/doc/{DOC}")
    for anchor in PACKED:
        adder = page.locator(f"[data-kb-pack-add='{DOC}#{anchor}']")
        actor.activate(adder)
        expect(adder.locator("xpath=..").get_by_role("status")).to_have_text(
            "Added to your pack")
    view = page.get_by_role("link", name="View pack (3)").last
    actor.activate(view)
    expect(page).to_have_url(re.compile(r"/pack\?s="))
    items = page.locator(".kb-pack-item")
    expect(items).to_have_count(3)
    for item, anchor in zip(items.all(), PACKED, strict=True):
        expect(item.locator(".kb-citation")).to_contain_text(
            re.compile(rf"/doc/{DOC}/at/[0-9a-f]{{12}}#{anchor}"))
    page.emulate_media(media="print")
    expect(page.locator(".kb-no-print").first).to_be_hidden()
    expect(page.locator(".govuk-footer")).to_be_hidden()
    expect(page.locator(".kb-report-problem")).to_be_hidden()
    for item in items.all():
        expect(item.locator(".kb-citation")).to_be_visible()
        expect(item).to_contain_text("Valid as at")


def test_follow_a_historic_document_to_its_successor(page, actor):
    old, new = HISTORIC
    page.goto(f"/doc/{old}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("replaced by")
    banner = page.locator(".govuk-notification-banner")
    actor.activate(banner.locator(f"a[href='/doc/{new}']"))
    expect(page).to_have_url(re.compile(f"/doc/{new}$"))
    expect(page.locator("h1")).to_contain_text("Modern Slavery Strategy")


def test_open_an_old_version_from_the_history(page, actor):
    page.goto(f"/doc/{DOC}")
    actor.activate(page.get_by_role("link", name="All versions", exact=True))
    expect(page).to_have_url(re.compile(f"/doc/{DOC}/history$"))
    oldest = page.locator("main table a").last
    short = oldest.inner_text()
    actor.activate(oldest)
    expect(page).to_have_url(re.compile(f"/doc/{DOC}/at/[0-9a-f]+$"))
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Earlier version")
    expect(banner).to_contain_text(f"edition ({short})")
    expect(page.locator("h1")).to_contain_text("National Referral Mechanism")
