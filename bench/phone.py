"""A phone on a slow connection: what the home page and a later page cost.

Chromium (Debian's, through Playwright) emulates slow 4G as Lighthouse does
(150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and visits the production
server (gunicorn) over the real library:

1. the home page with an empty cache (first visit);
2. a document page, then the home page again (later pages, same browser),

three times over, each time in a fresh profile; each figure is the median.

For each visit it reports the bytes that crossed the network for the page and
its resources (compressed, headers included), the requests that reached the
server (the service worker's own fetches included) and
the time until the load event. Playwright's request events count the bytes and
the requests, the page's and the service worker's alike. Run alone with
``python -m bench.phone`` to see which URLs each visit fetched.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from bench import server
from indexer.build.builder import build_index
from kb.config import guidance_dir
from tests.browser.support import PHONE, chromium_missing, launch

SLOW_4G = {"offline": False, "latency": 150,
           "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
LATER_PAGE = "/doc/national-referral-mechanism"
REPEATS = 3  # fresh browser profiles; each figure is the median
SETTLE_SECONDS = 1.5  # after the load event: the service worker installs


@dataclass
class Visit:
    kb: float  # compressed bodies and headers that crossed the network
    requests: int  # that reached the server, the service worker's included
    load_ms: float
    urls: list[str]


class Meter:
    """Everything the page and the service worker fetch, from Playwright's events.

    A response that the browser's cache answered reports a negative body size:
    it did not cross the network and is not counted."""

    def __init__(self, context) -> None:
        self.seen: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        if sizes["responseBodySize"] >= 0:
            self.seen.append((request.url, sizes["responseBodySize"]
                              + sizes["responseHeadersSize"]))

    def take(self) -> list[tuple[str, int]]:
        seen, self.seen = self.seen, []
        return seen


def throttle(context, page, browser) -> None:
    """Slow 4G for the page and, once it runs, for the service worker too (its
    fetches are its own: the page's emulation does not reach them)."""
    context.new_cdp_session(page).send("Network.emulateNetworkConditions", SLOW_4G)
    session = browser.new_browser_cdp_session()
    for target in session.send("Target.getTargets")["targetInfos"]:
        if target["type"] == "service_worker":
            attached = session.send("Target.attachToTarget",
                                    {"targetId": target["targetId"], "flatten": False})
            command = {"id": 1, "method": "Network.emulateNetworkConditions",
                       "params": SLOW_4G}
            session.send("Target.sendMessageToTarget",
                         {"sessionId": attached["sessionId"],
                          "message": json.dumps(command)})


def visit(page, meter: Meter, path: str) -> Visit:
    meter.take()
    page.goto(path, wait_until="load")
    load_ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }")
    page.wait_for_timeout(SETTLE_SECONDS * 1000)
    page.wait_for_load_state("networkidle")
    seen = meter.take()
    return Visit(sum(size for _, size in seen) / 1024, len(seen), load_ms,
                 [url.split("/", 3)[3] for url, _ in seen])


def measure(guidance: Path | None = None, verbose: bool = False) -> dict[str, float]:
    """First and later visits over the real library; figures keyed for the report."""
    reason = chromium_missing()
    if reason:
        raise RuntimeError(reason)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kb-phone-") as work:
        index = Path(work) / "index"
        build_index(guidance or guidance_dir(), index, full=True)
        site = server.start(guidance or guidance_dir(), index)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                try:
                    runs = [_visits(browser, site.port) for _ in range(REPEATS)]
                finally:
                    browser.close()
        finally:
            site.stop()
    if verbose:
        for name, seen in runs[0].items():
            print(name, seen.urls, file=sys.stderr)
    return _figures(runs)


def _visits(browser, port: int) -> dict[str, Visit]:
    context = browser.new_context(base_url=f"http://127.0.0.1:{port}", **PHONE)
    try:
        meter, page = Meter(context), context.new_page()
        throttle(context, page, browser)
        visits = {"first": visit(page, meter, "/")}
        _wait_for_worker(page)
        visits["first"] = _add(visits["first"], meter.take())
        throttle(context, page, browser)  # the service worker runs now
        visits["later"] = visit(page, meter, LATER_PAGE)
        visits["home_again"] = visit(page, meter, "/")
        return visits
    finally:
        context.close()


def _wait_for_worker(page, seconds: float = 60.0) -> None:
    """Until the service worker has installed (kept its core pages) and taken
    control: its downloads belong to the first visit."""
    for _ in range(int(seconds * 5)):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(SETTLE_SECONDS * 1000)  # its last events arrive
            return
        page.wait_for_timeout(200)
    raise RuntimeError("the service worker did not take control")


def _add(seen: Visit, more: list[tuple[str, int]]) -> Visit:
    return Visit(seen.kb + sum(size for _, size in more) / 1024,
                 seen.requests + len(more), seen.load_ms,
                 seen.urls + [url.split("/", 3)[3] for url, _ in more])


def _figures(runs: list[dict[str, Visit]]) -> dict[str, float]:
    """The median of the runs for each figure (times drift on a shared machine)."""
    found: dict[str, float] = {}
    for name in runs[0]:
        seen = [run[name] for run in runs]
        found |= {f"phone_{name}_kb": median(v.kb for v in seen),
                  f"phone_{name}_requests": median(v.requests for v in seen),
                  f"phone_{name}_ms": median(v.load_ms for v in seen)}
    return found


def main() -> None:
    print(json.dumps(measure(verbose=True), indent=1))


if __name__ == "__main__":
    main()
