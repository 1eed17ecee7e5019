"""One measured task, run in its own process so its memory peak is its own.

``python -m bench.child TASK GUIDANCE INDEX [--progress]`` prints one line of
JSON. Tasks: ``full`` and ``update`` (index builds), ``engine`` (query latency
of the search function) and ``fts5`` (the SQLite baseline's build and latency).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.queries import queries
from bench.relevance import DEFAULT_QUERIES, evaluate, load_cases
from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from kb.library import load_library
from kbcli.main import ProgressBar
from tests.indexer.oracle import reference_search

WARM_UP = 20  # queries run before timing: imports, caches, first disk reads
# Queries also run through the exhaustive reference path, alternating with the
# fast one so both meet the same machine load: the side-by-side ratio.
EXHAUSTIVE_SAMPLE = 60


def build(guidance: Path, index: Path, full: bool, progress: bool) -> dict:
    started = time.perf_counter()
    summary = build_index(guidance, index, full=full,
                          progress=ProgressBar() if progress else None)
    return {"seconds": time.perf_counter() - started, "documents": summary.documents,
            "sections": summary.sections, "changed": summary.changed}


def timed(run, asked: list[str], warm_up: int = WARM_UP) -> list[float]:
    """Milliseconds per query, after a warm-up."""
    for q in asked[:warm_up]:
        run(q)
    times = []
    for q in asked:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    return times


def engine(guidance: Path, index: Path) -> dict:
    """Latency of every query, the two paths side by side on a sample, and the
    relevance set's MRR on this library."""
    handle = open_searcher_index(index)
    asked = queries(guidance)
    ms = timed(lambda q: search(handle, q), asked)
    fast, slow = [], []
    for q in asked[:EXHAUSTIVE_SAMPLE]:
        fast += timed(lambda q: search(handle, q), [q], warm_up=0)
        slow += timed(lambda q: reference_search(handle, q), [q], warm_up=0)
    report = evaluate(handle, load_cases(DEFAULT_QUERIES))
    return {"ms": ms, "sample_ms": fast, "exhaustive_ms": slow, "mrr": report.mrr}


def fts5(guidance: Path, index: Path) -> dict:
    from bench import fts5 as baseline

    library, _ = load_library(guidance)
    path = index.parent / "fts5.sqlite"
    seconds = baseline.build(library, path)
    db = baseline.Baseline(path)
    try:
        return {"build_seconds": seconds, "ms": timed(db.search, queries(guidance))}
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["full", "update", "engine", "fts5"])
    parser.add_argument("guidance", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args()
    if args.task in ("full", "update"):
        result = build(args.guidance, args.index, args.task == "full", args.progress)
    else:
        result = {"engine": engine, "fts5": fts5}[args.task](args.guidance, args.index)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
