"""Do two indexes of one library answer alike? The first page of every query.

    python -m bench.sameindex GUIDANCE INDEX_A INDEX_B [--pages 2]

Both index folders are searched by this source tree's engine with the
benchmark queries (``bench/queries.py``: the relevance set first). A page is
the same when its total, facet counts, hints, best bets and every result
(document, sections, snippets) are equal. Used to check that a change to how
the index is written leaves what searchers see as it was: for instance an
index built by the previous commit (``git archive`` it, then run its
``bench.child full``) against one built by this one.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from bench.queries import queries
from indexer.search.query import open_searcher_index, search


def page_of(handle, q: str, page: int) -> dict:
    found = dataclasses.asdict(search(handle, q, page=page))
    found.pop("pages", None)  # follows from the total
    return found


def differences(guidance: Path, first: Path, second: Path,
                pages: int = 1) -> tuple[int, list[str]]:
    """(pages compared, queries whose pages differ)."""
    asked = queries(guidance)
    with open_searcher_index(first) as a, open_searcher_index(second) as b:
        differ = [q for q in asked for page in range(1, pages + 1)
                  if page_of(a, q, page) != page_of(b, q, page)]
    return len(asked) * pages, sorted(set(differ))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guidance", type=Path)
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--pages", type=int, default=1)
    args = parser.parse_args()
    compared, differ = differences(args.guidance, args.first, args.second, args.pages)
    print(f"{compared} pages compared, {len(differ)} queries differ")
    for q in differ:
        print(f"  differs: {q}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
