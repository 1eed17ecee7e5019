"""Lighthouse 12 (mobile) on the main page types: a benchmark that prints, not a test.

``make lighthouse`` installs Lighthouse 12.2.3 (``bench/lighthouse-npm/package.json``;
version 13 needs a newer Node than 20), builds the real library's index into a
temporary folder, starts gunicorn with the production settings on loopback
(``bench.load.production_server``) and runs Lighthouse with its default mobile
settings (a throttled phone) against Debian's Chromium (``CHROME_PATH``) on
home, search, a document, a pathway answer and the glossary. It prints the four
category scores, the layout shift and the largest contentful paint of each page.
Targets: performance at least 98; accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.load import production_server
from indexer.build import build_index
from kb.config import REPO_ROOT, guidance_dir

NPM_FOLDER = REPO_ROOT / "bench" / "lighthouse-npm"
LIGHTHOUSE = NPM_FOLDER / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "/",
    "search": "/search?q=nrm+referral",
    "document": "/doc/national-referral-mechanism",
    "pathway answer": "/now/child-may-be-trafficked?role=police&nation=wales",
    "glossary": "/glossary",
}
RUN_TIMEOUT = 180


def audit(url: str) -> dict:
    """One Lighthouse run of ``url``: scores out of 100, CLS and LCP."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True,
        timeout=RUN_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-600:]}")
    report = json.loads(result.stdout)
    scores = {name: round(100 * (report["categories"][name]["score"] or 0))
              for name in CATEGORIES}
    audits = report["audits"]
    failing = sorted(key for key, found in audits.items()
                     if found.get("score") is not None and found["score"] < 1
                     and found.get("scoreDisplayMode") in ("binary", "numeric")
                     and key not in ("first-contentful-paint", "speed-index"))
    return {**scores, "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
            "not_passed": failing}


def median_run(url: str, runs: int) -> dict:
    """The run with the median performance score of ``runs`` runs."""
    found = sorted((audit(url) for _ in range(runs)), key=lambda r: r["performance"])
    return found[len(found) // 2] if runs > 1 else found[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per page; the median performance run is shown")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse`.")
    guidance = guidance_dir()
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as folder:
        build_index(guidance, Path(folder) / "index", full=True)
        with production_server(guidance, Path(folder) / "index") as port:
            print(f"Lighthouse 12 (mobile), {args.runs} run(s) a page, "
                  f"load average {os.getloadavg()[0]:.1f}")
            print(f"{'page':16} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} "
                  f"{'CLS':>6} {'LCP ms':>7}  audits not passed")
            for name, path in PAGES.items():
                found = median_run(f"http://127.0.0.1:{port}{path}", args.runs)
                print(f"{name:16} {found['performance']:5} {found['accessibility']:5} "
                      f"{found['best-practices']:5} {found['seo']:5} "
                      f"{found['cls']:6.3f} {found['lcp_ms']:7.0f}  "
                      f"{', '.join(found['not_passed']) or '-'}")
    print("Targets: performance >= 98; accessibility, best practices and SEO 100.")


if __name__ == "__main__":
    main()
