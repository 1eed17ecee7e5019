"""A real site on loopback and Debian's Chromium, for the browser tests and screenshots.

The site runs in its own process from the real guidance folder (so its git history
is there) with a fresh index, exactly as ``make serve`` would run it. Chromium is
the system one: no browser is ever downloaded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from deploy.cluster import Cluster
from indexer.build.builder import build_index
from kb import config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SCRIPT = config.REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
STARTUP_SECONDS = 30.0

# Browser context options for the two screens we check.
PHONE_WIDTH = 375
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": PHONE_WIDTH, "height": 740}, "is_mobile": True,
         "has_touch": True, "device_scale_factor": 2}


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is missing: install Debian's Chromium with "
                "'apt-get install chromium' (as root)")
    return None


def launch(playwright):
    """The system Chromium, headless and quiet (no updates, sync or QUIC)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class Site:
    url: str
    process: subprocess.Popen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_site(workdir: Path, guidance: Path | None = None) -> Iterator[Site]:
    """Index ``guidance`` into ``workdir`` and serve it until the block ends."""
    guidance = guidance or config.guidance_dir()
    index_dir = workdir / "index"
    build_index(guidance, index_dir, full=True)
    port = free_port()
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        _server_command(port), env=_server_env(guidance, index_dir),
        cwd=config.REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    site = Site(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_healthy(site, workdir / "server.log")
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def cluster_site(workdir: Path, guidance: Path | None = None) -> Iterator[Cluster]:
    """As ``running_site``, through nginx (TLS, cache) and two replicas, as
    ``make serve-cluster`` runs them: ``KB_BROWSER_CLUSTER=1``."""
    guidance = guidance or config.guidance_dir()
    build_index(guidance, workdir / "index", full=True)
    with Cluster(workdir / "run", guidance, workdir / "index", workers=2) as cluster:
        yield cluster


def _server_command(port: int) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "web", "run",
            "--host", "127.0.0.1", "--port", str(port), "--no-debugger", "--no-reload"]


def _server_env(guidance: Path, index_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update(KB_GUIDANCE_DIR=str(guidance), KB_INDEX_DIR=str(index_dir),
               KB_AUTO_REINDEX="0")
    return env


def _wait_until_healthy(site: Site, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            break
        with contextlib.suppress(OSError, urllib.error.URLError), \
                urllib.request.urlopen(site.url + "/healthz", timeout=2) as reply:
            if reply.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"The site did not answer /healthz at {site.url}:\n"
                       + log.read_text(errors="replace")[-3000:])

