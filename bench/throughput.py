"""Search pages a second on the real library, and the CPU each page costs.

    python -m bench.throughput                      # this tree, 3 rounds of 20 s
    python -m bench.throughput --workers 2 3 5      # worker counts side by side
    python -m bench.throughput --compare OTHER_TREE # another checkout, alternating

gunicorn serves the real library with the production settings
(``deploy/gunicorn.conf.py``) on loopback; after a warm-up, ``CLIENTS``
connections ask for the benchmark queries' result pages (``bench.server``'s
client: compressed pages, as a browser asks) for a fixed time. Each round
reports pages a second, latency, the server's CPU per page (master and workers,
from ``/proc``) and the load generator's own CPU per page. Variants run in
turns, round after round, so each meets the same load from other work on the
machine; the CPU per page moves much less with that load than pages a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import server
from bench.queries import queries
from bench.report import percentile
from kb.config import REPO_ROOT, guidance_dir

CLIENTS = 4


def build(tree: Path, guidance: Path, index: Path) -> None:
    """A full index made by ``tree``'s own code (its format may differ)."""
    subprocess.run([sys.executable, "-m", "bench.child", "full", str(guidance),
                    str(index)], cwd=tree, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PYTHONPATH=str(tree)))


def measure(tree: Path, guidance: Path, index: Path, workers: int | None,
            seconds: float, clients: int) -> dict[str, float]:
    site = server.start(guidance, index, root=tree, workers=workers)
    try:
        paths = [server.page(q) for q in queries(guidance)]
        server.warm_up(site.port, paths)
        load = server.run_load(site.port, paths * 100, clients, seconds, site)
    finally:
        site.stop()
    return {"pages_per_s": load.pages_per_second, "p50": percentile(load.ms, 0.5),
            "p95": percentile(load.ms, 0.95), "errors": load.errors,
            "retries": load.retries,
            "load": os.getloadavg()[0]} | load.cpu_ms()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--workers", type=int, nargs="+", default=[0],
                        help="worker counts to compare (0: as in production)")
    parser.add_argument("--compare", type=Path, nargs="*", default=[],
                        help="other source trees to measure in turn with this one")
    args = parser.parse_args(argv)
    guidance = guidance_dir()
    trees = [REPO_ROOT, *[t.resolve() for t in args.compare]]
    variants = [(t, w) for t in trees for w in args.workers]
    found: dict[tuple[Path, int], list[dict]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(prefix="kb-throughput-") as folder:
        indexes = {t: Path(folder) / f"index-{i}" for i, t in enumerate(trees)}
        for tree, index in indexes.items():
            build(tree, guidance, index)
        for round_ in range(1, args.rounds + 1):
            for tree, workers in variants:
                row = measure(tree, guidance, indexes[tree], workers or None,
                              args.seconds, args.clients)
                found[(tree, workers)].append(row)
                print(f"round {round_} {_name(tree, workers)}: " + _line(row),
                      flush=True)
    print("\nMedians of the rounds:")
    for (tree, workers), rows in found.items():
        medians = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"  {_name(tree, workers)}: " + _line(medians))
    # Nothing is killed here: a dropped request sent again is a lost one.
    return 1 if any(r["errors"] or r["retries"] for rows in found.values()
                    for r in rows) else 0


def _name(tree: Path, workers: int) -> str:
    return f"{tree.name} ({workers or 'production'} workers)"


def _line(row: dict[str, float]) -> str:
    return (f"{row['pages_per_s']:.1f} pages/s, p50 {row['p50']:.1f} ms, "
            f"p95 {row['p95']:.1f} ms; server CPU {row['server_cpu_ms']:.2f} ms/page, "
            f"load generator {row['client_cpu_ms']:.2f} ms/page, cores allow "
            f"{row['cpu_pages_per_s']:.0f} pages/s; errors {row['errors']:.0f}, "
            f"dropped and retried {row['retries']:.0f}; "
            f"load average {row['load']:.1f}")


if __name__ == "__main__":
    sys.exit(main())
