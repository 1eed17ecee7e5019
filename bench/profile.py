"""Where the time goes: profile searches or a build with pyinstrument.

    python -m bench.generate /tmp/lib --scale 10
    python -m bench.profile build /tmp/lib /tmp/index
    python -m bench.profile search /tmp/lib /tmp/index [--queries 100]
    python -m bench.profile page /tmp/lib /tmp/index
    python -m bench.profile stages /tmp/lib /tmp/index   # CPU per page, by stage

Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyinstrument import Profiler

from bench.queries import queries
from bench.server import page

WARM_UP = 20


def profile_search(guidance: Path, index: Path, count: int) -> Profiler:
    from indexer.search.query import open_searcher_index, search

    handle = open_searcher_index(index)
    asked = queries(guidance)
    for q in asked[:WARM_UP]:
        search(handle, q)
    with Profiler(interval=0.0005) as profiler:
        for q in asked[:count]:
            search(handle, q)
    return profiler


def profile_page(guidance: Path, index: Path, count: int) -> Profiler:
    from web import create_app

    client = create_app({"GUIDANCE_DIR": str(guidance), "INDEX_DIR": str(index),
                         "TESTING": True}).test_client()
    paths = [page(q) for q in queries(guidance)]
    for path in paths[:WARM_UP]:
        client.get(path)
    with Profiler(interval=0.0005) as profiler:
        for path in paths[:count]:
            client.get(path)
    return profiler


# (module, function): the stages of a search page, timed where they are called.
STAGES = [("indexer.search.query", "_forgiving"), ("indexer.search.query", "parse"),
          ("indexer.search.forgive", "correct"),
          ("indexer.search.engine", "attempt"), ("indexer.search.query", "snippets"),
          ("indexer.search.engine", "rank"), ("indexer.search.query", "best_bets"),
          ("web.search", "run_search"), ("web.search", "for_page"),
          ("web.search", "render_template")]


def stage_times(guidance: Path, index: Path, count: int) -> dict[str, float]:
    """Mean CPU milliseconds per search page in each stage, and in all: whole
    pages asked for through Flask's test client, compressed as browsers ask,
    each stage timed by wrapping the function where its caller looks it up."""
    import importlib
    import time

    from web import create_app

    spent: dict[str, float] = {}

    def timed(name: str, run):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return run(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
        return wrapper

    for module_name, function in STAGES:
        module = importlib.import_module(module_name)
        setattr(module, function, timed(function, getattr(module, function)))
    client = create_app({"GUIDANCE_DIR": str(guidance), "INDEX_DIR": str(index)}
                        ).test_client()
    paths = [page(q) for q in queries(guidance)][:count]
    headers = {"Accept-Encoding": "br, gzip"}
    for path in paths[:WARM_UP]:
        client.get(path, headers=headers)
    spent.clear()
    started = time.process_time()
    for path in paths:
        client.get(path, headers=headers)
    spent["whole page"] = time.process_time() - started
    return {name: seconds * 1000 / len(paths) for name, seconds in spent.items()}


def profile_build(guidance: Path, index: Path, _count: int) -> Profiler:
    from indexer.build.builder import build_index

    with Profiler(interval=0.001) as profiler:
        build_index(guidance, index, full=True)
    return profiler


def main() -> None:
    tasks = {"search": profile_search, "page": profile_page, "build": profile_build}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=sorted([*tasks, "stages"]))
    parser.add_argument("guidance", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=120)
    args = parser.parse_args()
    if args.task == "stages":
        found = stage_times(args.guidance, args.index, args.queries)
        for name, ms in sorted(found.items(), key=lambda item: -item[1]):
            print(f"{name:16} {ms:6.2f} ms CPU per page")
        return
    profiler = tasks[args.task](args.guidance, args.index, args.queries)
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
