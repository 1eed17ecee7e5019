"""The results table, the targets, and BENCHMARKS.md.

BENCHMARKS.md keeps whatever is written outside the generated block (the
analysis of each miss), so a fresh run replaces only the figures.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.config import REPO_ROOT

BENCHMARKS = REPO_ROOT / "BENCHMARKS.md"
START, END = "<!-- results: start -->", "<!-- results: end -->"

# (label, key, format): the rows of the table, one column per scale.
ROWS = [
    ("Documents", "documents", "{:,.0f}"),
    ("Sections", "sections", "{:,.0f}"),
    ("Full build (s)", "build_s", "{:.2f}"),
    ("Full build CPU time, with start-up (s)", "build_cpu_s", "{:.2f}"),
    ("Full build peak memory (MB)", "build_mb", "{:.0f}"),
    ("Update after editing one document (s)", "edit_s", "{:.2f}"),
    ("Update after deleting one document (s)", "delete_s", "{:.2f}"),
    ("Engine query p50 (ms)", "engine_p50", "{:.1f}"),
    ("Engine query p95 (ms)", "engine_p95", "{:.1f}"),
    ("Engine query p99 (ms)", "engine_p99", "{:.1f}"),
    ("FTS5 build (s)", "fts5_build_s", "{:.2f}"),
    ("FTS5 query p50 (ms)", "fts5_p50", "{:.2f}"),
    ("FTS5 query p95 (ms)", "fts5_p95", "{:.2f}"),
    ("FTS5 query p99 (ms)", "fts5_p99", "{:.2f}"),
    ("Engine / FTS5 at p50", "ratio_p50", "{:.1f}x"),
    ("Engine / FTS5 at p95", "ratio_p95", "{:.1f}x"),
    ("Engine queries that reached the 0.5 s limit", "at_limit", "{:.0f}"),
    ("Sample of 60 queries, engine p50 (ms)", "sample_p50", "{:.1f}"),
    ("Same queries scoring every match, p50 (ms)", "exhaustive_p50", "{:.1f}"),
    ("Same queries scoring every match, p95 (ms)", "exhaustive_p95", "{:.1f}"),
    ("Scoring every match / engine at p50", "speedup_p50", "{:.1f}x"),
    ("Scoring every match / engine at p95", "speedup_p95", "{:.1f}x"),
    ("Relevance set MRR", "mrr", "{:.3f}"),
    ("Search page p50, one client (ms)", "page_p50", "{:.1f}"),
    ("Search page p95, one client (ms)", "page_p95", "{:.1f}"),
    ("Search page p99, one client (ms)", "page_p99", "{:.1f}"),
    ("Search page p50, {clients} clients (ms)", "load_p50", "{:.1f}"),
    ("Search page p95, {clients} clients (ms)", "load_p95", "{:.1f}"),
    ("Throughput (pages/s)", "pages_per_s", "{:.0f}"),
    ("Server CPU per search page under load (ms)", "server_cpu_ms", "{:.1f}"),
    ("Load generator CPU per search page (ms)", "client_cpu_ms", "{:.2f}"),
    ("Pages/s the cores allow at that CPU (server + load generator)",
     "cpu_pages_per_s", "{:.0f}"),
    ("Pages served under load", "load_pages", "{:,.0f}"),
    ("Errors", "errors", "{:.0f}"),
    ("Peak memory per worker (MB)", "worker_mb", "{:.0f}"),
    ("Scale run time (s)", "wall_s", "{:.0f}"),
    ("Load average (1 min) at the scale's start", "load_start", "{:.1f}"),
    ("Load average (1 min) at the scale's end", "load_end", "{:.1f}"),
    ("Phone, slow 4G: home page first visit (KB received)", "phone_first_kb", "{:.1f}"),
    ("Phone, slow 4G: home page first visit, requests", "phone_first_requests",
     "{:.0f}"),
    ("Phone, slow 4G: home page first visit, load (ms)", "phone_first_ms", "{:.0f}"),
    ("Phone, slow 4G: a later page (KB received)", "phone_later_kb", "{:.1f}"),
    ("Phone, slow 4G: a later page, requests", "phone_later_requests", "{:.0f}"),
    ("Phone, slow 4G: a later page, load (ms)", "phone_later_ms", "{:.0f}"),
    ("Phone, slow 4G: home page again, requests", "phone_home_again_requests",
     "{:.0f}"),
    ("Phone, slow 4G: home page again, load (ms)", "phone_home_again_ms", "{:.0f}"),
]


@dataclass(frozen=True)
class Target:
    scale: int
    label: str
    key: str
    limit: float
    at_most: bool = True

    def met(self, value: float) -> bool:
        return value <= self.limit if self.at_most else value >= self.limit

    def text(self) -> str:
        return f"{self.label} {'<=' if self.at_most else '>='} {self.limit:g}"


TARGETS = [
    Target(1, "Search page p50 (ms)", "page_p50", 15),
    Target(1, "Search page p95 (ms)", "page_p95", 40),
    Target(1, "Full build (s)", "build_s", 5),
    Target(1, "One-document update (s)", "edit_s", 0.5),
    Target(1, "Throughput (pages/s)", "pages_per_s", 150, at_most=False),
    Target(1, "Errors under load", "errors", 0),
    Target(1, "Phone: home page first visit (KB)", "phone_first_kb", 70),
    Target(1, "Phone: requests for a later page", "phone_later_requests", 1),
    Target(100, "Search page p50 (ms)", "page_p50", 60),
    Target(100, "Search page p95 (ms)", "page_p95", 150),
    Target(100, "Full build (s)", "build_s", 120),
    Target(100, "One-document update (s)", "edit_s", 1),
    Target(100, "Peak memory per worker (MB)", "worker_mb", 200),
    Target(100, "Engine / FTS5 at p50", "ratio_p50", 3),
    Target(100, "Engine queries at the time limit", "at_limit", 0),
    Target(100, "Relevance set MRR", "mrr", 0.85, at_most=False),
]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in
                  Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {"CPU": cpu, "Cores": str(os.cpu_count()),
            "RAM": f"{int(memory) / 1024 / 1024:.1f} GB",
            "Python": platform.python_version(),
            "System": f"{platform.system()} {platform.release()}",
            "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "Commit": _commit(),
            "Load average at start": " ".join(f"{n:.1f}" for n in os.getloadavg())}


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True,
                              text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def table(results: dict[int, dict], clients: int) -> str:
    scales = sorted(results)
    lines = ["| Measure | " + " | ".join(f"{s}x" for s in scales) + " |",
             "|---|" + "---:|" * len(scales)]
    for label, key, form in ROWS:
        cells = [_cell(results[s].get(key), form) for s in scales]
        lines.append(f"| {label.format(clients=clients)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value: float | None, form: str) -> str:
    return "-" if value is None else form.format(value)


def targets(results: dict[int, dict]) -> list[tuple[Target, float | None, str]]:
    checked = []
    for target in TARGETS:
        value = results.get(target.scale, {}).get(target.key)
        verdict = "not run" if value is None else (
            "met" if target.met(value) else "MISSED")
        checked.append((target, value, verdict))
    return checked


def targets_table(results: dict[int, dict]) -> str:
    lines = ["| Library | Target | Measured | Result |", "|---|---|---:|---|"]
    for target, value, verdict in targets(results):
        shown = "-" if value is None else f"{value:,.2f}"
        lines.append(f"| {target.scale}x | {target.text()} | {shown} | {verdict} |")
    return "\n".join(lines)


def markdown(results: dict[int, dict], info: dict[str, str], clients: int,
             total_s: float) -> str:
    facts = "\n".join(f"- {name}: {value}" for name, value in info.items())
    return (f"{START}\n## Latest run\n\n{facts}\n"
            f"- `make bench` took {total_s:.0f} s\n\n"
            f"### Figures\n\n{table(results, clients)}\n\n"
            f"### Targets (2-core machine)\n\n{targets_table(results)}\n{END}")


def write(results: dict[int, dict], info: dict[str, str], clients: int,
          total_s: float, path: Path = BENCHMARKS,
          intro: Callable[[], str] = lambda: "# Benchmarks\n") -> None:
    block = markdown(results, info, clients, total_s)
    text = path.read_text("utf-8") if path.exists() else f"{intro()}\n{START}\n{END}\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")
