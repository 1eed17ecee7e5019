"""The production server on loopback, and a bounded load generator for it.

gunicorn runs the site with the production settings (``deploy/gunicorn.conf.py``:
workers sized for the cores), only with a longer request timeout and no access
log. Clients are threads that each keep one HTTP/1.1 connection open as long as
the server allows and ask for whole search pages (search, highlights, facets
and template) in turn.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from kb.config import REPO_ROOT

CONFIG = REPO_ROOT / "deploy" / "gunicorn.conf.py"  # production settings
WARM_UP_CLIENTS = 12  # at least the production maximum of workers
CLIENTS = 4  # concurrent connections from the load generator
# Seconds a worker may take for one request. Production allows 30. At 100x a
# worker's first page about the whole library takes about 1 s with the outlines
# the index stores, but parses all 6,000 documents (20 s or more on 2 busy
# cores) when the index holds none it can trust (built by other code).
START_TIMEOUT = 900.0


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    def pids(self) -> list[int]:
        """The worker processes (children of the gunicorn master)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()]

    def cpu_seconds(self) -> float:
        """CPU time of the whole server so far: the master, its live workers
        and every worker it has reaped (recycled after max_requests)."""
        master = _cpu(self.process.pid, children=True)
        return master + sum(_cpu(pid) for pid in self.pids())

    def worker_memory_mb(self) -> list[dict[str, float]]:
        """Resident and peak resident memory of each worker, in MB."""
        return [_memory(pid) for pid in self.pids()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _cpu(pid: int, children: bool = False) -> float:
    """User plus system CPU seconds of a process (and of its reaped children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["VmRSS"], "peak": fields["VmHWM"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(guidance: Path, index: Path, access_log: Path | None = None,
          root: Path = REPO_ROOT, workers: int | None = None) -> Server:
    """Start gunicorn on a free loopback port and wait until it answers.

    ``access_log``: where gunicorn logs each request (path, status, body bytes;
    never a query string); by default nothing is logged. ``root``: the source
    tree whose site and settings are served (another checkout, to compare two
    versions side by side). ``workers``: instead of the production count."""
    port = free_port()
    env = dict(os.environ, KB_GUIDANCE_DIR=str(guidance), KB_INDEX_DIR=str(index))
    if workers:
        env["KB_WORKERS"] = str(workers)
    config = root / CONFIG.relative_to(REPO_ROOT)
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(config),
               "--bind", f"127.0.0.1:{port}", "--timeout", str(int(START_TIMEOUT)),
               "--access-logfile",
               str(access_log or "/dev/null"), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=root, env=env)
    server = Server(process, port)
    _wait_ready(server)
    return server


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if Client(server.port).get("/search?q=nrm") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


# What a browser asks for: pages compressed (brotli, else gzip), as they go to
# every real visitor. The client never decompresses: it reads and counts bytes.
HEADERS = {"Accept-Encoding": "br, gzip"}


class Client:
    """One kept-alive connection; reconnects if the server closes it.

    A request the server dropped unanswered (the connection closed or reset)
    is sent once more on a new connection, as a browser does, and counted in
    ``retries`` with its time: a dropped request is a lost page that a count of
    errors alone would hide."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=START_TIMEOUT)
        self.retries: list[float] = []  # time.monotonic() of each

    def get(self, path: str) -> int:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers=HEADERS)
                response = self.conn.getresponse()
                response.read()
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
                self.retries.append(time.monotonic())
            except http.client.HTTPException:
                # A page cut short (IncompleteRead): lost, as in a browser; the
                # connection is unusable, so the next request opens another.
                self.conn.close()
                raise
        raise AssertionError("unreachable")


def page(q: str) -> str:
    return "/search?" + urlencode({"q": q})


@dataclass
class Load:
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    retries: int = 0  # requests the server dropped and the client sent again
    seconds: float = 0.0
    client_cpu_s: float = 0.0  # the load generator's own CPU time
    server_cpu_s: float | None = None  # gunicorn's, when the server was given

    @property
    def pages_per_second(self) -> float:
        return len(self.ms) / self.seconds if self.seconds else 0.0

    def cpu_ms(self) -> dict[str, float]:
        """CPU per page of the server and of the load generator, and the pages a
        second that all the machine's cores allow at that cost. Unlike pages a
        second, these hardly move when other work shares the machine."""
        pages = len(self.ms) or 1
        server = (self.server_cpu_s or 0.0) * 1000 / pages
        client = self.client_cpu_s * 1000 / pages
        cores = len(os.sched_getaffinity(0))
        return {"server_cpu_ms": server, "client_cpu_ms": client,
                "cpu_pages_per_s": cores * 1000 / (server + client)
                if server + client else 0.0}


def run_load(port: int, paths: list[str], clients: int,
             seconds: float | None = None, server: Server | None = None,
             connect: Callable[[int], Client] | None = None) -> Load:
    """Ask for each path in turn, spread over ``clients`` concurrent connections,
    until all are done or ``seconds`` have passed. With ``server``, its CPU time
    is measured too; the load generator's always is (this process's, which runs
    nothing else meanwhile)."""
    load, lock, queue = Load(), threading.Lock(), list(reversed(paths))
    deadline = time.monotonic() + seconds if seconds else float("inf")

    def work() -> None:
        client = (connect or Client)(port)
        while True:
            with lock:
                if not queue or time.monotonic() > deadline:
                    return
                path = queue.pop()
            started = time.perf_counter()
            try:
                ok = client.get(path) == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                load.ms.append(elapsed)
                load.errors += not ok
        with lock:
            load.retries += len(client.retries)

    server_before = server.cpu_seconds() if server else 0.0
    client_before = time.process_time()
    load.seconds = run_threads([work] * clients)
    load.client_cpu_s = time.process_time() - client_before
    if server:
        load.server_cpu_s = server.cpu_seconds() - server_before
    return load


def run_threads(targets: list) -> float:
    """Run each target in its own thread, all at once; seconds until all end."""
    threads = [threading.Thread(target=target) for target in targets]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def warm_up(port: int, paths: list[str]) -> None:
    """Reach every worker, so first-request costs (loading the library) are not
    timed: more concurrent requests than workers, several times over."""
    run_load(port, paths[:WARM_UP_CLIENTS * 4], WARM_UP_CLIENTS)
