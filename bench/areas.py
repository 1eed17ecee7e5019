"""Areas at national size: 200 made-up areas of 30 local documents each (6,000
local documents) on top of the 100x library, built and searched side by side
with the same library without them.

Reports both full builds (seconds, and seconds per document: build time should
grow no faster than the number of documents) and search latency with an area,
without one, and on the library without areas, for the same queries. Checks as
it goes that a search with an area never returns another area's document.
Numbers are from Ofcom's drama range (01632 960000 to 960999).

    python -m bench.areas [--scale 100] [--areas 200] [--per-area 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from bench import report
from bench.generate import generate
from bench.queries import queries
from bench.run import child, say
from indexer.search.query import open_searcher_index, search

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
AREA = """name: Made-up Area {n}
nation: {nation}
kind: safeguarding-partnership
covers: [Made-up Borough {n}]
contacts:
  front_door:
    name: Front door {n}
    phone: "01632 {front}"
    url: https://example.org/area-{n}/front-door
    source: https://example.org/area-{n}/front-door
    checked: 2026-11-01
  out_of_hours:
    name: Out-of-hours team {n}
    phone: "01632 {night}"
    url: https://example.org/area-{n}/out-of-hours
    source: https://example.org/area-{n}/out-of-hours
    checked: 2026-11-01
"""
NATIONS = ("england", "wales", "scotland", "northern-ireland")
QUERIES = 200


def add_areas(root: Path, sources: list[Path], areas: int, per_area: int,
              seed: int = 5) -> list[str]:
    """Write ``areas`` areas under ``root``/areas, each with ``per_area`` local
    documents copied from ``sources`` (links dropped: their paths would break)."""
    rng = random.Random(seed)
    ids = []
    for n in range(areas):
        area_id = f"area-{n:03d}"
        folder = root / "areas" / area_id
        folder.mkdir(parents=True)
        (folder / "area.yml").write_text(AREA.format(
            n=n, nation=NATIONS[n % 4], front=960000 + 2 * n, night=960001 + 2 * n))
        for k in range(per_area):
            text = rng.choice(sources).read_text("utf-8")
            doc_id = f"{area_id}-doc-{k:02d}"
            text = re.sub(r"^id: .*$", f"id: {doc_id}\narea: {area_id}", text,
                          count=1, flags=re.M)
            (folder / f"{doc_id}.md").write_text(LINK.sub(r"\1", text), "utf-8")
        ids.append(area_id)
    return ids


def timed_searches(index: Path, asked: list[str], area_ids: list[str] | None,
                   seed: int = 3) -> tuple[list[float], int, int]:
    """Milliseconds per search; with ``area_ids``, each with a random area; the
    count of results from the chosen area, and from another (must be 0)."""
    rng, ms, foreign, own = random.Random(seed), [], 0, 0
    with open_searcher_index(index) as handle:
        for q in asked[:5]:
            search(handle, q)  # warm up
        for q in asked:
            area = rng.choice(area_ids) if area_ids else None
            started = time.perf_counter()
            page = search(handle, q, filters={"area": [area]} if area else None)
            ms.append((time.perf_counter() - started) * 1000)
            local = [r.doc_id for r in page.results if r.doc_id.startswith("area-")]
            own += sum(1 for d in local if d.startswith(f"{area}-doc-"))
            foreign += sum(1 for d in local if not d.startswith(f"{area}-doc-"))
    return ms, foreign, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--per-area", type=int, default=30)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-areas-"))
    load_start = os.getloadavg()[0]
    say(f"generating the {args.scale:g}x library")
    plain = generate(work / "plain" / "guidance", args.scale)
    local = work / "areas" / "guidance"
    shutil.copytree(plain.root, local)
    sources = sorted((local / "synthetic").rglob("*.md")) or sorted(
        p for p in local.rglob("*.md") if p.name != "README.md")
    say(f"adding {args.areas} areas of {args.per_area} local documents")
    area_ids = add_areas(local, sources, args.areas, args.per_area)
    found: dict = {"scale": args.scale, "area_count": args.areas,
                   "per_area": args.per_area}
    for name, root in (("plain", plain.root), ("areas", local)):
        say(f"full build: {name}")
        built = child("full", root, work / name / "index")
        found[f"build_{name}"] = {
            "documents": built["documents"], "sections": built["sections"],
            "build_s": round(built["seconds"], 2),
            "s_per_1000_docs": round(1000 * built["seconds"] / built["documents"], 3),
            "build_mb": round(built["peak_mb"], 1)}
    asked = queries(plain.root)[:QUERIES]
    for name, index, areas in (("plain", work / "plain" / "index", None),
                               ("areas_without_area", work / "areas" / "index", None),
                               ("areas_with_area", work / "areas" / "index", area_ids)):
        say(f"searches: {name}")
        ms, foreign, own = timed_searches(index, asked, areas)
        found[f"search_{name}"] = {
            f"p{n}_ms": round(report.percentile(ms, n / 100), 2) for n in (50, 95)}
        found[f"search_{name}"].update(own_area_results=own,
                                       other_areas_results=foreign)
    plain_built, area_built = found["build_plain"], found["build_areas"]
    found["build_ratio"] = round(area_built["build_s"] / plain_built["build_s"], 2)
    found["documents_ratio"] = round(area_built["documents"]
                                     / plain_built["documents"], 2)
    found["load"] = [round(load_start, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(found, indent=2))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
