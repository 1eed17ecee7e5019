"""Draw the app icons (web/static/icons/*.png) from web/static/favicon.svg.

Run ``.venv/bin/python web/assets/make_icons.py`` after changing the favicon and
commit the PNGs. Chromium (Debian's, through Playwright) renders the SVG, so the
icons match what browsers show. The maskable icon fills the square with the
brand colour and keeps the mark inside the central 80% safe zone.
"""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parents[1] / "static"
ICONS = (("icon-192.png", 192, 1.0), ("icon-512.png", 512, 1.0),
         ("icon-maskable-512.png", 512, 0.7))
PAGE = """<!DOCTYPE html><html><body style="margin:0;background:{background}">
<img src="data:image/svg+xml;base64,{svg}" style="display:block;width:{inner}px;
height:{inner}px;margin:{margin}px"></body></html>"""


def main() -> None:
    svg = base64.b64encode((STATIC / "favicon.svg").read_bytes()).decode()
    (STATIC / "icons").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox"])
        for name, size, share in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            inner = round(size * share)
            page.set_content(PAGE.format(
                svg=svg, inner=inner, margin=(size - inner) // 2,
                background="#1d70b8" if share < 1 else "transparent"))
            page.screenshot(path=STATIC / "icons" / name, omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
