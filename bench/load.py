"""Load test: the production server on loopback under mixed traffic, bounded in time.

``make load`` builds the real library's index into a temporary folder, starts
gunicorn with ``deploy/gunicorn.conf.py`` exactly as ``make serve-prod`` does,
and runs CLIENTS concurrent clients for SECONDS. Each client keeps one HTTP/1.1
connection and asks, in a fixed random mix, for search pages (with filters,
sorting and later pages), API searches, document pages, API documents and
browse pages. Meanwhile (``bench.disrupt``) it kills a worker three times,
swaps a rebuilt index in twice and sends one hostile request of each kind the
hardening tests cover. It prints requests per second, latency percentiles,
errors, retries and what each disruption found, and fails on any error (a 5xx,
a connection failure, a page that did not answer 200), on any retry that no
kill explains (a request the server dropped), and on a hostile request answered
wrongly. ``--calm`` leaves the disruptions out, to measure speed alone.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.disrupt import Disruptions, hostile_requests
from bench.queries import relevance_queries
from bench.server import Client, free_port, run_threads
from indexer.build.builder import build_index
from kb.config import REPO_ROOT, guidance_dir
from kb.library import load_library

SECONDS = 60.0
CLIENTS = 32
CONFIG = REPO_ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 120.0
FACETS = {"audience": ["police", "social-care", "health", "education"],
          "topic": ["nrm", "identification", "missing-children"],
          "jurisdiction": ["england", "scotland", "uk"]}
# (share of requests, kind): search pages dominate, as on the live site.
MIX = [(45, "search"), (15, "api_search"), (25, "document"), (7, "api_document"),
       (8, "browse")]
BROWSE = ["/", "/browse", "/a-z", "/glossary", "/browse/topic/nrm", "/healthz",
          "/api/documents"]


@contextmanager
def production_server(guidance: Path, index_dir: Path, log_dir: Path | None = None,
                      workers: int | None = None) -> Iterator[int]:
    """gunicorn with the production settings on a free loopback port."""
    with production_process(guidance, index_dir, log_dir, workers) as (port, _):
        yield port


@contextmanager
def production_process(guidance: Path, index_dir: Path, log_dir: Path | None = None,
                       workers: int | None = None
                       ) -> Iterator[tuple[int, subprocess.Popen]]:
    """As ``production_server``, with the gunicorn master process too."""
    port = free_port()
    env = {**os.environ, "KB_GUIDANCE_DIR": str(guidance),
           "KB_INDEX_DIR": str(index_dir), "KB_BIND": f"127.0.0.1:{port}"}
    if workers:
        env["KB_WORKERS"] = str(workers)
    logs = log_dir or Path(tempfile.mkdtemp(prefix="kb-load-logs-"))
    with open(logs / "access.log", "wb") as out, open(logs / "error.log", "wb") as err:
        process = subprocess.Popen([str(GUNICORN), "-c", str(CONFIG)], env=env,
                                   stdout=out, stderr=err, cwd=REPO_ROOT)
        try:
            _wait_ready(process, port)
            yield port, process
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def _wait_ready(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting: see its error log")
        try:
            if Client(port).get("/healthz") == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer in time")


class Traffic:
    """Paths to ask for, drawn from the real library and the relevance queries."""

    def __init__(self, documents: list[str], queries: list[str], seed: int) -> None:
        self.documents, self.queries = documents, queries
        self.kinds = [kind for share, kind in MIX for _ in range(share)]
        self.random = random.Random(seed)

    def next_path(self) -> str:
        return getattr(self, self.random.choice(self.kinds))()

    def search(self) -> str:
        params = {"q": self.random.choice(self.queries)}
        if self.random.random() < 0.3:
            facet = self.random.choice(list(FACETS))
            params[facet] = self.random.choice(FACETS[facet])
        if self.random.random() < 0.15:
            params["page"] = "2"
        if self.random.random() < 0.1:
            params["sort"] = "updated"
        return "/search?" + urlencode(params)

    def api_search(self) -> str:
        return "/api/search?" + urlencode({"q": self.random.choice(self.queries)})

    def document(self) -> str:
        path = f"/doc/{self.random.choice(self.documents)}"
        if self.random.random() < 0.3:
            path += "?" + urlencode({"highlight": self.random.choice(self.queries)})
        return path

    def api_document(self) -> str:
        return f"/api/documents/{self.random.choice(self.documents)}"

    def browse(self) -> str:
        return self.random.choice(BROWSE)


@dataclass
class Results:
    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retries: list[float] = field(default_factory=list)  # when each was sent again
    hidden: list[float] = field(default_factory=list)  # retries no kill explains
    seconds: float = 0.0
    disruptions: Disruptions | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ms: float, error: str | None) -> None:
        with self.lock:
            self.ms.append(ms)
            if error:
                self.errors.append(error)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.hidden
                    or (self.disruptions and self.disruptions.failures))

    def percentile(self, share: float) -> float:
        ordered = sorted(self.ms) or [0.0]
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def report(self, clients: int) -> str:
        count = len(self.ms)
        lines = [
            f"Load test: {clients} clients for {self.seconds:.0f} s against gunicorn "
            "on loopback",
            f"  requests      {count}",
            f"  requests/s    {count / self.seconds if self.seconds else 0:.1f}",
            f"  latency ms    p50 {self.percentile(0.50):.0f}, "
            f"p95 {self.percentile(0.95):.0f}, p99 {self.percentile(0.99):.0f}, "
            f"max {max(self.ms, default=0):.0f}",
            f"  errors        {len(self.errors)}",
        ]
        lines += [f"    {error}" for error in sorted(set(self.errors))[:10]]
        lines.append(f"  retries       {len(self.retries)} (requests dropped by the "
                     f"server and sent again); not explained by a kill: "
                     f"{len(self.hidden)}")
        if self.disruptions:
            lines += self.disruptions.summary()
        return "\n".join(lines)


def _client(port: int, traffic: Traffic, results: Results,
            running: Callable[[], bool], connect: Callable[[int], Client]) -> None:
    client = connect(port)
    try:
        _ask(client, traffic, results, running)
    finally:
        with results.lock:
            results.retries += client.retries


def _ask(client: Client, traffic: Traffic, results: Results,
         running: Callable[[], bool]) -> None:
    while running():
        path = traffic.next_path()
        started = time.perf_counter()
        try:
            status = client.get(path)
            error = None if status == 200 else f"{status} {path.split('?')[0]}"
        except (OSError, http.client.HTTPException) as exc:  # a cut page too
            error = f"{type(exc).__name__} {path.split('?')[0]}"
        results.record((time.perf_counter() - started) * 1000, error)


def run(port: int, guidance: Path, clients: int, seconds: float,
        disruptions: Disruptions | None = None,
        extra: list[Callable[[], None]] | None = None,
        connect: Callable[[int], Client] = Client) -> Results:
    """``clients`` concurrent connections asking for mixed paths until time is
    up and ``disruptions`` (if any) are over; ``extra`` runs alongside (other
    events), ``connect`` opens each client's connection (``bench.cluster``: TLS)."""
    documents = sorted(load_library(guidance)[0].documents)
    queries = relevance_queries() or ["nrm referral", "county lines"]
    results = Results(disruptions=disruptions)
    deadline = time.monotonic() + seconds

    def running() -> bool:
        return time.monotonic() < deadline or bool(
            disruptions and not disruptions.done.is_set())

    events = ([disruptions.run] if disruptions else []) + (extra or [])
    results.seconds = run_threads([
        functools.partial(_client, port, Traffic(documents, queries, seed), results,
                          running, connect)
        for seed in range(clients)] + events)
    if disruptions:
        results.hidden = disruptions.explain(results.retries)
    else:
        results.hidden = list(results.retries)
    return results


def disruptions(port: int, master: int, guidance: Path, index_dir: Path,
                seconds: float) -> Disruptions:
    """Kills, swaps and hostile requests for a run of ``seconds``."""
    library = load_library(guidance)[0]
    doc = library.documents[sorted(library.documents)[0]]
    anchor = next(s.anchor for s in doc.sections if s.anchor)
    return Disruptions(port, master, guidance, index_dir,
                       hostile_requests(doc.id, anchor), seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--workers", type=int, help="default: as in production")
    parser.add_argument("--calm", action="store_true",
                        help="no killed workers, index swaps or hostile requests")
    args = parser.parse_args(argv)
    guidance = guidance_dir()
    with tempfile.TemporaryDirectory(prefix="kb-load-") as folder:
        index_dir = Path(folder) / "index"
        print(build_index(guidance, index_dir, full=True), flush=True)
        with production_process(guidance, index_dir, Path(folder),
                                args.workers) as (port, master):
            run(port, guidance, min(args.clients, 8), 3.0)  # warm every worker
            events = None if args.calm else disruptions(
                port, master.pid, guidance, index_dir, args.seconds)
            results = run(port, guidance, args.clients, args.seconds, events)
    print(results.report(args.clients))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
