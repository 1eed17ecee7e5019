"""Works with no signal: save the library, lose the network, read and search it.

The site here serves a copy of the real guidance in tmp_path, so a test can change
a document and see the saved copy refresh itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import time

import pytest
from playwright.sync_api import expect

from indexer.build.builder import build_index
from tests.browser.support import DESKTOP, running_site
from tests.web.conftest import REAL_GUIDANCE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOCUMENT = "/doc/national-referral-mechanism"
CONTACTS = "/doc/key-contacts-and-helplines"
ADDED = "This sentence shows that the saved copy refreshed itself."
# The site re-reads the guidance folder at most every 2 seconds.
LIBRARY_CHECK_SECONDS = 2.5

ALL_CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""

CACHED_TEXT = """async (url) => {
  const found = await caches.match(url, {ignoreVary: true});
  return found ? await found.text() : "";
}"""


@pytest.fixture(scope="module")
def own_site(chromium_ready, tmp_path_factory):
    """A site over a copy of the guidance that the tests may edit."""
    work = tmp_path_factory.mktemp("offline-site")
    guidance = work / "guidance"
    shutil.copytree(REAL_GUIDANCE, guidance)
    with running_site(work, guidance) as site:
        site.guidance, site.index_dir = guidance, work / "index"
        yield site


@pytest.fixture
def offline_context(browser, own_site):
    context = browser.new_context(base_url=own_site.url, **DESKTOP)
    context.set_default_timeout(20_000)
    yield context
    context.close()


def poll(page, script: str, arg=None, seconds: float = 30.0) -> None:
    """Wait until ``script`` is true. (``page.wait_for_function`` evaluates a
    string, which the site's Content-Security-Policy rightly forbids.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {script}")
        page.wait_for_timeout(200)


def wait_for_worker(page) -> None:
    poll(page, "() => navigator.serviceWorker.controller !== null")


def save_for_offline(page) -> None:
    page.goto("/")
    wait_for_worker(page)
    control = page.locator("main [data-kb-offline]")
    expect(control).to_be_visible()
    control.get_by_role("button", name="Save for offline use").click()
    expect(control.locator("[data-kb-offline-status]")).to_contain_text(
        "Saved copy of", timeout=60_000)


def today() -> str:
    day = dt.date.today()
    return f"{day.day} {day.strftime('%B %Y')}"


def test_saved_copy_works_offline_and_refreshes(offline_context, own_site):
    page = offline_context.new_page()
    save_for_offline(page)
    status = page.locator("main [data-kb-offline-status]").inner_text()
    assert today() in status and (" MB" in status or " KB" in status), status

    offline_context.set_offline(True)
    for path in (DOCUMENT, CONTACTS):
        page.goto(path)
        banner = page.locator("[data-kb-saved-copy]")
        expect(banner).to_contain_text(f"Saved copy of {today()} (saved today)")
        expect(banner).not_to_contain_text("version")
        expect(page.locator("h1")).to_be_visible()

    page.goto("/search?q=nrm+referral")
    banner = page.locator("[data-kb-offline-banner]")
    expect(banner).to_contain_text(f"You are offline: searching the copy saved on "
                                   f"{today()}")
    first = page.locator("[data-kb-offline-results] a").first
    expect(first).to_be_visible()
    first.click()
    expect(page.locator("[data-kb-saved-copy]")).to_be_visible()
    assert "#" in page.url

    # Back online after a change to the guidance: the saved copy refreshes itself.
    notes = own_site.guidance / "practice-notes"
    path = notes / "making-an-nrm-referral-for-a-child.md"
    path.write_text(path.read_text("utf-8") + f"\n{ADDED}\n", "utf-8")
    build_index(own_site.guidance, own_site.index_dir)
    time.sleep(LIBRARY_CHECK_SECONDS)
    offline_context.set_offline(False)
    page.goto("/glossary")
    url = own_site.url + "/doc/making-an-nrm-referral-for-a-child"
    poll(page, f"async ([url, added]) => (await ({CACHED_TEXT})(url)).includes(added)",
         [url, ADDED], seconds=60)

    offline_context.set_offline(True)
    page.goto("/doc/making-an-nrm-referral-for-a-child")
    expect(page.get_by_text(ADDED)).to_be_visible()
    expect(page.locator("[data-kb-saved-copy]")).to_be_visible()


def test_worker_never_keeps_searches(offline_context):
    page = offline_context.new_page()
    save_for_offline(page)
    page.goto("/search?q=county+lines")
    page.evaluate("fetch('/api/search?q=county+lines').then(r => r.json())")
    page.goto("/glossary")
    urls = page.evaluate(ALL_CACHED_URLS)
    assert any(url.endswith(DOCUMENT) for url in urls)
    assert any("/offline/index.json" in url for url in urls)
    kept_searches = [u for u in urls if "/search" in u.split("/offline/")[0]
                     or "/api/" in u or "q=" in u]
    assert kept_searches == []


def test_typed_words_never_reach_a_cache_or_the_address(offline_context):
    """Issue 27, item 13: /offline/search?q= was kept in kb-visited-v1, and the
    offline search page wrote the words into the address."""
    page = offline_context.new_page()
    save_for_offline(page)
    for path in ("/offline/search?q=Amara+Okafor", "/glossary?q=Amara+Okafor",
                 f"{DOCUMENT}?highlight=Amara+Okafor"):
        page.goto(path)
    offline_context.set_offline(True)
    page.goto("/search?q=nrm")
    expect(page.locator("[data-kb-offline-results] a").first).to_be_visible()
    page.locator("#q").fill("Amara Okafor")
    page.locator("#q").press("Enter")
    expect(page.locator("[data-kb-offline-count]")).not_to_be_empty()
    assert "Amara" not in page.url and "Okafor" not in page.url
    offline_context.set_offline(False)
    page.goto("/glossary")
    page.wait_for_timeout(500)
    urls = page.evaluate(ALL_CACHED_URLS)
    assert any(url.endswith("/offline/search") for url in urls)
    assert [u for u in urls if "Amara" in u or "Okafor" in u] == []


def test_without_saving_only_visited_pages_and_contacts_are_kept(offline_context):
    page = offline_context.new_page()
    page.goto("/glossary")
    wait_for_worker(page)
    page.goto("/a-z")
    page.wait_for_timeout(500)
    urls = page.evaluate(ALL_CACHED_URLS)
    pages = {u.split("/", 3)[3] for u in urls if "/static/" not in u}
    assert pages == {"glossary", "a-z", "offline", "offline/search",
                     "doc/key-contacts-and-helplines"}, pages

    offline_context.set_offline(True)
    page.goto("/glossary")
    expect(page.locator("[data-kb-saved-copy]")).to_contain_text("Saved copy of")
    page.goto(DOCUMENT)  # never visited, not saved
    expect(page.locator("[data-kb-saved-copy]")).to_contain_text(
        "This page is not saved on this device")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_installable(offline_context):
    page = offline_context.new_page()
    page.goto("/")
    wait_for_worker(page)
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == page.locator(
        "meta[name=theme-color]").get_attribute("content")
    sizes = set()
    for icon in manifest["icons"]:
        reply = page.request.get(icon["src"])
        assert reply.ok and reply.headers["content-type"] == "image/png"
        width, height = png_size(reply.body())
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes
    worker = page.request.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert 'addEventListener("fetch"' in worker.text()
    # Chromium's own check. A Playwright context is an incognito profile, which
    # Chromium never installs apps from; any other reason fails the test.
    session = offline_context.new_cdp_session(page)
    parsed = session.send("Page.getAppManifest")
    assert parsed["errors"] == [] and parsed["url"].endswith("/manifest.webmanifest")
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
