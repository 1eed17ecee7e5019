"""What ``make load`` does to the server while its clients use it, as a live site
meets it: workers killed, the index swapped, hostile requests mixed in.

One thread makes every event at a fixed share of the run, one at a time, so no
hostile request is in flight when a worker is killed. A killed sync worker loses
the one request it was serving; the client sends it again and counts a retry
(``bench.server.Client``). The load test lets a retry pass only when it follows
one of these kills within KILL_WINDOW seconds, one retry for each kill at most:
any other retry is a lost request, and fails the run as an error does.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

KILLS = (0.2, 0.45, 0.7)  # shares of the run at which a worker is killed
SWAPS = (0.25, 0.5)  # ...at which a full rebuild swaps a new index in
HOSTILE_FROM, HOSTILE_TO = 0.1, 0.9  # hostile requests spread over this part
KILL_WINDOW = 5.0  # seconds after a kill in which a dropped request is its doing
# Seconds a hostile request may take: it waits in line behind every client's.
HOSTILE_TIMEOUT = 60.0
BUILD_TIMEOUT = 600.0  # seconds a rebuild may take on a busy machine
KB = Path(sys.executable).with_name("kb")


@dataclass(frozen=True)
class Hostile:
    """One attack from issue 27 (``item``), sent as raw bytes, and the answer it
    must get: one of ``statuses``, with ``header`` ("Name: part of value")."""

    item: int
    name: str
    request: bytes
    statuses: tuple[int, ...]
    header: str = ""


def _get(target: str, host: str = "127.0.0.1", method: str = "GET") -> bytes:
    return (f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n").encode("latin-1")


def hostile_requests(doc_id: str, anchor: str) -> list[Hostile]:
    """One request of each kind the hardening tests cover, for a live server."""
    csp = "Content-Security-Policy: default-src"
    return [
        Hostile(1, "a git regex revision in a version address",
                _get(f"/doc/{doc_id}/at/%3A/.%7B99%7D%7B99%7D%7B99%7D%7B99%7D"),
                (404,), csp),
        Hostile(6, "url_for arguments in a citation address",
                _get(f"/doc/{doc_id}/cite/{anchor}?doc_id=x&_external=1"), (200, 301)),
        Hostile(7, "a page number of 4,301 digits",
                _get("/api/search?q=nrm&page=" + "1" * 4301), (400,), csp),
        Hostile(10, "a Host the site does not answer to",
                _get("/api/search?q=nrm", host="evil.example"), (400,), csp),
        Hostile(10, "a Host label over 63 characters",
                _get("/changes.atom", host="a" * 64 + ".localhost"), (400,), csp),
        Hostile(11, "a POST to a static file", _get("/static/favicon.svg",
                                                    method="POST"), (405,), csp),
        Hostile(11, "an address over 8,190 bytes", _get("/search?q=" + "x" * 9000),
                (414,)),
        Hostile(13, "typed words in the offline search address",
                _get("/offline/search?q=" + quote("Amara Okafor")), (200,),
                "Cache-Control: no-store"),
        Hostile(14, "a malformed request line", b"GET Amara Okafor\r\n\r\n", (400,)),
        Hostile(8, "a search of one word 100 times",
                _get("/search?q=" + "+".join(["child"] * 100)), (200,), csp),
    ]


def send(port: int, request: bytes) -> tuple[int, dict[str, str], float]:
    """Status, headers and seconds of the answer to ``request``, sent as it is."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=HOSTILE_TIMEOUT) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    status = int(head[0].split()[1]) if len(head[0].split()) > 1 else 0
    return status, headers, time.perf_counter() - started


def problem(hostile: Hostile, status: int, headers: dict[str, str]) -> str | None:
    """Why the answer to ``hostile`` is wrong, or None."""
    if status not in hostile.statuses:
        return f"answered {status}, expected {' or '.join(map(str, hostile.statuses))}"
    name, _, part = hostile.header.partition(": ")
    if name and part not in headers.get(name, ""):
        return f"answered {status} without {hostile.header}"
    return None


def workers(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()]


def generation(port: int) -> int | None:
    """The index generation /healthz reports (None when it reports none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(_get("/healthz"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    body = answer.split(b"\r\n\r\n", 1)[1]
    return json.loads(body).get("index", {}).get("generation")


@dataclass
class Disruptions:
    """The events of one run, and what each found."""

    port: int
    master: int
    guidance: Path
    index_dir: Path
    hostile: list[Hostile]
    seconds: float
    kills: list[float] = field(default_factory=list)  # monotonic times
    swaps: list[int] = field(default_factory=list)  # return codes of kb index
    swap_errors: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # one line per hostile request
    failures: list[str] = field(default_factory=list)
    generations: tuple[int | None, int | None] = (None, None)
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Every event at its time; then wait for the rebuilds to finish, and
        set ``done``: clients keep asking until then, so every swap happens
        under load. The rebuilds run one after another in their own thread."""
        try:
            self._run()
        except Exception as exc:  # the run must fail, not end quietly
            self.failures.append(f"the disruptions stopped: {exc!r}")
            raise
        finally:
            self.done.set()

    def _run(self) -> None:
        started = time.monotonic()
        self.generations = (generation(self.port), None)
        builder = threading.Thread(target=self._swaps, args=(started,))
        builder.start()
        for share, hostile in self._schedule():
            time.sleep(max(0.0, started + share * self.seconds - time.monotonic()))
            if hostile is None:
                self._kill()
            else:
                self._hostile(hostile)
        builder.join()
        self._check_generation()

    def _schedule(self) -> list[tuple[float, Hostile | None]]:
        """(share of the run, hostile request or None for a kill), in order."""
        step = (HOSTILE_TO - HOSTILE_FROM) / max(1, len(self.hostile) - 1)
        events: list[tuple[float, Hostile | None]] = [
            (HOSTILE_FROM + i * step, h) for i, h in enumerate(self.hostile)]
        events += [(share, None) for share in KILLS]
        return sorted(events, key=lambda e: e[0])

    def _swaps(self, started: float) -> None:
        for share in SWAPS:
            time.sleep(max(0.0, started + share * self.seconds - time.monotonic()))
            self._swap()

    def _kill(self) -> None:
        """SIGKILL one worker (a worker being replaced may be gone already:
        then another, for up to 30 seconds)."""
        choose = random.Random(len(self.kills))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            at = time.monotonic()  # before the kill: a client may notice at once
            try:
                os.kill(choose.choice(workers(self.master)), signal.SIGKILL)
            except (IndexError, ProcessLookupError):
                time.sleep(0.1)
                continue
            self.kills.append(at)
            return
        raise RuntimeError("no gunicorn worker to kill for 30 seconds")

    def _swap(self) -> None:
        done = subprocess.run([str(KB), "index", "--full", "--guidance",
                               str(self.guidance), "--index-dir", str(self.index_dir)],
                              capture_output=True, text=True, check=False,
                              timeout=BUILD_TIMEOUT)
        self.swaps.append(done.returncode)
        if done.returncode:
            self.swap_errors.append(done.stderr.strip()[-500:])

    def _hostile(self, hostile: Hostile) -> None:
        try:
            status, headers, seconds = send(self.port, hostile.request)
            wrong = problem(hostile, status, headers)
        except OSError as exc:
            status, seconds, wrong = 0, HOSTILE_TIMEOUT, f"{type(exc).__name__}"
        self.answers.append(f"item {hostile.item:>2}: {hostile.name}: {status} "
                            f"in {seconds * 1000:.0f} ms")
        if wrong:
            self.failures.append(f"item {hostile.item}: {hostile.name}: {wrong}")

    def _check_generation(self) -> None:
        """Every worker serves the last index: as many polls as it takes to
        reach each worker, all naming the generation the swaps made."""
        before = self.generations[0]
        seen = {generation(self.port) for _ in range(3 * len(workers(self.master)))}
        after = max((g for g in seen if g is not None), default=None)
        self.generations = (before, after)
        if len(seen) != 1 or before is None or after != before + len(SWAPS):
            self.failures.append(f"index generations after {len(SWAPS)} swaps: "
                                 f"{before} then {sorted(seen, key=str)}")
        if any(self.swaps):
            self.failures.append("kb index failed: " + " | ".join(self.swap_errors))

    def explain(self, retries: list[float]) -> list[float]:
        """The retries no kill explains: each kill may explain one retry that
        came within KILL_WINDOW seconds after it."""
        unused = sorted(self.kills)
        hidden = []
        for at in sorted(retries):
            kill = next((k for k in unused if k <= at <= k + KILL_WINDOW), None)
            if kill is None:
                hidden.append(at)
            else:
                unused.remove(kill)
        return hidden

    def summary(self) -> list[str]:
        before, after = self.generations
        lines = [f"  workers killed {len(self.kills)}",
                 f"  index swaps   {len(self.swaps)} (generation {before} -> {after})",
                 f"  hostile       {len(self.answers)} requests, "
                 f"{len(self.answers) - len(self.failures_of_hostile())} as expected"]
        lines += [f"    {answer}" for answer in self.answers]
        lines += [f"  FAILED: {failure}" for failure in self.failures]
        return lines

    def failures_of_hostile(self) -> list[str]:
        return [f for f in self.failures if f.startswith("item ")]
