"""Where the time goes: profile searches or a build with pyinstrument.

    python -m bench.generate /tmp/lib --scale 10
    python -m bench.profile build /tmp/lib /tmp/index
    python -m bench.profile search /tmp/lib /tmp/index [--queries 100]
    python -m bench.profile page /tmp/lib /tmp/index

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
    from indexer.query import open_searcher_index, search

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


def profile_build(guidance: Path, index: Path, _count: int) -> Profiler:
    from indexer.build import build_index

    with Profiler(interval=0.001) as profiler:
        build_index(guidance, index, full=True)
    return profiler


def main() -> None:
    tasks = {"search": profile_search, "page": profile_page, "build": profile_build}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=sorted(tasks))
    parser.add_argument("guidance", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=120)
    args = parser.parse_args()
    profiler = tasks[args.task](args.guidance, args.index, args.queries)
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
