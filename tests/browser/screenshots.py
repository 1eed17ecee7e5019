"""Full-page screenshots of each page, desktop and phone, for reviewers.

Run with ``make screenshots``; the pictures go to screenshots/ (git-ignored), named
``<page>-desktop.png`` and ``<page>-phone.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kb import config
from tests.browser.pages import PAGES
from tests.browser.support import DESKTOP, PHONE, chromium_missing, launch, running_site

OUT = config.REPO_ROOT / "screenshots"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def take_all(browser, base_url: str, out: Path) -> list[Path]:
    written = []
    for kind, options in VIEWPORTS.items():
        context = browser.new_context(base_url=base_url, **options)
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(path)
            written.append(out / f"{name}-{kind}.png")
            page.screenshot(path=written[-1], full_page=True)
        context.close()
    return written


def main() -> int:
    missing = chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work, running_site(Path(work)) as site, \
            sync_playwright() as playwright:
        browser = launch(playwright)
        written = take_all(browser, site.url, OUT)
        browser.close()
    print(f"{len(written)} screenshots written to {OUT}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
