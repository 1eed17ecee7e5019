"""``make bench``: measure builds, search and the site at 1x, 10x and 100x.

Each scale gets a generated library in a temporary folder. Builds, engine
queries and the FTS5 baseline run in child processes (so each memory peak is
the task's own); the site runs under gunicorn on loopback. The table is
printed and written to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import phone, report, server
from bench.generate import Generated, generate
from bench.queries import queries
from indexer.search.query import SEARCH_TIME_LIMIT
from kb.config import REPO_ROOT

SCALES = (1, 10, 100)
# Search pages timed one at a time at 100x (every query below that): the
# slowest part of the run, and 200 is the least the method allows.
PAGES_AT_100X = 200
LOAD_PASSES = 3  # the query list, three times over, from concurrent clients...
LOAD_SECONDS = 60  # ... or for this long, whichever ends first
EDITED = "practice-notes/making-an-nrm-referral-for-a-child.md"
EDIT = "\nThis sentence was added to measure a one-document update.\n"


def child(task: str, guidance: Path, index: Path, progress: bool = False) -> dict:
    """Run ``bench.child`` and return its JSON plus its peak memory in MB."""
    command = [sys.executable, "-m", "bench.child", task, str(guidance), str(index)]
    process = subprocess.Popen(command + ["--progress"] * progress, cwd=REPO_ROOT,
                               stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"bench.child {task} failed ({process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    result["cpu_s"] = usage.ru_utime + usage.ru_stime  # includes start-up
    return result


def edited_document(made: Generated) -> Path:
    """A real document: the kind of file an editor changes."""
    return made.root / EDITED


def percentiles(prefix: str, ms: list[float]) -> dict[str, float]:
    return {f"{prefix}_p{n}": report.percentile(ms, n / 100) for n in (50, 95, 99)}


def measure_builds(made: Generated, index: Path, progress: bool) -> dict:
    say("full build")
    full = child("full", made.root, index, progress)
    edited = made.root / EDITED
    edited.write_text(edited.read_text("utf-8") + EDIT, "utf-8")
    say(f"update after editing {edited.name}")
    edit = child("update", made.root, index)
    deleted = next(made.root.rglob(f"{made.synthetic_ids[-1]}.md"))
    deleted.unlink()
    say(f"update after deleting {deleted.name}")
    delete = child("update", made.root, index)
    return {"documents": full["documents"], "sections": full["sections"],
            "build_s": full["seconds"], "build_cpu_s": full["cpu_s"],
            "build_mb": full["peak_mb"],
            "edit_s": edit["seconds"], "delete_s": delete["seconds"]}


def measure_queries(made: Generated, index: Path) -> dict:
    say("engine queries")
    engine = child("engine", made.root, index)
    say("FTS5 baseline")
    fts5 = child("fts5", made.root, index)
    found = percentiles("engine", engine["ms"]) | percentiles("fts5", fts5["ms"])
    found |= percentiles("sample", engine["sample_ms"])
    found |= percentiles("exhaustive", engine["exhaustive_ms"])
    found["fts5_build_s"] = fts5["build_seconds"]
    for n in (50, 95):
        found[f"ratio_p{n}"] = found[f"engine_p{n}"] / found[f"fts5_p{n}"]
        found[f"speedup_p{n}"] = found[f"exhaustive_p{n}"] / found[f"sample_p{n}"]
    found["at_limit"] = sum(ms >= SEARCH_TIME_LIMIT * 1000 for ms in engine["ms"])
    found["mrr"] = engine["mrr"]
    return found


def measure_site(made: Generated, index: Path, asked: int | None) -> dict:
    """Pages one at a time (``asked`` of them; None: all), then under load."""
    say("starting gunicorn")
    site = server.start(made.root, index)
    try:
        paths = [server.page(q) for q in queries(made.root)]
        server.warm_up(site.port, paths)
        say(f"search pages: {len(paths[:asked])} one at a time")
        alone = server.run_load(site.port, paths[:asked], 1)
        say(f"search pages from {server.CLIENTS} clients for up to {LOAD_SECONDS} s")
        load = server.run_load(site.port, paths * LOAD_PASSES, server.CLIENTS,
                               LOAD_SECONDS, site)
        memory = site.worker_memory_mb()
    finally:
        site.stop()
    return (percentiles("page", alone.ms) | percentiles("load", load.ms)
            | load.cpu_ms()
            | {"pages_per_s": load.pages_per_second, "load_pages": len(load.ms),
               # A request dropped and sent again is lost: nothing is killed here.
               "errors": alone.errors + load.errors + alone.retries + load.retries,
               "worker_mb": max(m["peak"] for m in memory)})


def measure(scale: int, workdir: Path) -> dict:
    started, load = time.perf_counter(), os.getloadavg()[0]
    say(f"generating the {scale}x library")
    # At 1x one synthetic document is added, for the delete step to remove.
    made = generate(workdir / f"x{scale}" / "guidance", scale, extra=scale == 1)
    index = workdir / f"x{scale}" / "index"
    found = measure_builds(made, index, progress=scale >= 100)
    found |= measure_queries(made, index)
    found |= measure_site(made, index, PAGES_AT_100X if scale >= 100 else None)
    found["wall_s"] = time.perf_counter() - started
    found["load_start"], found["load_end"] = load, os.getloadavg()[0]
    print(json.dumps({"scale": scale} | found), flush=True)
    return found


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark builds and search.")
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--no-phone", action="store_true",
                        help="skip the phone visits in Chromium")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table without writing BENCHMARKS.md")
    args = parser.parse_args()
    info, started, results = report.machine(), time.perf_counter(), {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as workdir:
        for scale in args.scales:
            results[scale] = measure(scale, Path(workdir))
    if not args.no_phone:
        say("phone: home page and a later page in Chromium on slow 4G")
        results.setdefault(1, {}).update(phone.measure())
    total = time.perf_counter() - started
    print(report.table(results, server.CLIENTS))
    print()
    print(report.targets_table(results))
    print(f"\nmake bench took {total:.0f} s")
    if not args.no_write:
        report.write(results, info, server.CLIENTS, total)


if __name__ == "__main__":
    main()
