"""Check that a change to the search page's speed changes nothing it shows.

    python -m bench.samepages save before.json    # on the commit before
    python -m bench.samepages compare before.json # on the changed code

Builds a throw-away index of the real library, then asks the site (Flask's
test client, in this process) for every benchmark query's results page, its
second page, a filtered and a sorted page, and its ``/api/search`` JSON. ``save``
writes each response body to a JSON file; ``compare`` asks again and lists
every page whose body differs, with the first lines that differ. The file
holds query text from the benchmark set only, never a user's.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench.queries import queries
from indexer.build.builder import build_index
from kb.config import guidance_dir


def paths(guidance: Path) -> list[str]:
    """Every page compared: four kinds of results page and the API, per query."""
    found = []
    for q in queries(guidance):
        found += [f"/search?{urlencode({'q': q})}",
                  f"/search?{urlencode({'q': q, 'page': 2})}",
                  f"/search?{urlencode({'q': q, 'audience': 'police'})}",
                  f"/search?{urlencode({'q': q, 'sort': 'updated'})}",
                  f"/api/search?{urlencode({'q': q})}"]
    return found


def fetch(guidance: Path) -> dict[str, str]:
    """Each path's status and body, from a fresh index of ``guidance``."""
    from web import create_app

    with tempfile.TemporaryDirectory(prefix="kb-samepages-") as folder:
        index = Path(folder) / "index"
        build_index(guidance, index, full=True)
        app = create_app({"GUIDANCE_DIR": str(guidance), "INDEX_DIR": str(index)})
        client = app.test_client()
        pages = {}
        for path in paths(guidance):
            response = client.get(path)
            pages[path] = f"{response.status_code}\n{response.get_data(as_text=True)}"
        return pages


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """A short report of each page that differs, or is missing on one side."""
    found = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        if old is None or new is None:
            found.append(f"{path}: only {'after' if old is None else 'before'}")
            continue
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="",
                                    n=0)
        found.append(f"{path}:\n  " + "\n  ".join(list(diff)[2:8]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    pages = fetch(guidance_dir())
    if args.action == "save":
        args.file.write_text(json.dumps(pages), "utf-8")
        print(f"{len(pages)} pages saved to {args.file}")
        return 0
    diffs = differences(json.loads(args.file.read_text("utf-8")), pages)
    print("\n".join(diffs[:20]))
    print(f"{len(pages)} pages compared: {len(diffs)} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
