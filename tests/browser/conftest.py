"""One real site and one Chromium per test session; a fresh browser context per test.

Without /usr/bin/chromium the browser tests are skipped, unless KB_REQUIRE_BROWSER=1
(set by CI), when they fail instead: CI must never pass by skipping them.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.actors import ACTORS
from tests.browser.support import (
    DESKTOP,
    PHONE,
    chromium_missing,
    cluster_site,
    launch,
    running_site,
)


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    reason = chromium_missing()
    if reason and os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KB_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def site(chromium_ready, tmp_path_factory):
    """The real site over the real guidance, on a free loopback port; with
    KB_BROWSER_CLUSTER=1, through nginx and replicas (``make test-cluster``)."""
    serve = cluster_site if os.environ.get("KB_BROWSER_CLUSTER") == "1" \
        else running_site
    with serve(tmp_path_factory.mktemp("site")) as running:
        yield running


@pytest.fixture(scope="session")
def browser(chromium_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _context(browser, site, **options):
    # The cluster's certificate is self-signed (KB_BROWSER_CLUSTER=1).
    context = browser.new_context(base_url=site.url, ignore_https_errors=True,
                                  **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(params=list(ACTORS))
def actor(request):
    """Each flow runs twice: with the mouse, and with the keyboard alone."""
    return ACTORS[request.param]


@pytest.fixture
def context(browser, site):
    ctx = _context(browser, site, **DESKTOP,
                   permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def nojs_page(browser, site):
    """A page with JavaScript turned off: everything must still work."""
    ctx = _context(browser, site, **DESKTOP, java_script_enabled=False)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def phone_page(browser, site):
    ctx = _context(browser, site, **PHONE)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def axe_page(browser, site):
    """A page that accepts the injected axe-core script despite the site's CSP."""
    ctx = _context(browser, site, **DESKTOP, bypass_csp=True)
    yield ctx.new_page()
    ctx.close()
