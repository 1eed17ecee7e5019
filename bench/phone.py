"""A phone on a slow connection: what the home page and a later page cost.

Chromium (Debian's, through Playwright) emulates slow 4G as Lighthouse does
(150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and visits the production
server (gunicorn) over the real library:

1. the home page with an empty cache (first visit);
2. a document page, then the home page again (later pages, same browser).

For each visit it reports the bytes Chromium received for the page and its
resources (compressed, headers included), the requests that reached the server
(from gunicorn's access log, so the service worker's own fetches count too) and
the time until the load event. Run alone with ``python -m bench.phone``.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import server
from indexer.build import build_index
from kb.config import guidance_dir
from tests.browser.support import PHONE, chromium_missing, launch

SLOW_4G = {"offline": False, "latency": 150,
           "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
LATER_PAGE = "/doc/national-referral-mechanism"
SETTLE_SECONDS = 1.5  # after the load event: the service worker installs


@dataclass
class Visit:
    kb: float  # received by the page, compressed, headers included
    requests: int  # that reached the server, the service worker's included
    load_ms: float


class Meter:
    """Counts what Chromium receives for one page, through the DevTools protocol."""

    def __init__(self, page) -> None:
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.emulateNetworkConditions", SLOW_4G)
        self.bytes = 0
        self.session.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict) -> None:
        self.bytes += event.get("encodedDataLength", 0)

    def reset(self) -> None:
        self.bytes = 0


def log_lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines() if path.exists() else []


def visit(page, meter: Meter, log: Path, path: str) -> Visit:
    before = len(log_lines(log))
    meter.reset()
    page.goto(path, wait_until="load")
    load_ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }")
    time.sleep(SETTLE_SECONDS)
    page.wait_for_load_state("networkidle")
    new = log_lines(log)[before:]
    return Visit(meter.bytes / 1024, len(new), load_ms)


def measure(guidance: Path | None = None) -> dict[str, float]:
    """First and later visits over the real library; figures keyed for the report."""
    reason = chromium_missing()
    if reason:
        raise RuntimeError(reason)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kb-phone-") as work:
        index, log = Path(work) / "index", Path(work) / "access.log"
        build_index(guidance or guidance_dir(), index, full=True)
        site = server.start(guidance or guidance_dir(), index, access_log=log)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                try:
                    visits = _visits(browser, site.port, log)
                finally:
                    browser.close()
        finally:
            site.stop()
    return _figures(visits)


def _visits(browser, port: int, log: Path) -> dict[str, Visit]:
    context = browser.new_context(base_url=f"http://127.0.0.1:{port}", **PHONE)
    try:
        page = context.new_page()
        meter = Meter(page)
        return {"first": visit(page, meter, log, "/"),
                "later": visit(page, meter, log, LATER_PAGE),
                "home_again": visit(page, meter, log, "/")}
    finally:
        context.close()


def _figures(visits: dict[str, Visit]) -> dict[str, float]:
    found: dict[str, float] = {}
    for name, seen in visits.items():
        found |= {f"phone_{name}_kb": seen.kb, f"phone_{name}_requests": seen.requests,
                  f"phone_{name}_ms": seen.load_ms}
    return found


def main() -> None:
    print(json.dumps(measure(), indent=1))


if __name__ == "__main__":
    main()
