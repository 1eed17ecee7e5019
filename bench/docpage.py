"""CPU of a document page on a warm worker: ``/doc/<id>`` over the real library.

    python -m bench.docpage [--requests 200] [--guidance guidance] [--highlight W]

Every document is asked for once to warm the worker, then ``--requests``
pages are asked for in turn through Flask's test client. Prints the CPU per
page of this process (``time.process_time``) and with the git commands it ran
(children's CPU from ``os.times``), and the load average, since timings drift
on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from kb.config import guidance_dir


def cpu_with_children() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(guidance: Path, requests: int, highlight: str = "") -> dict[str, float]:
    from web import create_app

    with tempfile.TemporaryDirectory() as index:
        app = create_app({"GUIDANCE_DIR": str(guidance), "INDEX_DIR": index,
                          "TESTING": True})
        client = app.test_client()
        with app.app_context():
            from web.stores import get_library
            ids = sorted(get_library().documents)
        for doc_id in ids:
            assert client.get(f"/doc/{doc_id}").status_code == 200
        asked = f"?highlight={highlight}" if highlight else ""
        paths = [f"/doc/{ids[n % len(ids)]}{asked}" for n in range(requests)]
        own, whole = time.process_time(), cpu_with_children()
        for path in paths:
            client.get(path)
        own, whole = time.process_time() - own, cpu_with_children() - whole
    return {"pages": requests, "documents": len(ids),
            "ms_cpu_per_page": 1000 * own / requests,
            "ms_cpu_per_page_with_git": 1000 * whole / requests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--guidance", type=Path, default=None)
    parser.add_argument("--highlight", default="",
                        help="a word to mark, as when arriving from results")
    args = parser.parse_args()
    found = measure(args.guidance or guidance_dir(), args.requests, args.highlight)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{found['pages']} pages over {found['documents']} documents: "
          f"{found['ms_cpu_per_page']:.2f} ms CPU a page in the worker, "
          f"{found['ms_cpu_per_page_with_git']:.2f} ms with the git commands it "
          f"ran (load average {load})")


if __name__ == "__main__":
    main()
