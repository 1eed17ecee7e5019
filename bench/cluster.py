"""Faults under load, through nginx: ``make cluster-bench``.

Starts ``make serve-cluster``'s cluster (``deploy.cluster``: nginx with TLS and
its cache in front of two gunicorn replicas) over a fresh index of the real
library, and runs the load test's mix (``bench.load``) through nginx for
SECONDS while:

- one replica's whole server (master and workers) is killed with ``kill -9``
  and, a few seconds later, started again;
- the index is rebuilt and swapped in twice (``kb index --full``);
- the other replica is made to answer 503 for a while (its ``KB_DRAIN_FILE``).

It prints requests, errors, the requests nginx retried on another replica,
latency percentiles, pages a second, the share of document and browse requests
answered from nginx's cache, and the generation each replica serves at the
end. Then it measures search alone (nothing cacheable) through nginx with one
replica and with two, one worker each, and prints the ratio with the CPU each
search cost. Exits non-zero on any failed request or when the replicas end on
different generations.
"""

from __future__ import annotations

import argparse
import http.client
import re
import ssl
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.disrupt import BUILD_TIMEOUT, KB, generation
from bench.load import BROWSE, CLIENTS, run
from bench.queries import relevance_queries
from bench.server import START_TIMEOUT, Client, Server, page, run_load
from deploy.cluster import FAIL_TIMEOUT, Cluster
from indexer.build.builder import build_index
from kb.config import guidance_dir
from kb.library import load_library

SECONDS = 60.0
KILL, RESTART = 0.15, 0.30  # shares of the run
SWAPS = (0.25, 0.55)
DRAIN, UNDRAIN = 0.65, 0.80
THROUGHPUT_SECONDS = 20.0
THROUGHPUT_CLIENTS = 8
# From the cache: nginx answered without asking a replica for the page.
FROM_CACHE = {"HIT", "STALE", "UPDATING", "REVALIDATED"}
PAGES = ("/doc/", "/browse", "/a-z", "/glossary")  # and the home page
LOG_LINE = re.compile(r'"GET (\S+) [^"]*" (\d+) .* upstream_status=\[([^\]]*)\] '
                      r"cache=(\S+)")


class TlsClient(Client):
    """``bench.server.Client`` over TLS to nginx (a self-signed certificate)."""

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.conn = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=START_TIMEOUT,
            context=ssl._create_unverified_context())


class Events:
    """The kill, the swaps and the drain, each at its share of the run."""

    def __init__(self, cluster: Cluster, seconds: float) -> None:
        self.cluster, self.seconds = cluster, seconds
        self.log: list[str] = []
        self.failures: list[str] = []

    def run(self) -> None:
        """The faults in this thread, the rebuilds (slow) in another."""
        started = time.monotonic()
        killed, drained = self.cluster.members[0], self.cluster.members[-1]
        builds = threading.Thread(target=self._steps, args=(started, [
            (share, f"index swap {n} done", self._swap)
            for n, share in enumerate(SWAPS, 1)]))
        builds.start()
        self._steps(started, [
            (KILL, "kill -9 replica 1", killed.kill),
            (RESTART, "replica 1 started again", lambda: self._restart(killed)),
            (DRAIN, f"replica {drained.number} answers 503", drained.drain_file.touch),
            (UNDRAIN, f"replica {drained.number} serves again",
             drained.drain_file.unlink)])
        builds.join()

    def _steps(self, started: float, plan: list) -> None:
        for share, name, action in plan:
            time.sleep(max(0.0, started + share * self.seconds - time.monotonic()))
            action()
            self.log.append(f"{time.monotonic() - started:5.1f} s  {name}")

    def _swap(self) -> None:
        done = subprocess.run([str(KB), "index", "--full", "--guidance",
                               str(self.cluster.guidance), "--index-dir",
                               str(self.cluster.index_dir)], capture_output=True,
                              text=True, check=False, timeout=BUILD_TIMEOUT)
        if done.returncode:
            self.failures.append("kb index failed: " + done.stderr[-300:])

    def _restart(self, replica) -> None:
        replica.start()
        replica.wait_ready()


def log_figures(log: Path, skip: int) -> dict[str, float]:
    """Retries and cache shares from nginx's access log, after ``skip`` lines."""
    lines = log.read_text().splitlines()[skip:]
    retried, kinds = 0, Counter()
    for line in lines:
        found = LOG_LINE.search(line)
        if not found:
            continue
        path, _, upstreams, cache = found.groups()
        retried += "," in upstreams
        if path.startswith(PAGES) or path == "/":
            kinds["pages"] += 1
            kinds["cacheable"] += cache != "BYPASS"  # ?highlight= is never kept
            kinds["from_cache"] += cache in FROM_CACHE
    return {"requests": len(lines), "retried": retried,
            "cache_share": kinds["from_cache"] / max(1, kinds["pages"]),
            "cacheable_share": kinds["from_cache"] / max(1, kinds["cacheable"])}


def warm_up(cluster: Cluster) -> None:
    """Every public page once through nginx (the cache then holds them), and a
    short mixed load to reach every worker."""
    documents = sorted(load_library(cluster.guidance)[0].documents)
    paths = [f"/doc/{doc}" for doc in documents] + [
        path for path in BROWSE if path != "/healthz"]
    run_load(cluster.port, paths, 4, connect=TlsClient)
    run(cluster.port, cluster.guidance, 8, 5.0, connect=TlsClient)


def fault_run(cluster: Cluster, seconds: float, clients: int) -> bool:
    log = cluster.run / "logs" / "kb.access.log"
    warm_up(cluster)
    skip = len(log.read_text().splitlines())
    events = Events(cluster, seconds)
    results = run(cluster.port, cluster.guidance, clients, seconds,
                  extra=[events.run], connect=TlsClient)
    time.sleep(FAIL_TIMEOUT)
    generations = {r.number: generation(r.port) for r in cluster.members}
    figures = log_figures(log, skip)
    count = len(results.ms)
    print(f"Faults through nginx: {clients} clients for {results.seconds:.0f} s, "
          f"{len(cluster.members)} replicas")
    print("\n".join("  " + line for line in events.log))
    print(f"  requests      {count} ({count / results.seconds:.1f} pages a second)")
    print(f"  latency ms    p50 {results.percentile(0.5):.0f}, "
          f"p95 {results.percentile(0.95):.0f}, p99 {results.percentile(0.99):.0f}")
    print(f"  errors        {len(results.errors)} "
          + " ".join(sorted(set(results.errors))[:5]))
    print(f"  retries       {figures['retried']} by nginx on another replica; "
          f"{len(results.retries)} by clients (connection dropped)")
    print(f"  from cache    {figures['cache_share']:.0%} of document and browse "
          f"requests; {figures['cacheable_share']:.0%} of those a cache may keep "
          "(not ?highlight=)")
    print(f"  generations   {generations}")
    failed = bool(results.errors or events.failures
                  or len(set(generations.values())) != 1)
    for failure in events.failures:
        print(f"  FAILED: {failure}")
    return failed


def throughput(guidance: Path, index_dir: Path, run_dir: Path, replicas: int) -> tuple:
    """Search pages a second through nginx, and the replicas' CPU a search."""
    queries = relevance_queries() or ["nrm referral"]
    paths = [page(q) for q in queries] * 200
    with Cluster(run_dir, guidance, index_dir, replicas=replicas, workers=1) as cluster:
        run_load(cluster.port, paths[:200], THROUGHPUT_CLIENTS, connect=TlsClient)
        servers = [Server(r.process, r.port) for r in cluster.members]
        before = sum(s.cpu_seconds() for s in servers)
        load = run_load(cluster.port, paths, THROUGHPUT_CLIENTS, THROUGHPUT_SECONDS,
                        connect=TlsClient)
        cpu = sum(s.cpu_seconds() for s in servers) - before
    return load.pages_per_second, cpu * 1000 / max(1, len(load.ms)), load.errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--workers", type=int, help="per replica; default: production")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args(argv)
    guidance = guidance_dir()
    with tempfile.TemporaryDirectory(prefix="kb-cluster-") as folder:
        top = Path(folder)
        print(build_index(guidance, top / "index", full=True), flush=True)
        with Cluster(top / "run", guidance, top / "index", workers=args.workers) as c:
            failed = fault_run(c, args.seconds, args.clients)
        if not args.no_throughput:
            one = throughput(guidance, top / "index", top / "one", 1)
            two = throughput(guidance, top / "index", top / "two", 2)
            print(f"Search alone through nginx, {THROUGHPUT_CLIENTS} clients, "
                  f"{THROUGHPUT_SECONDS:.0f} s, one worker a replica:")
            for name, (rate, cpu_ms, errors) in (("1 replica ", one),
                                                 ("2 replicas", two)):
                print(f"  {name}  {rate:6.1f} searches a second, {cpu_ms:.0f} ms of "
                      f"replica CPU a search, {errors} errors")
            print(f"  ratio       {two[0] / one[0] if one[0] else 0:.2f}x")
            failed = failed or bool(one[2] or two[2])
    print("FAILED" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
