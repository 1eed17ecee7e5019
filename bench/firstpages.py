"""First pages of every benchmark query, saved and compared: a speed change
must not change what a practitioner sees.

    python -m bench.firstpages save GUIDANCE INDEX before.json
    (change the engine)
    python -m bench.firstpages save GUIDANCE INDEX after.json
    python -m bench.firstpages compare before.json after.json

A page is the whole ``SearchPage`` of the default search (first page, facets,
snippets, hints), so a difference anywhere shows. ``--sort updated`` and
``--page 2`` check the other paths. Query text stays on this machine: it is
the benchmark's own list, not anyone's search. The search time limit is
lifted, so that a busy machine cannot cut a page short and show a difference
that is only the load.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from bench.queries import queries


def first_pages(guidance: Path, index: Path, page: int = 1,
                sort: str = "relevance") -> dict[str, dict]:
    from indexer.search import query
    from indexer.search.query import open_searcher_index, search

    query.SEARCH_TIME_LIMIT = 3600.0
    handle = open_searcher_index(index)
    return {q: dataclasses.asdict(search(handle, q, page=page, sort=sort))
            for q in queries(guidance)}


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """One line per query whose page differs, naming what differs."""
    found = []
    for q, old in before.items():
        new = after.get(q)
        if new is None:
            found.append(f"{q!r}: missing")
            continue
        parts = [key for key in old if old[key] != new.get(key)]
        if parts:
            ranked = ([r["doc_id"] for r in old["results"]],
                      [r["doc_id"] for r in new["results"]])
            found.append(f"{q!r}: {', '.join(parts)}"
                         + (f"\n    {ranked[0]}\n -> {ranked[1]}"
                            if ranked[0] != ranked[1] else ""))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="task", required=True)
    save = sub.add_parser("save")
    save.add_argument("guidance", type=Path)
    save.add_argument("index", type=Path)
    save.add_argument("out", type=Path)
    save.add_argument("--page", type=int, default=1)
    save.add_argument("--sort", default="relevance")
    compare = sub.add_parser("compare")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.task == "save":
        pages = first_pages(args.guidance, args.index, args.page, args.sort)
        args.out.write_text(json.dumps(pages), "utf-8")
        print(f"{len(pages)} pages saved")
        return
    before = json.loads(args.before.read_text("utf-8"))
    after = json.loads(args.after.read_text("utf-8"))
    found = differences(before, after)
    print("\n".join(found))
    print(f"{len(before) - len(found)} of {len(before)} pages identical")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
